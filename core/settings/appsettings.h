// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/desk.h"
#include "execution/exitmanager.h"
#include "risk/riskconfig.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <cstdint>

struct EngineOptions;

/// The operator's settings, read from a JSON file. Any key that is missing,
/// of the wrong type or out of range keeps its default, and each such key
/// adds a warning that the app shows and logs.
struct AppSettings
{
    Decimal startingCash = Decimal::fromInt(100'000);
    int sessionIntervalMs = 2000; ///< demo clock: one session every 2 s
    int ticksPerSession = 8;
    std::uint64_t seed = 20260101;
    int proposalTtlSessions = 5;
    int proposalMinWaitSeconds = 60; ///< wall-clock time a trader always has to decide
    RiskConfig risk;
    ExitConfig exits;              ///< set from the engine's defaults in the constructor
    DeskConfig desk;               ///< the "desk" section: ticket expiry and drift, the rubber-stamp guard, notifications
    bool autoTightenStops = true;  ///< breakeven and trailing moves apply without asking
    /// "sim" (the demo's simulated venue) or "alpaca". Keys never live here:
    /// they come from the keychain or the environment.
    QString broker = QStringLiteral("sim");
    bool live = false;             ///< Alpaca live trading (also needs the live URL and a typed confirmation)
    QStringList universe;          ///< Alpaca: the symbols traded (empty: the demo's universe)
    QString database;              ///< the record: a file's path or a postgresql:// URL (empty: the default file; --db wins)
    QString tradingUrl;            ///< empty: APCA_API_BASE_URL or paper
    QString dataUrl;               ///< empty: APCA_API_DATA_URL or data.alpaca.markets
    QString dataStreamUrl;         ///< empty: APCA_API_DATA_STREAM_URL or stream.data.alpaca.markets
    QString feed = QStringLiteral("iex");
    /// The language model: provider none|openai|groq|anthropic|ollama, its URL and model
    /// (empty: the provider's defaults). Keys never live here either.
    QString modelProvider = QStringLiteral("none");
    QString modelUrl;
    QString modelName;
    QStringList warnings;
    QString canonical = QStringLiteral("{}"); ///< the file's settings as one compact JSON text (journaled when they change)

    AppSettings();

    static AppSettings fromJson(const QByteArray &json);
    /// Reads `path`. A missing file gives the defaults: silently for the default
    /// location, with a warning when the file was named (`named`).
    static AppSettings load(const QString &path, bool named = false);
    /// The engine's options from these settings, recording to `dbPath`.
    EngineOptions engineOptions(const QString &dbPath) const;
    /// The default location: <config folder>/settings.json.
    static QString defaultPath();
};
