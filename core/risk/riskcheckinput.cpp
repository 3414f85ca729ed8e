// SPDX-License-Identifier: GPL-3.0-or-later
#include "riskcheckinput.h"

#include "domain/symbol.h"

#include <nlohmann/json.hpp>

#include <charconv>

namespace {

using Json = nlohmann::json;

struct InputError
{
    QString message;
};

// Documented input limits: each file at most 8 MiB, at most 10,000 proposals
// or positions, text fields at most 200 characters. Bigger input is refused at
// once, before it is read.
constexpr qint64 kMaxFileBytes = RiskCheckFiles::kMaxBytes;
constexpr std::size_t kMaxItems = RiskCheckFiles::kMaxItems;
constexpr std::size_t kMaxTextLength = RiskCheckFiles::kMaxTextLength;

Json parseJson(const QByteArray &bytes, const QString &name)
{
    if (bytes.size() > kMaxFileBytes)
        throw InputError{QStringLiteral("%1: %2 bytes, more than the limit of %3 bytes").arg(name).arg(bytes.size()).arg(kMaxFileBytes)};
    Json doc = Json::parse(bytes.constData(), bytes.constData() + bytes.size(), nullptr, false);
    if (doc.is_discarded())
        throw InputError{QStringLiteral("%1: not valid JSON").arg(name)};
    return doc;
}

// Alpaca sends money and quantities as decimal strings; numbers are accepted too.
// A number is read from its shortest exact spelling, the same digits a string would
// carry, so 0.2999999999 is refused as a string would be and never rounds up to 0.3.
QString decimalText(const Json &v)
{
    if (v.is_string())
        return QString::fromStdString(v.get_ref<const std::string &>());
    if (v.is_number_integer() || v.is_number_unsigned())
        return QString::fromStdString(v.dump());
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v.get<double>(), std::chars_format::fixed);
    return r.ec == std::errc() ? QString::fromLatin1(buf, static_cast<qsizetype>(r.ptr - buf)) : QString::fromStdString(v.dump());
}

Decimal field(const Json &obj, const char *key, const QString &where, bool required, Decimal fallback = Decimal())
{
    if (!obj.contains(key) || obj[key].is_null()) {
        if (required)
            throw InputError{QStringLiteral("%1.%2: missing").arg(where, QLatin1String(key))};
        return fallback;
    }
    const Json &v = obj[key];
    const QString name = QStringLiteral("%1.%2").arg(where, QLatin1String(key));
    if (!v.is_string() && !v.is_number())
        throw InputError{QStringLiteral("%1: expected a decimal number or string, got %2").arg(name, quoteForError(QString::fromStdString(v.dump())))};
    const QString text = decimalText(v);
    if (const auto d = Decimal::parse(text))
        return *d;
    throw InputError{QStringLiteral("%1: %2").arg(name, Decimal::whyNotParsed(text))};
}

QString text(const Json &obj, const char *key, const QString &where)
{
    if (!obj.contains(key) || !obj[key].is_string() || obj[key].get<std::string>().empty())
        throw InputError{QStringLiteral("%1.%2: expected a non-empty string").arg(where, QLatin1String(key))};
    const QString value = QString::fromStdString(obj[key].get<std::string>());
    if (static_cast<std::size_t>(value.size()) > kMaxTextLength)
        throw InputError{QStringLiteral("%1.%2: %3 is longer than %4 characters").arg(where, QLatin1String(key), quoteForError(value)).arg(kMaxTextLength)};
    return value;
}

QString symbolField(const Json &obj, const QString &where)
{
    const Result<QString> s = normalizeSymbol(text(obj, "symbol", where));
    if (!s)
        throw InputError{QStringLiteral("%1.symbol: %2").arg(where, s.error())};
    return s.value();
}

} // namespace

Result<RiskCheckInput> parseRiskCheckInput(const RiskCheckFiles &files, const RiskConfig &cfg)
{
    RiskCheckInput out;
    try {
        RiskContext &ctx = out.context;
        const QString &accountPath = files.accountName;
        const Json acc = parseJson(files.account, accountPath);
        if (!acc.is_object())
            throw InputError{QStringLiteral("%1: expected an account object").arg(accountPath)};
        ctx.account.equity = field(acc, "equity", accountPath, true);
        ctx.account.cash = field(acc, "cash", accountPath, true);
        ctx.account.buyingPower = field(acc, "buying_power", accountPath, true);
        ctx.account.lastEquity = field(acc, "last_equity", accountPath, false);
        if (acc.value("trading_blocked", false) || acc.value("account_blocked", false))
            ctx.entryBlockers.append(QStringLiteral("the broker account is blocked"));

        const QString &positionsPath = files.positionsName;
        const Json pos = parseJson(files.positions, positionsPath);
        if (!pos.is_array())
            throw InputError{QStringLiteral("%1: expected an array of positions").arg(positionsPath)};
        if (pos.size() > kMaxItems)
            throw InputError{QStringLiteral("%1: %2 positions, more than the limit of %3").arg(positionsPath).arg(pos.size()).arg(kMaxItems)};
        for (std::size_t i = 0; i < pos.size(); ++i) {
            const QString where = QStringLiteral("%1: [%2]").arg(positionsPath).arg(i);
            const Json &p = pos[i];
            if (!p.is_object())
                throw InputError{QStringLiteral("%1: expected an object").arg(where)};
            const QString symbol = symbolField(p, where);
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

        const QString &proposalsPath = files.proposalsName;
        const Json props = parseJson(files.proposals, proposalsPath);
        if (!props.is_array())
            throw InputError{QStringLiteral("%1: expected an array of proposals").arg(proposalsPath)};
        if (props.size() > kMaxItems)
            throw InputError{QStringLiteral("%1: %2 proposals, more than the limit of %3").arg(proposalsPath).arg(props.size()).arg(kMaxItems)};
        QList<RiskRequest> &requests = out.requests;
        for (std::size_t i = 0; i < props.size(); ++i) {
            const QString where = QStringLiteral("%1: [%2]").arg(proposalsPath).arg(i);
            const Json &p = props[i];
            if (!p.is_object())
                throw InputError{QStringLiteral("%1: expected an object").arg(where)};
            RiskRequest r;
            r.symbol = symbolField(p, where);
            const QString side = text(p, "side", where).toLower();
            if (side != QLatin1String("buy") && side != QLatin1String("sell"))
                throw InputError{QStringLiteral("%1.side: expected \"buy\" or \"sell\"").arg(where)};
            r.side = side == QLatin1String("buy") ? Side::Buy : Side::Sell;
            r.price = field(p, "price", where, true);
            const Decimal conf = field(p, "confidence", where, true);
            // Exact: the decimal's own digits become the double compared with the minimum.
            r.confidence = conf.toDouble();
            text(p, "strategy", where);
            r.requestedQty = field(p, "qty", where, false);
            r.stopPrice = field(p, "stop_price", where, false);
            r.atr = p.contains("atr") && !p["atr"].is_null() ? field(p, "atr", where, true).toDouble() : 0.0;
            requests.append(r);
        }

    } catch (const InputError &e) {
        return Result<RiskCheckInput>::failure(e.message);
    }
    return out;
}
