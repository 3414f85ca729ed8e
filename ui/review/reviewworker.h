// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "review/review.h"

#include <QObject>

#include <memory>

Q_DECLARE_METATYPE(TradeFilter)
Q_DECLARE_METATYPE(TradeRow)
Q_DECLARE_METATYPE(TradeStory)
Q_DECLARE_METATYPE(ReviewSummary)

/// The review's queries, on a thread of their own (the GUI thread never waits on
/// the database). Owns the read-only Review; every answer carries the generation
/// of the filter it was asked for, so a stale answer is dropped by the window.
class ReviewWorker : public QObject
{
    Q_OBJECT
public:
    explicit ReviewWorker(QObject *parent = nullptr);
    ~ReviewWorker() override;

    // Called on the worker's thread (through QMetaObject::invokeMethod).
    void open(const QString &location);
    void query(quint64 generation, const TradeFilter &filter, Review::Sort sort, bool ascending);
    void fetchPage(quint64 generation, const TradeFilter &filter, Review::Sort sort, bool ascending, qint64 offset, int limit);
    void fetchStory(const QString &tradeId);
    void exportCsv(const TradeFilter &filter, const QString &path);
    void writeReport(const TradeFilter &filter, const QString &path);

Q_SIGNALS:
    void opened(bool ok, const QString &message, const QStringList &symbols, const QStringList &strategies, const QDate &first,
                const QDate &last, qint64 ms);
    void counted(quint64 generation, qint64 total, qint64 ms);
    void pageReady(quint64 generation, qint64 offset, const QList<TradeRow> &rows, qint64 ms);
    void summaryReady(quint64 generation, const ReviewSummary &summary, qint64 ms);
    void storyReady(bool ok, const QString &message, const TradeStory &story, qint64 ms);
    void exported(bool ok, const QString &message);

private:
    std::unique_ptr<Review> m_review;
};
