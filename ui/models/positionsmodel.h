// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/position.h"
#include "pipeline/enginesnapshot.h"
#include "snapshottablemodel.h"

/// Open positions with live marks and unrealized P&L, by symbol.
class PositionsModel : public SnapshotTableModel
{
    Q_OBJECT
public:
    enum Column { Symbol, Qty, AvgEntry, Last, MarketValue, UnrealizedPnl, PnlPercent, Stop, Target, Trailing, Mfe, Mae, Bars, NextExit };
    using SnapshotTableModel::SnapshotTableModel;
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    void setPositions(const QList<Position> &positions, const QList<PositionExit> &exits = {});

protected:
    QStringList headers() const override;

private:
    QList<Position> m_rows;
    QHash<QString, PositionExit> m_exits;
};
