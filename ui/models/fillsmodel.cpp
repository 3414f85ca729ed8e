// SPDX-License-Identifier: GPL-3.0-or-later
#include "fillsmodel.h"

#include "format.h"

QStringList FillsModel::headers() const
{
    return {tr("Time"), tr("Symbol"), tr("Side"), tr("Qty"), tr("Price"), tr("Value")};
}

int FillsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant FillsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Fill &f = m_rows.at(index.row());
    if (role == Qt::TextAlignmentRole && index.column() >= Qty)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Time: return f.time.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    case Symbol: return f.symbol;
    case SideCol: return textOf(f.side).toUpper();
    case Qty: return Format::quantity(f.qty);
    case Price: return Format::number(f.price, 2);
    case Value: return Format::money(f.qty * f.price);
    }
    return {};
}

void FillsModel::setFills(const QList<Fill> &fills)
{
    QStringList oldKeys, newKeys;
    for (const Fill &f : m_rows)
        oldKeys.append(f.id);
    for (const Fill &f : fills)
        newKeys.append(f.id);
    applyRows(oldKeys, newKeys, [&] { m_rows = fills; });
}
