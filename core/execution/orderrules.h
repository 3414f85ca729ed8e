// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "orderrequest.h"
#include "util/result.h"
#include "venue/venueclock.h"

/// The order rules of SPEC §3, which are Alpaca's: checked before an order is
/// journaled as ready or sent, on every venue, so demo and paper refuse the
/// same orders with the same reason.
///  - exactly one of qty and notional; qty at most 9 decimal places;
///  - fractional orders (a fractional qty, or any notional) need a fractionable
///    asset and must be market, DAY and simple;
///  - limit, stop and leg prices are positive, with at most 2 decimal places
///    at $1 and above and 4 below (sub-penny rule);
///  - each type carries the prices it needs; a trailing stop has exactly one of
///    trail price and trail percent, and is DAY or GTC;
///  - a bracket has both legs (a buy's take-profit above its stop-loss), OTO
///    one leg, OCO both; legs are DAY or GTC, and the stop-loss is at least a
///    cent away from `reference` (the last price) when it is known.
Status checkOrderRules(const OrderRequest &request, const AssetFacts &asset, Decimal reference = Decimal());

/// The sub-penny rule for one price: empty when it passes, else the reason.
QString subPennyProblem(const char *what, Decimal price);
