// SPDX-License-Identifier: GPL-3.0-or-later
#include "riskcheckcommand.h"

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

Json readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw InputError{QStringLiteral("%1: cannot read (%2)").arg(path, f.errorString())};
    const QByteArray bytes = f.readAll();
    Json doc = Json::parse(bytes.constData(), bytes.constData() + bytes.size(), nullptr, false);
    if (doc.is_discarded())
        throw InputError{QStringLiteral("%1: not valid JSON").arg(path)};
    return doc;
}

// Alpaca sends money and quantities as decimal strings; numbers are accepted too.
std::optional<Decimal> decimalOf(const Json &v)
{
    if (v.is_string())
        return Decimal::parse(std::string_view(v.get_ref<const std::string &>()));
    if (v.is_number_integer())
        return Decimal::fromInt(v.get<std::int64_t>());
    if (v.is_number_float())
        return Decimal::fromDouble(v.get<double>(), Decimal::kScale);
    return std::nullopt;
}

Decimal field(const Json &obj, const char *key, const QString &where, bool required, Decimal fallback = Decimal())
{
    if (!obj.contains(key) || obj[key].is_null()) {
        if (required)
            throw InputError{QStringLiteral("%1.%2: missing").arg(where, QLatin1String(key))};
        return fallback;
    }
    const auto d = decimalOf(obj[key]);
    if (!d)
        throw InputError{QStringLiteral("%1.%2: expected a decimal number or string, got %3")
                             .arg(where, QLatin1String(key), QString::fromStdString(obj[key].dump()))};
    return *d;
}

QString text(const Json &obj, const char *key, const QString &where)
{
    if (!obj.contains(key) || !obj[key].is_string() || obj[key].get<std::string>().empty())
        throw InputError{QStringLiteral("%1.%2: expected a non-empty string").arg(where, QLatin1String(key))};
    return QString::fromStdString(obj[key].get<std::string>());
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

        RiskContext ctx;
        const QString accountPath = parser.value(account);
        const Json acc = readJson(accountPath);
        if (!acc.is_object())
            throw InputError{QStringLiteral("%1: expected an account object").arg(accountPath)};
        ctx.account.equity = field(acc, "equity", accountPath, true);
        ctx.account.cash = field(acc, "cash", accountPath, true);
        ctx.account.buyingPower = field(acc, "buying_power", accountPath, true);
        ctx.account.lastEquity = field(acc, "last_equity", accountPath, false);
        if (acc.value("trading_blocked", false) || acc.value("account_blocked", false))
            ctx.entryBlockers.append(QStringLiteral("the broker account is blocked"));

        const QString positionsPath = parser.value(positions);
        const Json pos = readJson(positionsPath);
        if (!pos.is_array())
            throw InputError{QStringLiteral("%1: expected an array of positions").arg(positionsPath)};
        for (std::size_t i = 0; i < pos.size(); ++i) {
            const QString where = QStringLiteral("%1: [%2]").arg(positionsPath).arg(i);
            const Json &p = pos[i];
            if (!p.is_object())
                throw InputError{QStringLiteral("%1: expected an object").arg(where)};
            const QString symbol = text(p, "symbol", where);
            const Decimal qty = field(p, "qty", where, true);
            const Decimal value = field(p, "market_value", where, true);
            const Decimal cost = field(p, "cost_basis", where, false, value);
            ctx.positionQty[symbol] += qty;
            ctx.positionValue[symbol] += value.abs();
            ctx.grossExposure += value.abs();
            ctx.committed[symbol] += cost.abs();
            ctx.tierCommitted[static_cast<std::size_t>(std::clamp(cfg.tierFor(symbol), 1, 3) - 1)] += cost.abs();
        }
        ctx.budgetBaseEquity = ctx.account.lastEquity.isPositive() ? ctx.account.lastEquity : ctx.account.equity;

        const QString proposalsPath = parser.value(proposals);
        const Json props = readJson(proposalsPath);
        if (!props.is_array())
            throw InputError{QStringLiteral("%1: expected an array of proposals").arg(proposalsPath)};
        QList<RiskRequest> requests;
        for (std::size_t i = 0; i < props.size(); ++i) {
            const QString where = QStringLiteral("%1: [%2]").arg(proposalsPath).arg(i);
            const Json &p = props[i];
            if (!p.is_object())
                throw InputError{QStringLiteral("%1: expected an object").arg(where)};
            RiskRequest r;
            r.symbol = text(p, "symbol", where);
            const QString side = text(p, "side", where).toLower();
            if (side != QLatin1String("buy") && side != QLatin1String("sell"))
                throw InputError{QStringLiteral("%1.side: expected \"buy\" or \"sell\"").arg(where)};
            r.side = side == QLatin1String("buy") ? Side::Buy : Side::Sell;
            r.price = field(p, "price", where, true);
            const Decimal conf = field(p, "confidence", where, true);
            r.confidence = conf.toDouble();
            text(p, "strategy", where);
            r.requestedQty = field(p, "qty", where, false);
            r.stopPrice = field(p, "stop_price", where, false);
            r.atr = p.contains("atr") && !p["atr"].is_null() ? field(p, "atr", where, true).toDouble() : 0.0;
            requests.append(r);
        }

        // Decided in order, each counting the ones approved before it, as a live queue would.
        const RiskEngine engine(cfg);
        Json out = Json::array();
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
            out.push_back({{"symbol", r.symbol.toStdString()},
                           {"side", textOf(r.side).toStdString()},
                           {"verdict", textOf(v.kind).toStdString()},
                           {"requested_qty", number(v.requestedQty)},
                           {"final_qty", number(v.finalQty)},
                           {"final_notional", number(v.finalNotional)},
                           {"binding_rule", v.bindingRule.isEmpty() ? Json(nullptr) : Json(v.bindingRule.toStdString())},
                           {"summary", v.summary.toStdString()},
                           {"rules", rules}});
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
        QTextStream(stdout) << QString::fromStdString(out.dump(2)) << Qt::endl;
        return 0;
    } catch (const InputError &e) {
        return fail(e.message);
    }
}
