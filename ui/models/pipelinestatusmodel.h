// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pipeline/enginesnapshot.h"
#include "snapshottablemodel.h"

/// One row per pipeline stage: when it last ran, how long it took, how it ended.
class PipelineStatusModel : public SnapshotTableModel
{
    Q_OBJECT
public:
    enum Column { Stage, LastRun, Duration, Outcome };
    using SnapshotTableModel::SnapshotTableModel;
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    void setSnapshot(const EngineSnapshot &snapshot);

protected:
    QStringList headers() const override;

private:
    QList<StageTiming> m_rows;
};
