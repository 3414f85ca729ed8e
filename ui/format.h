// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/decimal.h"

#include <QString>

/// Display formatting of exact values; never used for arithmetic.
namespace Format {
/// "$12,345.67", "-$3.10".
QString money(Decimal value);
/// Up to `places` decimals with thousands separators, trailing zeros kept.
QString number(Decimal value, int places = 2);
/// A quantity: whole shares as integers, fractions as given.
QString quantity(Decimal value);
QString percent(double fraction, int places = 2);
} // namespace Format
