// SPDX-License-Identifier: GPL-3.0-or-later
// The model layer inside the engine: a local provider picks strategies and
// writes narratives; nonsense, refusals and timeouts fall back with reasons,
// the breaker counts and the run goes on; a recording replays the choices
// exactly; no key material lands anywhere.
#include "domain/metatypes.h"
#include "fakellm.h"
#include "pipeline/tradingengine.h"
#include "sqlprobe.h"
#include "sqlprobe.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QtTest>

namespace {

QStringList g_log;
void captureLog(QtMsgType, const QMessageLogContext &, const QString &msg)
{
    g_log.append(msg);
}

} // namespace

class TestModelSelection : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    EngineOptions options(const QString &db, const FakeLlm *fake)
    {
        EngineOptions o;
        o.dbPath = m_dir.filePath(db);
        o.connectionName = db;
        o.market.seed = 4242;
        if (fake) {
            o.model = ModelConfig::forProvider(ModelConfig::Provider::OpenAI, fake->baseUrl());
            o.model.apiKey = fake->key();
            o.model.timeoutMs = 2000;
            o.model.maxRetryWaitMs = 500;
        }
        return o;
    }
    static void run(TradingEngine &e, int sessions, bool approveAll)
    {
        for (int i = 0; i < sessions && e.failure().isEmpty(); ++i) {
            e.runSession();
            if (approveAll)
                for (const Proposal &p : e.pending())
                    e.approve(p.id);
        }
        e.settleModel(10000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        registerSentinelMetaTypes();
        qRegisterMetaType<ModelExchange>();
    }

    void theModelPicksTheStrategyAndEveryExchangeIsRecorded()
    {
        FakeLlm fake(FakeLlm::Shape::OpenAI);
        QVERIFY(fake.start());
        fake.setDefaultStrategy(QStringLiteral("Breakout"));
        const EngineOptions o = options(QStringLiteral("pick.db"), &fake);
        {
            TradingEngine e(o);
            QVERIFY(e.open());
            run(e, 6, false);
            QVERIFY2(e.failure().isEmpty(), qPrintable(e.failure()));
            QCOMPARE(e.completedSessions() >= 6, true);
            QCOMPARE(e.modelDesk().counters().failures, 0);
            QCOMPARE(e.modelDesk().counters().fallbacks, 0);
        }
        // Every signal came from the model's pick, and says so.
        const QStringList signalRows = rows(o.dbPath, QStringLiteral("SELECT DISTINCT selector, strategy FROM signals"));
        QVERIFY(!signalRows.isEmpty());
        for (const QString &r : signalRows)
            QCOMPARE(r, QStringLiteral("openai/gpt-4o-mini|Breakout"));
        // Each exchange: provider, model, prompt version, prompt, answer, tokens, latency, cost, outcome.
        const QStringList x = rows(o.dbPath, QStringLiteral("SELECT provider, model, prompt_version, length(request) > 100, length(answer) > 10,"
                                                            " prompt_tokens > 0, completion_tokens > 0, latency_ms >= 0, cost_usd > 0, outcome"
                                                            " FROM model_exchanges WHERE purpose = 'selection'"));
        QVERIFY(x.size() >= 12); // two batches of ≤ 20 symbols per session
        for (const QString &r : x)
            QCOMPARE(r, QStringLiteral("openai|gpt-4o-mini-2024-07-18|strategy_choice/1|1|1|1|1|1|1|ok"));
        // The model's confidence is a quant factor, one that can only lower the confidence.
        const QStringList quant = rows(o.dbPath, QStringLiteral("SELECT quant, rationale FROM proposals"));
        QVERIFY(!quant.isEmpty());
        for (const QString &q : quant) {
            QVERIFY2(q.contains(QStringLiteral("model_confidence 0.800 ×0.80")), qPrintable(q));
            QVERIFY2(q.contains(QLatin1String("picked by the openai/gpt-4o-mini selector: model: Breakout fits")), qPrintable(q));
        }
        // Temperature 0, the strict schema, and every narrative written by the model and checked.
        QCOMPARE(fake.requests().first().value(QStringLiteral("temperature")).toDouble(-1), 0.0);
        QCOMPARE(count(o.dbPath, QStringLiteral("SELECT count(*) FROM narratives WHERE source = 'openai/gpt-4o-mini' AND flagged = 0")),
                 count(o.dbPath, QStringLiteral("SELECT count(*) FROM narratives")));
    }

    void nonsenseFallsBackTripsTheBreakerAndTheRunGoesOn()
    {
        FakeLlm fake(FakeLlm::Shape::OpenAI);
        QVERIFY(fake.start());
        for (int i = 0; i < 200; ++i)
            fake.scriptContent(QStringLiteral("Sure! I think you should BUY EVERYTHING. {not json"));
        const EngineOptions o = options(QStringLiteral("nonsense.db"), &fake);
        TradingEngine e(o);
        QVERIFY(e.open());
        run(e, 8, true);
        QVERIFY2(e.failure().isEmpty(), qPrintable(e.failure()));
        QVERIFY(e.completedSessions() >= 8);
        // Five consecutive failures open the breaker; after that the model is not asked
        // (a session's requests go out together, so up to one session's worth more).
        QCOMPARE(e.guard().breaker(TradingGuard::Model).state(), BreakerState::Open);
        QCOMPARE(e.modelDesk().counters().failures, e.modelDesk().counters().calls);
        QVERIFY(e.modelDesk().counters().calls >= 5 && e.modelDesk().counters().calls <= 8);
        QVERIFY(e.modelDesk().counters().fallbacks > 0);
        QVERIFY(count(o.dbPath, QStringLiteral("SELECT count(*) FROM breaker_events WHERE breaker = 'model'")) >= 1);
        const QStringList reasons = rows(o.dbPath, QStringLiteral("SELECT DISTINCT selection_reason FROM signals"));
        bool invalid = false;
        bool breaker = false;
        for (const QString &r : reasons) {
            invalid |= r.startsWith(QLatin1String("fallback, the answer is not one JSON object"));
            breaker |= r.startsWith(QLatin1String("fallback, the model breaker is open"));
        }
        QVERIFY2(invalid && breaker, qPrintable(reasons.join(QLatin1Char('\n'))));
        for (const QString &r : rows(o.dbPath, QStringLiteral("SELECT DISTINCT selector FROM signals")))
            QCOMPARE(r, QStringLiteral("fallback"));
        // Proposals still came, sized by the coded rules, and trading went on.
        QVERIFY(e.counters().proposals + e.counters().rejectedByRisk > 0);
        QCOMPARE(rows(o.dbPath, QStringLiteral("SELECT DISTINCT outcome FROM model_exchanges")), QStringList{QStringLiteral("invalid")});
        // The offline narrator stood in, and said why.
        QVERIFY(count(o.dbPath, QStringLiteral("SELECT count(*) FROM narratives WHERE source = 'offline' AND note LIKE '%breaker is open%'")) > 0);
    }

    void refusedChoicesFallBackWithTheirReason()
    {
        FakeLlm fake(FakeLlm::Shape::OpenAI);
        QVERIFY(fake.start());
        fake.setDefaultStrategy(QStringLiteral("YoloMomentum")); // not a coded strategy
        const EngineOptions o = options(QStringLiteral("refused.db"), &fake);
        TradingEngine e(o);
        QVERIFY(e.open());
        run(e, 2, false);
        QVERIFY(e.failure().isEmpty());
        const QStringList reasons = rows(o.dbPath, QStringLiteral("SELECT DISTINCT substr(selection_reason, 1, 60) FROM signals"));
        QVERIFY(!reasons.isEmpty());
        for (const QString &r : reasons)
            QVERIFY2(r.startsWith(QLatin1String("fallback, unknown or disabled strategy 'YoloMomentum'")), qPrintable(r));
        QVERIFY(count(o.dbPath, QStringLiteral("SELECT count(*) FROM model_exchanges WHERE purpose = 'selection' AND reason LIKE '%refused%'")) > 0);
    }

    void aTimeoutFallsBackAndTheRunGoesOn()
    {
        FakeLlm fake(FakeLlm::Shape::OpenAI);
        QVERIFY(fake.start());
        for (int i = 0; i < 4; ++i)
            fake.script({FakeLlm::Step::Kind::Hang, {}, {}, 0, {}});
        EngineOptions o = options(QStringLiteral("timeout.db"), &fake);
        o.model.timeoutMs = 300;
        o.model.maxRetries = 0;
        TradingEngine e(o);
        QVERIFY(e.open());
        run(e, 3, false);
        QVERIFY(e.failure().isEmpty());
        QVERIFY(e.completedSessions() >= 3);
        QVERIFY(count(o.dbPath, QStringLiteral("SELECT count(*) FROM model_exchanges WHERE outcome = 'timeout'")) >= 2);
        QVERIFY(count(o.dbPath, QStringLiteral("SELECT count(*) FROM signals WHERE selection_reason LIKE 'fallback, no answer within 300 ms%'")) > 0);
    }

    void aRecordingReplaysTheChoicesExactly()
    {
        FakeLlm fake(FakeLlm::Shape::OpenAI);
        QVERIFY(fake.start());
        fake.setDefaultStrategy(QStringLiteral("Breakout"));
        const EngineOptions live = options(QStringLiteral("live.db"), &fake);
        {
            TradingEngine e(live);
            QVERIFY(e.open());
            run(e, 10, true);
            QVERIFY(e.failure().isEmpty());
        }
        EngineOptions replay = options(QStringLiteral("replay.db"), nullptr);
        replay.modelReplayPath = live.dbPath;
        const int callsBefore = fake.requestCount();
        {
            TradingEngine e(replay);
            QVERIFY(e.open());
            run(e, 10, true);
            QVERIFY(e.failure().isEmpty());
            QCOMPARE(e.modelDesk().counters().calls, 0);
            QVERIFY(e.modelDesk().counters().replayed > 0);
            QCOMPARE(e.modelDesk().counters().fallbacks, 0);
        }
        QCOMPARE(fake.requestCount(), callsBefore); // nothing asked
        const QString signalsSql = QStringLiteral("SELECT session, symbol, strategy, direction, confidence FROM signals ORDER BY session, symbol");
        const QString fillsSql = QStringLiteral("SELECT symbol, side, qty, price FROM fills ORDER BY created_at, symbol");
        const QString proposalsSql = QStringLiteral("SELECT session, symbol, side, qty, status FROM proposals ORDER BY session, symbol");
        QVERIFY(!rows(live.dbPath, signalsSql).isEmpty());
        QCOMPARE(rows(replay.dbPath, signalsSql), rows(live.dbPath, signalsSql));
        QCOMPARE(rows(replay.dbPath, proposalsSql), rows(live.dbPath, proposalsSql));
        QCOMPARE(rows(replay.dbPath, fillsSql), rows(live.dbPath, fillsSql));
        // Without a model or a recording the deterministic selector picks, and says so.
        const EngineOptions plain = options(QStringLiteral("plain.db"), nullptr);
        {
            TradingEngine e(plain);
            QVERIFY(e.open());
            run(e, 10, true);
            QCOMPARE(e.modelDesk().label(), QStringLiteral("deterministic"));
        }
        QCOMPARE(rows(plain.dbPath, QStringLiteral("SELECT DISTINCT selector FROM signals")), QStringList{QStringLiteral("deterministic")});
        QVERIFY(rows(plain.dbPath, signalsSql) != rows(live.dbPath, signalsSql));
    }

    void aNarrativeWithANumberCodeDidNotComputeIsFlagged()
    {
        FakeLlm fake(FakeLlm::Shape::Anthropic);
        QVERIFY(fake.start());
        fake.setNarrative(QStringLiteral("Equity rose to $1,234,567.89 on 3 fills; the desk is up 12.5 % this week."));
        EngineOptions o = options(QStringLiteral("flag.db"), nullptr);
        o.model = ModelConfig::forProvider(ModelConfig::Provider::Anthropic, fake.baseUrl());
        o.model.apiKey = fake.key();
        TradingEngine e(o);
        QVERIFY(e.open());
        run(e, 2, false);
        QVERIFY(e.modelDesk().counters().narrativesFlagged >= 2);
        bool seen = false;
        for (const AuditNarrative &n : e.modelDesk().recentNarratives()) {
            if (n.kind != QLatin1String("daily"))
                continue;
            seen = true;
            QCOMPARE(n.source, QStringLiteral("anthropic/claude-haiku-4-5"));
            QVERIFY(n.flagged());
            QStringList unmatched;
            for (const auto &c : n.claims)
                if (!c.matched)
                    unmatched.append(c.text);
            QVERIFY2(unmatched.contains(QStringLiteral("$1,234,567.89")) && unmatched.contains(QStringLiteral("12.5 %")), qPrintable(unmatched.join(QLatin1Char(','))));
        }
        QVERIFY(seen);
        QVERIFY(count(o.dbPath, QStringLiteral("SELECT count(*) FROM narratives WHERE flagged > 0")) >= 2);
    }

    void commandLineModelOptions()
    {
        const auto cli = [](const QStringList &args, const QProcessEnvironment &env) {
            QProcess p;
            p.setProcessEnvironment(env);
            p.start(QStringLiteral(SENTINEL_CLI), args);
            p.waitForFinished(60000);
            return std::make_tuple(p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError()));
        };
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("OPENAI_API_KEY"));
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.info=false"));
        const QString db = m_dir.filePath(QStringLiteral("cli.db"));
        auto [code, out, err] = cli({QStringLiteral("demo"), QStringLiteral("--db"), db, QStringLiteral("--model-provider"), QStringLiteral("gpt5")}, env);
        QCOMPARE(code, 2);
        QVERIFY2(err.contains(QLatin1String("--model-provider must be none, openai, groq, anthropic or ollama")), qPrintable(err));
        std::tie(code, out, err) = cli({QStringLiteral("demo"), QStringLiteral("--db"), db, QStringLiteral("--model-provider"), QStringLiteral("openai")}, env);
        QCOMPARE(code, 2);
        QVERIFY2(err.contains(QLatin1String("OPENAI_API_KEY")), qPrintable(err));
        std::tie(code, out, err) = cli({QStringLiteral("demo"), QStringLiteral("--db"), db, QStringLiteral("--model"), QStringLiteral("x")}, env);
        QCOMPARE(code, 2);
        QVERIFY(err.contains(QLatin1String("need --model-provider")));
        FakeLlm fake(FakeLlm::Shape::OpenAI);
        QVERIFY(fake.start());
        env.insert(QStringLiteral("OPENAI_API_KEY"), fake.key());
        // The fake answers on this thread: run the command while events are processed.
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(SENTINEL_CLI), {QStringLiteral("demo"), QStringLiteral("--sessions"), QStringLiteral("3"), QStringLiteral("--db"), db,
                                               QStringLiteral("--model-provider"), QStringLiteral("openai"), QStringLiteral("--model-url"), fake.baseUrl()});
        QTRY_VERIFY_WITH_TIMEOUT(p.state() == QProcess::NotRunning, 60000);
        QCOMPARE(p.exitCode(), 0);
        const QJsonObject j = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        for (const char *k : {"model_calls", "model_failures", "model_fallbacks", "model_breaker", "narratives", "narratives_flagged"})
            QVERIFY2(j.contains(QLatin1String(k)), k);
        QCOMPARE(j.value(QStringLiteral("selector")).toString(), QStringLiteral("openai/gpt-4o-mini"));
        QVERIFY(j.value(QStringLiteral("model_calls")).toInt() >= 6);
        QCOMPARE(j.value(QStringLiteral("model_failures")).toInt(), 0);
        QCOMPARE(j.value(QStringLiteral("narratives")).toInt(), 6);
        QCOMPARE(j.value(QStringLiteral("model_breaker")).toString(), QStringLiteral("CLOSED"));
    }

    void noKeyMaterialInTheRecordOrTheLog()
    {
        FakeLlm fake(FakeLlm::Shape::Groq);
        QVERIFY(fake.start());
        EngineOptions o = options(QStringLiteral("keys.db"), nullptr);
        o.model = ModelConfig::forProvider(ModelConfig::Provider::Groq, fake.baseUrl());
        o.model.apiKey = fake.key();
        g_log.clear();
        const QtMessageHandler previous = qInstallMessageHandler(captureLog);
        {
            TradingEngine e(o);
            QVERIFY(e.open());
            run(e, 3, true);
            QVERIFY(e.modelDesk().counters().calls > 0);
        }
        qInstallMessageHandler(previous);
        QVERIFY(!g_log.isEmpty());
        for (const QString &line : std::as_const(g_log))
            QVERIFY2(!line.contains(fake.key()), qPrintable(line));
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
            QFile f(o.dbPath + suffix);
            if (!f.open(QIODevice::ReadOnly))
                continue;
            const QByteArray bytes = f.readAll();
            QVERIFY2(!bytes.contains(fake.key().toUtf8()), qPrintable(o.dbPath + suffix));
        }
        QVERIFY(count(o.dbPath, QStringLiteral("SELECT count(*) FROM model_exchanges")) > 0);
    }
};

QTEST_GUILESS_MAIN(TestModelSelection)
#include "tst_modelselection.moc"
