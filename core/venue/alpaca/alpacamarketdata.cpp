// SPDX-License-Identifier: GPL-3.0-or-later
#include "alpacamarketdata.h"

#include "data/exchangecalendar.h"
#include "util/logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

AlpacaMarketData::AlpacaMarketData(AlpacaClient &client, QStringList symbols, Options options, QObject *parent)
    : MarketData(parent)
    , m_client(client)
    , m_symbols(std::move(symbols))
    , m_options(std::move(options))
{
    m_clockTimer.setInterval(m_options.clockPollMs);
    connect(&m_clockTimer, &QTimer::timeout, this, [this] { readClock(); });
    m_quoteTimer.setInterval(m_options.quotePollMs);
    connect(&m_quoteTimer, &QTimer::timeout, this, &AlpacaMarketData::fetchLatest);
    m_flushTimer.setInterval(m_options.quoteFlushMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &AlpacaMarketData::flushQuotes);
    m_reconnect.setSingleShot(true);
    connect(&m_reconnect, &QTimer::timeout, this, &AlpacaMarketData::openStream);
    connect(&m_ws, &QWebSocket::textMessageReceived, this, &AlpacaMarketData::onStreamFrame);
    connect(&m_ws, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &b) { onStreamFrame(QString::fromUtf8(b)); });
    connect(&m_ws, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, [this](QAbstractSocket::SocketError) {
        qCWarning(lcData).noquote() << QStringLiteral("market-data stream %1: %2").arg(m_ws.requestUrl().toString(), m_ws.errorString());
        if (m_ws.state() == QAbstractSocket::UnconnectedState)
            Q_EMIT m_ws.disconnected();
    });
    connect(&m_ws, &QWebSocket::disconnected, this, [this] {
        const bool wasUp = m_streamUp;
        m_streamUp = false;
        if (!m_options.stream || m_reconnect.isActive())
            return;
        if (wasUp)
            qCWarning(lcData) << "market-data stream lost:" << m_ws.closeReason();
        const int base = std::min(30'000, 500 << std::min(m_attempt, 6));
        ++m_attempt;
        m_reconnect.start(base / 2 + static_cast<int>(QRandomGenerator::global()->bounded(base / 2 + 1)));
    });
}

AlpacaMarketData::~AlpacaMarketData()
{
    m_options.stream = false;
    m_ws.disconnect(this);
    m_ws.abort();
}

void AlpacaMarketData::fail(const QString &what, const QString &why)
{
    qCWarning(lcData).noquote() << QStringLiteral("Alpaca market data: %1: %2").arg(what, why);
    Q_EMIT requestFailed(what, why);
}

QDateTime AlpacaMarketData::now() const
{
    return QDateTime::currentDateTimeUtc().addMSecs(m_skewMs);
}

QDateTime AlpacaMarketData::closeOf(const QDate &session) const
{
    for (const alpaca::CalendarDay &d : m_calendar)
        if (d.date == session)
            return ExchangeCalendar::toUtc(d.date, d.close);
    return ExchangeCalendar::toUtc(session, ExchangeCalendar::closeTime(session));
}

QDate AlpacaMarketData::lastCompletedAt(const QDateTime &utc) const
{
    QDate last;
    for (const alpaca::CalendarDay &d : m_calendar) {
        if (ExchangeCalendar::toUtc(d.date, d.close) <= utc)
            last = d.date;
        else
            break;
    }
    return last;
}

void AlpacaMarketData::whenReady(std::function<void()> f)
{
    if (m_ready)
        f();
    else
        m_waiting.push_back(std::move(f));
}

void AlpacaMarketData::start()
{
    m_readyParts = 3;
    const auto partDone = [this] {
        if (--m_readyParts > 0)
            return;
        m_ready = true;
        qCInfo(lcData).noquote() << QStringLiteral("Alpaca market data ready: %1 symbols, %2 calendar days, clock %3 (%4)")
                                        .arg(m_symbols.size())
                                        .arg(m_calendar.size())
                                        .arg(m_clock.now.toString(Qt::ISODate), m_clock.open ? QStringLiteral("open") : QStringLiteral("closed"));
        Q_EMIT connectionChanged(true, QStringLiteral("Alpaca market data"));
        while (!m_waiting.empty()) {
            auto f = std::move(m_waiting.front());
            m_waiting.pop_front();
            f();
        }
        m_clockTimer.start();
        m_quoteTimer.start();
        m_flushTimer.start();
        fetchLatest();
        if (m_options.stream)
            openStream();
    };
    readClock(partDone);
    readCalendar(partDone);
    readAssets(partDone);
}

