// SPDX-License-Identifier: GPL-3.0-or-later
// One pipeline iteration for 500 symbols × 252 daily bars through the local
// Alpaca (sentinel-fake-alpaca, a separate process): from opening the engine
// to the first iteration recorded. Side by side in the same run, the same bar
// pages fetched by a bare HTTP client that only downloads them, so the fake's
// own time to serve is measured and taken out. Prints one JSON line per run
// and the medians: bar pages (goal: ⌈bars ÷ page limit⌉), wall time, fetch-only
// time, and wall minus fetch-only (goal: under 2 s).
//   bench_alpacarun [--runs N] [--symbols N] [--sessions N]
#include "data/exchangecalendar.h"
#include "domain/metatypes.h"
#include "pipeline/tradingengine.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>
#include <cmath>

namespace {

bool waitFor(const std::function<bool()> &done, int ms)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < ms) {
        QEventLoop loop;
        QTimer::singleShot(2, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return done();
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

/// Downloads every page of the same bars request, parsing only the page token.
int fetchOnly(const QMap<QString, QString> &env, const QStringList &symbols, const QDate &from, const QDate &to, qint64 &bytes)
{
    QNetworkAccessManager nam;
    QString token;
    int pages = 0;
    bytes = 0;
    do {
        QUrl url(env.value(QStringLiteral("APCA_API_DATA_URL")) + QStringLiteral("/v2/stocks/bars"));
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("symbols"), symbols.join(QLatin1Char(',')));
        q.addQueryItem(QStringLiteral("timeframe"), QStringLiteral("1Day"));
        q.addQueryItem(QStringLiteral("start"), from.toString(Qt::ISODate));
        q.addQueryItem(QStringLiteral("end"), to.toString(Qt::ISODate));
        q.addQueryItem(QStringLiteral("limit"), QStringLiteral("10000"));
        q.addQueryItem(QStringLiteral("adjustment"), QStringLiteral("raw"));
        q.addQueryItem(QStringLiteral("feed"), QStringLiteral("iex"));
        q.addQueryItem(QStringLiteral("sort"), QStringLiteral("asc"));
        if (!token.isEmpty())
            q.addQueryItem(QStringLiteral("page_token"), token);
        url.setQuery(q);
        QNetworkRequest req(url);
        req.setRawHeader("APCA-API-KEY-ID", env.value(QStringLiteral("APCA_API_KEY_ID")).toUtf8());
        req.setRawHeader("APCA-API-SECRET-KEY", env.value(QStringLiteral("APCA_API_SECRET_KEY")).toUtf8());
        QNetworkReply *r = nam.get(req);
        waitFor([r] { return r->isFinished(); }, 60000);
        const QByteArray body = r->readAll();
        r->deleteLater();
        bytes += body.size();
        ++pages;
        const qsizetype at = body.lastIndexOf("\"next_page_token\":");
        token.clear();
        if (at >= 0) {
            const QByteArray rest = body.mid(at + 18).trimmed();
            if (rest.startsWith('"'))
                token = QString::fromLatin1(rest.mid(1, rest.indexOf('"', 1) - 1));
        }
    } while (!token.isEmpty() && pages < 1000);
    return pages;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    registerSentinelMetaTypes();
    const QStringList args = app.arguments();
    const auto arg = [&](const char *name, int fallback) {
        const qsizetype i = args.indexOf(QLatin1String(name));
        return i >= 0 && i + 1 < args.size() ? args.at(i + 1).toInt() : fallback;
    };
    const int runs = arg("--runs", 5);
    const int symbolCount = arg("--symbols", 500);
    const int sessions = arg("--sessions", 252);
    QTextStream out(stdout);

    const QString fakePath = QCoreApplication::applicationDirPath() + QStringLiteral("/sentinel-fake-alpaca");
    QProcess fake;
    fake.start(fakePath, {QStringLiteral("--symbols"), QString::number(symbolCount), QStringLiteral("--sessions"), QString::number(sessions + 5),
                          QStringLiteral("--rate-limit"), QStringLiteral("100000")});
    if (!fake.waitForReadyRead(20000)) {
        QTextStream(stderr) << "the local Alpaca did not start: " << fakePath << Qt::endl;
        return 1;
    }
    QMap<QString, QString> env;
    while (env.size() < 5 && fake.waitForReadyRead(5000))
        ;
    for (const QByteArray &line : fake.readAllStandardOutput().split('\n'))
        if (const qsizetype eq = line.indexOf('='); eq > 0)
            env.insert(QString::fromLatin1(line.left(eq)), QString::fromLatin1(line.mid(eq + 1)));
    QStringList symbols;
    for (int i = 0; i < symbolCount; ++i)
        symbols << QStringLiteral("S%1").arg(i, 3, 10, QLatin1Char('0'));

    std::vector<double> walls, fetches, own, iterations;
    int pagesSeen = 0;
    qint64 bytes = 0;
    for (int run = 0; run < runs; ++run) {
        QTemporaryDir dir;
        EngineOptions o;
        o.dbPath = dir.filePath(QStringLiteral("bench.db"));
        o.connectionName = QStringLiteral("bench");
        o.venue = EngineOptions::VenueKind::Alpaca;
        o.alpaca.trading = QUrl(env.value(QStringLiteral("APCA_API_BASE_URL")));
        o.alpaca.data = QUrl(env.value(QStringLiteral("APCA_API_DATA_URL")));
        o.alpaca.dataStream = QUrl(env.value(QStringLiteral("APCA_API_DATA_STREAM_URL")));
        o.alpaca.keyId = env.value(QStringLiteral("APCA_API_KEY_ID"));
        o.alpaca.secret = env.value(QStringLiteral("APCA_API_SECRET_KEY"));
        o.universe = symbols;
        o.market.historySessions = sessions;
        o.alpacaCloseDelayS = 0;
        o.alpacaMarketStream = false;
        QElapsedTimer wall;
        wall.start();
        TradingEngine engine(o);
        if (Status s = engine.open(); !s) {
            QTextStream(stderr) << s.error() << Qt::endl;
            return 1;
        }
        if (!waitFor([&] { return !engine.iterationMs().empty() || !engine.failure().isEmpty(); }, 120000)) {
            QTextStream(stderr) << "no iteration within 120 s" << Qt::endl;
            return 1;
        }
        const double wallMs = static_cast<double>(wall.nsecsElapsed()) / 1e6;
        const int pages = engine.venue().client->counts().value(QStringLiteral("bars_pages"));
        const QDate last = engine.clock().lastCompletedSession;
        QDate first = last;
        for (int i = 1; i < sessions; ++i)
            first = ExchangeCalendar::previousTradingDay(first);
        QElapsedTimer f;
        f.start();
        const int fetchPages = fetchOnly(env, symbols, first, last, bytes);
        const double fetchMs = static_cast<double>(f.nsecsElapsed()) / 1e6;
        pagesSeen = pages;
        walls.push_back(wallMs);
        fetches.push_back(fetchMs);
        own.push_back(wallMs - fetchMs);
        iterations.push_back(engine.iterationMs().front());
        const long long bars = static_cast<long long>(symbolCount) * sessions;
        out << QJsonDocument(QJsonObject{{QStringLiteral("run"), run + 1},
                                         {QStringLiteral("symbols"), symbolCount},
                                         {QStringLiteral("bars"), bars},
                                         {QStringLiteral("bar_pages"), pages},
                                         {QStringLiteral("expected_pages"), static_cast<int>((bars + 9999) / 10000)},
                                         {QStringLiteral("fetch_only_pages"), fetchPages},
                                         {QStringLiteral("requests_total"),
                                          [&] {
                                              int n = 0;
                                              for (int v : engine.venue().client->counts())
                                                  n += v;
                                              return n;
                                          }()},
                                         {QStringLiteral("wall_ms"), std::round(wallMs)},
                                         {QStringLiteral("fetch_only_ms"), std::round(fetchMs)},
                                         {QStringLiteral("sentinel_ms"), std::round(wallMs - fetchMs)},
                                         {QStringLiteral("iteration_ms"), std::round(engine.iterationMs().front())},
                                         {QStringLiteral("bytes"), bytes}})
                   .toJson(QJsonDocument::Compact)
            << Qt::endl;
        engine.finish(QStringLiteral("ok"));
    }
    out << "median over " << runs << " runs: bar pages " << pagesSeen << ", wall " << std::round(median(walls)) << " ms, fetch-only "
        << std::round(median(fetches)) << " ms, Sentinel's own (wall - fetch-only) " << std::round(median(own)) << " ms, iteration "
        << std::round(median(iterations)) << " ms" << Qt::endl;
    fake.kill();
    fake.waitForFinished();
    return 0;
}
