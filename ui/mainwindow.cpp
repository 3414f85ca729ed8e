// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "approvalpanel.h"
#include "backtestpanel.h"
#include "breakerspanel.h"
#include "strategyhealthpanel.h"
#include "models/budgetstressmodel.h"
#include "riskpanel.h"
#include "stressbardelegate.h"
#include "charts/equitychart.h"
#include "format.h"
#include "tableviews.h"
#include "loghub.h"
#include "models/fillsmodel.h"
#include "models/logmodel.h"
#include "models/ordersmodel.h"
#include "models/pipelinestatusmodel.h"
#include "models/positionsmodel.h"
#include "pipeline/enginecontroller.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace {


constexpr int kLayoutVersion = 3; // bump when the set of docks changes

} // namespace

MainWindow::MainWindow(EngineController *controller, LogHub *logHub, QWidget *parent)
    : QMainWindow(parent)
    , m_controller(controller)
    , m_approval(new ApprovalPanel(controller, this))
    , m_positions(new PositionsModel(this))
    , m_orders(new OrdersModel(this))
    , m_fills(new FillsModel(this))
    , m_pipeline(new PipelineStatusModel(this))
    , m_log(new LogModel(5000, this))
    , m_equity(new EquityChart(this))
    , m_riskPanel(new RiskPanel(this))
    , m_breakersPanel(new BreakersPanel(controller, this))
    , m_budgets(new BudgetStressModel(this))
    , m_health(new StrategyHealthPanel(controller, this))
    , m_backtest(new BacktestPanel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Sentinel — DEMO (simulated market)"));
    setDockNestingEnabled(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowNestedDocks | QMainWindow::AllowTabbedDocks);

    // The centre is the equity chart; everything else docks around it.
    auto *centre = new QWidget(this);
    auto *centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(4, 4, 4, 4);
    auto *banner = new QLabel(tr("SIMULATED MARKET — no real orders are sent. Prices, fills and equity are generated."), centre);
    banner->setObjectName(QStringLiteral("simulatedBanner"));
    banner->setStyleSheet(QStringLiteral("QLabel { background: #fdebd0; color: #7e5109; padding: 4px; font-weight: bold; }"));
    centreLayout->addWidget(banner);
    centreLayout->addWidget(m_equity, 1);
    setCentralWidget(centre);

    m_approval->setMinimumWidth(560);
    QDockWidget *approval = addDock(tr("Approval queue"), QStringLiteral("approvalDock"), m_approval, Qt::RightDockWidgetArea);
    QTableView *positionsView = makeTableView(m_positions, QStringLiteral("positionsView"));
    positionsView->horizontalHeader()->setStretchLastSection(false);
    QDockWidget *positions = addDock(tr("Positions"), QStringLiteral("positionsDock"), positionsView, Qt::BottomDockWidgetArea);
    auto *blotter = new QTabWidget;
    blotter->setObjectName(QStringLiteral("ordersTabs"));
    blotter->addTab(makeTableView(m_orders, QStringLiteral("ordersView")), tr("Orders"));
    blotter->addTab(makeTableView(m_fills, QStringLiteral("fillsView")), tr("Fills"));
    QDockWidget *orders = addDock(tr("Orders and fills"), QStringLiteral("ordersDock"), blotter, Qt::BottomDockWidgetArea);
    QTableView *stressView = makeTableView(m_budgets, QStringLiteral("budgetStressView"));
    stressView->setItemDelegateForColumn(BudgetStressModel::Stress, new StressBarDelegate(stressView));
    stressView->horizontalHeader()->setSectionResizeMode(BudgetStressModel::Stress, QHeaderView::Stretch);
    stressView->horizontalHeader()->setStretchLastSection(false);
    QDockWidget *stress = addDock(tr("Budget stress"), QStringLiteral("budgetStressDock"), stressView, Qt::BottomDockWidgetArea);
    auto *pipelineBox = new QWidget;
    pipelineBox->setMinimumWidth(400);
    pipelineBox->setMinimumHeight(230); // all seven stages without scrolling
    auto *pipelineLayout = new QVBoxLayout(pipelineBox);
    pipelineLayout->setContentsMargins(0, 0, 0, 0);
    pipelineLayout->addWidget(makeTableView(m_pipeline, QStringLiteral("pipelineView")));
    m_pipelineNote = new QLabel(tr("Stages: data → strategy → quant → risk → approval → execution → record. Confidence is the "
                                   "coded rule's signal strength, scaled by the strategy's own backtested edge on the symbol."));
    m_pipelineNote->setWordWrap(true);
    m_pipelineNote->setObjectName(QStringLiteral("pipelineNote"));
    pipelineLayout->addWidget(m_pipelineNote);
    QDockWidget *risk = addDock(tr("Risk"), QStringLiteral("riskDock"), m_riskPanel, Qt::LeftDockWidgetArea);
    QDockWidget *breakers = addDock(tr("Circuit breakers"), QStringLiteral("breakersDock"), m_breakersPanel, Qt::LeftDockWidgetArea);
    QDockWidget *pipeline = addDock(tr("Pipeline"), QStringLiteral("pipelineDock"), pipelineBox, Qt::LeftDockWidgetArea);
    auto *logView = makeTableView(m_log, QStringLiteral("logView"));
    logView->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    logView->setColumnWidth(LogModel::Time, 70);
    logView->setColumnWidth(LogModel::Level, 60);
    logView->setColumnWidth(LogModel::Category, 70);
    QDockWidget *log = addDock(tr("Log"), QStringLiteral("logDock"), logView, Qt::LeftDockWidgetArea);
    splitDockWidget(risk, breakers, Qt::Vertical);
    splitDockWidget(breakers, pipeline, Qt::Vertical);
    tabifyDockWidget(pipeline, log);
    pipeline->raise();
    QDockWidget *health = addDock(tr("Strategy health"), QStringLiteral("strategyHealthDock"), m_health, Qt::BottomDockWidgetArea);
    QDockWidget *backtest = addDock(tr("Backtest"), QStringLiteral("backtestDock"), m_backtest, Qt::BottomDockWidgetArea);
    tabifyDockWidget(positions, orders);
    tabifyDockWidget(orders, stress);
    tabifyDockWidget(stress, health);
    tabifyDockWidget(health, backtest);
    positions->raise();
    Q_UNUSED(approval);

    if (logHub)
        connect(logHub, &LogHub::entryAdded, m_log, [this, logView](const LogEntry &e) {
            m_log->append(e);
            logView->scrollToBottom();
        });

    m_modeLabel = new QLabel(tr("DEMO — simulated"), this);
    m_modeLabel->setObjectName(QStringLiteral("modeLabel"));
    m_modeLabel->setStyleSheet(QStringLiteral("QLabel { background: #e67e22; color: white; padding: 2px 8px; font-weight: bold; }"));
    m_clockLabel = new QLabel(this);
    m_clockLabel->setObjectName(QStringLiteral("clockLabel"));
    m_stateLabel = new QLabel(this);
    m_stateLabel->setObjectName(QStringLiteral("tradingStateLabel"));
    m_equityLabel = new QLabel(this);
    m_equityLabel->setObjectName(QStringLiteral("equityLabel"));
    statusBar()->addPermanentWidget(m_equityLabel);
    statusBar()->addPermanentWidget(m_clockLabel);
    statusBar()->addPermanentWidget(m_stateLabel);
    statusBar()->addPermanentWidget(m_modeLabel);

    buildMenus();
    m_defaultState = saveState(kLayoutVersion);
    restoreLayout();

    connect(controller, &EngineController::snapshotPublished, this, &MainWindow::applySnapshot);
    connect(controller, &EngineController::equityPointsAppended, m_equity, &EquityChart::appendPoints);
    connect(controller, &EngineController::startFailed, this, &MainWindow::onStartFailed);
    connect(controller, &EngineController::actionFailed, this, [this](const QString &reason) {
        statusBar()->showMessage(reason, 10000);
    });
    connect(controller, &EngineController::actionSucceeded, this, [this](const QString &message) {
        statusBar()->showMessage(message, 6000);
    });
    connect(controller, &EngineController::proposalRechecked, m_approval, &ApprovalPanel::showRecheck);
    connect(controller, &EngineController::started, this, [this](const QString &path) {
        m_equity->clear();
        statusBar()->showMessage(tr("Recording to %1").arg(QDir::toNativeSeparators(path)), 8000);
    });
}

