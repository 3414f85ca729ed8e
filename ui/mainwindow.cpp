// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"
#include "orderspanel.h"

#include "review/reviewwindow.h"

#include "auditpanel.h"
#include "persistence/backup.h"
#include "persistence/database.h"
#include "keychain.h"
#include "modelsettingsdialog.h"

#include "approvalpanel.h"
#include "backtestpanel.h"
#include "breakerspanel.h"
#include "decisionspanel.h"
#include "notifier.h"
#include "charts/pricechart.h"
#include "theme.h"
#include "strategyhealthpanel.h"
#include "models/approvalqueuemodel.h"
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
#include "alpacaconnectdialog.h"
#include "alpacakeys.h"
#include "reconciliationpanel.h"

#include <QInputDialog>
#include <QStandardPaths>

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QUrl>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QThread>
#include <QGuiApplication>
#include <QScreen>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QActionGroup>
#include <QGuiApplication>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace {


constexpr int kLayoutVersion = 7; // bump when the set or places of docks change

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
    , m_reconciliation(new ReconciliationPanel(controller, this))
    , m_audit(new AuditPanel(this))
    , m_decisions(new DecisionsPanel(controller, this))
    , m_notifier(new Notifier(this))
    , m_priceChart(new PriceChart(this))
    , m_logHub(logHub)
{
    setObjectName(QStringLiteral("mainWindow"));
    // The platform adds the application's name ("… — Sentinel").
    setWindowTitle(tr("DEMO (simulated market)"));
    setDockNestingEnabled(true);
    // The approval desk runs the full height on the right; the tabs below span the rest.
    setCorner(Qt::TopRightCorner, Qt::RightDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowNestedDocks | QMainWindow::AllowTabbedDocks);

    // The centre is the equity chart; everything else docks around it.
    auto *centre = new QWidget(this);
    auto *centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(4, 4, 4, 4);
    m_banner = new QLabel(tr("SIMULATED MARKET — no real orders are sent. Prices, fills and equity are generated."), centre);
    m_banner->setObjectName(QStringLiteral("simulatedBanner"));
    m_banner->setWordWrap(true);
    m_banner->setStyleSheet(QStringLiteral("QLabel { background: #fdebd0; color: #7e5109; padding: 4px; font-weight: bold; }"));
    centreLayout->addWidget(m_banner);
    centreLayout->addWidget(m_equity, 1);
    setCentralWidget(centre);

    QDockWidget *approval = addDock(tr("Approval queue"), QStringLiteral("approvalDock"), m_approval, Qt::RightDockWidgetArea);
    QTableView *positionsView = makeTableView(m_positions, QStringLiteral("positionsView"));
    positionsView->horizontalHeader()->setStretchLastSection(false);
    QDockWidget *positions = addDock(tr("Positions"), QStringLiteral("positionsDock"), positionsView, Qt::BottomDockWidgetArea);
    auto *blotter = new QTabWidget;
    blotter->setObjectName(QStringLiteral("ordersTabs"));
    blotter->addTab(new OrdersPanel(m_controller, m_orders), tr("Orders"));
    blotter->addTab(makeTableView(m_fills, QStringLiteral("fillsView")), tr("Fills"));
    QDockWidget *orders = addDock(tr("Orders and fills"), QStringLiteral("ordersDock"), blotter, Qt::BottomDockWidgetArea);
    QTableView *stressView = makeTableView(m_budgets, QStringLiteral("budgetStressView"));
    stressView->setItemDelegateForColumn(BudgetStressModel::Stress, new StressBarDelegate(stressView));
    stressView->horizontalHeader()->setSectionResizeMode(BudgetStressModel::Stress, QHeaderView::Stretch);
    stressView->horizontalHeader()->setStretchLastSection(false);
    QDockWidget *stress = addDock(tr("Budget stress"), QStringLiteral("budgetStressDock"), stressView, Qt::BottomDockWidgetArea);
    auto *pipelineBox = new QWidget;
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
    QDockWidget *pipeline = addDock(tr("Pipeline"), QStringLiteral("pipelineDock"), pipelineBox, Qt::BottomDockWidgetArea);
    auto *logView = makeTableView(m_log, QStringLiteral("logView"));
    logView->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    logView->setColumnWidth(LogModel::Time, 70);
    logView->setColumnWidth(LogModel::Level, 60);
    logView->setColumnWidth(LogModel::Category, 70);
    QDockWidget *log = addDock(tr("Log"), QStringLiteral("logDock"), logView, Qt::BottomDockWidgetArea);
    splitDockWidget(risk, breakers, Qt::Vertical);
    QDockWidget *health = addDock(tr("Strategy health"), QStringLiteral("strategyHealthDock"), m_health, Qt::BottomDockWidgetArea);
    // The backtest form and chart scroll inside a short dock rather than push the window past the screen.
    auto *backtestScroll = new QScrollArea;
    backtestScroll->setObjectName(QStringLiteral("backtestScroll"));
    backtestScroll->setWidget(m_backtest);
    backtestScroll->setWidgetResizable(true);
    backtestScroll->setFrameShape(QFrame::NoFrame);
    QDockWidget *backtest = addDock(tr("Backtest"), QStringLiteral("backtestDock"), backtestScroll, Qt::BottomDockWidgetArea);
    tabifyDockWidget(positions, orders);
    tabifyDockWidget(orders, stress);
    tabifyDockWidget(stress, health);
    tabifyDockWidget(health, backtest);
    tabifyDockWidget(backtest, pipeline);
    tabifyDockWidget(pipeline, log);
    QDockWidget *recon = addDock(tr("Reconciliation"), QStringLiteral("reconciliationDock"), m_reconciliation, Qt::BottomDockWidgetArea);
    tabifyDockWidget(log, recon);
    QDockWidget *audit = addDock(tr("Audit"), QStringLiteral("auditDock"), m_audit, Qt::BottomDockWidgetArea);
    tabifyDockWidget(recon, audit);
    QDockWidget *decisions = addDock(tr("Decisions"), QStringLiteral("decisionsDock"), m_decisions, Qt::BottomDockWidgetArea);
    tabifyDockWidget(audit, decisions);
    QDockWidget *chart = addDock(tr("Price chart"), QStringLiteral("priceChartDock"), m_priceChart, Qt::BottomDockWidgetArea);
    tabifyDockWidget(decisions, chart);
    // The chart follows the selection in the queue, the positions and the blotter.
    followSelection(m_approval->findChild<QTableView *>(QStringLiteral("approvalQueueView")), ApprovalQueueModel::Symbol);
    followSelection(positionsView, PositionsModel::Symbol);
    followSelection(blotter->findChild<QTableView *>(QStringLiteral("ordersView")), OrdersModel::Symbol);
    followSelection(blotter->findChild<QTableView *>(QStringLiteral("fillsView")), FillsModel::Symbol);
    connect(controller, &EngineController::priceChartReady, this, [this](const PriceChartData &data) {
        if (data.symbol == m_chartSymbol)
            m_priceChart->setData(data);
    });
    connect(m_notifier, &Notifier::notified, this, [this](const QString &title, const QString &message) {
        showStatus(QStringLiteral("%1: %2").arg(title, QString(message).replace(QLatin1Char('\n'), QStringLiteral("; "))), 8000);
    });
    connect(m_notifier, &Notifier::activated, this, [this] {
        showNormal();
        raise();
        activateWindow();
        if (QDockWidget *d = findChild<QDockWidget *>(QStringLiteral("approvalDock")))
            d->raise();
    });
    Theme::apply(Theme::fromId(QSettings().value(QStringLiteral("view/theme"), QStringLiteral("system")).toString()));
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
        showStatus(reason, 10000);
    });
    connect(controller, &EngineController::actionSucceeded, this, [this](const QString &message) {
        showStatus(message, 6000);
    });
    connect(controller, &EngineController::proposalRechecked, m_approval, &ApprovalPanel::showRecheck);
    m_backtest->setRecord(controller->options().dbPath);
    connect(controller, &EngineController::started, this, [this](const QString &path) {
        m_equity->clear();
        m_backtest->setRecord(path);
        showStatus(tr("Recording to %1").arg(QDir::toNativeSeparators(path)), 8000);
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
    QAction *connectAlpaca = file->addAction(tr("Connect to Alpaca &paper…"), this, &MainWindow::connectAlpacaPaper);
    connectAlpaca->setObjectName(QStringLiteral("connectAlpacaAction"));
    QAction *demoMode = file->addAction(tr("&Demo mode (simulated)"), this, &MainWindow::switchToDemo);
    demoMode->setObjectName(QStringLiteral("demoModeAction"));
    QAction *modelSettings = file->addAction(tr("&Model settings…"), this, &MainWindow::openModelSettings);
    modelSettings->setObjectName(QStringLiteral("modelSettingsAction"));
    QAction *openRecord = file->addAction(tr("&Open record…"), this, &MainWindow::openRecordForReview);
    openRecord->setObjectName(QStringLiteral("openRecordAction"));
    QAction *backup = file->addAction(tr("&Back up the record…"), this, &MainWindow::backupRecordTo);
    backup->setObjectName(QStringLiteral("backupAction"));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    for (QDockWidget *d : std::as_const(m_docks))
        view->addAction(d->toggleViewAction());
    view->addSeparator();
    QAction *reset = view->addAction(tr("&Reset layout"), this, &MainWindow::resetLayout);
    reset->setObjectName(QStringLiteral("resetLayoutAction"));
    view->addSeparator();
    QMenu *theme = view->addMenu(tr("&Theme"));
    theme->setObjectName(QStringLiteral("themeMenu"));
    auto *themes = new QActionGroup(theme);
    for (const auto &[themeId, label] : {std::pair{QStringLiteral("system"), tr("Follow the &system")}, std::pair{QStringLiteral("light"), tr("&Light")},
                                         std::pair{QStringLiteral("dark"), tr("&Dark")}}) {
        QAction *a = theme->addAction(label, this, [this, themeId] { setTheme(themeId); });
        a->setObjectName(QStringLiteral("theme_%1").arg(themeId));
        a->setCheckable(true);
        a->setChecked(Theme::id(Theme::current()) == themeId);
        themes->addAction(a);
    }
    QAction *notify = view->addAction(tr("&Notifications (new proposals, breaker trips)"));
    notify->setObjectName(QStringLiteral("notificationsAction"));
    notify->setCheckable(true);
    QAction *sound = view->addAction(tr("Notification &sound"));
    sound->setObjectName(QStringLiteral("notificationSoundAction"));
    sound->setCheckable(true);
    // The settings file's desk section sets the start; a choice made here is remembered.
    const auto remembered = [](const char *key, bool fallback) { return QSettings().value(QLatin1String(key), fallback).toBool(); };
    notify->setChecked(remembered("desk/notifications", true));
    sound->setChecked(remembered("desk/sound", false));
    m_notifier->setEnabled(notify->isChecked());
    m_notifier->setSound(sound->isChecked());
    connect(notify, &QAction::toggled, this, [this](bool on) {
        m_notifier->setEnabled(on);
        QSettings().setValue(QStringLiteral("desk/notifications"), on);
    });
    connect(sound, &QAction::toggled, this, [this](bool on) {
        m_notifier->setSound(on);
        QSettings().setValue(QStringLiteral("desk/sound"), on);
    });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("helpMenu"));
    QAction *keys = help->addAction(tr("&Keyboard shortcuts"), this, &MainWindow::showShortcuts);
    keys->setObjectName(QStringLiteral("shortcutsAction"));
    keys->setShortcut(QKeySequence::HelpContents);
    QAction *data = help->addAction(tr("Open the &data folder"), this, [this] {
        QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(m_controller->options().dbPath).absolutePath()));
    });
    data->setObjectName(QStringLiteral("openDataFolderAction"));
    QAction *logs = help->addAction(tr("Open the &log folder"), this, [this] {
        if (m_logHub && !m_logHub->logFolder().isEmpty())
            QDesktopServices::openUrl(QUrl::fromLocalFile(m_logHub->logFolder()));
        else
            showStatus(tr("This window keeps no log file."), 6000);
    });
    logs->setObjectName(QStringLiteral("openLogFolderAction"));
    help->addSeparator();
    QAction *about = help->addAction(tr("&About Sentinel"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("aboutAction"));

    QToolBar *clock = addToolBar(tr("Market clock"));
    clock->setObjectName(QStringLiteral("clockToolBar"));
    m_pauseAction = clock->addAction(tr("Pause"));
    m_pauseAction->setObjectName(QStringLiteral("pauseAction"));
    m_pauseAction->setCheckable(true);
    m_pauseAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    connect(m_pauseAction, &QAction::toggled, this, [this](bool paused) {
        m_pauseAction->setText(paused ? tr("Resume") : tr("Pause"));
        m_controller->setPaused(paused);
        QSettings().setValue(QStringLiteral("demo/paused"), paused); // a paused market stays paused across a restart
    });
    m_pauseAction->setChecked(QSettings().value(QStringLiteral("demo/paused"), false).toBool());
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

QRect MainWindow::availableArea() const
{
    const QScreen *s = screen() ? screen() : QGuiApplication::primaryScreen();
    return s ? s->availableGeometry() : QRect(0, 0, 1366, 768);
}

void MainWindow::fitToScreen()
{
    // The window opens at 1600×1000 where there is room, and fills a smaller screen.
    const QRect area = availableArea();
    const QSize size(std::min(1600, area.width()), std::min(1000, area.height()));
    resize(size.boundedTo(area.size()).expandedTo(minimumSizeHint().boundedTo(area.size())));
    move(area.topLeft() + QPoint((area.width() - width()) / 2, (area.height() - height()) / 2));
}

QString MainWindow::screenSetupKey() const
{
    // One layout per screen setup: a laptop alone, and the laptop with a desk monitor, each keep their own.
    QStringList screens;
    for (const QScreen *sc : QGuiApplication::screens())
        screens.append(QStringLiteral("%1x%2+%3+%4").arg(sc->geometry().width()).arg(sc->geometry().height()).arg(sc->geometry().x()).arg(sc->geometry().y()));
    screens.sort();
    return QStringLiteral("mainWindow/%1/%2x%3").arg(screens.join(QLatin1Char('_'))).arg(availableArea().width()).arg(availableArea().height());
}

void MainWindow::followSelection(QTableView *view, int column)
{
    if (!view)
        return;
    connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this, view, column] {
        const QModelIndexList rows = view->selectionModel()->selectedRows();
        if (!rows.isEmpty())
            chartSymbol(view->model()->index(rows.front().row(), column).data().toString());
    });
}

