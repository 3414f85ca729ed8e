// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "decimal.h"

#include <QDateTime>
#include <QString>

/// The latest traded price of a symbol at a moment of the (simulated) clock.
struct Quote
{
    QString symbol;
    Decimal price;
    QDateTime time;
};
Q_DECLARE_METATYPE(Quote)
