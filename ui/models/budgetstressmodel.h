// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pipeline/enginesnapshot.h"
#include "snapshottablemodel.h"

/// One row per symbol with committed capital: its stress against its budget.
class BudgetStressModel : public SnapshotTableModel
{
    Q_OBJECT
public:
    enum Column { Symbol, Stress, Level, Committed, Budget };
    static constexpr int StressRole = Qt::UserRole + 1; ///< double, committed ÷ budget
    using SnapshotTableModel::SnapshotTableModel;
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    void setBudgets(const QList<BudgetStress> &budgets);
    static QColor levelColor(double stress);

protected:
    QStringList headers() const override;

private:
    QList<BudgetStress> m_rows;
};
