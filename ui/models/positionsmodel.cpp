// SPDX-License-Identifier: GPL-3.0-or-later
#include "positionsmodel.h"

#include "format.h"

#include <QBrush>
#include <QColor>

QStringList PositionsModel::headers() const
{
    return {tr("Symbol"), tr("Qty"), tr("Avg entry"), tr("Last"), tr("Market value"), tr("Unrealized P&L"), tr("P&L %"), tr("Stop"),
            tr("Target"), tr("Trailing"), tr("MFE"), tr("MAE"), tr("Bars"), tr("Next exit")};
}

int PositionsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant PositionsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Position &p = m_rows.at(index.row());
    const Decimal pnl = p.unrealizedPnl();
    const auto exit = m_exits.constFind(p.symbol);
    const bool hasExit = exit != m_exits.cend();
    if (role == Qt::ToolTipRole && hasExit)
        return tr("Stop set by %1. MFE/MAE: best and worst move per share since entry.").arg(exit->stopRule);
    if (role == Qt::TextAlignmentRole && index.column() != Symbol && index.column() != NextExit)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && (index.column() == UnrealizedPnl || index.column() == PnlPercent) && !pnl.rounded(2).isZero())
        return QBrush(pnl.isNegative() ? QColor(0xc0, 0x39, 0x2b) : QColor(0x1b, 0x8a, 0x3a));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Symbol: return p.symbol;
    case Qty: return Format::quantity(p.qty);
    case AvgEntry: return Format::number(p.avgEntryPrice, 2);
    case Last: return Format::number(p.lastPrice, 2);
    case MarketValue: return Format::money(p.marketValue());
    case UnrealizedPnl: return Format::money(pnl);
    case PnlPercent: {
        const Decimal basis = p.costBasis();
        return basis.isPositive() ? Format::percent(pnl.toDouble() / basis.toDouble()) : QStringLiteral("—");
    }
    case Stop: return p.stopPrice.isPositive() ? Format::number(p.stopPrice, 2) : tr("none");
    case Target: return hasExit && exit->target.isPositive() ? Format::number(exit->target, 2) : QString();
    case Trailing: return hasExit && exit->trailing.isPositive() ? Format::number(exit->trailing, 2) : QString();
    case Mfe: return hasExit ? Format::number(exit->mfe, 2) : QString();
    case Mae: return hasExit ? Format::number(exit->mae, 2) : QString();
    case Bars: return hasExit ? QString::number(exit->barsHeld) : QString();
    case NextExit: return hasExit ? QString(exit->nextRule).replace(QLatin1Char('_'), QLatin1Char(' ')) : QString();
    }
    return {};
}

void PositionsModel::setPositions(const QList<Position> &positions, const QList<PositionExit> &exits)
{
    m_exits.clear();
    for (const PositionExit &e : exits)
        m_exits.insert(e.symbol, e);
    QStringList oldKeys, newKeys;
    for (const Position &p : m_rows)
        oldKeys.append(p.symbol);
    for (const Position &p : positions)
        newKeys.append(p.symbol);
    applyRows(oldKeys, newKeys, [&] { m_rows = positions; });
}
