// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "decimal.h"

#include <QDate>
#include <QString>

/// One completed OHLCV bar. For daily bars `session` is the exchange date.
struct Bar
{
    QString symbol;
    QDate session;
    Decimal open;
    Decimal high;
    Decimal low;
    Decimal close;
    qint64 volume = 0;
};
Q_DECLARE_METATYPE(Bar)
