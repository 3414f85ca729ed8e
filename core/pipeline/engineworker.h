// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/approvaledit.h"
#include "domain/equitypoint.h"
#include "enginesnapshot.h"
#include "pricechartdata.h"
#include "engineoptions.h"

#include <QList>
#include <QObject>

#include <memory>

class QTimer;
class TradingEngine;

/// Runs a TradingEngine on the thread it lives in, driven by a timer, and
/// publishes snapshots by value. Created and used only through EngineController.
class EngineWorker : public QObject
{
    Q_OBJECT
public:
    explicit EngineWorker(EngineOptions options, int sessionIntervalMs);
    ~EngineWorker() override;

    void start();
    void startWithDatabase(const QString &path);
    void approve(const QString &proposalId, const ApprovalEdit &edit = {});
    void veto(const QString &proposalId, const QString &code, const QString &note);
    void addStandingApproval(const StandingApproval &rule);
    void endStandingApproval(const QString &id);
    void requestPriceChart(const QString &symbol);
    void killSwitch(bool flattenAll);
    void cancelOrder(const QString &orderId);
    void cancelAllEntries();
    void resetBreaker(const QString &name);
    void reenableStrategy(const QString &strategy);
    void resolveDifference(const QString &id, int resolution);
    void reconcileNow();
    /// Stops the engine and starts another with these options (a venue switch).
    void restartWith(const EngineOptions &options);
    void setPaused(bool paused);
    void setSessionIntervalMs(int ms);
    void shutdown();

Q_SIGNALS:
    void started(const QString &dbPath);
    void startFailed(const QString &reason, const QString &dbPath);
    void snapshotPublished(const EngineSnapshot &snapshot);
    void equityPointsAppended(const QList<EquityPoint> &points);
    void actionFailed(const QString &reason);
    /// The re-check at approval changed the order; the proposal shows the new verdict.
    void proposalRechecked(const QString &proposalId, const QString &message);
    void actionSucceeded(const QString &message);
    void priceChartReady(const PriceChartData &chart);

private:
    void onTick();
    void publish();

    EngineOptions m_options;
    int m_sessionIntervalMs;
    bool m_paused = false;
    std::unique_ptr<TradingEngine> m_engine;
    QTimer *m_timer = nullptr;
    qsizetype m_equitySent = 0;
};
