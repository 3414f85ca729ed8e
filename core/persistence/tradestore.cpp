// SPDX-License-Identifier: GPL-3.0-or-later
#include "tradestore.h"

#include "journal.h"
#include "sqlvalue.h"
#include "model/modelclient.h"
#include "model/narrative.h"
#include "util/ids.h"
#include "util/logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>
#include <QVariant>

namespace {

QString ts(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QString nowUtc()
{
    return ts(QDateTime::currentDateTimeUtc());
}

QVariant dec(Decimal d)
{
    return d.isValid() ? QVariant(d.toString()) : QVariant();
}

Decimal toDec(const QVariant &v)
{
    return sqlvalue::decimal(v);
}

QDateTime toTime(const QVariant &v)
{
    return sqlvalue::time(v);
}

} // namespace

TradeStore::TradeStore(Database &db)
    : m_db(db)
{
}

Status TradeStore::exec(QSqlQuery &q, const char *what) const
{
    if (q.exec())
        return {};
    const QString why = QStringLiteral("%1 failed: %2").arg(QLatin1String(what), q.lastError().text());
    qCCritical(lcDb) << why;
    return Status::failure(why);
}

Status TradeStore::begin()
{
    QSqlDatabase db = m_db.handle();
    return db.transaction() ? Status() : Status::failure(QStringLiteral("begin failed: %1").arg(db.lastError().text()));
}

Status TradeStore::commit()
{
    QSqlDatabase db = m_db.handle();
    if (db.commit())
        return {};
    const QString why = QStringLiteral("commit failed: %1").arg(db.lastError().text());
    qCCritical(lcDb) << why;
    db.rollback();
    return Status::failure(why);
}

void TradeStore::rollback()
{
    m_db.handle().rollback();
}

Status TradeStore::transaction(const std::function<Status()> &body)
{
    if (m_depth > 0) {
        ++m_depth;
        const Status s = body();
        --m_depth;
        if (!s && m_innerFailure.isEmpty())
            m_innerFailure = s.error();
        return s;
    }
    if (Status s = begin(); !s)
        return s;
    m_depth = 1;
    m_innerFailure.clear();
    const Status s = body();
    m_depth = 0;
    if (!s) {
        rollback();
        return s;
    }
    if (!m_innerFailure.isEmpty()) {
        // A nested step failed even if its caller went on: nothing of it is kept.
        rollback();
        return Status::failure(m_innerFailure);
    }
    return commit();
}

Status TradeStore::beginRun(const QString &id, const QString &kind, const QString &params)
{
    // The record and its journal entry are written together, or neither.
    return transaction([&]() -> Status {
        QSqlQuery q(m_db.handle());
        q.prepare(QStringLiteral("INSERT INTO runs (id, kind, started_at, status, params) VALUES (?, ?, ?, 'running', ?)"));
        q.addBindValue(id);
        q.addBindValue(kind);
        q.addBindValue(nowUtc());
        q.addBindValue(params);
        if (Status s = exec(q, "insert run"); !s)
            return s;
        return journal::append(m_db.handle(), "run", id);
    });
}

Status TradeStore::recordSettings(const QString &settings, const QString &actor)
{
    return transaction([&]() -> Status {
        QSqlQuery q(m_db.handle());
        QString previous;
        QString previousId;
        if (q.exec(QStringLiteral("SELECT id, settings FROM settings_changes ORDER BY at DESC, rowid DESC LIMIT 1")) && q.next()) {
            previousId = q.value(0).toString();
            previous = q.value(1).toString();
        }
        if (!previousId.isEmpty() && previous == settings)
            return {};
        const QString id = newId("set");
        q.prepare(QStringLiteral("INSERT INTO settings_changes (id, at, actor, settings, previous) VALUES (?,?,?,?,?)"));
        for (const QVariant &v : {QVariant(id), QVariant(nowUtc()), QVariant(actor.isEmpty() ? qEnvironmentVariable("USER", QStringLiteral("operator")) : actor),
                                  QVariant(settings), previousId.isEmpty() ? QVariant() : QVariant(previousId)})
            q.addBindValue(v);
        if (Status s = exec(q, "record settings"); !s)
            return s;
        return journal::append(m_db.handle(), "settings", id);
    });
}

Status TradeStore::recordApprovalEdit(const QString &proposalId, const ApprovalEditRecord &e)
{
    QSqlQuery q(m_db.handle());
    const QString id = newId("edt");
    q.prepare(QStringLiteral("INSERT INTO approval_edits (id, proposal_id, at, actor, original_qty, original_stop, original_price, edited_qty,"
                             " edited_stop, limit_price, summary) VALUES (?,?,?,?,?,?,?,?,?,?,?)"));
    const auto money = [](Decimal d) { return d.isPositive() ? QVariant(d.toString()) : QVariant(); };
    for (const QVariant &v : {QVariant(id), QVariant(proposalId), QVariant(nowUtc()),
                              QVariant(e.actor.isEmpty() ? qEnvironmentVariable("USER", QStringLiteral("operator")) : e.actor),
                              QVariant(e.originalQty.toString()), money(e.originalStop), money(e.originalPrice), QVariant(e.editedQty.toString()),
                              money(e.editedStop), money(e.limitPrice), QVariant(e.summary)})
        q.addBindValue(v);
    if (Status s = exec(q, "record approval edit"); !s)
        return s;
    return journal::append(m_db.handle(), "edit", id);
}

QList<TradeStore::ApprovalEditRecord> TradeStore::approvalEdits(const QString &proposalId) const
{
    QList<ApprovalEditRecord> out;
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("SELECT original_qty, original_stop, original_price, edited_qty, edited_stop, limit_price, summary, actor"
                             " FROM approval_edits WHERE proposal_id = ? ORDER BY rowid"));
    q.addBindValue(proposalId);
    if (!q.exec())
        return out;
    const auto dec = [&](int i) { return q.value(i).isNull() ? Decimal() : Decimal::parse(q.value(i).toString()).value_or(Decimal::invalid()); };
    while (q.next())
        out.append({dec(0), dec(1), dec(2), dec(3), dec(4), dec(5), q.value(6).toString(), q.value(7).toString()});
    return out;
}

Status TradeStore::startJournal()
{
    return transaction([&] { return journal::start(m_db.handle()); });
}

Status TradeStore::finishRun(const QString &id, const QString &status, const QString &error)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("UPDATE runs SET finished_at = ?, status = ?, error = ? WHERE id = ?"));
    q.addBindValue(nowUtc());
    q.addBindValue(status);
    // A failed run always says why (SPEC §10.2).
    q.addBindValue(status != QLatin1String("ok") && error.isEmpty() ? QStringLiteral("failed without a reported reason") : error);
    q.addBindValue(id);
    return exec(q, "finish run");
}

