// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "decimal.h"
#include "enums.h"

#include <QDate>
#include <QString>

/// What a coded strategy said about one symbol at one bar.
struct Signal
{
    QString id;
    QString correlationId;
    QString symbol;
    QDate session;
    QString strategy;
    QString selector; ///< who picked the strategy ("deterministic" or a model)
    QString selectionReason;
    SignalDirection direction = SignalDirection::None;
    double confidence = 0.0; ///< strength of the coded rule, 0..1
    QString reason;          ///< the rule's numbers in words
    Decimal price;           ///< close of the bar
    double atr = 0.0;        ///< ATR14 at the bar (Wilder), 0 when unavailable
};
Q_DECLARE_METATYPE(Signal)
