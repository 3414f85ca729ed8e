// SPDX-License-Identifier: GPL-3.0-or-later
#include "reviewcommand.h"

#include "persistence/database.h"
#include "review/review.h"
#include "review/reviewreport.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QTextStream>

#include <nlohmann/json.hpp>

int runReviewCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Reviews a record's trades offline, read-only."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("review"), QStringLiteral("the command"));
    const QCommandLineOption db(QStringLiteral("db"), QStringLiteral("The record: a SQLite file or a postgresql:// URL."), QStringLiteral("PATH"));
    const QCommandLineOption from(QStringLiteral("from"), QStringLiteral("Trades opened on or after this date."), QStringLiteral("YYYY-MM-DD"));
    const QCommandLineOption to(QStringLiteral("to"), QStringLiteral("Trades opened on or before this date."), QStringLiteral("YYYY-MM-DD"));
    const QCommandLineOption symbol(QStringLiteral("symbol"), QStringLiteral("One symbol."), QStringLiteral("S"));
    const QCommandLineOption strategy(QStringLiteral("strategy"), QStringLiteral("One strategy."), QStringLiteral("NAME"));
    const QCommandLineOption outcome(QStringLiteral("outcome"), QStringLiteral("win, loss, flat or open."), QStringLiteral("O"));
    const QCommandLineOption approval(QStringLiteral("approval"), QStringLiteral("trader or automatic."), QStringLiteral("A"));
    const QCommandLineOption tradesOut(QStringLiteral("trades-out"), QStringLiteral("Write the trades as CSV."), QStringLiteral("FILE"));
    const QCommandLineOption reportPdf(QStringLiteral("report-pdf"), QStringLiteral("Write a printable report (PDF)."), QStringLiteral("FILE"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    parser.addOptions({db, from, to, symbol, strategy, outcome, approval, tradesOut, reportPdf, json});
    const auto usage = [](const QString &why) {
        QTextStream(stderr) << "sentinel-cli review: " << why << Qt::endl;
        return 2;
    };
    if (!parser.parse(arguments))
        return usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    if (!parser.isSet(db))
        return usage(QStringLiteral("--db PATH is required"));
    TradeFilter f;
    for (const auto &[option, date] : {std::pair{&from, &f.from}, std::pair{&to, &f.to}}) {
        if (!parser.isSet(*option))
            continue;
        *date = QDate::fromString(parser.value(*option), Qt::ISODate);
        if (!date->isValid())
            return usage(QStringLiteral("--%1 needs a date as YYYY-MM-DD, not '%2'").arg(option->names().first(), parser.value(*option)));
    }
    f.symbol = parser.value(symbol).toUpper();
    f.strategy = parser.value(strategy);
    f.outcome = parser.value(outcome);
    f.approval = parser.value(approval);
    if (!f.outcome.isEmpty() && !QStringList{QStringLiteral("win"), QStringLiteral("loss"), QStringLiteral("flat"), QStringLiteral("open")}.contains(f.outcome))
        return usage(QStringLiteral("--outcome is win, loss, flat or open"));
    if (!f.approval.isEmpty() && f.approval != QLatin1String("trader") && f.approval != QLatin1String("automatic"))
        return usage(QStringLiteral("--approval is trader or automatic"));

    QElapsedTimer t;
    t.start();
    Result<Review> review = Review::open(Database::resolveLocation(parser.value(db)));
    if (!review) {
        QTextStream(stderr) << "sentinel-cli review: " << review.error() << Qt::endl;
        return 1;
    }
    const qint64 openMs = t.elapsed();
    const ReviewSummary s = review.value().summary(f);
    qint64 written = -1;
    if (parser.isSet(tradesOut)) {
        const Result<qint64> r = review.value().exportCsv(f, parser.value(tradesOut));
        if (!r) {
            QTextStream(stderr) << "sentinel-cli review: " << r.error() << Qt::endl;
            return 1;
        }
        written = r.value();
    }
    if (parser.isSet(reportPdf))
        if (Status r = writeReviewReport(review.value(), f, parser.value(reportPdf)); !r) {
            QTextStream(stderr) << "sentinel-cli review: " << r.error() << Qt::endl;
            return 1;
        }
    if (parser.isSet(json)) {
        nlohmann::json out;
        out["trades"] = s.trades;
        out["closed"] = s.closed;
        out["wins"] = s.wins;
        out["pnl"] = s.pnl.isValid() ? s.pnl.toString().toStdString() : "0";
        out["max_drawdown"] = s.maxDrawdown;
        out["open_ms"] = openMs;
        out["total_ms"] = t.elapsed();
        if (written >= 0)
            out["rows_written"] = written;
        nlohmann::json strategies = nlohmann::json::array();
        for (const ReviewSummary::Strategy &st : s.strategies)
            strategies.push_back({{"strategy", st.name.toStdString()}, {"trades", st.trades}, {"wins", st.wins}, {"pnl", st.pnl}});
        out["strategies"] = strategies;
        QTextStream(stdout) << QString::fromStdString(out.dump()) << Qt::endl;
        return 0;
    }
    QTextStream o(stdout);
    o << QStringLiteral("%1 trades (%2 closed, %3 won), realised P&L %4, largest drawdown %5\n")
             .arg(s.trades)
             .arg(s.closed)
             .arg(s.wins)
             .arg(s.pnl.isValid() ? s.pnl.toString(2) : QStringLiteral("0"))
             .arg(s.maxDrawdown, 0, 'f', 2);
    for (const ReviewSummary::Strategy &st : s.strategies)
        o << QStringLiteral("  %1: %2 trades, %3 won, P&L %4\n").arg(st.name).arg(st.trades).arg(st.wins).arg(st.pnl, 0, 'f', 2);
    if (written >= 0)
        o << QStringLiteral("wrote %1 trades to %2\n").arg(written).arg(parser.value(tradesOut));
    if (parser.isSet(reportPdf))
        o << QStringLiteral("wrote the report to %1\n").arg(parser.value(reportPdf));
    return 0;
}