int TradeStore::closeStaleRuns()
{
    QSqlQuery q(m_db.handle());
    // When it stopped: the time of the last entry the journal holds (every decision,
    // intent change and breaker event is one).
    QString last;
    if (q.exec(QStringLiteral("SELECT max(at) FROM journal")) && q.next())
        last = q.value(0).toString();
    q.prepare(QStringLiteral("UPDATE runs SET status = 'failed', finished_at = ?, error = ? WHERE status = 'running'"));
    q.addBindValue(nowUtc());
    q.addBindValue(last.isEmpty() ? QStringLiteral("the process ended without closing this run (killed or crashed)")
                                  : QStringLiteral("the process ended without closing this run (killed or crashed); its last record was at %1").arg(last));
    return exec(q, "close stale runs") ? q.numRowsAffected() : 0;
}

Status TradeStore::recordIteration(const IterationSummary &it, const QString &runId)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("INSERT INTO iterations (id, run_id, session, session_index, started_at, status, error,"
                             " symbols_requested, symbols_valid, data_ms, strategy_ms, risk_ms, record_ms, total_ms,"
                             " signals, proposals, quant_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    for (const QVariant &v : {QVariant(it.correlationId), QVariant(runId), QVariant(it.session.toString(Qt::ISODate)),
                              QVariant(it.sessionIndex), QVariant(ts(it.startedAt)), QVariant(it.status),
                              it.error.isEmpty() ? QVariant() : QVariant(it.error), QVariant(it.symbolsRequested),
                              QVariant(it.symbolsValid), QVariant(it.dataMs), QVariant(it.strategyMs), QVariant(it.riskMs),
                              QVariant(it.recordMs), QVariant(it.totalMs), QVariant(it.signals), QVariant(it.proposals), QVariant(it.quantMs)})
        q.addBindValue(v);
    return exec(q, "insert iteration");
}

Status TradeStore::recordDataIssue(const QString &correlationId, const QString &symbol, const QString &reason)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("INSERT INTO data_issues (correlation_id, symbol, reason, created_at) VALUES (?,?,?,?)"));
    q.addBindValue(correlationId);
    q.addBindValue(symbol);
    q.addBindValue(reason);
    q.addBindValue(nowUtc());
    return exec(q, "insert data issue");
}

QList<Bar> TradeStore::loadBars() const
{
    QList<Bar> out;
    QSqlQuery q(m_db.handle());
    q.setForwardOnly(true);
    q.exec(QStringLiteral("SELECT symbol, session, open, high, low, close, volume FROM bars ORDER BY symbol, session"));
    while (q.next())
        out.append({q.value(0).toString(), QDate::fromString(q.value(1).toString(), Qt::ISODate), toDec(q.value(2)), toDec(q.value(3)),
                    toDec(q.value(4)), toDec(q.value(5)), q.value(6).toLongLong()});
    return out;
}

Status TradeStore::recordBars(const QList<Bar> &bars)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("INSERT INTO bars (symbol, session, open, high, low, close, volume) VALUES (?,?,?,?,?,?,?)"
                             " ON CONFLICT (symbol, session) DO NOTHING"));
    for (const Bar &b : bars) {
        q.addBindValue(b.symbol);
        q.addBindValue(b.session.toString(Qt::ISODate));
        q.addBindValue(b.open.toString());
        q.addBindValue(b.high.toString());
        q.addBindValue(b.low.toString());
        q.addBindValue(b.close.toString());
        q.addBindValue(b.volume);
        if (Status s = exec(q, "insert bar"); !s)
            return s;
    }
    return {};
}

Status TradeStore::recordSignal(const Signal &s)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("INSERT INTO signals (id, correlation_id, symbol, session, strategy, selector, selection_reason,"
                             " direction, confidence, reason, price, atr, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    for (const QVariant &v : {QVariant(s.id), QVariant(s.correlationId), QVariant(s.symbol), QVariant(s.session.toString(Qt::ISODate)),
                              QVariant(s.strategy), QVariant(s.selector), QVariant(s.selectionReason),
                              QVariant(textOf(s.direction)), QVariant(s.confidence), QVariant(s.reason), dec(s.price),
                              QVariant(s.atr), QVariant(nowUtc())})
        q.addBindValue(v);
    return exec(q, "insert signal");
}

Status TradeStore::recordProposal(const Proposal &p)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("INSERT INTO proposals (id, signal_id, correlation_id, symbol, side, reducing, qty, price, stop_price,"
                             " confidence, strategy, rationale, status, decision_reason, session_index, created_at, updated_at, quant)"
                             " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    for (const QVariant &v : {QVariant(p.id), QVariant(p.signalId), QVariant(p.correlationId), QVariant(p.symbol),
                              QVariant(textOf(p.side)), QVariant(p.reducing ? 1 : 0), dec(p.qty), dec(p.price),
                              dec(p.stopPrice), QVariant(p.confidence), QVariant(p.strategy), QVariant(p.rationale),
                              QVariant(textOf(p.status)), QVariant(p.decisionReason), QVariant(p.session),
                              QVariant(ts(p.createdAt)), QVariant(nowUtc()), QVariant(p.quant)})
        q.addBindValue(v);
    if (Status s = exec(q, "insert proposal"); !s)
        return s;
    return recordVerdict(p.id, QStringLiteral("proposal"), p.verdict);
}

Status TradeStore::updateProposal(const Proposal &p)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("UPDATE proposals SET qty = ?, status = ?, decision_reason = ?, updated_at = ? WHERE id = ?"));
    q.addBindValue(p.qty.toString());
    q.addBindValue(textOf(p.status));
    q.addBindValue(p.decisionReason);
    q.addBindValue(nowUtc());
    q.addBindValue(p.id);
    return exec(q, "update proposal");
}

Status TradeStore::recordVerdict(const QString &proposalId, const QString &stage, const RiskVerdict &v)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("INSERT INTO verdicts (proposal_id, stage, kind, requested_qty, final_qty, final_notional,"
                             " binding_rule, summary, created_at) VALUES (?,?,?,?,?,?,?,?,?) RETURNING id"));
    for (const QVariant &x : {QVariant(proposalId), QVariant(stage), QVariant(textOf(v.kind)), dec(v.requestedQty),
                              dec(v.finalQty), dec(v.finalNotional), QVariant(v.bindingRule), QVariant(v.summary),
                              QVariant(nowUtc())})
        q.addBindValue(x);
    if (Status s = exec(q, "insert verdict"); !s)
        return s;
    if (!q.next())
        return Status::failure(QStringLiteral("insert verdict returned no id"));
    const qint64 verdictId = q.value(0).toLongLong();
    QSqlQuery r(m_db.handle());
    r.prepare(QStringLiteral("INSERT INTO verdict_rules (verdict_id, position, rule, outcome, value, limit_text, allowed_qty, note, unit)"
                             " VALUES (?,?,?,?,?,?,?,?,?)"));
    int pos = 0;
    for (const RuleResult &rr : v.rules) {
        for (const QVariant &x : {QVariant(verdictId), QVariant(pos++), QVariant(rr.rule), QVariant(textOf(rr.outcome)),
                                  dec(rr.value), dec(rr.limit), dec(rr.allowedQty), QVariant(rr.note), QVariant(textOf(rr.unit))})
            r.addBindValue(x);
        if (Status s = exec(r, "insert verdict rule"); !s)
            return s;
    }
    return {};
}

