// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QStringList>

#include <functional>

/// Base of the table models fed by engine snapshots. A new snapshot is
/// applied as ranged changes when the row identities allow (same rows →
/// dataChanged; rows appended → insert + dataChanged), otherwise as one reset.
class SnapshotTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    using QAbstractTableModel::QAbstractTableModel;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    /// Column titles, translated.
    virtual QStringList headers() const = 0;
    /// Replaces the rows: `swap` installs the new rows; keys identify rows.
    void applyRows(const QStringList &oldKeys, const QStringList &newKeys, const std::function<void()> &swap);
};
