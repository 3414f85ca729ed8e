// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/account.h"
#include "domain/fill.h"
#include "domain/order.h"
#include "domain/position.h"
#include "domain/proposal.h"
#include "iterationsummary.h"

#include <QDateTime>
#include <QList>

/// What the engine publishes to the ui, by value, a few times a second.
struct EngineSnapshot
{
    QString modeLabel;
    QDateTime clock;
    QDate session;
    int completedSessions = 0;
    int tick = 0;
    int ticksPerSession = 0;
    bool paused = false;
    TradingState state = TradingState::Active;
    Account account;
    QList<Position> positions;
    QList<Proposal> pending;   ///< awaiting the operator, oldest first
    QList<Proposal> decided;   ///< most recent first
    QList<Order> orders;       ///< most recent first
    QList<Fill> fills;         ///< most recent first
    IterationSummary lastIteration;
    int equityPoints = 0;
};
Q_DECLARE_METATYPE(EngineSnapshot)
