// SPDX-License-Identifier: GPL-3.0-or-later
#include "approvaldesk.h"

#include "execution/ordermanager.h"
#include "persistence/tradestore.h"
#include "util/crashpoint.h"
#include "data/exchangecalendar.h"
#include "util/logging.h"

#include <QDateTime>

namespace {
constexpr std::size_t kDecidedLimit = 100;
} // namespace

ApprovalDesk::ApprovalDesk(TradeStore &store, const RiskEngine &risk, OrderManager &orders, const BrokerBook &book, ContextFn context)
    : m_store(store)
    , m_risk(risk)
    , m_orders(orders)
    , m_book(book)
    , m_context(std::move(context))
{
}

void ApprovalDesk::restore()
{
    // The queue in the order the proposals arrived, as it was before the restart.
    m_pending = m_store.loadProposals(QStringLiteral("status = 'pending'"), -1, true);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const Proposal &p : std::as_const(m_pending))
        m_arrived.insert(p.id, now); // a restored proposal gets its full wait again
    m_decided.clear();
    const QList<Proposal> decided = m_store.loadProposals(QStringLiteral("status NOT IN ('pending')"), static_cast<int>(kDecidedLimit));
    for (auto it = decided.crbegin(); it != decided.crend(); ++it)
        markDecided(*it);
    m_reservations.clear();
    for (const TradeStore::Reservation &r : m_store.loadReservations())
        m_reservations.insert(r.proposalId, r);
}

Status ApprovalDesk::add(const Proposal &p)
{
    if (Status s = m_store.recordProposal(p); !s)
        return s;
    if (p.status == ProposalStatus::Pending) {
        m_pending.append(p);
        m_arrived.insert(p.id, QDateTime::currentMSecsSinceEpoch());
    }
    else
        markDecided(p);
    return {};
}

bool ApprovalDesk::hasPendingExit(const QString &symbol) const
{
    return std::any_of(m_pending.cbegin(), m_pending.cend(), [&](const Proposal &p) { return p.symbol == symbol && p.reducing; });
}

void ApprovalDesk::markDecided(const Proposal &p)
{
    ++m_version;
    m_decided.push_front(p);
    while (m_decided.size() > kDecidedLimit)
        m_decided.pop_back();
}

Status ApprovalDesk::release(const QString &proposalId)
{
    if (!m_reservations.contains(proposalId))
        return {};
    if (Status s = m_store.release(proposalId); !s)
        return s;
    m_reservations.remove(proposalId);
    return {};
}

QString ApprovalDesk::checkEdit(const Proposal &p, const ApprovalEdit &e, Decimal price)
{
    if (!e.qty.isValid() || !e.stopPrice.isValid() || !e.limitPrice.isValid() || e.qty.isNegative() || e.stopPrice.isNegative()
        || e.limitPrice.isNegative())
        return QStringLiteral("an edit's quantity and prices must be numbers above zero");
    if (e.qty.isPositive() && e.qty > p.qty)
        return QStringLiteral("an edit can only shrink the quantity: %1 is above the proposed %2").arg(e.qty.toString(), p.qty.toString());
    if (p.reducing && (e.stopPrice.isPositive() || e.limitPrice.isPositive()))
        return QStringLiteral("an exit takes no stop or limit edit: only its quantity may shrink");
    if (e.stopPrice.isPositive()) {
        if (p.stopPrice.isPositive() && e.stopPrice < p.stopPrice)
            return QStringLiteral("a stop can only be tightened: %1 is below the proposed %2").arg(e.stopPrice.toString(), p.stopPrice.toString());
        const Decimal reference = e.limitPrice.isPositive() ? std::min(e.limitPrice, price) : price;
        if (reference.isPositive() && e.stopPrice >= reference)
            return QStringLiteral("the stop %1 must be below the price %2").arg(e.stopPrice.toString(), reference.toString());
    }
    return {};
}

