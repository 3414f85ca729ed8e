// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

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
    bool autoTightenStops = true;  ///< breakeven and trailing moves apply without asking
    QStringList warnings;

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
