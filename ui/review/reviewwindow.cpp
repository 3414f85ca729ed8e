// SPDX-License-Identifier: GPL-3.0-or-later
#include "reviewwindow.h"

#include "reviewtradesmodel.h"
#include "reviewworker.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDateTimeAxis>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QThread>
#include <QTimer>
#include <QToolBar>
#include <QValueAxis>

namespace {

QChartView *chartView(const QString &objectName)
{
    auto *view = new QChartView(new QChart);
    view->setObjectName(objectName);
    view->setRenderHint(QPainter::Antialiasing);
    view->chart()->legend()->hide();
    view->chart()->setMargins(QMargins(4, 4, 4, 4));
    view->setMinimumHeight(180);
    return view;
}

QComboBox *choice(const QString &objectName, const QStringList &items)
{
    auto *c = new QComboBox;
    c->setObjectName(objectName);
    c->addItem(QObject::tr("any"), QString());
    for (const QString &i : items)
        c->addItem(i, i);
    return c;
}

QString stageColor(const QString &stage)
{
    if (stage == QLatin1String("decision"))
        return QStringLiteral("#1f6fb4");
    if (stage == QLatin1String("fill") || stage == QLatin1String("pnl"))
        return QStringLiteral("#1e8449");
    if (stage == QLatin1String("verdict"))
        return QStringLiteral("#8e44ad");
    if (stage == QLatin1String("exit"))
        return QStringLiteral("#c0392b");
    return QStringLiteral("#555555");
}

} // namespace

