// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "decimal.h"

#include <QDate>
#include <QDateTime>

/// Account value at a session close. equity = cash + positionsValue, exactly.
struct EquityPoint
{
    int sessionIndex = 0;
    QDate session;
    QDateTime time;
    Decimal cash;
    Decimal positionsValue;
    Decimal equity;
    int fillCount = 0; ///< fills applied when the point was taken
};
Q_DECLARE_METATYPE(EquityPoint)
