// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pipeline/enginesnapshot.h"
#include "snapshottablemodel.h"

/// The circuit breakers: state, why it tripped and since when.
class BreakersModel : public SnapshotTableModel
{
    Q_OBJECT
public:
    enum Column { Name, State, Since, Reason };
    static constexpr int NameRole = Qt::UserRole + 1;
    using SnapshotTableModel::SnapshotTableModel;
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    void setBreakers(const QList<BreakerView> &breakers);
    const BreakerView *breakerAt(int row) const;
    static QString displayName(const QString &name);

protected:
    QStringList headers() const override;

private:
    QList<BreakerView> m_rows;
};
