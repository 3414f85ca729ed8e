// SPDX-License-Identifier: GPL-3.0-or-later
#include "ruletablemodel.h"

#include "format.h"

#include <QBrush>
#include <QColor>
#include <QFont>

QStringList RuleTableModel::headers() const
{
    return {tr("Rule"), tr("Outcome"), tr("Measured"), tr("Limit"), tr("Allows"), tr("Note")};
}

int RuleTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_verdict.rules.size());
}

QVariant RuleTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_verdict.rules.size())
        return {};
    const RuleResult &r = m_verdict.rules.at(index.row());
    if (role == Qt::FontRole && r.rule == m_verdict.bindingRule) {
        QFont f;
        f.setBold(true);
        return f;
    }
    if (role == Qt::ForegroundRole && index.column() == Outcome) {
        switch (r.outcome) {
        case RuleOutcome::Pass: return QBrush(QColor(0x1b, 0x8a, 0x3a));
        case RuleOutcome::Resize: return QBrush(QColor(0xb9, 0x77, 0x0e));
        case RuleOutcome::Reject: return QBrush(QColor(0xc0, 0x39, 0x2b));
        case RuleOutcome::Skipped: return QBrush(QColor(0x7f, 0x8c, 0x8d));
        case RuleOutcome::Hold: return QBrush(QColor(0x2e, 0x86, 0xc1));
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Rule: return r.rule == m_verdict.bindingRule ? r.rule + tr(" (binding)") : r.rule;
    case Outcome: return textOf(r.outcome);
    case Value: return r.valueText();
    case Limit: return r.limitText();
    // A rule's allowance is a bound, shown to four places rounded down (never more than it allows).
    case Allows: return r.outcome == RuleOutcome::Skipped || !r.allowedQty.isValid() ? QString() : Format::quantity(r.allowedQty.rounded(4, RoundingMode::Down));
    case Note: return r.note;
    }
    return {};
}

void RuleTableModel::setVerdict(const RiskVerdict &verdict)
{
    beginResetModel();
    m_verdict = verdict;
    endResetModel();
}

void RuleTableModel::clear()
{
    setVerdict({});
}
