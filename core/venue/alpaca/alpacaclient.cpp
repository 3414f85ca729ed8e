// SPDX-License-Identifier: GPL-3.0-or-later
#include "alpacaclient.h"

#include "alpacajson.h"
#include "util/logging.h"

#include <QDateTime>
#include <QNetworkReply>
#include <QPointer>
#include <QRandomGenerator>

#include <algorithm>

namespace {

QUrl envUrl(const char *name, const QString &fallback)
{
    const QByteArray v = qgetenv(name);
    return QUrl(v.isEmpty() ? fallback : QString::fromUtf8(v));
}

int jitter(int ms)
{
    // 50–100 % of the delay, so clients that failed together do not retry together.
    return ms / 2 + static_cast<int>(QRandomGenerator::global()->bounded(ms / 2 + 1));
}

} // namespace

QUrl AlpacaEndpoints::tradeStream() const
{
    QUrl u = trading;
    u.setScheme(u.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    u.setPath(QStringLiteral("/stream"));
    u.setQuery(QString());
    return u;
}

QUrl AlpacaEndpoints::marketStream() const
{
    QUrl u = dataStream;
    if (u.path().isEmpty() || u.path() == QLatin1String("/"))
        u.setPath(QStringLiteral("/v2/") + feed);
    return u;
}

bool AlpacaEndpoints::isLiveHost() const
{
    return trading.host().compare(QLatin1String("api.alpaca.markets"), Qt::CaseInsensitive) == 0;
}

AlpacaEndpoints AlpacaEndpoints::fromEnvironment()
{
    AlpacaEndpoints e;
    e.trading = envUrl("APCA_API_BASE_URL", QStringLiteral("https://paper-api.alpaca.markets"));
    e.data = envUrl("APCA_API_DATA_URL", QStringLiteral("https://data.alpaca.markets"));
    e.dataStream = envUrl("APCA_API_DATA_STREAM_URL", QStringLiteral("wss://stream.data.alpaca.markets"));
    e.keyId = QString::fromUtf8(qgetenv("APCA_API_KEY_ID"));
    e.secret = QString::fromUtf8(qgetenv("APCA_API_SECRET_KEY"));
    return e;
}

QString AlpacaClient::Reply::describe() const
{
    if (timedOut)
        return QStringLiteral("no answer within the timeout");
    if (status == 0)
        return QStringLiteral("network error: %1").arg(networkError.isEmpty() ? QStringLiteral("no answer") : networkError);
    if (ok())
        return QStringLiteral("HTTP %1").arg(status);
    return alpaca::parseError(status, body).text();
}

AlpacaClient::AlpacaClient(AlpacaEndpoints endpoints, QObject *parent)
    : QObject(parent)
    , m_endpoints(std::move(endpoints))
    , m_nam(this)
{
    m_wake.setSingleShot(true);
    connect(&m_wake, &QTimer::timeout, this, &AlpacaClient::pump);
}

qint64 AlpacaClient::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

void AlpacaClient::send(Request request, Callback done)
{
    Pending p;
    p.request = std::move(request);
    p.done = std::move(done);
    p.seq = ++m_seq;
    m_counts[p.request.kind] += 1;
    const auto at = std::upper_bound(m_queue.begin(), m_queue.end(), p, [](const Pending &a, const Pending &b) {
        return a.request.priority != b.request.priority ? a.request.priority < b.request.priority : a.seq < b.seq;
    });
    m_queue.insert(at, std::move(p));
    pump();
}

void AlpacaClient::schedule(qint64 delayMs)
{
    const int ms = static_cast<int>(std::clamp<qint64>(delayMs, 1, 120'000));
    if (!m_wake.isActive() || m_wake.remainingTime() > ms)
        m_wake.start(ms);
}

void AlpacaClient::pump()
{
    while (!m_queue.empty() && m_inFlight < m_maxInFlight) {
        const qint64 now = nowMs();
        if (now < m_blockedUntilMs) {
            schedule(m_blockedUntilMs - now);
            return;
        }
        while (!m_sentTimes.empty() && m_sentTimes.front() <= now - 60'000)
            m_sentTimes.pop_front();
        if (static_cast<int>(m_sentTimes.size()) >= m_perMinute) {
            schedule(m_sentTimes.front() + 60'000 - now);
            return;
        }
        // The first request whose backoff has passed, in priority order.
        auto it = std::find_if(m_queue.begin(), m_queue.end(), [now](const Pending &p) { return p.notBeforeMs <= now; });
        if (it == m_queue.end()) {
            const auto soonest = std::min_element(m_queue.begin(), m_queue.end(),
                                                  [](const Pending &a, const Pending &b) { return a.notBeforeMs < b.notBeforeMs; });
            schedule(soonest->notBeforeMs - now);
            return;
        }
        Pending p = std::move(*it);
        m_queue.erase(it);
        m_sentTimes.push_back(now);
        start(std::move(p));
    }
}

void AlpacaClient::start(Pending p)
{
    ++p.attempts;
    ++m_inFlight;
    QUrl url = p.request.host == Host::Trading ? m_endpoints.trading : m_endpoints.data;
    url.setPath(url.path().section(QLatin1Char('/'), 0, -1, QString::SectionSkipEmpty).isEmpty()
                    ? p.request.path
                    : QLatin1Char('/') + url.path().section(QLatin1Char('/'), 0, -1, QString::SectionSkipEmpty) + p.request.path);
    url.setQuery(p.request.query);
    QNetworkRequest req(url);
    req.setRawHeader("APCA-API-KEY-ID", m_endpoints.keyId.toUtf8());
    req.setRawHeader("APCA-API-SECRET-KEY", m_endpoints.secret.toUtf8());
    req.setRawHeader("Accept", "application/json");
    req.setTransferTimeout(m_timeoutMs);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = nullptr;
    if (!p.request.body.isEmpty() || p.request.verb == "POST" || p.request.verb == "PATCH") {
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        reply = m_nam.sendCustomRequest(req, p.request.verb, p.request.body);
    } else {
        reply = m_nam.sendCustomRequest(req, p.request.verb);
    }
    auto tooLarge = std::make_shared<bool>(false);
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply, tooLarge](qint64 received, qint64 total) {
        if (received > alpaca::kMaxBodyBytes || total > alpaca::kMaxBodyBytes) {
            *tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, tooLarge, p = std::move(p)]() mutable {
        reply->deleteLater();
        --m_inFlight;
        Reply r;
        r.attempts = p.attempts;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (*tooLarge) {
            r.status = 0;
            r.networkError = QStringLiteral("the answer was larger than %1 bytes and was refused").arg(alpaca::kMaxBodyBytes);
        } else {
            r.body = reply->readAll();
            if (reply->error() == QNetworkReply::OperationCanceledError && r.status == 0)
                r.timedOut = true;
            else if (r.status == 0)
                r.networkError = reply->errorString();
        }
        QHash<QByteArray, QByteArray> headers;
        for (const auto &[k, v] : reply->rawHeaderPairs())
            headers.insert(k.toLower(), v);
        finished(std::move(p), std::move(r), headers);
    });
}

void AlpacaClient::requeue(Pending p, qint64 delayMs)
{
    p.notBeforeMs = nowMs() + delayMs;
    const auto at = std::upper_bound(m_queue.begin(), m_queue.end(), p, [](const Pending &a, const Pending &b) {
        return a.request.priority != b.request.priority ? a.request.priority < b.request.priority : a.seq < b.seq;
    });
    m_queue.insert(at, std::move(p));
}

void AlpacaClient::finished(Pending p, Reply reply, const QHash<QByteArray, QByteArray> &headers)
{
    const qint64 now = nowMs();
    const qint64 resetMs = headers.value("x-ratelimit-reset").toLongLong() * 1000;
    const bool hasRemaining = headers.contains("x-ratelimit-remaining");
    if (hasRemaining && headers.value("x-ratelimit-remaining").toInt() <= 0 && resetMs > now)
        m_blockedUntilMs = std::max(m_blockedUntilMs, std::min(resetMs, now + 65'000));

    const bool replayable = p.request.verb == "GET" || p.request.verb == "DELETE";
    if (reply.status == 429) {
        // Nothing was done; wait for the window to reset and go again (a POST too).
        m_counts[QStringLiteral("retries_429")] += 1;
        const qint64 wait = resetMs > now ? std::min(resetMs - now, qint64(65'000)) : std::min(500LL << std::min(p.attempts, 6), 30'000LL);
        m_blockedUntilMs = std::max(m_blockedUntilMs, now + wait);
        if (p.attempts < 20) {
            qCWarning(lcBroker).noquote() << QStringLiteral("Alpaca rate limit (429) on %1 %2: waiting %3 ms")
                                                 .arg(QString::fromLatin1(p.request.verb), p.request.path)
                                                 .arg(wait);
            requeue(std::move(p), 0);
            pump();
            return;
        }
    } else if (replayable && reply.outcomeUnknown() && p.attempts < 4) {
        m_counts[reply.timedOut ? QStringLiteral("timeouts") : reply.status >= 500 ? QStringLiteral("retries_5xx")
                                                                                    : QStringLiteral("retries_network")] += 1;
        const int delay = jitter(250 << p.attempts);
        qCInfo(lcBroker).noquote() << QStringLiteral("Alpaca %1 %2: %3; retry %4 in %5 ms")
                                          .arg(QString::fromLatin1(p.request.verb), p.request.path, reply.describe())
                                          .arg(p.attempts)
                                          .arg(delay);
        requeue(std::move(p), delay);
        pump();
        return;
    } else if (reply.timedOut) {
        m_counts[QStringLiteral("timeouts")] += 1;
    }
    Callback done = std::move(p.done);
    pump();
    if (done)
        done(reply);
}
