// SPDX-License-Identifier: GPL-3.0-or-later
// The operator's desk in the record: decision details, standing approvals, shadow
// positions and the Decisions view's figures (TradeStore's members).
#include "tradestore.h"

#include "journal.h"
#include "sqlvalue.h"

#include <QSqlQuery>
#include <QVariant>

#include <map>

namespace {

QVariant text(const QString &s)
{
    return s.isEmpty() ? QVariant() : QVariant(s);
}

QVariant money(Decimal d)
{
    return d.isValid() && !d.isZero() ? QVariant(d.toString()) : QVariant();
}

QVariant when(const QDateTime &t)
{
    return t.isValid() ? QVariant(t.toUTC().toString(Qt::ISODateWithMs)) : QVariant();
}

double median(std::vector<double> v)
{
    if (v.empty())
        return -1;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

} // namespace

Status TradeStore::recordDecisionDetail(const QString &decisionId, const QString &proposalId, const DecisionDetail &d)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("INSERT INTO decision_details (decision_id, proposal_id, reason_code, note, wait_ms, rule_id) VALUES (?,?,?,?,?,?)"));
    for (const QVariant &v : {QVariant(decisionId), QVariant(proposalId), text(d.reasonCode), text(d.note),
                              d.waitMs >= 0 ? QVariant(d.waitMs) : QVariant(), text(d.ruleId)})
        q.addBindValue(v);
    if (Status s = exec(q, "record decision detail"); !s)
        return s;
    return journal::append(m_db.handle(), "detail", decisionId);
}

Status TradeStore::recordStanding(const StandingApproval &a)
{
    return transaction([&]() -> Status {
        QSqlQuery q(m_db.handle());
        q.prepare(QStringLiteral("DELETE FROM standing_approvals WHERE id = ?"));
        q.addBindValue(a.id);
        if (Status s = exec(q, "record standing approval"); !s)
            return s;
        q.prepare(QStringLiteral("INSERT INTO standing_approvals (id, kind, max_notional, min_accuracy, created_at, expires_at, actor, ended_at,"
                                 " end_reason) VALUES (?,?,?,?,?,?,?,?,?)"));
        for (const QVariant &v : {QVariant(a.id), QVariant(StandingApproval::kindId(a.kind)), money(a.maxNotional),
                                  a.minAccuracy > 0 ? QVariant(QString::number(a.minAccuracy, 'f', 4)) : QVariant(), when(a.createdAt),
                                  when(a.expiresAt), QVariant(a.actor), when(a.endedAt), text(a.endReason)})
            q.addBindValue(v);
        if (Status s = exec(q, "record standing approval"); !s)
            return s;
        return journal::append(m_db.handle(), "standing", a.id);
    });
}

QList<StandingApproval> TradeStore::loadStanding() const
{
    QList<StandingApproval> out;
    QSqlQuery q(m_db.handle());
    if (!q.exec(QStringLiteral("SELECT id, kind, max_notional, min_accuracy, created_at, expires_at, actor, ended_at, end_reason"
                               " FROM standing_approvals ORDER BY created_at, id")))
        return out;
    while (q.next()) {
        StandingApproval a;
        a.id = q.value(0).toString();
        a.kind = StandingApproval::kindFrom(q.value(1).toString()).value_or(StandingApproval::Kind::Reducing);
        a.maxNotional = sqlvalue::decimal(q.value(2));
        a.minAccuracy = q.value(3).isNull() ? 0.0 : q.value(3).toString().toDouble();
        a.createdAt = sqlvalue::time(q.value(4));
        a.expiresAt = sqlvalue::time(q.value(5));
        a.actor = q.value(6).toString();
        a.endedAt = sqlvalue::time(q.value(7));
        a.endReason = q.value(8).toString();
        out.append(a);
    }
    return out;
}

