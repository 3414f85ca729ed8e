// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/narrative.h"
#include "snapshottablemodel.h"

/// Audit narratives by time, newest first: who wrote each one (a model or the
/// offline narrator) and how many of its numbers code did not compute.
class AuditModel : public SnapshotTableModel
{
    Q_OBJECT
public:
    enum Column { Session, Kind, Source, Check, Text };
    using SnapshotTableModel::SnapshotTableModel;
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    void setNarratives(const QList<AuditNarrative> &narratives);
    const AuditNarrative *at(int row) const { return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr; }

protected:
    QStringList headers() const override;

private:
    QList<AuditNarrative> m_rows;
};
