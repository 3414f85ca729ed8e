// SPDX-License-Identifier: GPL-3.0-or-later
#include "modelconfig.h"

QString ModelConfig::providerName(Provider p)
{
    switch (p) {
    case Provider::None: return QStringLiteral("none");
    case Provider::OpenAI: return QStringLiteral("openai");
    case Provider::Groq: return QStringLiteral("groq");
    case Provider::Anthropic: return QStringLiteral("anthropic");
    case Provider::Ollama: return QStringLiteral("ollama");
    }
    return QStringLiteral("none");
}

std::optional<ModelConfig::Provider> ModelConfig::providerFromString(const QString &s)
{
    for (Provider p : {Provider::None, Provider::OpenAI, Provider::Groq, Provider::Anthropic, Provider::Ollama})
        if (s.compare(providerName(p), Qt::CaseInsensitive) == 0)
            return p;
    return std::nullopt;
}

QString ModelConfig::label() const
{
    return provider == Provider::None ? QStringLiteral("none") : providerName(provider) + QLatin1Char('/') + model;
}

QString ModelConfig::keyVariable() const
{
    switch (provider) {
    case Provider::OpenAI: return QStringLiteral("OPENAI_API_KEY");
    case Provider::Groq: return QStringLiteral("GROQ_API_KEY");
    case Provider::Anthropic: return QStringLiteral("ANTHROPIC_API_KEY");
    default: return {};
    }
}

ModelConfig ModelConfig::forProvider(Provider p, const QString &url, const QString &model)
{
    ModelConfig c;
    c.provider = p;
    switch (p) {
    case Provider::OpenAI:
        c.baseUrl = QStringLiteral("https://api.openai.com/v1");
        c.model = QStringLiteral("gpt-4o-mini");
        break;
    case Provider::Groq:
        c.baseUrl = QStringLiteral("https://api.groq.com/openai/v1");
        c.model = QStringLiteral("llama-3.3-70b-versatile");
        break;
    case Provider::Anthropic:
        c.baseUrl = QStringLiteral("https://api.anthropic.com/v1");
        c.model = QStringLiteral("claude-haiku-4-5");
        break;
    case Provider::Ollama:
        c.baseUrl = QStringLiteral("http://127.0.0.1:11434/v1");
        c.model = QStringLiteral("llama3.1");
        break;
    case Provider::None:
        break;
    }
    if (!url.isEmpty())
        c.baseUrl = url.endsWith(QLatin1Char('/')) ? url.chopped(1) : url;
    if (!model.isEmpty())
        c.model = model;
    return c;
}

std::optional<double> estimatedCostUsd(const ModelConfig &config, const QString &answeredModel, int promptTokens, int completionTokens)
{
    if (config.provider == ModelConfig::Provider::Ollama)
        return 0.0; // a local server
    struct Price
    {
        const char *prefix;
        double in;
        double out;
    };
    // US dollars per million tokens, from the providers' public price lists.
    static const Price prices[] = {
        {"gpt-4o-mini", 0.15, 0.60},         {"gpt-4o", 2.50, 10.00},          {"gpt-4.1-mini", 0.40, 1.60},
        {"gpt-4.1-nano", 0.10, 0.40},        {"gpt-4.1", 2.00, 8.00},          {"llama-3.3-70b", 0.59, 0.79},
        {"llama-3.1-8b", 0.05, 0.08},        {"claude-haiku-4-5", 1.00, 5.00}, {"claude-sonnet-4", 3.00, 15.00},
        {"claude-opus-4", 15.00, 75.00},     {"claude-3-5-haiku", 0.80, 4.00},
    };
    const QString m = answeredModel.isEmpty() ? config.model : answeredModel;
    for (const Price &p : prices)
        if (m.startsWith(QLatin1String(p.prefix)))
            return (promptTokens * p.in + completionTokens * p.out) / 1e6;
    return std::nullopt;
}
