// SPDX-License-Identifier: GPL-3.0-or-later
#include "reviewworker.h"

#include "reviewreport.h"

#include <QElapsedTimer>

ReviewWorker::ReviewWorker(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<TradeFilter>();
    qRegisterMetaType<TradeRow>();
    qRegisterMetaType<QList<TradeRow>>();
    qRegisterMetaType<TradeStory>();
    qRegisterMetaType<ReviewSummary>();
}

ReviewWorker::~ReviewWorker() = default;

void ReviewWorker::open(const QString &location)
{
    QElapsedTimer t;
    t.start();
    Result<Review> r = Review::open(location);
    if (!r) {
        Q_EMIT opened(false, r.error(), {}, {}, {}, {}, t.elapsed());
        return;
    }
    m_review = std::make_unique<Review>(std::move(r.value()));
    const QStringList symbols = m_review->symbols();
    const QStringList strategies = m_review->strategies();
    const auto [first, last] = m_review->dateRange();
    Q_EMIT opened(true, location, symbols, strategies, first, last, t.elapsed());
}

void ReviewWorker::query(quint64 generation, const TradeFilter &filter, Review::Sort sort, bool ascending)
{
    if (!m_review)
        return;
    QElapsedTimer t;
    t.start();
    const qint64 total = m_review->count(filter);
    Q_EMIT counted(generation, total, t.elapsed());
    fetchPage(generation, filter, sort, ascending, 0, 200);
    t.restart();
    const ReviewSummary s = m_review->summary(filter);
    Q_EMIT summaryReady(generation, s, t.elapsed());
}

void ReviewWorker::fetchPage(quint64 generation, const TradeFilter &filter, Review::Sort sort, bool ascending, qint64 offset, int limit)
{
    if (!m_review)
        return;
    QElapsedTimer t;
    t.start();
    const QList<TradeRow> rows = m_review->page(filter, sort, ascending, offset, limit);
    Q_EMIT pageReady(generation, offset, rows, t.elapsed());
}

void ReviewWorker::fetchStory(const QString &tradeId)
{
    if (!m_review)
        return;
    QElapsedTimer t;
    t.start();
    const Result<TradeStory> s = m_review->story(tradeId);
    Q_EMIT storyReady(s.ok(), s ? QString() : s.error(), s ? s.value() : TradeStory{}, t.elapsed());
}

void ReviewWorker::exportCsv(const TradeFilter &filter, const QString &path)
{
    if (!m_review)
        return;
    QElapsedTimer t;
    t.start();
    const Result<qint64> r = m_review->exportCsv(filter, path);
    Q_EMIT exported(r.ok(), r ? tr("%1 trades written to %2 in %3 ms").arg(r.value()).arg(path).arg(t.elapsed()) : r.error());
}

void ReviewWorker::writeReport(const TradeFilter &filter, const QString &path)
{
    if (!m_review)
        return;
    const Status s = writeReviewReport(*m_review, filter, path);
    Q_EMIT exported(s.ok(), s ? tr("Report written to %1").arg(path) : s.error());
}
