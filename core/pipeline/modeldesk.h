// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/modelclient.h"
#include "model/narrative.h"
#include "pipeline.h"
#include "util/result.h"

#include <QDate>
#include <QHash>
#include <QObject>

#include <deque>
#include <functional>
#include <memory>

class TradeStore;
class TradingGuard;

/// The engine's dealings with a language model (issue: the model layer): it
/// asks the model to pick strategies before an iteration and to write the
/// audit narratives after it, records every exchange, feeds the model breaker,
/// and falls back to the deterministic selector and the offline narrator,
/// saying why. A recording (a replay database, or this record after a
/// restart) answers the same prompt without asking again.
/// The model never sizes, submits or limits anything: its choice is one of the
/// coded strategies, validated strictly, and its confidence can only lower a
/// signal's confidence.
class ModelDesk
{
public:
    struct Hooks
    {
        /// Runs `body` in one record transaction.
        std::function<Status(const std::function<Status()> &)> transaction;
        /// The model breaker learns of a success or a failure (its events are recorded by the engine).
        std::function<Status(bool ok, const QString &why)> modelResult;
        /// The selection a deferred close waited for is in.
        std::function<void()> selectionReady;
        std::function<void(const QString &why)> recordFailed;
    };

    /// `replayPath`: a record whose exchanges answer the same prompts (backtests and replays).
    ModelDesk(TradeStore &store, const TradingGuard &guard, ModelConfig config, const QString &replayPath, Hooks hooks);
    ~ModelDesk();

    /// A model or a recording picks strategies (otherwise the deterministic selector does, by design).
    bool selects() const { return m_config.enabled() || !m_replay.isEmpty(); }
    QString label() const;
    /// The answer for this session is on its way: its close waits.
    bool busy() const { return m_pendingBatches > 0; }
    /// No request is waiting for its answer (narratives included).
    bool idle() const { return m_pending.isEmpty(); }
    bool hasSelection(const QDate &session) const { return m_ready.contains(session); }
    /// Asks for the session's choices, in batches of config.batchSize. Returns true
    /// when an answer will come later (selectionReady); false when the selection
    /// is ready now (every batch replayed, the breaker open, or nothing to ask).
    bool beginSelection(const QDate &session, int sessionIndex, const QList<modelprompt::SelectionItem> &items);
    Pipeline::ModelSelection takeSelection(const QDate &session);

    /// A narrative of these metrics: the model's when one is configured and its
    /// breaker lets it, else the offline narrator's (recorded at once).
    void narrate(const QString &kind, const QString &title, int sessionIndex, const QDate &session, const QList<modelprompt::Metric> &metrics);
    const std::deque<AuditNarrative> &recentNarratives() const { return m_recent; }

    struct Counters
    {
        int calls = 0;       ///< requests sent to the provider
        int replayed = 0;    ///< answers taken from a recording
        int failures = 0;    ///< failed requests and refused answers
        int fallbacks = 0;   ///< symbols the deterministic selector chose instead
        int narratives = 0;
        int narrativesFlagged = 0;
    };
    const Counters &counters() const { return m_counters; }
    void countFallbacks(int n) { m_counters.fallbacks += n; }

private:
    struct Batch;
    void onAnswered(const ModelExchange &x);
    void finishSelection(const QString &id, const ModelExchange &x);
    void finishNarrative(const QString &id, const ModelExchange &x);
    Status record(const ModelExchange &x, int sessionIndex);
    void recordNarrative(AuditNarrative n);
    bool breakerOpen() const;
    std::optional<ModelExchange> replayOf(const modelprompt::Prompt &p) const;

    TradeStore &m_store;
    const TradingGuard &m_guard;
    ModelConfig m_config;
    Hooks m_hooks;
    std::unique_ptr<ModelService> m_service;
    std::unique_ptr<QObject> m_context; ///< receives the service's answers on the engine's thread
    QHash<QString, ModelExchange> m_replay; ///< version|hash → recorded answer
    QString m_replayLabel;
    QHash<QDate, Pipeline::ModelSelection> m_ready;
    struct Pending
    {
        QDate session;
        int sessionIndex = 0;
        QStringList symbols;
        QString kind; ///< narratives: iteration or daily
        QString title;
        QList<modelprompt::Metric> metrics;
        bool narrative = false;
    };
    QHash<QString, Pending> m_pending;
    int m_pendingBatches = 0;
    Counters m_counters;
    std::deque<AuditNarrative> m_recent;
};