void MainWindow::chartSymbol(const QString &symbol)
{
    if (symbol.isEmpty() || symbol == m_chartSymbol)
        return;
    m_chartSymbol = symbol;
    m_chartAskedMs = QDateTime::currentMSecsSinceEpoch();
    m_controller->requestPriceChart(symbol);
}

void MainWindow::setTheme(const QString &themeId)
{
    Theme::apply(Theme::fromId(themeId));
    QSettings().setValue(QStringLiteral("view/theme"), Theme::id(Theme::current()));
    if (QAction *a = findChild<QAction *>(QStringLiteral("theme_%1").arg(Theme::id(Theme::current()))))
        a->setChecked(true);
}

void MainWindow::restoreLayout()
{
    QSettings s;
    // A layout saved on a larger screen is not restored onto a smaller one.
    const QString key = screenSetupKey();
    const QByteArray geometry = s.value(key + QStringLiteral("/geometry")).toByteArray();
    if (geometry.isEmpty() || !restoreGeometry(geometry) || !availableArea().contains(frameGeometry().topLeft()))
        fitToScreen();
    if (width() > availableArea().width() || height() > availableArea().height())
        fitToScreen();
    const QByteArray state = s.value(key + QStringLiteral("/state")).toByteArray();
    if (state.isEmpty() || !restoreState(state, kLayoutVersion))
        applyDefaultSizes();
}

