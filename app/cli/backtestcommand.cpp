// SPDX-License-Identifier: GPL-3.0-or-later
#include "backtestcommand.h"

#include "modeloptions.h"

#include "backtest/backtester.h"
#include "strategy/strategyregistry.h"

#include "util/peakmemory.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QSaveFile>
#include <QTextStream>

#include <nlohmann/json.hpp>

#include <cmath>

namespace {

int fail(const QString &message)
{
    QTextStream(stderr) << "sentinel-cli backtest: " << message << Qt::endl;
    return 2;
}

std::optional<Decimal> positive(const QString &text, bool allowZero = false)
{
    const auto d = Decimal::parse(text);
    if (!d || d->isNegative() || (!allowZero && d->isZero()))
        return std::nullopt;
    return d;
}

nlohmann::json jsonNumber(double v)
{
    return std::isfinite(v) ? nlohmann::json(std::round(v * 1e6) / 1e6) : nlohmann::json(nullptr);
}

} // namespace

BacktestCli::BacktestCli()
    : barCache(QStringLiteral("bar-cache"), QStringLiteral("on (default): keep parsed bars in a binary cache keyed by each file's size, time and hash; off: parse every time."),
               QStringLiteral("on|off"), QStringLiteral("on"))
    , data(QStringLiteral("data"), QStringLiteral("Folder of CSV files; the file name is the symbol."), QStringLiteral("DIR"))
    , strategy(QStringLiteral("strategy"), QStringLiteral("sma_cross or one of the coded strategies (required)."), QStringLiteral("NAME"))
    , param(QStringLiteral("param"), QStringLiteral("Strategy parameter, e.g. fast=10 (repeatable)."), QStringLiteral("k=v"))
    , qty(QStringLiteral("qty"), QStringLiteral("Shares per entry."), QStringLiteral("N"))
    , sizing(QStringLiteral("sizing"), QStringLiteral("'risk': size each entry by risk per trade."), QStringLiteral("risk"))
    , cash(QStringLiteral("cash"), QStringLiteral("Starting cash (100000)."), QStringLiteral("X"), QStringLiteral("100000"))
    , stopLoss(QStringLiteral("stop-loss-pct"), QStringLiteral("Protective stop below the entry, %."), QStringLiteral("P"))
    , takeProfit(QStringLiteral("take-profit-pct"), QStringLiteral("Take profit above the entry, %."), QStringLiteral("P"))
    , trailing(QStringLiteral("trailing-pct"), QStringLiteral("Trailing stop below the highest high since entry, %."), QStringLiteral("P"))
    , breakeven(QStringLiteral("breakeven-pct"), QStringLiteral("Move the stop to the entry once the high is this % above it."), QStringLiteral("P"))
    , atrStop(QStringLiteral("atr-stop"), QStringLiteral("Stop this many ATR14 below the entry."), QStringLiteral("K"))
    , maxBars(QStringLiteral("max-bars"), QStringLiteral("Time exit after this many bars held."), QStringLiteral("N"))
    , risk(QStringLiteral("risk"), QStringLiteral("on: the risk engine decides every entry (default); off: orders as sized."), QStringLiteral("on|off"), QStringLiteral("on"))
    , approve(QStringLiteral("approve"), QStringLiteral("all (default) or reducing: which orders the simulated operator approves."), QStringLiteral("all|reducing"), QStringLiteral("all"))
    , config(QStringLiteral("config"), QStringLiteral("Risk parameters JSON (the risk-check keys)."), QStringLiteral("R.json"))
    , perShare(QStringLiteral("commission-per-share"), QStringLiteral("Commission per share, $ (0)."), QStringLiteral("X"))
    , pct(QStringLiteral("commission-pct"), QStringLiteral("Commission, % of notional (0)."), QStringLiteral("P"))
    , bps(QStringLiteral("slippage-bps"), QStringLiteral("Slippage against the trader, basis points (0)."), QStringLiteral("B"))
{
}

void BacktestCli::addTo(QCommandLineParser &parser) const
{
    parser.addOptions({barCache, data, strategy, param, qty, sizing, cash, stopLoss, takeProfit, trailing, breakeven, atrStop, maxBars, risk, approve, config, perShare, pct, bps});
}

