// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/modelconfig.h"
#include "util/result.h"

#include <QCommandLineOption>
#include <QList>

#include <nlohmann/json.hpp>

class QCommandLineParser;
class TradingEngine;

/// The model options shared by demo, run and backtest:
/// --model-provider none|openai|groq|anthropic|ollama, --model-url URL,
/// --model NAME and --model-replay DB.
QList<QCommandLineOption> modelOptions();
/// The model configuration from the options over `fromSettings`; the key comes
/// from the provider's environment variable (OPENAI_API_KEY, GROQ_API_KEY,
/// ANTHROPIC_API_KEY). An error names the bad option.
Result<ModelConfig> modelConfigFrom(const QCommandLineParser &parser, const ModelConfig &fromSettings);
/// --model-replay as an absolute path (empty when not given); an error when the file is missing.
Result<QString> modelReplayFrom(const QCommandLineParser &parser);
/// model_calls, model_failures, model_fallbacks, model_breaker, narratives,
/// narratives_flagged (and the selector's label) for the printed summary.
void addModelSummary(nlohmann::json &out, const TradingEngine &engine);
