// SPDX-License-Identifier: GPL-3.0-or-later
#include "democommand.h"

#include "persistence/database.h"

#include "modeloptions.h"
#include "pipeline/tradingengine.h"
#include "settings/appsettings.h"

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QTextStream>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0.0;
    std::sort(v.begin(), v.end());
    const double rank = p * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(rank));
    const auto hi = static_cast<std::size_t>(std::ceil(rank));
    return v[lo] + (v[hi] - v[lo]) * (rank - static_cast<double>(lo));
}

int fail(const QString &message)
{
    QTextStream(stderr) << "sentinel-cli demo: " << message << Qt::endl;
    return 2;
}

} // namespace

int runDemoCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Runs the demo pipeline headless and prints a JSON summary."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("demo"), QStringLiteral("the command"));
    const QCommandLineOption sessions(QStringLiteral("sessions"), QStringLiteral("Sessions to run."), QStringLiteral("N"), QStringLiteral("20"));
    const QCommandLineOption approve(QStringLiteral("approve"), QStringLiteral("Decide every proposal: all or none."), QStringLiteral("all|none"), QStringLiteral("none"));
    const QCommandLineOption db(QStringLiteral("db"), QStringLiteral("Database file."), QStringLiteral("PATH"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Simulated market seed."), QStringLiteral("S"));
    const QCommandLineOption config(QStringLiteral("settings"), QStringLiteral("Settings JSON file."), QStringLiteral("FILE"));
    parser.addOptions({sessions, approve, db, seed, config});
    parser.addOptions(modelOptions());
    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    bool ok = false;
    const int n = parser.value(sessions).toInt(&ok);
    if (!ok || n < 0 || n > 100000)
        return fail(QStringLiteral("--sessions must be a whole number from 0 to 100000"));
    const QString policy = parser.value(approve);
    if (policy != QLatin1String("all") && policy != QLatin1String("none"))
        return fail(QStringLiteral("--approve must be 'all' or 'none'"));
    if (!parser.isSet(db))
        return fail(QStringLiteral("--db PATH is required"));

    const AppSettings settings = parser.isSet(config) ? AppSettings::load(parser.value(config), true) : AppSettings();
    for (const QString &w : settings.warnings)
        QTextStream(stderr) << "warning: " << w << Qt::endl;
    EngineOptions options = settings.engineOptions(Database::resolveLocation(parser.value(db)));
    options.connectionName = QStringLiteral("cli");
    if (parser.isSet(seed)) {
        // A seed that does not parse is an error, never a silent 0 that the database keeps for good.
        bool seedOk = false;
        const qlonglong s = parser.value(seed).toLongLong(&seedOk);
        if (!seedOk || s < 0)
            return fail(QStringLiteral("--seed must be a whole number from 0 to %1, got %2")
                            .arg(std::numeric_limits<qlonglong>::max())
                            .arg(parser.value(seed).left(80)));
        options.market.seed = static_cast<std::uint64_t>(s);
    }
    options.runKind = QStringLiteral("cli-demo");
    Result<ModelConfig> model = modelConfigFrom(parser, options.model);
    if (!model)
        return fail(model.error());
    options.model = model.value();
    const Result<QString> replay = modelReplayFrom(parser);
    if (!replay)
        return fail(replay.error());
    options.modelReplayPath = replay.value();

    TradingEngine engine(options);
    if (Status s = engine.open(); !s)
        return fail(s.error());
    QElapsedTimer wall;
    wall.start();
    QStringList errors;
    // --approve all is a standing approval of every order for this run: the engine
    // approves each proposal as it arrives (a re-check that changes an order is
    // looked at again), and records each approval as automatic, with the rule.
    std::optional<StandingApproval> standing;
    if (policy == QLatin1String("all")) {
        StandingApproval rule;
        rule.kind = StandingApproval::Kind::All;
        rule.actor = QStringLiteral("sentinel-cli demo --approve all");
        const Result<StandingApproval> set = engine.addStandingApproval(rule);
        if (!set)
            return fail(set.error());
        standing = set.value();
    }
    const auto decide = [&] {
        if (standing)
            return;
        for (const Proposal &p : engine.pending())
            if (Status s = engine.veto(p.id, QStringLiteral("other"), QStringLiteral("sentinel-cli --approve none"), QStringLiteral("standing_veto")); !s)
                errors.append(s.error());
    };
    // Proposals restored from an earlier run are decided before the market moves
    // on, at the close as always: a run that stopped mid-session finishes that
    // session first.
    if (!engine.clock().open)
        decide();
    for (int i = 0; i < n && engine.failure().isEmpty(); ++i) {
        engine.runSession();
        decide();
    }
    // The last narratives are recorded before the run ends.
    engine.settleModel((options.model.timeoutMs + options.model.maxRetryWaitMs) * (options.model.maxRetries + 1));
    if (standing)
        if (Status s = engine.endStandingApproval(standing->id, QStringLiteral("the run ended"), QStringLiteral("sentinel-cli")); !s)
            errors.append(s.error());
    errors += engine.standingErrors();
    const TradingEngine::Counters c = engine.counters();
    const Account a = engine.book().account();
    const QString failure = engine.failure();
    engine.finish(failure.isEmpty() ? QStringLiteral("ok") : QStringLiteral("failed"), failure);
    if (!failure.isEmpty()) {
        QTextStream(stderr) << "sentinel-cli demo: " << failure << Qt::endl;
        return 1;
    }

    nlohmann::json out;
    out["sessions"] = n;
    out["proposals"] = c.proposals;
    out["rejected_by_risk"] = c.rejectedByRisk;
    out["approved"] = c.approved;
    out["vetoed"] = c.vetoed;
    out["expired"] = c.expired;
    out["orders"] = c.orders;
    out["fills"] = c.fills;
    out["open_positions"] = engine.book().positions().size();
    out["final_cash"] = a.cash.toString(2).toStdString();
    out["final_equity"] = a.equity.toString(2).toStdString();
    out["iterations"] = engine.iterationMs().size();
    out["iteration_ms_median"] = std::round(percentile(engine.iterationMs(), 0.5) * 1000) / 1000;
    out["iteration_ms_p99"] = std::round(percentile(engine.iterationMs(), 0.99) * 1000) / 1000;
    out["wall_s"] = std::round(wall.elapsed()) / 1000.0;
    out["decision_errors"] = errors.size();
    out["db"] = options.dbPath.toStdString();
    addModelSummary(out, engine);
    QTextStream(stdout) << QString::fromStdString(out.dump()) << Qt::endl;
    return 0;
}
