// SPDX-License-Identifier: GPL-3.0-or-later
#include "alpacajson.h"

#include "data/exchangecalendar.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <nlohmann/json.hpp>

#include <charconv>

namespace alpaca {
namespace {

using Json = nlohmann::json;

struct ParseError
{
    QString what;
};

[[noreturn]] void bad(const QString &where, const QString &why)
{
    throw ParseError{where.isEmpty() ? why : QStringLiteral("%1: %2").arg(where, why)};
}

QString shortText(const Json &v)
{
    std::string s = v.dump();
    if (s.size() > 60)
        s = s.substr(0, 57) + "...";
    return QString::fromStdString(s);
}

Json parseBody(const QByteArray &body)
{
    if (body.size() > kMaxBodyBytes)
        bad({}, QStringLiteral("the body is %1 bytes, over the %2-byte limit").arg(body.size()).arg(kMaxBodyBytes));
    Json j = Json::parse(body.constData(), body.constData() + body.size(), nullptr, false);
    if (j.is_discarded())
        bad({}, QStringLiteral("the body is not valid JSON (%1 bytes, starts \"%2\")")
                    .arg(body.size())
                    .arg(QString::fromUtf8(body.left(40)).simplified()));
    return j;
}

const Json &member(const Json &o, const char *key, const QString &where)
{
    if (!o.is_object())
        bad(where, QStringLiteral("expected an object, got %1").arg(shortText(o)));
    const auto it = o.find(key);
    if (it == o.end())
        bad(where, QStringLiteral("missing field '%1'").arg(QLatin1String(key)));
    return *it;
}

bool present(const Json &o, const char *key)
{
    const auto it = o.find(key);
    return it != o.end() && !it->is_null();
}

QString str(const Json &o, const char *key, const QString &where, bool required = true)
{
    if (!present(o, key)) {
        if (required)
            bad(where, QStringLiteral("missing field '%1'").arg(QLatin1String(key)));
        return {};
    }
    const Json &v = o.at(key);
    if (!v.is_string())
        bad(where, QStringLiteral("field '%1' should be a string, got %2").arg(QLatin1String(key), shortText(v)));
    return QString::fromStdString(v.get_ref<const std::string &>());
}

QString numberText(const Json &v)
{
    if (v.is_number_integer() || v.is_number_unsigned())
        return QString::fromStdString(v.dump());
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v.get<double>(), std::chars_format::fixed);
    return r.ec == std::errc() ? QString::fromLatin1(buf, static_cast<qsizetype>(r.ptr - buf)) : QString();
}

/// A decimal sent as a string (or, tolerated, a number). Missing or null gives
/// zero unless required.
Decimal dec(const Json &o, const char *key, const QString &where, bool required = false)
{
    if (!present(o, key)) {
        if (required)
            bad(where, QStringLiteral("missing field '%1'").arg(QLatin1String(key)));
        return {};
    }
    const Json &v = o.at(key);
    QString text;
    if (v.is_string())
        text = QString::fromStdString(v.get_ref<const std::string &>());
    else if (v.is_number())
        text = numberText(v);
    else
        bad(where, QStringLiteral("field '%1' should be a decimal string, got %2").arg(QLatin1String(key), shortText(v)));
    const auto d = Decimal::parse(text);
    if (!d)
        bad(where, QStringLiteral("field '%1': %2").arg(QLatin1String(key), Decimal::whyNotParsed(text)));
    return *d;
}

/// A market-data price: a JSON number that must be finite and not negative.
Decimal price(const Json &o, const char *key, const QString &where)
{
    const Json &v = member(o, key, where);
    if (!v.is_number())
        bad(where, QStringLiteral("field '%1' should be a number, got %2").arg(QLatin1String(key), shortText(v)));
    const QString text = numberText(v);
    const auto d = Decimal::parse(text);
    if (!d)
        bad(where, QStringLiteral("field '%1': %2").arg(QLatin1String(key), Decimal::whyNotParsed(text)));
    if (d->isNegative())
        bad(where, QStringLiteral("field '%1' is negative (%2)").arg(QLatin1String(key), d->toString()));
    return *d;
}

bool boolean(const Json &o, const char *key, const QString &where, bool fallback = false)
{
    if (!present(o, key))
        return fallback;
    const Json &v = o.at(key);
    if (!v.is_boolean())
        bad(where, QStringLiteral("field '%1' should be true or false, got %2").arg(QLatin1String(key), shortText(v)));
    return v.get<bool>();
}

QDateTime time(const Json &o, const char *key, const QString &where, bool required = false)
{
    const QString t = str(o, key, where, required);
    if (t.isEmpty())
        return {};
    const QDateTime d = parseTimestamp(t);
    if (!d.isValid())
        bad(where, QStringLiteral("field '%1' is not an RFC 3339 time: \"%2\"").arg(QLatin1String(key), t.left(40)));
    return d;
}

std::optional<OrderStatus> statusFrom(const QString &s)
{
    static const QHash<QString, OrderStatus> map{
        {QStringLiteral("new"), OrderStatus::New},
        {QStringLiteral("held"), OrderStatus::New},
        {QStringLiteral("pending_cancel"), OrderStatus::New},
        {QStringLiteral("pending_replace"), OrderStatus::New},
        {QStringLiteral("suspended"), OrderStatus::New},
        {QStringLiteral("stopped"), OrderStatus::New},
        {QStringLiteral("accepted"), OrderStatus::Accepted},
        {QStringLiteral("pending_new"), OrderStatus::Accepted},
        {QStringLiteral("accepted_for_bidding"), OrderStatus::Accepted},
        {QStringLiteral("partially_filled"), OrderStatus::PartiallyFilled},
        {QStringLiteral("filled"), OrderStatus::Filled},
        {QStringLiteral("calculated"), OrderStatus::Filled},
        {QStringLiteral("canceled"), OrderStatus::Canceled},
        {QStringLiteral("expired"), OrderStatus::Expired},
        {QStringLiteral("done_for_day"), OrderStatus::Expired},
        {QStringLiteral("replaced"), OrderStatus::Replaced},
        {QStringLiteral("rejected"), OrderStatus::Rejected},
    };
    const auto it = map.constFind(s);
    if (it == map.constEnd())
        return std::nullopt;
    return *it;
}

template<typename E>
E enumField(const Json &o, const char *key, const QString &where, std::optional<E> (*conv)(const QString &), bool required = true,
            E fallback = E{})
{
    if (!present(o, key)) {
        if (required)
            bad(where, QStringLiteral("missing field '%1'").arg(QLatin1String(key)));
        return fallback;
    }
    const QString t = str(o, key, where);
    const auto e = conv(t);
    if (!e)
        bad(where, QStringLiteral("unknown %1 \"%2\"").arg(QLatin1String(key), t.left(40)));
    return *e;
}

Order orderFrom(const Json &o, const QString &whereIn)
{
    if (!o.is_object())
        bad(whereIn, QStringLiteral("an order should be an object, got %1").arg(shortText(o)));
    Order r;
    r.id = str(o, "id", whereIn);
    const QString where = whereIn.isEmpty() ? QStringLiteral("order %1").arg(r.id.left(40)) : whereIn;
    r.clientOrderId = str(o, "client_order_id", where);
    r.symbol = str(o, "symbol", where);
    r.side = enumField<Side>(o, "side", where, &sideFromString);
    r.type = enumField<OrderType>(o, "type", where, &orderTypeFromString);
    r.timeInForce = enumField<TimeInForce>(o, "time_in_force", where, &timeInForceFromString, false, TimeInForce::Day);
    r.orderClass = enumField<OrderClass>(o, "order_class", where, &orderClassFromString, false, OrderClass::Simple);
    const QString status = str(o, "status", where);
    const auto st = statusFrom(status);
    if (!st)
        bad(where, QStringLiteral("unknown order status \"%1\"").arg(status.left(40)));
    r.status = *st;
    r.qty = dec(o, "qty", where);
    r.notional = dec(o, "notional", where);
    if (r.qty.isZero() && r.notional.isZero())
        bad(where, QStringLiteral("neither qty nor notional is set"));
    r.filledQty = dec(o, "filled_qty", where);
    r.filledAvgPrice = dec(o, "filled_avg_price", where);
    r.limitPrice = dec(o, "limit_price", where);
    r.stopPrice = dec(o, "stop_price", where);
    r.trailPercent = dec(o, "trail_percent", where);
    r.trailPrice = dec(o, "trail_price", where);
    if (r.filledQty.isNegative() || r.qty.isNegative() || r.filledAvgPrice.isNegative() || r.limitPrice.isNegative()
        || r.stopPrice.isNegative())
        bad(where, QStringLiteral("a quantity or price is negative"));
    r.createdAt = time(o, "created_at", where);
    r.updatedAt = time(o, "updated_at", where);
    if (!r.updatedAt.isValid())
        r.updatedAt = r.createdAt;
    r.replaces = str(o, "replaces", where, false);
    r.replacedBy = str(o, "replaced_by", where, false);
    r.external = !decodeClientOrderId(r.clientOrderId, r.purpose, r.proposalId);
    if (r.external)
        r.purpose = r.side == Side::Buy ? OrderPurpose::Entry : OrderPurpose::Exit;
    return r;
}

void appendWithLegs(const Json &o, const QString &where, QList<Order> &out)
{
    Order parent = orderFrom(o, where);
    const qsizetype at = out.size();
    out.append(parent);
    if (!present(o, "legs"))
        return;
    const Json &legs = o.at("legs");
    if (!legs.is_array())
        bad(where, QStringLiteral("'legs' should be an array"));
    for (const Json &l : legs) {
        Order leg = orderFrom(l, QStringLiteral("leg of order %1").arg(parent.id.left(40)));
        leg.parentId = parent.id;
        if (!parent.external && leg.external) {
            // A leg carries a client order id of Alpaca's own; it belongs to the
            // parent's proposal: its stop-loss is the position's protective stop.
            leg.external = false;
            leg.proposalId = parent.proposalId;
            leg.purpose = (leg.type == OrderType::Stop || leg.type == OrderType::StopLimit) ? OrderPurpose::ProtectiveStop
                                                                                              : OrderPurpose::Exit;
        }
        // The parent carries its legs' levels, as the request that made it did.
        if (leg.type == OrderType::Stop || leg.type == OrderType::StopLimit)
            out[at].stopLossStop = leg.stopPrice;
        else if (leg.type == OrderType::Limit)
            out[at].takeProfitLimit = leg.limitPrice;
        out.append(leg);
    }
}

Position positionFrom(const Json &o, const QString &where)
{
    Position p;
    p.symbol = str(o, "symbol", where);
    const QString w = QStringLiteral("position %1").arg(p.symbol.left(16));
    p.qty = dec(o, "qty", w, true);
    p.avgEntryPrice = dec(o, "avg_entry_price", w, true);
    p.lastPrice = dec(o, "current_price", w);
    if (p.avgEntryPrice.isNegative() || p.lastPrice.isNegative())
        bad(w, QStringLiteral("a price is negative"));
    return p;
}

qint64 volume(const Json &v, const QString &where)
{
    if (v.is_number_unsigned() && v.get<std::uint64_t>() <= static_cast<std::uint64_t>(INT64_MAX))
        return static_cast<qint64>(v.get<std::uint64_t>());
    if (v.is_number_integer() && v.get<std::int64_t>() >= 0)
        return v.get<std::int64_t>();
    if (v.is_number_float()) {
        const double d = v.get<double>();
        if (d >= 0 && d < 9e15 && d == static_cast<double>(static_cast<qint64>(d)))
            return static_cast<qint64>(d);
    }
    bad(where, QStringLiteral("field 'v' should be a whole number of shares, got %1").arg(shortText(v)));
}

template<typename T, typename F>
Result<T> guarded(F &&f)
{
    try {
        return f();
    } catch (const ParseError &e) {
        return Result<T>::failure(e.what);
    } catch (const nlohmann::json::exception &e) {
        return Result<T>::failure(QStringLiteral("unexpected JSON shape: %1").arg(QString::fromUtf8(e.what()).left(120)));
    }
}

Quote quoteAt(const QString &symbol, Decimal p, const QDateTime &t)
{
    Quote q;
    q.symbol = symbol;
    q.price = p;
    q.time = t;
    return q;
}

} // namespace

