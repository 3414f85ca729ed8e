// SPDX-License-Identifier: GPL-3.0-or-later
#include "approvalqueuemodel.h"

#include "format.h"

#include <QBrush>
#include <QColor>

namespace {
QStringList keysOf(const QList<Proposal> &rows)
{
    QStringList k;
    k.reserve(rows.size());
    for (const Proposal &p : rows)
        k.append(p.id);
    return k;
}
} // namespace

QStringList ApprovalQueueModel::headers() const
{
    return {tr("Session"), tr("Symbol"), tr("Side"), tr("Qty"), tr("Price"), tr("Notional"), tr("Stop"), tr("Strategy"),
            tr("Confidence"), tr("Verdict")};
}

int ApprovalQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant ApprovalQueueModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Proposal &p = m_rows.at(index.row());
    if (role == ProposalIdRole)
        return p.id;
    if (role == Qt::ToolTipRole)
        return p.rationale;
    if (role == Qt::TextAlignmentRole && index.column() >= Qty && index.column() <= Confidence && index.column() != Strategy)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && index.column() == SideCol)
        return QBrush(p.side == Side::Buy ? QColor(0x1b, 0x8a, 0x3a) : QColor(0xc0, 0x39, 0x2b));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Session: return p.createdAt.toString(QStringLiteral("yyyy-MM-dd"));
    case Symbol: return p.symbol;
    case SideCol: return p.reducing ? tr("SELL (exit)") : tr("BUY");
    case Qty: return Format::quantity(p.qty);
    case Price: return Format::number(p.price, 2);
    case Notional: return Format::money(p.verdict.finalNotional);
    case Stop: return p.stopPrice.isPositive() ? Format::number(p.stopPrice, 2) : QStringLiteral("—");
    case Strategy: return p.strategy;
    case Confidence: return QString::number(p.confidence, 'f', 2);
    case Verdict: return textOf(p.verdict.kind);
    }
    return {};
}

void ApprovalQueueModel::setProposals(const QList<Proposal> &proposals)
{
    applyRows(keysOf(m_rows), keysOf(proposals), [&] { m_rows = proposals; });
}

const Proposal *ApprovalQueueModel::proposalAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int ApprovalQueueModel::rowOf(const QString &proposalId) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).id == proposalId)
            return i;
    return -1;
}
