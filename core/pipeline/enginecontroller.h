// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/approvaledit.h"
#include "domain/equitypoint.h"
#include "enginesnapshot.h"
#include "pricechartdata.h"
#include "engineoptions.h"

#include <QList>
#include <QObject>
#include <QThread>

class EngineWorker;

/// The façade the ui talks to. It owns the engine's thread ("sentinel-engine")
/// and forwards requests to it as queued calls; it never blocks. Results come
/// back as signals carrying values. Destroying it stops the thread and waits.
class EngineController : public QObject
{
    Q_OBJECT
public:
    EngineController(EngineOptions options, int sessionIntervalMs, QObject *parent = nullptr);
    ~EngineController() override;

    void start();
    void startWithDatabase(const QString &path);
    /// Approves a proposal, as proposed or as the trader edited it (ApprovalDesk::approve).
    void approve(const QString &proposalId, const ApprovalEdit &edit = {});
    /// A veto with its reason code (vetoreason::codes()) and an optional note.
    void veto(const QString &proposalId, const QString &code, const QString &note = {});
    void addStandingApproval(const StandingApproval &rule);
    void endStandingApproval(const QString &id);
    /// Asks for `symbol`'s price chart; it arrives as priceChartReady.
    void requestPriceChart(const QString &symbol);
    void killSwitch(bool flattenAll);
    /// The blotter's cancel of one open order, and its cancel-all (entries only; stops stay).
    void cancelOrder(const QString &orderId);
    void cancelAllEntries();
    void resetBreaker(const QString &name);
    void reenableStrategy(const QString &strategy);
    void resolveDifference(const QString &id, ReconDifference::Resolution how);
    void reconcileNow();
    /// Switches the engine to other options (demo ↔ Alpaca paper), on its thread.
    void restartWith(const EngineOptions &options);
    void setPaused(bool paused);
    void setSessionIntervalMs(int ms);
    const EngineOptions &options() const { return m_options; }
    int sessionIntervalMs() const { return m_sessionIntervalMs; }

Q_SIGNALS:
    void started(const QString &dbPath);
    void startFailed(const QString &reason, const QString &dbPath);
    void snapshotPublished(const EngineSnapshot &snapshot);
    void equityPointsAppended(const QList<EquityPoint> &points);
    void actionFailed(const QString &reason);
    void proposalRechecked(const QString &proposalId, const QString &message);
    void actionSucceeded(const QString &message);
    void priceChartReady(const PriceChartData &chart);

private:
    EngineOptions m_options;
    int m_sessionIntervalMs;
    QThread m_thread;
    EngineWorker *m_worker = nullptr;
};