QString ApiError::text() const
{
    QString m = message.isEmpty() ? QStringLiteral("no message") : message;
    if (code != 0)
        return QStringLiteral("%1 (HTTP %2, code %3)").arg(m).arg(httpStatus).arg(code);
    return QStringLiteral("%1 (HTTP %2)").arg(m).arg(httpStatus);
}

bool ApiError::isDuplicateClientOrderId() const
{
    return httpStatus == 422 && message.contains(QLatin1String("client_order_id must be unique"), Qt::CaseInsensitive);
}

ApiError parseError(int httpStatus, const QByteArray &body)
{
    ApiError e;
    e.httpStatus = httpStatus;
    const Json j = Json::parse(body.constData(), body.constData() + std::min<qint64>(body.size(), 65536), nullptr, false);
    if (!j.is_discarded() && j.is_object()) {
        if (auto it = j.find("message"); it != j.end() && it->is_string())
            e.message = QString::fromStdString(it->get<std::string>()).left(300);
        if (auto it = j.find("code"); it != j.end() && it->is_number_integer())
            e.code = it->get<qint64>();
        if (auto it = j.find("buying_power"); it != j.end() && it->is_string())
            e.message += QStringLiteral(" (buying power %1").arg(QString::fromStdString(it->get<std::string>())) +
                         (j.contains("cost_basis") && j["cost_basis"].is_string()
                              ? QStringLiteral(", cost %1)").arg(QString::fromStdString(j["cost_basis"].get<std::string>()))
                              : QStringLiteral(")"));
    }
    if (e.message.isEmpty()) {
        const QString text = QString::fromUtf8(body.left(200)).simplified();
        static const QRegularExpression tags(QStringLiteral("<[^>]*>"));
        e.message = QString(text).remove(tags).simplified().left(120);
        if (e.message.isEmpty())
            e.message = QStringLiteral("empty body");
    }
    return e;
}

