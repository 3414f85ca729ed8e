// SPDX-License-Identifier: GPL-3.0-or-later
// The model layer's own cost per symbol, without the network: building the
// selection prompt and the request body, then validating the answer (goal:
// ≤ 50 µs per symbol). Then one request per symbol against one batch of 20,
// side by side against the local provider: tokens (the provider's usage; the
// local one counts 4 characters per token), estimated cost at gpt-4o-mini's
// list price, and wall time with a modelled latency of 300 ms per request plus
// 10 ms per output token.
#include "fakellm.h"
#include "model/modelclient.h"
#include "model/modelprompt.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTextStream>

#include <algorithm>
#include <vector>

using namespace modelprompt;

namespace {

QList<SelectionItem> universe(int n)
{
    QList<SelectionItem> out;
    for (int i = 0; i < n; ++i) {
        SelectionContext c;
        c.volatility20 = 0.008 + 0.0001 * i;
        c.volatility5 = 0.01 + 0.0002 * (i % 7);
        c.sma20 = 100 + i;
        c.sma50 = 99 + i;
        c.trend = i % 3 ? QStringLiteral("up") : QStringLiteral("down");
        c.volumeRatio = 0.8 + 0.01 * (i % 40);
        c.rangePosition = (i % 100) / 100.0;
        c.change1 = ((i % 11) - 5) * 0.003;
        c.regime = i % 4 ? QStringLiteral("trending-up") : QStringLiteral("ranging");
        out.append({QStringLiteral("S%1").arg(i, 3, 10, QLatin1Char('0')), c});
    }
    return out;
}

QString answerFor(const QList<SelectionItem> &batch)
{
    QJsonArray choices;
    for (const SelectionItem &i : batch)
        choices.append(QJsonObject{{QStringLiteral("symbol"), i.symbol},
                                   {QStringLiteral("strategy"), QStringLiteral("TrendFollowing")},
                                   {QStringLiteral("confidence"), 0.72},
                                   {QStringLiteral("reasoning"), QStringLiteral("Price holds above its rising 50- and 200-day means.")}});
    return QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("choices"), choices}}).toJson(QJsonDocument::Compact));
}

struct Sent
{
    qint64 ms = 0;
    int promptTokens = 0;
    int completionTokens = 0;
    double cost = 0;
    int requests = 0;
    int ok = 0;
};

Sent sendAll(FakeLlm &fake, const QList<SelectionItem> &items, int batchSize)
{
    ModelConfig c = ModelConfig::forProvider(ModelConfig::Provider::OpenAI, fake.baseUrl());
    c.apiKey = fake.key();
    c.timeoutMs = 60000;
    ModelClient client(c);
    QSignalSpy spy(&client, &ModelClient::answered);
    Sent s;
    QElapsedTimer t;
    t.start();
    for (qsizetype i = 0; i < items.size(); i += batchSize) {
        client.ask(QStringLiteral("b%1").arg(i), selectionPrompt(items.mid(i, batchSize), selectableStrategies()));
        ++s.requests;
    }
    while (spy.size() < s.requests)
        spy.wait(60000);
    s.ms = t.elapsed();
    for (const QList<QVariant> &args : spy) {
        const ModelExchange x = args.at(0).value<ModelExchange>();
        s.promptTokens += x.promptTokens;
        s.completionTokens += x.completionTokens;
        s.cost += x.costUsd.value_or(0);
        s.ok += x.ok() ? 1 : 0;
    }
    return s;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    qRegisterMetaType<ModelExchange>();
    QTextStream out(stdout);
    const QList<SelectionItem> items = universe(500);
    const QStringList enabled = selectableStrategies();
    const ModelClient client(ModelConfig::forProvider(ModelConfig::Provider::OpenAI));

    out << "Prompt and validation, per symbol (500 symbols, median of 15 runs):\n";
    for (int batch : {1, 20, 50}) {
        std::vector<double> perSymbol;
        for (int run = 0; run < 15; ++run) {
            // Answers are prepared outside the timing: they come from the provider.
            QList<QString> answers;
            for (qsizetype i = 0; i < items.size(); i += batch)
                answers.append(answerFor(items.mid(i, batch)));
            QElapsedTimer t;
            t.start();
            int chosen = 0;
            for (qsizetype i = 0, k = 0; i < items.size(); i += batch, ++k) {
                const QList<SelectionItem> part = items.mid(i, batch);
                const Prompt p = selectionPrompt(part, enabled);
                const QByteArray body = client.requestBody(p);
                QStringList symbols;
                for (const SelectionItem &s : part)
                    symbols.append(s.symbol);
                chosen += static_cast<int>(parseSelection(answers[k], symbols, enabled).choices.size() + (body.isEmpty() ? 0 : 0));
            }
            const double us = t.nsecsElapsed() / 1000.0 / items.size();
            if (chosen != items.size()) {
                out << "validation lost choices: " << chosen << Qt::endl;
                return 1;
            }
            perSymbol.push_back(us);
        }
        std::sort(perSymbol.begin(), perSymbol.end());
        out << QStringLiteral("  batch %1: median %2 µs, min %3 µs, max %4 µs per symbol\n")
                   .arg(batch, 2)
                   .arg(perSymbol[perSymbol.size() / 2], 0, 'f', 1)
                   .arg(perSymbol.front(), 0, 'f', 1)
                   .arg(perSymbol.back(), 0, 'f', 1);
    }

    FakeLlm fake(FakeLlm::Shape::OpenAI);
    if (!fake.start() || !fake.fixturesFound()) {
        out << "the local provider could not start (fixtures missing?)" << Qt::endl;
        return 1;
    }
    fake.setDefaultStrategy(QStringLiteral("TrendFollowing"));
    fake.setLatencyMs(300);
    fake.setMsPerOutputToken(10.0);
    const QList<SelectionItem> demo = items.mid(0, 33); // the demo universe's size
    out << "One iteration of 33 symbols against the local provider (300 ms + 10 ms per output token; up to 6 requests at once):\n";
    for (int batch : {1, 20, 33}) {
        const Sent s = sendAll(fake, demo, batch);
        out << QStringLiteral("  batch %1: %2 requests, %3 ok, prompt tokens %4, output tokens %5, est. cost $%6 per iteration, wall %7 ms\n")
                   .arg(batch, 2)
                   .arg(s.requests)
                   .arg(s.ok)
                   .arg(s.promptTokens)
                   .arg(s.completionTokens)
                   .arg(s.cost, 0, 'f', 5)
                   .arg(s.ms);
    }
    out.flush();
    return 0;
}