Result<BacktestCli::Loaded> BacktestCli::load(const QCommandLineParser &parser) const
{
    const QString cache = parser.value(barCache);
    if (cache != QLatin1String("on") && cache != QLatin1String("off"))
        return Result<Loaded>::failure(QStringLiteral("--bar-cache must be on or off"));
    QElapsedTimer t;
    t.start();
    Loaded out;
    out.table.setLatestDay(BarTable::dayNumber(QDate::currentDate())); // no bar from the future of the run's clock
    const bool loaded = out.table.loadDirectory(parser.value(data), cache == QLatin1String("on") ? BarTable::defaultCacheDir() : QString());
    out.seconds = t.nsecsElapsed() / 1e9;
    QTextStream err(stderr);
    for (const BarTable::RowError &e : out.table.errors())
        err << e.file << ':' << e.line << ": " << e.reason << '\n';
    if (!out.table.cacheUse().problem.isEmpty())
        err << "bar cache: " << out.table.cacheUse().problem << '\n';
    err.flush();
    if (!loaded || out.table.series().empty())
        return Result<Loaded>::failure(QStringLiteral("no usable bars in %1").arg(parser.value(data)));
    return out;
}

Result<BacktestOptions> BacktestCli::read(const QCommandLineParser &parser) const
{
    BacktestOptions o;
    if (!parser.isSet(strategy))
        return Result<BacktestOptions>::failure(QStringLiteral("--strategy NAME is required (sma_cross or one of: %1)").arg(StrategyRegistry().names().join(QStringLiteral(", "))));
    o.strategy = parser.value(strategy);
    if (o.strategy != QLatin1String("sma_cross") && !StrategyRegistry().find(o.strategy))
        return Result<BacktestOptions>::failure(QStringLiteral("unknown strategy '%1' (choose sma_cross or one of: %2)").arg(o.strategy, StrategyRegistry().names().join(QStringLiteral(", "))));
    for (const QString &kv : parser.values(param)) {
        const qsizetype eq = kv.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return Result<BacktestOptions>::failure(QStringLiteral("--param expects k=v, got '%1'").arg(kv));
        const QString key = kv.left(eq), value = kv.mid(eq + 1);
        bool ok = false;
        const int n = value.toInt(&ok);
        if (o.strategy != QLatin1String("sma_cross") || (key != QLatin1String("fast") && key != QLatin1String("slow")))
            return Result<BacktestOptions>::failure(QStringLiteral("unknown parameter '%1' for %2").arg(key, o.strategy));
        if (!ok || n < 1 || n > 10000)
            return Result<BacktestOptions>::failure(QStringLiteral("--param %1 must be a whole number from 1 to 10000").arg(key));
        o.params.insert(key, value);
    }
    if (o.params.value(QStringLiteral("fast"), QStringLiteral("10")).toInt() >= o.params.value(QStringLiteral("slow"), QStringLiteral("30")).toInt())
        return Result<BacktestOptions>::failure(QStringLiteral("fast must be shorter than slow"));
    if (parser.isSet(qty) && parser.isSet(sizing))
        return Result<BacktestOptions>::failure(QStringLiteral("use either --qty or --sizing risk"));
    if (parser.isSet(qty)) {
        const auto q = positive(parser.value(qty));
        if (!q)
            return Result<BacktestOptions>::failure(QStringLiteral("--qty must be a positive number of shares, got %1").arg(parser.value(qty).left(80)));
        o.qty = *q;
    }
    if (parser.isSet(sizing)) {
        if (parser.value(sizing) != QLatin1String("risk"))
            return Result<BacktestOptions>::failure(QStringLiteral("--sizing accepts only 'risk'"));
        o.sizing = BacktestOptions::Sizing::Risk;
    }
    const auto c = positive(parser.value(cash));
    if (!c)
        return Result<BacktestOptions>::failure(QStringLiteral("--cash must be a positive amount: %1").arg(Decimal::parse(parser.value(cash)) ? QStringLiteral("got %1").arg(parser.value(cash).left(80)) : Decimal::whyNotParsed(parser.value(cash))));
    o.cash = *c;
    for (const auto &[opt, field] : {std::pair{&stopLoss, &o.exits.stopLossPct}, std::pair{&takeProfit, &o.exits.takeProfitPct},
                                     std::pair{&trailing, &o.exits.trailingPct}, std::pair{&breakeven, &o.exits.breakevenTriggerPct}}) {
        if (!parser.isSet(*opt))
            continue;
        const auto p = positive(parser.value(*opt));
        if (!p || (*p >= Decimal::fromInt(100) && opt != &takeProfit && opt != &breakeven))
            return Result<BacktestOptions>::failure(QStringLiteral("--%1 must be above 0%2, got %3")
                            .arg(opt->names().front(), opt == &takeProfit || opt == &breakeven ? QString() : QStringLiteral(" and below 100"),
                                 parser.value(*opt).left(80)));
        *field = p->dividedBy(Decimal::fromInt(100), 9);
    }
    if (parser.isSet(atrStop)) {
        const auto k = positive(parser.value(atrStop));
        if (!k)
            return Result<BacktestOptions>::failure(QStringLiteral("--atr-stop must be a positive multiple of ATR, got %1").arg(parser.value(atrStop).left(80)));
        o.exits.atrStopMultiple = *k;
    }
    if (parser.isSet(maxBars)) {
        bool ok = false;
        o.exits.maxBarsHeld = parser.value(maxBars).toInt(&ok);
        if (!ok || o.exits.maxBarsHeld < 1)
            return Result<BacktestOptions>::failure(QStringLiteral("--max-bars must be a whole number ≥ 1, got %1").arg(parser.value(maxBars).left(80)));
    }
    const QString riskMode = parser.value(risk);
    if (riskMode != QLatin1String("on") && riskMode != QLatin1String("off"))
        return Result<BacktestOptions>::failure(QStringLiteral("--risk must be on or off"));
    o.riskOn = riskMode == QLatin1String("on");
    const QString policy = parser.value(approve);
    if (policy != QLatin1String("all") && policy != QLatin1String("reducing"))
        return Result<BacktestOptions>::failure(QStringLiteral("--approve must be all or reducing"));
    o.approval = policy == QLatin1String("all") ? BacktestOptions::Approval::All : BacktestOptions::Approval::ReducingOnly;
    for (const auto &[opt, field, scale] : {std::tuple{&perShare, &o.commissionPerShare, 1}, std::tuple{&pct, &o.commissionPct, 100},
                                           std::tuple{&bps, &o.slippageBps, 1}}) {
        if (!parser.isSet(*opt))
            continue;
        const auto v = positive(parser.value(*opt), true);
        if (!v)
            return Result<BacktestOptions>::failure(QStringLiteral("--%1 must be a number ≥ 0, got %2").arg(opt->names().front(), parser.value(*opt).left(80)));
        *field = scale == 1 ? *v : v->dividedBy(Decimal::fromInt(scale), 9);
    }
    if (parser.isSet(config)) {
        QFile f(parser.value(config));
        if (!f.open(QIODevice::ReadOnly))
            return Result<BacktestOptions>::failure(QStringLiteral("%1: cannot read").arg(parser.value(config)));
        QStringList problems;
        o.risk = RiskConfig::fromJson(f.readAll(), problems);
        if (!problems.isEmpty())
            return Result<BacktestOptions>::failure(QStringLiteral("%1: %2").arg(parser.value(config), problems.join(QStringLiteral("; "))));
    }
    return o;
}

int runBacktestCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Backtests a strategy over one CSV per symbol (date,open,high,low,close,volume)."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("backtest"), QStringLiteral("the command"));
    const BacktestCli common;
    common.addTo(parser);
    const QCommandLineOption tradesOut(QStringLiteral("trades-out"), QStringLiteral("Write the trade list CSV here."), QStringLiteral("FILE"));
    const QCommandLineOption equityOut(QStringLiteral("equity-out"), QStringLiteral("Write the equity curve CSV here."), QStringLiteral("FILE"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    parser.addOptions({tradesOut, equityOut, json});
    parser.addOptions(modelOptions());
    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    if (!parser.isSet(common.data))
        return fail(QStringLiteral("--data DIR is required"));
    // A backtest runs the one strategy it is given: no selector, so no model is asked.
    // The model flags are checked like everywhere and answered honestly.
    const Result<ModelConfig> model = modelConfigFrom(parser, ModelConfig());
    if (!model)
        return fail(model.error());
    const QString selector = QStringLiteral("fixed: %1 (--strategy); no selector, so no model is asked").arg(parser.value(common.strategy));
    if (model.value().enabled() || parser.isSet(QStringLiteral("model-replay")))
        QTextStream(stderr) << "sentinel-cli backtest: " << selector
                            << ". A recorded model's choices replay through the whole pipeline with `sentinel-cli demo --model-replay DB`."
                            << Qt::endl;

    const Result<BacktestOptions> parsed = common.read(parser);
    if (!parsed)
        return fail(parsed.error());
    const BacktestOptions o = parsed.value();

    const Result<BacktestCli::Loaded> bars = common.load(parser);
    if (!bars)
        return fail(bars.error());
    const BarTable &table = bars->table;
    const double loadS = bars->seconds;

    QElapsedTimer t;
    t.start();
    const BacktestResult r = Backtester(o).run(table);
    const double runS = t.nsecsElapsed() / 1e9;

    // The files are built in memory and replace their targets whole: a full disk or a
    // missing folder is an error with its reason, never half a file.
    const auto isoDate = [](QByteArray &out, const QDate &d) {
        char buf[11];
        const int y = d.year(), mo = d.month(), da = d.day();
        buf[0] = static_cast<char>('0' + y / 1000 % 10);
        buf[1] = static_cast<char>('0' + y / 100 % 10);
        buf[2] = static_cast<char>('0' + y / 10 % 10);
        buf[3] = static_cast<char>('0' + y % 10);
        buf[4] = '-';
        buf[5] = static_cast<char>('0' + mo / 10);
        buf[6] = static_cast<char>('0' + mo % 10);
        buf[7] = '-';
        buf[8] = static_cast<char>('0' + da / 10);
        buf[9] = static_cast<char>('0' + da % 10);
        out.append(buf, 10);
    };
    const auto save = [](const QString &path, const QByteArray &bytes) -> QString {
        QSaveFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
            return QStringLiteral("%1: cannot write: %2").arg(path, f.errorString());
        return {};
    };
    if (parser.isSet(tradesOut)) {
        QByteArray text = "symbol,entry_date,entry_price,exit_date,exit_price,exit_reason\n";
        text.reserve(static_cast<qsizetype>(r.trades.size()) * 64 + 64);
        for (const BacktestTrade &tr : r.trades) {
            const bool open = tr.exitReason == QLatin1String("open");
            text += tr.symbol.toUtf8() + ',';
            isoDate(text, tr.entryDate);
            text += ',' + QByteArray::fromStdString(tr.entryPrice.toStdString()) + ',';
            if (!open) {
                isoDate(text, tr.exitDate);
                text += ',' + QByteArray::fromStdString(tr.exitPrice.toStdString());
            } else {
                text += ',';
            }
            text += ',' + tr.exitReason.toLatin1() + '\n';
        }
        if (const QString why = save(parser.value(tradesOut), text); !why.isEmpty())
            return fail(why);
    }
    if (parser.isSet(equityOut)) {
        QByteArray text = "date,equity\n";
        for (const auto &[date, equity] : r.equity) {
            isoDate(text, date);
            text += ',' + equity.toString(2).toLatin1() + '\n';
        }
        if (const QString why = save(parser.value(equityOut), text); !why.isEmpty())
            return fail(why);
    }

    const BacktestMetrics &m = r.metrics;
    const double barsPerS = loadS + runS > 0 ? static_cast<double>(r.bars) / (loadS + runS) : 0.0;
    if (parser.isSet(json)) {
        nlohmann::json j;
        j["strategy"] = o.strategy.toStdString();
        j["selector"] = selector.toStdString();
        j["symbols"] = table.series().size();
        j["bars"] = r.bars;
        j["rows_rejected"] = table.errors().size();
        j["trades"] = r.trades.size();
        j["closed_trades"] = m.trades;
        j["final_equity"] = r.finalEquity.toString(2).toStdString();
        j["load_s"] = jsonNumber(loadS);
        j["bar_cache"] = {{"files_from_cache", table.cacheUse().hits}, {"files_parsed", table.cacheUse().parsed}};
        j["run_s"] = jsonNumber(runS);
        j["bars_per_s"] = std::round(barsPerS);
        j["total_return"] = jsonNumber(m.totalReturn);
        j["cagr"] = jsonNumber(m.cagr);
        j["sharpe"] = jsonNumber(m.sharpe);
        j["sortino"] = jsonNumber(m.sortino);
        j["max_drawdown"] = jsonNumber(m.maxDrawdown);
        j["win_rate"] = jsonNumber(m.winRate);
        j["profit_factor"] = jsonNumber(m.profitFactor);
        j["exposure"] = jsonNumber(m.exposure);
        j["orders_rejected_by_risk"] = r.ordersRejectedByRisk;
        j["orders_resized_by_risk"] = r.ordersResized;
        j["fills_rejected"] = r.fillsRejected;
        j["risk"] = o.riskOn ? "on" : "off";
        j["peak_rss_kb"] = peakResidentKb();
        QTextStream(stdout) << QString::fromStdString(j.dump()) << Qt::endl;
    } else {
        QTextStream out(stdout);
        out << "symbols " << table.series().size() << ", bars " << r.bars << ", trades " << r.trades.size() << " (" << m.trades << " closed)\n"
            << "final equity " << r.finalEquity.toString(2) << ", total return " << QString::number(m.totalReturn * 100, 'f', 2)
            << " %, CAGR " << QString::number(m.cagr * 100, 'f', 2) << " %, Sharpe " << QString::number(m.sharpe, 'f', 2)
            << ", Sortino " << QString::number(m.sortino, 'f', 2) << ", max drawdown " << QString::number(m.maxDrawdown * 100, 'f', 2)
            << " %\nwin rate " << QString::number(m.winRate * 100, 'f', 1) << " %, profit factor " << QString::number(m.profitFactor, 'f', 2)
            << ", exposure " << QString::number(m.exposure * 100, 'f', 1) << " %\nload " << QString::number(loadS, 'f', 3) << " s, run "
            << QString::number(runS, 'f', 3) << " s, " << QString::number(barsPerS, 'f', 0) << " bars/s\n";
    }
    return 0;
}
