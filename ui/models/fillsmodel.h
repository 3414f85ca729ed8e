// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/fill.h"
#include "snapshottablemodel.h"

/// Executions, newest first.
class FillsModel : public SnapshotTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Symbol, SideCol, Qty, Price, Value };
    using SnapshotTableModel::SnapshotTableModel;
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    void setFills(const QList<Fill> &fills);

protected:
    QStringList headers() const override;

private:
    QList<Fill> m_rows;
};