QString TradeStore::decidedBy(const QString &proposalId) const
{
    QSqlQuery d(m_db.handle());
    d.prepare(QStringLiteral("SELECT decision, operator, created_at FROM decisions WHERE proposal_id = ? AND decision IN ('approve', 'veto')"));
    d.addBindValue(proposalId);
    if (!d.exec() || !d.next())
        return {};
    return QStringLiteral("proposal %1 was already decided: %2 by %3 at %4")
        .arg(proposalId, d.value(0).toString() == QLatin1String("approve") ? QStringLiteral("approved") : QStringLiteral("vetoed"),
             d.value(1).toString(), d.value(2).toString());
}

Status TradeStore::recordDecision(const QString &proposalId, const QString &decision, const QString &reason, const QString &actor,
                                  const DecisionDetail *detail)
{
    // The record and its journal entry are written together, or neither.
    return transaction([&]() -> Status {
        QSqlQuery q(m_db.handle());
        if (decision == QLatin1String("approve") || decision == QLatin1String("veto"))
            if (const QString taken = decidedBy(proposalId); !taken.isEmpty()) {
                qCWarning(lcDb).noquote() << taken;
                return Status::failure(taken);
            }
        q.prepare(QStringLiteral("INSERT INTO decisions (id, proposal_id, decision, reason, operator, created_at, sim_at) VALUES (?,?,?,?,?,?,?)"));
        const QString id = newId("dec");
        q.addBindValue(id);
        q.addBindValue(proposalId);
        q.addBindValue(decision);
        q.addBindValue(reason);
        q.addBindValue(actor.isEmpty() ? qEnvironmentVariable("USER", QStringLiteral("operator")) : actor);
        q.addBindValue(nowUtc());
        const QDateTime sim = m_simNow ? m_simNow() : QDateTime();
        q.addBindValue(sim.isValid() ? QVariant(ts(sim)) : QVariant());
        if (!q.exec()) {
            // One approve or veto per proposal: the database refuses a second (another
            // workstation's, decided at the same moment, is caught here).
            const QString why = q.lastError().text();
            const bool second = decision == QLatin1String("approve") || decision == QLatin1String("veto");
            const QString msg = second ? QStringLiteral("proposal %1 could not be decided: another decision of it was recorded at the same moment "
                                                        "(%2)").arg(proposalId, why)
                                       : QStringLiteral("insert decision failed: %1").arg(why);
            qCCritical(lcDb).noquote() << msg;
            return Status::failure(msg);
        }
        if (Status r = journal::append(m_db.handle(), "decision", id); !r)
            return r;
        return detail ? recordDecisionDetail(id, proposalId, *detail) : Status();
    });
}

Status TradeStore::recordOrder(const Order &o)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("INSERT INTO orders (id, client_order_id, proposal_id, symbol, side, type, purpose, qty, stop_price,"
                             " status, filled_qty, filled_avg_price, reason, created_at, updated_at, terms, parent_id, external)"
                             " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                             " ON CONFLICT(id) DO UPDATE SET status = excluded.status, qty = excluded.qty,"
                             " filled_qty = excluded.filled_qty, filled_avg_price = excluded.filled_avg_price,"
                             " reason = excluded.reason, updated_at = excluded.updated_at, terms = excluded.terms,"
                             " stop_price = excluded.stop_price"));
    for (const QVariant &v : {QVariant(o.id), QVariant(o.clientOrderId), QVariant(o.proposalId), QVariant(o.symbol),
                              QVariant(textOf(o.side)), QVariant(textOf(o.type)), QVariant(textOf(o.purpose)),
                              dec(o.qty), dec(o.stopPrice), QVariant(textOf(o.status)), dec(o.filledQty),
                              dec(o.filledAvgPrice), QVariant(o.reason), QVariant(ts(o.createdAt)), QVariant(ts(o.updatedAt)),
                              QVariant(termsJson(o)), QVariant(o.parentId), QVariant(o.external ? 1 : 0)})
        q.addBindValue(v);
    if (Status s = exec(q, "upsert order"); !s)
        return s;
    QSqlQuery e(m_db.handle());
    e.prepare(QStringLiteral("INSERT INTO order_events (order_id, status, reason, created_at) VALUES (?,?,?,?)"));
    e.addBindValue(o.id);
    e.addBindValue(textOf(o.status));
    e.addBindValue(o.reason);
    e.addBindValue(ts(o.updatedAt));
    return exec(e, "insert order event");
}

Status TradeStore::recordFill(const Fill &f, bool *inserted)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("INSERT INTO fills (id, order_id, symbol, side, qty, price, created_at) VALUES (?,?,?,?,?,?,?)"
                             " ON CONFLICT(id) DO NOTHING"));
    for (const QVariant &v : {QVariant(f.id), QVariant(f.orderId), QVariant(f.symbol), QVariant(textOf(f.side)), dec(f.qty),
                              dec(f.price), QVariant(ts(f.time))})
        q.addBindValue(v);
    if (Status s = exec(q, "insert fill"); !s)
        return s;
    const bool added = q.numRowsAffected() == 1;
    if (inserted)
        *inserted = added;
    return added ? applyToTrades(f) : Status();
}

