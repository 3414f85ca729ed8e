// SPDX-License-Identifier: GPL-3.0-or-later
#include "review.h"

#include "persistence/database.h"
#include "persistence/sqlvalue.h"

#include <QFile>
#include <QSaveFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>
#include <QUuid>
#include <QVariant>

#include <algorithm>
#include <cmath>

namespace {

const char *kTradeColumns = "id, symbol, strategy, approval, operator, opened_at, closed_at, buy_qty, entry_price, exit_price, pnl,"
                            " outcome, exit_purpose, proposal_id";

TradeRow rowFrom(const QSqlQuery &q)
{
    TradeRow t;
    t.id = q.value(0).toString();
    t.symbol = q.value(1).toString();
    t.strategy = q.value(2).toString();
    t.approval = q.value(3).toString();
    t.operatorName = q.value(4).toString();
    t.openedAt = sqlvalue::time(q.value(5));
    t.closedAt = sqlvalue::time(q.value(6));
    t.qty = sqlvalue::decimal(q.value(7), Decimal::invalid());
    t.entryPrice = sqlvalue::decimal(q.value(8), Decimal::invalid());
    t.exitPrice = sqlvalue::decimal(q.value(9), Decimal::invalid());
    t.pnl = sqlvalue::decimal(q.value(10), Decimal::invalid());
    t.outcome = q.value(11).toString();
    t.exitPurpose = q.value(12).toString();
    t.proposalId = q.value(13).toString();
    return t;
}

/// The WHERE clause of a filter and its bound values, in order.
QString whereOf(const TradeFilter &f, QVariantList &binds)
{
    QStringList parts;
    if (f.from.isValid()) {
        parts << QStringLiteral("opened_at >= ?");
        binds << f.from.toString(Qt::ISODate);
    }
    if (f.to.isValid()) {
        parts << QStringLiteral("opened_at < ?");
        binds << f.to.addDays(1).toString(Qt::ISODate);
    }
    for (const auto &[column, value] : {std::pair{"symbol", f.symbol}, std::pair{"strategy", f.strategy}, std::pair{"outcome", f.outcome},
                                        std::pair{"approval", f.approval}}) {
        if (value.isEmpty())
            continue;
        parts << QStringLiteral("%1 = ?").arg(QLatin1String(column));
        binds << value;
    }
    return parts.isEmpty() ? QString() : QStringLiteral(" WHERE ") + parts.join(QStringLiteral(" AND "));
}

QString csvField(const QString &s)
{
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) && !s.contains(QLatin1Char('\n')))
        return s;
    QString out = s;
    out.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + out + QLatin1Char('"');
}

} // namespace

Review::Review(QString location, QString connection)
    : m_location(std::move(location))
    , m_connection(std::move(connection))
{
}

Review::Review(Review &&other) noexcept
    : m_location(std::move(other.m_location))
    , m_connection(std::move(other.m_connection))
{
    other.m_connection.clear();
}

