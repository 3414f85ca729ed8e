// SPDX-License-Identifier: GPL-3.0-or-later
#include "sweeppanel.h"

#include "charts/sweepheatmap.h"
#include "tableviews.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QThread>
#include <QVBoxLayout>

#include <cmath>

namespace {

constexpr int kSortRole = Qt::UserRole + 1;

QStandardItem *numberItem(double v, int decimals, double scale = 1.0, const QString &suffix = {})
{
    auto *item = new QStandardItem(std::isfinite(v) ? QString::number(v * scale, 'f', decimals) + suffix : QStringLiteral("∞"));
    item->setData(std::isfinite(v) ? v : 1e300, kSortRole);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QString spinText(double v)
{
    return QString::number(v, 'g', 10);
}

} // namespace

SweepPanel::SweepPanel(BaseProvider base, QWidget *parent)
    : QWidget(parent)
    , m_base(std::move(base))
    , m_runner(new SweepRunner(this))
    , m_results(new QStandardItemModel(this))
    , m_sorted(new QSortFilterProxyModel(this))
    , m_heatmap(new SweepHeatmap(this))
{
    setObjectName(QStringLiteral("sweepPanel"));
    m_axis1 = makeAxis(QStringLiteral("sweepAxis1"), QStringLiteral("fast"), 5, 20, 5);
    m_axis2 = makeAxis(QStringLiteral("sweepAxis2"), QStringLiteral("slow"), 20, 60, 10);
    m_axis2.name->insertItem(0, tr("(none)"), QString());

    m_rank = new QComboBox(this);
    m_rank->setObjectName(QStringLiteral("sweepRank"));
    m_rank->addItems(sweepRankNames());
    m_walkForward = new QCheckBox(tr("Walk-forward: keep the last"), this);
    m_walkForward->setObjectName(QStringLiteral("sweepWalkForward"));
    m_oosPercent = new QSpinBox(this);
    m_oosPercent->setObjectName(QStringLiteral("sweepOosPercent"));
    m_oosPercent->setRange(5, 95);
    m_oosPercent->setValue(30);
    m_oosPercent->setSuffix(tr(" % of sessions out of sample"));
    m_oosPercent->setEnabled(false);
    connect(m_walkForward, &QCheckBox::toggled, m_oosPercent, &QWidget::setEnabled);
    m_jobs = new QSpinBox(this);
    m_jobs->setObjectName(QStringLiteral("sweepJobs"));
    m_jobs->setRange(1, 64);
    m_jobs->setValue(std::max(1, QThread::idealThreadCount()));
    m_jobs->setSuffix(tr(" threads"));

    auto *grid = new QGridLayout;
    int row = 0;
    for (const auto &[label, axis] : {std::pair{tr("Parameter 1"), &m_axis1}, std::pair{tr("Parameter 2"), &m_axis2}}) {
        grid->addWidget(new QLabel(label, this), row, 0);
        grid->addWidget(axis->name, row, 1);
        grid->addWidget(new QLabel(tr("from"), this), row, 2);
        grid->addWidget(axis->from, row, 3);
        grid->addWidget(new QLabel(tr("to"), this), row, 4);
        grid->addWidget(axis->to, row, 5);
        grid->addWidget(new QLabel(tr("step"), this), row, 6);
        grid->addWidget(axis->step, row, 7);
        ++row;
    }
    grid->addWidget(new QLabel(tr("Rank by"), this), row, 0);
    grid->addWidget(m_rank, row, 1);
    auto *wf = new QHBoxLayout;
    wf->addWidget(m_walkForward);
    wf->addWidget(m_oosPercent);
    wf->addStretch();
    wf->addWidget(m_jobs);
    grid->addLayout(wf, row, 2, 1, 6);

    m_runButton = new QPushButton(tr("Run sweep"), this);
    m_runButton->setObjectName(QStringLiteral("runSweepButton"));
    m_cancelButton = new QPushButton(tr("Cancel"), this);
    m_cancelButton->setObjectName(QStringLiteral("cancelSweepButton"));
    m_cancelButton->setEnabled(false);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("sweepProgress"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(QStringLiteral("%v / %m"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_progress, 1);
    buttons->addWidget(m_cancelButton);
    buttons->addWidget(m_runButton);
    m_status = new QLabel(tr("Every combination runs the whole backtest with the risk engine; the other options come from the form."), this);
    m_status->setObjectName(QStringLiteral("sweepStatus"));
    m_status->setWordWrap(true);

    m_sorted->setSourceModel(m_results);
    m_sorted->setSortRole(kSortRole);
    m_table = makeTableView(m_sorted, QStringLiteral("sweepResultsView"));
    m_table->setSortingEnabled(true);
    m_table->setMinimumHeight(120);
    m_showOos = new QCheckBox(tr("Heat map out of sample"), this);
    m_showOos->setObjectName(QStringLiteral("sweepHeatmapOos"));
    m_showOos->setEnabled(false);
    connect(m_showOos, &QCheckBox::toggled, m_heatmap, &SweepHeatmap::setOutOfSample);
    auto *mapBox = new QWidget(this);
    auto *mapLayout = new QVBoxLayout(mapBox);
    mapLayout->setContentsMargins(0, 0, 0, 0);
    mapLayout->addWidget(m_heatmap, 1);
    mapLayout->addWidget(m_showOos);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_table);
    split->addWidget(mapBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(grid);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addWidget(split, 1);

    connect(m_runButton, &QPushButton::clicked, this, &SweepPanel::run);
    connect(m_cancelButton, &QPushButton::clicked, m_runner, &SweepRunner::cancel);
    connect(m_runner, &SweepRunner::progressed, this, [this](int done, int total) {
        m_progress->setRange(0, total);
        m_progress->setValue(done);
    });
    connect(m_runner, &SweepRunner::finished, this, &SweepPanel::showResult);
    connect(m_runner, &SweepRunner::failed, this, [this](const QString &why) {
        setRunning(false);
        m_status->setText(tr("Sweep failed: %1").arg(why));
    });
}

SweepPanel::AxisControls SweepPanel::makeAxis(const QString &prefix, const QString &name, double from, double to, double step)
{
    AxisControls a;
    a.name = new QComboBox(this);
    a.name->setObjectName(prefix + QStringLiteral("Name"));
    for (const QString &n : SweepAxis::names())
        a.name->addItem(n, n);
    a.name->setCurrentIndex(a.name->findData(name));
    const auto spin = [&](const QString &suffix, double value) {
        auto *s = new QDoubleSpinBox(this);
        s->setObjectName(prefix + suffix);
        s->setRange(0.01, 100000);
        s->setDecimals(2);
        s->setValue(value);
        return s;
    };
    a.from = spin(QStringLiteral("From"), from);
    a.to = spin(QStringLiteral("To"), to);
    a.step = spin(QStringLiteral("Step"), step);
    return a;
}

Result<SweepAxis> SweepPanel::axis(const AxisControls &a) const
{
    return SweepAxis::parse(QStringLiteral("%1=%2:%3:%4").arg(a.name->currentData().toString(), spinText(a.from->value()), spinText(a.to->value()),
                                                             spinText(a.step->value())));
}

SweepSpec SweepPanel::spec(const BacktestOptions &base) const
{
    SweepSpec s;
    s.base = base;
    for (const AxisControls *a : {&m_axis1, &m_axis2})
        if (!a->name->currentData().toString().isEmpty())
            if (const Result<SweepAxis> parsed = axis(*a))
                s.axes.append(parsed.value());
    s.rank = sweepRankFromName(m_rank->currentText()).value_or(SweepRank::Sharpe);
    s.jobs = m_jobs->value();
    return s;
}

void SweepPanel::run()
{
    if (m_runner->isRunning())
        return;
    QString why;
    const auto base = m_base ? m_base(&why) : std::nullopt;
    if (!base) {
        m_status->setText(why.isEmpty() ? tr("The backtest form is not ready.") : why);
        return;
    }
    const SweepSpec s = spec(base->first);
    for (const AxisControls *a : {&m_axis1, &m_axis2}) {
        if (a->name->currentData().toString().isEmpty())
            continue;
        if (const Result<SweepAxis> parsed = axis(*a); !parsed) {
            m_status->setText(tr("Sweep not started: %1").arg(parsed.error()));
            return;
        }
    }
    if (const Status valid = Sweep::validate(s); !valid) {
        m_status->setText(tr("Sweep not started: %1").arg(valid.error()));
        return;
    }
    m_lastAxes = s.axes;
    m_lastRank = s.rank;
    setRunning(true);
    m_progress->setRange(0, Sweep::combinationCount(s.axes).value());
    m_status->setText(tr("Sweeping %1 combinations of %2 on %3 threads…")
                          .arg(Sweep::combinationCount(s.axes).value())
                          .arg(base->first.strategy)
                          .arg(s.jobs));
    m_runner->start(s, base->second, m_walkForward->isChecked() ? m_oosPercent->value() / 100.0 : 0.0);
}

void SweepPanel::setRunning(bool running)
{
    m_runButton->setEnabled(!running);
    m_cancelButton->setEnabled(running);
    if (running)
        m_progress->setValue(0);
}

void SweepPanel::showResult(const SweepResult &r, const QStringList &problems)
{
    setRunning(false);
    const bool wf = r.outOfSampleFrom.isValid();
    QStringList headers{tr("Rank")};
    for (const SweepAxis &a : m_lastAxes)
        headers << a.name;
    headers << tr("Trades") << tr("Return") << tr("CAGR") << tr("Sharpe") << tr("Sortino") << tr("Max DD") << tr("Win rate") << tr("Profit factor");
    if (wf)
        headers << tr("OOS trades") << tr("OOS return") << tr("OOS Sharpe") << tr("OOS max DD");
    m_results->clear();
    m_results->setHorizontalHeaderLabels(headers);
    for (const SweepRow &row : r.rows) {
        QList<QStandardItem *> items;
        auto *rank = new QStandardItem(row.rank ? QString::number(row.rank) : QStringLiteral("—"));
        rank->setData(row.rank ? row.rank : 1e9, kSortRole);
        if (!row.skipped.isEmpty())
            rank->setToolTip(row.skipped);
        items << rank;
        for (const Decimal &v : row.values)
            items << numberItem(v.toDouble(), v.isInteger() ? 0 : 2);
        if (!row.skipped.isEmpty()) {
            auto *why = new QStandardItem(tr("skipped: %1").arg(row.skipped));
            why->setData(QString(), kSortRole);
            items << why;
        } else {
            const BacktestMetrics &m = row.inSample;
            items << numberItem(m.trades, 0) << numberItem(m.totalReturn, 2, 100, QStringLiteral(" %")) << numberItem(m.cagr, 2, 100, QStringLiteral(" %"))
                  << numberItem(m.sharpe, 2) << numberItem(m.sortino, 2) << numberItem(m.maxDrawdown, 2, 100, QStringLiteral(" %"))
                  << numberItem(m.winRate, 1, 100, QStringLiteral(" %")) << numberItem(m.profitFactor, 2);
            if (wf && row.outOfSample) {
                const BacktestMetrics &o = *row.outOfSample;
                items << numberItem(o.trades, 0) << numberItem(o.totalReturn, 2, 100, QStringLiteral(" %")) << numberItem(o.sharpe, 2)
                      << numberItem(o.maxDrawdown, 2, 100, QStringLiteral(" %"));
            }
        }
        m_results->appendRow(items);
    }
    m_table->sortByColumn(0, Qt::AscendingOrder);
    m_table->resizeColumnsToContents();
    m_heatmap->setResult(r, m_lastAxes, m_lastRank);
    m_showOos->setEnabled(wf);
    if (!wf)
        m_showOos->setChecked(false);
    QString status;
    if (r.cancelled) {
        status = tr("Cancelled: nothing ranked.");
    } else {
        status = tr("%1 combinations, %2 backtests on %3 threads in %4 s.").arg(r.combinations).arg(r.run).arg(r.jobs).arg(r.seconds, 0, 'f', 2);
        if (wf)
            status += QLatin1Char(' ') + tr("In sample %1 to %2, out of sample %3 to %4; ranked in sample.")
                                             .arg(r.inSampleFrom.toString(Qt::ISODate), r.inSampleTo.toString(Qt::ISODate),
                                                  r.outOfSampleFrom.toString(Qt::ISODate), r.outOfSampleTo.toString(Qt::ISODate));
    }
    if (!problems.isEmpty())
        status += QLatin1Char(' ') + tr("%n bad row(s) skipped; the first: %1", nullptr, static_cast<int>(problems.size())).arg(problems.front());
    m_status->setText(status);
}
