// SPDX-License-Identifier: GPL-3.0-or-later
#include "riskconfig.h"

#include "domain/symbol.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <functional>
#include <map>

namespace {

using Json = nlohmann::json;

struct Key
{
    const char *help;
    std::function<bool(const Json &, RiskConfig &)> apply; ///< false: wrong type or range
    QString allowed; ///< what the value may be, for the message when it is not
};

bool number(const Json &v, double lo, double hi, double &out)
{
    if (!v.is_number())
        return false;
    out = v.get<double>();
    return std::isfinite(out) && out >= lo && out <= hi;
}

Key pct(const char *help, double lo, double hi, Decimal RiskConfig::*field)
{
    return {help, [=](const Json &v, RiskConfig &c) {
                double d = 0;
                if (!number(v, lo, hi, d))
                    return false;
                c.*field = Decimal::fromDouble(d / 100.0, 8).value_or(c.*field);
                return true;
            },
            QStringLiteral("a number from %1 to %2 (per cent)").arg(lo).arg(hi)};
}

Key integer(const char *help, int lo, int hi, int RiskConfig::*field)
{
    return {help, [=](const Json &v, RiskConfig &c) {
                double d = 0;
                if (!number(v, lo, hi, d) || d != std::floor(d))
                    return false;
                c.*field = static_cast<int>(d);
                return true;
            },
            QStringLiteral("a whole number from %1 to %2").arg(lo).arg(hi)};
}

Key flag(const char *help, bool RiskConfig::*field)
{
    return {help, [=](const Json &v, RiskConfig &c) {
                if (!v.is_boolean())
                    return false;
                c.*field = v.get<bool>();
                return true;
            },
            QStringLiteral("true or false")};
}

Key triple(const char *help, std::array<Decimal, 3> RiskConfig::*field)
{
    return {help, [=](const Json &v, RiskConfig &c) {
                if (!v.is_array() || v.size() != 3)
                    return false;
                std::array<Decimal, 3> out;
                for (std::size_t i = 0; i < 3; ++i) {
                    double d = 0;
                    if (!number(v[i], 0, 100, d))
                        return false;
                    out[i] = Decimal::fromDouble(d / 100.0, 8).value_or(Decimal());
                }
                c.*field = out;
                return true;
            },
            QStringLiteral("three numbers from 0 to 100 (per cent)")};
}

const std::map<std::string, Key> &table()
{
    static const std::map<std::string, Key> keys = {
        {"min_confidence", {"minimum confidence, 0–1 (0.30)", [](const Json &v, RiskConfig &c) {
                                double d = 0;
                                if (!number(v, 0, 1, d))
                                    return false;
                                c.minConfidence = d;
                                return true;
                            }}},
        {"risk_per_trade_pct", pct("equity at risk per trade, % (2)", 0.01, 10, &RiskConfig::riskPerTrade)},
        {"atr_stop_multiple", {"stop distance in ATR14 multiples (1.5)", [](const Json &v, RiskConfig &c) {
                                   double d = 0;
                                   if (!number(v, 0.1, 10, d))
                                       return false;
                                   c.atrStopMultiple = Decimal::fromDouble(d, 4).value();
                                   return true;
                               }}},
        {"per_position_cap_pct", pct("largest position, % of equity (5)", 0.1, 100, &RiskConfig::perPositionCap)},
        {"per_symbol_budget_pct", pct("capital committed per symbol, % of cycle-start equity (20)", 0.1, 100, &RiskConfig::perSymbolBudget)},
        {"gross_exposure_pct", pct("sum of positions, % of equity (100)", 1, 100, &RiskConfig::grossExposureCap)},
        {"max_open_positions", integer("open positions (10)", 1, 1000, &RiskConfig::maxOpenPositions)},
        {"daily_loss_pct", pct("loss vs start-of-session equity that switches to REDUCING, % (5)", 0.1, 100, &RiskConfig::dailyLossLimit)},
        {"max_shares_per_order", {"shares per order (1000)", [](const Json &v, RiskConfig &c) {
                                      double d = 0;
                                      if (!number(v, 1, 1e9, d))
                                          return false;
                                      c.maxSharesPerOrder = Decimal::fromDouble(d, 6).value();
                                      return true;
                                  }}},
        {"max_order_notional_pct", pct("notional per order, % of equity (25)", 0.1, 100, &RiskConfig::maxOrderNotional)},
        {"max_orders_per_day", integer("entry orders per session (10)", 0, 10000, &RiskConfig::maxOrdersPerDay)},
        {"cooldown_sessions", integer("sessions before re-entering a symbol after an exit (1)", 0, 1000, &RiskConfig::cooldownSessions)},
        {"fractional_enabled", flag("allow fractional quantities (true)", &RiskConfig::fractionalEnabled)},
        {"min_notional", {"minimum fractional notional, $ (10)", [](const Json &v, RiskConfig &c) {
                              double d = 0;
                              if (!number(v, 0, 1e9, d))
                                  return false;
                              c.minNotional = Decimal::fromDouble(d, 2).value();
                              return true;
                          }}},
        {"tiers_enabled", flag("enforce tier allocations (false)", &RiskConfig::tiersEnabled)},
        {"tier_allocation_pct", triple("tier allocations, % of equity ([40, 30, 30])", &RiskConfig::tierAllocation)},
        {"tier_symbol_cap_pct", triple("per-symbol cap by tier, % of equity ([10, 6, 1.5])", &RiskConfig::tierSymbolCap)},
        {"tiers", {"symbol → tier 1..3 ({}; unlisted symbols are tier 3)", [](const Json &v, RiskConfig &c) {
                       if (!v.is_object())
                           return false;
                       QHash<QString, int> out;
                       for (auto it = v.begin(); it != v.end(); ++it) {
                           if (!it->is_number_integer() || it->get<int>() < 1 || it->get<int>() > 3)
                               return false;
                           // A symbol in the settings is a symbol as everywhere else: normalised, or refused.
                           const Result<QString> symbol = normalizeSymbol(QString::fromStdString(it.key()));
                           if (!symbol || (out.contains(symbol.value()) && out.value(symbol.value()) != it->get<int>()))
                               return false;
                           out.insert(symbol.value(), it->get<int>());
                       }
                       c.tierOf = out;
                       return true;
                   }}},
        {"regime_enabled", flag("scale entries by the benchmark's distance to its SMA200 (false)", &RiskConfig::regimeEnabled)},
        {"max_quote_age_s", {"oldest live quote accepted, s (10)", [](const Json &v, RiskConfig &c) {
                                 return number(v, 0.1, 3600, c.maxQuoteAgeSeconds);
                             }}},
        {"max_bar_sessions_behind", integer("sessions the last bar may lag the latest completed session (0)", 0, 100, &RiskConfig::maxBarSessionsBehind)},
        {"price_drift_resize_pct", pct("drift at approval that re-sizes, % (2)", 0, 100, &RiskConfig::priceDriftResize)},
        {"price_drift_reject_pct", pct("drift at approval that rejects, % (5)", 0, 100, &RiskConfig::priceDriftReject)},
        {"max_submits_per_minute", integer("order submits per minute before queueing (30)", 1, 10000, &RiskConfig::maxSubmitsPerMinute)},
        {"entries_when_model_breaker_open", flag("allow entries while the model breaker is open (false)", &RiskConfig::entriesWhenModelBreakerOpen)},
        {"model_failures_to_trip", integer("consecutive model failures that open its breaker (5)", 1, 1000, &RiskConfig::modelFailuresToTrip)},
        {"model_probes_to_close", integer("successful probes that close the model breaker (3)", 1, 1000, &RiskConfig::modelProbesToClose)},
        {"breaker_cooldown_s", integer("seconds before an open model/broker breaker probes (300)", 1, 86400, &RiskConfig::breakerCooldownSeconds)},
        {"data_quality_min_pct", pct("valid ÷ requested symbols below which an iteration is bad, % (80)", 0, 100, &RiskConfig::dataQualityMin)},
        {"data_bad_iterations_to_trip", integer("bad iterations in a row that open the data breaker (5)", 1, 1000, &RiskConfig::dataBadIterationsToTrip)},
        {"data_good_iterations_to_close", integer("good iterations that close it (3)", 1, 1000, &RiskConfig::dataGoodIterationsToClose)},
        {"equity_drawdown_pct", pct("drawdown from the high-water mark that halts, % (10)", 0.1, 100, &RiskConfig::equityDrawdownLimit)},
        {"broker_failures_to_trip", integer("consecutive submit/stream failures that open the broker breaker (5)", 1, 1000, &RiskConfig::brokerFailuresToTrip)},
    };
    return keys;
}

} // namespace