void AlpacaMarketData::readCalendar(std::function<void()> partDone)
{
    // The calendar: enough past sessions for the history, and the weeks ahead.
    AlpacaClient::Request cal;
    cal.path = QStringLiteral("/v2/calendar");
    const QDate today = QDate::currentDate();
    cal.query.addQueryItem(QStringLiteral("start"), today.addDays(-900).toString(Qt::ISODate));
    cal.query.addQueryItem(QStringLiteral("end"), today.addDays(45).toString(Qt::ISODate));
    cal.kind = QStringLiteral("calendar");
    m_client.send(cal, [this, partDone](const AlpacaClient::Reply &r) {
        const auto days = r.ok() ? alpaca::parseCalendar(r.body) : Result<QList<alpaca::CalendarDay>>::failure(r.describe());
        if (!days) {
            fail(QStringLiteral("calendar"), days.error());
            Q_EMIT connectionChanged(false, QStringLiteral("the calendar could not be read: %1").arg(days.error()));
            QTimer::singleShot(2000, this, [this, partDone] { readCalendar(partDone); });
            return;
        }
        m_calendar = days.value();
        std::sort(m_calendar.begin(), m_calendar.end(), [](const auto &a, const auto &b) { return a.date < b.date; });
        partDone();
    });
}

void AlpacaMarketData::readAssets(std::function<void()> partDone)
{
    AlpacaClient::Request assets;
    assets.path = QStringLiteral("/v2/assets");
    assets.query.addQueryItem(QStringLiteral("status"), QStringLiteral("active"));
    assets.query.addQueryItem(QStringLiteral("asset_class"), QStringLiteral("us_equity"));
    assets.kind = QStringLiteral("assets");
    m_client.send(assets, [this, partDone](const AlpacaClient::Reply &r) {
        const auto list = r.ok() ? alpaca::parseAssets(r.body) : Result<QList<alpaca::AssetInfo>>::failure(r.describe());
        if (!list) {
            // Not fatal: orders are still checked by the broker.
            fail(QStringLiteral("assets"), list.error());
        } else {
            const QSet<QString> wanted(m_symbols.cbegin(), m_symbols.cend());
            for (const alpaca::AssetInfo &a : list.value())
                if (wanted.contains(a.symbol))
                    m_assets.insert(a.symbol, a.facts);
            for (const QString &s : m_symbols)
                if (!m_assets.contains(s))
                    qCWarning(lcData).noquote() << QStringLiteral("%1 is not an active Alpaca asset; it will not trade").arg(s);
        }
        partDone();
    });
}

void AlpacaMarketData::readClock(std::function<void()> then)
{
    AlpacaClient::Request req;
    req.path = QStringLiteral("/v2/clock");
    req.kind = QStringLiteral("clock");
    m_client.send(req, [this, then](const AlpacaClient::Reply &r) {
        const auto c = r.ok() ? alpaca::parseClock(r.body) : Result<alpaca::Clock>::failure(r.describe());
        if (!c) {
            fail(QStringLiteral("clock"), c.error());
            if (then) // the first read must succeed: try again
                QTimer::singleShot(2000, this, [this, then] { readClock(then); });
            return;
        }
        m_skewMs = QDateTime::currentDateTimeUtc().msecsTo(c->timestamp);
        m_clock.now = c->timestamp.toUTC();
        m_clock.open = c->isOpen;
        if (!m_calendar.isEmpty())
            m_clock.lastCompletedSession = lastCompletedAt(m_clock.now);
        const QDate today = alpaca::newYorkDate(m_clock.now);
        m_clock.session = c->isOpen ? today : alpaca::newYorkDate(c->nextOpen.isValid() ? c->nextOpen : m_clock.now);
        if (then)
            then();
        else
            publishClosedSessions();
    });
}

void AlpacaMarketData::advance()
{
    if (m_ready)
        readClock();
}

void AlpacaMarketData::resume(const QDateTime &)
{
    // A live market follows the broker's clock.
}