RiskRequest ApprovalDesk::editedRequest(const Proposal &p, const ApprovalEdit &e, Decimal price)
{
    RiskRequest req;
    req.symbol = p.symbol;
    req.side = p.side;
    // A buy limit above the price may fill at the limit: the check uses the dearer of the two.
    req.price = e.limitPrice.isPositive() && !p.reducing ? std::max(price, e.limitPrice) : price;
    req.confidence = p.confidence;
    req.atr = p.atr;
    req.requestedQty = e.qty.isPositive() ? e.qty : p.qty;
    req.stopPrice = e.stopPrice.isPositive() ? e.stopPrice : p.stopPrice;
    req.strategy = p.strategy;
    return req;
}

ApprovalOutcome ApprovalDesk::approve(const QString &proposalId, const QString &source, bool marketOpen, const ApprovalEdit &edit,
                                      const QString &ruleId, const QString &ruleText)
{
    const auto it = std::find_if(m_pending.begin(), m_pending.end(), [&](const Proposal &p) { return p.id == proposalId; });
    if (it == m_pending.end())
        return {ApprovalOutcome::Failed, QStringLiteral("no pending proposal %1").arg(proposalId)};
    Proposal p = *it;
    const Decimal price = m_book.lastPrice(p.symbol);
    if (const QString why = checkEdit(p, edit, price); !why.isEmpty())
        return {ApprovalOutcome::Failed, QStringLiteral("edit refused, nothing sent: %1").arg(why)};
    const Proposal original = p;
    const QString edited = edit.describe(p);

    // Re-check with the account, state and price of this moment, as edited.
    const RiskRequest req = editedRequest(p, edit, price);
    const Decimal asked = req.requestedQty;
    const RiskVerdict recheck = m_risk.evaluate(req, m_context(p.symbol, &p));

    // A re-size caused only by a small price move (within the drift tolerance, same
    // binding rule) is the automatic re-size of SPEC §4; any other change is shown.
    const RuleResult *drift = recheck.find(QStringLiteral("price_drift"));
    const bool smallDrift = !drift || !drift->value.isValid() || drift->value <= m_risk.config().priceDriftResize;
    const bool autoResize = !p.reducing && !edit.any() && smallDrift && recheck.bindingRule == p.verdict.bindingRule && recheck.finalQty < p.qty;
    if (recheck.kind != VerdictKind::Reject && recheck.finalQty != asked && !autoResize) {
        // The outcome changed: show the new verdict; nothing is sent until approved again.
        const QString before = asked.toString();
        p.qty = recheck.finalQty;
        p.price = price;
        p.verdict = recheck;
        p.decisionReason = QStringLiteral("re-check at approval changed the order from %1 to %2 (%3); approve again to send")
                               .arg(before, recheck.finalQty.toString(), recheck.bindingRule);
        const Status s = m_store.transaction([&]() -> Status {
            if (Status r = m_store.recordVerdict(p.id, QStringLiteral("approval"), recheck); !r)
                return r;
            return m_store.updateProposal(p);
        });
        if (!s)
            return {ApprovalOutcome::Failed, QStringLiteral("re-check not recorded, nothing sent: %1").arg(s.error())};
        *it = p;
        qCInfo(lcRisk).noquote() << QStringLiteral("%1 %2: %3").arg(textOf(p.side), p.symbol, p.decisionReason);
        return {ApprovalOutcome::Changed, p.decisionReason};
    }

    if (recheck.kind == VerdictKind::Reject) {
        p.status = ProposalStatus::RejectedAtApproval;
        p.decisionReason = QStringLiteral("risk re-check at approval: %1").arg(recheck.summary);
    } else {
        p.status = ProposalStatus::Approved;
        if (!ruleId.isEmpty())
            p.decisionReason = QStringLiteral("approved automatically by standing approval %1: %2").arg(ruleId, ruleText);
        else if (!edited.isEmpty())
            p.decisionReason = QStringLiteral("approved with an edit: %1").arg(edited);
        else if (recheck.finalQty != p.qty)
            p.decisionReason = QStringLiteral("approved; re-sized at approval from %1 to %2 at the current price")
                                   .arg(p.qty.toString(), recheck.finalQty.toString());
        if (recheck.held)
            p.decisionReason += (p.decisionReason.isEmpty() ? QStringLiteral("approved; ") : QStringLiteral("; "))
                                + QStringLiteral("held until it can be sent");
        p.qty = recheck.finalQty;
        if (edit.stopPrice.isPositive())
            p.stopPrice = edit.stopPrice;
    }
    p.verdict = recheck;
    const int tier = m_risk.config().tierFor(p.symbol);
    const Decimal notional = recheck.finalQty * price;
    // The order intent is journaled with the approval: neither exists without the other.
    const OrderRequest request = makeOrderRequest(clientOrderIdFor(p.id, p.reducing ? OrderPurpose::Exit : OrderPurpose::Entry), p.id, p.symbol,
                                                  p.reducing ? Side::Sell : Side::Buy, OrderType::Market,
                                                  p.reducing ? OrderPurpose::Exit : OrderPurpose::Entry, recheck.finalQty,
                                                  p.reducing ? Decimal() : p.stopPrice);
    OrderRequest sent = request;
    if (edit.limitPrice.isPositive() && !p.reducing) {
        sent.type = OrderType::Limit;
        sent.limitPrice = edit.limitPrice;
    }
    const QString heldWhy = marketOpen ? QStringLiteral("order rate") : QStringLiteral("market closed");
    const Status s = m_store.transaction([&]() -> Status {
        const bool byTrader = source == QLatin1String("approval") && ruleId.isEmpty();
        const DecisionDetail detail{{}, {}, waitedMs(p.id), ruleId};
        const QString why = byTrader          ? QString()
                            : ruleId.isEmpty() ? QStringLiteral("automatic: %1").arg(source)
                                               : QStringLiteral("automatic: standing approval %1 (%2)").arg(ruleId, ruleText);
        if (Status r = m_store.recordDecision(p.id, QStringLiteral("approve"), why, byTrader ? QString() : source, &detail); !r)
            return r;
        if (Status r = m_store.recordVerdict(p.id, QStringLiteral("approval"), recheck); !r)
            return r;
        if (p.status == ProposalStatus::Approved && !p.reducing)
            if (Status r = m_store.reserve(p.id, p.symbol, tier, notional); !r)
                return r;
        if (p.status == ProposalStatus::Approved)
            if (Status r = m_orders.journal(sent, source, recheck.held, recheck.held ? heldWhy : QString()); !r)
                return r;
        // Both orders are kept: the proposal as proposed, and as the trader edited it.
        if (edit.any() && p.status == ProposalStatus::Approved)
            if (Status r = m_store.recordApprovalEdit(p.id, {original.qty, original.stopPrice, original.price, p.qty, p.stopPrice,
                                                             sent.limitPrice, edited, byTrader ? QString() : source});
                !r)
                return r;
        return m_store.updateProposal(p);
    });
    if (!s) {
        m_orders.dropStaged();
        return {ApprovalOutcome::Failed, QStringLiteral("approval not recorded, nothing sent: %1").arg(s.error())};
    }
    m_orders.commitStaged();
    crashPoint("approval.committed");
    m_pending.erase(std::find_if(m_pending.begin(), m_pending.end(), [&](const Proposal &x) { return x.id == proposalId; }));
    m_arrived.remove(proposalId);
    markDecided(p);
    if (p.status == ProposalStatus::RejectedAtApproval) {
        qCWarning(lcRisk).noquote() << QStringLiteral("%1 %2: %3").arg(textOf(p.side), p.symbol, p.decisionReason);
        return {ApprovalOutcome::Rejected, p.decisionReason};
    }
    if (!p.reducing)
        m_reservations.insert(p.id, {p.id, p.symbol, tier, notional});
    if (recheck.held) {
        qCInfo(lcPipeline).noquote() << QStringLiteral("approved %1 %2 %3; held (%4)").arg(textOf(p.side), p.qty.toString(), p.symbol, heldWhy);
        return {ApprovalOutcome::Held, QStringLiteral("%1 %2 %3 approved; held until it can be sent (%4)")
                                           .arg(textOf(p.side).toUpper(), p.qty.toString(), p.symbol, heldWhy)};
    }
    // Execution: only now, after the approval and its intent are on disk.
    m_orders.dispatch();
    qCInfo(lcPipeline).noquote() << QStringLiteral("approved %1 %2 %3 at %4").arg(textOf(p.side), p.qty.toString(), p.symbol, price.toString(2));
    return {ApprovalOutcome::Sent, QStringLiteral("%1 %2 %3 sent").arg(textOf(p.side).toUpper(), p.qty.toString(), p.symbol)};
}

