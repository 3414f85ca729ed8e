// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/modelconfig.h"
#include "domain/equitypoint.h"
#include "pipeline/enginesnapshot.h"

#include <QByteArray>
#include <QMainWindow>

class ApprovalPanel;
class BacktestPanel;
class StrategyHealthPanel;
class BreakersPanel;
class BudgetStressModel;
class RiskPanel;
class EngineController;
class EquityChart;
class FillsModel;
class LogHub;
class LogModel;
class OrdersModel;
class PipelineStatusModel;
class PositionsModel;
class QComboBox;
class QDockWidget;
class QLabel;
class QTableView;
class QAction;
class ReconciliationPanel;
class AuditPanel;
class DecisionsPanel;
class Notifier;
class PriceChart;
struct AlpacaEndpoints;

/// The workstation window: dockable panels over the running engine, a View
/// menu to toggle them, a saved and restorable layout, and a status bar with
/// the mode, the market clock and the trading state.
class ReviewWindow;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(EngineController *controller, LogHub *logHub, QWidget *parent = nullptr);
    ~MainWindow() override;

    ApprovalPanel *approvalPanel() const { return m_approval; }
    PositionsModel *positionsModel() const { return m_positions; }
    EquityChart *equityChart() const { return m_equity; }
    BreakersPanel *breakersPanel() const { return m_breakersPanel; }
    RiskPanel *riskPanel() const { return m_riskPanel; }
    BacktestPanel *backtestPanel() const { return m_backtest; }
    StrategyHealthPanel *strategyHealthPanel() const { return m_health; }
    ReconciliationPanel *reconciliationPanel() const { return m_reconciliation; }
    AuditPanel *auditPanel() const { return m_audit; }
    DecisionsPanel *decisionsPanel() const { return m_decisions; }
    Notifier *notifier() const { return m_notifier; }
    PriceChart *priceChart() const { return m_priceChart; }
    /// The price chart dock follows this symbol (the selection in the queue, positions or blotter).
    void chartSymbol(const QString &symbol);
    /// View → Theme: system, light or dark (remembered).
    void setTheme(const QString &id);
    /// The layout's key: one per screen setup (the screens and their sizes).
    QString screenSetupKey() const;
    /// File → Open record…: any record, reviewed read-only in a window of its own.
    void openRecordForReview();
    ReviewWindow *openReview(const QString &location);
    /// File → Back up the record…: a consistent copy, taken off the GUI thread.
    void backupRecordTo();
    void startBackup(const QString &from, const QString &to);
    /// File → Model settings…: provider, URL, model and key (keychain), with a connection test.
    void openModelSettings();
    /// Restarts the engine with this model (saved in the application's settings; the key is not).
    void applyModel(const ModelConfig &config);
    /// The model chosen in an earlier session, its key from the environment or the keychain.
    void resumeModel();
    /// Reconnects to Alpaca paper if that was the last choice (keys from the environment or the keychain).
    void resumeVenue();
    void connectAlpacaPaper();
    void switchToAlpaca(const AlpacaEndpoints &endpoints);
    void switchToDemo();
    /// Puts every dock back where it starts on a first run.
    void resetLayout();
    /// Shows settings warnings in the log and the status bar.
    void showWarnings(const QStringList &warnings);

Q_SIGNALS:
    /// A backup ended: ok with the file, or failed with why.
    void backupFinished(bool ok, const QString &fileOrWhy);

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void applySnapshot(const EngineSnapshot &snapshot);
    void onStartFailed(const QString &reason, const QString &dbPath);
    QDockWidget *addDock(const QString &title, const QString &name, QWidget *content, Qt::DockWidgetArea area);
    void buildMenus();
    void restoreLayout();
    void applyDefaultSizes();
    /// A status message that never runs into the permanent figures on the right: elided, whole in the tooltip.
    void showStatus(const QString &message, int timeoutMs);
    void showShortcuts();
    void showAbout();
    void fitToScreen();
    void applyVenueLook(const EngineSnapshot &snapshot);
    QString paperDbPath() const;
    QRect availableArea() const;
    /// A table's selection sets the chart's symbol (from `column`).
    void followSelection(QTableView *view, int column);

    EngineController *m_controller;
    ApprovalPanel *m_approval;
    PositionsModel *m_positions;
    OrdersModel *m_orders;
    FillsModel *m_fills;
    PipelineStatusModel *m_pipeline;
    LogModel *m_log;
    EquityChart *m_equity;
    RiskPanel *m_riskPanel;
    BreakersPanel *m_breakersPanel;
    BudgetStressModel *m_budgets;
    StrategyHealthPanel *m_health;
    BacktestPanel *m_backtest;
    ReconciliationPanel *m_reconciliation;
    AuditPanel *m_audit;
    DecisionsPanel *m_decisions;
    Notifier *m_notifier;
    PriceChart *m_priceChart;
    QString m_chartSymbol;
    qint64 m_chartAskedMs = 0;
    bool m_deskPrimed = false;
    QLabel *m_banner = nullptr;
    int m_venueLook = 0;
    int m_openDifferences = 0;
    QString m_clockPrefix = tr("Simulated clock");
    QString m_demoDbPath;
    QLabel *m_modeLabel;
    QLabel *m_clockLabel;
    QLabel *m_stateLabel;
    QLabel *m_equityLabel;
    QLabel *m_pipelineNote;
    QAction *m_pauseAction = nullptr;
    LogHub *m_logHub = nullptr;
    QComboBox *m_speed = nullptr;
    QList<QDockWidget *> m_docks;
    QByteArray m_defaultState;
};