void AlpacaMarketData::requestBars(const QStringList &symbols, const QDate &after, int maxSessions)
{
    whenReady([this, symbols, after, maxSessions] {
        const QDate last = lastCompletedAt(now());
        m_clock.lastCompletedSession = last;
        QList<QDate> sessions;
        for (const alpaca::CalendarDay &d : m_calendar)
            if (d.date <= last)
                sessions.append(d.date);
        if (sessions.isEmpty()) {
            m_historyDone = true;
            return;
        }
        QDate from;
        if (after.isValid()) {
            const auto it = std::upper_bound(sessions.cbegin(), sessions.cend(), after);
            from = it == sessions.cend() ? QDate() : *it;
        } else {
            from = sessions.at(std::max<qsizetype>(0, sessions.size() - std::max(1, maxSessions)));
        }
        if (!from.isValid()) {
            m_published = last;
            m_historyDone = true;
            return; // nothing new since the record's last session
        }
        auto job = std::make_shared<BarsJob>();
        job->symbols = symbols;
        job->from = from;
        job->to = last;
        job->done = [this, last](const QList<Bar> &bars) {
            QList<Bar> history;
            QList<Bar> closing;
            for (const Bar &b : bars)
                (b.session == last ? closing : history).append(b);
            if (!history.isEmpty())
                Q_EMIT barsReceived(history);
            m_published = last;
            m_historyDone = true;
            if (!closing.isEmpty()) {
                VenueClock c = m_clock;
                c.lastCompletedSession = last;
                Q_EMIT sessionClosed(last, closing, c);
            }
            publishClosedSessions();
        };
        fetchBars(job);
    });
}

void AlpacaMarketData::fetchBars(std::shared_ptr<BarsJob> job)
{
    AlpacaClient::Request req;
    req.host = AlpacaClient::Host::Data;
    req.path = QStringLiteral("/v2/stocks/bars");
    req.query.addQueryItem(QStringLiteral("symbols"), job->symbols.join(QLatin1Char(',')));
    req.query.addQueryItem(QStringLiteral("timeframe"), m_options.timeframe);
    req.query.addQueryItem(QStringLiteral("start"), job->from.toString(Qt::ISODate));
    req.query.addQueryItem(QStringLiteral("end"), job->to.toString(Qt::ISODate));
    req.query.addQueryItem(QStringLiteral("limit"), QString::number(m_options.pageLimit));
    req.query.addQueryItem(QStringLiteral("adjustment"), QStringLiteral("raw"));
    req.query.addQueryItem(QStringLiteral("feed"), m_client.endpoints().feed);
    req.query.addQueryItem(QStringLiteral("sort"), QStringLiteral("asc"));
    if (!job->pageToken.isEmpty())
        req.query.addQueryItem(QStringLiteral("page_token"), job->pageToken);
    req.kind = QStringLiteral("bars_pages");
    m_client.send(req, [this, job](const AlpacaClient::Reply &r) {
        ++m_pages;
        const auto page = r.ok() ? alpaca::parseBarsPage(r.body) : Result<alpaca::BarsPage>::failure(r.describe());
        if (!page) {
            fail(QStringLiteral("bars %1..%2").arg(job->from.toString(Qt::ISODate), job->to.toString(Qt::ISODate)), page.error());
            // Try the same page again later; nothing fetched so far is lost.
            QTimer::singleShot(5000, this, [this, job] { fetchBars(job); });
            return;
        }
        job->bars.append(page->bars);
        if (!page->nextPageToken.isEmpty()) {
            job->pageToken = page->nextPageToken;
            fetchBars(job);
            return;
        }
        job->done(job->bars);
    });
}

void AlpacaMarketData::publishClosedSessions()
{
    if (!m_historyDone || m_fetching.isValid())
        return;
    const QDate due = lastCompletedAt(now().addSecs(-m_options.closeDelayS));
    if (!due.isValid() || (m_published.isValid() && due <= m_published))
        return;
    QDate next;
    for (const alpaca::CalendarDay &d : m_calendar)
        if (!m_published.isValid() || d.date > m_published) {
            next = d.date;
            break;
        }
    if (!next.isValid() || next > due)
        return;
    m_fetching = next;
    auto job = std::make_shared<BarsJob>();
    job->symbols = m_symbols;
    job->from = next;
    job->to = next;
    job->done = [this, next](const QList<Bar> &bars) {
        m_fetching = QDate();
        m_published = next;
        VenueClock c = m_clock;
        c.now = std::max(m_clock.now, closeOf(next));
        c.lastCompletedSession = next;
        m_clock.lastCompletedSession = next;
        if (bars.isEmpty())
            qCWarning(lcData).noquote() << QStringLiteral("no bars for the session %1").arg(next.toString(Qt::ISODate));
        Q_EMIT sessionClosed(next, bars, c);
        publishClosedSessions();
    };
    fetchBars(job);
}

