// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include <deque>
#include <functional>

/// Where Alpaca is and who we are. The keys live only here, in memory: they
/// are never written to the settings, the record or the log.
struct AlpacaEndpoints
{
    QUrl trading;    ///< e.g. https://paper-api.alpaca.markets
    QUrl data;       ///< e.g. https://data.alpaca.markets
    QUrl dataStream; ///< e.g. wss://stream.data.alpaca.markets (the feed is appended: /v2/iex)
    QString keyId;
    QString secret;
    QString feed = QStringLiteral("iex");

    /// The trade_updates stream: the trading URL with http→ws, https→wss and path /stream.
    QUrl tradeStream() const;
    /// The market-data stream for the feed: dataStream + /v2/<feed> (unless a path is given).
    QUrl marketStream() const;
    /// True when the trading URL is Alpaca's live host.
    bool isLiveHost() const;
    /// The defaults for paper trading, with the environment's overrides
    /// (APCA_API_BASE_URL, APCA_API_DATA_URL, APCA_API_DATA_STREAM_URL,
    /// APCA_API_KEY_ID, APCA_API_SECRET_KEY).
    static AlpacaEndpoints fromEnvironment();
};

/// Every REST call to Alpaca goes through one client: one rate limiter per
/// account for data and trading alike, a priority queue in which cancels and
/// reducing orders go ahead of new entries, and the retry policy.
///  - The limiter keeps under `requestsPerMinute` (200) in any 60 s and
///    follows the X-RateLimit-Remaining/-Reset headers; a 429 holds every
///    request until the reset time, then the request goes again (a 429 never
///    created an order, so this is safe for a POST too).
///  - A GET or DELETE that times out, fails on the network or gets a 5xx is
///    retried up to three times with backoff and jitter.
///  - A POST or PATCH is never retried after a timeout, a network failure or
///    a 5xx: its outcome is unknown and the caller resolves it by looking the
///    order up by client order id.
///  - A body over alpaca::kMaxBodyBytes is refused unread.
class AlpacaClient : public QObject
{
    Q_OBJECT
public:
    enum class Host { Trading, Data };
    /// Lower goes first.
    enum class Priority { Reducing = 0, Normal = 1, Entry = 2 };
    struct Request
    {
        Host host = Host::Trading;
        QByteArray verb = "GET";
        QString path;
        QUrlQuery query;
        QByteArray body;
        Priority priority = Priority::Normal;
        QString kind; ///< counted by kind: "bars_pages", "orders_post", …
    };
    struct Reply
    {
        int status = 0; ///< HTTP status; 0 when no answer came
        QByteArray body;
        QString networkError;
        bool timedOut = false;
        int attempts = 0;
        bool ok() const { return status >= 200 && status < 300; }
        /// No answer, or a 5xx: the server may or may not have acted.
        bool outcomeUnknown() const { return status == 0 || status >= 500; }
        /// One line for the log and the trader.
        QString describe() const;
    };
    using Callback = std::function<void(const Reply &)>;

    explicit AlpacaClient(AlpacaEndpoints endpoints, QObject *parent = nullptr);

    void send(Request request, Callback done);
    const AlpacaEndpoints &endpoints() const { return m_endpoints; }

    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    void setRequestsPerMinute(int n) { m_perMinute = std::max(1, n); }
    void setMaxInFlight(int n) { m_maxInFlight = std::max(1, n); }
    /// Requests by kind, plus retries_429, retries_5xx, retries_network and timeouts.
    const QHash<QString, int> &counts() const { return m_counts; }
    int queued() const { return static_cast<int>(m_queue.size()); }
    int inFlight() const { return m_inFlight; }

private:
    struct Pending
    {
        Request request;
        Callback done;
        int attempts = 0;
        qint64 notBeforeMs = 0;
        quint64 seq = 0;
    };
    void pump();
    void start(Pending p);
    void finished(Pending p, Reply reply, const QHash<QByteArray, QByteArray> &headers);
    void requeue(Pending p, qint64 delayMs);
    void schedule(qint64 delayMs);
    qint64 nowMs() const;

    AlpacaEndpoints m_endpoints;
    QNetworkAccessManager m_nam;
    std::deque<Pending> m_queue;
    std::deque<qint64> m_sentTimes; ///< wall ms of the requests of the last minute
    QHash<QString, int> m_counts;
    QTimer m_wake;
    int m_timeoutMs = 10'000;
    int m_perMinute = 200;
    int m_maxInFlight = 4;
    int m_inFlight = 0;
    qint64 m_blockedUntilMs = 0; ///< after a 429 or an exhausted window
    quint64 m_seq = 0;
};
