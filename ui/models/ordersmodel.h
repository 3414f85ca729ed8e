// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/order.h"
#include "snapshottablemodel.h"

/// The orders blotter, newest first, with each order's current status.
class OrdersModel : public SnapshotTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Symbol, SideCol, Type, Purpose, Qty, LimitPrice, StopPrice, Status, AvgFill, Reason };
    using SnapshotTableModel::SnapshotTableModel;
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    void setOrders(const QList<Order> &orders);
    /// The order on `row`, or null.
    const Order *orderAt(int row) const { return row >= 0 && row < m_rows.size() ? &m_rows[row] : nullptr; }

protected:
    QStringList headers() const override;

private:
    QList<Order> m_rows;
};
