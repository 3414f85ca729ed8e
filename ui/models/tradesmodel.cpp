// SPDX-License-Identifier: GPL-3.0-or-later
#include "tradesmodel.h"

#include "format.h"

#include <QBrush>
#include <QColor>

QStringList TradesModel::headers() const
{
    return {tr("Symbol"), tr("Entry"), tr("Entry price"), tr("Qty"), tr("Exit"), tr("Exit price"), tr("Reason"), tr("P&L")};
}

int TradesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant TradesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const BacktestTrade &t = m_rows.at(index.row());
    const bool open = t.exitReason == QLatin1String("open");
    if (role == Qt::ForegroundRole && index.column() == Pnl && !open && !t.pnl.isZero())
        return QBrush(t.pnl.isNegative() ? QColor(0xc0, 0x39, 0x2b) : QColor(0x1b, 0x8a, 0x3a));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Symbol: return t.symbol;
    case EntryDate: return t.entryDate.toString(Qt::ISODate);
    case EntryPrice: return Format::number(t.entryPrice, 2);
    case Qty: return Format::quantity(t.qty);
    case ExitDate: return open ? QString() : t.exitDate.toString(Qt::ISODate);
    case ExitPrice: return open ? QString() : Format::number(t.exitPrice, 2);
    case Reason: return t.exitReason;
    case Pnl: return open ? QString() : Format::money(t.pnl);
    }
    return {};
}

void TradesModel::setTrades(const QList<BacktestTrade> &trades)
{
    beginResetModel();
    m_rows = trades;
    endResetModel();
}
