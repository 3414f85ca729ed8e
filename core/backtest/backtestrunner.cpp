// SPDX-License-Identifier: GPL-3.0-or-later
#include "backtestrunner.h"

#include "data/simulatedmarket.h"

#include <QElapsedTimer>

BacktestRunner::BacktestRunner(QObject *parent)
    : QObject(parent)
    , m_worker(new QObject)
    , m_cancel(std::make_shared<std::atomic_bool>(false))
{
    qRegisterMetaType<BacktestResult>();
    m_thread.setObjectName(QStringLiteral("sentinel-backtest"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

BacktestRunner::~BacktestRunner()
{
    m_cancel->store(true);
    m_thread.quit();
    m_thread.wait();
}

BarTable BacktestRunner::load(const BacktestSource &source, QStringList &problems)
{
    BarTable raw;
    if (source.kind == BacktestSource::CsvFolder) {
        raw.loadDirectory(source.folder);
        for (const BarTable::RowError &e : raw.errors())
            problems.append(QStringLiteral("%1:%2: %3").arg(e.file).arg(e.line).arg(e.reason));
    } else {
        // The demo market's own generated history: the same seed as demo mode.
        SimulatedMarket::Options o;
        o.historySessions = std::max(60, source.demoSessions);
        const SimulatedMarket market(DemoUniverse::builtIn(), o);
        for (const QString &symbol : market.symbols())
            raw.add(BarTable::fromBars(market.recentBars(symbol, o.historySessions)));
    }
    if (!source.from.isValid() && !source.to.isValid())
        return raw;
    const std::int32_t from = source.from.isValid() ? BarTable::dayNumber(source.from) : INT32_MIN;
    const std::int32_t to = source.to.isValid() ? BarTable::dayNumber(source.to) : INT32_MAX;
    BarTable out;
    for (const BarTable::Series &s : raw.series()) {
        BarTable::Series f;
        f.symbol = s.symbol;
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s.day[i] < from || s.day[i] > to)
                continue;
            f.day.push_back(s.day[i]);
            f.open.push_back(s.open[i]);
            f.high.push_back(s.high[i]);
            f.low.push_back(s.low[i]);
            f.close.push_back(s.close[i]);
            f.volume.push_back(s.volume[i]);
        }
        if (f.size() > 0)
            out.add(std::move(f));
    }
    return out;
}

void BacktestRunner::start(const BacktestOptions &options, const BacktestSource &source)
{
    if (m_running.exchange(true))
        return;
    m_cancel->store(false);
    const auto cancel = m_cancel;
    QMetaObject::invokeMethod(
        m_worker,
        [this, options, source, cancel] {
            QElapsedTimer t;
            t.start();
            QStringList problems;
            const BarTable data = load(source, problems);
            if (data.series().empty()) {
                m_running.store(false);
                QMetaObject::invokeMethod(this, [this, problems] { Q_EMIT failed(problems.isEmpty() ? tr("No bars to test.") : problems.join(QLatin1Char('\n'))); },
                                          Qt::QueuedConnection);
                return;
            }
            int lastPercent = -1;
            const BacktestResult r = Backtester(options).run(
                data,
                [this, &lastPercent](std::size_t done, std::size_t total) {
                    const int percent = total ? static_cast<int>(done * 100 / total) : 100;
                    if (percent != lastPercent) {
                        lastPercent = percent;
                        QMetaObject::invokeMethod(this, [this, percent] { Q_EMIT progressed(percent); }, Qt::QueuedConnection);
                    }
                },
                cancel.get());
            const double seconds = t.nsecsElapsed() / 1e9;
            m_running.store(false);
            QMetaObject::invokeMethod(this, [this, r, problems, seconds] { Q_EMIT finished(r, problems, seconds); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void BacktestRunner::cancel()
{
    m_cancel->store(true);
}