Status ApprovalDesk::veto(const QString &proposalId, const QString &code, const QString &note, const QString &actor)
{
    const QString text = note.trimmed();
    if (!vetoreason::isCode(code))
        return Status::failure(QStringLiteral("a veto needs a reason: one of %1 (not '%2')").arg(vetoreason::codes().join(QStringLiteral(", ")), code));
    if (code == QLatin1String("other") && text.isEmpty())
        return Status::failure(QStringLiteral("a veto for another reason needs a note saying which"));
    const auto it = std::find_if(m_pending.begin(), m_pending.end(), [&](const Proposal &p) { return p.id == proposalId; });
    if (it == m_pending.end())
        return Status::failure(QStringLiteral("no pending proposal %1").arg(proposalId));
    Proposal p = *it;
    const QString why = text.isEmpty() ? vetoreason::label(code) : QStringLiteral("%1: %2").arg(vetoreason::label(code), text);
    p.status = ProposalStatus::Vetoed;
    p.decisionReason = why;
    const DecisionDetail detail{code, text, waitedMs(p.id), {}};
    const Status s = m_store.transaction([&]() -> Status {
        if (Status r = m_store.recordDecision(p.id, QStringLiteral("veto"), why, actor, &detail); !r)
            return r;
        return m_store.updateProposal(p);
    });
    if (!s)
        return Status::failure(QStringLiteral("veto not recorded: %1").arg(s.error()));
    m_pending.erase(it);
    m_arrived.remove(proposalId);
    markDecided(p);
    qCInfo(lcPipeline).noquote() << QStringLiteral("vetoed %1 %2: %3").arg(textOf(p.side), p.symbol, why);
    return {};
}

