// SPDX-License-Identifier: GPL-3.0-or-later
#include "reconciliationmodel.h"

#include <QBrush>
#include <QColor>

QStringList ReconciliationModel::headers() const
{
    return {tr("Found"), tr("Status"), tr("Difference"), tr("Symbol"), tr("Sentinel's record"), tr("Broker"), tr("What it means")};
}

QString ReconciliationModel::kindText(ReconDifference::Kind k)
{
    switch (k) {
    case ReconDifference::Kind::PositionGone: return tr("Position gone at the broker");
    case ReconDifference::Kind::PositionUnknown: return tr("Position Sentinel did not open");
    case ReconDifference::Kind::PositionMismatch: return tr("Quantities differ");
    case ReconDifference::Kind::OrderExternal: return tr("External order");
    case ReconDifference::Kind::OrderMissing: return tr("Order not open at the broker");
    }
    return {};
}

int ReconciliationModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ReconciliationModel::openCount() const
{
    return static_cast<int>(std::count_if(m_rows.cbegin(), m_rows.cend(), [](const ReconDifference &d) { return d.isOpen(); }));
}

QVariant ReconciliationModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const ReconDifference &d = m_rows.at(index.row());
    if (role == Qt::ForegroundRole && !d.isOpen())
        return QBrush(QColor(0x70, 0x70, 0x70));
    if (role == Qt::BackgroundRole && d.isOpen() && index.column() == Status)
        return QBrush(QColor(0xfa, 0xdb, 0xd8));
    if (role == Qt::ToolTipRole)
        return d.detail;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Found: return d.foundAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    case Status:
        switch (d.resolution) {
        case ReconDifference::Resolution::Open: return tr("OPEN — choose");
        case ReconDifference::Resolution::Adopted: return tr("adopted by %1").arg(d.resolvedBy);
        case ReconDifference::Resolution::Flattened: return tr("flattened by %1").arg(d.resolvedBy);
        case ReconDifference::Resolution::Ignored: return tr("ignored by %1").arg(d.resolvedBy);
        case ReconDifference::Resolution::Cleared: return tr("cleared by itself");
        }
        return {};
    case Kind: return kindText(d.kind);
    case Symbol: return d.symbol;
    case Record: return d.ours;
    case Broker: return d.broker;
    case Detail: return d.detail;
    }
    return {};
}

void ReconciliationModel::setDifferences(const QList<ReconDifference> &differences)
{
    QStringList oldKeys, newKeys;
    for (const ReconDifference &d : m_rows)
        oldKeys.append(d.id + textOf(d.resolution));
    for (const ReconDifference &d : differences)
        newKeys.append(d.id + textOf(d.resolution));
    applyRows(oldKeys, newKeys, [&] { m_rows = differences; });
}
