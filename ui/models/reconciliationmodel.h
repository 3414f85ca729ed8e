// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/recondifference.h"
#include "snapshottablemodel.h"

/// Reconciliation differences: open ones first (the trader must choose), then
/// the latest resolved ones with who resolved them and how.
class ReconciliationModel : public SnapshotTableModel
{
    Q_OBJECT
public:
    enum Column { Found, Status, Kind, Symbol, Record, Broker, Detail };
    using SnapshotTableModel::SnapshotTableModel;
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    void setDifferences(const QList<ReconDifference> &differences);
    const ReconDifference *at(int row) const { return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr; }
    int openCount() const;
    static QString kindText(ReconDifference::Kind k);

protected:
    QStringList headers() const override;

private:
    QList<ReconDifference> m_rows;
};
