// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/position.h"
#include "snapshottablemodel.h"

/// Open positions with live marks and unrealized P&L, by symbol.
class PositionsModel : public SnapshotTableModel
{
    Q_OBJECT
public:
    enum Column { Symbol, Qty, AvgEntry, Last, MarketValue, UnrealizedPnl, PnlPercent, Stop };
    using SnapshotTableModel::SnapshotTableModel;
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    void setPositions(const QList<Position> &positions);

protected:
    QStringList headers() const override;

private:
    QList<Position> m_rows;
};
