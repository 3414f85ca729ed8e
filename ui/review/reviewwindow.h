// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "review/review.h"

#include <QMainWindow>

class QChartView;
class QComboBox;
class QDateEdit;
class QCheckBox;
class QLabel;
class QTableView;
class QTextBrowser;
class QThread;
class QTimer;
class ReviewTradesModel;
class ReviewWorker;
struct ReviewSummary;
struct TradeStory;

/// Offline review of a record (`sentinel --review FILE`, File → Open record…):
/// read-only, no network. Filters, the trades (lazily loaded), a trade's whole
/// story, the equity, drawdown, P&L distribution and per-strategy charts, CSV
/// export and a printable report. All queries run on the review's own thread.
class ReviewWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit ReviewWindow(const QString &location, QWidget *parent = nullptr);
    ~ReviewWindow() override;

    TradeFilter filter() const;
    ReviewTradesModel *tradesModel() const { return m_model; }
    QTableView *tradesView() const { return m_table; }
    QTextBrowser *storyView() const { return m_story; }
    qint64 total() const { return m_total; }
    const ReviewSummary &summary() const;
    void setFilter(const TradeFilter &f);
    void exportCsvTo(const QString &path);
    void writeReportTo(const QString &path);

Q_SIGNALS:
    void opened(bool ok, const QString &message);
    void queryAnswered(qint64 total);
    void storyShown(const QString &tradeId);
    void exportFinished(bool ok, const QString &message);

private:
    void requery();
    void onOpened(bool ok, const QString &message, const QStringList &symbols, const QStringList &strategies, const QDate &first,
                  const QDate &last, qint64 ms);
    void showSummary(quint64 generation, const ReviewSummary &s, qint64 ms);
    void showStory(bool ok, const QString &message, const TradeStory &story, qint64 ms);
    void rebuildCharts();

    QString m_location;
    QThread *m_thread;
    ReviewWorker *m_worker;
    ReviewTradesModel *m_model;
    QTableView *m_table;
    QTextBrowser *m_story;
    QCheckBox *m_useFrom;
    QDateEdit *m_from;
    QCheckBox *m_useTo;
    QDateEdit *m_to;
    QComboBox *m_symbol;
    QComboBox *m_strategy;
    QComboBox *m_outcome;
    QComboBox *m_approval;
    QLabel *m_totals;
    QChartView *m_equityView;
    QChartView *m_drawdownView;
    QChartView *m_distributionView;
    QChartView *m_strategyView;
    QTimer *m_debounce;
    quint64 m_generation = 0;
    Review::Sort m_sort = Review::Sort::Opened;
    bool m_ascending = false;
    qint64 m_total = 0;
    std::unique_ptr<ReviewSummary> m_summary;
    bool m_ready = false;
};
