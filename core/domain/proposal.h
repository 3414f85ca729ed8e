// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "decimal.h"
#include "enums.h"
#include "riskverdict.h"

#include <QDateTime>
#include <QString>

/// An order the pipeline proposes to the operator, sized and checked by risk.
struct Proposal
{
    QString id;
    QString signalId;
    QString correlationId;
    QString symbol;
    Side side = Side::Buy;
    bool reducing = false;   ///< only reduces an existing position
    Decimal qty;             ///< the verdict's final quantity
    Decimal price;           ///< reference price when proposed
    Decimal stopPrice;       ///< protective stop for entries
    double confidence = 0.0;
    double atr = 0.0;        ///< ATR14 when proposed, for the re-check at approval
    QString strategy;
    QString rationale;
    QString quant;           ///< the quant stage's factors, as shown to the trader
    RiskVerdict verdict;
    ProposalStatus status = ProposalStatus::Pending;
    QString decisionReason;
    QDateTime createdAt;
    int session = 0;         ///< session index of the clock when proposed
};
Q_DECLARE_METATYPE(Proposal)