qint64 ApprovalDesk::waitedMs(const QString &proposalId) const
{
    const auto it = m_arrived.constFind(proposalId);
    return it == m_arrived.cend() ? -1 : QDateTime::currentMSecsSinceEpoch() - it.value();
}

qint64 ApprovalDesk::waitFloorMs(const QString &proposalId) const
{
    const qint64 waited = waitedMs(proposalId);
    return m_expiry.minWaitMs > 0 && waited >= 0 ? std::max<qint64>(0, m_expiry.minWaitMs - waited) : 0;
}

QDateTime ApprovalDesk::expiresAt(const Proposal &p) const
{
    if (!p.createdAt.isValid())
        return {};
    if (m_expiry.minutes > 0)
        return p.createdAt.addSecs(m_expiry.minutes * 60LL);
    // Daily bars: a proposal made at (or after) a close trades in the next session and
    // expires at that session's close; one made during a session expires at its close.
    const QDateTime ny = ExchangeCalendar::toNewYork(p.createdAt);
    QDate day = ny.date();
    if (!ExchangeCalendar::isTradingDay(day) || ny.time() >= ExchangeCalendar::closeTime(day))
        day = ExchangeCalendar::nextTradingDay(day);
    return ExchangeCalendar::toUtc(day, ExchangeCalendar::closeTime(day));
}

Status ApprovalDesk::withdraw(qsizetype index, const QString &why)
{
    Proposal p = m_pending[index];
    p.status = ProposalStatus::Expired;
    p.decisionReason = why;
    if (Status s = m_store.recordDecision(p.id, QStringLiteral("expire"), why, QStringLiteral("expiry")); !s)
        return s;
    if (Status s = m_store.updateProposal(p); !s)
        return s;
    m_pending.removeAt(index);
    m_arrived.remove(p.id);
    markDecided(p);
    qCInfo(lcPipeline).noquote() << QStringLiteral("proposal %1 %2 withdrawn: %3").arg(textOf(p.side), p.symbol, why);
    return {};
}

