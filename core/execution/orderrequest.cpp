// SPDX-License-Identifier: GPL-3.0-or-later
#include "orderrequest.h"

#include "domain/order.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

QString clientOrderIdFor(const QString &proposalId, OrderPurpose purpose, int generation)
{
    const char *tag = purpose == OrderPurpose::Entry ? "en" : purpose == OrderPurpose::Exit ? "ex" : "st";
    // Alpaca allows 48 characters; a proposal id is a prefix plus a 36-character UUID.
    const QString core = proposalId.section(QLatin1Char('_'), -1).left(44);
    if (generation <= 0)
        return QLatin1String(tag) + QLatin1Char('-') + core;
    // A replaced stop: "r" and the generation in base 36 (at most two digits) keep it
    // within 48, and no tag of another purpose starts with "r".
    return QLatin1Char('r') + QString::number(std::min(generation, 36 * 36 - 1), 36) + QLatin1Char('-') + core;
}

QString termsJson(const OrderRequest &r)
{
    QJsonObject o;
    const auto put = [&o](const char *key, const Decimal &d) {
        if (!d.isZero())
            o.insert(QLatin1String(key), d.toString());
    };
    put("limit_price", r.limitPrice);
    put("trail_percent", r.trailPercent);
    put("trail_price", r.trailPrice);
    put("notional", r.notional);
    put("take_profit", r.takeProfitLimit);
    put("stop_loss", r.stopLossStop);
    put("stop_loss_limit", r.stopLossLimit);
    if (r.timeInForce != TimeInForce::Day)
        o.insert(QStringLiteral("tif"), textOf(r.timeInForce));
    if (r.orderClass != OrderClass::Simple)
        o.insert(QStringLiteral("class"), textOf(r.orderClass));
    return o.isEmpty() ? QString() : QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

void applyTerms(OrderRequest &r, const QString &json)
{
    if (json.isEmpty())
        return;
    const QJsonObject o = QJsonDocument::fromJson(json.toUtf8()).object();
    const auto get = [&o](const char *key, Decimal &d) {
        if (auto v = Decimal::parse(o.value(QLatin1String(key)).toString()))
            d = *v;
    };
    get("limit_price", r.limitPrice);
    get("trail_percent", r.trailPercent);
    get("trail_price", r.trailPrice);
    get("notional", r.notional);
    get("take_profit", r.takeProfitLimit);
    get("stop_loss", r.stopLossStop);
    get("stop_loss_limit", r.stopLossLimit);
    r.timeInForce = timeInForceFromString(o.value(QStringLiteral("tif")).toString()).value_or(TimeInForce::Day);
    r.orderClass = orderClassFromString(o.value(QStringLiteral("class")).toString()).value_or(OrderClass::Simple);
}

OrderRequest makeOrderRequest(const QString &clientOrderId, const QString &proposalId, const QString &symbol, Side side,
                              OrderType type, OrderPurpose purpose, Decimal qty, Decimal stopPrice)
{
    OrderRequest r;
    r.clientOrderId = clientOrderId;
    r.proposalId = proposalId;
    r.symbol = symbol;
    r.side = side;
    r.type = type;
    r.purpose = purpose;
    r.qty = qty;
    r.stopPrice = stopPrice;
    if (type == OrderType::Stop)
        r.timeInForce = TimeInForce::Gtc; // a protective stop outlives the session
    return r;
}

Order orderFor(const OrderRequest &request, OrderStatus status, const QDateTime &now)
{
    Order o;
    o.clientOrderId = request.clientOrderId;
    o.proposalId = request.proposalId;
    o.symbol = request.symbol;
    o.side = request.side;
    o.type = request.type;
    o.purpose = request.purpose;
    o.qty = request.qty;
    o.stopPrice = request.stopPrice;
    o.limitPrice = request.limitPrice;
    o.trailPercent = request.trailPercent;
    o.trailPrice = request.trailPrice;
    o.notional = request.notional;
    o.timeInForce = request.timeInForce;
    o.orderClass = request.orderClass;
    o.stopLossStop = request.stopLossStop;
    o.takeProfitLimit = request.takeProfitLimit;
    o.status = status;
    o.createdAt = o.updatedAt = now;
    return o;
}

QString termsJson(const Order &o)
{
    OrderRequest terms;
    terms.limitPrice = o.limitPrice;
    terms.trailPercent = o.trailPercent;
    terms.trailPrice = o.trailPrice;
    terms.notional = o.notional;
    terms.timeInForce = o.timeInForce;
    terms.orderClass = o.orderClass;
    terms.stopLossStop = o.stopLossStop;
    terms.takeProfitLimit = o.takeProfitLimit;
    return termsJson(terms);
}

void applyTerms(Order &o, const QString &json)
{
    OrderRequest terms;
    applyTerms(terms, json);
    o.limitPrice = terms.limitPrice;
    o.trailPercent = terms.trailPercent;
    o.trailPrice = terms.trailPrice;
    o.notional = terms.notional;
    o.timeInForce = terms.timeInForce;
    o.orderClass = terms.orderClass;
    o.stopLossStop = terms.stopLossStop;
    o.takeProfitLimit = terms.takeProfitLimit;
}
