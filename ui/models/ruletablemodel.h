// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/riskverdict.h"
#include "snapshottablemodel.h"

/// Every rule of one risk verdict: what it measured, its limit, its outcome.
class RuleTableModel : public SnapshotTableModel
{
    Q_OBJECT
public:
    enum Column { Rule, Outcome, Value, Limit, Allows, Note };
    using SnapshotTableModel::SnapshotTableModel;
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    void setVerdict(const RiskVerdict &verdict);
    void clear();

protected:
    QStringList headers() const override;

private:
    RiskVerdict m_verdict;
};
