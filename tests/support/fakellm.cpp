// SPDX-License-Identifier: GPL-3.0-or-later
#include "fakellm.h"

#include "testpaths.h"

#include <QAbstractHttpServer>
#include <QFile>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTimer>

class FakeLlmServer : public QAbstractHttpServer
{
public:
    explicit FakeLlmServer(FakeLlm &owner)
        : m_owner(owner)
    {
    }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        QHash<QByteArray, QByteArray> headers;
        for (const auto &[k, v] : request.headers())
            headers.insert(k.toLower(), v);
        m_owner.handle(request.url().path().toUtf8(), headers, request.body(), socket);
        return true;
    }
    void missingHandler(const QHttpServerRequest &, QTcpSocket *) override {}

private:
    FakeLlm &m_owner;
};

namespace {
QByteArray phrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    case 529: return "Site Overloaded";
    default: return "Status";
    }
}
} // namespace

FakeLlm::FakeLlm(Shape shape, QObject *parent)
    : QObject(parent)
    , m_shape(shape)
    , m_fixtures(sharedFixtures("llm"))
{
}

FakeLlm::~FakeLlm()
{
    delete m_server;
}

bool FakeLlm::start()
{
    m_server = new FakeLlmServer(*this);
    m_port = m_server->listen(QHostAddress::LocalHost, 0);
    return m_port != 0;
}

QString FakeLlm::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(m_shape == Shape::Groq ? QStringLiteral("/openai/v1") : QStringLiteral("/v1"));
}

QJsonObject FakeLlm::fixture(const QString &name) const
{
    QFile f(m_fixtures + QLatin1Char('/') + name);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

QHash<QByteArray, QByteArray> FakeLlm::fixtureHeaders(const QString &name) const
{
    QFile f(m_fixtures + QStringLiteral("/index.json"));
    QHash<QByteArray, QByteArray> out;
    if (!f.open(QIODevice::ReadOnly))
        return out;
    for (const QJsonValue &v : QJsonDocument::fromJson(f.readAll()).array()) {
        const QJsonObject e = v.toObject();
        if (e.value(QStringLiteral("file")).toString() != name)
            continue;
        const QJsonObject h = e.value(QStringLiteral("headers")).toObject();
        for (auto it = h.constBegin(); it != h.constEnd(); ++it)
            out.insert(it.key().toLower().toUtf8(), it.value().toString().toUtf8());
    }
    return out;
}

QString FakeLlm::defaultSelection(const QString &user) const
{
    // One valid choice per symbol listed in the prompt ("- SYM: vol20 …").
    static const QRegularExpression line(QStringLiteral(R"(^- ([A-Z][A-Z0-9.\-]*): vol20)"), QRegularExpression::MultilineOption);
    QJsonArray choices;
    for (auto it = line.globalMatch(user); it.hasNext();) {
        const QString symbol = it.next().captured(1);
        choices.append(QJsonObject{{QStringLiteral("symbol"), symbol},
                                   {QStringLiteral("strategy"), m_defaultStrategy},
                                   {QStringLiteral("confidence"), 0.8},
                                   {QStringLiteral("reasoning"), QStringLiteral("%1 fits %2's recent range.").arg(m_defaultStrategy, symbol)}});
    }
    return QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("choices"), choices}}).toJson(QJsonDocument::Compact));
}

QString FakeLlm::defaultNarrative(const QString &user) const
{
    if (!m_narrative.isEmpty())
        return m_narrative;
    // Quotes each metric as given: "- Equity: $100000.00" → "Equity was $100000.00."
    static const QRegularExpression line(QStringLiteral(R"(^- ([^:\n]+): (.+)$)"), QRegularExpression::MultilineOption);
    QStringList s;
    for (auto it = line.globalMatch(user); it.hasNext();) {
        const auto m = it.next();
        s << QStringLiteral("%1 was %2.").arg(m.captured(1), m.captured(2));
    }
    return s.join(QLatin1Char(' '));
}

