// SPDX-License-Identifier: GPL-3.0-or-later
#include "demouniverse.h"

#include "barvalidator.h"

#include <QFile>

#include <nlohmann/json.hpp>

Result<DemoUniverse> DemoUniverse::fromJson(const QByteArray &json)
{
    const auto doc = nlohmann::json::parse(json.constData(), json.constData() + json.size(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return Result<DemoUniverse>::failure(QStringLiteral("universe: not a JSON object"));
    DemoUniverse u;
    if (!doc.contains("symbols") || !doc["symbols"].is_array())
        return Result<DemoUniverse>::failure(QStringLiteral("universe: missing 'symbols' array"));
    for (const auto &item : doc["symbols"]) {
        UniverseEntry e;
        if (!item.is_object() || !item.contains("symbol") || !item["symbol"].is_string())
            return Result<DemoUniverse>::failure(QStringLiteral("universe: entry without a 'symbol'"));
        e.symbol = QString::fromStdString(item["symbol"].get<std::string>());
        if (!BarValidator::isValidSymbol(e.symbol))
            return Result<DemoUniverse>::failure(QStringLiteral("universe: invalid symbol '%1'").arg(e.symbol));
        e.name = QString::fromStdString(item.value("name", std::string()));
        e.kind = QString::fromStdString(item.value("kind", std::string("stock")));
        e.startPrice = item.value("price", 100.0);
        e.annualVol = item.value("annual_vol", 0.2);
        e.beta = item.value("beta", 1.0);
        e.fractionable = item.value("fractionable", true);
        if (!(e.startPrice > 1.0) || !(e.annualVol > 0.0 && e.annualVol < 3.0))
            return Result<DemoUniverse>::failure(QStringLiteral("universe: bad parameters for %1").arg(e.symbol));
        u.entries.append(e);
    }
    if (doc.contains("benchmarks") && doc["benchmarks"].is_array())
        for (const auto &b : doc["benchmarks"])
            if (b.is_string())
                u.benchmarks.append(QString::fromStdString(b.get<std::string>()));
    if (u.entries.isEmpty())
        return Result<DemoUniverse>::failure(QStringLiteral("universe: no symbols"));
    return u;
}

DemoUniverse DemoUniverse::builtIn()
{
    Q_INIT_RESOURCE(core_resources);
    QFile f(QStringLiteral(":/sentinel/demo_universe.json"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("built-in demo universe missing from resources");
    auto r = fromJson(f.readAll());
    if (!r)
        qFatal("built-in demo universe invalid: %s", qPrintable(r.error()));
    return r.value();
}
