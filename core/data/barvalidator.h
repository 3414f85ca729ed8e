// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/bar.h"
#include "util/result.h"

#include <QList>

/// Checks bars against SPEC §2.1: positive finite prices, high ≥ max(open, close),
/// low ≤ min(open, close), volume ≥ 0, sessions strictly increasing.
class BarValidator
{
public:
    /// Checks one bar on its own; `previous` (may be null) checks ordering.
    static Status validate(const Bar &bar, const Bar *previous = nullptr);
    /// Checks a whole series; the reason names the first bad bar.
    static Status validateSeries(const QList<Bar> &bars);
    /// Upper-case letters, digits, '.' and '-', starting with a letter.
    static bool isValidSymbol(const QString &symbol);
};