QByteArray FakeLlm::success(const QJsonObject &request, const QString &text, bool truncated, bool refusal) const
{
    const QString model = request.value(QStringLiteral("model")).toString();
    if (m_shape == Shape::Anthropic) {
        QJsonObject r = fixture(QStringLiteral("anthropic_message_tool_use.json"));
        r.insert(QStringLiteral("model"), model + QStringLiteral("-20251001"));
        const bool tool = request.contains(QStringLiteral("tools"));
        QJsonArray content;
        const QJsonObject parsed = QJsonDocument::fromJson(text.toUtf8()).object();
        if (tool && !truncated && !refusal && !parsed.isEmpty()) {
            QJsonObject block = r.value(QStringLiteral("content")).toArray().first().toObject();
            block.insert(QStringLiteral("name"), request.value(QStringLiteral("tool_choice")).toObject().value(QStringLiteral("name")));
            block.insert(QStringLiteral("input"), parsed); // an object, unlike OpenAI's string
            content.append(block);
            r.insert(QStringLiteral("stop_reason"), QStringLiteral("tool_use"));
        } else {
            content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), text}});
            r.insert(QStringLiteral("stop_reason"), truncated ? QStringLiteral("max_tokens") : refusal ? QStringLiteral("refusal") : QStringLiteral("end_turn"));
        }
        r.insert(QStringLiteral("content"), content);
        QJsonObject usage = r.value(QStringLiteral("usage")).toObject();
        usage.insert(QStringLiteral("input_tokens"), static_cast<int>(QJsonDocument(request).toJson().size() / 4));
        usage.insert(QStringLiteral("output_tokens"), static_cast<int>(text.size() / 4 + 1));
        r.insert(QStringLiteral("usage"), usage);
        return QJsonDocument(r).toJson(QJsonDocument::Compact);
    }
    QJsonObject r = fixture(m_shape == Shape::Groq ? QStringLiteral("groq_chat_success_json.json") : refusal ? QStringLiteral("openai_chat_refusal.json")
                                                    : truncated ? QStringLiteral("openai_chat_length_truncated.json")
                                                                : QStringLiteral("openai_chat_success_json.json"));
    r.insert(QStringLiteral("model"), m_shape == Shape::Groq ? model : model + QStringLiteral("-2024-07-18"));
    QJsonArray choices = r.value(QStringLiteral("choices")).toArray();
    QJsonObject choice = choices.first().toObject();
    QJsonObject message = choice.value(QStringLiteral("message")).toObject();
    if (!refusal)
        message.insert(QStringLiteral("content"), truncated ? text.left(text.size() / 2) : text);
    choice.insert(QStringLiteral("message"), message);
    choice.insert(QStringLiteral("finish_reason"), truncated ? QStringLiteral("length") : QStringLiteral("stop"));
    choices[0] = choice;
    r.insert(QStringLiteral("choices"), choices);
    QJsonObject usage = r.value(QStringLiteral("usage")).toObject();
    const int in = static_cast<int>(QJsonDocument(request).toJson().size() / 4);
    const int out = static_cast<int>(text.size() / 4 + 1);
    usage.insert(QStringLiteral("prompt_tokens"), in);
    usage.insert(QStringLiteral("completion_tokens"), out);
    usage.insert(QStringLiteral("total_tokens"), in + out);
    r.insert(QStringLiteral("usage"), usage);
    return QJsonDocument(r).toJson(QJsonDocument::Compact);
}

void FakeLlm::reply(QTcpSocket *socket, int status, const QByteArray &body, const QHash<QByteArray, QByteArray> &headers)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + phrase(status) + "\r\n";
    QHash<QByteArray, QByteArray> h = headers;
    h.insert("content-type", "application/json");
    h.insert("content-length", QByteArray::number(body.size()));
    for (auto it = h.constBegin(); it != h.constEnd(); ++it)
        out += it.key() + ": " + it.value() + "\r\n";
    out += "\r\n" + body;
    const QPointer<QTcpSocket> s(socket);
    const auto write = [s, out] {
        if (s)
            s->write(out);
    };
    int delay = m_latencyMs;
    if (m_msPerToken > 0 && status == 200) {
        // Generation time: output tokens from the answer's usage.
        const QJsonObject usage = QJsonDocument::fromJson(body).object().value(QStringLiteral("usage")).toObject();
        const int out = usage.value(QStringLiteral("completion_tokens")).toInt(usage.value(QStringLiteral("output_tokens")).toInt());
        delay += static_cast<int>(out * m_msPerToken);
    }
    if (delay > 0)
        QTimer::singleShot(delay, this, write);
    else
        write();
}

