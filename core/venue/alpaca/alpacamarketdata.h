// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "alpacaclient.h"
#include "alpacajson.h"
#include "venue/marketdata.h"

#include <QHash>
#include <QTimer>
#include <QWebSocket>

#include <deque>

/// Alpaca's Market Data v2 and trading clock behind the MarketData seam.
///  - Daily bars come from GET /v2/stocks/bars for many symbols at once, one
///    request per page (`limit` counts bars across all symbols), feed=iex.
///  - The clock (GET /v2/clock) and calendar (GET /v2/calendar) say which
///    sessions have completed; a session's bars are fetched and published as
///    sessionClosed once its close has passed by the broker's clock.
///  - On start, everything the engine has not seen up to the last completed
///    session is fetched; the last completed session is published as closed,
///    so the first iteration runs at once on the latest completed bar.
///  - Prices come from the market-data stream's trades (text frames of
///    arrays; auth, then subscribe) for up to `streamSymbols` symbols, and from
///    GET /v2/stocks/trades/latest for the rest, every `pollMs`.
class AlpacaMarketData : public MarketData
{
    Q_OBJECT
public:
    struct Options
    {
        int pageLimit = 10'000;     ///< bars per page (Alpaca allows 1–10,000)
        int clockPollMs = 30'000;   ///< how often the clock is read
        int quotePollMs = 60'000;   ///< latest trades by REST for symbols not streamed
        int quoteFlushMs = 1'000;   ///< streamed prices are published at most this often
        int closeDelayS = 60;       ///< a session's bars are fetched this long after its close
        int streamSymbols = 30;     ///< the free plan's trades+quotes symbol limit
        bool stream = true;         ///< use the market-data stream
        QString timeframe = QStringLiteral("1Day");
    };

    AlpacaMarketData(AlpacaClient &client, QStringList symbols, Options options, QObject *parent = nullptr);
    ~AlpacaMarketData() override;

    /// Reads the clock, calendar, assets and latest prices, then connects the stream.
    void start();

    QStringList symbols() const override { return m_symbols; }
    VenueClock clock() const override { return m_clock; }
    QList<Quote> latestQuotes() const override { return m_quotes.values(); }
    AssetFacts asset(const QString &symbol) const override { return m_assets.value(symbol); }
    void requestBars(const QStringList &symbols, const QDate &after, int maxSessions) override;
    void resume(const QDateTime &lastProcessed) override;
    /// Reads the clock now (a live market moves by itself; this only looks sooner).
    void advance() override;

    /// Pages fetched so far.
    int barPages() const { return m_pages; }
    bool ready() const { return m_ready; }
    const QList<alpaca::CalendarDay> &calendar() const { return m_calendar; }

private:
    struct BarsJob
    {
        QStringList symbols;
        QDate from;
        QDate to;
        QString pageToken;
        QList<Bar> bars;
        std::function<void(const QList<Bar> &)> done;
    };
    void whenReady(std::function<void()> f);
    void readClock(std::function<void()> then = {});
    void readCalendar(std::function<void()> partDone);
    void readAssets(std::function<void()> partDone);
    void fetchBars(std::shared_ptr<BarsJob> job);
    void publishClosedSessions();
    void fetchLatest();
    void flushQuotes();
    void openStream();
    void onStreamFrame(const QString &frame);
    QDate lastCompletedAt(const QDateTime &utc) const;
    QDateTime closeOf(const QDate &session) const;
    QDateTime now() const;
    void fail(const QString &what, const QString &why);

    AlpacaClient &m_client;
    QStringList m_symbols;
    Options m_options;
    VenueClock m_clock;
    qint64 m_skewMs = 0; ///< broker clock − local clock
    QList<alpaca::CalendarDay> m_calendar;
    QHash<QString, AssetFacts> m_assets;
    QHash<QString, Quote> m_quotes;
    QHash<QString, Quote> m_unpublished;
    QDate m_published;  ///< the last session published (history or close)
    QDate m_fetching;   ///< a close being fetched
    bool m_historyDone = false;
    bool m_ready = false;
    int m_readyParts = 0;
    std::deque<std::function<void()>> m_waiting;
    QTimer m_clockTimer;
    QTimer m_quoteTimer;
    QTimer m_flushTimer;
    QTimer m_reconnect;
    QWebSocket m_ws;
    QStringList m_streamed;
    int m_attempt = 0;
    int m_pages = 0;
    bool m_streamUp = false;
};
