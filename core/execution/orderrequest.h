// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/decimal.h"
#include "domain/enums.h"

#include <QString>

/// What the execution stage asks a broker for.
struct OrderRequest
{
    QString clientOrderId; ///< idempotency key derived from the proposal id, ≤ 48 characters
    QString proposalId;
    QString symbol;
    Side side = Side::Buy;
    OrderType type = OrderType::Market;
    OrderPurpose purpose = OrderPurpose::Entry;
    Decimal qty;
    Decimal stopPrice;
};

/// The client order id for a proposal's order of a given purpose (≤ 48 characters).
/// `generation` numbers the replacements of one protective stop: 0 is the first
/// ("st-…"), N the N-th replacement ("rN-…", N in base 36, at most 1,295).
QString clientOrderIdFor(const QString &proposalId, OrderPurpose purpose, int generation = 0);