Status TradeStore::applyToTrades(const Fill &f)
{
    // The round trip this fill belongs to: a buy into a flat book opens one, buys add to
    // it, sells take from it, and the sell that flattens it closes it with its P&L.
    // Orders Sentinel did not place are not Sentinel's trades.
    QSqlQuery o(m_db.handle());
    o.prepare(QStringLiteral("SELECT o.external, o.purpose, o.proposal_id, p.strategy FROM orders o LEFT JOIN proposals p ON p.id = o.proposal_id"
                             " WHERE o.id = ?"));
    o.addBindValue(f.orderId);
    if (!o.exec() || !o.next())
        return Status::failure(QStringLiteral("trade of fill %1: its order %2 is not recorded").arg(f.id, f.orderId));
    if (o.value(0).toInt() != 0)
        return {};
    const QString purpose = o.value(1).toString();
    const QString proposalId = o.value(2).toString();
    const QString strategy = o.value(3).toString();
    QSqlQuery t(m_db.handle());
    t.prepare(QStringLiteral("SELECT id, buy_qty, buy_cost, sell_qty, sell_proceeds FROM trades WHERE symbol = ? AND closed_at IS NULL"));
    t.addBindValue(f.symbol);
    if (!t.exec())
        return Status::failure(QStringLiteral("trade of fill %1: %2").arg(f.id, t.lastError().text()));
    const Decimal amount = f.qty * f.price;
    if (!t.next()) {
        if (f.side != Side::Buy)
            return {}; // a sale of a position opened before the record began
        QSqlQuery d(m_db.handle());
        d.prepare(QStringLiteral("SELECT operator FROM decisions WHERE proposal_id = ? AND decision = 'approve'"));
        d.addBindValue(proposalId);
        const QString op = d.exec() && d.next() ? d.value(0).toString() : QString();
        // Automatic: a standing approval rule or the system; anyone else is a trader.
        const bool automatic = op == QLatin1String("standing_approval") || op == QLatin1String("system") || op.startsWith(QLatin1String("auto"));
        QSqlQuery i(m_db.handle());
        i.prepare(QStringLiteral("INSERT INTO trades (id, symbol, strategy, proposal_id, approval, operator, opened_at, buy_qty, buy_cost,"
                                 " sell_qty, sell_proceeds, entry_price, outcome) VALUES (?,?,?,?,?,?,?,?,?,'0','0',?,'open')"));
        for (const QVariant &v : {QVariant(QStringLiteral("trd_") + f.id), QVariant(f.symbol), QVariant(strategy), QVariant(proposalId),
                                  QVariant(automatic ? QStringLiteral("automatic") : QStringLiteral("trader")), QVariant(op), QVariant(ts(f.time)),
                                  dec(f.qty), dec(amount), dec(f.price)})
            i.addBindValue(v);
        return exec(i, "open trade");
    }
    const QString id = t.value(0).toString();
    Decimal buyQty = toDec(t.value(1));
    Decimal buyCost = toDec(t.value(2));
    Decimal sellQty = toDec(t.value(3));
    Decimal proceeds = toDec(t.value(4));
    if (f.side == Side::Buy) {
        buyQty = buyQty + f.qty;
        buyCost = buyCost + amount;
    } else {
        sellQty = sellQty + f.qty;
        proceeds = proceeds + amount;
    }
    const bool closed = sellQty >= buyQty;
    const Decimal pnl = proceeds - buyCost;
    QSqlQuery u(m_db.handle());
    u.prepare(QStringLiteral("UPDATE trades SET buy_qty = ?, buy_cost = ?, sell_qty = ?, sell_proceeds = ?, entry_price = ?, exit_price = ?,"
                             " exit_purpose = coalesce(?, exit_purpose), closed_at = ?, pnl = ?, pnl_value = ?, pnl_raw = ?, outcome = ? WHERE id = ?"));
    for (const QVariant &v : {dec(buyQty), dec(buyCost), dec(sellQty), dec(proceeds), dec(buyCost.dividedBy(buyQty, 4)),
                              sellQty.isPositive() ? dec(proceeds.dividedBy(sellQty, 4)) : QVariant(),
                              f.side == Side::Sell ? QVariant(purpose) : QVariant(), closed ? QVariant(ts(f.time)) : QVariant(),
                              closed ? dec(pnl) : QVariant(), closed ? QVariant(pnl.toDouble()) : QVariant(),
                              closed ? QVariant(static_cast<qlonglong>(pnl.raw())) : QVariant(),
                              QVariant(!closed ? QStringLiteral("open") : pnl.isPositive() ? QStringLiteral("win")
                                                                         : pnl.isNegative() ? QStringLiteral("loss") : QStringLiteral("flat")),
                              QVariant(id)})
        u.addBindValue(v);
    return exec(u, "update trade");
}

Status TradeStore::rebuildTrades()
{
    // Records written before trades were kept get them from their fills, once.
    QSqlQuery q(m_db.handle());
    if (!q.exec(QStringLiteral("SELECT (SELECT count(*) FROM trades), (SELECT count(*) FROM fills)")) || !q.next())
        return Status::failure(QStringLiteral("cannot count trades: %1").arg(q.lastError().text()));
    if (q.value(0).toLongLong() > 0 || q.value(1).toLongLong() == 0)
        return {};
    const QList<Fill> fills = loadFills();
    return transaction([&]() -> Status {
        for (const Fill &f : fills)
            if (Status s = applyToTrades(f); !s)
                return s;
        return {};
    });
}

Status TradeStore::recordEquity(const EquityPoint &p)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("INSERT INTO equity_curve (session_index, session, time, cash, positions_value, equity, fill_count)"
                             " VALUES (?,?,?,?,?,?,?)"));
    for (const QVariant &v : {QVariant(p.sessionIndex), QVariant(p.session.toString(Qt::ISODate)), QVariant(ts(p.time)),
                              dec(p.cash), dec(p.positionsValue), dec(p.equity), QVariant(p.fillCount)})
        q.addBindValue(v);
    return exec(q, "insert equity point");
}

Status TradeStore::setState(const QString &key, const QString &value)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("INSERT INTO app_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
    q.addBindValue(key);
    q.addBindValue(value);
    return exec(q, "set state");
}

QString TradeStore::state(const QString &key, const QString &fallback) const
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("SELECT value FROM app_state WHERE key = ?"));
    q.addBindValue(key);
    if (q.exec() && q.next())
        return q.value(0).toString();
    return fallback;
}

QList<Fill> TradeStore::loadFills() const
{
    QList<Fill> out;
    QSqlQuery q(m_db.handle());
    q.exec(QStringLiteral("SELECT id, order_id, symbol, side, qty, price, created_at FROM fills ORDER BY seq"));
    while (q.next()) {
        Fill f;
        f.id = q.value(0).toString();
        f.orderId = q.value(1).toString();
        f.symbol = q.value(2).toString();
        f.side = sideFromString(q.value(3).toString()).value_or(Side::Buy);
        f.qty = toDec(q.value(4));
        f.price = toDec(q.value(5));
        f.time = toTime(q.value(6));
        out.append(f);
    }
    return out;
}

QList<Order> TradeStore::loadOrders(const QString &where, int limit) const
{
    QList<Order> out;
    QSqlQuery q(m_db.handle());
    QString sql = QStringLiteral("SELECT id, client_order_id, proposal_id, symbol, side, type, purpose, qty, stop_price, status,"
                                 " filled_qty, filled_avg_price, reason, created_at, updated_at, terms, parent_id, external FROM orders");
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where;
    sql += QStringLiteral(" ORDER BY created_at DESC, rowid DESC");
    if (limit > 0)
        sql += QStringLiteral(" LIMIT %1").arg(limit);
    q.exec(sql);
    while (q.next()) {
        Order o;
        o.id = q.value(0).toString();
        o.clientOrderId = q.value(1).toString();
        o.proposalId = q.value(2).toString();
        o.symbol = q.value(3).toString();
        o.side = sideFromString(q.value(4).toString()).value_or(Side::Buy);
        o.type = orderTypeFromString(q.value(5).toString()).value_or(OrderType::Market);
        o.purpose = orderPurposeFromString(q.value(6).toString()).value_or(OrderPurpose::Entry);
        o.qty = toDec(q.value(7));
        o.stopPrice = toDec(q.value(8));
        o.status = orderStatusFromString(q.value(9).toString()).value_or(OrderStatus::Rejected);
        o.filledQty = toDec(q.value(10));
        o.filledAvgPrice = toDec(q.value(11));
        o.reason = q.value(12).toString();
        o.createdAt = toTime(q.value(13));
        o.updatedAt = toTime(q.value(14));
        applyTerms(o, q.value(15).toString());
        o.parentId = q.value(16).toString();
        o.external = q.value(17).toInt() != 0;
        out.append(o);
    }
    return out;
}

