// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pipeline/enginesnapshot.h"
#include "snapshottablemodel.h"

/// Each strategy's rolling directional accuracy and whether it is suspended.
class StrategyHealthModel : public SnapshotTableModel
{
    Q_OBJECT
public:
    enum Column { Strategy, Scored, Accuracy, Status };
    static constexpr int NameRole = Qt::UserRole + 1;
    static constexpr int SuspendedRole = Qt::UserRole + 2;
    using SnapshotTableModel::SnapshotTableModel;
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    void setHealth(const QList<StrategyHealthView> &rows);

protected:
    QStringList headers() const override;

private:
    QList<StrategyHealthView> m_rows;
};