Review::~Review()
{
    if (m_connection.isEmpty())
        return;
    {
        QSqlDatabase d = QSqlDatabase::database(m_connection, false);
        if (d.isOpen())
            d.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

QSqlDatabase Review::db() const
{
    return QSqlDatabase::database(m_connection, false);
}

Result<Review> Review::open(const QString &location)
{
    const QString name = QStringLiteral("review-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    Result<QSqlDatabase> c = Database::openReadOnly(location, name);
    if (!c) {
        QSqlDatabase::removeDatabase(name);
        return Result<Review>::failure(c.error());
    }
    Review r(location, name);
    QSqlQuery q(r.db());
    if (!q.exec(QStringLiteral("SELECT count(*) FROM orders")))
        return Result<Review>::failure(QStringLiteral("%1 is not a Sentinel record (%2)").arg(location, q.lastError().text().trimmed()));
    if (!q.exec(QStringLiteral("SELECT count(*) FROM trades WHERE 1 = 0")))
        return Result<Review>::failure(QStringLiteral("%1 was written by an earlier Sentinel (schema before 13, without kept trades). "
                                                      "Open a copy of it once in Sentinel (or run sentinel-cli demo --sessions 0 --db COPY) "
                                                      "to bring it up to date; the review never writes to the record it reads.")
                                           .arg(location));
    return r;
}

QString Review::sortColumn(Sort s)
{
    switch (s) {
    case Sort::Opened: return QStringLiteral("opened_at");
    case Sort::Closed: return QStringLiteral("closed_at");
    case Sort::Symbol: return QStringLiteral("symbol");
    case Sort::Strategy: return QStringLiteral("strategy");
    case Sort::Pnl: return QStringLiteral("pnl_value");
    case Sort::Outcome: return QStringLiteral("outcome");
    }
    return QStringLiteral("opened_at");
}

qint64 Review::count(const TradeFilter &f) const
{
    QVariantList binds;
    QSqlQuery q(db());
    q.prepare(QStringLiteral("SELECT count(*) FROM trades") + whereOf(f, binds));
    for (const QVariant &v : binds)
        q.addBindValue(v);
    return q.exec() && q.next() ? q.value(0).toLongLong() : 0;
}

QList<TradeRow> Review::page(const TradeFilter &f, Sort sort, bool ascending, qint64 offset, int limit) const
{
    QVariantList binds;
    QSqlQuery q(db());
    q.setForwardOnly(true);
    // A page past the middle is read from the other end: the database skips at most half.
    bool reversed = false;
    if (offset > 20000) {
        const qint64 total = count(f);
        if (offset > total / 2) {
            reversed = true;
            const qint64 end = std::min<qint64>(total, offset + limit);
            limit = static_cast<int>(std::max<qint64>(0, end - offset));
            offset = total - end;
            ascending = !ascending;
        }
    }
    const QString dir = ascending ? QStringLiteral(" ASC") : QStringLiteral(" DESC");
    // Ties in the sort column go by opening time then id: each index on a sorted column
    // ends in opened_at, so the database never sorts a large group of equal values.
    const QString column = sortColumn(sort);
    const QString order = column == QLatin1String("opened_at") ? QStringLiteral("opened_at%1, id%1").arg(dir)
                                                                : QStringLiteral("%1%2, opened_at%2, id%2").arg(column, dir);
    // The rows skipped are skipped in the index (a deferred join): only the page's rows are read.
    const QString key = db().driverName() == QLatin1String("QPSQL") ? QStringLiteral("id") : QStringLiteral("rowid");
    q.prepare(QStringLiteral("SELECT %1 FROM trades WHERE %2 IN (SELECT %2 FROM trades%3 ORDER BY %4 LIMIT %5 OFFSET %6) ORDER BY %4")
                  .arg(QLatin1String(kTradeColumns), key, whereOf(f, binds), order)
                  .arg(limit)
                  .arg(offset));
    for (const QVariant &v : binds)
        q.addBindValue(v);
    QList<TradeRow> out;
    if (!q.exec())
        return out;
    out.reserve(limit);
    while (q.next())
        out.append(rowFrom(q));
    if (reversed)
        std::reverse(out.begin(), out.end());
    return out;
}

QStringList Review::symbols() const
{
    QStringList out;
    QSqlQuery q(db());
    if (q.exec(QStringLiteral("SELECT DISTINCT symbol FROM trades ORDER BY symbol")))
        while (q.next())
            out << q.value(0).toString();
    return out;
}

std::pair<QDate, QDate> Review::dateRange() const
{
    QSqlQuery q(db());
    if (!q.exec(QStringLiteral("SELECT min(opened_at), max(opened_at) FROM trades")) || !q.next() || q.value(0).isNull())
        return {};
    return {QDate::fromString(q.value(0).toString().left(10), Qt::ISODate), QDate::fromString(q.value(1).toString().left(10), Qt::ISODate)};
}

QStringList Review::strategies() const
{
    QStringList out;
    QSqlQuery q(db());
    if (q.exec(QStringLiteral("SELECT DISTINCT strategy FROM trades WHERE strategy IS NOT NULL ORDER BY strategy")))
        while (q.next())
            out << q.value(0).toString();
    return out;
}

Result<TradeStory> Review::story(const QString &tradeId) const
{
    TradeStory s;
    QSqlQuery q(db());
    q.prepare(QStringLiteral("SELECT %1 FROM trades WHERE id = ?").arg(QLatin1String(kTradeColumns)));
    q.addBindValue(tradeId);
    if (!q.exec() || !q.next())
        return Result<TradeStory>::failure(QStringLiteral("no trade %1 in %2").arg(tradeId, m_location));
    s.trade = rowFrom(q);
    const TradeRow &t = s.trade;
    const auto add = [&s](const QString &stage, const QVariant &at, const QString &text) { s.steps.append({stage, at.toString(), text}); };

    // Signal and proposal.
    q.prepare(QStringLiteral("SELECT p.created_at, p.side, p.qty, p.symbol, p.price, p.stop_price, p.strategy, p.rationale, p.quant, p.status,"
                             " s.created_at, s.strategy, s.selector, s.selection_reason, s.reason, s.confidence, p.session_index"
                             " FROM proposals p LEFT JOIN signals s ON s.id = p.signal_id WHERE p.id = ?"));
    q.addBindValue(t.proposalId);
    int session = -1;
    QVariant proposedAt;
    if (q.exec() && q.next()) {
        session = q.value(16).isNull() ? -1 : q.value(16).toInt();
        proposedAt = q.value(0);
        // The signal and the proposal's verdict are of the proposal's moment (the venue's clock).
        if (!q.value(10).isNull())
            add(QStringLiteral("signal"), proposedAt,
                QStringLiteral("%1 chose %2 (%3): %4 — confidence %5")
                    .arg(q.value(12).toString(), q.value(11).toString(), q.value(13).toString(), q.value(14).toString())
                    .arg(q.value(15).toDouble(), 0, 'f', 2));
        QString text = QStringLiteral("%1 %2 %3 at %4").arg(q.value(1).toString().toUpper(), q.value(2).toString(), q.value(3).toString(),
                                                              q.value(4).toString());
        if (!q.value(5).isNull())
            text += QStringLiteral(", stop %1").arg(q.value(5).toString());
        text += QStringLiteral(" — %1").arg(q.value(7).toString());
        if (!q.value(8).toString().isEmpty())
            text += QStringLiteral(" (quant: %1)").arg(q.value(8).toString());
        add(QStringLiteral("proposal"), q.value(0), text);
    }
    // Verdicts and decisions.
    QVariant approvedAt;
    q.prepare(QStringLiteral("SELECT sim_at FROM decisions WHERE proposal_id = ? AND decision = 'approve'"));
    q.addBindValue(t.proposalId);
    if (q.exec() && q.next())
        approvedAt = q.value(0);
    q.prepare(QStringLiteral("SELECT created_at, stage, kind, summary, binding_rule FROM verdicts WHERE proposal_id = ? ORDER BY id"));
    q.addBindValue(t.proposalId);
    if (q.exec())
        while (q.next())
            add(QStringLiteral("verdict"), q.value(1).toString() == QLatin1String("proposal") ? proposedAt : approvedAt.isNull() ? q.value(0) : approvedAt,
                QStringLiteral("%1 at %2: %3%4").arg(q.value(2).toString(), q.value(1).toString(), q.value(3).toString(),
                                                      q.value(4).toString().isEmpty() ? QString() : QStringLiteral(" (binding: %1)").arg(q.value(4).toString())));
    q.prepare(QStringLiteral("SELECT created_at, decision, operator, reason, sim_at FROM decisions WHERE proposal_id = ? ORDER BY created_at"));
    q.addBindValue(t.proposalId);
    if (q.exec())
        while (q.next())
            add(QStringLiteral("decision"), q.value(4).isNull() ? q.value(0) : q.value(4),
                QStringLiteral("%1 by %2%3%4").arg(q.value(1).toString(), q.value(2).toString(),
                                                   q.value(3).toString().isEmpty() ? QString() : QStringLiteral(": ") + q.value(3).toString(),
                                                   q.value(4).isNull() ? QString() : QStringLiteral(" (recorded %1 UTC)").arg(q.value(0).toString().left(19))));
    // Orders and fills: the entry's (and its legs'), then every sell of the symbol while the trade was open.
    const QString until = t.closedAt.isValid() ? t.closedAt.toString(Qt::ISODateWithMs) : QStringLiteral("9999");
    const QString since = t.openedAt.toString(Qt::ISODateWithMs);
    q.prepare(QStringLiteral("SELECT created_at, side, type, purpose, qty, stop_price, status, filled_avg_price, id FROM orders"
                             " WHERE proposal_id = ? OR (symbol = ? AND external = 0 AND side = 'sell' AND created_at >= ? AND created_at <= ?)"
                             " ORDER BY created_at, id"));
    for (const QVariant &v : {QVariant(t.proposalId), QVariant(t.symbol), QVariant(since.left(10)), QVariant(until)})
        q.addBindValue(v);
    QStringList orderIds;
    if (q.exec())
        while (q.next()) {
            orderIds << q.value(8).toString();
            QString text = QStringLiteral("%1 %2 %3 %4 (%5)").arg(q.value(3).toString(), q.value(2).toString(), q.value(1).toString(),
                                                                  q.value(4).toString(), q.value(6).toString());
            if (!q.value(5).isNull())
                text += QStringLiteral(", stop %1").arg(q.value(5).toString());
            if (!q.value(7).isNull())
                text += QStringLiteral(", filled at %1").arg(q.value(7).toString());
            add(q.value(3).toString() == QLatin1String("entry") ? QStringLiteral("order") : QStringLiteral("exit"), q.value(0), text);
        }
    q.prepare(QStringLiteral("SELECT f.created_at, f.side, f.qty, f.price, o.purpose FROM fills f JOIN orders o ON o.id = f.order_id"
                             " WHERE f.symbol = ? AND o.external = 0 AND f.created_at >= ? AND f.created_at <= ? ORDER BY f.seq"));
    for (const QVariant &v : {QVariant(t.symbol), QVariant(since), QVariant(until)})
        q.addBindValue(v);
    if (q.exec())
        while (q.next())
            add(QStringLiteral("fill"), q.value(0),
                QStringLiteral("%1 %2 at %3 (%4)").arg(q.value(1).toString(), q.value(2).toString(), q.value(3).toString(), q.value(4).toString()));
    if (t.closedAt.isValid())
        add(QStringLiteral("pnl"), QVariant(t.closedAt.toString(Qt::ISODateWithMs)),
            QStringLiteral("%1: %2 %3 in at %4, out at %5 — P&L %6").arg(t.outcome, t.qty.toString(), t.symbol, t.entryPrice.toString(2),
                                                                         t.exitPrice.toString(2), t.pnl.toString(2)));
    else
        add(QStringLiteral("pnl"), QVariant(), QStringLiteral("still open: %1 %2 in at %3").arg(t.qty.toString(), t.symbol, t.entryPrice.toString(2)));
    // The audit narrative of the session it was proposed in, if one was written.
    if (session >= 0) {
        q.prepare(QStringLiteral("SELECT created_at, text, source, flagged FROM narratives WHERE session_index = ? AND kind = 'iteration'"
                                 " ORDER BY created_at LIMIT 1"));
        q.addBindValue(session);
        if (q.exec() && q.next())
            add(QStringLiteral("narrative"), q.value(0),
                QStringLiteral("%1 (%2%3)").arg(q.value(1).toString(), q.value(2).toString(),
                                                q.value(3).toInt() != 0 ? QStringLiteral(", flagged") : QString()));
    }
    // In the pipeline's order; the orders and fills among themselves by the venue's clock.
    const auto rank = [](const QString &stage) {
        static const QStringList order{QStringLiteral("signal"), QStringLiteral("proposal"), QStringLiteral("verdict"), QStringLiteral("decision")};
        const qsizetype i = order.indexOf(stage);
        return i >= 0 ? static_cast<int>(i) : stage == QLatin1String("pnl") ? 6 : stage == QLatin1String("narrative") ? 7 : 5;
    };
    std::stable_sort(s.steps.begin(), s.steps.end(), [&](const TradeStory::Step &a, const TradeStory::Step &b) {
        const int ra = rank(a.stage);
        const int rb = rank(b.stage);
        if (ra != rb)
            return ra < rb;
        return ra == 5 && a.at < b.at;
    });
    return s;
}

ReviewSummary Review::summary(const TradeFilter &f) const
{
    ReviewSummary out;
    QVariantList binds;
    const QString where = whereOf(f, binds);
    const auto run = [&](QSqlQuery &q, const QString &sql) {
        q.setForwardOnly(true);
        q.prepare(sql);
        for (const QVariant &v : binds)
            q.addBindValue(v);
        return q.exec();
    };
    const QString closed = where.isEmpty() ? QStringLiteral(" WHERE closed_at IS NOT NULL") : where + QStringLiteral(" AND closed_at IS NOT NULL");
    QSqlQuery q(db());
    if (run(q, QStringLiteral("SELECT count(*), sum(CASE WHEN closed_at IS NOT NULL THEN 1 ELSE 0 END),"
                              " sum(CASE WHEN outcome = 'win' THEN 1 ELSE 0 END), min(pnl_value), max(pnl_value) FROM trades")
                   + where)
        && q.next()) {
        out.trades = q.value(0).toLongLong();
        out.closed = q.value(1).toLongLong();
        out.wins = q.value(2).toLongLong();
    }
    const double lo = q.value(3).toDouble();
    const double hi = q.value(4).toDouble();
    // Equity and drawdown by day of close, from exact per-day sums (raw units, 1e-9 $).
    Decimal total = Decimal::fromInt(0);
    double peak = 0;
    if (run(q, QStringLiteral("SELECT substr(closed_at, 1, 10) AS d, sum(pnl_raw) FROM trades%1 GROUP BY d ORDER BY d").arg(closed)))
        while (q.next()) {
            const Decimal dayPnl = Decimal::fromRaw(q.value(1).toLongLong());
            total = total + dayPnl;
            const double day = dayPnl.toDouble();
            const double equity = (out.equity.isEmpty() ? 0 : out.equity.last().equity) + day;
            peak = std::max(peak, equity);
            out.equity.append({QDateTime(QDate::fromString(q.value(0).toString(), Qt::ISODate), QTime(0, 0), QTimeZone::utc()), equity, equity - peak});
            out.maxDrawdown = std::min(out.maxDrawdown, equity - peak);
        }
    if (out.equity.size() > 2000) {
        QList<ReviewSummary::Point> thin;
        const double step = out.equity.size() / 2000.0;
        for (double i = 0; i < out.equity.size(); i += step)
            thin.append(out.equity[static_cast<qsizetype>(i)]);
        thin.append(out.equity.last());
        out.equity = thin;
    }
    out.pnl = total;
    // The distribution in 20 equal bins.
    if (out.closed > 0 && hi > lo) {
        const double width = (hi - lo) / 20.0;
        for (int i = 0; i < 20; ++i)
            out.distribution.append({lo + i * width, lo + (i + 1) * width, 0});
        if (run(q, QStringLiteral("SELECT min(19, CAST((pnl_value - %1) / %2 AS INTEGER)) AS b, count(*) FROM trades%3 GROUP BY b")
                       .arg(lo, 0, 'g', 17)
                       .arg(width, 0, 'g', 17)
                       .arg(closed)
                       .replace(QStringLiteral("min(19, "), db().driverName() == QLatin1String("QPSQL") ? QStringLiteral("least(19, ") : QStringLiteral("min(19, "))))
            while (q.next()) {
                const int b = std::clamp(q.value(0).toInt(), 0, 19);
                out.distribution[b].count += q.value(1).toLongLong();
            }
    } else if (out.closed > 0) {
        out.distribution.append({lo, hi, out.closed});
    }
    if (run(q, QStringLiteral("SELECT coalesce(strategy, '(none)'), count(*), sum(CASE WHEN outcome = 'win' THEN 1 ELSE 0 END),"
                              " coalesce(sum(pnl_raw), 0) FROM trades%1 GROUP BY 1 ORDER BY 1")
                   .arg(closed)))
        while (q.next())
            out.strategies.append({q.value(0).toString(), q.value(1).toLongLong(), q.value(2).toLongLong(),
                                   Decimal::fromRaw(q.value(3).toLongLong()).toDouble()});
    return out;
}

Result<qint64> Review::exportCsv(const TradeFilter &f, const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Result<qint64>::failure(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    QVariantList binds;
    QSqlQuery q(db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM trades%2 ORDER BY opened_at, id").arg(QLatin1String(kTradeColumns), whereOf(f, binds)));
    for (const QVariant &v : binds)
        q.addBindValue(v);
    if (!q.exec())
        return Result<qint64>::failure(QStringLiteral("cannot read the trades: %1").arg(q.lastError().text()));
    QByteArray buffer;
    buffer.reserve(1 << 20);
    buffer += "id,symbol,strategy,approval,operator,opened_at,closed_at,qty,entry_price,exit_price,pnl,outcome,exit,proposal_id\r\n";
    qint64 rows = 0;
    QString line;
    line.reserve(512);
    while (q.next()) {
        line.clear();
        for (int i = 0; i < 14; ++i) {
            if (i > 0)
                line += QLatin1Char(',');
            line += csvField(q.value(i).toString());
        }
        line += QLatin1String("\r\n");
        buffer += line.toUtf8(); // one conversion per row
        ++rows;
        if (buffer.size() > (1 << 20) - 4096) {
            file.write(buffer);
            buffer.clear();
        }
    }
    file.write(buffer);
    if (!file.commit())
        return Result<qint64>::failure(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return rows;
}