bool TradeStore::hasOrder(const QString &id) const
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("SELECT 1 FROM orders WHERE id = ?"));
    q.addBindValue(id);
    return q.exec() && q.next();
}

QStringList TradeStore::loadClientOrderIds() const
{
    QStringList out;
    QSqlQuery q(m_db.handle());
    q.exec(QStringLiteral("SELECT client_order_id FROM orders"));
    while (q.next())
        out.append(q.value(0).toString());
    return out;
}

QList<Proposal> TradeStore::loadProposals(const QString &where, int limit, bool oldestFirst) const
{
    QList<Proposal> out;
    QSqlQuery q(m_db.handle());
    QString sql = QStringLiteral("SELECT id, signal_id, correlation_id, symbol, side, reducing, qty, price, stop_price, confidence,"
                                 " strategy, rationale, status, decision_reason, session_index, created_at, quant FROM proposals");
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where;
    sql += oldestFirst ? QStringLiteral(" ORDER BY rowid") : QStringLiteral(" ORDER BY updated_at DESC, rowid DESC");
    if (limit > 0)
        sql += QStringLiteral(" LIMIT %1").arg(limit);
    q.exec(sql);
    while (q.next()) {
        Proposal p;
        p.id = q.value(0).toString();
        p.signalId = q.value(1).toString();
        p.correlationId = q.value(2).toString();
        p.symbol = q.value(3).toString();
        p.side = sideFromString(q.value(4).toString()).value_or(Side::Buy);
        p.reducing = q.value(5).toInt() != 0;
        p.qty = toDec(q.value(6));
        p.price = toDec(q.value(7));
        p.stopPrice = toDec(q.value(8));
        p.confidence = q.value(9).toDouble();
        p.strategy = q.value(10).toString();
        p.rationale = q.value(11).toString();
        p.status = proposalStatusFromString(q.value(12).toString()).value_or(ProposalStatus::Pending);
        p.decisionReason = q.value(13).toString();
        p.session = q.value(14).toInt();
        p.createdAt = toTime(q.value(15));
        p.quant = q.value(16).toString();
        const QList<RiskVerdict> verdicts = loadVerdicts(p.id);
        if (!verdicts.isEmpty())
            p.verdict = verdicts.last();
        out.append(p);
    }
    return out;
}

QList<RiskVerdict> TradeStore::loadVerdicts(const QString &proposalId) const
{
    QList<RiskVerdict> out;
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("SELECT id, kind, requested_qty, final_qty, final_notional, binding_rule, summary FROM verdicts"
                             " WHERE proposal_id = ? ORDER BY id"));
    q.addBindValue(proposalId);
    q.exec();
    while (q.next()) {
        RiskVerdict v;
        const qint64 id = q.value(0).toLongLong();
        v.kind = verdictKindFromString(q.value(1).toString()).value_or(VerdictKind::Reject);
        v.requestedQty = toDec(q.value(2));
        v.finalQty = toDec(q.value(3));
        v.finalNotional = toDec(q.value(4));
        v.bindingRule = q.value(5).toString();
        v.summary = q.value(6).toString();
        QSqlQuery r(m_db.handle());
        r.prepare(QStringLiteral("SELECT rule, outcome, value, limit_text, allowed_qty, note, unit FROM verdict_rules"
                                 " WHERE verdict_id = ? ORDER BY position"));
        r.addBindValue(id);
        r.exec();
        while (r.next()) {
            const auto optional = [](const QVariant &x) { return x.isNull() ? Decimal::invalid() : toDec(x); };
            v.rules.append({r.value(0).toString(), ruleOutcomeFromString(r.value(1).toString()).value_or(RuleOutcome::Reject),
                            ruleUnitFromString(r.value(6).toString()).value_or(RuleUnit::None), optional(r.value(2)),
                            optional(r.value(3)), optional(r.value(4)), r.value(5).toString()});
        }
        out.append(v);
    }
    return out;
}

QList<EquityPoint> TradeStore::loadEquityCurve() const
{
    QList<EquityPoint> out;
    QSqlQuery q(m_db.handle());
    q.exec(QStringLiteral("SELECT session_index, session, time, cash, positions_value, equity, fill_count FROM equity_curve ORDER BY id"));
    while (q.next()) {
        EquityPoint p;
        p.sessionIndex = q.value(0).toInt();
        p.session = QDate::fromString(q.value(1).toString(), Qt::ISODate);
        p.time = toTime(q.value(2));
        p.cash = toDec(q.value(3));
        p.positionsValue = toDec(q.value(4));
        p.equity = toDec(q.value(5));
        p.fillCount = q.value(6).toInt();
        out.append(p);
    }
    return out;
}

Status TradeStore::recordBreakerEvent(const BreakerEvent &e)
{
    // The record and its journal entry are written together, or neither.
    return transaction([&]() -> Status {
        QSqlQuery q(m_db.handle());
        q.prepare(QStringLiteral("INSERT INTO breaker_events (breaker, from_state, to_state, reason, actor, created_at) VALUES (?,?,?,?,?,?)"
                                 " RETURNING id"));
        for (const QVariant &v : {QVariant(e.breaker), QVariant(e.from), QVariant(e.to), QVariant(e.reason), QVariant(e.actor),
                                  QVariant(ts(e.at.isValid() ? e.at : QDateTime::currentDateTimeUtc()))})
            q.addBindValue(v);
        if (Status s = exec(q, "insert breaker event"); !s)
            return s;
        if (!q.next())
            return Status::failure(QStringLiteral("insert breaker event returned no id"));
        const QString id = q.value(0).toString();
        q = QSqlQuery();
        return journal::append(m_db.handle(), "breaker", id);
    });
}

QList<BreakerEvent> TradeStore::loadBreakerEvents(int limit) const
{
    QList<BreakerEvent> out;
    QSqlQuery q(m_db.handle());
    q.exec(QStringLiteral("SELECT breaker, from_state, to_state, reason, actor, created_at FROM breaker_events ORDER BY id DESC LIMIT %1").arg(limit));
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(), q.value(4).toString(),
                    toTime(q.value(5))});
    return out;
}

