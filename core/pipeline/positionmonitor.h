// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "approvaldesk.h"
#include "engineoptions.h"
#include "execution/exitmanager.h"
#include "execution/orderintent.h"

#include <QDateTime>
#include <QHash>

class BarCache;
class BrokerBook;
class OrderManager;

/// Position monitoring: each open position's exit levels and excursions, the
/// exit rules on every price (stops raised automatically, since that only
/// lowers risk; take-profit and time exits proposed once), budget-stress
/// actions at each close, and the cooldown after an exit. It runs whatever the
/// trading state or breakers.
class PositionMonitor
{
public:
    /// When an update happens: the venue's time and the session index it belongs to.
    struct Moment
    {
        QDateTime now;
        int session = 0;
    };

    PositionMonitor(TradeStore &store, const RiskEngine &risk, OrderManager &orders, const BrokerBook &book, const BarCache &bars,
                    ApprovalDesk &desk, const EngineOptions &options, ApprovalDesk::ContextFn context);

    void restore();
    /// New prices: excursions, stop moves, take-profit proposals. Call inside a transaction.
    Status onPrices(const Moment &now);
    /// A session closed: bars held, time exits, budget stress against `budgetBaseEquity`.
    /// Call inside a transaction.
    Status onSessionEnd(const Moment &now, Decimal budgetBaseEquity);
    /// An order filled (inside the transaction that records it): an entry opens its
    /// exit levels, an exit or stop starts the symbol's cooldown.
    Status recordFilled(const Order &order, const OrderIntent *intent, int sessionIndex);
    Status onPositionClosed(const QString &symbol);
    /// An approved exit was not carried out: the position may be proposed for exit again.
    Status onExitEnded(const QString &symbol);

    const QHash<QString, ExitState> &exits() const { return m_exits; }
    const QHash<QString, int> &lastExits() const { return m_lastExit; }
    double atrOf(const QString &symbol) const;

private:
    Status actOnBudgetStress(Decimal budgetBaseEquity);
    Status openExitState(const Order &order, const OrderIntent *intent);
    Status proposeExit(const QString &symbol, ExitState &state, ExitRule rule, Decimal price);
    bool hasTakeProfitLeg(const QString &symbol) const;
    Status raiseBrokerStop(const QString &symbol, const ExitState &state);

    TradeStore &m_store;
    const RiskEngine &m_risk;
    OrderManager &m_orders;
    const BrokerBook &m_book;
    const BarCache &m_bars;
    ApprovalDesk &m_desk;
    const EngineOptions &m_options;
    ApprovalDesk::ContextFn m_context;
    QHash<QString, ExitState> m_exits; ///< by symbol, for every open position
    QHash<QString, int> m_lastExit;    ///< symbol → session index of its last exit
    Moment m_now;
};
