// SPDX-License-Identifier: GPL-3.0-or-later
#include "fakealpaca.h"

#include "data/exchangecalendar.h"

#include <QAbstractHttpServer>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>
#include <QWebSocket>

#include <algorithm>

class FakeHttpServer : public QAbstractHttpServer
{
public:
    FakeHttpServer(FakeAlpaca &owner, bool trading)
        : m_owner(owner)
        , m_trading(trading)
    {
    }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        QHash<QByteArray, QByteArray> headers;
        for (const auto &[k, v] : request.headers())
            headers.insert(k.toLower(), v);
        // Qt 6.4 upgrades a WebSocket request that the handler accepts (the streams).
        if (headers.value("upgrade").compare("websocket", Qt::CaseInsensitive) == 0)
            return true;
        QByteArray verb;
        switch (request.method()) {
        case QHttpServerRequest::Method::Get: verb = "GET"; break;
        case QHttpServerRequest::Method::Post: verb = "POST"; break;
        case QHttpServerRequest::Method::Delete: verb = "DELETE"; break;
        case QHttpServerRequest::Method::Patch: verb = "PATCH"; break;
        case QHttpServerRequest::Method::Put: verb = "PUT"; break;
        default: verb = "OTHER"; break;
        }
        m_owner.handle(m_trading, verb, request.url(), headers, request.body(), socket);
        return true;
    }
    void missingHandler(const QHttpServerRequest &, QTcpSocket *) override {}

private:
    FakeAlpaca &m_owner;
    bool m_trading;
};

namespace {

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}
QByteArray json(const QJsonArray &a)
{
    return QJsonDocument(a).toJson(QJsonDocument::Compact);
}
QJsonValue dec(const Decimal &d)
{
    return d.toString();
}
QJsonValue decOrNull(const Decimal &d)
{
    return d.isZero() ? QJsonValue(QJsonValue::Null) : QJsonValue(d.toString());
}
QJsonValue timeOrNull(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz000000Z"))) : QJsonValue(QJsonValue::Null);
}
QByteArray error(qint64 code, const QString &message)
{
    return json(QJsonObject{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}});
}
QByteArray dataError(const QString &message)
{
    return json(QJsonObject{{QStringLiteral("message"), message}});
}
QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 207: return "Multi-Status";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Status";
    }
}
/// New York offset of a UTC instant, in seconds (negative).
int nyOffset(const QDateTime &utc)
{
    const QDate d = utc.toUTC().date();
    for (const QDate &day : {d, d.addDays(-1)}) {
        const QDateTime midnight = ExchangeCalendar::toUtc(day, QTime(0, 0));
        const qint64 off = midnight.secsTo(QDateTime(day, QTime(0, 0), Qt::UTC));
        if (midnight <= utc.toUTC())
            return static_cast<int>(off);
    }
    return -5 * 3600;
}
QString nyString(const QDateTime &utc)
{
    const int off = nyOffset(utc);
    const QDateTime local = utc.toUTC().addSecs(off);
    return local.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) + QStringLiteral("-%1:00").arg(-off / 3600, 2, 10, QLatin1Char('0'));
}
QDate nyDate(const QDateTime &utc)
{
    return utc.toUTC().addSecs(nyOffset(utc)).date();
}
bool isTerminal(const QString &s)
{
    return s == QLatin1String("filled") || s == QLatin1String("canceled") || s == QLatin1String("expired")
           || s == QLatin1String("replaced") || s == QLatin1String("rejected");
}
std::optional<Decimal> decField(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (v.isString())
        return Decimal::parse(v.toString());
    if (v.isDouble())
        return Decimal::fromDouble(v.toDouble(), 9);
    return Decimal::invalid();
}
QDateTime parseWhen(const QString &text, bool endOfDay)
{
    if (text.size() == 10) {
        const QDate d = QDate::fromString(text, Qt::ISODate);
        return d.isValid() ? QDateTime(d, endOfDay ? QTime(23, 59, 59) : QTime(0, 0), Qt::UTC) : QDateTime();
    }
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    return t.toUTC();
}

} // namespace

FakeAlpaca::FakeAlpaca(QObject *parent)
    : QObject(parent)
{
    m_now = QDateTime(QDate(2026, 11, 30), QTime(15, 0), Qt::UTC);
}

FakeAlpaca::~FakeAlpaca()
{
    // Sockets and servers go first, before the state their signals touch.
    for (QWebSocket *ws : findChildren<QWebSocket *>()) {
        ws->disconnect(this);
        ws->abort();
    }
    if (m_trading)
        m_trading->disconnect(this);
    if (m_data)
        m_data->disconnect(this);
    m_trading.reset();
    m_data.reset();
}

bool FakeAlpaca::start()
{
    m_trading = std::make_unique<FakeHttpServer>(*this, true);
    m_data = std::make_unique<FakeHttpServer>(*this, false);
    m_tradingPort = m_trading->listen(QHostAddress::LocalHost, 0);
    m_dataPort = m_data->listen(QHostAddress::LocalHost, 0);
    if (m_tradingPort == 0 || m_dataPort == 0)
        return false;
    connect(m_trading.get(), &QAbstractHttpServer::newWebSocketConnection, this, [this] {
        while (m_trading->hasPendingWebSocketConnections()) {
            QWebSocket *ws = m_trading->nextPendingWebSocketConnection().release();
            ws->setParent(this);
            ++m_tradeStreamConnects;
            auto authed = std::make_shared<bool>(false);
            const auto onMessage = [this, ws, authed](const QByteArray &frame) {
                const QJsonObject o = QJsonDocument::fromJson(frame).object();
                const QString action = o.value(QStringLiteral("action")).toString();
                const QJsonObject data = o.value(QStringLiteral("data")).toObject();
                if (action == QLatin1String("authenticate")) {
                    *authed = data.value(QStringLiteral("key_id")).toString() == m_keyId
                              && data.value(QStringLiteral("secret_key")).toString() == m_secret;
                    ws->sendBinaryMessage(json(QJsonObject{
                        {QStringLiteral("stream"), QStringLiteral("authorization")},
                        {QStringLiteral("data"), QJsonObject{{QStringLiteral("action"), QStringLiteral("authenticate")},
                                                             {QStringLiteral("status"), *authed ? QStringLiteral("authorized")
                                                                                                : QStringLiteral("unauthorized")}}}}));
                } else if (action == QLatin1String("listen")) {
                    if (!*authed) {
                        ws->sendBinaryMessage(json(QJsonObject{
                            {QStringLiteral("stream"), QStringLiteral("authorization")},
                            {QStringLiteral("data"), QJsonObject{{QStringLiteral("action"), QStringLiteral("listen")},
                                                                 {QStringLiteral("status"), QStringLiteral("unauthorized")}}}}));
                        return;
                    }
                    const QJsonArray wanted = data.value(QStringLiteral("streams")).toArray();
                    QJsonArray ack;
                    for (const QJsonValue &s : wanted)
                        if (s.toString() == QLatin1String("trade_updates"))
                            ack.append(s);
                    m_tradeSockets.removeAll(QPointer<QWebSocket>(ws));
                    if (!ack.isEmpty())
                        m_tradeSockets.append(ws);
                    ws->sendBinaryMessage(json(QJsonObject{{QStringLiteral("stream"), QStringLiteral("listening")},
                                                           {QStringLiteral("data"), QJsonObject{{QStringLiteral("streams"), ack}}}}));
                }
            };
            connect(ws, &QWebSocket::textMessageReceived, this, [onMessage](const QString &m) { onMessage(m.toUtf8()); });
            connect(ws, &QWebSocket::binaryMessageReceived, this, onMessage);
            connect(ws, &QWebSocket::disconnected, ws, &QObject::deleteLater);
        }
    });
    connect(m_data.get(), &QAbstractHttpServer::newWebSocketConnection, this, [this] {
        while (m_data->hasPendingWebSocketConnections()) {
            QWebSocket *ws = m_data->nextPendingWebSocketConnection().release();
            ws->setParent(this);
            auto authed = std::make_shared<bool>(false);
            ws->sendTextMessage(QStringLiteral("[{\"T\":\"success\",\"msg\":\"connected\"}]"));
            connect(ws, &QWebSocket::textMessageReceived, this, [this, ws, authed](const QString &m) {
                const QJsonObject o = QJsonDocument::fromJson(m.toUtf8()).object();
                const QString action = o.value(QStringLiteral("action")).toString();
                if (action == QLatin1String("auth")) {
                    if (*authed) {
                        ws->sendTextMessage(QStringLiteral("[{\"T\":\"error\",\"code\":403,\"msg\":\"already authenticated\"}]"));
                        return;
                    }
                    if (o.value(QStringLiteral("key")).toString() != m_keyId || o.value(QStringLiteral("secret")).toString() != m_secret) {
                        ws->sendTextMessage(QStringLiteral("[{\"T\":\"error\",\"code\":402,\"msg\":\"auth failed\"}]"));
                        ws->close();
                        return;
                    }
                    *authed = true;
                    m_marketSockets.append(ws);
                    ws->sendTextMessage(QStringLiteral("[{\"T\":\"success\",\"msg\":\"authenticated\"}]"));
                } else if (action == QLatin1String("subscribe") || action == QLatin1String("unsubscribe")) {
                    if (!*authed) {
                        ws->sendTextMessage(QStringLiteral("[{\"T\":\"error\",\"code\":401,\"msg\":\"not authenticated\"}]"));
                        return;
                    }
                    QSet<QString> &set = m_marketTrades[ws];
                    for (const QJsonValue &s : o.value(QStringLiteral("trades")).toArray()) {
                        if (action == QLatin1String("subscribe"))
                            set.insert(s.toString());
                        else
                            set.remove(s.toString());
                    }
                    QJsonArray trades;
                    QStringList sorted(set.begin(), set.end());
                    sorted.sort();
                    for (const QString &s : sorted)
                        trades.append(s);
                    const QJsonObject sub{{QStringLiteral("T"), QStringLiteral("subscription")}, {QStringLiteral("trades"), trades},
                                          {QStringLiteral("quotes"), QJsonArray()}, {QStringLiteral("bars"), QJsonArray()},
                                          {QStringLiteral("updatedBars"), QJsonArray()}, {QStringLiteral("dailyBars"), QJsonArray()},
                                          {QStringLiteral("statuses"), QJsonArray()}, {QStringLiteral("lulds"), QJsonArray()},
                                          {QStringLiteral("corrections"), trades}, {QStringLiteral("cancelErrors"), trades}};
                    ws->sendTextMessage(QString::fromUtf8(json(QJsonArray{sub})));
                } else {
                    ws->sendTextMessage(QStringLiteral("[{\"T\":\"error\",\"code\":400,\"msg\":\"invalid syntax\"}]"));
                }
            });
            connect(ws, &QWebSocket::disconnected, this, [this, ws] {
                m_marketTrades.remove(ws);
                ws->deleteLater();
            });
        }
    });
    return true;
}

