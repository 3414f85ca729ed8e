// SPDX-License-Identifier: GPL-3.0-or-later
// The local Alpaca as a program: for benchmarks and for trying `sentinel-cli run`
// by hand. Prints the three URLs and the keys, then serves until killed.
//   sentinel-fake-alpaca [--symbols N] [--sessions N] [--page-limit-note]
#include "fakealpaca.h"

#include "data/exchangecalendar.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    p.addOption({QStringLiteral("symbols"), QStringLiteral("How many generated symbols (S000, S001, …), or a comma list."), QStringLiteral("N"),
                 QStringLiteral("20")});
    p.addOption({QStringLiteral("sessions"), QStringLiteral("Daily bars per symbol."), QStringLiteral("N"), QStringLiteral("300")});
    p.addOption({QStringLiteral("now"), QStringLiteral("The fake's clock (UTC, ISO 8601)."), QStringLiteral("TIME"),
                 QStringLiteral("2026-11-30T15:00:00Z")});
    p.addOption({QStringLiteral("rate-limit"), QStringLiteral("Requests per minute before 429."), QStringLiteral("N"), QStringLiteral("200")});
    p.addOption({QStringLiteral("external-order"), QStringLiteral("Place an open limit buy that Sentinel did not place."), QStringLiteral("SYMBOL")});
    p.addOption({QStringLiteral("crossing"), QStringLiteral("A symbol whose history ends in an sma_cross 10/30 buy."), QStringLiteral("SYMBOL")});
    p.addOption({QStringLiteral("position"), QStringLiteral("Start with a position Sentinel did not open."), QStringLiteral("SYMBOL:QTY")});
    p.process(app);
    QStringList symbols;
    bool isCount = false;
    const int n = p.value(QStringLiteral("symbols")).toInt(&isCount);
    if (isCount)
        for (int i = 0; i < n; ++i)
            symbols << QStringLiteral("S%1").arg(i, 3, 10, QLatin1Char('0'));
    else
        symbols = p.value(QStringLiteral("symbols")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    FakeAlpaca fake;
    const QDateTime now = QDateTime::fromString(p.value(QStringLiteral("now")), Qt::ISODate).toUTC();
    QDate first = now.date();
    for (int i = 0, sessions = p.value(QStringLiteral("sessions")).toInt(); i < sessions; ++i)
        first = ExchangeCalendar::previousTradingDay(first);
    fake.generateHistory(symbols, first, now.date().addDays(-1));
    fake.setNow(now);
    fake.setRateLimit(p.value(QStringLiteral("rate-limit")).toInt());
    if (p.isSet(QStringLiteral("crossing")))
        fake.addCrossingHistory(p.value(QStringLiteral("crossing")), ExchangeCalendar::previousTradingDay(now.date()));
    if (p.isSet(QStringLiteral("position"))) {
        const QStringList parts = p.value(QStringLiteral("position")).split(QLatin1Char(':'));
        fake.seedPosition(parts.value(0), Decimal::parse(parts.value(1)).value_or(Decimal::fromInt(1)));
    }
    if (p.isSet(QStringLiteral("external-order"))) {
        const QString s = p.value(QStringLiteral("external-order"));
        fake.placeExternalOrder(s, QStringLiteral("buy"), Decimal::fromInt(5), (fake.price(s) * Decimal::fromRaw(900'000'000)).rounded(2));
    }
    if (!fake.start()) {
        QTextStream(stderr) << "could not listen on 127.0.0.1\n";
        return 1;
    }
    QTextStream out(stdout);
    out << "APCA_API_BASE_URL=" << fake.tradingUrl() << "\nAPCA_API_DATA_URL=" << fake.dataUrl()
        << "\nAPCA_API_DATA_STREAM_URL=" << fake.dataStreamUrl() << "\nAPCA_API_KEY_ID=" << fake.keyId()
        << "\nAPCA_API_SECRET_KEY=" << fake.secret() << "\n";
    out.flush();
    return app.exec();
}
