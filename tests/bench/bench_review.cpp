// SPDX-License-Identifier: GPL-3.0-or-later
// Offline review of a record of 1,000,000 trades, with their proposals, approvals,
// orders (entry and exit) and fills: the times a trader waits for, through the same
// Review the review window's worker uses.
//
//   bench_review [--trades N] [--db PATH]
//
// The record is generated once (its build time is printed) and reused while its
// trade count matches. Goals: open ≤ 1 s, any filter or sort ≤ 200 ms, a trade's
// story ≤ 50 ms, the CSV export ≤ 5 s.
#include "persistence/database.h"
#include "review/review.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTextStream>
#include <QTimeZone>

#include <algorithm>

namespace {

QTextStream out(stdout);

bool build(const QString &path, int trades)
{
    QFile::remove(path);
    QFile::remove(path + QStringLiteral("-wal"));
    QFile::remove(path + QStringLiteral("-shm"));
    Database db(QStringLiteral("bench-build"));
    if (Status s = db.open(path); !s) {
        out << s.error() << Qt::endl;
        return false;
    }
    if (Status s = db.migrate(); !s) {
        out << s.error() << Qt::endl;
        return false;
    }
    QSqlDatabase h = db.handle();
    QSqlQuery pragma(h);
    pragma.exec(QStringLiteral("PRAGMA synchronous=OFF"));
    static const char *strategies[] = {"TrendFollowing", "MeanReversion", "Breakout", "DualMomentum", "BollingerBands", "MovingAverageEnvelope"};
    QRandomGenerator rng(20261204);
    const auto prepared = [&h](const char *sql) {
        QSqlQuery q(h);
        q.prepare(QLatin1String(sql));
        return q;
    };
    QSqlQuery proposal = prepared("INSERT INTO proposals (id, symbol, side, reducing, qty, price, stop_price, confidence, strategy, rationale, status,"
                                  " session_index, created_at, updated_at) VALUES (?,?,'buy',0,?,?,?,0.8,?,?,'approved',?,?,?)");
    QSqlQuery verdict = prepared("INSERT INTO verdicts (proposal_id, stage, kind, requested_qty, final_qty, binding_rule, summary, created_at)"
                                 " VALUES (?,'proposal','approve',?,?,'per_position_cap',?,?)");
    QSqlQuery decision = prepared("INSERT INTO decisions (id, proposal_id, decision, reason, operator, created_at, sim_at) VALUES (?,?,'approve','',?,?,?)");
    QSqlQuery order = prepared("INSERT INTO orders (id, client_order_id, proposal_id, symbol, side, type, purpose, qty, status, filled_qty,"
                               " filled_avg_price, created_at, updated_at) VALUES (?,?,?,?,?,'market',?,?,'filled',?,?,?,?)");
    QSqlQuery fill = prepared("INSERT INTO fills (id, order_id, symbol, side, qty, price, created_at) VALUES (?,?,?,?,?,?,?)");
    QSqlQuery trade = prepared("INSERT INTO trades (id, symbol, strategy, proposal_id, approval, operator, opened_at, closed_at, buy_qty, buy_cost,"
                               " sell_qty, sell_proceeds, entry_price, exit_price, pnl, pnl_value, pnl_raw, outcome, exit_purpose)"
                               " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    const QDateTime start(QDate(2016, 1, 4), QTime(14, 30), QTimeZone::utc());
    h.transaction();
    for (int i = 0; i < trades; ++i) {
        const QString n = QString::number(i);
        const QString symbol = QStringLiteral("S%1").arg(rng.bounded(500), 3, 10, QLatin1Char('0'));
        const QString strategy = QLatin1String(strategies[rng.bounded(6)]);
        const int qty = 1 + static_cast<int>(rng.bounded(100));
        const qint64 entryCents = 1000 + rng.bounded(50000);
        const qint64 exitCents = std::max<qint64>(100, entryCents + static_cast<qint64>(rng.bounded(2001)) - 1000);
        const QDateTime opened = start.addSecs(static_cast<qint64>(i) * 300);
        const QDateTime closed = opened.addSecs(3600 * (1 + rng.bounded(200)));
        const QString o = opened.toString(Qt::ISODateWithMs);
        const QString c = closed.toString(Qt::ISODateWithMs);
        const Decimal entry = Decimal::fromRaw(entryCents * (10'000'000));
        const Decimal exit = Decimal::fromRaw(exitCents * (10'000'000));
        const Decimal q = Decimal::fromInt(qty);
        const Decimal cost = entry * q;
        const Decimal proceeds = exit * q;
        const Decimal pnl = proceeds - cost;
        const bool trader = rng.bounded(3) == 0;
        const QString op = trader ? QStringLiteral("alice") : QStringLiteral("standing_approval");
        const QString p = QStringLiteral("prp_") + n;
        for (const QVariant &v : {QVariant(p), QVariant(symbol), QVariant(q.toString()), QVariant(entry.toString()), QVariant((entry * Decimal::parse("0.95").value()).toString(2)),
                                  QVariant(strategy), QVariant(QStringLiteral("%1 BUY %2").arg(strategy, symbol)), QVariant(i / 40), QVariant(o), QVariant(o)})
            proposal.addBindValue(v);
        for (const QVariant &v : {QVariant(p), QVariant(q.toString()), QVariant(q.toString()), QVariant(QStringLiteral("buy %1 %2").arg(qty).arg(symbol)), QVariant(o)})
            verdict.addBindValue(v);
        for (const QVariant &v : {QVariant(QStringLiteral("dec_") + n), QVariant(p), QVariant(op), QVariant(o), QVariant(o)})
            decision.addBindValue(v);
        bool ok = proposal.exec() && verdict.exec() && decision.exec();
        for (const auto &[suffix, side, purpose, at, price] :
             {std::tuple{"e", "buy", "entry", o, entry}, std::tuple{"x", "sell", "protective_stop", c, exit}}) {
            const QString id = QStringLiteral("ord_%1_%2").arg(n, QLatin1String(suffix));
            for (const QVariant &v : {QVariant(id), QVariant(QStringLiteral("c_") + id), QVariant(p), QVariant(symbol), QVariant(QLatin1String(side)),
                                      QVariant(QLatin1String(purpose)), QVariant(q.toString()), QVariant(q.toString()), QVariant(price.toString()),
                                      QVariant(at), QVariant(at)})
                order.addBindValue(v);
            for (const QVariant &v : {QVariant(QStringLiteral("fil_%1_%2").arg(n, QLatin1String(suffix))), QVariant(id), QVariant(symbol),
                                      QVariant(QLatin1String(side)), QVariant(q.toString()), QVariant(price.toString()), QVariant(at)})
                fill.addBindValue(v);
            ok = ok && order.exec() && fill.exec();
        }
        for (const QVariant &v : {QVariant(QStringLiteral("trd_") + n), QVariant(symbol), QVariant(strategy), QVariant(p),
                                  QVariant(trader ? QStringLiteral("trader") : QStringLiteral("automatic")), QVariant(op), QVariant(o), QVariant(c),
                                  QVariant(q.toString()), QVariant(cost.toString()), QVariant(q.toString()), QVariant(proceeds.toString()),
                                  QVariant(entry.toString()), QVariant(exit.toString()), QVariant(pnl.toString()), QVariant(pnl.toDouble()), QVariant(static_cast<qlonglong>(pnl.raw())),
                                  QVariant(pnl.isPositive() ? QStringLiteral("win") : pnl.isNegative() ? QStringLiteral("loss") : QStringLiteral("flat")),
                                  QVariant(QStringLiteral("protective_stop"))})
            trade.addBindValue(v);
        ok = ok && trade.exec();
        if (!ok) {
            out << "insert failed at trade " << i << ": " << proposal.lastError().text() << verdict.lastError().text() << decision.lastError().text()
                << order.lastError().text() << fill.lastError().text() << trade.lastError().text() << Qt::endl;
            h.rollback();
            return false;
        }
    }
    h.commit();
    pragma.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    pragma.exec(QStringLiteral("ANALYZE"));
    return true;
}

struct Timing
{
    QString what;
    double ms = 0;
    double goalMs = 0;
    QString note;
};

template<typename F>
double timeMs(F &&f)
{
    QElapsedTimer t;
    t.start();
    f();
    return t.nsecsElapsed() / 1e6;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int trades = 1'000'000;
    QString path = QStringLiteral("/tmp/sentinel-bench-review.db");
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--trades"))
            trades = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--db"))
            path = args[i + 1];
    }
    bool reuse = false;
    if (QFileInfo::exists(path)) {
        Result<Review> r = Review::open(path);
        reuse = r && r.value().count({}) == trades;
    }
    if (!reuse) {
        out << "building a record of " << trades << " trades (with proposals, verdicts, approvals, 2 orders and 2 fills each) at " << path << Qt::endl;
        QElapsedTimer t;
        t.start();
        if (!build(path, trades))
            return 1;
        out << QStringLiteral("  built in %1 s, %2 MB").arg(t.elapsed() / 1000.0, 0, 'f', 1).arg(QFileInfo(path).size() / 1e6, 0, 'f', 0) << Qt::endl;
    } else {
        out << "reusing " << path << " (" << trades << " trades)" << Qt::endl;
    }

    QList<Timing> timings;
    std::optional<Review> review;
    QList<TradeRow> first;
    // Opening the review: what the window shows first (the count and the first page,
    // the symbol and strategy lists and the dates), as its worker does.
    timings.append({QStringLiteral("open (connect, count, first 200 rows, symbols, strategies, dates)"), timeMs([&] {
                        Result<Review> r = Review::open(path);
                        review.emplace(std::move(r.value()));
                        review->count({});
                        first = review->page({}, Review::Sort::Opened, false, 0, 200);
                        review->symbols();
                        review->strategies();
                        review->dateRange();
                    }),
                    1000, {}});
    const Review &rv = *review;
    const auto query = [&](const QString &what, const TradeFilter &f, Review::Sort sort, bool ascending) {
        qint64 n = 0;
        const double ms = timeMs([&] {
            n = rv.count(f);
            rv.page(f, sort, ascending, 0, 200);
        });
        timings.append({what, ms, 200, QStringLiteral("%1 trades").arg(n)});
    };
    TradeFilter sym;
    sym.symbol = QStringLiteral("S123");
    TradeFilter strat;
    strat.strategy = QStringLiteral("Breakout");
    TradeFilter loss;
    loss.outcome = QStringLiteral("loss");
    TradeFilter month;
    month.from = QDate(2019, 3, 1);
    month.to = QDate(2019, 3, 31);
    TradeFilter trader;
    trader.approval = QStringLiteral("trader");
    TradeFilter combined = strat;
    combined.outcome = QStringLiteral("win");
    combined.from = QDate(2017, 1, 1);
    combined.to = QDate(2018, 12, 31);
    query(QStringLiteral("filter: one symbol"), sym, Review::Sort::Opened, false);
    query(QStringLiteral("filter: one strategy"), strat, Review::Sort::Opened, false);
    query(QStringLiteral("filter: losses"), loss, Review::Sort::Opened, false);
    query(QStringLiteral("filter: one month"), month, Review::Sort::Opened, false);
    query(QStringLiteral("filter: approved by a trader"), trader, Review::Sort::Opened, false);
    query(QStringLiteral("filter: strategy + wins + two years"), combined, Review::Sort::Opened, false);
    query(QStringLiteral("sort: P&L, worst first"), {}, Review::Sort::Pnl, true);
    query(QStringLiteral("sort: closed, latest first"), {}, Review::Sort::Closed, false);
    query(QStringLiteral("sort: symbol"), {}, Review::Sort::Symbol, true);
    query(QStringLiteral("sort: outcome"), {}, Review::Sort::Outcome, true);
    query(QStringLiteral("sort: strategy"), {}, Review::Sort::Strategy, true);
    query(QStringLiteral("filter + sort: one symbol by P&L"), sym, Review::Sort::Pnl, true);
    timings.append({QStringLiteral("scroll: the page at row 900,000 (opened order)"),
                    timeMs([&] { rv.page({}, Review::Sort::Opened, false, 900'000, 200); }), 200, {}});
    // A trade's story, for 100 trades spread over the record.
    QList<double> stories;
    for (int i = 0; i < 100; ++i) {
        const QString id = QStringLiteral("trd_%1").arg(static_cast<qint64>(i) * trades / 100 + 7);
        stories.append(timeMs([&] { rv.story(id); }));
    }
    std::sort(stories.begin(), stories.end());
    timings.append({QStringLiteral("a trade's story (median of 100)"), stories[50], 50, QStringLiteral("max %1 ms").arg(stories.last(), 0, 'f', 1)});
    timings.append({QStringLiteral("summary: equity, drawdown, distribution, per strategy (all trades)"), timeMs([&] { rv.summary({}); }), 0,
                    QStringLiteral("on the worker, after the first page")});
    qint64 rows = 0;
    const QString csv = path + QStringLiteral(".csv");
    timings.append({QStringLiteral("export: every trade to CSV"), timeMs([&] { rows = rv.exportCsv({}, csv).value(); }), 5000,
                    QStringLiteral("%1 rows, %2 MB").arg(rows).arg(QFileInfo(csv).size() / 1e6, 0, 'f', 0)});
    QFile::remove(csv);

    out << Qt::endl << QStringLiteral("%1 | %2 | %3 | %4").arg(QStringLiteral("step"), -70).arg(QStringLiteral("ms"), 9).arg(QStringLiteral("goal"), 7).arg(QStringLiteral("note")) << Qt::endl;
    bool allMet = true;
    for (const Timing &t : timings) {
        const bool met = t.goalMs <= 0 || t.ms <= t.goalMs;
        allMet = allMet && met;
        out << QStringLiteral("%1 | %2 | %3 | %4%5")
                   .arg(t.what, -70)
                   .arg(t.ms, 9, 'f', 1)
                   .arg(t.goalMs > 0 ? QStringLiteral("≤%1").arg(t.goalMs) : QStringLiteral("—"), 7)
                   .arg(t.note, met ? QString() : QStringLiteral(" (goal missed)"))
            << Qt::endl;
    }
    out << (allMet ? "every goal met" : "some goals missed") << Qt::endl;
    return 0;
}
