// SPDX-License-Identifier: GPL-3.0-or-later
#include "modeloptions.h"

#include "persistence/database.h"

#include "pipeline/tradingengine.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QUrl>

QList<QCommandLineOption> modelOptions()
{
    return {QCommandLineOption(QStringLiteral("model-provider"),
                               QStringLiteral("The model that picks strategies and writes narratives: none (the default: the deterministic "
                                              "selector and the offline narrator), openai, groq, anthropic or ollama."),
                               QStringLiteral("NAME")),
            QCommandLineOption(QStringLiteral("model-url"), QStringLiteral("The provider's base URL, up to /v1."), QStringLiteral("URL")),
            QCommandLineOption(QStringLiteral("model"), QStringLiteral("The model's name (default: the provider's)."), QStringLiteral("NAME")),
            QCommandLineOption(QStringLiteral("model-replay"),
                               QStringLiteral("A record whose model answers are reused for the same prompts, exactly."), QStringLiteral("DB"))};
}

Result<ModelConfig> modelConfigFrom(const QCommandLineParser &parser, const ModelConfig &fromSettings)
{
    ModelConfig c = fromSettings;
    if (parser.isSet(QStringLiteral("model-provider"))) {
        const auto p = ModelConfig::providerFromString(parser.value(QStringLiteral("model-provider")));
        if (!p)
            return Result<ModelConfig>::failure(QStringLiteral("--model-provider must be none, openai, groq, anthropic or ollama, got '%1'")
                                                    .arg(parser.value(QStringLiteral("model-provider")).left(40)));
        c = ModelConfig::forProvider(*p, fromSettings.provider == *p ? fromSettings.baseUrl : QString(),
                                     fromSettings.provider == *p ? fromSettings.model : QString());
    }
    if (parser.isSet(QStringLiteral("model-url")) || parser.isSet(QStringLiteral("model"))) {
        if (!c.enabled())
            return Result<ModelConfig>::failure(QStringLiteral("--model-url and --model need --model-provider"));
        c = ModelConfig::forProvider(c.provider, parser.isSet(QStringLiteral("model-url")) ? parser.value(QStringLiteral("model-url")) : c.baseUrl,
                                     parser.isSet(QStringLiteral("model")) ? parser.value(QStringLiteral("model")) : c.model);
    }
    const QUrl url(c.baseUrl);
    if (c.enabled() && (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) || url.host().isEmpty()))
        return Result<ModelConfig>::failure(QStringLiteral("--model-url must be an http or https URL, got '%1'").arg(c.baseUrl.left(80)));
    if (c.needsKey()) {
        c.apiKey = qEnvironmentVariable(c.keyVariable().toLatin1().constData());
        if (c.apiKey.isEmpty())
            return Result<ModelConfig>::failure(QStringLiteral("--model-provider %1 needs its key in %2").arg(ModelConfig::providerName(c.provider), c.keyVariable()));
    }
    return c;
}

Result<QString> modelReplayFrom(const QCommandLineParser &parser)
{
    if (!parser.isSet(QStringLiteral("model-replay")))
        return QString();
    const QString path = Database::resolveLocation(parser.value(QStringLiteral("model-replay")));
    if (!Database::isPostgresUrl(path) && !QFileInfo::exists(path))
        return Result<QString>::failure(QStringLiteral("--model-replay: no such file %1").arg(path));
    return path;
}

void addModelSummary(nlohmann::json &out, const TradingEngine &engine)
{
    const ModelDesk::Counters &c = engine.modelDesk().counters();
    out["selector"] = engine.modelDesk().label().toStdString();
    out["model_calls"] = c.calls;
    out["model_replayed"] = c.replayed;
    out["model_failures"] = c.failures;
    out["model_fallbacks"] = c.fallbacks;
    out["model_breaker"] = textOf(engine.guard().breaker(TradingGuard::Model).state()).toStdString();
    out["narratives"] = c.narratives;
    out["narratives_flagged"] = c.narrativesFlagged;
}
