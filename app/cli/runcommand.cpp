// SPDX-License-Identifier: GPL-3.0-or-later
#include "runcommand.h"

#include "persistence/database.h"

#include "modeloptions.h"

#include "domain/symbol.h"
#include "pipeline/tradingengine.h"
#include "settings/appsettings.h"
#include "strategy/strategyregistry.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QStandardPaths>
#include <QTextStream>
#include <QTimer>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

namespace {

constexpr int kBadArguments = 2;
constexpr int kBrokerUnreachable = 3;

int fail(const QString &message, int code = kBadArguments)
{
    QTextStream(stderr) << "sentinel-cli run: " << message << Qt::endl;
    return code;
}

/// Waits (running the event loop) until `done` or `ms` passed; true when done.
bool waitFor(const std::function<bool()> &done, int ms)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() >= ms)
            return false;
        QEventLoop loop;
        QTimer::singleShot(20, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

} // namespace

int runRunCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs the live pipeline without a GUI. The first iteration runs at once on the latest completed bar; each later one "
        "when the next bar completes, by the broker's clock."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("run"), QStringLiteral("the command"));
    const QCommandLineOption broker(QStringLiteral("broker"), QStringLiteral("alpaca or sim."), QStringLiteral("alpaca|sim"), QStringLiteral("alpaca"));
    const QCommandLineOption approve(QStringLiteral("approve"),
                                     QStringLiteral("Standing approval: none (proposals wait), reducing (only orders that reduce risk) or all."),
                                     QStringLiteral("none|reducing|all"), QStringLiteral("none"));
    const QCommandLineOption iterations(QStringLiteral("iterations"), QStringLiteral("Pipeline iterations to run."), QStringLiteral("N"),
                                        QStringLiteral("1"));
    const QCommandLineOption strategy(QStringLiteral("strategy"), QStringLiteral("Force one strategy for every symbol."), QStringLiteral("NAME"));
    const QCommandLineOption symbols(QStringLiteral("symbols"), QStringLiteral("The universe (default: the settings' universe)."),
                                     QStringLiteral("A,B,..."));
    const QCommandLineOption timeframe(QStringLiteral("timeframe"), QStringLiteral("Bar timeframe; the engine runs on 1Day bars."),
                                       QStringLiteral("1Day"), QStringLiteral("1Day"));
    const QCommandLineOption db(QStringLiteral("db"), QStringLiteral("Record database (default: run-<broker>.db in the data folder)."),
                                QStringLiteral("PATH"));
    const QCommandLineOption tradingUrl(QStringLiteral("trading-url"), QStringLiteral("Trading API base URL (APCA_API_BASE_URL)."), QStringLiteral("URL"));
    const QCommandLineOption dataUrl(QStringLiteral("data-url"), QStringLiteral("Market data URL (APCA_API_DATA_URL)."), QStringLiteral("URL"));
    const QCommandLineOption dataStreamUrl(QStringLiteral("data-stream-url"), QStringLiteral("Market data stream URL (APCA_API_DATA_STREAM_URL)."),
                                           QStringLiteral("URL"));
    const QCommandLineOption settle(QStringLiteral("settle-s"), QStringLiteral("Seconds to wait for sent orders to reach a final state."),
                                    QStringLiteral("S"), QStringLiteral("30"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    const QCommandLineOption live(QStringLiteral("live"), QStringLiteral("Trade real money on Alpaca's live host (asks for a typed confirmation)."));
    const QCommandLineOption settingsFile(QStringLiteral("settings"), QStringLiteral("Settings JSON file."), QStringLiteral("FILE"));
    const QCommandLineOption pollMs(QStringLiteral("clock-poll-ms"), QStringLiteral("How often the broker's clock is read (default 30000)."),
                                    QStringLiteral("MS"), QStringLiteral("30000"));
    const QCommandLineOption closeDelay(QStringLiteral("close-delay-s"),
                                        QStringLiteral("Seconds after a close before its bars are fetched (default 60)."), QStringLiteral("S"),
                                        QStringLiteral("60"));
    const QCommandLineOption connectTimeout(QStringLiteral("connect-timeout-s"), QStringLiteral("Seconds to reach the broker (default 30)."),
                                            QStringLiteral("S"), QStringLiteral("30"));
    const QCommandLineOption maxWait(QStringLiteral("max-wait-s"),
                                     QStringLiteral("Give up when the next iteration has not come after this long (default: none)."),
                                     QStringLiteral("S"), QStringLiteral("0"));
    parser.addOptions({broker, approve, iterations, strategy, symbols, timeframe, db, tradingUrl, dataUrl, dataStreamUrl, settle, json, live,
                       settingsFile, pollMs, closeDelay, connectTimeout, maxWait});
    parser.addOptions(modelOptions());
    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    const QString venue = parser.value(broker);
    if (venue != QLatin1String("alpaca") && venue != QLatin1String("sim"))
        return fail(QStringLiteral("--broker must be alpaca or sim, not '%1'").arg(venue.left(40)));
    const QString policy = parser.value(approve);
    if (policy != QLatin1String("none") && policy != QLatin1String("reducing") && policy != QLatin1String("all"))
        return fail(QStringLiteral("--approve must be none, reducing or all"));
    bool ok = false;
    const int n = parser.value(iterations).toInt(&ok);
    if (!ok || n < 1 || n > 100000)
        return fail(QStringLiteral("--iterations must be a whole number from 1 to 100000"));
    const double settleS = parser.value(settle).toDouble(&ok);
    if (!ok || settleS < 0 || settleS > 86400)
        return fail(QStringLiteral("--settle-s must be from 0 to 86400 seconds"));
    const QString tf = parser.value(timeframe);
    static const QStringList timeframes{QStringLiteral("1Day"), QStringLiteral("1Hour"), QStringLiteral("15Min"), QStringLiteral("5Min"),
                                        QStringLiteral("1Min")};
    if (!timeframes.contains(tf))
        return fail(QStringLiteral("--timeframe must be one of %1").arg(timeframes.join(QStringLiteral(", "))));
    if (tf != QLatin1String("1Day"))
        return fail(QStringLiteral("--timeframe %1: this version's engine iterates on daily sessions; only 1Day is supported").arg(tf));
    const int clockPoll = parser.value(pollMs).toInt(&ok);
    if (!ok || clockPoll < 50 || clockPoll > 3'600'000)
        return fail(QStringLiteral("--clock-poll-ms must be from 50 to 3600000"));
    const int delayS = parser.value(closeDelay).toInt(&ok);
    if (!ok || delayS < 0 || delayS > 3600)
        return fail(QStringLiteral("--close-delay-s must be from 0 to 3600"));
    const int connectS = parser.value(connectTimeout).toInt(&ok);
    if (!ok || connectS < 1 || connectS > 600)
        return fail(QStringLiteral("--connect-timeout-s must be from 1 to 600"));
    const int maxWaitS = parser.value(maxWait).toInt(&ok);
    if (!ok || maxWaitS < 0)
        return fail(QStringLiteral("--max-wait-s must be 0 (no limit) or more"));

    const AppSettings settings = parser.isSet(settingsFile) ? AppSettings::load(parser.value(settingsFile), true) : AppSettings::load(AppSettings::defaultPath());
    for (const QString &w : settings.warnings)
        QTextStream(stderr) << "warning: " << w << Qt::endl;
    QString dbPath = parser.isSet(db) ? parser.value(db) : settings.database;
    if (dbPath.isEmpty()) {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QDir().mkpath(dir);
        dbPath = dir + QStringLiteral("/run-%1.db").arg(venue);
    }
    EngineOptions options = settings.engineOptions(Database::resolveLocation(dbPath));
    options.connectionName = QStringLiteral("cli");
    options.runKind = QStringLiteral("cli-run");
    options.venue = venue == QLatin1String("alpaca") ? EngineOptions::VenueKind::Alpaca : EngineOptions::VenueKind::Simulated;
    Result<ModelConfig> model = modelConfigFrom(parser, options.model);
    if (!model)
        return fail(model.error());
    options.model = model.value();
    const Result<QString> replay = modelReplayFrom(parser);
    if (!replay)
        return fail(replay.error());
    options.modelReplayPath = replay.value();
    if (parser.isSet(strategy)) {
        const QString name = parser.value(strategy);
        if (!StrategyRegistry().names().contains(name))
            return fail(QStringLiteral("unknown strategy '%1'; known: %2").arg(name.left(40), StrategyRegistry().names().join(QStringLiteral(", "))));
        options.fixedStrategy = name;
    }
    if (parser.isSet(symbols)) {
        QStringList list;
        for (const QString &raw : parser.value(symbols).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const Result<QString> s = normalizeSymbol(raw);
            if (!s)
                return fail(QStringLiteral("--symbols: %1").arg(s.error()));
            if (!list.contains(s.value()))
                list.append(s.value());
        }
        if (list.isEmpty())
            return fail(QStringLiteral("--symbols needs at least one symbol"));
        options.universe = list;
    }
    if (parser.isSet(tradingUrl))
        options.alpaca.trading = QUrl(parser.value(tradingUrl));
    if (parser.isSet(dataUrl))
        options.alpaca.data = QUrl(parser.value(dataUrl));
    if (parser.isSet(dataStreamUrl))
        options.alpaca.dataStream = QUrl(parser.value(dataStreamUrl));
    for (const QUrl &u : {options.alpaca.trading, options.alpaca.data, options.alpaca.dataStream})
        if (options.venue == EngineOptions::VenueKind::Alpaca && (!u.isValid() || u.host().isEmpty()))
            return fail(QStringLiteral("not a URL: '%1'").arg(u.toString().left(80)));
    options.live = parser.isSet(live) || settings.live;
    options.alpacaClockPollMs = clockPoll;
    options.alpacaCloseDelayS = delayS;
    if (options.venue == EngineOptions::VenueKind::Alpaca) {
        if (options.live && policy == QLatin1String("all"))
            return fail(QStringLiteral("--approve all is refused against the live host: approve each order, or use --approve reducing"));
        if (options.live) {
            if (!options.alpaca.isLiveHost())
                return fail(QStringLiteral("--live needs the live trading URL https://api.alpaca.markets"));
            QTextStream(stderr) << "LIVE TRADING with real money at " << options.alpaca.trading.toString()
                                << ". Type LIVE and press Enter to continue: " << Qt::flush;
            std::string line;
            std::getline(std::cin, line);
            if (QString::fromStdString(line).trimmed() != QLatin1String("LIVE"))
                return fail(QStringLiteral("live trading was not confirmed"));
        } else if (options.alpaca.isLiveHost()) {
            return fail(QStringLiteral("%1 is Alpaca's live host: add --live to trade real money").arg(options.alpaca.trading.toString()));
        }
        if (options.alpaca.keyId.isEmpty() || options.alpaca.secret.isEmpty())
            return fail(QStringLiteral("no Alpaca keys: set APCA_API_KEY_ID and APCA_API_SECRET_KEY (or store them from the GUI's File menu)"),
                        kBrokerUnreachable);
    }
    if (policy == QLatin1String("all"))
        QTextStream(stderr) << "standing approval: every proposal is approved without asking (--approve all); recorded as automatic, with the rule"
                            << Qt::endl;
    else if (policy == QLatin1String("reducing"))
        QTextStream(stderr) << "standing approval: orders that reduce risk are approved without asking (--approve reducing)" << Qt::endl;

    QElapsedTimer wall;
    wall.start();
    TradingEngine engine(options);
    if (Status s = engine.open(); !s)
        return fail(s.error(), options.venue == EngineOptions::VenueKind::Alpaca ? kBrokerUnreachable : 1);

    // The broker must answer: its snapshot makes the engine ready.
    QString connectionProblem;
    QObject::connect(&engine.broker(), &Broker::connectionChanged, &engine.broker(), [&](bool up, const QString &why) {
        if (!up)
            connectionProblem = why;
    });
    QObject::connect(&engine.marketData(), &MarketData::connectionChanged, &engine.marketData(), [&](bool up, const QString &why) {
        if (!up)
            connectionProblem = why;
    });
    QObject::connect(&engine.marketData(), &MarketData::requestFailed, &engine.marketData(),
                     [&](const QString &what, const QString &why) {
                         if (why.contains(QLatin1String("HTTP 401")) || why.contains(QLatin1String("HTTP 403")))
                             connectionProblem = QStringLiteral("%1: %2").arg(what, why);
                     });
    const auto refused = [&] { return connectionProblem.contains(QLatin1String("HTTP 401")) || connectionProblem.contains(QLatin1String("refused")); };
    if (!waitFor([&] { return engine.isReady() || refused() || !engine.failure().isEmpty(); }, connectS * 1000) || !engine.isReady()) {
        const QString why = !engine.failure().isEmpty() ? engine.failure()
                            : connectionProblem.isEmpty() ? QStringLiteral("no answer within %1 s").arg(connectS)
                                                          : connectionProblem;
        engine.finish(QStringLiteral("failed"), why);
        return fail(QStringLiteral("could not reach the broker: %1").arg(why), kBrokerUnreachable);
    }

    QStringList errors;
    // --approve all|reducing is a standing approval for this run: the engine approves
    // what it allows as proposals arrive, and records each approval as automatic, with the rule.
    std::optional<StandingApproval> standing;
    if (policy != QLatin1String("none")) {
        StandingApproval rule;
        rule.kind = policy == QLatin1String("all") ? StandingApproval::Kind::All : StandingApproval::Kind::Reducing;
        rule.actor = QStringLiteral("sentinel-cli run --approve %1").arg(policy);
        const Result<StandingApproval> set = engine.addStandingApproval(rule);
        if (!set) {
            engine.finish(QStringLiteral("failed"), set.error());
            return fail(set.error());
        }
        standing = set.value();
    }
    const auto iterationsRun = [&] { return static_cast<int>(engine.iterationMs().size()); };
    int seen = 0;
    while (seen < n && engine.failure().isEmpty()) {
        if (options.venue == EngineOptions::VenueKind::Simulated) {
            engine.runSession();
        } else {
            const bool came = waitFor([&] { return iterationsRun() > seen || !engine.failure().isEmpty(); },
                                      maxWaitS > 0 ? maxWaitS * 1000 : std::numeric_limits<int>::max());
            if (!came) {
                QTextStream(stderr) << "sentinel-cli run: no new bar within " << maxWaitS << " s; stopping" << Qt::endl;
                break;
            }
        }
        seen = iterationsRun();
    }
    // Settle: the entries and exits sent in this run reach a final state (stops rest at the broker).
    const auto unsettled = [&] {
        int open = 0;
        for (const OrderIntent &i : engine.orders().open())
            if (i.request.purpose != OrderPurpose::ProtectiveStop && i.state != OrderIntent::State::Held)
                ++open;
        return open;
    };
    const bool settled = waitFor([&] { return unsettled() == 0 || !engine.failure().isEmpty(); }, static_cast<int>(settleS * 1000));
    engine.settleModel(static_cast<int>(settleS * 1000)); // the last narratives
    if (standing)
        if (Status s = engine.endStandingApproval(standing->id, QStringLiteral("the run ended"), QStringLiteral("sentinel-cli")); !s)
            errors.append(s.error());
    errors += engine.standingErrors();
    const TradingEngine::Counters c = engine.counters();
    const Account a = engine.book().account();
    const QString failure = engine.failure();
    engine.finish(failure.isEmpty() ? QStringLiteral("ok") : QStringLiteral("failed"), failure);
    if (!failure.isEmpty()) {
        QTextStream(stderr) << "sentinel-cli run: " << failure << Qt::endl;
        return 1;
    }

    nlohmann::json out;
    out["broker"] = venue.toStdString();
    out["mode"] = engine.venue().label.toStdString();
    out["iterations"] = iterationsRun();
    out["proposals"] = c.proposals;
    out["approved"] = c.approved;
    out["rejected_by_risk"] = c.rejectedByRisk;
    out["vetoed"] = c.vetoed;
    out["orders"] = c.orders;
    out["fills"] = c.fills;
    out["pending"] = engine.pending().size();
    out["unsettled_orders"] = unsettled();
    out["settled"] = settled;
    out["duplicate_submits_avoided"] = engine.venue().client ? engine.duplicateSubmitsAvoided() : 0;
    out["reconciliation_differences"] = engine.differencesFound();
    out["open_reconciliation_differences"] = engine.openDifferences().size();
    nlohmann::json requests = nlohmann::json::object();
    if (engine.venue().client) {
        const auto &counts = engine.venue().client->counts();
        for (auto it = counts.cbegin(); it != counts.cend(); ++it)
            requests[it.key().toStdString()] = it.value();
    }
    out["requests"] = requests;
    out["final_cash"] = a.cash.toString(2).toStdString();
    out["final_equity"] = a.equity.toString(2).toStdString();
    out["open_positions"] = engine.book().positions().size();
    out["decision_errors"] = errors.size();
    out["wall_s"] = std::round(wall.elapsed()) / 1000.0;
    addModelSummary(out, engine);
    out["db"] = options.dbPath.toStdString();
    if (parser.isSet(json)) {
        QTextStream(stdout) << QString::fromStdString(out.dump()) << Qt::endl;
    } else {
        QTextStream o(stdout);
        o << "iterations " << iterationsRun() << ", proposals " << c.proposals << ", approved " << c.approved << ", orders " << c.orders
          << ", fills " << c.fills << ", equity " << a.equity.toString(2) << " (" << engine.venue().label << ")" << Qt::endl;
    }
    for (const QString &e : errors)
        QTextStream(stderr) << "decision: " << e << Qt::endl;
    return 0;
}