Status TradeStore::saveGuard(const TradingGuard::Persisted &g)
{
    for (const auto &[k, v] : {std::pair{"guard_hwm", g.highWaterMark.toString()},
                               std::pair{"guard_session_start_equity", g.sessionStartEquity.toString()},
                               std::pair{"guard_session_index", QString::number(g.sessionIndex)},
                               std::pair{"guard_reducing", QString::number(g.reducing ? 1 : 0)}})
        if (Status s = setState(QLatin1String(k), v); !s)
            return s;
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("INSERT INTO breakers (name, state, reason, tripped_at, failures, successes, updated_at) VALUES (?,?,?,?,?,?,?)"
                             " ON CONFLICT(name) DO UPDATE SET state = excluded.state, reason = excluded.reason,"
                             " tripped_at = excluded.tripped_at, failures = excluded.failures, successes = excluded.successes,"
                             " updated_at = excluded.updated_at"));
    for (int i = 0; i < TradingGuard::BreakerCount; ++i) {
        const CircuitBreaker::Persisted &b = g.breakers[static_cast<std::size_t>(i)];
        for (const QVariant &v : {QVariant(TradingGuard::breakerName(static_cast<TradingGuard::Breaker>(i))), QVariant(textOf(b.state)),
                                  QVariant(b.reason), b.trippedAt.isValid() ? QVariant(ts(b.trippedAt)) : QVariant(),
                                  QVariant(b.failures), QVariant(b.successes), QVariant(nowUtc())})
            q.addBindValue(v);
        if (Status s = exec(q, "save breaker"); !s)
            return s;
    }
    return {};
}

bool TradeStore::loadGuard(TradingGuard::Persisted &g) const
{
    const QString hwm = state(QStringLiteral("guard_hwm"));
    if (hwm.isEmpty())
        return false;
    g.highWaterMark = Decimal::parse(hwm).value_or(Decimal());
    g.sessionStartEquity = Decimal::parse(state(QStringLiteral("guard_session_start_equity"))).value_or(Decimal());
    g.sessionIndex = state(QStringLiteral("guard_session_index"), QStringLiteral("-1")).toInt();
    g.reducing = state(QStringLiteral("guard_reducing")) == QLatin1String("1");
    QSqlQuery q(m_db.handle());
    q.exec(QStringLiteral("SELECT name, state, reason, tripped_at, failures, successes FROM breakers"));
    while (q.next()) {
        const auto which = TradingGuard::breakerFromName(q.value(0).toString());
        if (!which)
            continue;
        CircuitBreaker::Persisted &b = g.breakers[static_cast<std::size_t>(*which)];
        b.state = breakerStateFromString(q.value(1).toString()).value_or(BreakerState::Open); // unreadable: fail closed
        b.reason = q.value(2).toString();
        b.trippedAt = q.value(3).isNull() ? QDateTime() : toTime(q.value(3));
        b.failures = q.value(4).toInt();
        b.successes = q.value(5).toInt();
    }
    return true;
}

Status TradeStore::reserve(const QString &proposalId, const QString &symbol, int tier, Decimal notional)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("INSERT INTO reservations (proposal_id, symbol, tier, notional, created_at) VALUES (?,?,?,?,?)"
                             " ON CONFLICT (proposal_id) DO UPDATE SET symbol = excluded.symbol, tier = excluded.tier,"
                             " notional = excluded.notional, created_at = excluded.created_at"));
    for (const QVariant &v : {QVariant(proposalId), QVariant(symbol), QVariant(tier), dec(notional), QVariant(nowUtc())})
        q.addBindValue(v);
    return exec(q, "insert reservation");
}

Status TradeStore::release(const QString &proposalId)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("DELETE FROM reservations WHERE proposal_id = ?"));
    q.addBindValue(proposalId);
    return exec(q, "release reservation");
}

QList<TradeStore::Reservation> TradeStore::loadReservations() const
{
    QList<Reservation> out;
    QSqlQuery q(m_db.handle());
    q.exec(QStringLiteral("SELECT proposal_id, symbol, tier, notional FROM reservations"));
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toInt(), toDec(q.value(3))});
    return out;
}

Status TradeStore::journalIntent(const OrderIntent &i)
{
    // The record and its journal entry are written together, or neither.
    return transaction([&]() -> Status {
        QSqlQuery q(m_db.handle());
        q.prepare(QStringLiteral("INSERT INTO order_intents (client_order_id, seq, proposal_id, symbol, side, type, purpose, qty, stop_price,"
                                 " state, replaces, broker_order_id, source, reason, created_at, updated_at, terms)"
                                 " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
        const OrderRequest &r = i.request;
        for (const QVariant &v : {QVariant(r.clientOrderId), QVariant(i.seq), QVariant(r.proposalId), QVariant(r.symbol),
                                  QVariant(textOf(r.side)), QVariant(textOf(r.type)), QVariant(textOf(r.purpose)), dec(r.qty),
                                  dec(r.stopPrice), QVariant(textOf(i.state)), QVariant(i.replaces), QVariant(i.brokerOrderId),
                                  QVariant(i.source), QVariant(i.reason), QVariant(ts(i.createdAt)), QVariant(nowUtc()),
                                  QVariant(termsJson(r))})
            q.addBindValue(v);
        if (Status s = exec(q, "journal order intent"); !s)
            return s;
        return journal::append(m_db.handle(), "intent", r.clientOrderId);
    });
}

Status TradeStore::updateIntent(const OrderIntent &i)
{
    // The record and its journal entry are written together, or neither.
    return transaction([&]() -> Status {
        QSqlQuery q(m_db.handle());
        q.prepare(QStringLiteral("UPDATE order_intents SET state = ?, qty = ?, broker_order_id = ?, reason = ?, updated_at = ?"
                                 " WHERE client_order_id = ?"));
        for (const QVariant &v : {QVariant(textOf(i.state)), dec(i.request.qty), QVariant(i.brokerOrderId), QVariant(i.reason),
                                  QVariant(nowUtc()), QVariant(i.request.clientOrderId)})
            q.addBindValue(v);
        if (Status s = exec(q, "update order intent"); !s)
            return s;
        if (q.numRowsAffected() != 1)
            return Status::failure(QStringLiteral("no order intent %1 to update").arg(i.request.clientOrderId));
        return journal::append(m_db.handle(), "intent", i.request.clientOrderId);
    });
}

namespace {
const char *kIntentColumns = "client_order_id, seq, proposal_id, symbol, side, type, purpose, qty, stop_price, state, replaces,"
                             " broker_order_id, source, reason, created_at, terms";

OrderIntent intentFrom(const QSqlQuery &q)
{
    OrderIntent i;
    i.request = makeOrderRequest(q.value(0).toString(), q.value(2).toString(), q.value(3).toString(),
                                 sideFromString(q.value(4).toString()).value_or(Side::Buy),
                                 orderTypeFromString(q.value(5).toString()).value_or(OrderType::Market),
                                 orderPurposeFromString(q.value(6).toString()).value_or(OrderPurpose::Entry), toDec(q.value(7)), toDec(q.value(8)));
    i.seq = q.value(1).toLongLong();
    i.state = intentStateFromString(q.value(9).toString()).value_or(OrderIntent::State::Unknown);
    i.replaces = q.value(10).toString();
    i.brokerOrderId = q.value(11).toString();
    i.source = q.value(12).toString();
    i.reason = q.value(13).toString();
    i.createdAt = toTime(q.value(14));
    applyTerms(i.request, q.value(15).toString());
    return i;
}
} // namespace

QList<OrderIntent> TradeStore::loadOpenIntents() const
{
    QList<OrderIntent> out;
    QSqlQuery q(m_db.handle());
    q.exec(QStringLiteral("SELECT %1 FROM order_intents WHERE state NOT IN ('filled','canceled','expired','replaced','rejected')"
                          " ORDER BY seq")
               .arg(QLatin1String(kIntentColumns)));
    while (q.next())
        out.append(intentFrom(q));
    return out;
}

std::optional<OrderIntent> TradeStore::loadIntent(const QString &clientOrderId) const
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("SELECT %1 FROM order_intents WHERE client_order_id = ?").arg(QLatin1String(kIntentColumns)));
    q.addBindValue(clientOrderId);
    if (q.exec() && q.next())
        return intentFrom(q);
    return std::nullopt;
}

