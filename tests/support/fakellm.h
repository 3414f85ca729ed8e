// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <deque>
#include <functional>

class QTcpSocket;
class FakeLlmServer;

/// A model provider on 127.0.0.1, in the OpenAI-compatible (OpenAI, Groq) or
/// the Anthropic shape, answering from the recorded fixtures of
/// ../shared/reference/llm (the contract's §4 checklist): auth, the answer as
/// JSON text in `content` or a `tool_use` input, truncation, refusals, the
/// error envelopes with their headers, Groq's refused parameters. By default
/// it answers every prompt validly: a choice per symbol, or a narrative that
/// quotes the metrics it was given.
class FakeLlm : public QObject
{
    Q_OBJECT
public:
    enum class Shape { OpenAI, Groq, Anthropic };
    /// One scripted answer (taken in order, one per request; then the default).
    struct Step
    {
        enum class Kind { Content, Truncate, Refusal, Error, Hang, Huge, Close } kind = Kind::Content;
        QString content;       ///< Content: the model's text (verbatim)
        QString fixture;       ///< Error: the error fixture's file name
        int status = 0;        ///< Error: overrides the fixture's status
        QHash<QByteArray, QByteArray> headers; ///< extra or replaced headers
    };

    explicit FakeLlm(Shape shape, QObject *parent = nullptr);
    ~FakeLlm() override;
    bool start();
    /// The base URL a client is configured with (…/v1, Groq's …/openai/v1).
    QString baseUrl() const;
    QString key() const { return m_key; }
    /// False when the fixtures are not found.
    bool fixturesFound() const { return !m_fixtures.isEmpty(); }

    void script(const Step &step) { m_script.push_back(step); }
    void scriptContent(const QString &text) { script(Step{Step::Kind::Content, text, {}, 0, {}}); }
    void scriptError(const QString &fixture, int status = 0, const QHash<QByteArray, QByteArray> &headers = {})
    {
        script(Step{Step::Kind::Error, {}, fixture, status, headers});
    }
    void setLatencyMs(int ms) { m_latencyMs = ms; }
    /// Adds this many milliseconds per output token (4 characters) to every answer, as generation takes.
    void setMsPerOutputToken(double ms) { m_msPerToken = ms; }
    /// The default strategy picked for every symbol.
    void setDefaultStrategy(const QString &s) { m_defaultStrategy = s; }
    /// The default narrative answer (empty: one quoting the metrics).
    void setNarrative(const QString &text) { m_narrative = text; }

    int requestCount() const { return static_cast<int>(m_requests.size()); }
    const QList<QJsonObject> &requests() const { return m_requests; }
    QList<QHash<QByteArray, QByteArray>> requestHeaders() const { return m_headers; }

    /// The default answer to a selection prompt (public for the tests' expectations).
    QString defaultSelection(const QString &userPrompt) const;
    QString defaultNarrative(const QString &userPrompt) const;

private:
    friend class FakeLlmServer;
    void handle(const QByteArray &path, const QHash<QByteArray, QByteArray> &headers, const QByteArray &body, QTcpSocket *socket);
    void reply(QTcpSocket *socket, int status, const QByteArray &body, const QHash<QByteArray, QByteArray> &headers);
    QJsonObject fixture(const QString &name) const;
    QHash<QByteArray, QByteArray> fixtureHeaders(const QString &name) const;
    QByteArray success(const QJsonObject &request, const QString &text, bool truncated, bool refusal) const;

    Shape m_shape;
    FakeLlmServer *m_server = nullptr;
    quint16 m_port = 0;
    QString m_key = QStringLiteral("sk-test-fake-0123456789abcdef");
    QString m_fixtures;
    std::deque<Step> m_script;
    int m_latencyMs = 0;
    double m_msPerToken = 0.0;
    QString m_defaultStrategy = QStringLiteral("MeanReversion");
    QString m_narrative;
    QList<QJsonObject> m_requests;
    QList<QHash<QByteArray, QByteArray>> m_headers;
};
