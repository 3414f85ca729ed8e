// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/bar.h"
#include "domain/quote.h"
#include "venueclock.h"

#include <QList>
#include <QObject>
#include <QStringList>

/// The market-data seam: bars, quotes, the clock and calendar, asset facts.
/// Asynchronous: a request returns at once and its answer arrives later as a
/// signal carrying values, on the thread the object lives in (the engine's).
/// The simulated market and Alpaca implement it; the engine never asks which.
class MarketData : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~MarketData() override = default;

    /// The universe this venue serves, upper-case symbols.
    virtual QStringList symbols() const = 0;
    /// The clock as last reported (updated before every quotes or bars signal).
    virtual VenueClock clock() const = 0;
    /// The latest price of every symbol, as last published.
    virtual QList<Quote> latestQuotes() const = 0;
    /// Asset facts known so far; `known` is false for a symbol not yet described.
    virtual AssetFacts asset(const QString &symbol) const = 0;
    /// Completed daily bars of `symbols` after `after` (all of the last
    /// `maxSessions` sessions when `after` is invalid). Answered by barsReceived
    /// or requestFailed.
    virtual void requestBars(const QStringList &symbols, const QDate &after, int maxSessions) = 0;
    /// Continue from `lastProcessed`, the clock time of the last update the
    /// engine recorded. A replayed or simulated market repositions its clock
    /// there without publishing; a live market follows the wall clock and
    /// ignores it.
    virtual void resume(const QDateTime &lastProcessed) = 0;
    /// A simulated or replayed market moves its clock one step and publishes
    /// what happened; a live market publishes as the exchange moves and
    /// ignores it.
    virtual void advance() = 0;

Q_SIGNALS:
    void barsReceived(const QList<Bar> &bars);
    /// New prices; the clock is the time they were taken.
    void quotesUpdated(const QList<Quote> &quotes, const VenueClock &clock);
    /// A session closed: its completed bar for every symbol.
    void sessionClosed(const QDate &session, const QList<Bar> &bars, const VenueClock &clock);
    void requestFailed(const QString &what, const QString &reason);
    void connectionChanged(bool connected, const QString &reason);
};