qint64 TradeStore::lastIntentSeq() const
{
    QSqlQuery q(m_db.handle());
    return q.exec(QStringLiteral("SELECT coalesce(max(seq), 0) FROM order_intents")) && q.next() ? q.value(0).toLongLong() : 0;
}

Status TradeStore::setLastExit(const QString &symbol, int sessionIndex)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("INSERT INTO symbol_state (symbol, last_exit_session) VALUES (?, ?)"
                             " ON CONFLICT(symbol) DO UPDATE SET last_exit_session = excluded.last_exit_session"));
    q.addBindValue(symbol);
    q.addBindValue(sessionIndex);
    return exec(q, "set last exit");
}

QHash<QString, int> TradeStore::loadLastExits() const
{
    QHash<QString, int> out;
    QSqlQuery q(m_db.handle());
    q.exec(QStringLiteral("SELECT symbol, last_exit_session FROM symbol_state WHERE last_exit_session IS NOT NULL"));
    while (q.next())
        out.insert(q.value(0).toString(), q.value(1).toInt());
    return out;
}


Status TradeStore::saveExit(const QString &symbol, const ExitState &e)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("INSERT INTO exit_state (symbol, entry_price, qty, atr, stop, stop_rule, target, highest, lowest,"
                             " bars_held, exit_pending, stress_acted) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
                             " ON CONFLICT (symbol) DO UPDATE SET entry_price = excluded.entry_price, qty = excluded.qty, atr = excluded.atr,"
                             " stop = excluded.stop, stop_rule = excluded.stop_rule, target = excluded.target, highest = excluded.highest,"
                             " lowest = excluded.lowest, bars_held = excluded.bars_held, exit_pending = excluded.exit_pending,"
                             " stress_acted = excluded.stress_acted"));
    for (const QVariant &v : {QVariant(symbol), dec(e.entryPrice), dec(e.qty), dec(e.atrAtEntry), dec(e.stop), QVariant(exitRuleId(e.stopRule)),
                              dec(e.target), dec(e.highest), dec(e.lowest), QVariant(e.barsHeld), QVariant(e.exitPending ? 1 : 0),
                              QVariant(e.stressActed)})
        q.addBindValue(v);
    return exec(q, "save exit state");
}

Status TradeStore::removeExit(const QString &symbol)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("DELETE FROM exit_state WHERE symbol = ?"));
    q.addBindValue(symbol);
    return exec(q, "remove exit state");
}

QHash<QString, ExitState> TradeStore::loadExits() const
{
    QHash<QString, ExitState> out;
    QSqlQuery q(m_db.handle());
    q.exec(QStringLiteral("SELECT symbol, entry_price, qty, atr, stop, stop_rule, target, highest, lowest, bars_held, exit_pending,"
                          " stress_acted FROM exit_state"));
    while (q.next()) {
        ExitState e;
        e.entryPrice = toDec(q.value(1));
        e.qty = toDec(q.value(2));
        e.atrAtEntry = toDec(q.value(3));
        e.stop = toDec(q.value(4));
        e.stopRule = exitRuleFromId(q.value(5).toString()).value_or(e.stopRule);
        e.target = toDec(q.value(6));
        e.highest = toDec(q.value(7));
        e.lowest = toDec(q.value(8));
        e.barsHeld = q.value(9).toInt();
        e.exitPending = q.value(10).toInt() != 0;
        e.stressActed = q.value(11).toInt();
        out.insert(q.value(0).toString(), e);
    }
    return out;
}

Status TradeStore::saveHealth(const StrategyHealth &h, const QString &strategy)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("INSERT INTO strategy_health (strategy, outcomes, suspended, updated_at) VALUES (?,?,?,?)"
                             " ON CONFLICT (strategy) DO UPDATE SET outcomes = excluded.outcomes, suspended = excluded.suspended,"
                             " updated_at = excluded.updated_at"));
    q.addBindValue(strategy);
    // A strategy with no judged signals yet (or just re-enabled) has an empty, not a missing, record.
    const QString outcomes = h.outcomes(strategy);
    q.addBindValue(outcomes.isNull() ? QStringLiteral("") : outcomes);
    q.addBindValue(h.isSuspended(strategy) ? 1 : 0);
    q.addBindValue(nowUtc());
    return exec(q, "save strategy health");
}

void TradeStore::loadHealth(StrategyHealth &h) const
{
    QSqlQuery q(m_db.handle());
    q.exec(QStringLiteral("SELECT strategy, outcomes, suspended FROM strategy_health"));
    while (q.next())
        h.restore(q.value(0).toString(), q.value(1).toString(), q.value(2).toInt() != 0);
}

Status TradeStore::recordDifference(const ReconDifference &d)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("INSERT INTO reconciliation (id, found_at, trigger, kind, symbol, order_id, ours, broker, detail, resolution,"
                             " resolved_by, resolved_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
                             " ON CONFLICT(id) DO UPDATE SET resolution = excluded.resolution, resolved_by = excluded.resolved_by,"
                             " resolved_at = excluded.resolved_at"));
    for (const QVariant &v : {QVariant(d.id), QVariant(ts(d.foundAt)), QVariant(d.trigger), QVariant(textOf(d.kind)), QVariant(d.symbol),
                              QVariant(d.orderId), QVariant(d.ours), QVariant(d.broker), QVariant(d.detail),
                              d.isOpen() ? QVariant() : QVariant(textOf(d.resolution)), QVariant(d.resolvedBy),
                              d.resolvedAt.isValid() ? QVariant(ts(d.resolvedAt)) : QVariant()})
        q.addBindValue(v);
    return exec(q, "record reconciliation difference");
}

