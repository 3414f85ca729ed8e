// SPDX-License-Identifier: GPL-3.0-or-later
#include "appsettings.h"

#include "util/logging.h"

#include <QFile>
#include <QStandardPaths>

#include <nlohmann/json.hpp>

#include <cmath>

namespace {

using Json = nlohmann::json;

// Reads a number in [lo, hi]; anything else keeps the default and warns.
bool readNumber(const Json &obj, const char *key, double lo, double hi, double &out, QStringList &warnings)
{
    if (!obj.contains(key))
        return false;
    const Json &v = obj.at(key);
    if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < lo || v.get<double>() > hi) {
        warnings.append(QStringLiteral("setting '%1' must be a number from %2 to %3; using the default")
                            .arg(QLatin1String(key))
                            .arg(lo)
                            .arg(hi));
        return false;
    }
    out = v.get<double>();
    return true;
}

void readPercent(const Json &obj, const char *key, double lo, double hi, Decimal &out, QStringList &warnings)
{
    double v = 0;
    if (readNumber(obj, key, lo, hi, v, warnings))
        out = Decimal::fromDouble(v / 100.0, 6).value_or(out);
}

} // namespace

AppSettings AppSettings::fromJson(const QByteArray &json)
{
    AppSettings s;
    const Json doc = Json::parse(json.constData(), json.constData() + json.size(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        s.warnings.append(QStringLiteral("the settings file is not a JSON object; using all defaults"));
        return s;
    }
    double v = 0;
    if (readNumber(doc, "starting_cash", 100, 1e9, v, s.warnings))
        s.startingCash = Decimal::fromDouble(v, 2).value_or(s.startingCash);
    if (readNumber(doc, "session_interval_ms", 100, 600000, v, s.warnings))
        s.sessionIntervalMs = static_cast<int>(v);
    if (readNumber(doc, "ticks_per_session", 2, 390, v, s.warnings))
        s.ticksPerSession = static_cast<int>(v);
    if (readNumber(doc, "seed", 0, 9e15, v, s.warnings))
        s.seed = static_cast<std::uint64_t>(v);
    if (readNumber(doc, "proposal_ttl_sessions", 1, 1000, v, s.warnings))
        s.proposalTtlSessions = static_cast<int>(v);
    if (doc.contains("risk")) {
        const Json &r = doc["risk"];
        if (!r.is_object()) {
            s.warnings.append(QStringLiteral("setting 'risk' must be an object; using the default limits"));
        } else {
            readNumber(r, "min_confidence", 0, 1, s.risk.minConfidence, s.warnings);
            readPercent(r, "risk_per_trade_pct", 0.01, 10, s.risk.riskPerTrade, s.warnings);
            readPercent(r, "per_position_cap_pct", 0.1, 100, s.risk.perPositionCap, s.warnings);
            readPercent(r, "gross_exposure_pct", 1, 100, s.risk.grossExposureCap, s.warnings);
            if (readNumber(r, "min_notional", 1, 1e6, v, s.warnings))
                s.risk.minNotional = Decimal::fromDouble(v, 2).value_or(s.risk.minNotional);
            if (r.contains("fractional_enabled")) {
                if (r["fractional_enabled"].is_boolean())
                    s.risk.fractionalEnabled = r["fractional_enabled"].get<bool>();
                else
                    s.warnings.append(QStringLiteral("setting 'fractional_enabled' must be true or false; using the default"));
            }
        }
    }
    return s;
}

AppSettings AppSettings::load(const QString &path)
{
    QFile f(path);
    if (!f.exists())
        return {};
    if (!f.open(QIODevice::ReadOnly)) {
        AppSettings s;
        s.warnings.append(QStringLiteral("cannot read %1 (%2); using all defaults").arg(path, f.errorString()));
        return s;
    }
    AppSettings s = fromJson(f.readAll());
    for (QString &w : s.warnings) {
        w = path + QStringLiteral(": ") + w;
        qCWarning(lcSettings).noquote() << w;
    }
    return s;
}

QString AppSettings::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + QStringLiteral("/settings.json");
}
