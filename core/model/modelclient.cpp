// SPDX-License-Identifier: GPL-3.0-or-later
#include "modelclient.h"

#include "util/logging.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QTimer>
#include <QUrl>

#include <cmath>

namespace {

constexpr int kResponseKept = 256 * 1024;

struct Outcomes
{
    ModelExchange::Outcome o;
    const char *name;
};
constexpr Outcomes kOutcomes[] = {
    {ModelExchange::Outcome::Ok, "ok"},           {ModelExchange::Outcome::Replayed, "replayed"},
    {ModelExchange::Outcome::Truncated, "truncated"}, {ModelExchange::Outcome::Refusal, "refusal"},
    {ModelExchange::Outcome::HttpError, "http_error"}, {ModelExchange::Outcome::Timeout, "timeout"},
    {ModelExchange::Outcome::Network, "network"}, {ModelExchange::Outcome::BadPayload, "bad_payload"},
    {ModelExchange::Outcome::TooLarge, "too_large"}, {ModelExchange::Outcome::Invalid, "invalid"},
};

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

} // namespace

QString textOf(ModelExchange::Outcome o)
{
    for (const Outcomes &x : kOutcomes)
        if (x.o == o)
            return QLatin1String(x.name);
    return QStringLiteral("network");
}

std::optional<ModelExchange::Outcome> exchangeOutcomeFromString(const QString &s)
{
    for (const Outcomes &x : kOutcomes)
        if (s == QLatin1String(x.name))
            return x.o;
    return std::nullopt;
}

struct ModelClient::Call
{
    modelprompt::Prompt prompt;
    ModelExchange x;
    QByteArray body;
    QElapsedTimer clock;
    QPointer<QNetworkReply> reply;
    bool tooLarge = false;
    bool validateRetried = false;
};

ModelClient::ModelClient(ModelConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{
}

ModelClient::~ModelClient() = default;

QByteArray ModelClient::requestBody(const modelprompt::Prompt &p) const
{
    QJsonObject body{{QStringLiteral("model"), m_config.model}, {QStringLiteral("temperature"), m_config.temperature}};
    if (m_config.provider == ModelConfig::Provider::Anthropic) {
        body.insert(QStringLiteral("max_tokens"), m_config.maxTokens);
        body.insert(QStringLiteral("system"), p.system);
        body.insert(QStringLiteral("messages"),
                    QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), p.user}}});
        if (!p.schemaName.isEmpty()) {
            // A forced tool is Anthropic's portable way to a JSON answer.
            body.insert(QStringLiteral("tools"), QJsonArray{QJsonObject{{QStringLiteral("name"), p.schemaName},
                                                                        {QStringLiteral("description"), QStringLiteral("Record the answer.")},
                                                                        {QStringLiteral("input_schema"), p.schema}}});
            body.insert(QStringLiteral("tool_choice"), QJsonObject{{QStringLiteral("type"), QStringLiteral("tool")}, {QStringLiteral("name"), p.schemaName}});
        }
    } else {
        body.insert(QStringLiteral("messages"),
                    QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("system")}, {QStringLiteral("content"), p.system}},
                               QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), p.user}}});
        // OpenAI prefers max_completion_tokens; Groq and local servers take max_tokens.
        body.insert(m_config.provider == ModelConfig::Provider::OpenAI ? QStringLiteral("max_completion_tokens") : QStringLiteral("max_tokens"),
                    m_config.maxTokens);
        if (!p.schemaName.isEmpty()) {
            if (m_config.jsonSchemaMode())
                body.insert(QStringLiteral("response_format"),
                            QJsonObject{{QStringLiteral("type"), QStringLiteral("json_schema")},
                                        {QStringLiteral("json_schema"), QJsonObject{{QStringLiteral("name"), p.schemaName},
                                                                                   {QStringLiteral("strict"), true},
                                                                                   {QStringLiteral("schema"), p.schema}}}});
            else
                body.insert(QStringLiteral("response_format"), QJsonObject{{QStringLiteral("type"), QStringLiteral("json_object")}});
        }
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

