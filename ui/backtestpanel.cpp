// SPDX-License-Identifier: GPL-3.0-or-later
#include "backtestpanel.h"

#include "charts/backtestchart.h"
#include "format.h"
#include "models/tradesmodel.h"
#include "strategy/strategyregistry.h"
#include "sweeppanel.h"
#include "tableviews.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>

BacktestPanel::BacktestPanel(QWidget *parent)
    : QWidget(parent)
    , m_runner(new BacktestRunner(this))
    , m_metrics(new QStandardItemModel(0, 2, this))
    , m_trades(new TradesModel(this))
    , m_chart(new BacktestChart(this))
{
    setObjectName(QStringLiteral("backtestPanel"));
    m_strategy = new QComboBox(this);
    m_strategy->setObjectName(QStringLiteral("backtestStrategy"));
    m_strategy->addItems(StrategyRegistry().names());
    m_strategy->setCurrentText(QStringLiteral("sma_cross"));
    m_source = new QComboBox(this);
    m_source->setObjectName(QStringLiteral("backtestSource"));
    m_source->addItem(tr("Recorded history (the sessions completed so far)"), BacktestSource::RecordedHistory);
    m_source->addItem(tr("CSV folder (one file per symbol)"), BacktestSource::CsvFolder);
    m_folder = new QLineEdit(this);
    m_folder->setObjectName(QStringLiteral("backtestFolder"));
    m_folder->setPlaceholderText(tr("Folder with SYMBOL.csv files"));
    m_folder->setEnabled(false);
    connect(m_source, &QComboBox::currentIndexChanged, this, [this] { m_folder->setEnabled(m_source->currentData().toInt() == BacktestSource::CsvFolder); });
    // The whole available history by default; a range is a choice.
    m_wholeHistory = new QCheckBox(tr("Whole history"), this);
    m_wholeHistory->setObjectName(QStringLiteral("backtestWholeHistory"));
    m_wholeHistory->setChecked(true);
    const QDate today = QDate::currentDate();
    m_from = new QDateEdit(today.addYears(-1), this);
    m_from->setObjectName(QStringLiteral("backtestFrom"));
    m_to = new QDateEdit(today, this);
    m_to->setObjectName(QStringLiteral("backtestTo"));
    for (QDateEdit *d : {m_from, m_to}) {
        d->setCalendarPopup(true);
        d->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        d->setEnabled(false);
    }
    connect(m_wholeHistory, &QCheckBox::toggled, this, [this](bool whole) {
        m_from->setEnabled(!whole);
        m_to->setEnabled(!whole);
    });
    m_qty = new QDoubleSpinBox(this);
    m_qty->setObjectName(QStringLiteral("backtestQty"));
    m_qty->setRange(1, 1e6);
    m_qty->setDecimals(0);
    m_qty->setValue(10);
    m_stop = new QDoubleSpinBox(this);
    m_stop->setObjectName(QStringLiteral("backtestStop"));
    m_stop->setRange(0, 99);
    m_stop->setSuffix(QStringLiteral(" %"));
    m_stop->setValue(5);
    m_stop->setSpecialValueText(tr("none"));
    m_risk = new QCheckBox(tr("Risk engine decides every entry"), this);
    m_risk->setObjectName(QStringLiteral("backtestRisk"));
    m_risk->setChecked(true);
    m_approval = new QComboBox(this);
    m_approval->setObjectName(QStringLiteral("backtestApproval"));
    m_approval->addItem(tr("Approve every order"), static_cast<int>(BacktestOptions::Approval::All));
    m_approval->addItem(tr("Approve only reducing orders"), static_cast<int>(BacktestOptions::Approval::ReducingOnly));

    auto *form = new QFormLayout;
    form->addRow(tr("Strategy"), m_strategy);
    form->addRow(tr("Universe"), m_source);
    form->addRow(QString(), m_folder);
    auto *dates = new QHBoxLayout;
    dates->addWidget(m_wholeHistory);
    dates->addWidget(m_from);
    dates->addWidget(new QLabel(tr("to"), this));
    dates->addWidget(m_to);
    form->addRow(tr("Dates"), dates);
    form->addRow(tr("Shares per entry"), m_qty);
    form->addRow(tr("Stop-loss"), m_stop);
    form->addRow(tr("Approval policy"), m_approval);
    form->addRow(QString(), m_risk);

    m_runButton = new QPushButton(tr("Run backtest"), this);
    m_runButton->setObjectName(QStringLiteral("runBacktestButton"));
    m_cancelButton = new QPushButton(tr("Cancel"), this);
    m_cancelButton->setObjectName(QStringLiteral("cancelBacktestButton"));
    m_cancelButton->setEnabled(false);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("backtestProgress"));
    m_progress->setRange(0, 100);
    m_status = new QLabel(tr("Same pipeline and fill rules as trading: orders fill at the next open; stops at the open on a gap, else at the stop."), this);
    m_status->setObjectName(QStringLiteral("backtestStatus"));
    m_status->setWordWrap(true);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_progress, 1);
    buttons->addWidget(m_cancelButton);
    buttons->addWidget(m_runButton);

    m_metrics->setHorizontalHeaderLabels({tr("Metric"), tr("Value")});
    auto *metricsView = makeTableView(m_metrics, QStringLiteral("backtestMetricsView"));
    metricsView->setSelectionMode(QAbstractItemView::NoSelection);
    metricsView->horizontalHeader()->setStretchLastSection(false);
    auto *tradesView = makeTableView(m_trades, QStringLiteral("backtestTradesView"));

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(form);
    leftLayout->addLayout(buttons);
    leftLayout->addWidget(m_status);
    leftLayout->addWidget(metricsView, 1);
    auto *single = new QSplitter(Qt::Vertical, this);
    m_chart->setMinimumHeight(200); // a chart, not a strip, when the dock is short (the dock scrolls)
    tradesView->setMinimumHeight(120);
    single->addWidget(m_chart);
    single->addWidget(tradesView);
    // The sweep takes the form's options and varies two of them.
    m_sweep = new SweepPanel([this](QString *why) { return formOptions(why); }, this);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("backtestTabs"));
    m_tabs->addTab(single, tr("Backtest"));
    m_tabs->addTab(m_sweep, tr("Sweep"));
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(m_tabs);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(split);

    connect(m_runButton, &QPushButton::clicked, this, &BacktestPanel::run);
    connect(m_cancelButton, &QPushButton::clicked, m_runner, &BacktestRunner::cancel);
    connect(m_runner, &BacktestRunner::progressed, m_progress, &QProgressBar::setValue);
    connect(m_runner, &BacktestRunner::finished, this, &BacktestPanel::showResult);
    connect(m_runner, &BacktestRunner::failed, this, [this](const QString &why) {
        setRunning(false);
        m_status->setText(tr("Backtest failed: %1").arg(why));
    });
}