Status ApprovalDesk::expire(const QDateTime &now, int completedSessions, QList<Proposal> *ended)
{
    for (qsizetype i = m_pending.size() - 1; i >= 0; --i) {
        Proposal p = m_pending[i];
        const Decimal price = m_book.lastPrice(p.symbol);
        // Drift: re-priced and re-checked as a fresh proposal at this price, or withdrawn.
        if (m_expiry.drift.isPositive() && p.price.isPositive() && price.isPositive()) {
            const Decimal move = (price - p.price).abs().dividedBy(p.price, 6);
            if (move > m_expiry.drift) {
                const QString movedText = QStringLiteral("the price moved %1 % (%2 → %3)")
                                              .arg((move * Decimal::fromInt(100)).toString(1), p.price.toString(2), price.toString(2));
                Proposal fresh = p;
                fresh.price = price;
                if (p.stopPrice.isPositive())
                    fresh.stopPrice = (price - (p.price - p.stopPrice)).rounded(2, RoundingMode::Up);
                fresh.qty = p.verdict.requestedQty.isPositive() ? p.verdict.requestedQty : p.qty;
                const RiskVerdict v = m_risk.evaluate(editedRequest(fresh, {}, price), m_context(p.symbol, &fresh));
                if (v.kind == VerdictKind::Reject || !v.finalQty.isPositive()) {
                    if (Status s = m_store.recordVerdict(p.id, QStringLiteral("reprice"), v); !s)
                        return s;
                    if (Status s = withdraw(i, QStringLiteral("withdrawn: %1 and the re-check rejects it (%2)").arg(movedText, v.summary)); !s)
                        return s;
                    if (ended)
                        ended->append(m_decided.front());
                    continue;
                }
                fresh.qty = v.finalQty;
                fresh.verdict = v;
                fresh.decisionReason = QStringLiteral("re-priced at %1: %2; re-checked, quantity %3 → %4")
                                           .arg(now.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")), movedText, p.qty.toString(),
                                                v.finalQty.toString());
                if (Status s = m_store.recordVerdict(p.id, QStringLiteral("reprice"), v); !s)
                    return s;
                if (Status s = m_store.recordDecision(p.id, QStringLiteral("reprice"), fresh.decisionReason, QStringLiteral("expiry")); !s)
                    return s;
                if (Status s = m_store.updateProposal(fresh); !s)
                    return s;
                m_pending[i] = fresh;
                ++m_version;
                qCInfo(lcPipeline).noquote() << QStringLiteral("proposal %1 %2 %3").arg(textOf(p.side), p.symbol, fresh.decisionReason);
                continue;
            }
        }
        // Time: past its expiry (or its session limit), once the trader had the minimum wait.
        const QDateTime deadline = expiresAt(p);
        const bool late = (deadline.isValid() && now.isValid() && now >= deadline) || completedSessions - p.session > m_expiry.ttlSessions;
        if (!late || waitFloorMs(p.id) > 0)
            continue;
        const QString why = deadline.isValid() && now >= deadline
                                ? QStringLiteral("expired: not decided by %1").arg(deadline.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")))
                                : QStringLiteral("expired: not decided within %1 sessions").arg(m_expiry.ttlSessions);
        if (Status s = withdraw(i, why); !s)
            return s;
        if (ended)
            ended->append(m_decided.front());
    }
    return {};
}

Status ApprovalDesk::noteOrderEnded(const OrderIntent &intent, const QString &why)
{
    const OrderRequest &r = intent.request;
    return m_store.transaction([&]() -> Status {
        if (r.purpose == OrderPurpose::Entry)
            if (Status x = release(r.proposalId); !x)
                return x;
        if (r.purpose == OrderPurpose::ProtectiveStop)
            return {};
        // The approved proposal says why it has no order.
        auto it = std::find_if(m_decided.begin(), m_decided.end(), [&](const Proposal &p) { return p.id == r.proposalId; });
        std::optional<Proposal> p;
        if (it != m_decided.end())
            p = *it;
        else if (const QList<Proposal> found = m_store.loadProposals(QStringLiteral("id = '%1'").arg(r.proposalId)); !found.isEmpty())
            p = found.front();
        if (!p)
            return {};
        p->decisionReason = QStringLiteral("approved; the %1 order was not carried out: %2").arg(textOf(r.purpose), why);
        if (it != m_decided.end())
            *it = *p;
        return m_store.updateProposal(*p);
    });
}