void AlpacaMarketData::fetchLatest()
{
    // Symbols the stream does not carry (all of them while it is down), 200 per request.
    QStringList wanted;
    for (const QString &s : m_symbols)
        if (!m_streamUp || !m_streamed.contains(s))
            wanted.append(s);
    for (qsizetype i = 0; i < wanted.size(); i += 200) {
        AlpacaClient::Request req;
        req.host = AlpacaClient::Host::Data;
        req.path = QStringLiteral("/v2/stocks/trades/latest");
        req.query.addQueryItem(QStringLiteral("symbols"), wanted.mid(i, 200).join(QLatin1Char(',')));
        req.query.addQueryItem(QStringLiteral("feed"), m_client.endpoints().feed);
        req.kind = QStringLiteral("latest_trades");
        m_client.send(req, [this](const AlpacaClient::Reply &r) {
            const auto quotes = r.ok() ? alpaca::parseLatestTrades(r.body) : Result<QList<Quote>>::failure(r.describe());
            if (!quotes) {
                fail(QStringLiteral("latest trades"), quotes.error());
                return;
            }
            for (const Quote &q : quotes.value())
                if (q.price.isPositive())
                    m_unpublished.insert(q.symbol, q);
            flushQuotes();
        });
    }
}

void AlpacaMarketData::flushQuotes()
{
    if (m_unpublished.isEmpty())
        return;
    const QList<Quote> changed = m_unpublished.values();
    m_unpublished.clear();
    for (const Quote &q : changed)
        m_quotes.insert(q.symbol, q);
    VenueClock c = m_clock;
    c.now = now();
    const QDate today = alpaca::newYorkDate(c.now);
    c.open = false;
    for (const alpaca::CalendarDay &d : m_calendar)
        if (d.date == today)
            c.open = c.now >= ExchangeCalendar::toUtc(d.date, d.open) && c.now < ExchangeCalendar::toUtc(d.date, d.close);
    Q_EMIT quotesUpdated(changed, c);
}

void AlpacaMarketData::openStream()
{
    if (!m_options.stream)
        return;
    m_ws.open(m_client.endpoints().marketStream());
}

void AlpacaMarketData::onStreamFrame(const QString &frame)
{
    const auto messages = alpaca::parseMarketFrame(frame.toUtf8());
    if (!messages) {
        qCWarning(lcData).noquote() << "market-data stream: a frame did not read:" << messages.error();
        return;
    }
    for (const alpaca::MarketMessage &m : messages.value()) {
        if (m.type == QLatin1String("success") && m.text == QLatin1String("connected")) {
            const QJsonObject auth{{QStringLiteral("action"), QStringLiteral("auth")},
                                   {QStringLiteral("key"), m_client.endpoints().keyId},
                                   {QStringLiteral("secret"), m_client.endpoints().secret}};
            m_ws.sendTextMessage(QString::fromUtf8(QJsonDocument(auth).toJson(QJsonDocument::Compact)));
        } else if (m.type == QLatin1String("success") && m.text == QLatin1String("authenticated")) {
            m_streamed = m_symbols.mid(0, m_options.streamSymbols);
            QJsonArray trades;
            for (const QString &s : m_streamed)
                trades.append(s);
            m_ws.sendTextMessage(QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("action"), QStringLiteral("subscribe")},
                                                                             {QStringLiteral("trades"), trades}})
                                                       .toJson(QJsonDocument::Compact)));
        } else if (m.type == QLatin1String("subscription")) {
            m_streamUp = true;
            m_attempt = 0;
        } else if (m.type == QLatin1String("error")) {
            qCWarning(lcData).noquote() << QStringLiteral("market-data stream error %1: %2").arg(m.code).arg(m.text);
            if (m.code == 402 || m.code == 409 || m.code == 411) {
                m_options.stream = false; // keys or plan: polling carries the prices
                m_ws.close();
            }
        } else if (m.type == QLatin1String("t") && m.price.isPositive()) {
            m_unpublished.insert(m.symbol, Quote{m.symbol, m.price, m.time});
        }
    }
}
