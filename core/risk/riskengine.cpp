// SPDX-License-Identifier: GPL-3.0-or-later
#include "riskengine.h"

#include "buyingpowerrule.h"
#include "circuitbreakersrule.h"
#include "cooldownrule.h"
#include "dailylossrule.h"
#include "datafreshnessrule.h"
#include "duplicaterule.h"
#include "fractionalsharesrule.h"
#include "grossexposurerule.h"
#include "markethoursrule.h"
#include "minimumconfidencerule.h"
#include "openpositionsrule.h"
#include "orderraterule.h"
#include "ordersizerule.h"
#include "ordersperdayrule.h"
#include "positioncaprule.h"
#include "pricedriftrule.h"
#include "regimerule.h"
#include "riskpertraderule.h"
#include "strategyhealthrule.h"
#include "symbolbudgetrule.h"
#include "tierrule.h"
#include "tradingstaterule.h"

#include <algorithm>

namespace {
const QString kSizingRule = QStringLiteral("risk_per_trade");
const QString kFractionalRule = QStringLiteral("fractional_shares");
} // namespace

RiskEngine::RiskEngine(RiskConfig config)
    : m_config(std::move(config))
{
    // The fixed evaluation order: gates that reject outright, then sizing, the
    // regime scalar before the caps, the caps, the hold conditions, and last the
    // conversion of the allowed quantity into an order quantity.
    m_rules.push_back(std::make_unique<TradingStateRule>());
    m_rules.push_back(std::make_unique<CircuitBreakersRule>());
    m_rules.push_back(std::make_unique<MinimumConfidenceRule>());
    m_rules.push_back(std::make_unique<StrategyHealthRule>());
    m_rules.push_back(std::make_unique<DataFreshnessRule>());
    m_rules.push_back(std::make_unique<DuplicateRule>());
    m_rules.push_back(std::make_unique<PriceDriftRule>());
    m_rules.push_back(std::make_unique<DailyLossRule>());
    m_rules.push_back(std::make_unique<OpenPositionsRule>());
    m_rules.push_back(std::make_unique<OrdersPerDayRule>());
    m_rules.push_back(std::make_unique<CooldownRule>());
    m_rules.push_back(std::make_unique<RiskPerTradeRule>());
    m_rules.push_back(std::make_unique<RegimeRule>());
    m_rules.push_back(std::make_unique<PositionCapRule>());
    m_rules.push_back(std::make_unique<SymbolBudgetRule>());
    m_rules.push_back(std::make_unique<TierRule>());
    m_rules.push_back(std::make_unique<GrossExposureRule>());
    m_rules.push_back(std::make_unique<OrderSizeRule>());
    m_rules.push_back(std::make_unique<BuyingPowerRule>());
    m_rules.push_back(std::make_unique<MarketHoursRule>());
    m_rules.push_back(std::make_unique<OrderRateRule>());
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
    RiskVerdict v;
    evaluate(request, context, v);
    return v;
}

void RiskEngine::evaluate(const RiskRequest &request, const RiskContext &context, RiskVerdict &v) const
{
    v.kind = VerdictKind::Reject;
    v.requestedQty = v.finalQty = v.finalNotional = Decimal();
    v.bindingRule.clear();
    v.rules.clear(); // keeps its capacity
    v.summary.clear();
    v.held = false;
    const Decimal held = context.heldQty(request.symbol);
    // Selling a long or buying back a short only reduces risk.
    if ((request.side == Side::Sell && held.isPositive()) || (request.side == Side::Buy && held.isNegative()))
        evaluateReducing(request, context, v);
    else
        evaluateEntry(request, context, v);
}