RiskConfig RiskConfig::fromJson(const QByteArray &json, QStringList &problems, RiskConfig base)
{
    const Json doc = Json::parse(json.constData(), json.constData() + json.size(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        problems.append(QStringLiteral("not a JSON object"));
        return base;
    }
    for (auto it = doc.begin(); it != doc.end(); ++it) {
        const auto k = table().find(it.key());
        if (k == table().end()) {
            problems.append(QStringLiteral("unknown key '%1'").arg(QString::fromStdString(it.key())));
            continue;
        }
        RiskConfig trial = base;
        if (!k->second.apply(*it, trial)) {
            const std::string given = it->dump();
            const QString shown = given.size() > 80 ? QString::fromStdString(given.substr(0, 80)) + QStringLiteral("…") : QString::fromStdString(given);
            const QString allowed = k->second.allowed.isEmpty() ? QString::fromUtf8(k->second.help)
                                                                : k->second.allowed + QStringLiteral(" — ") + QString::fromUtf8(k->second.help);
            problems.append(QStringLiteral("'%1' is %2; it must be %3").arg(QString::fromStdString(it.key()), shown, allowed));
            continue;
        }
        base = trial;
    }
    if (base.priceDriftReject < base.priceDriftResize) {
        problems.append(QStringLiteral("'price_drift_reject_pct' must be at least 'price_drift_resize_pct'"));
        base.priceDriftReject = base.priceDriftResize;
    }
    return base;
}

RiskConfig RiskConfig::fromJson(const QByteArray &json, QStringList &problems)
{
    return fromJson(json, problems, RiskConfig());
}

QStringList RiskConfig::keys()
{
    QStringList out;
    for (const auto &[name, key] : table())
        out.append(QStringLiteral("%1: %2").arg(QString::fromStdString(name), QString::fromUtf8(key.help)));
    return out;
}
