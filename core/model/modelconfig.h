// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

/// Which model, where, and how patiently (issue: the model layer). The key is
/// never part of what is saved or printed: it comes from the keychain or the
/// environment when the client starts.
struct ModelConfig
{
    enum class Provider { None, OpenAI, Groq, Anthropic, Ollama };

    Provider provider = Provider::None;
    QString baseUrl;         ///< up to and including /v1
    QString model;
    QString apiKey;          ///< in memory only
    int timeoutMs = 20'000;  ///< per attempt
    int maxRetries = 2;      ///< on 429 (not out of quota), 5xx, 529, timeouts and dropped connections
    int maxRetryWaitMs = 30'000;
    double temperature = 0.0;
    int maxTokens = 1200;
    int batchSize = 20;      ///< symbols per selection request (1: one request per symbol)

    bool enabled() const { return provider != Provider::None; }
    /// "openai/gpt-4o-mini"
    QString label() const;
    /// The environment variable that holds this provider's key (empty for Ollama and None).
    QString keyVariable() const;
    bool needsKey() const { return provider != Provider::None && provider != Provider::Ollama; }
    /// OpenAI's Structured Outputs (a JSON schema); the others get JSON-object mode,
    /// and Anthropic a forced tool.
    bool jsonSchemaMode() const { return provider == Provider::OpenAI; }

    /// The provider's default URL and model, keeping what is set.
    static ModelConfig forProvider(Provider p, const QString &url = {}, const QString &model = {});
    static std::optional<Provider> providerFromString(const QString &s);
    static QString providerName(Provider p);
};

/// Estimated price of an exchange in US dollars from public list prices per
/// million tokens; nullopt when the model's price is not known.
std::optional<double> estimatedCostUsd(const ModelConfig &config, const QString &answeredModel, int promptTokens, int completionTokens);
