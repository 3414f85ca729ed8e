// SPDX-License-Identifier: GPL-3.0-or-later
#include "appsettings.h"

#include "domain/symbol.h"

#include "pipeline/engineoptions.h"
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


} // namespace

AppSettings::AppSettings()
    : exits(EngineOptions::defaultExits())
{
}

AppSettings AppSettings::fromJson(const QByteArray &json)
{
    AppSettings s;
    const Json doc = Json::parse(json.constData(), json.constData() + json.size(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        s.warnings.append(QStringLiteral("the settings file is not a JSON object; using all defaults"));
        return s;
    }
    // As the engine journals it: the keys in order, compact (keys are never in the file).
    s.canonical = QString::fromStdString(doc.dump());
    static const QStringList known{QStringLiteral("starting_cash"),     QStringLiteral("session_interval_ms"), QStringLiteral("ticks_per_session"),
                                   QStringLiteral("seed"),              QStringLiteral("proposal_ttl_sessions"), QStringLiteral("proposal_min_wait_s"),
                                   QStringLiteral("risk"),              QStringLiteral("exits"),             QStringLiteral("desk"),
                                   QStringLiteral("broker"),            QStringLiteral("live"),
                                   QStringLiteral("universe"), QStringLiteral("database"),          QStringLiteral("alpaca"),
                                   QStringLiteral("model")};
    for (auto it = doc.begin(); it != doc.end(); ++it) {
        const QString key = QString::fromStdString(it.key());
        if (!known.contains(key))
            s.warnings.append(QStringLiteral("unknown setting '%1' is ignored (known: %2)").arg(key.left(80), known.join(QStringLiteral(", "))));
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
    if (readNumber(doc, "proposal_min_wait_s", 0, 86400, v, s.warnings))
        s.proposalMinWaitSeconds = static_cast<int>(v);
    if (doc.contains("broker")) {
        const Json &b = doc["broker"];
        if (b.is_string() && (b.get<std::string>() == "sim" || b.get<std::string>() == "alpaca"))
            s.broker = QString::fromStdString(b.get<std::string>());
        else
            s.warnings.append(QStringLiteral("setting 'broker' must be \"sim\" or \"alpaca\"; using sim"));
    }
    if (doc.contains("live")) {
        if (doc["live"].is_boolean())
            s.live = doc["live"].get<bool>();
        else
            s.warnings.append(QStringLiteral("setting 'live' must be true or false; using false"));
    }
    if (doc.contains("universe")) {
        const Json &u = doc["universe"];
        QStringList symbols;
        bool ok = u.is_array() && u.size() <= 2000;
        for (std::size_t i = 0; ok && i < u.size(); ++i) {
            const Result<QString> sym = normalizeSymbol(u[i].is_string() ? QString::fromStdString(u[i].get<std::string>()) : QString());
            if (sym)
                symbols.append(sym.value());
            else
                ok = false;
        }
        if (ok)
            s.universe = symbols;
        else
            s.warnings.append(QStringLiteral("setting 'universe' must be a list of up to 2000 symbols; using the demo's universe"));
    }
    if (doc.contains("database")) {
        const Json &d = doc["database"];
        if (!d.is_string() || d.get<std::string>().empty())
            s.warnings.append(QStringLiteral("setting 'database' must be a file's path or a postgresql:// URL; using the default record"));
        else
            s.database = QString::fromStdString(d.get<std::string>());
    }
    if (doc.contains("alpaca")) {
        const Json &a = doc["alpaca"];
        if (!a.is_object()) {
            s.warnings.append(QStringLiteral("setting 'alpaca' must be an object"));
        } else {
            for (auto it = a.begin(); it != a.end(); ++it) {
                const QString key = QString::fromStdString(it.key());
                QString *field = key == QLatin1String("trading_url") ? &s.tradingUrl
                                 : key == QLatin1String("data_url") ? &s.dataUrl
                                 : key == QLatin1String("data_stream_url") ? &s.dataStreamUrl
                                 : key == QLatin1String("feed") ? &s.feed
                                                                  : nullptr;
                if (key.contains(QLatin1String("key"), Qt::CaseInsensitive) || key.contains(QLatin1String("secret"), Qt::CaseInsensitive))
                    s.warnings.append(QStringLiteral("alpaca.%1: keys never belong in the settings; it is ignored (use the keychain or "
                                                     "APCA_API_KEY_ID / APCA_API_SECRET_KEY)").arg(key.left(40)));
                else if (!field || !it->is_string())
                    s.warnings.append(QStringLiteral("alpaca.%1 is not a known text setting (trading_url, data_url, data_stream_url, feed)")
                                          .arg(key.left(40)));
                else
                    *field = QString::fromStdString(it->get<std::string>());
            }
        }
    }
    if (doc.contains("model")) {
        const Json &m = doc["model"];
        if (!m.is_object()) {
            s.warnings.append(QStringLiteral("setting 'model' must be an object"));
        } else {
            for (auto it = m.begin(); it != m.end(); ++it) {
                const QString key = QString::fromStdString(it.key());
                QString *field = key == QLatin1String("provider") ? &s.modelProvider
                                 : key == QLatin1String("url") ? &s.modelUrl
                                 : key == QLatin1String("model") ? &s.modelName
                                                                   : nullptr;
                if (key.contains(QLatin1String("key"), Qt::CaseInsensitive) || key.contains(QLatin1String("secret"), Qt::CaseInsensitive))
                    s.warnings.append(QStringLiteral("model.%1: keys never belong in the settings; it is ignored (use the keychain or "
                                                     "OPENAI_API_KEY / GROQ_API_KEY / ANTHROPIC_API_KEY)").arg(key.left(40)));
                else if (!field || !it->is_string())
                    s.warnings.append(QStringLiteral("model.%1 is not a known text setting (provider, url, model)").arg(key.left(40)));
                else
                    *field = QString::fromStdString(it->get<std::string>());
            }
            if (!ModelConfig::providerFromString(s.modelProvider)) {
                s.warnings.append(QStringLiteral("model.provider must be none, openai, groq, anthropic or ollama; using none"));
                s.modelProvider = QStringLiteral("none");
            }
        }
    }
    if (doc.contains("risk")) {
        const Json &r = doc["risk"];
        if (!r.is_object()) {
            s.warnings.append(QStringLiteral("setting 'risk' must be an object; using the default limits"));
        } else {
            // The same keys as `sentinel-cli risk-check --config`; each bad one keeps its default.
            QStringList problems;
            s.risk = RiskConfig::fromJson(QByteArray::fromStdString(r.dump()), problems, s.risk);
            for (const QString &p : std::as_const(problems))
                s.warnings.append(QStringLiteral("risk: %1; using the default").arg(p));
        }
    }
    if (doc.contains("exits")) {
        const Json &x = doc["exits"];
        if (!x.is_object()) {
            s.warnings.append(QStringLiteral("setting 'exits' must be an object; using the default exit rules"));
        } else {
            const auto pct = [&](const char *key, Decimal &field) {
                double v = 0;
                if (readNumber(x, key, 0, 100, v, s.warnings))
                    field = Decimal::fromDouble(v / 100.0, 8).value_or(field);
            };
            pct("stop_loss_pct", s.exits.stopLossPct);
            pct("take_profit_pct", s.exits.takeProfitPct);
            pct("trailing_pct", s.exits.trailingPct);
            pct("breakeven_pct", s.exits.breakevenTriggerPct);
            double v = 0;
            if (readNumber(x, "trailing_atr", 0, 20, v, s.warnings))
                s.exits.trailingAtrMultiple = Decimal::fromDouble(v, 4).value_or(s.exits.trailingAtrMultiple);
            if (readNumber(x, "atr_stop", 0, 20, v, s.warnings))
                s.exits.atrStopMultiple = Decimal::fromDouble(v, 4).value_or(s.exits.atrStopMultiple);
            if (readNumber(x, "max_bars", 0, 10000, v, s.warnings))
                s.exits.maxBarsHeld = static_cast<int>(v);
            if (x.contains("auto_tighten_stops")) {
                if (x["auto_tighten_stops"].is_boolean())
                    s.autoTightenStops = x["auto_tighten_stops"].get<bool>();
                else
                    s.warnings.append(QStringLiteral("setting 'auto_tighten_stops' must be true or false; using the default"));
            }
        }
    }
    if (doc.contains("desk")) {
        const Json &d = doc["desk"];
        if (!d.is_object()) {
            s.warnings.append(QStringLiteral("setting 'desk' must be an object; using the desk's defaults"));
        } else {
            double v = 0;
            if (readNumber(d, "deliberate_share_pct", 0, 100, v, s.warnings))
                s.desk.deliberateShare = Decimal::fromDouble(v / 100.0, 8).value_or(s.desk.deliberateShare);
            if (readNumber(d, "countdown_s", 0, 30, v, s.warnings))
                s.desk.countdownSeconds = static_cast<int>(v);
            if (readNumber(d, "min_look_s", 0, 60, v, s.warnings))
                s.desk.minLookSeconds = static_cast<int>(v);
            if (readNumber(d, "blind_streak", 0, 100, v, s.warnings))
                s.desk.blindStreak = static_cast<int>(v);
            if (readNumber(d, "expiry_minutes", 0, 1440, v, s.warnings))
                s.desk.expiryMinutes = static_cast<int>(v);
            if (readNumber(d, "drift_pct", 0, 100, v, s.warnings))
                s.desk.driftPct = Decimal::fromDouble(v / 100.0, 8).value_or(s.desk.driftPct);
            const std::pair<const char *, bool *> flags[]{{"notifications", &s.desk.notifications},
                                                          {"sound", &s.desk.sound},
                                                          {"deliberate_first_in_symbol", &s.desk.deliberateFirstInSymbol},
                                                          {"deliberate_after_reset", &s.desk.deliberateAfterReset}};
            for (const auto &[key, field] : flags) {
                if (!d.contains(key))
                    continue;
                if (d[key].is_boolean())
                    *field = d[key].get<bool>();
                else
                    s.warnings.append(QStringLiteral("setting 'desk.%1' must be true or false; using the default").arg(QLatin1String(key)));
            }
        }
    }
    return s;
}

AppSettings AppSettings::load(const QString &path, bool named)
{
    QFile f(path);
    if (!f.exists()) {
        AppSettings s;
        if (named) {
            s.warnings.append(QStringLiteral("the settings file %1 does not exist; using all defaults").arg(path));
            qCWarning(lcSettings).noquote() << s.warnings.back();
        }
        return s;
    }
    if (!f.open(QIODevice::ReadOnly)) {
        AppSettings s;
        s.warnings.append(QStringLiteral("cannot read %1 (%2); using all defaults").arg(path, f.errorString()));
        return s;
    }
    // A settings file is small; anything over 1 MiB is not one.
    if (f.size() > 1024 * 1024) {
        AppSettings big;
        big.warnings.append(QStringLiteral("%1 is %2 bytes, more than the limit of 1048576 for a settings file; using all defaults").arg(path).arg(f.size()));
        qCWarning(lcSettings).noquote() << big.warnings.back();
        return big;
    }
    AppSettings s = fromJson(f.readAll());
    for (QString &w : s.warnings) {
        w = path + QStringLiteral(": ") + w;
        qCWarning(lcSettings).noquote() << w;
    }
    return s;
}

EngineOptions AppSettings::engineOptions(const QString &dbPath) const
{
    EngineOptions o;
    o.dbPath = dbPath;
    o.settingsText = canonical;
    o.market.seed = seed;
    o.market.ticksPerSession = ticksPerSession;
    o.startingCash = startingCash;
    o.risk = risk;
    o.proposalTtlSessions = proposalTtlSessions;
    o.proposalMinWaitMs = proposalMinWaitSeconds * 1000;
    o.desk = desk;
    o.exits = exits;
    o.autoTightenStops = autoTightenStops;
    o.venue = broker == QLatin1String("alpaca") ? EngineOptions::VenueKind::Alpaca : EngineOptions::VenueKind::Simulated;
    o.live = live;
    o.universe = universe;
    o.alpaca = AlpacaEndpoints::fromEnvironment();
    if (!tradingUrl.isEmpty())
        o.alpaca.trading = QUrl(tradingUrl);
    if (!dataUrl.isEmpty())
        o.alpaca.data = QUrl(dataUrl);
    if (!dataStreamUrl.isEmpty())
        o.alpaca.dataStream = QUrl(dataStreamUrl);
    o.alpaca.feed = feed;
    // The model's key is added by whoever starts the engine (keychain or environment).
    o.model = ModelConfig::forProvider(ModelConfig::providerFromString(modelProvider).value_or(ModelConfig::Provider::None), modelUrl, modelName);
    return o;
}

QString AppSettings::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + QStringLiteral("/settings.json");
}
