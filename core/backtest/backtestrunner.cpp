// SPDX-License-Identifier: GPL-3.0-or-later
#include "backtestrunner.h"

#include "domain/bar.h"

#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

RunnerThread::RunnerThread(const QString &name)
    : m_worker(new QObject)
    , m_cancel(std::make_shared<std::atomic_bool>(false))
{
    m_thread.setObjectName(name);
    m_worker->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

RunnerThread::~RunnerThread()
{
    stop();
}

void RunnerThread::stop()
{
    m_cancel->store(true);
    m_thread.quit();
    m_thread.wait();
}

bool RunnerThread::begin()
{
    if (m_running.exchange(true))
        return false;
    m_cancel->store(false);
    return true;
}

BacktestRunner::BacktestRunner(QObject *parent)
    : QObject(parent)
    , m_thread(QStringLiteral("sentinel-backtest"))
{
    qRegisterMetaType<BacktestResult>();
}

BacktestRunner::~BacktestRunner()
{
    m_thread.stop(); // before this object goes: the run posts its result to it
}

BarTable BacktestRunner::load(const BacktestSource &source, QStringList &problems)
{
    BarTable raw;
    if (source.kind == BacktestSource::CsvFolder) {
        raw.setLatestDay(BarTable::dayNumber(QDate::currentDate()));
        raw.loadDirectory(source.folder, BarTable::defaultCacheDir());
        for (const BarTable::RowError &e : raw.errors())
            problems.append(QStringLiteral("%1:%2: %3").arg(e.file).arg(e.line).arg(e.reason));
    } else {
        // The sessions the market has completed, as recorded: never a bar from
        // beyond the clock. Read-only, on a connection of this thread's own.
        const QString name = QStringLiteral("backtest-%1").arg(reinterpret_cast<quintptr>(&raw));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(source.dbPath);
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
            if (source.dbPath.isEmpty() || !db.open()) {
                problems.append(QStringLiteral("no record to read the history from (%1)").arg(source.dbPath));
            } else {
                QSqlQuery q(db);
                q.setForwardOnly(true);
                if (!q.exec(QStringLiteral("SELECT symbol, session, open, high, low, close, volume FROM bars ORDER BY symbol, session")))
                    problems.append(QStringLiteral("the record has no bars: %1").arg(q.lastError().text()));
                QList<Bar> bars;
                const auto flush = [&] {
                    if (!bars.isEmpty())
                        raw.add(BarTable::fromBars(bars));
                    bars.clear();
                };
                while (q.next()) {
                    const QString symbol = q.value(0).toString();
                    if (!bars.isEmpty() && bars.back().symbol != symbol)
                        flush();
                    bars.append({symbol, QDate::fromString(q.value(1).toString(), Qt::ISODate),
                                 Decimal::parse(q.value(2).toString()).value_or(Decimal::invalid()),
                                 Decimal::parse(q.value(3).toString()).value_or(Decimal::invalid()),
                                 Decimal::parse(q.value(4).toString()).value_or(Decimal::invalid()),
                                 Decimal::parse(q.value(5).toString()).value_or(Decimal::invalid()), q.value(6).toLongLong()});
                }
                flush();
            }
        }
        QSqlDatabase::removeDatabase(name);
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
    if (!m_thread.begin())
        return;
    const auto cancel = m_thread.cancelFlag();
    m_thread.post(
        [this, options, source, cancel] {
            QElapsedTimer t;
            t.start();
            QStringList problems;
            const BarTable data = load(source, problems);
            if (data.series().empty()) {
                m_thread.end();
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
            m_thread.end();
            QMetaObject::invokeMethod(this, [this, r, problems, seconds] { Q_EMIT finished(r, problems, seconds); }, Qt::QueuedConnection);
        });
}


SweepRunner::SweepRunner(QObject *parent)
    : QObject(parent)
    , m_thread(QStringLiteral("sentinel-sweep"))
{
    qRegisterMetaType<SweepResult>();
}

SweepRunner::~SweepRunner()
{
    m_thread.stop();
}

void SweepRunner::start(const SweepSpec &spec, const BacktestSource &source, double outOfSampleFraction)
{
    if (!m_thread.begin())
        return;
    const auto cancel = m_thread.cancelFlag();
    m_thread.post(
        [this, spec, source, outOfSampleFraction, cancel] {
            const auto fail = [this](const QString &why) {
                m_thread.end();
                QMetaObject::invokeMethod(this, [this, why] { Q_EMIT failed(why); }, Qt::QueuedConnection);
            };
            if (const Status valid = Sweep::validate(spec); !valid)
                return fail(valid.error());
            QStringList problems;
            const BarTable data = BacktestRunner::load(source, problems);
            if (data.series().empty())
                return fail(problems.isEmpty() ? tr("No bars to test.") : problems.join(QLatin1Char('\n')));
            SweepSpec s = spec;
            if (outOfSampleFraction > 0.0) {
                s.outOfSampleFrom = Sweep::splitDay(data, outOfSampleFraction);
                if (!s.outOfSampleFrom)
                    return fail(tr("Walk-forward needs at least two sessions of bars."));
            }
            std::atomic_int lastReported{-1};
            const SweepResult r = Sweep(s).run(
                data,
                [this, &lastReported](int done, int total) {
                    // From the sweep's worker threads: only forward progress is posted.
                    int last = lastReported.load();
                    while (done > last && !lastReported.compare_exchange_weak(last, done)) {
                    }
                    if (done > last)
                        QMetaObject::invokeMethod(this, [this, done, total] { Q_EMIT progressed(done, total); }, Qt::QueuedConnection);
                },
                cancel.get());
            m_thread.end();
            QMetaObject::invokeMethod(this, [this, r, problems] { Q_EMIT finished(r, problems); }, Qt::QueuedConnection);
        });
}
