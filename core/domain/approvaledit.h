// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "proposal.h"

#include <QStringList>

/// The trader's changes to a proposal at approval. Zero means unchanged. An edit
/// can only lower the risk: a smaller quantity, a stop closer to the price (entries),
/// a limit price instead of a market order (entries). ApprovalDesk::checkEdit says
/// why an edit cannot apply.
struct ApprovalEdit
{
    Decimal qty;
    Decimal stopPrice;
    Decimal limitPrice;
    bool any() const { return qty.isPositive() || stopPrice.isPositive() || limitPrice.isPositive(); }
    /// "qty 20 → 12, stop 95 → 97.5, limit 101.2": what changed against the proposal.
    QString describe(const Proposal &p) const
    {
        QStringList parts;
        if (qty.isPositive() && qty != p.qty)
            parts << QStringLiteral("qty %1 → %2").arg(p.qty.toString(), qty.toString());
        if (stopPrice.isPositive() && stopPrice != p.stopPrice)
            parts << QStringLiteral("stop %1 → %2").arg(p.stopPrice.isPositive() ? p.stopPrice.toString() : QStringLiteral("none"), stopPrice.toString());
        if (limitPrice.isPositive())
            parts << QStringLiteral("limit %1").arg(limitPrice.toString());
        return parts.join(QStringLiteral(", "));
    }
};
Q_DECLARE_METATYPE(ApprovalEdit)
