// SPDX-License-Identifier: GPL-3.0-or-later
#include "backtestcommand.h"

#include "backtest/sweep.h"

#include "util/peakmemory.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QSaveFile>
#include <QTextStream>

#include <nlohmann/json.hpp>

#include <cmath>
#include <thread>

namespace {

int fail(const QString &message)
{
    QTextStream(stderr) << "sentinel-cli sweep: " << message << Qt::endl;
    return 2;
}

nlohmann::json jsonNumber(double v)
{
    return std::isfinite(v) ? nlohmann::json(std::round(v * 1e6) / 1e6) : nlohmann::json(nullptr);
}

nlohmann::json metricsJson(const BacktestMetrics &m, Decimal equity)
{
    return {{"trades", m.trades},
            {"final_equity", equity.toString(2).toStdString()},
            {"total_return", jsonNumber(m.totalReturn)},
            {"cagr", jsonNumber(m.cagr)},
            {"sharpe", jsonNumber(m.sharpe)},
            {"sortino", jsonNumber(m.sortino)},
            {"max_drawdown", jsonNumber(m.maxDrawdown)},
            {"win_rate", jsonNumber(m.winRate)},
            {"profit_factor", jsonNumber(m.profitFactor)},
            {"exposure", jsonNumber(m.exposure)}};
}

} // namespace

int runSweepCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Backtests every combination of a parameter grid, on worker threads."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("sweep"), QStringLiteral("the command"));
    const BacktestCli common;
    common.addTo(parser);
    const QCommandLineOption grid(QStringLiteral("grid"),
                                  QStringLiteral("A swept parameter: name=from:to:step or name=a,b,c (repeatable). Names: %1.")
                                      .arg(SweepAxis::names().join(QStringLiteral(", "))),
                                  QStringLiteral("SPEC"));
    const QCommandLineOption jobs(QStringLiteral("jobs"), QStringLiteral("Worker threads (default: the machine's cores)."), QStringLiteral("N"));
    const QCommandLineOption rank(QStringLiteral("rank"), QStringLiteral("Rank by %1 (default sharpe).").arg(sweepRankNames().join(QLatin1Char('|'))),
                                  QStringLiteral("METRIC"), QStringLiteral("sharpe"));
    const QCommandLineOption walkForward(QStringLiteral("walk-forward"),
                                         QStringLiteral("Keep the last fraction F of the sessions out of sample (e.g. 0.3): each "
                                                        "combination runs on both windows and is ranked in sample."),
                                         QStringLiteral("F"));
    const QCommandLineOption oosFrom(QStringLiteral("oos-from"), QStringLiteral("Walk-forward split by date: sessions from DATE on are out of sample."),
                                     QStringLiteral("DATE"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Write one CSV row per combination here (required)."), QStringLiteral("FILE"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    parser.addOptions({grid, jobs, rank, walkForward, oosFrom, out, json});
    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    if (!parser.isSet(common.data))
        return fail(QStringLiteral("--data DIR is required"));
    if (!parser.isSet(out))
        return fail(QStringLiteral("--out FILE is required"));
    const Result<BacktestOptions> base = common.read(parser);
    if (!base)
        return fail(base.error());

    SweepSpec spec;
    spec.base = base.value();
    for (const QString &g : parser.values(grid)) {
        const Result<SweepAxis> axis = SweepAxis::parse(g);
        if (!axis)
            return fail(axis.error());
        spec.axes.append(axis.value());
    }
    const auto r = sweepRankFromName(parser.value(rank));
    if (!r)
        return fail(QStringLiteral("--rank must be one of %1, got '%2'").arg(sweepRankNames().join(QStringLiteral(", ")), parser.value(rank).left(40)));
    spec.rank = *r;
    spec.jobs = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
    if (parser.isSet(jobs)) {
        bool ok = false;
        spec.jobs = parser.value(jobs).toInt(&ok);
        if (!ok)
            spec.jobs = 0;
    }
    if (const Status valid = Sweep::validate(spec); !valid)
        return fail(valid.error());
    if (parser.isSet(walkForward) && parser.isSet(oosFrom))
        return fail(QStringLiteral("use either --walk-forward F or --oos-from DATE"));

    const Result<BacktestCli::Loaded> bars = common.load(parser);
    if (!bars)
        return fail(bars.error());
    const BarTable &table = bars->table;
    const double loadS = bars->seconds;

    if (parser.isSet(walkForward)) {
        bool ok = false;
        const double f = parser.value(walkForward).toDouble(&ok);
        if (!ok || !(f > 0.0 && f < 1.0))
            return fail(QStringLiteral("--walk-forward must be a fraction between 0 and 1, got '%1'").arg(parser.value(walkForward).left(40)));
        spec.outOfSampleFrom = Sweep::splitDay(table, f);
        if (!spec.outOfSampleFrom)
            return fail(QStringLiteral("--walk-forward needs at least two sessions of data"));
    } else if (parser.isSet(oosFrom)) {
        const QDate d = QDate::fromString(parser.value(oosFrom), Qt::ISODate);
        if (!d.isValid())
            return fail(QStringLiteral("--oos-from must be a date YYYY-MM-DD, got '%1'").arg(parser.value(oosFrom).left(40)));
        spec.outOfSampleFrom = BarTable::dayNumber(d);
    }

    const SweepResult result = Sweep(spec).run(table);
    QSaveFile file(parser.value(out));
    if (!file.open(QIODevice::WriteOnly) || file.write(result.toCsv(spec.axes)) < 0 || !file.commit())
        return fail(QStringLiteral("%1: cannot write: %2").arg(parser.value(out), file.errorString()));

    const QList<SweepRow> ranked = result.ranked();
    int skipped = 0;
    for (const SweepRow &row : result.rows)
        skipped += row.skipped.isEmpty() ? 0 : 1;
    const auto paramsText = [&](const SweepRow &row) {
        QStringList parts;
        for (qsizetype a = 0; a < spec.axes.size(); ++a)
            parts << QStringLiteral("%1=%2").arg(spec.axes[a].name, row.values.value(a).toString());
        return parts.join(QLatin1Char(' '));
    };
    if (parser.isSet(json)) {
        nlohmann::json j;
        j["combinations"] = result.combinations;
        j["skipped"] = skipped;
        j["backtests"] = result.run;
        j["jobs"] = result.jobs;
        j["symbols"] = table.series().size();
        j["bars"] = table.barCount();
        j["load_s"] = jsonNumber(loadS);
        j["sweep_s"] = jsonNumber(result.seconds);
        j["rank"] = sweepRankName(spec.rank).toStdString();
        j["in_sample"] = {result.inSampleFrom.toString(Qt::ISODate).toStdString(), result.inSampleTo.toString(Qt::ISODate).toStdString()};
        if (spec.outOfSampleFrom)
            j["out_of_sample"] = {result.outOfSampleFrom.toString(Qt::ISODate).toStdString(), result.outOfSampleTo.toString(Qt::ISODate).toStdString()};
        nlohmann::json top = nlohmann::json::array();
        for (const SweepRow &row : ranked) {
            if (row.rank == 0 || row.rank > 5)
                break;
            nlohmann::json e{{"rank", row.rank}, {"params", paramsText(row).toStdString()}, {"in_sample", metricsJson(row.inSample, row.inSampleEquity)}};
            if (row.outOfSample)
                e["out_of_sample"] = metricsJson(*row.outOfSample, row.outOfSampleEquity);
            top.push_back(e);
        }
        j["top"] = top;
        j["out"] = parser.value(out).toStdString();
        j["peak_rss_kb"] = peakResidentKb();
        QTextStream(stdout) << QString::fromStdString(j.dump()) << Qt::endl;
    } else {
        QTextStream o(stdout);
        o << result.combinations << " combinations (" << skipped << " skipped), " << result.run << " backtests on " << result.jobs << " threads in "
          << QString::number(result.seconds, 'f', 2) << " s (bars loaded in " << QString::number(loadS, 'f', 2) << " s)\n";
        if (spec.outOfSampleFrom)
            o << "in sample " << result.inSampleFrom.toString(Qt::ISODate) << " to " << result.inSampleTo.toString(Qt::ISODate) << ", out of sample "
              << result.outOfSampleFrom.toString(Qt::ISODate) << " to " << result.outOfSampleTo.toString(Qt::ISODate) << '\n';
        o << "best by " << sweepRankName(spec.rank) << (spec.outOfSampleFrom ? " in sample" : "") << ":\n";
        for (const SweepRow &row : ranked) {
            if (row.rank == 0 || row.rank > 5)
                break;
            o << "  " << row.rank << ". " << paramsText(row) << ": " << sweepRankName(spec.rank) << ' '
              << QString::number(sweepRankValue(row.inSample, spec.rank) * (spec.rank == SweepRank::MaxDrawdown ? -1 : 1), 'f', 3);
            if (row.outOfSample)
                o << " in sample, " << QString::number(sweepRankValue(*row.outOfSample, spec.rank) * (spec.rank == SweepRank::MaxDrawdown ? -1 : 1), 'f', 3)
                  << " out of sample";
            o << ", " << row.inSample.trades << " trades\n";
        }
        o << "rows written to " << parser.value(out) << '\n';
    }
    return result.cancelled ? 1 : 0;
}
