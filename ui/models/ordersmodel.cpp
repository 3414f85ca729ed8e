// SPDX-License-Identifier: GPL-3.0-or-later
#include "ordersmodel.h"

#include "format.h"

#include <QBrush>
#include <QColor>

QStringList OrdersModel::headers() const
{
    return {tr("Time"), tr("Symbol"), tr("Side"), tr("Type"), tr("Purpose"), tr("Qty"), tr("Limit"), tr("Stop"), tr("Status"), tr("Avg fill"), tr("Reason")};
}

int OrdersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant OrdersModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Order &o = m_rows.at(index.row());
    if (role == Qt::ForegroundRole && index.column() == Status && o.status == OrderStatus::Rejected)
        return QBrush(QColor(0xc0, 0x39, 0x2b));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Time: return o.updatedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    case Symbol: return o.symbol;
    case SideCol: return textOf(o.side).toUpper();
    case Type: return textOf(o.type);
    case Purpose: return textOf(o.purpose).replace(QLatin1Char('_'), QLatin1Char(' '));
    case Qty: return Format::quantity(o.qty);
    case LimitPrice: return o.limitPrice.isPositive() ? Format::number(o.limitPrice, 2) : QString();
    case StopPrice: return o.stopPrice.isPositive() ? Format::number(o.stopPrice, 2) : QString();
    case Status: return textOf(o.status);
    case AvgFill: return o.filledAvgPrice.isPositive() ? Format::number(o.filledAvgPrice, 2) : QString();
    case Reason: return o.reason;
    }
    return {};
}

void OrdersModel::setOrders(const QList<Order> &orders)
{
    QStringList oldKeys, newKeys;
    for (const Order &o : m_rows)
        oldKeys.append(o.id);
    for (const Order &o : orders)
        newKeys.append(o.id);
    applyRows(oldKeys, newKeys, [&] { m_rows = orders; });
}