QDateTime parseTimestamp(const QString &text)
{
    // 2025-11-25T14:32:10.118233467Z, 2025-11-25T09:30:00-05:00, 2025-11-25T09:30:00Z
    static const QRegularExpression re(QStringLiteral(
        R"(^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|z|[+-]\d{2}:?\d{2})$)"));
    const auto m = re.match(text.trimmed());
    if (!m.hasMatch())
        return {};
    const QDate d(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    const QString frac = m.captured(7);
    const int ms = frac.isEmpty() ? 0 : (frac + QStringLiteral("00")).left(3).toInt();
    const QTime t(m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt(), ms);
    if (!d.isValid() || !t.isValid())
        return {};
    int offset = 0;
    const QString z = m.captured(8);
    if (z != QLatin1String("Z") && z != QLatin1String("z")) {
        const QString digits = QString(z.mid(1)).remove(QLatin1Char(':'));
        offset = (digits.left(2).toInt() * 60 + digits.mid(2, 2).toInt()) * 60;
        if (z.startsWith(QLatin1Char('-')))
            offset = -offset;
    }
    return QDateTime(d, t, Qt::UTC).addSecs(-offset);
}

QDate newYorkDate(const QDateTime &utc)
{
    // New York is UTC-4 or UTC-5; a daily bar at New York midnight is 04:00Z or
    // 05:00Z of its own date. Converting with the calendar's own DST rule keeps
    // this independent of the system's time-zone database.
    const QDateTime u = utc.toUTC();
    const QDate d = u.date();
    const QDateTime nyMidnight = ExchangeCalendar::toUtc(d, QTime(0, 0));
    return u < nyMidnight ? d.addDays(-1) : d;
}

bool decodeClientOrderId(const QString &id, OrderPurpose &purpose, QString &proposalId)
{
    static const QRegularExpression re(QStringLiteral("^(en|ex|st|r[0-9a-z]{1,2})-([0-9a-f-]{8,44})$"));
    const auto m = re.match(id);
    if (!m.hasMatch())
        return false;
    const QString tag = m.captured(1);
    purpose = tag == QLatin1String("en") ? OrderPurpose::Entry : tag == QLatin1String("ex") ? OrderPurpose::Exit : OrderPurpose::ProtectiveStop;
    proposalId = QStringLiteral("prp_") + m.captured(2);
    return true;
}

Result<Order> parseOrder(const QByteArray &body)
{
    return guarded<Order>([&] { return orderFrom(parseBody(body), {}); });
}

Result<QList<Order>> parseOrderWithLegs(const QByteArray &body)
{
    return guarded<QList<Order>>([&] {
        QList<Order> out;
        appendWithLegs(parseBody(body), {}, out);
        return out;
    });
}

Result<QList<Order>> parseOrders(const QByteArray &body)
{
    return guarded<QList<Order>>([&] {
        const Json j = parseBody(body);
        if (!j.is_array())
            bad(QStringLiteral("order list"), QStringLiteral("expected an array, got %1").arg(shortText(j)));
        QList<Order> out;
        for (const Json &o : j)
            appendWithLegs(o, {}, out);
        return out;
    });
}

Result<Account> parseAccount(const QByteArray &body)
{
    return guarded<Account>([&] {
        const Json j = parseBody(body);
        const QString w = QStringLiteral("account");
        Account a;
        a.cash = dec(j, "cash", w, true);
        a.equity = dec(j, "equity", w, true);
        a.buyingPower = dec(j, "buying_power", w, true);
        a.lastEquity = dec(j, "last_equity", w);
        if (a.equity.isNegative())
            bad(w, QStringLiteral("equity is negative (%1)").arg(a.equity.toString()));
        if (boolean(j, "trading_blocked", w) || boolean(j, "account_blocked", w) || boolean(j, "trade_suspended_by_user", w))
            a.buyingPower = Decimal(); // nothing can be bought
        return a;
    });
}

Result<QList<Position>> parsePositions(const QByteArray &body)
{
    return guarded<QList<Position>>([&] {
        const Json j = parseBody(body);
        if (!j.is_array())
            bad(QStringLiteral("positions"), QStringLiteral("expected an array, got %1").arg(shortText(j)));
        QList<Position> out;
        for (const Json &p : j)
            out.append(positionFrom(p, QStringLiteral("position")));
        return out;
    });
}

Result<Position> parsePosition(const QByteArray &body)
{
    return guarded<Position>([&] { return positionFrom(parseBody(body), QStringLiteral("position")); });
}

Result<Clock> parseClock(const QByteArray &body)
{
    return guarded<Clock>([&] {
        const Json j = parseBody(body);
        const QString w = QStringLiteral("clock");
        Clock c;
        c.timestamp = time(j, "timestamp", w, true);
        c.isOpen = boolean(j, "is_open", w);
        if (!present(j, "is_open"))
            bad(w, QStringLiteral("missing field 'is_open'"));
        c.nextOpen = time(j, "next_open", w);
        c.nextClose = time(j, "next_close", w);
        return c;
    });
}

Result<QList<CalendarDay>> parseCalendar(const QByteArray &body)
{
    return guarded<QList<CalendarDay>>([&] {
        const Json j = parseBody(body);
        if (!j.is_array())
            bad(QStringLiteral("calendar"), QStringLiteral("expected an array, got %1").arg(shortText(j)));
        QList<CalendarDay> out;
        for (const Json &d : j) {
            const QString w = QStringLiteral("calendar day");
            CalendarDay c;
            c.date = QDate::fromString(str(d, "date", w), Qt::ISODate);
            c.open = QTime::fromString(str(d, "open", w), QStringLiteral("HH:mm"));
            c.close = QTime::fromString(str(d, "close", w), QStringLiteral("HH:mm"));
            if (!c.date.isValid() || !c.open.isValid() || !c.close.isValid())
                bad(w, QStringLiteral("a date or time does not read: %1").arg(shortText(d)));
            out.append(c);
        }
        return out;
    });
}

Result<QList<AssetInfo>> parseAssets(const QByteArray &body)
{
    return guarded<QList<AssetInfo>>([&] {
        const Json j = parseBody(body);
        QList<AssetInfo> out;
        const auto one = [&out](const Json &a) {
            const QString w = QStringLiteral("asset");
            AssetInfo i;
            i.symbol = str(a, "symbol", w);
            i.facts.known = true;
            i.facts.tradable = boolean(a, "tradable", w) && str(a, "status", w, false) != QLatin1String("inactive");
            i.facts.fractionable = boolean(a, "fractionable", w);
            i.shortable = boolean(a, "shortable", w);
            out.append(i);
        };
        if (j.is_array())
            for (const Json &a : j)
                one(a);
        else
            one(j);
        return out;
    });
}

Result<BarsPage> parseBarsPage(const QByteArray &body)
{
    return guarded<BarsPage>([&] {
        const Json j = parseBody(body);
        const Json &bars = member(j, "bars", QStringLiteral("bars page"));
        BarsPage page;
        if (present(j, "next_page_token"))
            page.nextPageToken = str(j, "next_page_token", QStringLiteral("bars page"));
        if (bars.is_null())
            return page;
        if (!bars.is_object())
            bad(QStringLiteral("bars page"), QStringLiteral("'bars' should map symbols to arrays"));
        for (auto it = bars.begin(); it != bars.end(); ++it) {
            const QString symbol = QString::fromStdString(it.key());
            if (!it->is_array())
                bad(QStringLiteral("bars of %1").arg(symbol.left(16)), QStringLiteral("expected an array"));
            for (const Json &b : *it) {
                const QString w = QStringLiteral("bar of %1").arg(symbol.left(16));
                Bar bar;
                bar.symbol = symbol;
                bar.session = newYorkDate(time(b, "t", w, true));
                bar.open = price(b, "o", w);
                bar.high = price(b, "h", w);
                bar.low = price(b, "l", w);
                bar.close = price(b, "c", w);
                bar.volume = volume(member(b, "v", w), w);
                page.bars.append(bar);
            }
        }
        return page;
    });
}

Result<QList<Quote>> parseLatestTrades(const QByteArray &body)
{
    return guarded<QList<Quote>>([&] {
        const Json j = parseBody(body);
        const Json &trades = member(j, "trades", QStringLiteral("latest trades"));
        QList<Quote> out;
        if (!trades.is_object())
            bad(QStringLiteral("latest trades"), QStringLiteral("'trades' should be an object"));
        for (auto it = trades.begin(); it != trades.end(); ++it) {
            const QString symbol = QString::fromStdString(it.key());
            const QString w = QStringLiteral("trade of %1").arg(symbol.left(16));
            out.append(quoteAt(symbol, price(*it, "p", w), time(*it, "t", w, true)));
        }
        return out;
    });
}

Result<QList<Quote>> parseLatestQuotes(const QByteArray &body)
{
    return guarded<QList<Quote>>([&] {
        const Json j = parseBody(body);
        const Json &quotes = member(j, "quotes", QStringLiteral("latest quotes"));
        QList<Quote> out;
        if (!quotes.is_object())
            bad(QStringLiteral("latest quotes"), QStringLiteral("'quotes' should be an object"));
        for (auto it = quotes.begin(); it != quotes.end(); ++it) {
            const QString symbol = QString::fromStdString(it.key());
            const QString w = QStringLiteral("quote of %1").arg(symbol.left(16));
            const Decimal bid = price(*it, "bp", w), ask = price(*it, "ap", w);
            Decimal mid = bid.isZero() ? ask : ask.isZero() ? bid : (bid + ask).dividedBy(Decimal::fromInt(2), 4);
            if (mid.isZero())
                continue; // no bid and no ask: no price
            out.append(quoteAt(symbol, mid, time(*it, "t", w, true)));
        }
        return out;
    });
}

Result<QList<Quote>> parseSnapshots(const QByteArray &body)
{
    return guarded<QList<Quote>>([&] {
        const Json j = parseBody(body);
        if (!j.is_object())
            bad(QStringLiteral("snapshots"), QStringLiteral("expected an object of symbols"));
        QList<Quote> out;
        for (auto it = j.begin(); it != j.end(); ++it) {
            const QString symbol = QString::fromStdString(it.key());
            if (!it->is_object() || !present(*it, "latestTrade"))
                continue; // an illiquid symbol may have no trade
            const QString w = QStringLiteral("snapshot of %1").arg(symbol.left(16));
            const Json &t = it->at("latestTrade");
            out.append(quoteAt(symbol, price(t, "p", w), time(t, "t", w, true)));
        }
        return out;
    });
}

Result<StreamFrame> parseStreamFrame(const QByteArray &frame)
{
    return guarded<StreamFrame>([&] {
        const Json j = parseBody(frame);
        StreamFrame f;
        f.stream = str(j, "stream", QStringLiteral("stream frame"));
        const Json &data = member(j, "data", QStringLiteral("stream frame"));
        if (f.stream == QLatin1String("authorization")) {
            f.status = str(data, "status", QStringLiteral("authorization"));
            f.action = str(data, "action", QStringLiteral("authorization"), false);
        } else if (f.stream == QLatin1String("trade_updates")) {
            const QString w = QStringLiteral("trade update");
            TradeUpdate u;
            u.event = str(data, "event", w);
            QList<Order> withLegs;
            appendWithLegs(member(data, "order", w), {}, withLegs);
            u.order = withLegs.takeFirst();
            u.legs = withLegs;
            u.timestamp = time(data, "timestamp", w);
            if (u.isFill()) {
                u.executionId = str(data, "execution_id", w);
                u.price = dec(data, "price", w, true);
                u.qty = dec(data, "qty", w, true);
                u.positionQty = dec(data, "position_qty", w);
                if (!u.qty.isPositive() || !u.price.isPositive())
                    bad(w, QStringLiteral("a fill needs a positive qty and price"));
            }
            f.updates.append(u);
        }
        return f;
    });
}

Result<QList<MarketMessage>> parseMarketFrame(const QByteArray &frame)
{
    return guarded<QList<MarketMessage>>([&] {
        const Json j = parseBody(frame);
        if (!j.is_array())
            bad(QStringLiteral("market-data frame"), QStringLiteral("expected an array of messages"));
        QList<MarketMessage> out;
        for (const Json &m : j) {
            const QString w = QStringLiteral("market-data message");
            MarketMessage msg;
            msg.type = str(m, "T", w);
            if (msg.type == QLatin1String("success") || msg.type == QLatin1String("error")) {
                msg.text = str(m, "msg", w, false);
                if (present(m, "code") && m.at("code").is_number_integer())
                    msg.code = m.at("code").get<int>();
            } else if (msg.type == QLatin1String("t")) {
                msg.symbol = str(m, "S", w);
                msg.price = price(m, "p", w);
                msg.time = time(m, "t", w, true);
            } else if (msg.type == QLatin1String("q")) {
                msg.symbol = str(m, "S", w);
                const Decimal bid = price(m, "bp", w), ask = price(m, "ap", w);
                msg.price = bid.isZero() ? ask : ask.isZero() ? bid : (bid + ask).dividedBy(Decimal::fromInt(2), 4);
                msg.time = time(m, "t", w, true);
            } else if (msg.type == QLatin1String("b") || msg.type == QLatin1String("d") || msg.type == QLatin1String("u")) {
                msg.symbol = str(m, "S", w);
                msg.price = price(m, "c", w);
                msg.time = time(m, "t", w, true);
            }
            out.append(msg);
        }
        return out;
    });
}

namespace {

void putDecimal(QJsonObject &o, const char *key, Decimal d)
{
    if (!d.isZero())
        o.insert(QLatin1String(key), d.toString());
}

} // namespace

QByteArray orderBody(const OrderRequest &r)
{
    QJsonObject o;
    o.insert(QStringLiteral("symbol"), r.symbol);
    putDecimal(o, "qty", r.qty);
    putDecimal(o, "notional", r.notional);
    o.insert(QStringLiteral("side"), textOf(r.side));
    o.insert(QStringLiteral("type"), textOf(r.type));
    o.insert(QStringLiteral("time_in_force"), textOf(r.timeInForce));
    // Only the prices the type takes (an entry carries its planned stop for the leg, not as a stop price).
    if (r.type == OrderType::Limit || r.type == OrderType::StopLimit)
        putDecimal(o, "limit_price", r.limitPrice);
    if (r.type == OrderType::Stop || r.type == OrderType::StopLimit)
        putDecimal(o, "stop_price", r.stopPrice);
    if (r.type == OrderType::TrailingStop) {
        putDecimal(o, "trail_price", r.trailPrice);
        putDecimal(o, "trail_percent", r.trailPercent);
    }
    o.insert(QStringLiteral("client_order_id"), r.clientOrderId);
    if (r.orderClass != OrderClass::Simple) {
        o.insert(QStringLiteral("order_class"), textOf(r.orderClass));
        if (!r.takeProfitLimit.isZero())
            o.insert(QStringLiteral("take_profit"), QJsonObject{{QStringLiteral("limit_price"), r.takeProfitLimit.toString()}});
        if (!r.stopLossStop.isZero()) {
            QJsonObject sl{{QStringLiteral("stop_price"), r.stopLossStop.toString()}};
            putDecimal(sl, "limit_price", r.stopLossLimit);
            o.insert(QStringLiteral("stop_loss"), sl);
        }
    }
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray replaceBody(const OrderRequest &r)
{
    QJsonObject o;
    putDecimal(o, "qty", r.qty);
    putDecimal(o, "limit_price", r.limitPrice);
    putDecimal(o, "stop_price", r.stopPrice);
    if (!r.trailPrice.isZero() || !r.trailPercent.isZero())
        o.insert(QStringLiteral("trail"), (r.trailPrice.isZero() ? r.trailPercent : r.trailPrice).toString());
    o.insert(QStringLiteral("time_in_force"), textOf(r.timeInForce));
    o.insert(QStringLiteral("client_order_id"), r.clientOrderId);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace alpaca