QString FakeAlpaca::tradingUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_tradingPort);
}
QString FakeAlpaca::dataUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_dataPort);
}
QString FakeAlpaca::dataStreamUrl() const
{
    return QStringLiteral("ws://127.0.0.1:%1").arg(m_dataPort);
}

void FakeAlpaca::generateHistory(const QStringList &symbols, const QDate &first, const QDate &last, quint32 seed)
{
    QRandomGenerator rng(seed);
    m_days.clear();
    for (QDate d = first; d <= last; d = d.addDays(1))
        if (ExchangeCalendar::isTradingDay(d))
            m_days.append(d);
    for (const QString &s : symbols) {
        double p = 40 + rng.bounded(260.0);
        for (const QDate &d : m_days) {
            const double o = p;
            const double c = std::max(1.0, o * (1 + (rng.bounded(2.0) - 1.0) * 0.02));
            const double h = std::max(o, c) * (1 + rng.bounded(0.01));
            const double l = std::min(o, c) * (1 - rng.bounded(0.01));
            addBar(s, d, *Decimal::fromDouble(o, 2), *Decimal::fromDouble(h, 2), *Decimal::fromDouble(l, 2), *Decimal::fromDouble(c, 2),
                   100'000 + rng.bounded(900'000));
            p = c;
        }
        if (!m_assets.contains(s))
            m_assets.insert(s, Asset{});
    }
}

void FakeAlpaca::addBar(const QString &symbol, const QDate &session, Decimal open, Decimal high, Decimal low, Decimal close, qint64 volume)
{
    m_bars[symbol][session] = {open, high, low, close};
    m_volumes[symbol][session] = volume;
    m_prices[symbol] = close;
    if (!m_days.contains(session)) {
        m_days.append(session);
        std::sort(m_days.begin(), m_days.end());
    }
    if (!m_assets.contains(symbol))
        m_assets.insert(symbol, Asset{});
}

bool FakeAlpaca::isOpen() const
{
    const QDate d = nyDate(m_now);
    if (!ExchangeCalendar::isTradingDay(d))
        return false;
    return m_now >= ExchangeCalendar::toUtc(d, ExchangeCalendar::openTime())
           && m_now < ExchangeCalendar::toUtc(d, ExchangeCalendar::closeTime(d));
}

void FakeAlpaca::setNow(const QDateTime &utc)
{
    const bool wasOpen = isOpen();
    const QDate before = nyDate(m_now);
    m_now = utc.toUTC();
    if (wasOpen && (!isOpen() || nyDate(m_now) != before)) {
        // The close: unfilled day orders expire.
        for (const QString &id : m_orderSeq) {
            FakeOrder &o = m_orders[id];
            if (!isTerminal(o.status) && o.tif == QLatin1String("day") && o.parentId.isEmpty()) {
                o.status = QStringLiteral("expired");
                o.updatedAt = m_now;
                emitUpdate(QStringLiteral("expired"), o);
            }
        }
        m_lastEquity = m_cash;
        for (auto it = m_positions.cbegin(); it != m_positions.cend(); ++it)
            m_lastEquity += it->qty * m_prices.value(it.key());
    }
    if (!wasOpen && isOpen()) {
        QSet<QString> symbols;
        for (const FakeOrder &o : std::as_const(m_orders))
            if (!isTerminal(o.status))
                symbols.insert(o.symbol);
        for (const QString &s : symbols)
            evaluate(s);
    }
}

void FakeAlpaca::setPrice(const QString &symbol, Decimal price)
{
    m_prices[symbol] = price;
    static quint64 tradeId = 1000;
    for (const QPointer<QWebSocket> &ws : std::as_const(m_marketSockets)) {
        if (!ws || !m_marketTrades.value(ws.data()).contains(symbol))
            continue;
        const QJsonObject t{{QStringLiteral("T"), QStringLiteral("t")}, {QStringLiteral("S"), symbol},
                            {QStringLiteral("i"), static_cast<qint64>(++tradeId)}, {QStringLiteral("x"), QStringLiteral("V")},
                            {QStringLiteral("p"), price.toDouble()}, {QStringLiteral("s"), 100},
                            {QStringLiteral("c"), QJsonArray{QStringLiteral("@")}}, {QStringLiteral("z"), QStringLiteral("C")},
                            {QStringLiteral("t"), timeOrNull(m_now)}};
        ws->sendTextMessage(QString::fromUtf8(json(QJsonArray{t})));
    }
    evaluate(symbol);
}

void FakeAlpaca::failNext(const QString &pathPrefix, int n, int status, const QByteArray &verb)
{
    m_failures.append({pathPrefix, n, status, verb});
}

void FakeAlpaca::overrideNext(const QString &pathPrefix, const QByteArray &body, int status)
{
    m_overrides.append({pathPrefix, body, status});
}

void FakeAlpaca::dropTradeStream()
{
    const auto sockets = m_tradeSockets;
    m_tradeSockets.clear();
    for (const QPointer<QWebSocket> &ws : sockets)
        if (ws)
            ws->abort();
}

void FakeAlpaca::dropMarketStream()
{
    const auto sockets = m_marketSockets;
    m_marketSockets.clear();
    for (const QPointer<QWebSocket> &ws : sockets)
        if (ws)
            ws->abort();
}

int FakeAlpaca::requestCount(const QByteArray &verb, const QString &pathPrefix) const
{
    return static_cast<int>(std::count_if(m_log.cbegin(), m_log.cend(), [&](const Logged &l) {
        return (verb.isEmpty() || l.verb == verb) && l.path.startsWith(pathPrefix);
    }));
}

std::optional<FakeAlpaca::FakeOrder> FakeAlpaca::orderByClientId(const QString &clientOrderId) const
{
    for (const FakeOrder &o : m_orders)
        if (o.clientOrderId == clientOrderId)
            return o;
    return std::nullopt;
}

QMap<QString, Decimal> FakeAlpaca::positions() const
{
    QMap<QString, Decimal> out;
    for (auto it = m_positions.cbegin(); it != m_positions.cend(); ++it)
        out.insert(it.key(), it->qty);
    return out;
}

QString FakeAlpaca::newUuid()
{
    const quint64 n = ++m_uuidCounter;
    return QStringLiteral("%1-%2-4%3-a%4-%5")
        .arg(quint32(n * 2654435761u), 8, 16, QLatin1Char('0'))
        .arg(quint32(n & 0xffff), 4, 16, QLatin1Char('0'))
        .arg(quint32((n >> 4) & 0xfff), 3, 16, QLatin1Char('0'))
        .arg(quint32((n >> 8) & 0xfff), 3, 16, QLatin1Char('0'))
        .arg(n, 12, 16, QLatin1Char('0'));
}