MainWindow::~MainWindow() = default;

QDockWidget *MainWindow::addDock(const QString &title, const QString &name, QWidget *content, Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(name);
    dock->setWidget(content);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
    addDockWidget(area, dock);
    m_docks.append(dock);
    return dock;
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    for (QDockWidget *d : std::as_const(m_docks))
        view->addAction(d->toggleViewAction());
    view->addSeparator();
    QAction *reset = view->addAction(tr("&Reset layout"), this, &MainWindow::resetLayout);
    reset->setObjectName(QStringLiteral("resetLayoutAction"));

    QToolBar *clock = addToolBar(tr("Market clock"));
    clock->setObjectName(QStringLiteral("clockToolBar"));
    m_pauseAction = clock->addAction(tr("Pause"));
    m_pauseAction->setObjectName(QStringLiteral("pauseAction"));
    m_pauseAction->setCheckable(true);
    m_pauseAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    connect(m_pauseAction, &QAction::toggled, this, [this](bool paused) {
        m_pauseAction->setText(paused ? tr("Resume") : tr("Pause"));
        m_controller->setPaused(paused);
    });
    clock->addWidget(new QLabel(tr("  Session every ")));
    m_speed = new QComboBox;
    m_speed->setObjectName(QStringLiteral("speedCombo"));
    for (int ms : {500, 1000, 2000, 5000, 10000})
        m_speed->addItem(tr("%1 s").arg(ms / 1000.0), ms);
    const int current = m_controller->sessionIntervalMs();
    if (m_speed->findData(current) < 0)
        m_speed->addItem(tr("%1 s").arg(current / 1000.0), current);
    m_speed->setCurrentIndex(m_speed->findData(current));
    connect(m_speed, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_controller->setSessionIntervalMs(m_speed->itemData(i).toInt());
    });
    clock->addWidget(m_speed);
    view->addAction(clock->toggleViewAction());
}

