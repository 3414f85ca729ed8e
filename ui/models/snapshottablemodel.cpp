// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshottablemodel.h"

int SnapshotTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(headers().size());
}

QVariant SnapshotTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole)
        return headers().value(section);
    return QAbstractTableModel::headerData(section, orientation, role);
}

void SnapshotTableModel::applyRows(const QStringList &oldKeys, const QStringList &newKeys, const std::function<void()> &swap)
{
    const int cols = columnCount();
    if (oldKeys == newKeys) {
        swap();
        if (!newKeys.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(static_cast<int>(newKeys.size()) - 1, cols - 1));
        return;
    }
    if (newKeys.size() > oldKeys.size() && newKeys.mid(0, oldKeys.size()) == oldKeys) {
        beginInsertRows({}, static_cast<int>(oldKeys.size()), static_cast<int>(newKeys.size()) - 1);
        swap();
        endInsertRows();
        if (!oldKeys.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(static_cast<int>(oldKeys.size()) - 1, cols - 1));
        return;
    }
    beginResetModel();
    swap();
    endResetModel();
}