void FakeAlpaca::handle(bool trading, const QByteArray &verb, const QUrl &url, const QHash<QByteArray, QByteArray> &headers,
                        const QByteArray &body, QTcpSocket *socket)
{
    const QString path = url.path();
    const QUrlQuery q(url);
    Logged entry{verb, path, q.toString(QUrl::FullyDecoded), body, 0};
    Q_EMIT requestSeen(QString::fromLatin1(verb), path);
    Reply r;
    const qint64 wall = QDateTime::currentMSecsSinceEpoch();
    while (!m_rateTimes.isEmpty() && m_rateTimes.first() <= wall - m_rateWindowS * 1000LL)
        m_rateTimes.removeFirst();
    if (headers.value("apca-api-key-id") != m_keyId.toUtf8() || headers.value("apca-api-secret-key") != m_secret.toUtf8()) {
        r = {401, trading ? error(40110000, QStringLiteral("request is not authorized")) : dataError(QStringLiteral("forbidden"))};
    } else if (m_storm429 > 0 || static_cast<int>(m_rateTimes.size()) >= m_rateLimit) {
        r = {429, error(42910000, QStringLiteral("rate limit exceeded"))};
        if (m_storm429 > 0) {
            --m_storm429;
            r.stormed = true;
        }
    } else {
        m_rateTimes.append(wall);
        bool handled = false;
        for (qsizetype i = 0; i < m_failures.size(); ++i) {
            if (path.startsWith(m_failures[i].prefix) && m_failures[i].remaining > 0
                && (m_failures[i].verb.isEmpty() || m_failures[i].verb == verb)) {
                --m_failures[i].remaining;
                r = {m_failures[i].status, QByteArrayLiteral("<html><body><h1>502 Bad Gateway</h1>upstream error</body></html>")};
                handled = true;
                break;
            }
        }
        for (qsizetype i = 0; !handled && i < m_overrides.size(); ++i) {
            if (path.startsWith(m_overrides[i].prefix)) {
                r = {m_overrides[i].status, m_overrides[i].body};
                m_overrides.removeAt(i);
                handled = true;
            }
        }
        if (!handled)
            r = trading ? routeTrading(verb, path, q, body) : routeData(path, q);
    }
    entry.status = r.noReply || r.closeConn ? 0 : r.status;
    m_log.append(entry);
    if (r.closeConn) {
        socket->abort();
        return;
    }
    if (r.noReply) {
        m_held.append(socket);
        return;
    }
    if (m_latencyMs > 0) {
        QPointer<QTcpSocket> s(socket);
        QTimer::singleShot(m_latencyMs, this, [this, s, trading, r] {
            if (s)
                write(s, trading, r);
        });
        return;
    }
    write(socket, trading, r);
}

void FakeAlpaca::write(QTcpSocket *socket, bool trading, const Reply &r)
{
    const qint64 wall = QDateTime::currentMSecsSinceEpoch();
    const int remaining = std::max(0, m_rateLimit - static_cast<int>(m_rateTimes.size()));
    const qint64 reset = (m_rateTimes.isEmpty() ? wall : m_rateTimes.first()) / 1000 + m_rateWindowS;
    QByteArray out = "HTTP/1.1 " + QByteArray::number(r.status) + ' ' + reasonPhrase(r.status) + "\r\n";
    const bool html = r.body.startsWith('<');
    if (r.status != 204) {
        out += html ? "Content-Type: text/html\r\n" : "Content-Type: application/json; charset=UTF-8\r\n";
        out += "Content-Length: " + QByteArray::number(r.body.size()) + "\r\n";
    }
    Q_UNUSED(trading)
    // Trading and market-data responses alike carry the rate-limit headers
    // (servers have been seen spelling them X-Ratelimit-*).
    out += "X-Ratelimit-Limit: " + QByteArray::number(m_rateLimit) + "\r\n";
    out += "X-Ratelimit-Remaining: " + QByteArray::number(r.status == 429 ? 0 : remaining) + "\r\n";
    // A storm resets in a second; an exhausted window when its oldest request leaves it.
    out += "X-Ratelimit-Reset: " + QByteArray::number(r.stormed ? wall / 1000 + 1 : reset) + "\r\n";
    out += "\r\n";
    if (r.status != 204)
        out += r.body;
    socket->write(out);
}

FakeAlpaca::Reply FakeAlpaca::routeTrading(const QByteArray &verb, const QString &path, const QUrlQuery &q, const QByteArray &body)
{
    const QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const auto notFound = [] { return Reply{404, error(40410000, QStringLiteral("endpoint not found"))}; };
    if (parts.size() < 2 || parts[0] != QLatin1String("v2"))
        return notFound();
    const QString res = parts[1];
    if (res == QLatin1String("account") && verb == "GET")
        return {200, accountJson()};
    if (res == QLatin1String("clock") && verb == "GET") {
        const QDate today = nyDate(m_now);
        QDate nextOpenDay = today;
        if (!ExchangeCalendar::isTradingDay(nextOpenDay) || m_now >= ExchangeCalendar::toUtc(today, ExchangeCalendar::openTime()))
            nextOpenDay = ExchangeCalendar::nextTradingDay(today);
        QDate closeDay = ExchangeCalendar::isTradingDay(today) && m_now < ExchangeCalendar::toUtc(today, ExchangeCalendar::closeTime(today))
                             ? today
                             : ExchangeCalendar::nextTradingDay(today);
        return {200, json(QJsonObject{
                         {QStringLiteral("timestamp"), nyString(m_now)},
                         {QStringLiteral("is_open"), isOpen()},
                         {QStringLiteral("next_open"), nyString(ExchangeCalendar::toUtc(nextOpenDay, ExchangeCalendar::openTime()))},
                         {QStringLiteral("next_close"),
                          nyString(ExchangeCalendar::toUtc(closeDay, ExchangeCalendar::closeTime(closeDay)))}})};
    }
    if (res == QLatin1String("calendar") && verb == "GET") {
        const QDate start = QDate::fromString(q.queryItemValue(QStringLiteral("start")), Qt::ISODate);
        const QDate end = QDate::fromString(q.queryItemValue(QStringLiteral("end")), Qt::ISODate);
        QJsonArray days;
        for (QDate d = start.isValid() ? start : nyDate(m_now); d <= (end.isValid() ? end : nyDate(m_now)); d = d.addDays(1)) {
            if (!ExchangeCalendar::isTradingDay(d))
                continue;
            const bool half = ExchangeCalendar::isHalfDay(d);
            days.append(QJsonObject{{QStringLiteral("date"), d.toString(Qt::ISODate)},
                                    {QStringLiteral("open"), QStringLiteral("09:30")},
                                    {QStringLiteral("close"), half ? QStringLiteral("13:00") : QStringLiteral("16:00")},
                                    {QStringLiteral("session_open"), QStringLiteral("0400")},
                                    {QStringLiteral("session_close"), half ? QStringLiteral("1700") : QStringLiteral("2000")},
                                    {QStringLiteral("settlement_date"), ExchangeCalendar::nextTradingDay(d).toString(Qt::ISODate)}});
            if (days.size() > 20000)
                break;
        }
        return {200, json(days)};
    }
    if (res == QLatin1String("assets") && verb == "GET") {
        const auto assetJson = [this](const QString &s) {
            const Asset a = m_assets.value(s);
            return QJsonObject{{QStringLiteral("id"), QStringLiteral("00000000-0000-4000-8000-%1").arg(qHash(s) % 1000000000000ULL, 12, 10, QLatin1Char('0'))},
                               {QStringLiteral("class"), QStringLiteral("us_equity")},
                               {QStringLiteral("exchange"), QStringLiteral("NYSE")},
                               {QStringLiteral("symbol"), s},
                               {QStringLiteral("name"), s + QStringLiteral(" Inc.")},
                               {QStringLiteral("status"), QStringLiteral("active")},
                               {QStringLiteral("tradable"), a.tradable},
                               {QStringLiteral("marginable"), true},
                               {QStringLiteral("shortable"), a.shortable},
                               {QStringLiteral("easy_to_borrow"), a.shortable},
                               {QStringLiteral("fractionable"), a.fractionable},
                               {QStringLiteral("attributes"), QJsonArray()}};
        };
        if (parts.size() == 3) {
            const QString s = QUrl::fromPercentEncoding(parts[2].toUtf8());
            if (!m_assets.contains(s))
                return {404, error(40410000, QStringLiteral("asset not found for %1").arg(s))};
            return {200, json(assetJson(s))};
        }
        QJsonArray all;
        QStringList symbols = m_assets.keys();
        symbols.sort();
        for (const QString &s : symbols)
            all.append(assetJson(s));
        return {200, json(all)};
    }
    if (res == QLatin1String("positions")) {
        if (parts.size() == 2 && verb == "GET")
            return {200, positionsJson()};
        if (parts.size() == 3 && verb == "GET") {
            if (!m_positions.contains(parts[2]))
                return {404, error(40410000, QStringLiteral("position does not exist"))};
            return {200, json(positionObject(parts[2]))};
        }
        if (parts.size() == 3 && verb == "DELETE")
            return closePosition(parts[2]);
        if (parts.size() == 2 && verb == "DELETE") {
            QJsonArray out;
            if (q.queryItemValue(QStringLiteral("cancel_orders")) == QLatin1String("true"))
                for (const QString &id : m_orderSeq)
                    if (!isTerminal(m_orders[id].status))
                        cancelInternal(m_orders[id], QStringLiteral("canceled"));
            for (const QString &s : m_positions.keys()) {
                const Reply r = closePosition(s);
                out.append(QJsonObject{{QStringLiteral("symbol"), s}, {QStringLiteral("status"), r.status},
                                       {QStringLiteral("body"), QJsonDocument::fromJson(r.body).object()}});
            }
            return {207, json(out)};
        }
    }
    if (res == QLatin1String("orders:by_client_order_id") && verb == "GET") {
        const auto o = orderByClientId(q.queryItemValue(QStringLiteral("client_order_id")));
        if (!o)
            return {404, error(40410000, QStringLiteral("order not found"))};
        return {200, orderJson(*o, q.queryItemValue(QStringLiteral("nested")) == QLatin1String("true"))};
    }
    if (res == QLatin1String("orders")) {
        if (parts.size() == 2 && verb == "POST")
            return submitOrder(body);
        if (parts.size() == 2 && verb == "GET")
            return listOrders(q);
        if (parts.size() == 2 && verb == "DELETE") {
            QJsonArray out;
            for (const QString &id : m_orderSeq) {
                if (isTerminal(m_orders[id].status) || !m_orders[id].parentId.isEmpty())
                    continue;
                cancelInternal(m_orders[id], QStringLiteral("canceled"));
                out.append(QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("status"), 200}});
            }
            return {207, json(out)};
        }
        if (parts.size() == 3) {
            if (!m_orders.contains(parts[2]))
                return {404, error(40410000, QStringLiteral("order not found"))};
            if (verb == "GET")
                return {200, orderJson(m_orders[parts[2]], q.queryItemValue(QStringLiteral("nested")) == QLatin1String("true"))};
            if (verb == "DELETE")
                return cancelOrder(parts[2]);
            if (verb == "PATCH")
                return replaceOrder(parts[2], body);
        }
    }
    return notFound();
}

