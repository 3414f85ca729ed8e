// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "backtest/backtestrunner.h"

#include <QWidget>

#include <functional>
#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStandardItemModel;
class QSortFilterProxyModel;
class QTableView;
class SweepHeatmap;

/// The Backtest dock's sweep: two swept parameters (from, to, step), the metric
/// to rank by, an optional walk-forward split and the thread count; a progress
/// bar with cancel; a sortable results table and a heat map of the two
/// parameters. The rest of a combination's options come from the backtest form.
/// Runs on the sweep thread; the GUI thread never waits.
class SweepPanel : public QWidget
{
    Q_OBJECT
public:
    /// `base` gives the backtest form's options and source, or nullopt with why.
    using BaseProvider = std::function<std::optional<std::pair<BacktestOptions, BacktestSource>>(QString *why)>;
    explicit SweepPanel(BaseProvider base, QWidget *parent = nullptr);

    void run();
    SweepRunner *runner() const { return m_runner; }
    QStandardItemModel *resultsModel() const { return m_results; }
    SweepHeatmap *heatmap() const { return m_heatmap; }
    /// The spec the controls describe (without the base options); for tests.
    SweepSpec spec(const BacktestOptions &base) const;

private:
    struct AxisControls
    {
        QComboBox *name;
        QDoubleSpinBox *from, *to, *step;
    };
    Result<SweepAxis> axis(const AxisControls &a) const;
    AxisControls makeAxis(const QString &objectPrefix, const QString &name, double from, double to, double step);
    void showResult(const SweepResult &result, const QStringList &problems);
    void setRunning(bool running);

    BaseProvider m_base;
    SweepRunner *m_runner;
    AxisControls m_axis1, m_axis2;
    QComboBox *m_rank;
    QCheckBox *m_walkForward;
    QSpinBox *m_oosPercent;
    QSpinBox *m_jobs;
    QPushButton *m_runButton;
    QPushButton *m_cancelButton;
    QProgressBar *m_progress;
    QLabel *m_status;
    QStandardItemModel *m_results;
    QSortFilterProxyModel *m_sorted;
    QTableView *m_table;
    SweepHeatmap *m_heatmap;
    QCheckBox *m_showOos;
    QList<SweepAxis> m_lastAxes;
    SweepRank m_lastRank = SweepRank::Sharpe;
};