void FakeLlm::handle(const QByteArray &path, const QHash<QByteArray, QByteArray> &headers, const QByteArray &body, QTcpSocket *socket)
{
    const QJsonObject request = QJsonDocument::fromJson(body).object();
    m_requests.append(request);
    m_headers.append(headers);
    const bool anthropic = m_shape == Shape::Anthropic;
    const QByteArray expected = anthropic ? "/v1/messages" : m_shape == Shape::Groq ? "/openai/v1/chat/completions" : "/v1/chat/completions";
    const auto error = [&](const char *file, int status = 0, const QHash<QByteArray, QByteArray> &extra = {}) {
        QHash<QByteArray, QByteArray> h = fixtureHeaders(QLatin1String(file));
        for (auto it = extra.constBegin(); it != extra.constEnd(); ++it)
            h.insert(it.key().toLower(), it.value());
        const int code = status ? status : QFile(m_fixtures + QLatin1Char('/') + QLatin1String(file)).exists() ? 0 : 500;
        int fixtureStatus = 0;
        QFile f(m_fixtures + QStringLiteral("/index.json"));
        if (f.open(QIODevice::ReadOnly))
            for (const QJsonValue &v : QJsonDocument::fromJson(f.readAll()).array())
                if (v.toObject().value(QStringLiteral("file")).toString() == QLatin1String(file))
                    fixtureStatus = v.toObject().value(QStringLiteral("status")).toInt();
        reply(socket, code ? code : fixtureStatus, QJsonDocument(fixture(QLatin1String(file))).toJson(QJsonDocument::Compact), h);
    };
    if (path != expected) {
        reply(socket, 404, QByteArrayLiteral(R"({"error":{"message":"Unknown request URL","type":"invalid_request_error","param":null,"code":"unknown_url"}})"), {});
        return;
    }
    // Auth (contract §4.1).
    if (anthropic) {
        if (headers.value("x-api-key") != m_key.toUtf8())
            return error("anthropic_error_401_auth.json");
        if (!headers.contains("anthropic-version"))
            return error("anthropic_error_400_invalid_request.json");
        if (!request.contains(QStringLiteral("max_tokens")))
            return error("anthropic_error_400_invalid_request.json");
    } else if (headers.value("authorization") != "Bearer " + m_key.toUtf8()) {
        return error("openai_error_401_invalid_key.json");
    }
    if (m_shape == Shape::Groq) {
        for (const char *k : {"logprobs", "logit_bias", "top_logprobs"})
            if (request.contains(QLatin1String(k)))
                return error("openai_error_400_unknown_parameter.json");
        if (request.value(QStringLiteral("n")).toInt(1) != 1)
            return error("openai_error_400_unknown_parameter.json");
    }
    if (!request.value(QStringLiteral("messages")).isArray()) {
        return anthropic ? error("anthropic_error_400_invalid_request.json") : error("openai_error_400_unknown_parameter.json");
    }
    // The prompt: the user message (and, for a selection, its symbols).
    QString user;
    for (const QJsonValue &m : request.value(QStringLiteral("messages")).toArray())
        if (m.toObject().value(QStringLiteral("role")).toString() == QLatin1String("user"))
            user = m.toObject().value(QStringLiteral("content")).toString();
    const bool selection = user.contains(QLatin1String("Strategies:"));
    const QString answer = selection ? defaultSelection(user)
                                     : QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("narrative"), defaultNarrative(user)}})
                                                             .toJson(QJsonDocument::Compact));
    if (m_script.empty()) {
        reply(socket, 200, success(request, answer, false, false), fixtureHeaders(anthropic ? QStringLiteral("anthropic_message_success.json")
                                                                                             : QStringLiteral("openai_chat_success_json.json")));
        return;
    }
    const Step step = m_script.front();
    m_script.pop_front();
    switch (step.kind) {
    case Step::Kind::Content: reply(socket, 200, success(request, step.content, false, false), step.headers); return;
    case Step::Kind::Truncate: reply(socket, 200, success(request, answer, true, false), step.headers); return;
    case Step::Kind::Refusal: reply(socket, 200, success(request, QStringLiteral("I can't help with that."), false, true), step.headers); return;
    case Step::Kind::Error: error(step.fixture.toUtf8().constData(), step.status, step.headers); return;
    case Step::Kind::Hang: return; // never answers
    case Step::Kind::Huge: reply(socket, 200, QByteArray(10 * 1024 * 1024, ' ') + success(request, answer, false, false), {}); return;
    case Step::Kind::Close: socket->disconnectFromHost(); return;
    }
}