QByteArray FakeAlpaca::accountJson() const
{
    Decimal longValue;
    Decimal shortValue;
    for (auto it = m_positions.cbegin(); it != m_positions.cend(); ++it) {
        const Decimal v = it->qty * m_prices.value(it.key());
        (v.isNegative() ? shortValue : longValue) += v;
    }
    const Decimal equity = m_cash + longValue + shortValue;
    const Decimal bp = std::max(Decimal(), m_cash - openBuyCost());
    return json(QJsonObject{{QStringLiteral("id"), QStringLiteral("0d7b6c4e-6a1f-4f5e-9b7c-2f1e8a3d5c90")},
                            {QStringLiteral("account_number"), QStringLiteral("PA3FAKE0001")},
                            {QStringLiteral("status"), QStringLiteral("ACTIVE")},
                            {QStringLiteral("currency"), QStringLiteral("USD")},
                            {QStringLiteral("cash"), dec(m_cash)},
                            {QStringLiteral("portfolio_value"), dec(equity)},
                            {QStringLiteral("equity"), dec(equity)},
                            {QStringLiteral("last_equity"), dec(m_lastEquity.isZero() ? equity : m_lastEquity)},
                            {QStringLiteral("buying_power"), dec(bp)},
                            {QStringLiteral("regt_buying_power"), dec(bp)},
                            {QStringLiteral("non_marginable_buying_power"), dec(bp)},
                            {QStringLiteral("multiplier"), QStringLiteral("1")},
                            {QStringLiteral("long_market_value"), dec(longValue)},
                            {QStringLiteral("short_market_value"), dec(shortValue)},
                            {QStringLiteral("trading_blocked"), false},
                            {QStringLiteral("transfers_blocked"), false},
                            {QStringLiteral("account_blocked"), false},
                            {QStringLiteral("trade_suspended_by_user"), false},
                            {QStringLiteral("shorting_enabled"), true},
                            {QStringLiteral("created_at"), timeOrNull(QDateTime(QDate(2025, 1, 2), QTime(14, 0), Qt::UTC))},
                            {QStringLiteral("balance_asof"), nyDate(m_now).toString(Qt::ISODate)},
                            {QStringLiteral("admin_configurations"), QJsonObject()},
                            {QStringLiteral("user_configurations"), QJsonValue::Null}});
}

QJsonObject FakeAlpaca::positionObject(const QString &symbol) const
{
    const Pos p = m_positions.value(symbol);
    const Decimal price = m_prices.value(symbol);
    const Decimal value = p.qty * price;
    const Decimal cost = p.qty * p.avg;
    return QJsonObject{{QStringLiteral("asset_id"), QStringLiteral("00000000-0000-4000-8000-000000000001")},
                       {QStringLiteral("symbol"), symbol},
                       {QStringLiteral("exchange"), QStringLiteral("NYSE")},
                       {QStringLiteral("asset_class"), QStringLiteral("us_equity")},
                       {QStringLiteral("asset_marginable"), true},
                       {QStringLiteral("qty"), dec(p.qty)},
                       {QStringLiteral("qty_available"), dec(p.qty - heldForSells(symbol))},
                       {QStringLiteral("side"), p.qty.isNegative() ? QStringLiteral("short") : QStringLiteral("long")},
                       {QStringLiteral("avg_entry_price"), dec(p.avg)},
                       {QStringLiteral("cost_basis"), dec(cost)},
                       {QStringLiteral("market_value"), dec(value)},
                       {QStringLiteral("current_price"), dec(price)},
                       {QStringLiteral("lastday_price"), dec(price)},
                       {QStringLiteral("unrealized_pl"), dec(value - cost)},
                       {QStringLiteral("unrealized_plpc"), QStringLiteral("0")},
                       {QStringLiteral("change_today"), QStringLiteral("0")}};
}

QByteArray FakeAlpaca::positionsJson() const
{
    QJsonArray a;
    for (auto it = m_positions.cbegin(); it != m_positions.cend(); ++it)
        a.append(positionObject(it.key()));
    return json(a);
}

Decimal FakeAlpaca::heldForSells(const QString &symbol) const
{
    Decimal held;
    for (const FakeOrder &o : m_orders) {
        if (o.symbol != symbol || o.side != QLatin1String("sell") || isTerminal(o.status))
            continue;
        // An OCO pair of legs holds the shares once: count the stop-loss leg only.
        if (!o.parentId.isEmpty() && o.type == QLatin1String("limit"))
            continue;
        if (!o.parentId.isEmpty() && m_orders.value(o.parentId).status != QLatin1String("filled"))
            continue; // legs hold nothing until the entry fills
        held += o.qty - o.filledQty;
    }
    return held;
}

