// SPDX-License-Identifier: GPL-3.0-or-later
#include "breakersmodel.h"

#include <QBrush>
#include <QColor>

QStringList BreakersModel::headers() const
{
    return {tr("Breaker"), tr("State"), tr("Since"), tr("Reason")};
}

QString BreakersModel::displayName(const QString &name)
{
    if (name == QLatin1String("model"))
        return tr("Model");
    if (name == QLatin1String("data"))
        return tr("Data");
    if (name == QLatin1String("equity"))
        return tr("Equity drawdown");
    if (name == QLatin1String("broker"))
        return tr("Broker");
    if (name == QLatin1String("kill_switch"))
        return tr("Kill switch");
    return name;
}

int BreakersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant BreakersModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const BreakerView &b = m_rows.at(index.row());
    if (role == NameRole)
        return b.name;
    if (role == Qt::ForegroundRole && index.column() == State)
        return QBrush(b.state == BreakerState::Closed ? QColor(0x1b, 0x8a, 0x3a)
                                                      : b.state == BreakerState::Open ? QColor(0xc0, 0x39, 0x2b) : QColor(0xb9, 0x77, 0x0e));
    if (role == Qt::ToolTipRole)
        return b.operatorResetOnly ? tr("Only the operator can reset this breaker.") : tr("Recovers by itself; the operator can reset it.");
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Name: return displayName(b.name);
    case State: return textOf(b.state);
    case Since: return b.trippedAt.isValid() ? b.trippedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QString();
    case Reason: return b.reason;
    }
    return {};
}

void BreakersModel::setBreakers(const QList<BreakerView> &breakers)
{
    QStringList oldKeys, newKeys;
    for (const BreakerView &b : m_rows)
        oldKeys.append(b.name);
    for (const BreakerView &b : breakers)
        newKeys.append(b.name);
    applyRows(oldKeys, newKeys, [&] { m_rows = breakers; });
}

const BreakerView *BreakersModel::breakerAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}