QList<ReconDifference> TradeStore::loadDifferences(bool openOnly, int limit) const
{
    QList<ReconDifference> out;
    QSqlQuery q(m_db.handle());
    q.exec(QStringLiteral("SELECT id, found_at, trigger, kind, symbol, order_id, ours, broker, detail, resolution, resolved_by, resolved_at"
                          " FROM reconciliation%1 ORDER BY found_at DESC, rowid DESC LIMIT %2")
               .arg(openOnly ? QStringLiteral(" WHERE resolution IS NULL") : QString())
               .arg(limit));
    while (q.next()) {
        ReconDifference d;
        d.id = q.value(0).toString();
        d.foundAt = toTime(q.value(1));
        d.trigger = q.value(2).toString();
        d.kind = reconKindFromString(q.value(3).toString()).value_or(ReconDifference::Kind::PositionMismatch);
        d.symbol = q.value(4).toString();
        d.orderId = q.value(5).toString();
        d.ours = q.value(6).toString();
        d.broker = q.value(7).toString();
        d.ourQty = Decimal::parse(d.ours.section(QLatin1Char(' '), 0, 0)).value_or(Decimal());
        d.brokerQty = Decimal::parse(d.broker.section(QLatin1Char(' '), 0, 0)).value_or(Decimal());
        d.detail = q.value(8).toString();
        d.resolution = reconResolutionFromString(q.value(9).toString()).value_or(ReconDifference::Resolution::Open);
        d.resolvedBy = q.value(10).toString();
        d.resolvedAt = toTime(q.value(11));
        out.append(d);
    }
    return out;
}

QHash<QString, Decimal> TradeStore::ownPositions() const
{
    QHash<QString, Decimal> out;
    QSqlQuery q(m_db.handle());
    q.exec(QStringLiteral("SELECT f.symbol, f.side, f.qty FROM fills f LEFT JOIN orders o ON o.id = f.order_id"
                          " WHERE COALESCE(o.external, 0) = 0"));
    while (q.next()) {
        const Decimal qty = toDec(q.value(2));
        out[q.value(0).toString()] += q.value(1).toString() == QLatin1String("buy") ? qty : -qty;
    }
    return out;
}

// ---- the model layer ----

Status TradeStore::recordModelExchange(const ModelExchange &x, int sessionIndex)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("INSERT INTO model_exchanges (id, created_at, session_index, purpose, provider, model, prompt_version, input_hash,"
                             " request, response, answer, prompt_tokens, completion_tokens, latency_ms, cost_usd, attempts, http_status,"
                             " outcome, reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING"));
    for (const QVariant &v : {QVariant(x.id), QVariant(ts(x.at.isValid() ? x.at : QDateTime::currentDateTimeUtc())), QVariant(sessionIndex),
                              QVariant(x.purpose), QVariant(x.provider), QVariant(x.model), QVariant(x.promptVersion), QVariant(x.inputHash),
                              QVariant(x.request), QVariant(x.response), QVariant(x.answer), QVariant(x.promptTokens),
                              QVariant(x.completionTokens), QVariant(x.latencyMs), x.costUsd ? QVariant(*x.costUsd) : QVariant(),
                              QVariant(x.attempts), x.httpStatus ? QVariant(x.httpStatus) : QVariant(), QVariant(textOf(x.outcome)),
                              QVariant(x.reason)})
        q.addBindValue(v);
    return exec(q, "record model exchange");
}

std::optional<ModelExchange> TradeStore::findReplay(const QString &promptVersion, const QString &inputHash) const
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("SELECT id, provider, model, answer, created_at, purpose FROM model_exchanges WHERE prompt_version = ? AND input_hash = ?"
                             " AND outcome IN ('ok', 'replayed') ORDER BY created_at DESC, rowid DESC LIMIT 1"));
    q.addBindValue(promptVersion);
    q.addBindValue(inputHash);
    if (!q.exec() || !q.next())
        return std::nullopt;
    ModelExchange x;
    x.id = q.value(0).toString();
    x.provider = q.value(1).toString();
    x.model = q.value(2).toString();
    x.answer = q.value(3).toString();
    x.at = toTime(q.value(4));
    x.purpose = q.value(5).toString();
    x.promptVersion = promptVersion;
    x.inputHash = inputHash;
    x.outcome = ModelExchange::Outcome::Replayed;
    return x;
}

namespace {
QString metricsJson(const QList<modelprompt::Metric> &metrics)
{
    QJsonArray a;
    for (const modelprompt::Metric &m : metrics)
        a.append(QJsonObject{{QStringLiteral("key"), m.key}, {QStringLiteral("label"), m.label}, {QStringLiteral("value"), m.value},
                             {QStringLiteral("decimals"), m.decimals}, {QStringLiteral("unit"), m.unit}});
    return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
}
QString claimsJson(const QList<modelprompt::Claim> &claims)
{
    QJsonArray a;
    for (const modelprompt::Claim &c : claims)
        a.append(QJsonObject{{QStringLiteral("text"), c.text}, {QStringLiteral("value"), c.value}, {QStringLiteral("matched"), c.matched},
                             {QStringLiteral("metric"), c.metric}});
    return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
}
} // namespace

Status TradeStore::recordNarrative(const AuditNarrative &n)
{
    QSqlQuery q(m_db.handle());
    q.prepare(QStringLiteral("INSERT INTO narratives (id, created_at, session_index, session, kind, source, text, metrics, claims, flagged,"
                             " exchange_id, note) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"));
    for (const QVariant &v : {QVariant(n.id), QVariant(ts(n.at)), QVariant(n.sessionIndex), QVariant(n.session.toString(Qt::ISODate)),
                              QVariant(n.kind), QVariant(n.source), QVariant(n.text), QVariant(metricsJson(n.metrics)),
                              QVariant(claimsJson(n.claims)), QVariant(n.flaggedClaims()), QVariant(n.exchangeId), QVariant(n.note)})
        q.addBindValue(v);
    return exec(q, "record narrative");
}

QList<AuditNarrative> TradeStore::loadNarratives(int limit) const
{
    QList<AuditNarrative> out;
    QSqlQuery q(m_db.handle());
    q.exec(QStringLiteral("SELECT id, created_at, session_index, session, kind, source, text, metrics, claims, exchange_id, note FROM narratives"
                          " ORDER BY created_at DESC, rowid DESC LIMIT %1")
               .arg(limit));
    while (q.next()) {
        AuditNarrative n;
        n.id = q.value(0).toString();
        n.at = toTime(q.value(1));
        n.sessionIndex = q.value(2).toInt();
        n.session = QDate::fromString(q.value(3).toString(), Qt::ISODate);
        n.kind = q.value(4).toString();
        n.source = q.value(5).toString();
        n.text = q.value(6).toString();
        for (const QJsonValue &v : QJsonDocument::fromJson(q.value(7).toString().toUtf8()).array()) {
            const QJsonObject o = v.toObject();
            n.metrics.append({o.value(QStringLiteral("key")).toString(), o.value(QStringLiteral("label")).toString(),
                              o.value(QStringLiteral("value")).toDouble(), o.value(QStringLiteral("decimals")).toInt(),
                              o.value(QStringLiteral("unit")).toString()});
        }
        for (const QJsonValue &v : QJsonDocument::fromJson(q.value(8).toString().toUtf8()).array()) {
            const QJsonObject o = v.toObject();
            n.claims.append({o.value(QStringLiteral("text")).toString(), o.value(QStringLiteral("value")).toDouble(),
                             o.value(QStringLiteral("matched")).toBool(), o.value(QStringLiteral("metric")).toString()});
        }
        n.exchangeId = q.value(9).toString();
        n.note = q.value(10).toString();
        out.append(n);
    }
    return out;
}