Decimal FakeAlpaca::openBuyCost() const
{
    Decimal cost;
    for (const FakeOrder &o : m_orders) {
        if (o.side != QLatin1String("buy") || isTerminal(o.status))
            continue;
        const Decimal px = o.limitPrice.isPositive() ? o.limitPrice : m_prices.value(o.symbol) * Decimal::fromRaw(1'030'000'000);
        cost += o.notional.isPositive() ? o.notional : (o.qty - o.filledQty) * px;
    }
    return cost;
}

FakeAlpaca::Reply FakeAlpaca::submitOrder(const QByteArray &body)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    const auto invalid = [](const QString &m) { return Reply{422, error(40010001, m)}; };
    const auto semantic = [](const QString &m) { return Reply{422, error(42210000, m)}; };
    const QString symbol = o.value(QStringLiteral("symbol")).toString();
    const QString side = o.value(QStringLiteral("side")).toString();
    const QString type = o.value(QStringLiteral("type")).toString();
    const QString tif = o.value(QStringLiteral("time_in_force")).toString();
    if (o.isEmpty())
        return invalid(QStringLiteral("request body format is invalid"));
    if (symbol.isEmpty())
        return invalid(QStringLiteral("symbol is required"));
    if (side != QLatin1String("buy") && side != QLatin1String("sell"))
        return invalid(QStringLiteral("side is required"));
    static const QStringList types{QStringLiteral("market"), QStringLiteral("limit"), QStringLiteral("stop"), QStringLiteral("stop_limit"),
                                   QStringLiteral("trailing_stop")};
    if (!types.contains(type))
        return invalid(QStringLiteral("type is required"));
    static const QStringList tifs{QStringLiteral("day"), QStringLiteral("gtc"), QStringLiteral("opg"), QStringLiteral("cls"),
                                  QStringLiteral("ioc"), QStringLiteral("fok")};
    if (!tifs.contains(tif))
        return invalid(QStringLiteral("time_in_force is required"));
    const auto qty = decField(o, "qty");
    const auto notional = decField(o, "notional");
    if (qty.has_value() == notional.has_value())
        return invalid(QStringLiteral("qty or notional is required"));
    if ((qty && (!qty->isValid() || !qty->isPositive())) || (notional && (!notional->isValid() || !notional->isPositive())))
        return invalid(QStringLiteral("qty must be > 0"));
    QString clientId = o.value(QStringLiteral("client_order_id")).toString();
    if (clientId.size() > 128)
        return invalid(QStringLiteral("client_order_id must be no more than 128 characters"));
    if (!clientId.isEmpty() && m_usedClientIds.contains(clientId))
        return invalid(QStringLiteral("client_order_id must be unique"));
    if (!m_assets.contains(symbol) || !m_assets[symbol].tradable)
        return semantic(QStringLiteral("asset \"%1\" not found").arg(symbol));
    const Asset asset = m_assets[symbol];
    const QString cls = o.value(QStringLiteral("order_class")).toString();
    const bool fractional = notional.has_value() || !qty->isInteger();
    if (fractional) {
        if (!asset.fractionable)
            return {403, error(40310000, QStringLiteral("requested asset is not fractionable"))};
        if (tif != QLatin1String("day"))
            return semantic(QStringLiteral("fractional orders must be DAY orders"));
        if (!cls.isEmpty() && cls != QLatin1String("simple"))
            return semantic(QStringLiteral("fractional orders must be simple orders"));
        if (type == QLatin1String("trailing_stop") || (!m_relaxedFractional && type != QLatin1String("market")))
            return semantic(QStringLiteral("fractional orders must be market orders"));
    }
    const auto limit = decField(o, "limit_price");
    const auto stop = decField(o, "stop_price");
    const auto tick = [](const char *what, const std::optional<Decimal> &p) -> QString {
        if (!p)
            return {};
        if (!p->isValid() || !p->isPositive())
            return QStringLiteral("invalid %1").arg(QLatin1String(what));
        const int places = *p >= Decimal::fromInt(1) ? 2 : 4;
        if (p->rounded(places, RoundingMode::Down) != *p)
            return QStringLiteral("invalid %1 %2. sub-penny increment does not fulfill minimum pricing criteria")
                .arg(QLatin1String(what), p->toString());
        return {};
    };
    if ((type == QLatin1String("limit") || type == QLatin1String("stop_limit")) && !limit)
        return semantic(QStringLiteral("limit_price is required"));
    if ((type == QLatin1String("stop") || type == QLatin1String("stop_limit")) && !stop)
        return semantic(QStringLiteral("stop_price is required"));
    for (const auto &[what, p] : {std::pair{"limit_price", limit}, std::pair{"stop_price", stop}})
        if (const QString t = tick(what, p); !t.isEmpty())
            return semantic(t);
    const auto trailPrice = decField(o, "trail_price");
    const auto trailPercent = decField(o, "trail_percent");
    if (type == QLatin1String("trailing_stop")) {
        if (trailPrice.has_value() == trailPercent.has_value())
            return semantic(QStringLiteral("exactly one of trail_price or trail_percent is required"));
        if (tif != QLatin1String("day") && tif != QLatin1String("gtc"))
            return semantic(QStringLiteral("invalid time_in_force for trailing stop"));
    }
    const QJsonObject tp = o.value(QStringLiteral("take_profit")).toObject();
    const QJsonObject sl = o.value(QStringLiteral("stop_loss")).toObject();
    const auto tpLimit = decField(tp, "limit_price");
    const auto slStop = decField(sl, "stop_price");
    const auto slLimit = decField(sl, "limit_price");
    const Decimal base = limit ? *limit : m_prices.value(symbol);
    if (cls == QLatin1String("bracket") || cls == QLatin1String("oco") || cls == QLatin1String("oto")) {
        if (cls != QLatin1String("oto") && (!tpLimit || !slStop))
            return semantic(QStringLiteral("bracket orders must have take_profit.limit_price and stop_loss.stop_price"));
        if (cls == QLatin1String("oto") && tpLimit.has_value() == slStop.has_value())
            return semantic(QStringLiteral("oto orders must have either take_profit or stop_loss"));
        if (tif != QLatin1String("day") && tif != QLatin1String("gtc"))
            return semantic(QStringLiteral("invalid time_in_force for bracket order"));
        for (const auto &[what, p] : {std::pair{"take_profit.limit_price", tpLimit}, std::pair{"stop_loss.stop_price", slStop},
                                      std::pair{"stop_loss.limit_price", slLimit}})
            if (const QString t = tick(what, p); !t.isEmpty())
                return semantic(t);
        const bool buy = side == QLatin1String("buy");
        if (tpLimit && slStop && (buy ? *tpLimit <= *slStop : *tpLimit >= *slStop))
            return semantic(QStringLiteral("take_profit.limit_price must be %1 stop_loss.stop_price").arg(buy ? "above" : "below"));
        const Decimal cent = Decimal::fromRaw(Decimal::kOne / 100);
        if (slStop && (buy ? *slStop > base - cent : *slStop < base + cent))
            return semantic(QStringLiteral("stop_loss.stop_price must be at least 0.01 %1 base_price %2")
                                .arg(buy ? "below" : "above", base.toString()));
        if (o.value(QStringLiteral("extended_hours")).toBool())
            return semantic(QStringLiteral("extended hours not supported for bracket orders"));
    } else if (!cls.isEmpty() && cls != QLatin1String("simple")) {
        return invalid(QStringLiteral("invalid order_class"));
    }
    // Buying power and quantity.
    const Decimal px = limit ? *limit : m_prices.value(symbol) * Decimal::fromRaw(1'030'000'000);
    if (side == QLatin1String("buy")) {
        const Decimal cost = notional ? *notional : *qty * px;
        const Decimal bp = std::max(Decimal(), m_cash - openBuyCost());
        if (cost > bp)
            return {403, json(QJsonObject{{QStringLiteral("code"), 40310000}, {QStringLiteral("message"), QStringLiteral("insufficient buying power")},
                                          {QStringLiteral("buying_power"), bp.toString()}, {QStringLiteral("cost_basis"), cost.rounded(2).toString()}})};
    } else {
        const Decimal have = m_positions.value(symbol).qty;
        const Decimal available = have - heldForSells(symbol);
        const Decimal want = qty ? *qty : notional->dividedBy(std::max(Decimal::fromRaw(Decimal::kOne / 100), m_prices.value(symbol)), 9);
        if (have.isPositive() && want > available)
            return {403, json(QJsonObject{{QStringLiteral("code"), 40310000},
                                          {QStringLiteral("message"), QStringLiteral("insufficient qty available for order (requested: %1, available: %2)")
                                                                          .arg(want.toString(), available.toString())},
                                          {QStringLiteral("available"), available.toString()}, {QStringLiteral("existing_qty"), have.toString()},
                                          {QStringLiteral("held_for_orders"), heldForSells(symbol).toString()},
                                          {QStringLiteral("symbol"), symbol}})};
        if (!have.isPositive() && (!asset.shortable || fractional))
            return {403, error(40310000, QStringLiteral("asset %1 cannot be sold short").arg(symbol))};
    }
    if (m_dropUnexecuted > 0) {
        --m_dropUnexecuted;
        Reply r;
        r.closeConn = true;
        return r;
    }

    FakeOrder ord;
    ord.id = newUuid();
    ord.clientOrderId = clientId.isEmpty() ? newUuid() : clientId;
    ord.symbol = symbol;
    ord.side = side;
    ord.type = type;
    ord.tif = tif;
    ord.orderClass = cls == QLatin1String("simple") ? QString() : cls;
    if (qty)
        ord.qty = *qty;
    if (notional)
        ord.notional = *notional;
    if (limit)
        ord.limitPrice = *limit;
    if (stop)
        ord.stopPrice = *stop;
    if (trailPrice)
        ord.trailPrice = *trailPrice;
    if (trailPercent)
        ord.trailPercent = *trailPercent;
    ord.hwm = m_prices.value(symbol);
    ord.status = isOpen() ? QStringLiteral("new") : QStringLiteral("accepted");
    ord.createdAt = ord.updatedAt = ord.submittedAt = m_now.addMSecs(m_orderSeq.size() % 1000);
    m_usedClientIds.insert(ord.clientOrderId);
    m_acceptedPerClientId[ord.clientOrderId] += 1;
    m_orders.insert(ord.id, ord);
    m_orderSeq.append(ord.id);
    if (!ord.orderClass.isEmpty()) {
        const QString legSide = side == QLatin1String("buy") ? QStringLiteral("sell") : QStringLiteral("buy");
        const auto addLeg = [&](const QString &legType, Decimal legLimit, Decimal legStop) {
            FakeOrder leg = ord;
            leg.id = newUuid();
            leg.clientOrderId = newUuid();
            leg.side = legSide;
            leg.type = legType;
            leg.limitPrice = legLimit;
            leg.stopPrice = legStop;
            leg.status = QStringLiteral("held");
            leg.parentId = ord.id;
            leg.orderClass = ord.orderClass;
            m_usedClientIds.insert(leg.clientOrderId);
            m_orders.insert(leg.id, leg);
            m_orderSeq.append(leg.id);
            m_orders[ord.id].legIds.append(leg.id);
        };
        if (tpLimit)
            addLeg(QStringLiteral("limit"), *tpLimit, {});
        if (slStop)
            addLeg(slLimit ? QStringLiteral("stop_limit") : QStringLiteral("stop"), slLimit.value_or(Decimal()), *slStop);
    }
    const QByteArray answer = orderJson(m_orders[ord.id], true);
    emitUpdate(ord.status == QLatin1String("new") ? QStringLiteral("new") : QStringLiteral("accepted"), m_orders[ord.id]);
    const QString id = ord.id;
    // It fills right after the answer, as an exchange would.
    QTimer::singleShot(0, this, [this, id] { tryFill(id); });
    Reply r{200, answer};
    if (m_holdSubmits > 0) {
        --m_holdSubmits;
        r.noReply = true;
    } else if (m_dropSubmits > 0) {
        --m_dropSubmits;
        r.closeConn = true;
    }
    return r;
}

FakeAlpaca::Reply FakeAlpaca::cancelOrder(const QString &id)
{
    FakeOrder &o = m_orders[id];
    if (isTerminal(o.status))
        return {422, error(42210000, QStringLiteral("order is already in \"%1\" state").arg(o.status))};
    QTimer::singleShot(0, this, [this, id] {
        FakeOrder &x = m_orders[id];
        if (!isTerminal(x.status))
            cancelInternal(x, QStringLiteral("canceled"));
    });
    return {204, {}};
}

void FakeAlpaca::cancelInternal(FakeOrder &o, const QString &event)
{
    if (isTerminal(o.status))
        return;
    o.status = QStringLiteral("canceled");
    o.canceledAt = o.updatedAt = m_now;
    emitUpdate(event, o);
    // A bracket group goes together: cancelling one order cancels the rest.
    const QString root = o.parentId.isEmpty() ? o.id : o.parentId;
    if (m_orders.contains(root) && !isTerminal(m_orders[root].status) && m_orders[root].filledQty.isZero())
        cancelInternal(m_orders[root], event);
    for (const QString &leg : m_orders.value(root).legIds)
        if (m_orders.contains(leg) && !isTerminal(m_orders[leg].status))
            cancelInternal(m_orders[leg], event);
}

FakeAlpaca::Reply FakeAlpaca::replaceOrder(const QString &id, const QByteArray &body)
{
    FakeOrder &old = m_orders[id];
    if (isTerminal(old.status))
        return {422, error(42210000, QStringLiteral("order is already in \"%1\" state").arg(old.status))};
    if (old.status == QLatin1String("accepted") || old.status == QLatin1String("pending_new"))
        return {422, error(42210000, QStringLiteral("order is not replaceable in \"%1\" state").arg(old.status))};
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    FakeOrder n = old;
    n.id = newUuid();
    const QString clientId = o.value(QStringLiteral("client_order_id")).toString();
    if (!clientId.isEmpty() && m_usedClientIds.contains(clientId))
        return {422, error(40010001, QStringLiteral("client_order_id must be unique"))};
    n.clientOrderId = clientId.isEmpty() ? newUuid() : clientId;
    if (auto v = decField(o, "qty"))
        n.qty = *v;
    if (auto v = decField(o, "limit_price"))
        n.limitPrice = *v;
    if (auto v = decField(o, "stop_price")) {
        if (!v->isValid() || !v->isPositive() || v->rounded(*v >= Decimal::fromInt(1) ? 2 : 4, RoundingMode::Down) != *v)
            return {422, error(42210000, QStringLiteral("invalid stop_price %1. sub-penny increment does not fulfill minimum pricing criteria")
                                              .arg(o.value(QStringLiteral("stop_price")).toString()))};
        n.stopPrice = *v;
    }
    if (o.contains(QStringLiteral("time_in_force")))
        n.tif = o.value(QStringLiteral("time_in_force")).toString();
    n.replaces = old.id;
    n.replacedBy.clear();
    n.legIds.clear();
    n.createdAt = n.updatedAt = n.submittedAt = m_now;
    n.status = old.status == QLatin1String("held") ? QStringLiteral("held") : QStringLiteral("new"); // a bracket's stop leg stays held
    m_usedClientIds.insert(n.clientOrderId);
    m_acceptedPerClientId[n.clientOrderId] += 1;
    old.status = QStringLiteral("replaced");
    old.replacedBy = n.id;
    old.updatedAt = m_now;
    if (!old.parentId.isEmpty()) {
        QStringList &legs = m_orders[old.parentId].legIds;
        legs.replace(legs.indexOf(old.id), n.id);
    }
    m_orders.insert(n.id, n);
    m_orderSeq.append(n.id);
    emitUpdate(QStringLiteral("replaced"), m_orders[id]);
    emitUpdate(QStringLiteral("new"), m_orders[n.id]);
    const QString nid = n.id;
    QTimer::singleShot(0, this, [this, nid] { tryFill(nid); });
    return {200, orderJson(m_orders[n.id], true)};
}

FakeAlpaca::Reply FakeAlpaca::closePosition(const QString &symbol)
{
    if (!m_positions.contains(symbol))
        return {404, error(40410000, QStringLiteral("position does not exist"))};
    const Decimal qty = m_positions[symbol].qty;
    const Decimal available = qty - heldForSells(symbol);
    if (available < qty)
        return {403, error(40310000, QStringLiteral("insufficient qty available for order (requested: %1, available: %2)")
                                         .arg(qty.toString(), available.toString()))};
    FakeOrder ord;
    ord.id = newUuid();
    ord.clientOrderId = newUuid();
    ord.symbol = symbol;
    ord.side = qty.isPositive() ? QStringLiteral("sell") : QStringLiteral("buy");
    ord.type = QStringLiteral("market");
    ord.tif = QStringLiteral("day");
    ord.qty = qty.isNegative() ? -qty : qty;
    ord.status = isOpen() ? QStringLiteral("new") : QStringLiteral("accepted");
    ord.createdAt = ord.updatedAt = ord.submittedAt = m_now;
    m_usedClientIds.insert(ord.clientOrderId);
    m_orders.insert(ord.id, ord);
    m_orderSeq.append(ord.id);
    emitUpdate(QStringLiteral("new"), ord);
    const QString id = ord.id;
    QTimer::singleShot(0, this, [this, id] { tryFill(id); });
    return {200, orderJson(ord, false)};
}

void FakeAlpaca::closePositionBehindBack(const QString &symbol)
{
    // An external close: the trader's other app cancels the stops and sells.
    for (const QString &id : m_orderSeq) {
        FakeOrder &o = m_orders[id];
        if (o.symbol == symbol && o.side == QLatin1String("sell") && !isTerminal(o.status))
            cancelInternal(o, QStringLiteral("canceled"));
    }
    if (!m_positions.contains(symbol))
        return;
    const Decimal qty = m_positions[symbol].qty;
    FakeOrder ord;
    ord.id = newUuid();
    ord.clientOrderId = QStringLiteral("web-") + newUuid().left(8);
    ord.symbol = symbol;
    ord.side = QStringLiteral("sell");
    ord.type = QStringLiteral("market");
    ord.tif = QStringLiteral("day");
    ord.qty = qty;
    ord.status = QStringLiteral("new");
    ord.createdAt = ord.updatedAt = ord.submittedAt = m_now;
    m_usedClientIds.insert(ord.clientOrderId);
    m_orders.insert(ord.id, ord);
    m_orderSeq.append(ord.id);
    fill(m_orders[ord.id], qty, m_prices.value(symbol));
}

QString FakeAlpaca::placeExternalOrder(const QString &symbol, const QString &side, Decimal qty, Decimal limit)
{
    FakeOrder ord;
    ord.id = newUuid();
    ord.clientOrderId = QStringLiteral("web-") + newUuid().left(8);
    ord.symbol = symbol;
    ord.side = side;
    ord.type = QStringLiteral("limit");
    ord.tif = QStringLiteral("gtc");
    ord.qty = qty;
    ord.limitPrice = limit;
    ord.status = QStringLiteral("new");
    ord.createdAt = ord.updatedAt = ord.submittedAt = m_now;
    m_usedClientIds.insert(ord.clientOrderId);
    m_orders.insert(ord.id, ord);
    m_orderSeq.append(ord.id);
    emitUpdate(QStringLiteral("new"), ord);
    return ord.id;
}

void FakeAlpaca::evaluate(const QString &symbol)
{
    const QStringList ids = m_orderSeq;
    for (const QString &id : ids)
        if (m_orders[id].symbol == symbol && !isTerminal(m_orders[id].status))
            tryFill(id);
}

void FakeAlpaca::tryFill(const QString &orderId)
{
    if (!m_orders.contains(orderId))
        return;
    FakeOrder &o = m_orders[orderId];
    if (isTerminal(o.status) || !isOpen())
        return;
    if (!o.parentId.isEmpty() && m_orders.value(o.parentId).status != QLatin1String("filled"))
        return; // a leg waits for its entry
    const Decimal px = m_prices.value(o.symbol);
    if (!px.isPositive())
        return;
    const bool buy = o.side == QLatin1String("buy");
    bool go = false;
    if (o.type == QLatin1String("market"))
        go = true;
    else if (o.type == QLatin1String("limit"))
        go = buy ? px <= o.limitPrice : px >= o.limitPrice;
    else if (o.type == QLatin1String("stop"))
        go = buy ? px >= o.stopPrice : px <= o.stopPrice;
    else if (o.type == QLatin1String("stop_limit"))
        go = (buy ? px >= o.stopPrice : px <= o.stopPrice) && (buy ? px <= o.limitPrice : px >= o.limitPrice);
    else if (o.type == QLatin1String("trailing_stop")) {
        o.hwm = buy ? std::min(o.hwm, px) : std::max(o.hwm, px);
        const Decimal trail = o.trailPrice.isPositive() ? o.trailPrice : (o.hwm * o.trailPercent).dividedBy(Decimal::fromInt(100), 2);
        o.stopPrice = buy ? o.hwm + trail : o.hwm - trail;
        go = buy ? px >= o.stopPrice : px <= o.stopPrice;
    }
    if (!go)
        return;
    Decimal qty = o.notional.isPositive() ? o.notional.dividedBy(px, 9, RoundingMode::Down) : o.qty - o.filledQty;
    if (m_partial && o.filledQty.isZero() && o.notional.isZero()) {
        const Decimal half = qty.dividedBy(Decimal::fromInt(2), 0, RoundingMode::Down);
        if (half.isPositive() && half < qty) {
            fill(o, half, px);
            return;
        }
    }
    fill(o, qty, px);
}

void FakeAlpaca::fill(FakeOrder &o, Decimal qty, Decimal price)
{
    const bool buy = o.side == QLatin1String("buy");
    Pos &p = m_positions[o.symbol];
    const Decimal signedQty = buy ? qty : -qty;
    if (buy && !p.qty.isNegative())
        p.avg = (p.qty * p.avg + qty * price).dividedBy(p.qty + qty, 4);
    p.qty += signedQty;
    m_cash -= signedQty * price;
    const Decimal cumulative = o.filledQty + qty;
    o.filledAvg = (o.filledQty * o.filledAvg + qty * price).dividedBy(cumulative, 4);
    o.filledQty = cumulative;
    if (o.notional.isPositive())
        o.qty = o.filledQty;
    const bool done = o.notional.isPositive() || o.filledQty >= o.qty;
    o.status = done ? QStringLiteral("filled") : QStringLiteral("partially_filled");
    o.updatedAt = m_now;
    if (done)
        o.filledAt = m_now;
    const Decimal positionQty = p.qty;
    if (p.qty.isZero())
        m_positions.remove(o.symbol);
    emitUpdate(done ? QStringLiteral("fill") : QStringLiteral("partial_fill"), o,
               QJsonObject{{QStringLiteral("execution_id"), newUuid()}, {QStringLiteral("price"), price.toString()},
                           {QStringLiteral("qty"), qty.toString()}, {QStringLiteral("position_qty"), positionQty.toString()}});
    if (!done)
        return;
    const QString id = o.id;
    // The entry of a bracket filled: its legs become active (take-profit new, stop-loss held, as Alpaca shows them).
    for (const QString &leg : m_orders.value(id).legIds) {
        FakeOrder &l = m_orders[leg];
        if (l.status == QLatin1String("held") && l.type == QLatin1String("limit")) {
            l.status = QStringLiteral("new");
            emitUpdate(QStringLiteral("new"), l);
        }
    }
    // A leg filled: its sibling is cancelled.
    const QString parent = m_orders.value(id).parentId;
    if (!parent.isEmpty())
        for (const QString &leg : m_orders.value(parent).legIds)
            if (leg != id && !isTerminal(m_orders[leg].status))
                cancelInternal(m_orders[leg], QStringLiteral("canceled"));
}

void FakeAlpaca::emitUpdate(const QString &event, const FakeOrder &o, const QJsonObject &extra)
{
    if (m_streamMuted)
        return;
    QJsonObject data = extra;
    data.insert(QStringLiteral("event"), event);
    data.insert(QStringLiteral("timestamp"), timeOrNull(m_now));
    data.insert(QStringLiteral("order"), orderObject(o, false));
    const QByteArray frame = json(QJsonObject{{QStringLiteral("stream"), QStringLiteral("trade_updates")}, {QStringLiteral("data"), data}});
    for (const QPointer<QWebSocket> &ws : std::as_const(m_tradeSockets))
        if (ws)
            ws->sendBinaryMessage(frame); // binary frames, as on paper
}

QJsonObject FakeAlpaca::orderObject(const FakeOrder &o, bool nested) const
{
    QJsonObject j{{QStringLiteral("id"), o.id},
                  {QStringLiteral("client_order_id"), o.clientOrderId},
                  {QStringLiteral("created_at"), timeOrNull(o.createdAt)},
                  {QStringLiteral("updated_at"), timeOrNull(o.updatedAt)},
                  {QStringLiteral("submitted_at"), timeOrNull(o.submittedAt)},
                  {QStringLiteral("filled_at"), timeOrNull(o.filledAt)},
                  {QStringLiteral("expired_at"), QJsonValue::Null},
                  {QStringLiteral("canceled_at"), timeOrNull(o.canceledAt)},
                  {QStringLiteral("failed_at"), QJsonValue::Null},
                  {QStringLiteral("replaced_at"), o.replacedBy.isEmpty() ? QJsonValue(QJsonValue::Null) : timeOrNull(o.updatedAt)},
                  {QStringLiteral("replaced_by"), o.replacedBy.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(o.replacedBy)},
                  {QStringLiteral("replaces"), o.replaces.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(o.replaces)},
                  {QStringLiteral("asset_id"), QStringLiteral("00000000-0000-4000-8000-000000000001")},
                  {QStringLiteral("symbol"), o.symbol},
                  {QStringLiteral("asset_class"), QStringLiteral("us_equity")},
                  {QStringLiteral("notional"), decOrNull(o.notional)},
                  {QStringLiteral("qty"), o.notional.isPositive() && o.status != QLatin1String("filled") ? QJsonValue(QJsonValue::Null)
                                                                                                          : QJsonValue(o.qty.toString())},
                  {QStringLiteral("filled_qty"), dec(o.filledQty)},
                  {QStringLiteral("filled_avg_price"), decOrNull(o.filledAvg)},
                  {QStringLiteral("order_class"), o.orderClass},
                  {QStringLiteral("order_type"), o.type},
                  {QStringLiteral("type"), o.type},
                  {QStringLiteral("side"), o.side},
                  {QStringLiteral("time_in_force"), o.tif},
                  {QStringLiteral("limit_price"), decOrNull(o.limitPrice)},
                  {QStringLiteral("stop_price"), decOrNull(o.stopPrice)},
                  {QStringLiteral("status"), o.status},
                  {QStringLiteral("extended_hours"), false},
                  {QStringLiteral("trail_percent"), decOrNull(o.trailPercent)},
                  {QStringLiteral("trail_price"), decOrNull(o.trailPrice)},
                  {QStringLiteral("hwm"), o.type == QLatin1String("trailing_stop") ? QJsonValue(o.hwm.toString()) : QJsonValue(QJsonValue::Null)},
                  {QStringLiteral("subtag"), QJsonValue::Null},
                  {QStringLiteral("source"), QJsonValue::Null}};
    if (nested && !o.legIds.isEmpty()) {
        QJsonArray legs;
        for (const QString &l : o.legIds)
            legs.append(orderObject(m_orders.value(l), false));
        j.insert(QStringLiteral("legs"), legs);
    } else {
        j.insert(QStringLiteral("legs"), QJsonValue::Null);
    }
    return j;
}

QByteArray FakeAlpaca::orderJson(const FakeOrder &o, bool nested) const
{
    return json(orderObject(o, nested));
}

FakeAlpaca::Reply FakeAlpaca::listOrders(const QUrlQuery &q)
{
    const QString status = q.hasQueryItem(QStringLiteral("status")) ? q.queryItemValue(QStringLiteral("status")) : QStringLiteral("open");
    const int limit = q.hasQueryItem(QStringLiteral("limit")) ? q.queryItemValue(QStringLiteral("limit")).toInt() : 50;
    if (limit < 1 || limit > 500)
        return {422, error(40010001, QStringLiteral("limit must be between 1 and 500"))};
    if (status != QLatin1String("open") && status != QLatin1String("closed") && status != QLatin1String("all"))
        return {422, error(40010001, QStringLiteral("invalid status"))};
    const bool nested = q.queryItemValue(QStringLiteral("nested")) == QLatin1String("true");
    const bool asc = q.queryItemValue(QStringLiteral("direction")) == QLatin1String("asc");
    const QDateTime after = parseWhen(q.queryItemValue(QStringLiteral("after")), false);
    const QDateTime until = parseWhen(q.queryItemValue(QStringLiteral("until")), true);
    QStringList symbols = q.queryItemValue(QStringLiteral("symbols")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    QList<FakeOrder> rows;
    for (const QString &id : m_orderSeq) {
        const FakeOrder &o = m_orders[id];
        if (nested && !o.parentId.isEmpty())
            continue;
        const bool open = !isTerminal(o.status);
        if ((status == QLatin1String("open") && !open) || (status == QLatin1String("closed") && open))
            continue;
        if (after.isValid() && o.submittedAt <= after)
            continue;
        if (until.isValid() && o.submittedAt >= until)
            continue;
        if (!symbols.isEmpty() && !symbols.contains(o.symbol))
            continue;
        rows.append(o);
    }
    std::stable_sort(rows.begin(), rows.end(), [asc](const FakeOrder &a, const FakeOrder &b) {
        return asc ? a.submittedAt < b.submittedAt : a.submittedAt > b.submittedAt;
    });
    QJsonArray out;
    for (const FakeOrder &o : rows) {
        if (out.size() >= limit)
            break;
        out.append(orderObject(o, nested));
    }
    return {200, json(out)};
}

FakeAlpaca::Reply FakeAlpaca::routeData(const QString &path, const QUrlQuery &q)
{
    const QString feed = q.queryItemValue(QStringLiteral("feed"));
    const QStringList symbols = q.queryItemValue(QStringLiteral("symbols")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (path == QLatin1String("/v2/stocks/bars"))
        return bars(q);
    const bool latestTrades = path == QLatin1String("/v2/stocks/trades/latest");
    const bool latestQuotes = path == QLatin1String("/v2/stocks/quotes/latest");
    const bool snapshots = path == QLatin1String("/v2/stocks/snapshots");
    if (!latestTrades && !latestQuotes && !snapshots)
        return {404, dataError(QStringLiteral("not found"))};
    if (symbols.isEmpty())
        return {400, dataError(QStringLiteral("missing symbols"))};
    if (!feed.isEmpty() && feed != QLatin1String("iex") && feed != QLatin1String("sip") && feed != QLatin1String("delayed_sip"))
        return {400, dataError(QStringLiteral("invalid feed"))};
    if (feed == QLatin1String("sip"))
        return {403, dataError(QStringLiteral("subscription does not permit querying recent SIP data"))};
    QJsonObject map;
    for (const QString &s : symbols) {
        if (!m_prices.contains(s))
            continue;
        const double p = m_prices.value(s).toDouble();
        const QJsonObject trade{{QStringLiteral("t"), timeOrNull(m_now)}, {QStringLiteral("x"), QStringLiteral("V")},
                                {QStringLiteral("p"), p}, {QStringLiteral("s"), 100}, {QStringLiteral("c"), QJsonArray{QStringLiteral("@")}},
                                {QStringLiteral("i"), 52983525029461LL}, {QStringLiteral("z"), QStringLiteral("C")}};
        const QJsonObject quote{{QStringLiteral("t"), timeOrNull(m_now)}, {QStringLiteral("bx"), QStringLiteral("V")},
                                {QStringLiteral("bp"), p - 0.01}, {QStringLiteral("bs"), 100}, {QStringLiteral("ax"), QStringLiteral("V")},
                                {QStringLiteral("ap"), p + 0.01}, {QStringLiteral("as"), 100}, {QStringLiteral("c"), QJsonArray{QStringLiteral("R")}},
                                {QStringLiteral("z"), QStringLiteral("C")}};
        if (snapshots)
            map.insert(s, QJsonObject{{QStringLiteral("latestTrade"), trade}, {QStringLiteral("latestQuote"), quote},
                                      {QStringLiteral("minuteBar"), QJsonValue::Null}, {QStringLiteral("dailyBar"), QJsonValue::Null},
                                      {QStringLiteral("prevDailyBar"), QJsonValue::Null}});
        else
            map.insert(s, latestTrades ? trade : quote);
    }
    if (snapshots)
        return {200, json(map)};
    return {200, json(QJsonObject{{latestTrades ? QStringLiteral("trades") : QStringLiteral("quotes"), map}})};
}

FakeAlpaca::Reply FakeAlpaca::bars(const QUrlQuery &q)
{
    QStringList symbols = q.queryItemValue(QStringLiteral("symbols")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (symbols.isEmpty())
        return {400, dataError(QStringLiteral("missing symbols"))};
    const QString tf = q.queryItemValue(QStringLiteral("timeframe"));
    if (tf.isEmpty())
        return {400, dataError(QStringLiteral("missing timeframe"))};
    static const QRegularExpression tfRe(QStringLiteral("^([1-9]|[1-5][0-9])(Min|T)$|^([1-9]|1[0-9]|2[0-3])(Hour|H)$|^1(Day|D|Week|W)$|^(1|2|3|4|6|12)(Month|M)$"));
    if (!tfRe.match(tf).hasMatch())
        return {400, dataError(QStringLiteral("invalid timeframe"))};
    const QString feed = q.queryItemValue(QStringLiteral("feed"));
    if (feed.isEmpty() || feed == QLatin1String("sip"))
        return {403, dataError(QStringLiteral("subscription does not permit querying recent SIP data"))};
    if (feed != QLatin1String("iex"))
        return {400, dataError(QStringLiteral("invalid feed"))};
    const int limit = q.hasQueryItem(QStringLiteral("limit")) ? q.queryItemValue(QStringLiteral("limit")).toInt() : 1000;
    if (limit < 1 || limit > 10000)
        return {400, dataError(QStringLiteral("invalid limit: must be between 1 and 10000"))};
    QDateTime start = parseWhen(q.queryItemValue(QStringLiteral("start")), false);
    QDateTime end = parseWhen(q.queryItemValue(QStringLiteral("end")), true);
    if (!q.queryItemValue(QStringLiteral("start")).isEmpty() && !start.isValid())
        return {400, dataError(QStringLiteral("invalid start"))};
    if (!start.isValid())
        start = ExchangeCalendar::toUtc(nyDate(m_now), QTime(0, 0));
    if (!end.isValid())
        end = m_now;
    symbols.sort();
    symbols.removeDuplicates();
    // Resume after the token's symbol and bar time.
    QString afterSymbol;
    QDateTime afterTime;
    if (q.hasQueryItem(QStringLiteral("page_token"))) {
        const QList<QByteArray> t = QByteArray::fromBase64(q.queryItemValue(QStringLiteral("page_token")).toLatin1()).split('|');
        if (t.size() != 3)
            return {400, dataError(QStringLiteral("invalid page_token"))};
        afterSymbol = QString::fromLatin1(t[0]);
        afterTime = QDateTime::fromString(QString::fromLatin1(t[2]).left(19), QStringLiteral("yyyy-MM-ddTHH:mm:ss"));
        afterTime.setTimeSpec(Qt::UTC);
    }
    const bool daily = tf.endsWith(QLatin1String("Day")) || tf == QLatin1String("1D");
    QJsonObject out;
    int count = 0;
    QString lastSymbol;
    QDateTime lastTime;
    bool more = false;
    for (const QString &s : symbols) {
        if (!afterSymbol.isEmpty() && s < afterSymbol)
            continue;
        QJsonArray arr;
        if (daily) {
            const auto &series = m_bars.value(s);
            for (auto it = series.cbegin(); it != series.cend(); ++it) {
                const QDateTime t = ExchangeCalendar::toUtc(it.key(), QTime(0, 0)); // New York midnight
                if (t < start || t > end)
                    continue;
                if (s == afterSymbol && t <= afterTime)
                    continue;
                // Only sessions that have closed by the fake's clock.
                if (ExchangeCalendar::toUtc(it.key(), ExchangeCalendar::closeTime(it.key())) > m_now)
                    continue;
                if (count >= limit) {
                    more = true;
                    break;
                }
                const QList<Decimal> &v = it.value();
                const double c = v[3].toDouble();
                arr.append(QJsonObject{{QStringLiteral("t"), t.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ssZ"))},
                                       {QStringLiteral("o"), v[0].toDouble()}, {QStringLiteral("h"), v[1].toDouble()},
                                       {QStringLiteral("l"), v[2].toDouble()}, {QStringLiteral("c"), c},
                                       {QStringLiteral("v"), m_volumes.value(s).value(it.key())}, {QStringLiteral("n"), 1200},
                                       {QStringLiteral("vw"), c}});
                ++count;
                lastSymbol = s;
                lastTime = t;
            }
        }
        if (!arr.isEmpty())
            out.insert(s, arr);
        if (more)
            break;
    }
    QJsonObject page{{QStringLiteral("bars"), out}};
    if (more)
        page.insert(QStringLiteral("next_page_token"),
                    QString::fromLatin1((lastSymbol + QStringLiteral("|D|") + lastTime.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.000000000Z")))
                                            .toLatin1()
                                            .toBase64()));
    else
        page.insert(QStringLiteral("next_page_token"), QJsonValue::Null);
    return {200, json(page)};
}

void FakeAlpaca::seedPosition(const QString &symbol, Decimal qty)
{
    Pos &p = m_positions[symbol];
    p.qty = qty;
    p.avg = m_prices.value(symbol);
    m_cash -= qty * p.avg;
}

AlpacaEndpoints FakeAlpaca::endpoints() const
{
    AlpacaEndpoints e;
    e.trading = QUrl(tradingUrl());
    e.data = QUrl(dataUrl());
    e.dataStream = QUrl(dataStreamUrl());
    e.keyId = m_keyId;
    e.secret = m_secret;
    return e;
}

void FakeAlpaca::addCrossingHistory(const QString &symbol, const QDate &last)
{
    QList<double> closes;
    for (int i = 0; i < 80; ++i)
        closes << 100.0 - i * 0.4;
    const auto mean = [&](int n) {
        double sum = 0;
        for (qsizetype k = closes.size() - n; k < closes.size(); ++k)
            sum += closes[k];
        return sum / n;
    };
    double p = closes.last();
    while (true) {
        const bool below = mean(10) <= mean(30);
        p += 1.5;
        closes << p;
        if (below && mean(10) > mean(30))
            break;
    }
    QList<QDate> days;
    for (QDate d = last; days.size() < closes.size(); d = d.addDays(-1))
        if (ExchangeCalendar::isTradingDay(d))
            days.prepend(d);
    for (qsizetype i = 0; i < closes.size(); ++i) {
        const Decimal c = Decimal::fromDouble(closes[i], 2).value();
        addBar(symbol, days[i], c, c + Decimal::fromRaw(Decimal::kOne / 2), c - Decimal::fromRaw(Decimal::kOne / 2), c, 1'000'000);
    }
}