void BacktestPanel::setRecord(const QString &dbPath)
{
    m_record = dbPath;
}

void BacktestPanel::setLastSession(const QDate &session)
{
    if (!session.isValid() || m_to->maximumDate() == session)
        return;
    for (QDateEdit *d : {m_from, m_to})
        d->setMaximumDate(session);
    if (m_wholeHistory->isChecked()) {
        m_to->setDate(session);
        m_from->setDate(session.addYears(-1));
    }
}

void BacktestPanel::setRunning(bool running)
{
    m_runButton->setEnabled(!running);
    m_cancelButton->setEnabled(running);
    if (running)
        m_progress->setValue(0);
}

std::optional<std::pair<BacktestOptions, BacktestSource>> BacktestPanel::formOptions(QString *why) const
{
    BacktestOptions o;
    o.strategy = m_strategy->currentText();
    o.qty = Decimal::fromDouble(m_qty->value(), 3).value_or(Decimal::fromInt(10));
    if (m_stop->value() > 0)
        o.exits.stopLossPct = Decimal::fromDouble(m_stop->value() / 100.0, 6).value_or(Decimal());
    o.riskOn = m_risk->isChecked();
    o.approval = static_cast<BacktestOptions::Approval>(m_approval->currentData().toInt());
    BacktestSource src;
    src.kind = static_cast<BacktestSource::Kind>(m_source->currentData().toInt());
    src.folder = m_folder->text();
    src.dbPath = m_record;
    if (!m_wholeHistory->isChecked()) {
        src.from = m_from->date();
        src.to = m_to->date();
    }
    if (src.kind == BacktestSource::CsvFolder && src.folder.isEmpty()) {
        if (why)
            *why = tr("Choose a folder of CSV files first.");
        return std::nullopt;
    }
    return std::pair{o, src};
}

void BacktestPanel::run()
{
    QString why;
    const auto form = formOptions(&why);
    if (!form) {
        m_status->setText(why);
        return;
    }
    const auto &[o, src] = *form;
    m_tabs->setCurrentIndex(0);
    setRunning(true);
    m_status->setText(tr("Running %1…").arg(o.strategy));
    m_runner->start(o, src);
}

void BacktestPanel::showResult(const BacktestResult &r, const QStringList &problems, double seconds)
{
    setRunning(false);
    m_progress->setValue(r.cancelled ? m_progress->value() : 100);
    const BacktestMetrics &m = r.metrics;
    const auto pct = [](double v) { return std::isfinite(v) ? QStringLiteral("%1 %").arg(v * 100, 0, 'f', 2) : QStringLiteral("—"); };
    const auto num = [](double v) { return std::isfinite(v) ? QString::number(v, 'f', 2) : QStringLiteral("∞"); };
    const QList<QPair<QString, QString>> rows{{tr("Final equity"), Format::money(r.finalEquity)},
                                              {tr("Total return"), pct(m.totalReturn)},
                                              {tr("CAGR"), pct(m.cagr)},
                                              {tr("Sharpe"), num(m.sharpe)},
                                              {tr("Sortino"), num(m.sortino)},
                                              {tr("Max drawdown"), pct(m.maxDrawdown)},
                                              {tr("Win rate"), pct(m.winRate)},
                                              {tr("Profit factor"), num(m.profitFactor)},
                                              {tr("Exposure"), pct(m.exposure)},
                                              {tr("Closed trades"), QString::number(m.trades)},
                                              {tr("Entries rejected by risk"), QString::number(r.ordersRejectedByRisk)},
                                              {tr("Bars"), QString::number(r.bars)}};
    m_metrics->removeRows(0, m_metrics->rowCount());
    for (const auto &[k, v] : rows)
        m_metrics->appendRow({new QStandardItem(k), new QStandardItem(v)});
    if (auto *view = findChild<QTableView *>(QStringLiteral("backtestMetricsView")))
        view->resizeColumnsToContents();
    m_trades->setTrades(r.trades);
    m_chart->setEquity(r.equity);
    QString status = r.cancelled ? tr("Cancelled after %1 bars.").arg(r.bars) : tr("Done: %1 bars in %2 s.").arg(r.bars).arg(seconds, 0, 'f', 2);
    if (!problems.isEmpty())
        status += QLatin1Char(' ') + tr("%n bad row(s) skipped; the first: %1", nullptr, static_cast<int>(problems.size())).arg(problems.front());
    m_status->setText(status);
}
