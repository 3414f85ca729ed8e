// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "backtest/backtester.h"
#include "snapshottablemodel.h"

/// A backtest's round trips, by symbol then entry date.
class TradesModel : public SnapshotTableModel
{
    Q_OBJECT
public:
    enum Column { Symbol, EntryDate, EntryPrice, Qty, ExitDate, ExitPrice, Reason, Pnl };
    using SnapshotTableModel::SnapshotTableModel;
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    void setTrades(const QList<BacktestTrade> &trades);

protected:
    QStringList headers() const override;

private:
    QList<BacktestTrade> m_rows;
};
