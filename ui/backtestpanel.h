// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "backtest/backtestrunner.h"

#include <QWidget>

#include <optional>
#include <utility>

class BacktestChart;
class QCheckBox;
class QComboBox;
class QDateEdit;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QStandardItemModel;
class QTabWidget;
class QTableView;
class SweepPanel;
class TradesModel;

/// The backtest screen: strategy, universe (the recorded history, only sessions
/// the market has completed, or a CSV folder), dates, sizing, stop and approval policy; a progress bar with cancel;
/// the metrics, the equity and drawdown chart and the trade list. The run
/// happens on the backtest thread; the screen stays responsive.
class BacktestPanel : public QWidget
{
    Q_OBJECT
public:
    explicit BacktestPanel(QWidget *parent = nullptr);
    void run();
    /// The record whose completed sessions the "recorded history" universe uses.
    void setRecord(const QString &dbPath);
    /// The last session the market has completed: the latest date a range may end on.
    void setLastSession(const QDate &session);
    BacktestRunner *runner() const { return m_runner; }
    TradesModel *tradesModel() const { return m_trades; }
    QStandardItemModel *metricsModel() const { return m_metrics; }
    BacktestChart *chart() const { return m_chart; }
    SweepPanel *sweep() const { return m_sweep; }
    QTabWidget *tabs() const { return m_tabs; }

private:
    /// The form's options and bars, or nullopt with why.
    std::optional<std::pair<BacktestOptions, BacktestSource>> formOptions(QString *why) const;
    void showResult(const BacktestResult &r, const QStringList &problems, double seconds);
    void setRunning(bool running);

    BacktestRunner *m_runner;
    QComboBox *m_strategy;
    QComboBox *m_source;
    QLineEdit *m_folder;
    QString m_record;
    QCheckBox *m_wholeHistory;
    QDateEdit *m_from;
    QDateEdit *m_to;
    QDoubleSpinBox *m_qty;
    QDoubleSpinBox *m_stop;
    QCheckBox *m_risk;
    QComboBox *m_approval;
    QPushButton *m_runButton;
    QPushButton *m_cancelButton;
    QProgressBar *m_progress;
    QLabel *m_status;
    QStandardItemModel *m_metrics;
    TradesModel *m_trades;
    BacktestChart *m_chart;
    SweepPanel *m_sweep;
    QTabWidget *m_tabs;
};