void MainWindow::restoreLayout()
{
    QSettings s;
    const QByteArray geometry = s.value(QStringLiteral("mainWindow/geometry")).toByteArray();
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    else
        resize(1480, 900);
    const QByteArray state = s.value(QStringLiteral("mainWindow/state")).toByteArray();
    if (state.isEmpty() || !restoreState(state, kLayoutVersion))
        applyDefaultSizes();
}

void MainWindow::applyDefaultSizes()
{
    // Dock sizes only take once the window has its geometry, so apply them from the event loop.
    QTimer::singleShot(0, this, [this] {
        const auto dock = [this](const char *name) { return findChild<QDockWidget *>(QLatin1String(name)); };
        resizeDocks({dock("approvalDock")}, {640}, Qt::Horizontal);
        resizeDocks({dock("positionsDock")}, {220}, Qt::Vertical);
        resizeDocks({dock("riskDock"), dock("breakersDock"), dock("pipelineDock")}, {200, 210, 300}, Qt::Vertical);
    });
}

void MainWindow::resetLayout()
{
    for (QDockWidget *d : std::as_const(m_docks)) {
        d->setFloating(false);
        d->show();
    }
    restoreState(m_defaultState, kLayoutVersion);
    applyDefaultSizes();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings s;
    s.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    s.setValue(QStringLiteral("mainWindow/state"), saveState(kLayoutVersion));
    QMainWindow::closeEvent(event);
}

void MainWindow::showWarnings(const QStringList &warnings)
{
    if (warnings.isEmpty())
        return;
    statusBar()->showMessage(tr("Settings: %n problem(s); defaults used. See the log.", nullptr, static_cast<int>(warnings.size())), 15000);
}

void MainWindow::applySnapshot(const EngineSnapshot &s)
{
    m_approval->setSnapshot(s);
    m_positions->setPositions(s.positions, s.exits);
    m_orders->setOrders(s.orders);
    m_fills->setFills(s.fills);
    m_pipeline->setSnapshot(s);
    m_modeLabel->setText(s.modeLabel);
    const QString when = s.clock.toString(QStringLiteral("ddd yyyy-MM-dd HH:mm 'UTC'"));
    const QString market = s.marketOpen ? tr("market open") : tr("market closed");
    m_clockLabel->setText(s.paused ? tr("Simulated clock: %1, %2 (paused)").arg(when, market) : tr("Simulated clock: %1, %2").arg(when, market));
    m_stateLabel->setText(tr("Trading: %1").arg(textOf(s.state)));
    m_stateLabel->setStyleSheet(s.state == TradingState::Active ? QString()
                                : QStringLiteral("QLabel { background: %1; color: white; padding: 2px 8px; font-weight: bold; }")
                                      .arg(s.state == TradingState::Halted ? QStringLiteral("#c0392b") : QStringLiteral("#e67e22")));
    m_riskPanel->setSnapshot(s);
    m_breakersPanel->setSnapshot(s);
    m_budgets->setBudgets(s.budgets);
    m_health->setSnapshot(s);
    const Decimal dayPnl = s.account.equity - s.account.lastEquity;
    m_equityLabel->setText(tr("Equity %1 · Cash %2 · Today %3")
                               .arg(Format::money(s.account.equity), Format::money(s.account.cash), Format::money(dayPnl)));
}

void MainWindow::onStartFailed(const QString &reason, const QString &dbPath)
{
    auto *box = new QMessageBox(QMessageBox::Critical, tr("Cannot open the database"),
                                tr("Sentinel cannot use its database."), QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("databaseErrorDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(tr("%1\n\nThe file was not changed or deleted. You can start a new database beside it and "
                               "keep the old file for inspection.")
                                .arg(reason));
    QPushButton *fresh = box->addButton(tr("Start a new database"), QMessageBox::AcceptRole);
    fresh->setObjectName(QStringLiteral("newDatabaseButton"));
    QPushButton *quit = box->addButton(tr("Quit"), QMessageBox::RejectRole);
    box->setDefaultButton(quit);
    connect(box, &QMessageBox::buttonClicked, this, [this, fresh, dbPath](QAbstractButton *clicked) {
        if (clicked != fresh) {
            close();
            return;
        }
        const QFileInfo info(dbPath);
        const QString path = info.absoluteDir().filePath(
            QStringLiteral("%1-%2.db").arg(info.completeBaseName(), QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))));
        m_controller->startWithDatabase(path);
    });
    box->open();
}
