// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/decimal.h"
#include "util/result.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <functional>

/// Which trades a review shows. Empty fields do not filter.
struct TradeFilter
{
    QDate from;           ///< opened on or after (UTC date)
    QDate to;             ///< opened on or before
    QString symbol;
    QString strategy;
    QString outcome;      ///< win, loss, flat or open
    QString approval;     ///< trader or automatic
};

/// One round trip: the buy that opened a position to the sell that flattened it.
struct TradeRow
{
    QString id;
    QString symbol;
    QString strategy;
    QString approval;
    QString operatorName;
    QDateTime openedAt;
    QDateTime closedAt;
    Decimal qty;
    Decimal entryPrice;
    Decimal exitPrice;
    Decimal pnl;
    QString outcome;
    QString exitPurpose;
    QString proposalId;
};

/// A trade's whole story, stage by stage, in the order it happened.
struct TradeStory
{
    struct Step
    {
        QString stage; ///< signal, proposal, verdict, decision, order, fill, exit, pnl, narrative
        QString at;    ///< UTC time as recorded
        QString text;
    };
    TradeRow trade;
    QList<Step> steps;
};

/// The shape of a set of trades: its equity and drawdown by close, the P&L
/// distribution and the results per strategy.
struct ReviewSummary
{
    struct Point
    {
        QDateTime at;
        double equity = 0; ///< cumulative realised P&L
        double drawdown = 0; ///< from the running peak, ≤ 0
    };
    struct Bin
    {
        double from = 0;
        double to = 0;
        qint64 count = 0;
    };
    struct Strategy
    {
        QString name;
        qint64 trades = 0;
        qint64 wins = 0;
        double pnl = 0;
    };
    qint64 trades = 0;
    qint64 closed = 0;
    qint64 wins = 0;
    Decimal pnl;
    double maxDrawdown = 0;
    QList<Point> equity; ///< at most ~2,000 points (evenly thinned)
    QList<Bin> distribution;
    QList<Strategy> strategies;
};

/// Offline review of a record, read-only: a SQLite file (a copy, a backup, a
/// colleague's record) or a PostgreSQL URL. Owns its connection; use it from the
/// thread that opened it. Every query is bounded: pages, counts and aggregates.
class Review
{
public:
    enum class Sort { Opened, Closed, Symbol, Strategy, Pnl, Outcome };

    ~Review();
    Review(Review &&other) noexcept;
    Review(const Review &) = delete;
    Review &operator=(const Review &) = delete;
    Review &operator=(Review &&) = delete;

    /// Opens read-only. A record whose schema predates the kept trades is refused with
    /// what to do about it; the file is never written.
    static Result<Review> open(const QString &location);

    const QString &location() const { return m_location; }
    qint64 count(const TradeFilter &f) const;
    QList<TradeRow> page(const TradeFilter &f, Sort sort, bool ascending, qint64 offset, int limit) const;
    Result<TradeStory> story(const QString &tradeId) const;
    ReviewSummary summary(const TradeFilter &f) const;
    QStringList symbols() const;
    QStringList strategies() const;
    /// The first and last days trades were opened on (invalid when there are none).
    std::pair<QDate, QDate> dateRange() const;
    /// The filtered trades as CSV (RFC 4180), written through a buffer; the rows written.
    Result<qint64> exportCsv(const TradeFilter &f, const QString &path) const;

    static QString sortColumn(Sort s);

private:
    explicit Review(QString location, QString connection);
    QSqlDatabase db() const;

    QString m_location;
    QString m_connection;
};
