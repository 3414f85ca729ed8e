// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "modelconfig.h"
#include "modelprompt.h"

#include <QDateTime>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QThread>

#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

/// One request to a model and what came of it, as the record keeps it. The key
/// is never part of it.
struct ModelExchange
{
    enum class Outcome { Ok, Replayed, Truncated, Refusal, HttpError, Timeout, Network, BadPayload, TooLarge, Invalid };

    QString id;
    QString purpose;       ///< selection, narrative, probe
    QString promptVersion;
    QString inputHash;
    QString provider;
    QString model;         ///< as the provider named it in its answer (or as asked)
    QString request;       ///< the body sent
    QString response;      ///< the body received (bounded)
    QString answer;        ///< the model's text (JSON for structured answers)
    int promptTokens = 0;
    int completionTokens = 0;
    qint64 latencyMs = 0;
    std::optional<double> costUsd;
    int attempts = 0;
    int httpStatus = 0;
    Outcome outcome = Outcome::Network;
    QString reason;        ///< why it failed, or why its answer was refused
    QDateTime at;          ///< UTC, when it was sent

    bool ok() const { return outcome == Outcome::Ok || outcome == Outcome::Replayed; }
};
Q_DECLARE_METATYPE(ModelExchange)

QString textOf(ModelExchange::Outcome o);
std::optional<ModelExchange::Outcome> exchangeOutcomeFromString(const QString &s);

/// Talks to one provider over HTTP: OpenAI-compatible chat completions
/// (OpenAI, Groq, Ollama and other local servers) or Anthropic Messages. It
/// asks for structured output (a JSON schema, JSON-object mode, or a forced
/// tool), retries 429 (unless out of quota), 5xx, 529, timeouts and dropped
/// connections with Retry-After honoured, and bounds every answer. Lives on
/// its own thread (ModelService).
class ModelClient : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 kMaxBodyBytes = 1 << 20;

    explicit ModelClient(ModelConfig config, QObject *parent = nullptr);
    ~ModelClient() override;
    const ModelConfig &config() const { return m_config; }

    /// Sends the prompt; answered() reports the exchange (whatever happened).
    void ask(const QString &id, const modelprompt::Prompt &prompt);
    /// The body that ask() sends (for the record and for tests).
    QByteArray requestBody(const modelprompt::Prompt &prompt) const;

Q_SIGNALS:
    void answered(const ModelExchange &exchange);

private:
    struct Call;
    void send(const std::shared_ptr<Call> &call);
    void finish(const std::shared_ptr<Call> &call, QNetworkReply *reply);
    void done(const std::shared_ptr<Call> &call);
    void parseAnswer(ModelExchange &x, const QByteArray &body, bool structured) const;

    ModelConfig m_config;
    QNetworkAccessManager *m_nam = nullptr;
};

/// The model client on a thread of its own. ask() may be called from the
/// owner's thread; the answer comes back on it.
class ModelService : public QObject
{
    Q_OBJECT
public:
    explicit ModelService(ModelConfig config, QObject *parent = nullptr);
    ~ModelService() override;
    const ModelConfig &config() const { return m_config; }
    void ask(const QString &id, const modelprompt::Prompt &prompt);
    QByteArray requestBody(const modelprompt::Prompt &prompt) const { return m_client->requestBody(prompt); }

Q_SIGNALS:
    void answered(const ModelExchange &exchange);

private:
    ModelConfig m_config;
    QThread m_thread;
    ModelClient *m_client = nullptr;
};