Status TradeStore::saveShadow(const ShadowPosition &s)
{
    // Updated in place, so the shadows keep the order they opened in.
    const QList<QVariant> moving{QVariant(s.qty.toString()), QVariant(s.entryPrice.toString()), money(s.atr), money(s.stop), text(s.stopRule),
                                 money(s.target), money(s.highest), money(s.lowest), QVariant(s.barsHeld), when(s.openedAt), when(s.closedAt),
                                 money(s.exitPrice), text(s.exitRule), money(s.lastPrice)};
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("UPDATE shadow_positions SET qty = ?, entry_price = ?, atr = ?, stop = ?, stop_rule = ?, target = ?, highest = ?,"
                             " lowest = ?, bars_held = ?, opened_at = ?, closed_at = ?, exit_price = ?, exit_rule = ?, last_price = ?"
                             " WHERE proposal_id = ?"));
    for (const QVariant &v : moving)
        q.addBindValue(v);
    q.addBindValue(s.proposalId);
    if (Status r = exec(q, "save shadow position"); !r)
        return r;
    if (q.numRowsAffected() > 0)
        return {};
    q.prepare(QStringLiteral("INSERT INTO shadow_positions (proposal_id, symbol, strategy, cause, reason_code, qty, entry_price, atr, stop,"
                             " stop_rule, target, highest, lowest, bars_held, opened_at, closed_at, exit_price, exit_rule, last_price)"
                             " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    for (const QVariant &v : {QVariant(s.proposalId), QVariant(s.symbol), text(s.strategy), QVariant(s.cause), text(s.reasonCode)})
        q.addBindValue(v);
    for (const QVariant &v : moving)
        q.addBindValue(v);
    return exec(q, "save shadow position");
}

QList<ShadowPosition> TradeStore::loadShadows() const
{
    QList<ShadowPosition> out;
    QSqlQuery q(m_db.handle());
    if (!q.exec(QStringLiteral("SELECT proposal_id, symbol, strategy, cause, reason_code, qty, entry_price, atr, stop, stop_rule, target, highest,"
                               " lowest, bars_held, opened_at, closed_at, exit_price, exit_rule, last_price FROM shadow_positions ORDER BY rowid")))
        return out;
    while (q.next()) {
        ShadowPosition s;
        s.proposalId = q.value(0).toString();
        s.symbol = q.value(1).toString();
        s.strategy = q.value(2).toString();
        s.cause = q.value(3).toString();
        s.reasonCode = q.value(4).toString();
        s.qty = sqlvalue::decimal(q.value(5));
        s.entryPrice = sqlvalue::decimal(q.value(6));
        s.atr = sqlvalue::decimal(q.value(7));
        s.stop = sqlvalue::decimal(q.value(8));
        s.stopRule = q.value(9).toString();
        s.target = sqlvalue::decimal(q.value(10));
        s.highest = sqlvalue::decimal(q.value(11));
        s.lowest = sqlvalue::decimal(q.value(12));
        s.barsHeld = q.value(13).toInt();
        s.openedAt = sqlvalue::time(q.value(14));
        s.closedAt = sqlvalue::time(q.value(15));
        s.exitPrice = sqlvalue::decimal(q.value(16));
        s.exitRule = q.value(17).toString();
        s.lastPrice = sqlvalue::decimal(q.value(18));
        out.append(s);
    }
    return out;
}

DecisionStats TradeStore::decisionStats(const QList<ShadowPosition> &shadows) const
{
    struct Acc
    {
        DecisionStatsRow row;
        std::vector<double> waits;
    };
    std::map<QString, Acc> byStrategy;
    std::map<QString, Acc> byReason;
    Acc total;
    total.row.group = QStringLiteral("All");
    QHash<QString, QString> strategyOf;
    QSqlQuery q(m_db.handle());
    q.setForwardOnly(true);
    if (q.exec(QStringLiteral("SELECT id, strategy, status FROM proposals WHERE status IN ('approved', 'vetoed', 'expired', 'rejected_at_approval')"))) {
        while (q.next()) {
            const QString strategy = q.value(1).toString();
            const QString status = q.value(2).toString();
            strategyOf.insert(q.value(0).toString(), strategy);
            for (Acc *a : {&total, &byStrategy[strategy]}) {
                ++a->row.decided;
                a->row.approved += status == QLatin1String("approved") || status == QLatin1String("rejected_at_approval") ? 1 : 0;
                a->row.vetoed += status == QLatin1String("vetoed") ? 1 : 0;
                a->row.expired += status == QLatin1String("expired") ? 1 : 0;
            }
            if (status == QLatin1String("expired"))
                ++byReason[QStringLiteral("expired")].row.decided;
        }
    }
    if (q.exec(QStringLiteral("SELECT d.proposal_id, d.decision, d.reason, dd.reason_code, dd.wait_ms, dd.rule_id FROM decisions d"
                              " LEFT JOIN decision_details dd ON dd.decision_id = d.id"))) {
        while (q.next()) {
            const QString proposal = q.value(0).toString();
            const QString decision = q.value(1).toString();
            const bool automatic = q.value(2).toString().startsWith(QLatin1String("automatic")) || !q.value(5).isNull();
            const QString strategy = strategyOf.value(proposal);
            Acc &s = byStrategy[strategy];
            if (decision == QLatin1String("reprice")) {
                ++total.row.repriced;
                ++s.row.repriced;
                continue;
            }
            if (decision != QLatin1String("approve") && decision != QLatin1String("veto"))
                continue;
            if (decision == QLatin1String("approve") && automatic) {
                ++total.row.automatic;
                ++s.row.automatic;
            }
            const bool waited = !q.value(4).isNull() && !automatic;
            if (waited) {
                total.waits.push_back(q.value(4).toDouble() / 1000.0);
                s.waits.push_back(q.value(4).toDouble() / 1000.0);
            }
            if (decision == QLatin1String("veto")) {
                const QString code = q.value(3).isNull() ? QStringLiteral("other") : q.value(3).toString();
                Acc &r = byReason[code];
                ++r.row.decided;
                ++r.row.vetoed;
                if (waited)
                    r.waits.push_back(q.value(4).toDouble() / 1000.0);
            }
        }
    }
    for (const ShadowPosition &sh : shadows) {
        const QString reason = sh.cause == QLatin1String("expired") ? QStringLiteral("expired")
                               : sh.reasonCode.isEmpty()             ? QStringLiteral("other")
                                                                     : sh.reasonCode;
        for (Acc *a : {&total, &byStrategy[sh.strategy], &byReason[reason]}) {
            ++a->row.shadows;
            a->row.shadowsOpen += sh.isOpen() ? 1 : 0;
            a->row.shadowPnl += sh.pnl();
        }
    }
    DecisionStats out;
    total.row.medianDecideS = median(total.waits);
    out.total = total.row;
    for (auto &[name, a] : byStrategy) {
        a.row.group = name.isEmpty() ? QStringLiteral("(none)") : name;
        a.row.medianDecideS = median(a.waits);
        out.byStrategy.append(a.row);
    }
    // The reasons in the order the veto prompt lists them, expiries last.
    QStringList order = vetoreason::codes();
    order.append(QStringLiteral("expired"));
    for (const QString &code : order)
        if (auto it = byReason.find(code); it != byReason.end()) {
            it->second.row.group = code == QLatin1String("expired") ? QStringLiteral("Expired") : vetoreason::label(code);
            it->second.row.medianDecideS = median(it->second.waits);
            if (code == QLatin1String("expired"))
                it->second.row.expired = it->second.row.decided;
            out.byReason.append(it->second.row);
        }
    return out;
}
