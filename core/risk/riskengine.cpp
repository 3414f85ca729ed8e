// SPDX-License-Identifier: GPL-3.0-or-later
#include "riskengine.h"

#include "buyingpowerrule.h"
#include "fractionalsharesrule.h"
#include "grossexposurerule.h"
#include "minimumconfidencerule.h"
#include "positioncaprule.h"
#include "riskpertraderule.h"

#include <algorithm>

namespace {
const QString kSizingRule = QStringLiteral("risk_per_trade");
const QString kFractionalRule = QStringLiteral("fractional_shares");
} // namespace

RiskEngine::RiskEngine(RiskConfig config)
    : m_config(config)
{
    // The fixed evaluation order. New rules go before the fractional-shares
    // rule, which turns the allowed quantity into an order quantity.
    m_rules.push_back(std::make_unique<MinimumConfidenceRule>());
    m_rules.push_back(std::make_unique<RiskPerTradeRule>());
    m_rules.push_back(std::make_unique<PositionCapRule>());
    m_rules.push_back(std::make_unique<GrossExposureRule>());
    m_rules.push_back(std::make_unique<BuyingPowerRule>());
    m_rules.push_back(std::make_unique<FractionalSharesRule>());
}

RiskEngine::~RiskEngine() = default;
RiskEngine::RiskEngine(RiskEngine &&) noexcept = default;
RiskEngine &RiskEngine::operator=(RiskEngine &&) noexcept = default;

QStringList RiskEngine::ruleOrder() const
{
    QStringList out;
    for (const auto &r : m_rules)
        out.append(r->id());
    return out;
}

RiskVerdict RiskEngine::evaluate(const RiskRequest &request, const RiskContext &context) const
{
    if (request.side == Side::Sell && context.heldQty(request.symbol).isPositive())
        return evaluateReducing(request, context);
    return evaluateEntry(request, context);
}

RiskVerdict RiskEngine::evaluateReducing(const RiskRequest &request, const RiskContext &context) const
{
    RiskVerdict v;
    const Decimal held = context.heldQty(request.symbol);
    // Exits use the quantity actually held, never a freshly sized one.
    const Decimal qty = request.requestedQty.isPositive() ? std::min(request.requestedQty, held) : held;
    v.requestedQty = request.requestedQty.isPositive() ? request.requestedQty : held;
    v.rules.append({QStringLiteral("reducing_order"), qty.isPositive() ? RuleOutcome::Pass : RuleOutcome::Reject,
                    QStringLiteral("sell %1 of %2 held").arg(qty.toString(), held.toString()),
                    QStringLiteral("≤ held quantity"), qty, QStringLiteral("reduces risk: entry rules do not apply")});
    v.finalQty = qty;
    v.finalNotional = (qty * request.price).rounded(2);
    v.kind = !qty.isPositive() ? VerdictKind::Reject : (qty < v.requestedQty ? VerdictKind::Resize : VerdictKind::Approve);
    v.bindingRule = v.kind == VerdictKind::Approve ? QString() : QStringLiteral("reducing_order");
    v.summary = v.kind == VerdictKind::Reject ? QStringLiteral("nothing held to sell")
                                              : QStringLiteral("sell %1 %2 (reduces the position)").arg(qty.toString(), request.symbol);
    return v;
}

RiskVerdict RiskEngine::evaluateEntry(const RiskRequest &request, const RiskContext &context) const
{
    RiskVerdict v;
    if (!request.price.isPositive() || !context.account.equity.isPositive() || request.requestedQty.isNegative()
        || !request.requestedQty.isValid()) {
        v.kind = VerdictKind::Reject;
        v.bindingRule = QStringLiteral("input_validation");
        v.rules.append({v.bindingRule, RuleOutcome::Reject,
                        QStringLiteral("price %1, equity %2, qty %3")
                            .arg(request.price.toString(), context.account.equity.toString(), request.requestedQty.toString()),
                        QStringLiteral("price and equity positive, qty ≥ 0"), Decimal(),
                        QStringLiteral("invalid input fails closed")});
        v.summary = QStringLiteral("rejected: invalid price, equity or quantity");
        return v;
    }
    const bool sized = !request.requestedQty.isPositive();
    // An invalid "so far" tells the sizing rule that it sets the requested quantity.
    Decimal allowed = sized ? Decimal::invalid() : request.requestedQty;
    v.requestedQty = request.requestedQty;
    QString rejectedBy;
    for (const auto &rule : m_rules) {
        if (!rejectedBy.isEmpty()) {
            v.rules.append({rule->id(), RuleOutcome::Skipped, {}, {}, Decimal(),
                            QStringLiteral("not evaluated: rejected by %1").arg(rejectedBy)});
            continue;
        }
        RuleResult r = rule->evaluate(request, context, m_config, allowed);
        v.rules.append(r);
        if (r.outcome == RuleOutcome::Reject) {
            rejectedBy = r.rule;
            continue;
        }
        if (sized && r.rule == kSizingRule) {
            const Decimal whole = r.allowedQty.rounded(0, RoundingMode::Down);
            v.requestedQty = whole.isPositive() ? whole : r.allowedQty;
            allowed = r.allowedQty;
            continue;
        }
        if (r.allowedQty < allowed) {
            allowed = r.allowedQty;
            if (r.rule != kFractionalRule || v.bindingRule.isEmpty())
                v.bindingRule = r.rule;
        }
    }
    if (!rejectedBy.isEmpty()) {
        v.kind = VerdictKind::Reject;
        v.bindingRule = rejectedBy;
        const RuleResult &r = v.rules.at(static_cast<qsizetype>(
            std::find_if(v.rules.cbegin(), v.rules.cend(), [&](const RuleResult &x) { return x.rule == rejectedBy; }) - v.rules.cbegin()));
        v.summary = QStringLiteral("rejected by %1%2").arg(rejectedBy, r.note.isEmpty() ? QString() : QStringLiteral(": ") + r.note);
        return v;
    }
    v.finalQty = allowed;
    v.finalNotional = (allowed * request.price).rounded(2);
    const QString notional = QStringLiteral("$") + v.finalNotional.toString(2);
    if (allowed < v.requestedQty) {
        v.kind = VerdictKind::Resize;
        v.summary = QStringLiteral("buy %1 %2 (%3), resized down from %4 by %5")
                        .arg(allowed.toString(), request.symbol, notional, v.requestedQty.toString(), v.bindingRule);
    } else {
        v.kind = VerdictKind::Approve;
        v.bindingRule = sized ? kSizingRule : QString();
        v.summary = QStringLiteral("buy %1 %2 (%3)").arg(allowed.toString(), request.symbol, notional);
    }
    return v;
}