void ModelClient::ask(const QString &id, const modelprompt::Prompt &prompt)
{
    if (!m_nam)
        m_nam = new QNetworkAccessManager(this);
    auto call = std::make_shared<Call>();
    call->prompt = prompt;
    call->body = requestBody(prompt);
    ModelExchange &x = call->x;
    x.id = id;
    x.purpose = prompt.purpose;
    x.promptVersion = prompt.version;
    x.inputHash = prompt.inputHash;
    x.provider = ModelConfig::providerName(m_config.provider);
    x.model = m_config.model;
    x.request = QString::fromUtf8(call->body);
    x.at = QDateTime::currentDateTimeUtc();
    call->clock.start();
    if (m_config.needsKey() && m_config.apiKey.isEmpty()) {
        x.outcome = ModelExchange::Outcome::HttpError;
        x.reason = QStringLiteral("no key for %1 (set %2 or store one in the keychain)").arg(x.provider, m_config.keyVariable());
        done(call);
        return;
    }
    send(call);
}

void ModelClient::send(const std::shared_ptr<Call> &call)
{
    ++call->x.attempts;
    call->tooLarge = false;
    const bool anthropic = m_config.provider == ModelConfig::Provider::Anthropic;
    QNetworkRequest req(QUrl(m_config.baseUrl + (anthropic ? QStringLiteral("/messages") : QStringLiteral("/chat/completions"))));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    req.setTransferTimeout(m_config.timeoutMs);
    if (anthropic) {
        req.setRawHeader("x-api-key", m_config.apiKey.toUtf8());
        req.setRawHeader("anthropic-version", "2023-06-01");
    } else if (!m_config.apiKey.isEmpty()) {
        req.setRawHeader("Authorization", "Bearer " + m_config.apiKey.toUtf8());
    }
    QNetworkReply *reply = m_nam->post(req, call->body);
    call->reply = reply;
    connect(reply, &QNetworkReply::downloadProgress, this, [call, reply](qint64 received, qint64 total) {
        if (received > kMaxBodyBytes || total > kMaxBodyBytes) {
            call->tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [this, call, reply] { finish(call, reply); });
}

void ModelClient::finish(const std::shared_ptr<Call> &call, QNetworkReply *reply)
{
    reply->deleteLater();
    ModelExchange &x = call->x;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    x.httpStatus = status;
    const QNetworkReply::NetworkError err = reply->error();
    if (call->tooLarge) {
        x.outcome = ModelExchange::Outcome::TooLarge;
        x.reason = QStringLiteral("the answer is larger than %1 MiB; not read").arg(kMaxBodyBytes >> 20);
        x.response.clear();
        done(call);
        return;
    }
    const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();
    x.response = QString::fromUtf8(body.left(kResponseKept));

    bool retry = false;
    int waitMs = 0;
    if (status == 0) {
        const bool timeout = err == QNetworkReply::OperationCanceledError || err == QNetworkReply::TimeoutError;
        x.outcome = timeout ? ModelExchange::Outcome::Timeout : ModelExchange::Outcome::Network;
        x.reason = timeout ? QStringLiteral("no answer within %1 ms").arg(m_config.timeoutMs)
                           : QStringLiteral("network error: %1").arg(reply->errorString().left(200));
        retry = true;
    } else if (status < 200 || status >= 300) {
        x.outcome = ModelExchange::Outcome::HttpError;
        // Both envelopes: {"error":{type,code,message}} and {"type":"error","error":{type,message}}.
        const QJsonObject e = QJsonDocument::fromJson(body).object().value(QStringLiteral("error")).toObject();
        const QString type = e.value(QStringLiteral("type")).toString();
        const QString code = e.value(QStringLiteral("code")).toString();
        const QString detail = e.value(QStringLiteral("details")).toObject().value(QStringLiteral("error_code")).toString();
        const QString message = modelprompt::plainText(e.value(QStringLiteral("message")).toString(), 200);
        x.reason = QStringLiteral("HTTP %1%2%3%4")
                       .arg(status)
                       .arg(type.isEmpty() ? QString() : QLatin1Char(' ') + type)
                       .arg(code.isEmpty() || code == type ? QString() : QStringLiteral(" (%1)").arg(code))
                       .arg(message.isEmpty() ? (e.isEmpty() ? QStringLiteral(": unreadable error body") : QString()) : QStringLiteral(": ") + message);
        const bool outOfQuota = code == QLatin1String("insufficient_quota") || type == QLatin1String("insufficient_quota")
                                || detail == QLatin1String("enforced_spend_limit_reached");
        retry = (status == 429 && !outOfQuota) || status == 408 || status == 409 || status >= 500;
        if (status == 400 && code == QLatin1String("json_validate_failed") && !call->validateRetried) {
            call->validateRetried = true; // Groq: the model's JSON failed; worth one more try
            retry = true;
        }
        const QByteArray should = reply->rawHeader("x-should-retry");
        if (should == "true")
            retry = true;
        else if (should == "false")
            retry = false;
        bool ok = false;
        const int ms = reply->rawHeader("retry-after-ms").toInt(&ok);
        if (ok && ms >= 0) {
            waitMs = ms;
        } else {
            const double s = reply->rawHeader("retry-after").toDouble(&ok);
            if (ok && s >= 0)
                waitMs = static_cast<int>(s * 1000);
        }
    } else {
        parseAnswer(x, body, !call->prompt.schemaName.isEmpty());
    }
    if (retry && x.attempts <= m_config.maxRetries) {
        if (waitMs <= 0) {
            const int base = 500 * (1 << std::min(4, x.attempts - 1));
            waitMs = base + static_cast<int>(QRandomGenerator::global()->bounded(base / 2 + 1));
        }
        if (waitMs <= m_config.maxRetryWaitMs) {
            qCInfo(lcModel).noquote() << QStringLiteral("%1 %2: %3; trying again in %4 ms").arg(x.provider, x.purpose, x.reason).arg(waitMs);
            QTimer::singleShot(waitMs, this, [this, call] { send(call); });
            return;
        }
        x.reason += QStringLiteral(" (asked to wait %1 s, more than %2 s)").arg(waitMs / 1000).arg(m_config.maxRetryWaitMs / 1000);
    }
    done(call);
}

void ModelClient::parseAnswer(ModelExchange &x, const QByteArray &body, bool structured) const
{
    QJsonParseError pe{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        x.outcome = ModelExchange::Outcome::BadPayload;
        x.reason = QStringLiteral("the provider's answer is not a JSON object");
        return;
    }
    const QJsonObject o = doc.object();
    if (!o.value(QStringLiteral("model")).toString().isEmpty())
        x.model = o.value(QStringLiteral("model")).toString();
    if (m_config.provider == ModelConfig::Provider::Anthropic) {
        const QJsonObject usage = o.value(QStringLiteral("usage")).toObject();
        x.promptTokens = usage.value(QStringLiteral("input_tokens")).toInt();
        x.completionTokens = usage.value(QStringLiteral("output_tokens")).toInt();
        const QString stop = o.value(QStringLiteral("stop_reason")).toString();
        if (!o.value(QStringLiteral("content")).isArray()) {
            x.outcome = ModelExchange::Outcome::BadPayload;
            x.reason = QStringLiteral("the answer lacks its content blocks");
            return;
        }
        QString text;
        QString tool;
        for (const QJsonValue &v : o.value(QStringLiteral("content")).toArray()) {
            const QJsonObject b = v.toObject();
            const QString type = b.value(QStringLiteral("type")).toString();
            if (type == QLatin1String("text"))
                text += b.value(QStringLiteral("text")).toString();
            else if (type == QLatin1String("tool_use") && b.value(QStringLiteral("input")).isObject())
                tool = compact(b.value(QStringLiteral("input")).toObject());
        }
        x.answer = tool.isEmpty() ? text : tool;
        if (stop == QLatin1String("max_tokens") || stop == QLatin1String("model_context_window_exceeded")) {
            x.outcome = ModelExchange::Outcome::Truncated;
            x.reason = QStringLiteral("the answer was cut off (stop_reason %1)").arg(stop);
        } else if (stop == QLatin1String("refusal")) {
            x.outcome = ModelExchange::Outcome::Refusal;
            x.reason = QStringLiteral("the model refused");
        } else if (structured && tool.isEmpty() && !text.trimmed().startsWith(QLatin1Char('{'))) {
            x.outcome = ModelExchange::Outcome::Invalid;
            x.reason = QStringLiteral("the model did not use the answer tool");
        } else {
            x.outcome = ModelExchange::Outcome::Ok;
        }
    } else {
        const QJsonObject usage = o.value(QStringLiteral("usage")).toObject();
        x.promptTokens = usage.value(QStringLiteral("prompt_tokens")).toInt();
        x.completionTokens = usage.value(QStringLiteral("completion_tokens")).toInt();
        const QJsonArray choices = o.value(QStringLiteral("choices")).toArray();
        if (choices.isEmpty() || !choices.first().toObject().value(QStringLiteral("message")).isObject()) {
            x.outcome = ModelExchange::Outcome::BadPayload;
            x.reason = QStringLiteral("the answer has no choice with a message");
            return;
        }
        const QJsonObject first = choices.first().toObject();
        const QJsonObject message = first.value(QStringLiteral("message")).toObject();
        const QString finish = first.value(QStringLiteral("finish_reason")).toString();
        const QJsonValue refusal = message.value(QStringLiteral("refusal"));
        x.answer = message.value(QStringLiteral("content")).toString();
        if (refusal.isString() && !refusal.toString().isEmpty()) {
            x.outcome = ModelExchange::Outcome::Refusal;
            x.reason = QStringLiteral("the model refused: %1").arg(modelprompt::plainText(refusal.toString(), 200));
        } else if (finish == QLatin1String("length")) {
            x.outcome = ModelExchange::Outcome::Truncated;
            x.reason = QStringLiteral("the answer was cut off (finish_reason length)");
        } else if (finish == QLatin1String("content_filter")) {
            x.outcome = ModelExchange::Outcome::Refusal;
            x.reason = QStringLiteral("the provider's content filter stopped the answer");
        } else if (!message.value(QStringLiteral("content")).isString()) {
            x.outcome = ModelExchange::Outcome::Invalid;
            x.reason = QStringLiteral("the answer has no text content");
        } else {
            x.outcome = ModelExchange::Outcome::Ok;
        }
    }
}

void ModelClient::done(const std::shared_ptr<Call> &call)
{
    ModelExchange &x = call->x;
    x.latencyMs = call->clock.elapsed();
    x.costUsd = estimatedCostUsd(m_config, x.model, x.promptTokens, x.completionTokens);
    Q_EMIT answered(x);
}

ModelService::ModelService(ModelConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{
    qRegisterMetaType<ModelExchange>();
    m_thread.setObjectName(QStringLiteral("model-client"));
    m_client = new ModelClient(m_config);
    m_client->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_client, &QObject::deleteLater);
    connect(m_client, &ModelClient::answered, this, &ModelService::answered, Qt::QueuedConnection);
    m_thread.start();
}

ModelService::~ModelService()
{
    m_thread.quit();
    m_thread.wait();
}

void ModelService::ask(const QString &id, const modelprompt::Prompt &prompt)
{
    QMetaObject::invokeMethod(m_client, [client = m_client, id, prompt] { client->ask(id, prompt); }, Qt::QueuedConnection);
}
