// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "backtester.h"
#include "sweep.h"

#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>

/// Where a backtest's bars come from.
struct BacktestSource
{
    enum Kind { RecordedHistory, CsvFolder };
    Kind kind = RecordedHistory;
    QString folder;          ///< for CsvFolder
    QString dbPath;          ///< for RecordedHistory: the record whose completed sessions are used
    QDate from;              ///< inclusive; invalid: from the first bar
    QDate to;                ///< inclusive; invalid: to the last bar
};

/// The thread a runner works on, with its cancel flag and whether a run is going.
class RunnerThread
{
public:
    explicit RunnerThread(const QString &name);
    ~RunnerThread();
    /// Cancels the run and waits for the thread to end (the owner calls it first).
    void stop();
    /// Starts a run: false while one is going.
    bool begin();
    void end() { m_running.store(false); }
    void cancel() { m_cancel->store(true); }
    bool isRunning() const { return m_running.load(); }
    std::shared_ptr<std::atomic_bool> cancelFlag() const { return m_cancel; }
    /// Runs `work` on the thread.
    template<typename F>
    void post(F &&work)
    {
        QMetaObject::invokeMethod(m_worker, std::forward<F>(work), Qt::QueuedConnection);
    }

private:
    QThread m_thread;
    QObject *m_worker;
    std::shared_ptr<std::atomic_bool> m_cancel;
    std::atomic_bool m_running{false};
};

/// Runs backtests on its own thread ("sentinel-backtest"), one at a time,
/// reporting progress and the result as values; cancel() stops a run early.
/// The GUI thread never waits on it.
class BacktestRunner : public QObject
{
    Q_OBJECT
public:
    explicit BacktestRunner(QObject *parent = nullptr);
    ~BacktestRunner() override;
    void start(const BacktestOptions &options, const BacktestSource &source);
    void cancel() { m_thread.cancel(); }
    bool isRunning() const { return m_thread.isRunning(); }

    /// Loads and filters the bars of a source (also used by the command line and tests).
    static BarTable load(const BacktestSource &source, QStringList &problems);

Q_SIGNALS:
    void progressed(int percent);
    void finished(const BacktestResult &result, const QStringList &problems, double seconds);
    void failed(const QString &reason);

private:
    RunnerThread m_thread;
};
Q_DECLARE_METATYPE(BacktestResult)


/// Runs parameter sweeps on its own thread ("sentinel-sweep"), whose Sweep
/// spreads the combinations over `spec.jobs` worker threads. Progress and the
/// result arrive as queued signals; cancel() stops the sweep between backtests
/// (and inside the one running). The GUI thread never waits on it.
class SweepRunner : public QObject
{
    Q_OBJECT
public:
    explicit SweepRunner(QObject *parent = nullptr);
    ~SweepRunner() override;
    /// `outOfSampleFraction` > 0 splits the loaded calendar for walk-forward.
    void start(const SweepSpec &spec, const BacktestSource &source, double outOfSampleFraction = 0.0);
    void cancel() { m_thread.cancel(); }
    bool isRunning() const { return m_thread.isRunning(); }

Q_SIGNALS:
    void progressed(int done, int total);
    void finished(const SweepResult &result, const QStringList &problems);
    void failed(const QString &reason);

private:
    RunnerThread m_thread;
};
Q_DECLARE_METATYPE(SweepResult)