ReviewWindow::ReviewWindow(const QString &location, QWidget *parent)
    : QMainWindow(parent)
    , m_location(location)
    , m_thread(new QThread(this))
    , m_worker(new ReviewWorker)
    , m_model(new ReviewTradesModel(this))
    , m_table(new QTableView)
    , m_story(new QTextBrowser)
    , m_useFrom(new QCheckBox(tr("From")))
    , m_from(new QDateEdit)
    , m_useTo(new QCheckBox(tr("To")))
    , m_to(new QDateEdit)
    , m_symbol(choice(QStringLiteral("reviewSymbol"), {}))
    , m_strategy(choice(QStringLiteral("reviewStrategy"), {}))
    , m_outcome(choice(QStringLiteral("reviewOutcome"), {QStringLiteral("win"), QStringLiteral("loss"), QStringLiteral("flat"), QStringLiteral("open")}))
    , m_approval(choice(QStringLiteral("reviewApproval"), {QStringLiteral("trader"), QStringLiteral("automatic")}))
    , m_totals(new QLabel)
    , m_equityView(chartView(QStringLiteral("reviewEquity")))
    , m_drawdownView(chartView(QStringLiteral("reviewDrawdown")))
    , m_distributionView(chartView(QStringLiteral("reviewDistribution")))
    , m_strategyView(chartView(QStringLiteral("reviewStrategies")))
    , m_debounce(new QTimer(this))
    , m_summary(std::make_unique<ReviewSummary>())
{
    setObjectName(QStringLiteral("reviewWindow"));
    setAttribute(Qt::WA_DeleteOnClose, parent != nullptr);
    setWindowTitle(tr("Sentinel — review of %1 (read-only)").arg(QFileInfo(location).fileName().isEmpty() ? location : QFileInfo(location).fileName()));
    resize(1400, 900);

    // Filters.
    auto *filters = new QWidget;
    auto *fl = new QHBoxLayout(filters);
    fl->setContentsMargins(6, 4, 6, 4);
    for (QDateEdit *d : {m_from, m_to}) {
        d->setCalendarPopup(true);
        d->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        d->setEnabled(false);
    }
    m_from->setObjectName(QStringLiteral("reviewFrom"));
    m_to->setObjectName(QStringLiteral("reviewTo"));
    fl->addWidget(m_useFrom);
    fl->addWidget(m_from);
    fl->addWidget(m_useTo);
    fl->addWidget(m_to);
    for (const auto &[label, box] : {std::pair{tr("Symbol"), m_symbol}, std::pair{tr("Strategy"), m_strategy},
                                     std::pair{tr("Outcome"), m_outcome}, std::pair{tr("Approved"), m_approval}}) {
        fl->addWidget(new QLabel(label));
        fl->addWidget(box);
    }
    fl->addStretch(1);
    fl->addWidget(m_totals);
    m_totals->setObjectName(QStringLiteral("reviewTotals"));

    // Trades and the selected trade's story.
    m_table->setObjectName(QStringLiteral("reviewTrades"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_table->horizontalHeader()->setSortIndicator(ReviewTradesModel::Opened, Qt::DescendingOrder);
    m_table->verticalHeader()->setDefaultSectionSize(22);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    for (const auto &[column, width] : {std::pair{ReviewTradesModel::Opened, 120}, std::pair{ReviewTradesModel::Symbol, 60},
                                        std::pair{ReviewTradesModel::Strategy, 140}, std::pair{ReviewTradesModel::Approval, 200},
                                        std::pair{ReviewTradesModel::Qty, 50}, std::pair{ReviewTradesModel::Entry, 75},
                                        std::pair{ReviewTradesModel::Exit, 75}, std::pair{ReviewTradesModel::Pnl, 80},
                                        std::pair{ReviewTradesModel::Outcome, 60}})
        m_table->setColumnWidth(column, width);
    m_story->setObjectName(QStringLiteral("reviewStory"));
    m_story->setOpenLinks(false);
    m_story->setPlaceholderText(tr("Select a trade to see its whole story: signal, proposal, verdict, decision, orders, fills, exit and P&L."));
    auto *charts = new QTabWidget;
    charts->setObjectName(QStringLiteral("reviewCharts"));
    charts->addTab(m_equityView, tr("Equity"));
    charts->addTab(m_drawdownView, tr("Drawdown"));
    charts->addTab(m_distributionView, tr("P&&L distribution"));
    charts->addTab(m_strategyView, tr("Per strategy"));
    auto *left = new QSplitter(Qt::Vertical);
    left->addWidget(m_table);
    left->addWidget(charts);
    left->setStretchFactor(0, 3);
    left->setStretchFactor(1, 2);
    auto *main = new QSplitter(Qt::Horizontal);
    main->addWidget(left);
    main->addWidget(m_story);
    main->setStretchFactor(0, 3);
    main->setStretchFactor(1, 1);
    main->setSizes({1000, 400});
    auto *central = new QWidget;
    auto *cl = new QVBoxLayout(central);
    cl->setContentsMargins(0, 0, 0, 0);
    cl->addWidget(filters);
    cl->addWidget(main, 1);
    setCentralWidget(central);

    QToolBar *bar = addToolBar(tr("Review"));
    bar->setObjectName(QStringLiteral("reviewToolbar"));
    bar->addAction(tr("Export CSV…"), this, [this] {
        auto *d = new QFileDialog(this, tr("Export the trades"), QString(), tr("CSV (*.csv)"));
        d->setAttribute(Qt::WA_DeleteOnClose);
        d->setAcceptMode(QFileDialog::AcceptSave);
        d->selectFile(QStringLiteral("trades.csv"));
        connect(d, &QFileDialog::fileSelected, this, &ReviewWindow::exportCsvTo);
        d->open();
    });
    bar->addAction(tr("Print report (PDF)…"), this, [this] {
        auto *d = new QFileDialog(this, tr("Write a printable report"), QString(), tr("PDF (*.pdf)"));
        d->setAttribute(Qt::WA_DeleteOnClose);
        d->setAcceptMode(QFileDialog::AcceptSave);
        d->selectFile(QStringLiteral("review.pdf"));
        connect(d, &QFileDialog::fileSelected, this, &ReviewWindow::writeReportTo);
        d->open();
    });

    // The worker and its thread.
    m_thread->setObjectName(QStringLiteral("sentinel-review"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &ReviewWorker::opened, this, &ReviewWindow::onOpened);
    connect(m_worker, &ReviewWorker::counted, this, [this](quint64 generation, qint64 total, qint64 ms) {
        if (generation != m_generation)
            return;
        m_total = total;
        m_model->reset(generation, total);
        m_totals->setText(tr("%1 trades").arg(QLocale().toString(total)));
        statusBar()->showMessage(tr("%1 trades counted in %2 ms").arg(QLocale().toString(total)).arg(ms), 5000);
        Q_EMIT queryAnswered(total);
    });
    connect(m_worker, &ReviewWorker::pageReady, this,
            [this](quint64 generation, qint64 offset, const QList<TradeRow> &rows, qint64) { m_model->addPage(generation, offset, rows); });
    connect(m_worker, &ReviewWorker::summaryReady, this, &ReviewWindow::showSummary);
    connect(m_worker, &ReviewWorker::storyReady, this, &ReviewWindow::showStory);
    connect(m_worker, &ReviewWorker::exported, this, [this](bool ok, const QString &message) {
        statusBar()->showMessage(ok ? message : tr("Export failed: %1").arg(message), 10000);
        Q_EMIT exportFinished(ok, message);
    });
    connect(m_model, &ReviewTradesModel::pageWanted, this, [this](quint64 generation, qint64 offset) {
        const TradeFilter f = filter();
        QMetaObject::invokeMethod(m_worker, [w = m_worker, generation, f, s = m_sort, a = m_ascending, offset] {
            w->fetchPage(generation, f, s, a, offset, ReviewTradesModel::kPageSize);
        });
    });
    connect(m_model, &ReviewTradesModel::sortWanted, this, [this](Review::Sort sort, bool ascending) {
        m_sort = sort;
        m_ascending = ascending;
        requery();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (const TradeRow *t = m_model->trade(current.row()))
            QMetaObject::invokeMethod(m_worker, [w = m_worker, id = t->id] { w->fetchStory(id); });
    });
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(150);
    connect(m_debounce, &QTimer::timeout, this, &ReviewWindow::requery);
    for (QComboBox *c : {m_symbol, m_strategy, m_outcome, m_approval})
        connect(c, &QComboBox::currentIndexChanged, m_debounce, qOverload<>(&QTimer::start));
    for (QDateEdit *d : {m_from, m_to})
        connect(d, &QDateEdit::dateChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_useFrom, &QCheckBox::toggled, m_from, &QWidget::setEnabled);
    connect(m_useTo, &QCheckBox::toggled, m_to, &QWidget::setEnabled);
    for (QCheckBox *c : {m_useFrom, m_useTo})
        connect(c, &QCheckBox::toggled, m_debounce, qOverload<>(&QTimer::start));
    m_thread->start();
    statusBar()->showMessage(tr("Opening %1 read-only…").arg(location));
    QMetaObject::invokeMethod(m_worker, [w = m_worker, location] { w->open(location); });
}

ReviewWindow::~ReviewWindow()
{
    m_thread->quit();
    m_thread->wait();
}

const ReviewSummary &ReviewWindow::summary() const
{
    return *m_summary;
}

TradeFilter ReviewWindow::filter() const
{
    TradeFilter f;
    if (m_useFrom->isChecked())
        f.from = m_from->date();
    if (m_useTo->isChecked())
        f.to = m_to->date();
    f.symbol = m_symbol->currentData().toString();
    f.strategy = m_strategy->currentData().toString();
    f.outcome = m_outcome->currentData().toString();
    f.approval = m_approval->currentData().toString();
    return f;
}

void ReviewWindow::setFilter(const TradeFilter &f)
{
    const QSignalBlocker b1(m_useFrom), b2(m_from), b3(m_useTo), b4(m_to), b5(m_symbol), b6(m_strategy), b7(m_outcome), b8(m_approval);
    m_useFrom->setChecked(f.from.isValid());
    m_from->setEnabled(f.from.isValid());
    if (f.from.isValid())
        m_from->setDate(f.from);
    m_useTo->setChecked(f.to.isValid());
    m_to->setEnabled(f.to.isValid());
    if (f.to.isValid())
        m_to->setDate(f.to);
    for (const auto &[box, value] : {std::pair{m_symbol, f.symbol}, std::pair{m_strategy, f.strategy}, std::pair{m_outcome, f.outcome},
                                     std::pair{m_approval, f.approval}})
        box->setCurrentIndex(std::max(0, box->findData(value)));
    requery();
}

void ReviewWindow::requery()
{
    if (!m_ready)
        return;
    ++m_generation;
    const TradeFilter f = filter();
    m_story->clear();
    QMetaObject::invokeMethod(m_worker, [w = m_worker, g = m_generation, f, s = m_sort, a = m_ascending] { w->query(g, f, s, a); });
}

void ReviewWindow::onOpened(bool ok, const QString &message, const QStringList &symbols, const QStringList &strategies, const QDate &first,
                            const QDate &last, qint64 ms)
{
    if (!ok) {
        statusBar()->showMessage(tr("Cannot review: %1").arg(message));
        m_story->setPlainText(tr("This record cannot be reviewed:\n\n%1").arg(message));
        Q_EMIT opened(false, message);
        return;
    }
    for (const QString &s : symbols)
        m_symbol->addItem(s, s);
    for (const QString &s : strategies)
        m_strategy->addItem(s, s);
    for (QDateEdit *d : {m_from, m_to}) {
        const QSignalBlocker block(d);
        d->setDateRange(first, last);
        d->setDate(d == m_from ? first : last);
    }
    m_ready = true;
    statusBar()->showMessage(tr("Opened %1 read-only in %2 ms").arg(message).arg(ms), 10000);
    requery();
    Q_EMIT opened(true, message);
}

void ReviewWindow::exportCsvTo(const QString &path)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, f = filter(), path] { w->exportCsv(f, path); });
}

