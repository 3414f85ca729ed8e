// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/proposal.h"
#include "snapshottablemodel.h"

/// Proposals already decided (approved, vetoed, expired, rejected), newest first.
class DecisionsModel : public SnapshotTableModel
{
    Q_OBJECT
public:
    enum Column { Symbol, SideCol, Qty, Status, Reason };
    using SnapshotTableModel::SnapshotTableModel;
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    void setProposals(const QList<Proposal> &proposals);

protected:
    QStringList headers() const override;

private:
    QList<Proposal> m_rows;
};
