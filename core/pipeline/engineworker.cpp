// SPDX-License-Identifier: GPL-3.0-or-later
#include "engineworker.h"

#include "tradingengine.h"
#include "util/logging.h"

#include <QThread>
#include <QTimer>

EngineWorker::EngineWorker(EngineOptions options, int sessionIntervalMs)
    : m_options(std::move(options))
    , m_sessionIntervalMs(sessionIntervalMs)
{
}

EngineWorker::~EngineWorker() = default;

void EngineWorker::start()
{
    startWithDatabase(m_options.dbPath);
}

void EngineWorker::startWithDatabase(const QString &path)
{
    if (m_engine)
        m_engine.reset();
    m_options.dbPath = path;
    // One connection per thread, named after it.
    m_options.connectionName = QStringLiteral("engine-%1").arg(reinterpret_cast<quintptr>(QThread::currentThread()), 0, 16);
    auto engine = std::make_unique<TradingEngine>(m_options);
    if (Status s = engine->open(); !s) {
        qCCritical(lcDb).noquote() << s.error();
        Q_EMIT startFailed(s.error(), path);
        return;
    }
    m_engine = std::move(engine);
    m_equitySent = 0;
    if (!m_timer) {
        m_timer = new QTimer(this);
        m_timer->setTimerType(Qt::PreciseTimer);
        connect(m_timer, &QTimer::timeout, this, &EngineWorker::onTick);
    }
    setSessionIntervalMs(m_sessionIntervalMs);
    Q_EMIT started(path);
    publish();
}

void EngineWorker::onTick()
{
    if (!m_engine || m_paused)
        return;
    m_engine->tick();
    publish();
}

void EngineWorker::publish()
{
    if (!m_engine)
        return;
    EngineSnapshot s = m_engine->snapshot();
    s.paused = m_paused;
    Q_EMIT snapshotPublished(s);
    const QList<EquityPoint> &curve = m_engine->equityCurve();
    if (curve.size() > m_equitySent) {
        Q_EMIT equityPointsAppended(curve.mid(m_equitySent));
        m_equitySent = curve.size();
    }
}

void EngineWorker::approve(const QString &proposalId, const ApprovalEdit &edit)
{
    if (!m_engine)
        return;
    const ApprovalOutcome o = m_engine->approve(proposalId, QStringLiteral("approval"), edit);
    switch (o.kind) {
    case ApprovalOutcome::Sent:
    case ApprovalOutcome::Held: Q_EMIT actionSucceeded(o.message); break;
    case ApprovalOutcome::Changed: Q_EMIT proposalRechecked(proposalId, o.message); break;
    case ApprovalOutcome::Rejected:
    case ApprovalOutcome::Failed: Q_EMIT actionFailed(o.message); break;
    }
    publish();
}

void EngineWorker::killSwitch(bool flattenAll)
{
    if (!m_engine)
        return;
    if (Status s = m_engine->killSwitch(flattenAll); !s)
        Q_EMIT actionFailed(s.error());
    else
        Q_EMIT actionSucceeded(flattenAll ? tr("Trading halted; closing every position") : tr("Trading halted"));
    publish();
}

void EngineWorker::resetBreaker(const QString &name)
{
    if (!m_engine)
        return;
    if (Status s = m_engine->resetBreaker(name); !s)
        Q_EMIT actionFailed(s.error());
    publish();
}

void EngineWorker::veto(const QString &proposalId, const QString &code, const QString &note)
{
    if (!m_engine)
        return;
    if (Status s = m_engine->veto(proposalId, code, note); !s)
        Q_EMIT actionFailed(s.error());
    publish();
}

void EngineWorker::addStandingApproval(const StandingApproval &rule)
{
    if (!m_engine)
        return;
    if (const Result<StandingApproval> r = m_engine->addStandingApproval(rule); !r)
        Q_EMIT actionFailed(r.error());
    else
        Q_EMIT actionSucceeded(tr("Standing approval set: %1").arg(r.value().describe()));
    publish();
}

void EngineWorker::requestPriceChart(const QString &symbol)
{
    if (m_engine)
        Q_EMIT priceChartReady(m_engine->priceChart(symbol));
}

void EngineWorker::endStandingApproval(const QString &id)
{
    if (!m_engine)
        return;
    if (Status s = m_engine->endStandingApproval(id, QStringLiteral("ended by the trader")); !s)
        Q_EMIT actionFailed(s.error());
    else
        Q_EMIT actionSucceeded(tr("Standing approval %1 ended").arg(id));
    publish();
}

void EngineWorker::cancelOrder(const QString &orderId)
{
    if (!m_engine)
        return;
    if (Status s = m_engine->cancelOrder(orderId); !s)
        Q_EMIT actionFailed(s.error());
    else
        Q_EMIT actionSucceeded(QStringLiteral("cancel of order %1 sent").arg(orderId));
    publish();
}

void EngineWorker::cancelAllEntries()
{
    if (!m_engine)
        return;
    const int n = m_engine->cancelAllEntries();
    Q_EMIT actionSucceeded(n == 0 ? QStringLiteral("no entry order was open or held") : QStringLiteral("%1 entry order(s) cancelled").arg(n));
    publish();
}

void EngineWorker::setPaused(bool paused)
{
    m_paused = paused;
    publish();
}

void EngineWorker::setSessionIntervalMs(int ms)
{
    m_sessionIntervalMs = std::max(100, ms);
    if (m_timer && m_engine) {
        m_timer->start(std::max(10, m_sessionIntervalMs / std::max(2, m_engine->options().market.ticksPerSession)));
    }
}

void EngineWorker::shutdown()
{
    if (m_timer)
        m_timer->stop();
    m_engine.reset();
}

void EngineWorker::reenableStrategy(const QString &strategy)
{
    if (!m_engine)
        return;
    if (Status s = m_engine->reenableStrategy(strategy); !s)
        Q_EMIT actionFailed(s.error());
    publish();
}

void EngineWorker::resolveDifference(const QString &id, int resolution)
{
    if (!m_engine)
        return;
    if (Status s = m_engine->resolveDifference(id, static_cast<ReconDifference::Resolution>(resolution)); !s)
        Q_EMIT actionFailed(s.error());
    else
        Q_EMIT actionSucceeded(tr("Reconciliation: your choice is recorded"));
    publish();
}

void EngineWorker::reconcileNow()
{
    if (!m_engine)
        return;
    m_engine->reconcile(QStringLiteral("manual"));
    Q_EMIT actionSucceeded(tr("Comparing the record with the broker…"));
}

void EngineWorker::restartWith(const EngineOptions &options)
{
    if (m_timer)
        m_timer->stop();
    m_engine.reset();
    m_options = options;
    startWithDatabase(options.dbPath);
}
