// SPDX-License-Identifier: GPL-3.0-or-later
#include "strategyhealthmodel.h"

#include <QBrush>
#include <QColor>

QStringList StrategyHealthModel::headers() const
{
    return {tr("Strategy"), tr("Signals scored"), tr("Right (last 20)"), tr("Status")};
}

int StrategyHealthModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant StrategyHealthModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const StrategyHealthView &h = m_rows.at(index.row());
    if (role == NameRole)
        return h.strategy;
    if (role == SuspendedRole)
        return h.suspended;
    if (role == Qt::ForegroundRole && index.column() == Status)
        return QBrush(h.suspended ? QColor(0xc0, 0x39, 0x2b) : QColor(0x1b, 0x8a, 0x3a));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Strategy: return h.strategy;
    case Scored: return h.scored;
    case Accuracy: return h.scored > 0 ? QStringLiteral("%1 %").arg(h.accuracy * 100, 0, 'f', 0) : QString();
    case Status: return h.suspended ? tr("SUSPENDED for new entries") : h.scored < 20 ? tr("active (fewer than 20 scored)") : tr("active");
    }
    return {};
}

void StrategyHealthModel::setHealth(const QList<StrategyHealthView> &rows)
{
    QStringList oldKeys, newKeys;
    for (const StrategyHealthView &h : m_rows)
        oldKeys.append(h.strategy);
    for (const StrategyHealthView &h : rows)
        newKeys.append(h.strategy);
    applyRows(oldKeys, newKeys, [&] { m_rows = rows; });
}
