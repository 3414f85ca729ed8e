// SPDX-License-Identifier: GPL-3.0-or-later
#include "enums.h"

#include <array>
#include <utility>

namespace {

template<typename E, std::size_t N>
QString lookup(const std::array<std::pair<E, const char *>, N> &table, E value)
{
    for (const auto &[e, name] : table)
        if (e == value)
            return QString::fromLatin1(name);
    return QStringLiteral("?");
}

template<typename E, std::size_t N>
std::optional<E> reverse(const std::array<std::pair<E, const char *>, N> &table, const QString &text)
{
    for (const auto &[e, name] : table)
        if (text.compare(QLatin1String(name), Qt::CaseInsensitive) == 0)
            return e;
    return std::nullopt;
}

constexpr std::array<std::pair<Side, const char *>, 2> kSide{{{Side::Buy, "buy"}, {Side::Sell, "sell"}}};
constexpr std::array<std::pair<SignalDirection, const char *>, 3> kDir{
    {{SignalDirection::None, "none"}, {SignalDirection::Buy, "buy"}, {SignalDirection::Sell, "sell"}}};
constexpr std::array<std::pair<OrderType, const char *>, 5> kType{{{OrderType::Market, "market"},
                                                                  {OrderType::Stop, "stop"},
                                                                  {OrderType::Limit, "limit"},
                                                                  {OrderType::StopLimit, "stop_limit"},
                                                                  {OrderType::TrailingStop, "trailing_stop"}}};
constexpr std::array<std::pair<TimeInForce, const char *>, 6> kTif{{{TimeInForce::Day, "day"},
                                                                   {TimeInForce::Gtc, "gtc"},
                                                                   {TimeInForce::Opg, "opg"},
                                                                   {TimeInForce::Cls, "cls"},
                                                                   {TimeInForce::Ioc, "ioc"},
                                                                   {TimeInForce::Fok, "fok"}}};
constexpr std::array<std::pair<OrderClass, const char *>, 4> kClass{
    {{OrderClass::Simple, "simple"}, {OrderClass::Bracket, "bracket"}, {OrderClass::Oco, "oco"}, {OrderClass::Oto, "oto"}}};
constexpr std::array<std::pair<OrderPurpose, const char *>, 3> kPurpose{
    {{OrderPurpose::Entry, "entry"}, {OrderPurpose::Exit, "exit"}, {OrderPurpose::ProtectiveStop, "protective_stop"}}};
constexpr std::array<std::pair<OrderStatus, const char *>, 8> kStatus{{{OrderStatus::New, "new"},
                                                                       {OrderStatus::Accepted, "accepted"},
                                                                       {OrderStatus::Filled, "filled"},
                                                                       {OrderStatus::Canceled, "canceled"},
                                                                       {OrderStatus::Rejected, "rejected"},
                                                                       {OrderStatus::PartiallyFilled, "partially_filled"},
                                                                       {OrderStatus::Expired, "expired"},
                                                                       {OrderStatus::Replaced, "replaced"}}};
constexpr std::array<std::pair<ProposalStatus, const char *>, 6> kProposal{
    {{ProposalStatus::Pending, "pending"},
     {ProposalStatus::Approved, "approved"},
     {ProposalStatus::Vetoed, "vetoed"},
     {ProposalStatus::Expired, "expired"},
     {ProposalStatus::RejectedAtApproval, "rejected_at_approval"},
     {ProposalStatus::RejectedByRisk, "rejected_by_risk"}}};
constexpr std::array<std::pair<VerdictKind, const char *>, 3> kVerdict{
    {{VerdictKind::Approve, "APPROVE"}, {VerdictKind::Resize, "RESIZE"}, {VerdictKind::Reject, "REJECT"}}};
constexpr std::array<std::pair<RuleOutcome, const char *>, 5> kOutcome{{{RuleOutcome::Pass, "pass"},
                                                                       {RuleOutcome::Resize, "resize"},
                                                                       {RuleOutcome::Reject, "reject"},
                                                                       {RuleOutcome::Skipped, "skipped"},
                                                                       {RuleOutcome::Hold, "hold"}}};
constexpr std::array<std::pair<RuleUnit, const char *>, 8> kUnit{{{RuleUnit::None, "none"},
                                                                 {RuleUnit::Money, "money"},
                                                                 {RuleUnit::Shares, "shares"},
                                                                 {RuleUnit::Percent, "percent"},
                                                                 {RuleUnit::Number, "number"},
                                                                 {RuleUnit::Count, "count"},
                                                                 {RuleUnit::Sessions, "sessions"},
                                                                 {RuleUnit::Seconds, "seconds"}}};
constexpr std::array<std::pair<BreakerState, const char *>, 3> kBreaker{
    {{BreakerState::Closed, "CLOSED"}, {BreakerState::Open, "OPEN"}, {BreakerState::HalfOpen, "HALF_OPEN"}}};
constexpr std::array<std::pair<TradingState, const char *>, 3> kState{
    {{TradingState::Active, "ACTIVE"}, {TradingState::Reducing, "REDUCING"}, {TradingState::Halted, "HALTED"}}};

} // namespace

QString textOf(Side v) { return lookup(kSide, v); }
QString textOf(SignalDirection v) { return lookup(kDir, v); }
QString textOf(OrderType v) { return lookup(kType, v); }
QString textOf(TimeInForce v) { return lookup(kTif, v); }
QString textOf(OrderClass v) { return lookup(kClass, v); }
QString textOf(OrderPurpose v) { return lookup(kPurpose, v); }
QString textOf(OrderStatus v) { return lookup(kStatus, v); }
QString textOf(ProposalStatus v) { return lookup(kProposal, v); }
QString textOf(VerdictKind v) { return lookup(kVerdict, v); }
QString textOf(RuleOutcome v) { return lookup(kOutcome, v); }
QString textOf(TradingState v) { return lookup(kState, v); }
QString textOf(RuleUnit v) { return lookup(kUnit, v); }
QString textOf(BreakerState v) { return lookup(kBreaker, v); }

std::optional<SignalDirection> signalDirectionFromString(const QString &t) { return reverse(kDir, t); }
std::optional<Side> sideFromString(const QString &t) { return reverse(kSide, t); }
std::optional<OrderType> orderTypeFromString(const QString &t) { return reverse(kType, t); }
std::optional<TimeInForce> timeInForceFromString(const QString &t) { return reverse(kTif, t); }
std::optional<OrderClass> orderClassFromString(const QString &t)
{
    if (t.isEmpty()) // Alpaca reports a simple order's class as ""
        return OrderClass::Simple;
    return reverse(kClass, t);
}
std::optional<OrderPurpose> orderPurposeFromString(const QString &t) { return reverse(kPurpose, t); }
std::optional<OrderStatus> orderStatusFromString(const QString &t) { return reverse(kStatus, t); }
std::optional<ProposalStatus> proposalStatusFromString(const QString &t) { return reverse(kProposal, t); }
std::optional<VerdictKind> verdictKindFromString(const QString &t) { return reverse(kVerdict, t); }
std::optional<RuleOutcome> ruleOutcomeFromString(const QString &t) { return reverse(kOutcome, t); }
std::optional<RuleUnit> ruleUnitFromString(const QString &t) { return reverse(kUnit, t); }
std::optional<BreakerState> breakerStateFromString(const QString &t) { return reverse(kBreaker, t); }
std::optional<TradingState> tradingStateFromString(const QString &t) { return reverse(kState, t); }
