// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

/// The closed vocabularies shared by the domain values, with their stable
/// text forms (used in the database, the JSON output and the logs).
enum class Side { Buy, Sell };
enum class SignalDirection { None, Buy, Sell };
enum class OrderType { Market, Stop, Limit, StopLimit, TrailingStop };
enum class TimeInForce { Day, Gtc, Opg, Cls, Ioc, Fok };
/// Simple, or an entry with attached legs (SPEC §3): bracket = take-profit + stop-loss,
/// oto = one attached leg, oco = a take-profit and a stop-loss on a held position.
enum class OrderClass { Simple, Bracket, Oco, Oto };
enum class OrderPurpose { Entry, Exit, ProtectiveStop };
enum class OrderStatus { New, Accepted, Filled, Canceled, Rejected, PartiallyFilled, Expired, Replaced };
enum class ProposalStatus { Pending, Approved, Vetoed, Expired, RejectedAtApproval, RejectedByRisk };
enum class VerdictKind { Approve, Resize, Reject };
enum class RuleOutcome { Pass, Resize, Reject, Skipped, Hold };
/// How a rule's measured value and limit read.
enum class RuleUnit { None, Money, Shares, Percent, Number, Count, Sessions, Seconds };
enum class BreakerState { Closed, Open, HalfOpen };
enum class TradingState { Active, Reducing, Halted };

QString textOf(Side v);
QString textOf(SignalDirection v);
QString textOf(OrderType v);
QString textOf(TimeInForce v);
QString textOf(OrderClass v);
QString textOf(OrderPurpose v);
QString textOf(OrderStatus v);
QString textOf(ProposalStatus v);
QString textOf(VerdictKind v);
QString textOf(RuleOutcome v);
QString textOf(TradingState v);
QString textOf(RuleUnit v);
QString textOf(BreakerState v);

std::optional<SignalDirection> signalDirectionFromString(const QString &text);
std::optional<Side> sideFromString(const QString &text);
std::optional<OrderType> orderTypeFromString(const QString &text);
std::optional<TimeInForce> timeInForceFromString(const QString &text);
std::optional<OrderClass> orderClassFromString(const QString &text);
std::optional<OrderPurpose> orderPurposeFromString(const QString &text);
std::optional<OrderStatus> orderStatusFromString(const QString &text);
std::optional<ProposalStatus> proposalStatusFromString(const QString &text);
std::optional<VerdictKind> verdictKindFromString(const QString &text);
std::optional<RuleOutcome> ruleOutcomeFromString(const QString &text);
std::optional<RuleUnit> ruleUnitFromString(const QString &text);
std::optional<BreakerState> breakerStateFromString(const QString &text);
std::optional<TradingState> tradingStateFromString(const QString &text);

inline bool isOpen(OrderStatus s) { return s == OrderStatus::New || s == OrderStatus::Accepted || s == OrderStatus::PartiallyFilled; }
