// SPDX-License-Identifier: GPL-3.0-or-later
#include "riskcheckcommand.h"

#include "risk/riskcheckinput.h"
#include "risk/riskengine.h"

#include <QCommandLineParser>
#include <QFile>
#include <QTextStream>

#include <nlohmann/json.hpp>

#include <cmath>

namespace {

using Json = nlohmann::json;

struct InputError
{
    QString message;
};

// The payloads are read whole only when under the documented limit.
QByteArray readBytes(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw InputError{QStringLiteral("%1: cannot read (%2)").arg(path, f.errorString())};
    if (f.size() > RiskCheckFiles::kMaxBytes)
        throw InputError{QStringLiteral("%1: %2 bytes, more than the limit of %3 bytes").arg(path).arg(f.size()).arg(RiskCheckFiles::kMaxBytes)};
    return f.readAll();
}

Json readJson(const QString &path)
{
    const QByteArray bytes = readBytes(path);
    Json doc = Json::parse(bytes.constData(), bytes.constData() + bytes.size(), nullptr, false);
    if (doc.is_discarded())
        throw InputError{QStringLiteral("%1: not valid JSON").arg(path)};
    return doc;
}

Json number(Decimal d)
{
    if (!d.isValid())
        return nullptr;
    if (d.isInteger())
        return d.raw() / Decimal::kOne;
    return std::stod(d.toStdString());
}

int fail(const QString &message)
{
    QTextStream(stderr) << "sentinel-cli risk-check: " << message << Qt::endl;
    return 2;
}

} // namespace

int runRiskCheckCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Decides proposals against an account and positions; prints the verdicts as JSON."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("risk-check"), QStringLiteral("the command"));
    const QCommandLineOption account(QStringLiteral("account"), QStringLiteral("Alpaca account JSON."), QStringLiteral("A.json"));
    const QCommandLineOption positions(QStringLiteral("positions"), QStringLiteral("Alpaca positions JSON."), QStringLiteral("P.json"));
    const QCommandLineOption proposals(QStringLiteral("proposals"), QStringLiteral("Proposals JSON array."), QStringLiteral("X.json"));
    const QCommandLineOption config(QStringLiteral("config"), QStringLiteral("Risk parameters JSON."), QStringLiteral("R.json"));
    parser.addOptions({account, positions, proposals, config});
    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText() << "\nRisk parameters (--config keys):\n  " << RiskConfig::keys().join(QStringLiteral("\n  "))
                            << Qt::endl;
        return 0;
    }
    for (const QCommandLineOption *o : {&account, &positions, &proposals})
        if (!parser.isSet(*o))
            return fail(QStringLiteral("--%1 is required").arg(o->names().front()));

    try {
        RiskConfig cfg;
        if (parser.isSet(config)) {
            const QString path = parser.value(config);
            const Json doc = readJson(path);
            QStringList problems;
            cfg = RiskConfig::fromJson(QByteArray::fromStdString(doc.dump()), problems);
            if (!problems.isEmpty())
                throw InputError{QStringLiteral("%1: %2").arg(path, problems.join(QStringLiteral("; ")))};
        }

        RiskCheckFiles files;
        files.accountName = parser.value(account);
        files.positionsName = parser.value(positions);
        files.proposalsName = parser.value(proposals);
        files.account = readBytes(files.accountName);
        files.positions = readBytes(files.positionsName);
        files.proposals = readBytes(files.proposalsName);
        Result<RiskCheckInput> input = parseRiskCheckInput(files, cfg);
        if (!input)
            throw InputError{input.error()};
        RiskContext ctx = input.value().context;
        const QList<RiskRequest> requests = input.value().requests;

        // Decided in order, each counting the ones approved before it, as a live queue would.
        const RiskEngine engine(cfg);
        // Streamed one verdict at a time: memory stays flat however many proposals there are.
        QTextStream stdoutStream(stdout);
        stdoutStream << "[";
        bool firstVerdict = true;
        for (const RiskRequest &r : requests) {
            RiskContext c = ctx;
            c.fractionable = true;
            const RiskVerdict v = engine.evaluate(r, c);
            Json rules = Json::array();
            for (const RuleResult &rr : v.rules)
                rules.push_back({{"rule", rr.rule.toStdString()},
                                 {"outcome", textOf(rr.outcome).toStdString()},
                                 {"value", number(rr.value)},
                                 {"limit", number(rr.limit)},
                                 {"unit", textOf(rr.unit).toStdString()},
                                 {"allowed_qty", rr.outcome == RuleOutcome::Skipped ? Json(nullptr) : number(rr.allowedQty)},
                                 {"note", rr.note.toStdString()}});
            const Json verdict{{"symbol", r.symbol.toStdString()},
                           {"side", textOf(r.side).toStdString()},
                           {"verdict", textOf(v.kind).toStdString()},
                           {"requested_qty", number(v.requestedQty)},
                           {"final_qty", number(v.finalQty)},
                           {"final_notional", number(v.finalNotional)},
                           {"binding_rule", v.bindingRule.isEmpty() ? Json(nullptr) : Json(v.bindingRule.toStdString())},
                           {"summary", v.summary.toStdString()},
                           {"rules", rules}};
            stdoutStream << (firstVerdict ? "\n" : ",\n") << QString::fromStdString(verdict.dump(2));
            firstVerdict = false;
            if (v.kind == VerdictKind::Reject)
                continue;
            const Decimal notional = v.finalQty * r.price;
            const bool buy = r.side == Side::Buy;
            const Decimal before = ctx.positionQty.value(r.symbol);
            ctx.positionQty[r.symbol] = before + (buy ? v.finalQty : -v.finalQty);
            const Decimal valueBefore = ctx.positionValue.value(r.symbol);
            const Decimal valueAfter = (ctx.positionQty[r.symbol] * r.price).abs();
            ctx.positionValue[r.symbol] = valueAfter;
            ctx.grossExposure += valueAfter - valueBefore;
            if (buy && !before.isNegative()) {
                ctx.committed[r.symbol] += notional;
                ctx.tierCommitted[static_cast<std::size_t>(std::clamp(cfg.tierFor(r.symbol), 1, 3) - 1)] += notional;
                ctx.account.buyingPower -= notional;
                ctx.account.cash -= notional;
                ++ctx.ordersToday;
            } else {
                ctx.account.buyingPower += buy ? Decimal() : notional;
                ctx.account.cash += buy ? -notional : notional;
            }
        }
        stdoutStream << (firstVerdict ? "]" : "\n]") << Qt::endl;
        return 0;
    } catch (const InputError &e) {
        return fail(e.message);
    }
}
