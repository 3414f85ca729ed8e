// SPDX-License-Identifier: GPL-3.0-or-later
#include "decisionsmodel.h"

#include "format.h"

#include <QBrush>
#include <QColor>

QStringList DecisionsModel::headers() const
{
    return {tr("Symbol"), tr("Side"), tr("Qty"), tr("Decision"), tr("Reason")};
}

int DecisionsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant DecisionsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Proposal &p = m_rows.at(index.row());
    if (role == Qt::ToolTipRole)
        return p.rationale;
    if (role == Qt::ForegroundRole && index.column() == Status) {
        switch (p.status) {
        case ProposalStatus::Approved: return QBrush(QColor(0x1b, 0x8a, 0x3a));
        case ProposalStatus::Vetoed:
        case ProposalStatus::RejectedAtApproval:
        case ProposalStatus::RejectedByRisk: return QBrush(QColor(0xc0, 0x39, 0x2b));
        default: return QBrush(QColor(0x7f, 0x8c, 0x8d));
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Symbol: return p.symbol;
    case SideCol: return p.reducing ? tr("SELL (exit)") : tr("BUY");
    case Qty: return Format::quantity(p.qty);
    case Status:
        switch (p.status) {
        case ProposalStatus::Approved: return tr("Approved");
        case ProposalStatus::Vetoed: return tr("Vetoed");
        case ProposalStatus::Expired: return tr("Expired");
        case ProposalStatus::RejectedAtApproval: return tr("Rejected at approval");
        case ProposalStatus::RejectedByRisk: return tr("Rejected by risk");
        case ProposalStatus::Pending: return tr("Pending");
        }
        return {};
    case Reason: return p.decisionReason;
    }
    return {};
}

void DecisionsModel::setProposals(const QList<Proposal> &proposals)
{
    QStringList oldKeys, newKeys;
    for (const Proposal &p : m_rows)
        oldKeys.append(p.id);
    for (const Proposal &p : proposals)
        newKeys.append(p.id);
    applyRows(oldKeys, newKeys, [&] { m_rows = proposals; });
}
