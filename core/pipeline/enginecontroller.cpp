// SPDX-License-Identifier: GPL-3.0-or-later
#include "enginecontroller.h"

#include "domain/metatypes.h"
#include "engineworker.h"

EngineController::EngineController(EngineOptions options, int sessionIntervalMs, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_sessionIntervalMs(sessionIntervalMs)
{
    registerSentinelMetaTypes();
    qRegisterMetaType<EngineSnapshot>();
    qRegisterMetaType<PriceChartData>();
    qRegisterMetaType<EquityPoint>();
    qRegisterMetaType<QList<EquityPoint>>();
    m_thread.setObjectName(QStringLiteral("sentinel-engine"));
    m_worker = new EngineWorker(std::move(options), sessionIntervalMs);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &EngineWorker::started, this, &EngineController::started);
    connect(m_worker, &EngineWorker::startFailed, this, &EngineController::startFailed);
    connect(m_worker, &EngineWorker::snapshotPublished, this, &EngineController::snapshotPublished);
    connect(m_worker, &EngineWorker::equityPointsAppended, this, &EngineController::equityPointsAppended);
    connect(m_worker, &EngineWorker::actionFailed, this, &EngineController::actionFailed);
    connect(m_worker, &EngineWorker::proposalRechecked, this, &EngineController::proposalRechecked);
    connect(m_worker, &EngineWorker::actionSucceeded, this, &EngineController::actionSucceeded);
    connect(m_worker, &EngineWorker::priceChartReady, this, &EngineController::priceChartReady);
    m_thread.start();
}

EngineController::~EngineController()
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->shutdown(); }, Qt::QueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void EngineController::start()
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->start(); }, Qt::QueuedConnection);
}

void EngineController::startWithDatabase(const QString &path)
{
    m_options.dbPath = path;
    QMetaObject::invokeMethod(m_worker, [w = m_worker, path] { w->startWithDatabase(path); }, Qt::QueuedConnection);
}

void EngineController::approve(const QString &proposalId, const ApprovalEdit &edit)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, proposalId, edit] { w->approve(proposalId, edit); }, Qt::QueuedConnection);
}

void EngineController::veto(const QString &proposalId, const QString &code, const QString &note)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, proposalId, code, note] { w->veto(proposalId, code, note); }, Qt::QueuedConnection);
}

void EngineController::addStandingApproval(const StandingApproval &rule)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, rule] { w->addStandingApproval(rule); }, Qt::QueuedConnection);
}

void EngineController::requestPriceChart(const QString &symbol)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, symbol] { w->requestPriceChart(symbol); }, Qt::QueuedConnection);
}

void EngineController::endStandingApproval(const QString &id)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, id] { w->endStandingApproval(id); }, Qt::QueuedConnection);
}

void EngineController::killSwitch(bool flattenAll)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, flattenAll] { w->killSwitch(flattenAll); }, Qt::QueuedConnection);
}

void EngineController::cancelOrder(const QString &orderId)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, orderId] { w->cancelOrder(orderId); }, Qt::QueuedConnection);
}

void EngineController::cancelAllEntries()
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->cancelAllEntries(); }, Qt::QueuedConnection);
}

void EngineController::resetBreaker(const QString &name)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, name] { w->resetBreaker(name); }, Qt::QueuedConnection);
}

void EngineController::setPaused(bool paused)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, paused] { w->setPaused(paused); }, Qt::QueuedConnection);
}

void EngineController::setSessionIntervalMs(int ms)
{
    m_sessionIntervalMs = ms;
    QMetaObject::invokeMethod(m_worker, [w = m_worker, ms] { w->setSessionIntervalMs(ms); }, Qt::QueuedConnection);
}

void EngineController::reenableStrategy(const QString &strategy)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, strategy] { w->reenableStrategy(strategy); }, Qt::QueuedConnection);
}

void EngineController::resolveDifference(const QString &id, ReconDifference::Resolution how)
{
    const int r = static_cast<int>(how);
    QMetaObject::invokeMethod(m_worker, [w = m_worker, id, r] { w->resolveDifference(id, r); }, Qt::QueuedConnection);
}

void EngineController::reconcileNow()
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->reconcileNow(); }, Qt::QueuedConnection);
}

void EngineController::restartWith(const EngineOptions &options)
{
    m_options = options;
    QMetaObject::invokeMethod(m_worker, [w = m_worker, options] { w->restartWith(options); }, Qt::QueuedConnection);
}