void MainWindow::applyDefaultSizes()
{
    // Dock sizes only take once the window has its geometry, so apply them from the event loop.
    QTimer::singleShot(0, this, [this] {
        const auto dock = [this](const char *name) { return findChild<QDockWidget *>(QLatin1String(name)); };
        const int w = width();
        const int h = height();
        resizeDocks({dock("approvalDock")}, {std::clamp(w * 38 / 100, 420, 720)}, Qt::Horizontal);
        resizeDocks({dock("riskDock")}, {std::clamp(w * 27 / 100, 330, 440)}, Qt::Horizontal);
        resizeDocks({dock("positionsDock")}, {std::clamp(h * 30 / 100, 170, 320)}, Qt::Vertical);
        resizeDocks({dock("riskDock"), dock("breakersDock")}, {h / 3, h / 3}, Qt::Vertical);
    });
}

void MainWindow::resetLayout()
{
    for (QDockWidget *d : std::as_const(m_docks)) {
        d->setFloating(false);
        d->show();
    }
    restoreState(m_defaultState, kLayoutVersion);
    fitToScreen();
    applyDefaultSizes();
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    // The frame is known only once the window is on the screen: keep it all visible.
    QTimer::singleShot(0, this, [this] {
        const QRect area = availableArea();
        if (area.contains(frameGeometry()))
            return;
        const QSize frame = frameGeometry().size() - size();
        resize((area.size() - frame).expandedTo(QSize(0, 0)));
        move(area.topLeft());
    });
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // The layout is kept per screen size: a laptop and a desk monitor each keep their own.
    QSettings s;
    const QString key = screenSetupKey();
    s.setValue(key + QStringLiteral("/geometry"), saveGeometry());
    s.setValue(key + QStringLiteral("/state"), saveState(kLayoutVersion));
    QMainWindow::closeEvent(event);
}

