// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/proposal.h"
#include "snapshottablemodel.h"

/// Proposals awaiting the operator, oldest first.
class ApprovalQueueModel : public SnapshotTableModel
{
    Q_OBJECT
public:
    enum Column { Session, Symbol, SideCol, Qty, Price, Notional, Stop, Strategy, Confidence, Verdict };
    static constexpr int ProposalIdRole = Qt::UserRole + 1;

    using SnapshotTableModel::SnapshotTableModel;
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    void setProposals(const QList<Proposal> &proposals);
    const Proposal *proposalAt(int row) const;
    int rowOf(const QString &proposalId) const;

protected:
    QStringList headers() const override;

private:
    QList<Proposal> m_rows;
};
