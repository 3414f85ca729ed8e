// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/bar.h"
#include "domain/desk.h"
#include "domain/proposal.h"
#include "execution/exitmanager.h"
#include "util/result.h"

#include <QList>

class TradeStore;

/// The shadow book: every vetoed or expired entry, followed as if it had been
/// approved at the price of the moment it was decided, under the same exit rules
/// as real positions (the protective stop, breakeven, trailing, take-profit and
/// time exits), bar by bar at each session's close. What the shadows make or
/// lose is what the vetoes and expiries saved or cost.
class ShadowBook
{
public:
    ShadowBook(TradeStore &store, const ExitConfig &exits);
    void restore();
    /// Opens the shadow of `p` (entries only; an exit that was not taken has no shadow).
    /// Call inside the decision's transaction.
    Status open(const Proposal &p, const QString &cause, const QString &reasonCode, Decimal price, const QDateTime &now);
    /// A completed session's bars: each open shadow's exits are checked under the exit rules.
    Status onSessionBars(const QList<Bar> &bars, const QDateTime &now);
    const QList<ShadowPosition> &all() const { return m_shadows; }
    /// Bumped whenever a shadow opens, moves or closes.
    int version() const { return m_version; }

private:
    TradeStore &m_store;
    ExitConfig m_exits;
    QList<ShadowPosition> m_shadows;
    int m_version = 0;
};
