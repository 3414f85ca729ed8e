// SPDX-License-Identifier: GPL-3.0-or-later
#include "pipelinestatusmodel.h"

QStringList PipelineStatusModel::headers() const
{
    return {tr("Stage"), tr("Last run"), tr("Duration"), tr("Outcome")};
}

int PipelineStatusModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant PipelineStatusModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const StageTiming &s = m_rows.at(index.row());
    if (role == Qt::TextAlignmentRole && index.column() == Duration)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Stage: return s.stage;
    case LastRun: return s.at.isValid() ? s.at.toString(QStringLiteral("yyyy-MM-dd HH:mm")) : tr("not yet");
    case Duration: return s.at.isValid() && s.ms >= 0 ? tr("%1 ms").arg(s.ms, 0, 'f', 3) : QString();
    case Outcome: return s.outcome;
    }
    return {};
}

void PipelineStatusModel::setSnapshot(const EngineSnapshot &snapshot)
{
    QList<StageTiming> rows = snapshot.lastIteration.stages();
    const QDateTime at = snapshot.lastIteration.startedAt;
    rows.append({tr("Approval"), -1, tr("%n proposal(s) waiting", nullptr, static_cast<int>(snapshot.pending.size())), at});
    int open = 0;
    for (const Order &o : snapshot.orders)
        open += isOpen(o.status) ? 1 : 0;
    rows.append({tr("Execution"), -1, tr("%n order(s) working", nullptr, open), at});
    QStringList oldKeys, newKeys;
    for (const StageTiming &s : m_rows)
        oldKeys.append(s.stage);
    for (const StageTiming &s : rows)
        newKeys.append(s.stage);
    applyRows(oldKeys, newKeys, [&] { m_rows = rows; });
}
