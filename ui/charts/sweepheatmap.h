// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "backtest/sweep.h"

#include <QWidget>

/// A sweep's results over two of its parameters: one cell per pair of values,
/// coloured from worst (red) to best (green) by the ranking metric, with the
/// value written in the cell. With a third axis, each cell shows the best row
/// for its pair. Skipped combinations are grey. Out of sample on request.
class SweepHeatmap : public QWidget
{
    Q_OBJECT
public:
    explicit SweepHeatmap(QWidget *parent = nullptr);
    void setResult(const SweepResult &result, const QList<SweepAxis> &axes, SweepRank rank);
    void setOutOfSample(bool outOfSample);
    /// The value shown in a cell (NaN when empty or skipped); for tests.
    double cellValue(int column, int row) const;
    int columns() const { return m_columns; }
    int rows() const { return m_rows; }

protected:
    void paintEvent(QPaintEvent *event) override;
    QSize sizeHint() const override { return {420, 260}; }
    QSize minimumSizeHint() const override { return {220, 160}; }

private:
    void rebuild();

    SweepResult m_result;
    QList<SweepAxis> m_axes;
    SweepRank m_rank = SweepRank::Sharpe;
    bool m_outOfSample = false;
    int m_columns = 0, m_rows = 0;
    QList<double> m_cells; ///< row-major, m_rows × m_columns
};