void MainWindow::showStatus(const QString &message, int timeoutMs)
{
    int permanent = 0;
    for (const QLabel *l : {m_equityLabel, m_clockLabel, m_stateLabel, m_modeLabel})
        permanent += l->isVisible() ? l->width() + 8 : 0;
    const int room = std::max(80, statusBar()->width() - permanent - 24);
    statusBar()->setToolTip(message);
    statusBar()->showMessage(statusBar()->fontMetrics().elidedText(message, Qt::ElideRight, room), timeoutMs);
}

void MainWindow::showShortcuts()
{
    auto *box = new QMessageBox(QMessageBox::Information, tr("Keyboard shortcuts"), tr("Keyboard shortcuts"), QMessageBox::Close, this);
    box->setObjectName(QStringLiteral("shortcutsDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    const QList<std::pair<QString, QString>> rows{
        {QStringLiteral("Ctrl+Shift+A"), tr("Approve the selected proposal (opens the confirmation; its default is Cancel)")},
        {QStringLiteral("Ctrl+Shift+V"), tr("Veto the selected proposal (asks for a reason)")},
        {QStringLiteral("Up / Down"), tr("Move through the approval queue (with the queue focused)")},
        {QStringLiteral("Ctrl+Shift+J / Ctrl+Shift+K"), tr("Next / previous proposal, from anywhere in the window")},
        {QStringLiteral("Ctrl+Shift+T"), tr("Show the selected proposal's ticket")},
        {QStringLiteral("Ctrl+Shift+E"), tr("Edit the quantity on the ticket (type to replace it)")},
        {QStringLiteral("Ctrl+P"), tr("Pause or resume the simulated market")},
        {QKeySequence(QKeySequence::HelpContents).toString(QKeySequence::NativeText), tr("This list")},
        {QKeySequence(QKeySequence::Quit).toString(QKeySequence::NativeText), tr("Quit")}};
    QString html = QStringLiteral("<table cellspacing=6>");
    for (const auto &[key, what] : rows)
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(key.toHtmlEscaped(), what.toHtmlEscaped());
    box->setInformativeText(html + QStringLiteral("</table>"));
    box->open();
}

void MainWindow::showAbout()
{
    auto *box = new QMessageBox(QMessageBox::Information, tr("About Sentinel"),
                                tr("Sentinel %1 — a trading workstation where code sets every limit, a human approves every order, "
                                   "and every step is recorded.")
                                    .arg(QApplication::applicationVersion()),
                                QMessageBox::Close, this);
    box->setObjectName(QStringLiteral("aboutDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(tr("Database: %1\nThis build: Qt %2.").arg(QDir::toNativeSeparators(m_controller->options().dbPath), QString::fromLatin1(qVersion())));
    box->open();
}

void MainWindow::showWarnings(const QStringList &warnings)
{
    if (warnings.isEmpty())
        return;
    showStatus(tr("Settings: %n problem(s); defaults used. See the log.", nullptr, static_cast<int>(warnings.size())), 15000);
}

void MainWindow::applySnapshot(const EngineSnapshot &s)
{
    m_approval->setSnapshot(s);
    m_decisions->setSnapshot(s);
    if (!m_deskPrimed) {
        // Until the trader chooses in the View menu, the settings file's desk section decides.
        m_deskPrimed = true;
        QSettings settings;
        if (!settings.contains(QStringLiteral("desk/notifications")))
            findChild<QAction *>(QStringLiteral("notificationsAction"))->setChecked(s.desk.notifications);
        if (!settings.contains(QStringLiteral("desk/sound")))
            findChild<QAction *>(QStringLiteral("notificationSoundAction"))->setChecked(s.desk.sound);
    }
    m_notifier->setSnapshot(s);
    // The chart keeps up with the market (at most once a second, while it is on screen).
    if (!m_chartSymbol.isEmpty() && m_priceChart->isVisible() && QDateTime::currentMSecsSinceEpoch() - m_chartAskedMs >= 1000) {
        m_chartAskedMs = QDateTime::currentMSecsSinceEpoch();
        m_controller->requestPriceChart(m_chartSymbol);
    }
    m_positions->setPositions(s.positions, s.exits);
    m_orders->setOrders(s.orders);
    m_fills->setFills(s.fills);
    m_pipeline->setSnapshot(s);
    m_modeLabel->setText(s.live ? tr("LIVE — real money") : s.modeLabel);
    applyVenueLook(s);
    m_reconciliation->applySnapshot(s);
    m_audit->applySnapshot(s);
    const int openDiffs = static_cast<int>(std::count_if(s.differences.cbegin(), s.differences.cend(),
                                                         [](const ReconDifference &d) { return d.isOpen(); }));
    if (openDiffs > m_openDifferences) {
        // A new difference with the broker: the trader sees it at once.
        if (QDockWidget *dock = findChild<QDockWidget *>(QStringLiteral("reconciliationDock")))
            dock->raise();
        showStatus(tr("Reconciliation: %n difference(s) with the broker need your choice", nullptr, openDiffs), 15000);
    }
    m_openDifferences = openDiffs;
    const QString when = s.clock.toString(QStringLiteral("ddd yyyy-MM-dd HH:mm 'UTC'"));
    const QString market = s.marketOpen ? tr("market open") : tr("market closed");
    m_clockLabel->setText(s.paused ? tr("%1: %2, %3 (paused)").arg(m_clockPrefix, when, market) : tr("%1: %2, %3").arg(m_clockPrefix, when, market));
    m_stateLabel->setText(tr("Trading: %1").arg(textOf(s.state)));
    m_stateLabel->setStyleSheet(s.state == TradingState::Active ? QString()
                                : QStringLiteral("QLabel { background: %1; color: white; padding: 2px 8px; font-weight: bold; }")
                                      .arg(s.state == TradingState::Halted ? QStringLiteral("#c0392b") : QStringLiteral("#e67e22")));
    m_riskPanel->setSnapshot(s);
    m_breakersPanel->setSnapshot(s);
    m_budgets->setBudgets(s.budgets);
    m_health->setSnapshot(s);
    if (s.completedSessions > 0)
        m_backtest->setLastSession(s.marketOpen ? s.clock.date().addDays(-1) : s.clock.date());
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
    // A shared PostgreSQL record is not replaced from here: its server, its URL or another
    // workstation's engine is the matter, and the message says which.
    const bool shared = Database::isPostgresUrl(dbPath);
    box->setInformativeText(shared ? tr("%1\n\nNothing was written to it. Check the server and the URL (--db or \"database\" in the "
                                        "settings), or stop the other engine, and start Sentinel again.")
                                         .arg(reason)
                                   : tr("%1\n\nThe file was not changed or deleted. You can start a new database beside it and "
                                        "keep the old file for inspection.")
                                         .arg(reason));
    QPushButton *fresh = shared ? nullptr : box->addButton(tr("Start a new database"), QMessageBox::AcceptRole);
    if (fresh)
        fresh->setObjectName(QStringLiteral("newDatabaseButton"));
    QPushButton *quit = box->addButton(tr("Quit"), QMessageBox::RejectRole);
    box->setDefaultButton(quit);
    connect(box, &QMessageBox::buttonClicked, this, [this, fresh, dbPath](QAbstractButton *clicked) {
        if (!fresh || clicked != fresh) {
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

void MainWindow::applyVenueLook(const EngineSnapshot &s)
{
    const int look = s.live ? 2 : s.simulated ? 0 : 1;
    if (look == m_venueLook)
        return;
    m_venueLook = look;
    // DEMO orange, PAPER blue, LIVE red: the trader always sees which money is at stake.
    static const char *styles[] = {"QLabel { background: #e67e22; color: white; padding: 2px 8px; font-weight: bold; }",
                                   "QLabel { background: #1f618d; color: white; padding: 2px 8px; font-weight: bold; }",
                                   "QLabel { background: #c0392b; color: white; padding: 2px 8px; font-weight: bold; font-size: 14px; }"};
    m_modeLabel->setStyleSheet(QLatin1String(styles[look]));
    if (look == 0) {
        m_banner->setText(tr("SIMULATED MARKET — no real orders are sent. Prices, fills and equity are generated."));
        m_banner->setStyleSheet(QStringLiteral("QLabel { background: #fdebd0; color: #7e5109; padding: 4px; font-weight: bold; }"));
        setWindowTitle(tr("DEMO (simulated market)"));
    } else if (look == 1) {
        m_banner->setText(tr("ALPACA PAPER — orders go to Alpaca's paper account: simulated money, real market prices."));
        m_banner->setStyleSheet(QStringLiteral("QLabel { background: #d6eaf8; color: #1b4f72; padding: 4px; font-weight: bold; }"));
        setWindowTitle(tr("PAPER (Alpaca)"));
    } else {
        m_banner->setText(tr("LIVE TRADING — orders go to Alpaca with real money."));
        m_banner->setStyleSheet(QStringLiteral("QLabel { background: #c0392b; color: white; padding: 6px; font-weight: bold; }"));
        setWindowTitle(tr("LIVE (Alpaca, real money)"));
    }
    m_clockPrefix = look == 0 ? tr("Simulated clock") : tr("Broker clock");
    m_equity->setSimulated(look == 0);
    // The pace of the simulated clock means nothing on a live venue.
    if (QToolBar *bar = findChild<QToolBar *>(QStringLiteral("clockToolBar")))
        bar->setVisible(look == 0);
}

QString MainWindow::paperDbPath() const
{
    return QFileInfo(m_controller->options().dbPath).absolutePath() + QStringLiteral("/paper.db");
}

void MainWindow::openRecordForReview()
{
    auto *dialog = new QFileDialog(this, tr("Open a record to review (read-only)"), QFileInfo(m_controller->options().dbPath).absolutePath(),
                                   tr("Sentinel records (*.db);;All files (*)"));
    dialog->setObjectName(QStringLiteral("openRecordDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) { openReview(path); });
    dialog->open();
}

ReviewWindow *MainWindow::openReview(const QString &location)
{
    // A window of its own, with its own read-only connection on its own thread.
    auto *w = new ReviewWindow(location, this);
    w->setWindowFlag(Qt::Window);
    w->show();
    return w;
}

void MainWindow::backupRecordTo()
{
    const QString from = m_controller->options().dbPath;
    const QFileInfo info(from);
    auto *dialog = new QFileDialog(this, tr("Back up the record"), info.absolutePath(), tr("Sentinel records (*.db)"));
    dialog->setObjectName(QStringLiteral("backupDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->selectFile(QStringLiteral("%1-backup-%2.db").arg(info.completeBaseName(), QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))));
    connect(dialog, &QFileDialog::fileSelected, this, [this, from](const QString &to) { startBackup(from, to); });
    dialog->open();
}

void MainWindow::startBackup(const QString &from, const QString &to)
{
    // On a thread of its own: the copy takes a snapshot while the engine goes on writing.
    auto result = std::make_shared<Status>();
    QThread *worker = QThread::create([from, to, result] { *result = backupRecord(from, to); });
    worker->setObjectName(QStringLiteral("sentinel-backup"));
    connect(worker, &QThread::finished, this, [this, worker, result, to] {
        worker->deleteLater();
        if (*result)
            showStatus(tr("Record backed up to %1 (checked)").arg(to), 10000);
        else
            showStatus(tr("Backup failed: %1").arg(result->error()), 15000);
        Q_EMIT backupFinished(result->ok(), result->ok() ? to : result->error());
    });
    showStatus(tr("Backing up the record to %1…").arg(to), 5000);
    worker->start();
}

void MainWindow::openModelSettings()
{
    auto *dialog = new ModelSettingsDialog(m_controller->options().model, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const ModelConfig c = dialog->config();
        if (c.needsKey() && !c.apiKey.isEmpty() && c.apiKey != qEnvironmentVariable(c.keyVariable().toLatin1().constData()))
            ModelKeys::store(ModelConfig::providerName(c.provider), c.apiKey, [this](bool ok, const QString &why) {
                if (!ok)
                    showStatus(tr("The model key could not be stored in the system keychain (%1); it is used for this session only.").arg(why), 15000);
            });
        applyModel(c);
    });
    dialog->open();
}

void MainWindow::applyModel(const ModelConfig &config)
{
    QSettings settings;
    settings.setValue(QStringLiteral("model/provider"), ModelConfig::providerName(config.provider));
    settings.setValue(QStringLiteral("model/url"), config.baseUrl);
    settings.setValue(QStringLiteral("model/name"), config.model);
    EngineOptions o = m_controller->options();
    o.model = config;
    showStatus(config.enabled() ? tr("Strategy selection and narratives by %1").arg(config.label())
                                : tr("No model: the deterministic selector and the offline narrator"),
               8000);
    m_controller->restartWith(o);
}

void MainWindow::resumeModel()
{
    QSettings settings;
    const auto p = ModelConfig::providerFromString(settings.value(QStringLiteral("model/provider")).toString());
    if (!p || *p == ModelConfig::Provider::None)
        return;
    ModelConfig c = ModelConfig::forProvider(*p, settings.value(QStringLiteral("model/url")).toString(),
                                             settings.value(QStringLiteral("model/name")).toString());
    c.apiKey = qEnvironmentVariable(c.keyVariable().toLatin1().constData());
    if (!c.needsKey() || !c.apiKey.isEmpty()) {
        applyModel(c);
        return;
    }
    ModelKeys::load(ModelConfig::providerName(c.provider), [this, c](const QString &key, const QString &why) mutable {
        if (key.isEmpty()) {
            showStatus(tr("%1: no key in the keychain (%2); strategies are picked by the deterministic selector. File → Model settings…")
                           .arg(c.label(), why),
                       15000);
            return;
        }
        c.apiKey = key;
        applyModel(c);
    });
}

void MainWindow::connectAlpacaPaper()
{
    AlpacaEndpoints defaults = AlpacaEndpoints::fromEnvironment();
    if (!m_controller->options().alpaca.keyId.isEmpty())
        defaults = m_controller->options().alpaca;
    auto *dialog = new AlpacaConnectDialog(defaults, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (!dialog->keysStored())
            showStatus(tr("The keys could not be stored in the system keychain (%1); they are used for this session only.")
                           .arg(dialog->storeProblem()),
                       15000);
        switchToAlpaca(dialog->endpoints());
    });
    dialog->open();
}

void MainWindow::switchToAlpaca(const AlpacaEndpoints &endpoints)
{
    if (m_demoDbPath.isEmpty() && m_controller->options().venue == EngineOptions::VenueKind::Simulated)
        m_demoDbPath = m_controller->options().dbPath;
    EngineOptions o = m_controller->options();
    o.venue = EngineOptions::VenueKind::Alpaca;
    o.alpaca = endpoints;
    o.live = false;
    o.dbPath = paperDbPath();
    QSettings settings;
    settings.setValue(QStringLiteral("venue/broker"), QStringLiteral("alpaca"));
    settings.setValue(QStringLiteral("venue/tradingUrl"), endpoints.trading.toString());
    settings.setValue(QStringLiteral("venue/dataUrl"), endpoints.data.toString());
    settings.setValue(QStringLiteral("venue/dataStreamUrl"), endpoints.dataStream.toString());
    showStatus(tr("Connecting to Alpaca paper at %1…").arg(endpoints.trading.host()), 8000);
    m_controller->restartWith(o);
}

void MainWindow::switchToDemo()
{
    EngineOptions o = m_controller->options();
    if (o.venue == EngineOptions::VenueKind::Simulated)
        return;
    o.venue = EngineOptions::VenueKind::Simulated;
    o.live = false;
    o.dbPath = m_demoDbPath.isEmpty() ? QFileInfo(o.dbPath).absolutePath() + QStringLiteral("/sentinel.db") : m_demoDbPath;
    QSettings().setValue(QStringLiteral("venue/broker"), QStringLiteral("sim"));
    m_controller->restartWith(o);
}

void MainWindow::resumeVenue()
{
    // The last session's choice: Alpaca paper with keys from the environment or the keychain.
    if (QSettings().value(QStringLiteral("venue/broker")).toString() != QLatin1String("alpaca"))
        return;
    AlpacaEndpoints e = AlpacaEndpoints::fromEnvironment();
    QSettings settings;
    // The URLs saved with the last connection, unless the environment names them.
    const struct
    {
        const char *setting;
        const char *env;
        QUrl *url;
    } urls[] = {{"venue/tradingUrl", "APCA_API_BASE_URL", &e.trading},
                {"venue/dataUrl", "APCA_API_DATA_URL", &e.data},
                {"venue/dataStreamUrl", "APCA_API_DATA_STREAM_URL", &e.dataStream}};
    for (const auto &u : urls)
        if (settings.contains(QLatin1String(u.setting)) && !qEnvironmentVariableIsSet(u.env))
            *u.url = QUrl(settings.value(QLatin1String(u.setting)).toString());
    if (e.isLiveHost())
        return; // live trading starts only from the settings, with a typed confirmation
    if (!e.keyId.isEmpty() && !e.secret.isEmpty()) {
        switchToAlpaca(e);
        return;
    }
    AlpacaKeys::load([this, e](const QString &keyId, const QString &secret, const QString &why) mutable {
        if (keyId.isEmpty() || secret.isEmpty()) {
            showStatus(tr("Alpaca paper: no keys in the keychain (%1); staying in demo. File → Connect to Alpaca paper… to connect.").arg(why),
                       15000);
            return;
        }
        e.keyId = keyId;
        e.secret = secret;
        switchToAlpaca(e);
    });
}
