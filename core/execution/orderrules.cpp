// SPDX-License-Identifier: GPL-3.0-or-later
#include "orderrules.h"

namespace {

bool hasMoreDecimals(Decimal d, int places)
{
    return d.rounded(places, RoundingMode::Down) != d;
}

Status fail(const QString &why)
{
    return Status::failure(why);
}

} // namespace

QString subPennyProblem(const char *what, Decimal price)
{
    if (!price.isPositive())
        return QStringLiteral("%1 must be positive").arg(QLatin1String(what));
    const int places = price >= Decimal::fromInt(1) ? 2 : 4;
    if (hasMoreDecimals(price, places))
        return QStringLiteral("invalid %1 %2: sub-penny increment does not fulfill minimum pricing criteria (at most %3 decimal places %4 $1)")
            .arg(QLatin1String(what), price.toString())
            .arg(places)
            .arg(places == 2 ? QStringLiteral("at or above") : QStringLiteral("below"));
    return {};
}

Status checkOrderRules(const OrderRequest &r, const AssetFacts &asset, Decimal reference)
{
    if (r.symbol.isEmpty())
        return fail(QStringLiteral("an order needs a symbol"));
    const bool hasQty = !r.qty.isZero();
    const bool hasNotional = !r.notional.isZero();
    if (hasQty == hasNotional)
        return fail(QStringLiteral("an order needs exactly one of qty and notional"));
    if (hasQty && !r.qty.isPositive())
        return fail(QStringLiteral("qty must be positive, not %1").arg(r.qty.toString()));
    if (hasNotional && !r.notional.isPositive())
        return fail(QStringLiteral("notional must be positive, not %1").arg(r.notional.toString()));
    if (hasNotional && hasMoreDecimals(r.notional, 2))
        return fail(QStringLiteral("notional %1 has more than 2 decimal places").arg(r.notional.toString()));
    if (asset.known && !asset.tradable)
        return fail(QStringLiteral("%1 is not tradable").arg(r.symbol));

    const bool fractional = hasNotional || !r.qty.isInteger();
    if (fractional) {
        if (asset.known && !asset.fractionable)
            return fail(QStringLiteral("requested asset is not fractionable (%1)").arg(r.symbol));
        if (r.timeInForce != TimeInForce::Day)
            return fail(QStringLiteral("fractional orders must be DAY orders"));
        if (r.orderClass != OrderClass::Simple)
            return fail(QStringLiteral("fractional orders must be simple orders"));
        if (r.type != OrderType::Market)
            return fail(QStringLiteral("fractional and notional orders must be market orders"));
    }

    const auto price = [](const char *what, Decimal p) -> Status {
        const QString why = subPennyProblem(what, p);
        return why.isEmpty() ? Status() : Status::failure(why);
    };
    switch (r.type) {
    case OrderType::Market:
        break; // an entry's planned stop rides along for its protective stop; it is not sent
    case OrderType::Limit:
        if (Status s = price("limit_price", r.limitPrice); !s)
            return s;
        break;
    case OrderType::Stop:
        if (Status s = price("stop_price", r.stopPrice); !s)
            return s;
        break;
    case OrderType::StopLimit:
        if (Status s = price("stop_price", r.stopPrice); !s)
            return s;
        if (Status s = price("limit_price", r.limitPrice); !s)
            return s;
        break;
    case OrderType::TrailingStop:
        if (r.trailPercent.isZero() == r.trailPrice.isZero())
            return fail(QStringLiteral("a trailing stop needs exactly one of trail_price and trail_percent"));
        if (!r.trailPercent.isZero() && (!r.trailPercent.isPositive() || r.trailPercent >= Decimal::fromInt(100)))
            return fail(QStringLiteral("trail_percent must be above 0 and below 100"));
        if (!r.trailPrice.isZero())
            if (Status s = price("trail_price", r.trailPrice); !s)
                return s;
        if (r.timeInForce != TimeInForce::Day && r.timeInForce != TimeInForce::Gtc)
            return fail(QStringLiteral("a trailing stop must be DAY or GTC"));
        if (r.orderClass != OrderClass::Simple)
            return fail(QStringLiteral("a trailing stop cannot carry legs"));
        break;
    }

    const bool tp = !r.takeProfitLimit.isZero();
    const bool sl = !r.stopLossStop.isZero();
    if (r.orderClass == OrderClass::Simple) {
        if (tp || sl)
            return fail(QStringLiteral("a simple order takes no take-profit or stop-loss leg"));
        return {};
    }
    const QString cls = textOf(r.orderClass);
    if ((r.orderClass == OrderClass::Bracket || r.orderClass == OrderClass::Oco) && !(tp && sl))
        return fail(QStringLiteral("a %1 order needs both a take-profit limit and a stop-loss stop").arg(cls));
    if (r.orderClass == OrderClass::Oto && tp == sl)
        return fail(QStringLiteral("an OTO order needs exactly one of a take-profit and a stop-loss leg"));
    if (r.timeInForce != TimeInForce::Day && r.timeInForce != TimeInForce::Gtc)
        return fail(QStringLiteral("a %1 order must be DAY or GTC").arg(cls));
    if (tp)
        if (Status s = price("take_profit.limit_price", r.takeProfitLimit); !s)
            return s;
    if (sl) {
        if (Status s = price("stop_loss.stop_price", r.stopLossStop); !s)
            return s;
        if (!r.stopLossLimit.isZero())
            if (Status s = price("stop_loss.limit_price", r.stopLossLimit); !s)
                return s;
    }
    const bool buy = r.side == Side::Buy;
    if (tp && sl && (buy ? r.takeProfitLimit <= r.stopLossStop : r.takeProfitLimit >= r.stopLossStop))
        return fail(QStringLiteral("take-profit %1 must be %2 the stop-loss %3")
                        .arg(r.takeProfitLimit.toString(), buy ? QStringLiteral("above") : QStringLiteral("below"),
                             r.stopLossStop.toString()));
    const Decimal cent = Decimal::fromRaw(Decimal::kOne / 100);
    if (sl && reference.isPositive() && (buy ? r.stopLossStop > reference - cent : r.stopLossStop < reference + cent))
        return fail(QStringLiteral("stop-loss %1 must be at least $0.01 %2 the base price %3")
                        .arg(r.stopLossStop.toString(), buy ? QStringLiteral("below") : QStringLiteral("above"),
                             reference.toString()));
    return {};
}