void RiskEngine::evaluateReducing(const RiskRequest &request, const RiskContext &context, RiskVerdict &v) const
{
    const Decimal held = context.heldQty(request.symbol).abs();
    // Exits use the quantity actually held, never a freshly sized one.
    const Decimal qty = request.requestedQty.isPositive() ? std::min(request.requestedQty, held) : held;
    v.requestedQty = request.requestedQty.isPositive() ? request.requestedQty : held;
    v.rules.append({QStringLiteral("reducing_order"), qty.isPositive() ? RuleOutcome::Pass : RuleOutcome::Reject, RuleUnit::Shares,
                    qty, held, qty, QStringLiteral("reduces risk: no entry rule, state or breaker applies")});
    if (context.marketKnown && !context.marketOpen) {
        v.rules.append({QStringLiteral("market_hours"), RuleOutcome::Hold, RuleUnit::None, Decimal::invalid(), Decimal::invalid(), qty,
                        QStringLiteral("market closed: the order is held until the open")});
        v.held = true;
    }
    v.finalQty = qty;
    v.finalNotional = request.price.isPositive() ? (qty * request.price).rounded(2) : Decimal();
    v.kind = !qty.isPositive() ? VerdictKind::Reject : (qty < v.requestedQty ? VerdictKind::Resize : VerdictKind::Approve);
    v.bindingRule = v.kind == VerdictKind::Approve ? QString() : QStringLiteral("reducing_order");
    v.summary = v.kind == VerdictKind::Reject ? QStringLiteral("nothing held to sell")
                                              : QStringLiteral("%1 %2 %3 (reduces the position)")
                                                    .arg(request.side == Side::Sell ? QStringLiteral("sell") : QStringLiteral("buy to cover"),
                                                         qty.toString(), request.symbol);
}

void RiskEngine::evaluateEntry(const RiskRequest &request, const RiskContext &context, RiskVerdict &v) const
{
    if (!request.price.isPositive() || !context.account.equity.isPositive() || !request.requestedQty.isValid()
        || request.requestedQty.isNegative() || request.side != Side::Buy) {
        v.kind = VerdictKind::Reject;
        v.bindingRule = QStringLiteral("input_validation");
        const QString why = request.side != Side::Buy ? QStringLiteral("a sell without a position would be a short sale, which is not supported")
                                                      : QStringLiteral("price and equity must be positive and the quantity not negative");
        v.rules.append({v.bindingRule, RuleOutcome::Reject, RuleUnit::Money, request.price, Decimal::invalid(), Decimal(), why});
        v.summary = QStringLiteral("rejected: %1").arg(why);
        return;
    }
    const bool sized = !request.requestedQty.isPositive();
    // An invalid "so far" tells the sizing rule that it sets the requested quantity.
    Decimal allowed = sized ? Decimal::invalid() : request.requestedQty;
    v.requestedQty = request.requestedQty;
    v.rules.reserve(static_cast<qsizetype>(m_rules.size()));
    bool rejected = false;
    for (const auto &rule : m_rules) {
        if (rejected) {
            if (!context.explain)
                break;
            v.rules.append({rule->id(), RuleOutcome::Skipped, RuleUnit::None, Decimal::invalid(), Decimal::invalid(), Decimal(),
                            QStringLiteral("not evaluated after a rejection")});
            continue;
        }
        const RuleResult r = rule->evaluate(request, context, m_config, allowed);
        if (context.explain)
            v.rules.append(r);
        if (r.outcome == RuleOutcome::Reject) {
            rejected = true;
            v.bindingRule = r.rule;
            continue;
        }
        if (r.outcome == RuleOutcome::Hold)
            v.held = true;
        if (sized && r.rule == kSizingRule) {
            const Decimal whole = r.allowedQty.rounded(0, RoundingMode::Down);
            v.requestedQty = whole.isPositive() ? whole : r.allowedQty;
            allowed = r.allowedQty;
            continue;
        }
        if (r.allowedQty.isValid() && r.allowedQty < allowed) {
            allowed = r.allowedQty;
            if (r.rule != kFractionalRule || v.bindingRule.isEmpty())
                v.bindingRule = r.rule;
        }
    }
    if (rejected) {
        v.kind = VerdictKind::Reject;
        v.held = false;
        v.finalQty = Decimal();
        if (!context.explain)
            return;
        const RuleResult *r = v.find(v.bindingRule);
        v.summary = QStringLiteral("rejected by %1%2").arg(v.bindingRule, r && !r->note.isEmpty() ? QStringLiteral(": ") + r->note : QString());
        return;
    }
    v.finalQty = allowed;
    v.finalNotional = (allowed * request.price).rounded(2);
    if (!context.explain) {
        v.kind = allowed < v.requestedQty ? VerdictKind::Resize : VerdictKind::Approve;
        if (v.kind == VerdictKind::Approve)
            v.bindingRule = sized ? kSizingRule : QString();
        return;
    }
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
    if (v.held)
        v.summary += QStringLiteral("; held until it can be sent");
}
