// SPDX-License-Identifier: GPL-3.0-or-later
#include "budgetstressmodel.h"

#include "format.h"
#include "risk/budgetstress.h"

#include <QBrush>
#include <QColor>

QStringList BudgetStressModel::headers() const
{
    return {tr("Symbol"), tr("Stress"), tr("Level"), tr("Committed"), tr("Budget")};
}

int BudgetStressModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QColor BudgetStressModel::levelColor(double stress)
{
    switch (stressLevel(stress)) {
    case StressLevel::Normal: return QColor(0x27, 0xae, 0x60);
    case StressLevel::Elevated: return QColor(0xf1, 0xc4, 0x0f);
    case StressLevel::High: return QColor(0xe6, 0x7e, 0x22);
    case StressLevel::Critical: return QColor(0xc0, 0x39, 0x2b);
    }
    return {};
}

QVariant BudgetStressModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const BudgetStress &b = m_rows.at(index.row());
    if (role == StressRole)
        return b.stress;
    if (role == Qt::ForegroundRole && index.column() == Level)
        return QBrush(levelColor(b.stress).darker(130));
    if (role == Qt::TextAlignmentRole && index.column() >= Committed)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Symbol: return b.symbol;
    case Stress: return Format::percent(b.stress, 1);
    case Level:
        switch (stressLevel(b.stress)) {
        case StressLevel::Normal: return tr("normal");
        case StressLevel::Elevated: return tr("elevated");
        case StressLevel::High: return tr("high");
        case StressLevel::Critical: return tr("critical");
        }
        return {};
    case Committed: return Format::money(b.committed);
    case Budget: return Format::money(b.budget);
    }
    return {};
}

void BudgetStressModel::setBudgets(const QList<BudgetStress> &budgets)
{
    QStringList oldKeys, newKeys;
    for (const BudgetStress &b : m_rows)
        oldKeys.append(b.symbol);
    for (const BudgetStress &b : budgets)
        newKeys.append(b.symbol);
    applyRows(oldKeys, newKeys, [&] { m_rows = budgets; });
}
