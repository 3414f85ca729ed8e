// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/decimal.h"

#include <QDateTime>
#include <QVariant>

/// How the record's text columns read back: exact decimals and UTC ISO times.
namespace sqlvalue {

/// A decimal column; `whenNull` is what a NULL reads as (the store's zero, or invalid).
inline Decimal decimal(const QVariant &v, Decimal whenNull = Decimal())
{
    return v.isNull() ? whenNull : Decimal::parse(v.toString()).value_or(Decimal::invalid());
}

/// A time column (invalid for NULL).
inline QDateTime time(const QVariant &v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}

} // namespace sqlvalue