void ReviewWindow::writeReportTo(const QString &path)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, f = filter(), path] { w->writeReport(f, path); });
}

void ReviewWindow::showSummary(quint64 generation, const ReviewSummary &s, qint64 ms)
{
    if (generation != m_generation)
        return;
    *m_summary = s;
    const double winRate = s.closed > 0 ? 100.0 * s.wins / s.closed : 0.0;
    m_totals->setText(tr("%1 trades · %2 closed · %3 % won · P&L %4 · max drawdown %5")
                          .arg(QLocale().toString(s.trades))
                          .arg(QLocale().toString(s.closed))
                          .arg(winRate, 0, 'f', 1)
                          .arg(s.pnl.isValid() ? s.pnl.toString(2) : QStringLiteral("0.00"))
                          .arg(s.maxDrawdown, 0, 'f', 2));
    Q_UNUSED(ms);
    rebuildCharts();
}

void ReviewWindow::rebuildCharts()
{
    const ReviewSummary &s = *m_summary;
    const auto lineChart = [&](QChartView *view, bool drawdown) {
        QChart *c = view->chart();
        c->removeAllSeries();
        for (QAbstractAxis *a : c->axes())
            c->removeAxis(a);
        auto *series = new QLineSeries;
        series->setColor(drawdown ? QColor(0xc0, 0x39, 0x2b) : QColor(0x1f, 0x6f, 0xb4));
        double lo = 0, hi = 0;
        for (const ReviewSummary::Point &p : s.equity) {
            const double v = drawdown ? p.drawdown : p.equity;
            series->append(static_cast<qreal>(p.at.toMSecsSinceEpoch()), v);
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
        c->addSeries(series);
        auto *x = new QDateTimeAxis;
        x->setFormat(QStringLiteral("yyyy-MM"));
        auto *y = new QValueAxis;
        y->setRange(lo - (hi - lo) * 0.05 - 1, hi + (hi - lo) * 0.05 + 1);
        y->setLabelFormat(QStringLiteral("%.0f"));
        c->addAxis(x, Qt::AlignBottom);
        c->addAxis(y, Qt::AlignLeft);
        series->attachAxis(x);
        series->attachAxis(y);
        c->setTitle(drawdown ? tr("Drawdown from the running peak of realised P&L") : tr("Realised equity: cumulative P&L by day of close"));
    };
    lineChart(m_equityView, false);
    lineChart(m_drawdownView, true);
    const auto barChart = [](QChartView *view, const QStringList &categories, const QList<qreal> &values, const QString &title, const QColor &color) {
        QChart *c = view->chart();
        c->removeAllSeries();
        for (QAbstractAxis *a : c->axes())
            c->removeAxis(a);
        auto *set = new QBarSet(title);
        set->setColor(color);
        for (qreal v : values)
            *set << v;
        auto *series = new QBarSeries;
        series->append(set);
        c->addSeries(series);
        auto *x = new QBarCategoryAxis;
        x->append(categories);
        x->setLabelsAngle(-45);
        auto *y = new QValueAxis;
        qreal lo = 0, hi = 1;
        for (qreal v : values) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
        y->setRange(lo * 1.1, hi * 1.1);
        y->setLabelFormat(QStringLiteral("%.0f"));
        c->addAxis(x, Qt::AlignBottom);
        c->addAxis(y, Qt::AlignLeft);
        series->attachAxis(x);
        series->attachAxis(y);
        c->setTitle(title);
    };
    QStringList bins;
    QList<qreal> counts;
    for (const ReviewSummary::Bin &b : s.distribution) {
        bins << QString::number((b.from + b.to) / 2, 'f', 0);
        counts << static_cast<qreal>(b.count);
    }
    barChart(m_distributionView, bins, counts, tr("Closed trades by P&L (bin centre)"), QColor(0x7f, 0x8c, 0x8d));
    QStringList names;
    QList<qreal> pnls;
    for (const ReviewSummary::Strategy &st : s.strategies) {
        names << QStringLiteral("%1 (%2)").arg(st.name).arg(st.trades);
        pnls << st.pnl;
    }
    barChart(m_strategyView, names, pnls, tr("Realised P&L per strategy (closed trades)"), QColor(0x1f, 0x6f, 0xb4));
}

void ReviewWindow::showStory(bool ok, const QString &message, const TradeStory &story, qint64 ms)
{
    if (!ok) {
        m_story->setPlainText(message);
        return;
    }
    const TradeRow &t = story.trade;
    QString html = QStringLiteral("<h3>%1 · %2 · %3</h3><p>%4 → %5 · %6 shares · <b>P&amp;L %7</b>%8 · approved by %9 (%10)</p><table cellspacing='4'>")
                       .arg(t.symbol.toHtmlEscaped(), t.strategy.toHtmlEscaped(), t.outcome.toHtmlEscaped(),
                            t.openedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                            t.closedAt.isValid() ? t.closedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm")) : tr("open"), t.qty.toString(),
                            t.pnl.isValid() ? t.pnl.toString(2) : QStringLiteral("—"),
                            t.exitPurpose.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(t.exitPurpose.toHtmlEscaped()), t.operatorName.toHtmlEscaped(),
                            t.approval.toHtmlEscaped());
    for (const TradeStory::Step &s : story.steps)
        html += QStringLiteral("<tr><td valign='top'><b style='color:%1'>%2</b></td><td valign='top' style='color:#666'>%3</td><td>%4</td></tr>")
                    .arg(stageColor(s.stage), s.stage.toHtmlEscaped(), s.at.left(19).replace(QLatin1Char('T'), QLatin1Char(' ')).toHtmlEscaped(),
                         s.text.toHtmlEscaped());
    html += QStringLiteral("</table><p style='color:#888'>%1</p>").arg(tr("Read in %1 ms from the record.").arg(ms));
    m_story->setHtml(html);
    Q_EMIT storyShown(t.id);
}
