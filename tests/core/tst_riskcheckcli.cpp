// SPDX-License-Identifier: GPL-3.0-or-later
// sentinel-cli risk-check on Alpaca's account and positions payloads, and on bad files.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestRiskCheckCli : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_fixtures;

    QString write(const QString &name, const QByteArray &text)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(path));
        f.write(text);
        return path;
    }

    struct Run
    {
        int code;
        QByteArray out;
        QByteArray err;
    };

    Run run(const QStringList &args)
    {
        QProcess p;
        p.start(QStringLiteral(SENTINEL_CLI), QStringList{QStringLiteral("risk-check")} + args);
        p.waitForFinished(30000);
        return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    }

    Run check(const QString &proposals, const QString &account = {}, const QString &positions = {}, const QString &config = {})
    {
        QStringList args{QStringLiteral("--account"), account.isEmpty() ? m_fixtures + QStringLiteral("/account.json") : account,
                         QStringLiteral("--positions"), positions.isEmpty() ? m_fixtures + QStringLiteral("/positions_list.json") : positions,
                         QStringLiteral("--proposals"), proposals};
        if (!config.isEmpty())
            args << QStringLiteral("--config") << config;
        return run(args);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_fixtures = QDir::cleanPath(QStringLiteral(SENTINEL_SOURCE_DIR "/../shared/reference/alpaca/fixtures"));
        if (!QFile::exists(m_fixtures + QStringLiteral("/account.json")))
            QSKIP("the shared Alpaca fixtures are not beside the source tree");
    }
    void decidesInOrderWithEveryRule()
    {
        const QString props = write(QStringLiteral("p.json"), R"([
            {"symbol":"AAPL","side":"buy","price":"267.10","confidence":0.6,"strategy":"MeanReversion","atr":"4.2"},
            {"symbol":"AAPL","side":"buy","price":"267.10","confidence":0.6,"strategy":"MeanReversion","atr":"4.2"},
            {"symbol":"NVDA","side":"buy","price":"120","confidence":7,"strategy":"Breakout","atr":2},
            {"symbol":"KO","side":"buy","price":"62","confidence":0.5,"strategy":"Breakout","qty":"10000","stop_price":"60"},
            {"symbol":"SPY","side":"sell","price":"670","confidence":0,"strategy":"TrendFollowing"},
            {"symbol":"TSLA","side":"buy","price":"410.5","confidence":0.1,"strategy":"MeanReversion"}])");
        const Run r = check(props);
        QCOMPARE(r.code, 0);
        const QJsonArray verdicts = QJsonDocument::fromJson(r.out).array();
        QCOMPARE(verdicts.size(), 6);
        const QJsonObject aapl = verdicts[0].toObject();
        for (const char *k : {"symbol", "verdict", "requested_qty", "final_qty", "final_notional", "binding_rule", "rules"})
            QVERIFY2(aapl.contains(QLatin1String(k)), k);
        // Equity 100,278.80: cap 5,013.94 less the 2,671 held leaves 8 shares at 267.10.
        QCOMPARE(aapl[QStringLiteral("verdict")].toString(), QStringLiteral("RESIZE"));
        QCOMPARE(aapl[QStringLiteral("final_qty")].toDouble(), 8.0);
        QCOMPARE(aapl[QStringLiteral("binding_rule")].toString(), QStringLiteral("per_position_cap"));
        const QJsonArray rules = aapl[QStringLiteral("rules")].toArray();
        QCOMPARE(rules.size(), 22);
        for (const QJsonValue &rule : rules)
            for (const char *k : {"rule", "outcome", "value", "limit"})
                QVERIFY(rule.toObject().contains(QLatin1String(k)));
        // The second AAPL counts the first: only $206.14 of room is left, a fraction of a share.
        const QJsonObject second = verdicts[1].toObject();
        QCOMPARE(second[QStringLiteral("verdict")].toString(), QStringLiteral("RESIZE"));
        QCOMPARE(second[QStringLiteral("binding_rule")].toString(), QStringLiteral("per_position_cap"));
        QVERIFY(second[QStringLiteral("final_qty")].toDouble() < 1.0);
        QVERIFY(second[QStringLiteral("final_notional")].toDouble() <= 206.14);
        QCOMPARE(verdicts[2].toObject()[QStringLiteral("binding_rule")].toString(), QStringLiteral("minimum_confidence"));
        // A 10,000-share request is sized by the stop, then capped.
        const QJsonObject ko = verdicts[3].toObject();
        QCOMPARE(ko[QStringLiteral("requested_qty")].toDouble(), 10000.0);
        QVERIFY(ko[QStringLiteral("final_notional")].toDouble() <= 5013.94);
        // Reducing orders pass whatever their confidence: sell the long, buy back the short.
        QCOMPARE(verdicts[4].toObject()[QStringLiteral("final_qty")].toDouble(), 3.512345678);
        QCOMPARE(verdicts[4].toObject()[QStringLiteral("verdict")].toString(), QStringLiteral("APPROVE"));
        QCOMPARE(verdicts[5].toObject()[QStringLiteral("final_qty")].toDouble(), 5.0);
    }
    void lastEquityIsTheDailyLossBase()
    {
        const QString account = write(QStringLiteral("loss.json"),
                                      R"({"equity":"94000","cash":"94000","buying_power":"94000","last_equity":"100000"})");
        const QString positions = write(QStringLiteral("none.json"), "[]");
        const QString props = write(QStringLiteral("one.json"), R"([{"symbol":"KO","side":"buy","price":"62","confidence":0.9,"strategy":"x","atr":1}])");
        const Run r = check(props, account, positions);
        QCOMPARE(r.code, 0);
        QCOMPARE(QJsonDocument::fromJson(r.out).array()[0].toObject()[QStringLiteral("binding_rule")].toString(), QStringLiteral("daily_loss"));
    }
    void configSetsLimitsBySnakeCaseName()
    {
        const QString positions = write(QStringLiteral("none2.json"), "[]");
        const QString props = write(QStringLiteral("ko.json"), R"([{"symbol":"KO","side":"buy","price":"100","confidence":0.9,"strategy":"x","atr":0.5}])");
        const QString cfg = write(QStringLiteral("cfg.json"), R"({"per_position_cap_pct": 2, "risk_per_trade_pct": 2})");
        const Run r = check(props, {}, positions, cfg);
        QCOMPARE(r.code, 0);
        QCOMPARE(QJsonDocument::fromJson(r.out).array()[0].toObject()[QStringLiteral("final_qty")].toDouble(), 20.0); // 2 % of 100,278.80
    }
    void badFilesNameTheFileAndFieldAndExitWith2()
    {
        const QString ok = write(QStringLiteral("ok.json"), R"([{"symbol":"KO","side":"buy","price":"62","confidence":0.5,"strategy":"x"}])");
        struct Case
        {
            const char *file;
            QByteArray text;
            const char *which; // proposals, account, positions or config
            const char *expect;
        } cases[] = {
            {"malformed.json", "[{\"symbol\": ", "proposals", "malformed.json: not valid JSON"},
            {"noprice.json", R"([{"symbol":"KO","side":"buy","confidence":0.5,"strategy":"x"}])", "proposals", "[0].price: missing"},
            {"nanprice.json", R"([{"symbol":"KO","side":"buy","price":"NaN","confidence":0.5,"strategy":"x"}])", "proposals", "[0].price: expected a decimal"},
            {"badside.json", R"([{"symbol":"KO","side":"short","price":"1","confidence":0.5,"strategy":"x"}])", "proposals", "[0].side"},
            {"nostrategy.json", R"([{"symbol":"KO","side":"buy","price":"1","confidence":0.5}])", "proposals", "[0].strategy"},
            {"notarray.json", R"({"symbol":"KO"})", "proposals", "expected an array of proposals"},
            {"noequity.json", R"({"cash":"1","buying_power":"1"})", "account", "noequity.json.equity: missing"},
            {"badqty.json", R"([{"symbol":"AAPL","qty":true,"market_value":"1"}])", "positions", "[0].qty: expected a decimal"},
            {"badcfg.json", R"({"per_position_cap_pct": "lots"})", "config", "badcfg.json: 'per_position_cap_pct' is \"lots\"; it must be a number from 0.1 to 100"},
            {"unknowncfg.json", R"({"max_leverage": 8})", "config", "unknown key 'max_leverage'"},
        };
        for (const Case &c : cases) {
            const QString path = write(QLatin1String(c.file), c.text);
            const QString which = QLatin1String(c.which);
            const Run r = which == QLatin1String("proposals") ? check(path)
                          : which == QLatin1String("account") ? check(ok, path)
                          : which == QLatin1String("positions") ? check(ok, {}, path)
                                                                : check(ok, {}, {}, path);
            QCOMPARE(r.code, 2);
            QVERIFY2(r.err.contains(c.expect), r.err.constData());
            QVERIFY(r.out.isEmpty());
        }
        QCOMPARE(run({QStringLiteral("--account"), QStringLiteral("/nonexistent.json")}).code, 2);
        QVERIFY(check(QStringLiteral("/nonexistent/p.json")).err.contains("cannot read"));
    }
    void symbolSpellingsCannotEscapeThePositionCap()
    {
        // 10 AAPL held; every spelling of AAPL is AAPL, and the cap counts what is held.
        const QString account = write(QStringLiteral("acc9.json"), R"({"equity":"100000","cash":"90000","buying_power":"90000","last_equity":"100000"})");
        const QString held = write(QStringLiteral("pos9.json"), R"([{"symbol":"AAPL","qty":"10","market_value":"2000","cost_basis":"2000"}])");
        const QString props = write(QStringLiteral("spell.json"), R"([{"symbol":"AAPL","side":"buy","price":"200","confidence":0.9,"strategy":"x","atr":2},
            {"symbol":"aapl","side":"buy","price":"200","confidence":0.9,"strategy":"x","atr":2},
            {"symbol":"AAPL ","side":"buy","price":"200","confidence":0.9,"strategy":"x","atr":2}])");
        const Run r = check(props, account, held);
        QCOMPARE(r.code, 0);
        const QJsonArray v = QJsonDocument::fromJson(r.out).array();
        QCOMPARE(v.size(), 3);
        double total = 10;
        for (const QJsonValue &x : v) {
            QCOMPARE(x[QStringLiteral("symbol")].toString(), QStringLiteral("AAPL"));
            total += x[QStringLiteral("final_qty")].toDouble();
        }
        // 5 % of 100,000 at 200 a share is 25 shares in all, whatever the spelling.
        QVERIFY2(total <= 25.0 + 1e-9, qPrintable(QString::number(total)));
        // Symbols outside SPEC §2.1 are refused with the reason.
        for (const char *bad : {"\\u00fc", "\\u80a1\\u7968", "\\ud83d\\ude00", "A\\u0000B", "A\\nB", ".X", "A/B"}) {
            const QString path = write(QStringLiteral("badsym.json"),
                                       QByteArray("[{\"symbol\":\"") + bad + "\",\"side\":\"buy\",\"price\":\"1\",\"confidence\":0.5,\"strategy\":\"x\"}]");
            const Run b = check(path, account, held);
            QCOMPARE(b.code, 2);
            QVERIFY2(b.err.contains("[0].symbol: the symbol"), b.err.constData());
        }
        const QString longSymbol = write(QStringLiteral("longsym.json"), QByteArray("[{\"symbol\":\"") + QByteArray(5000, 'A') + "\",\"side\":\"buy\",\"price\":\"1\",\"confidence\":0.5,\"strategy\":\"x\"}]");
        const Run l = check(longSymbol, account, held);
        QCOMPARE(l.code, 2);
        QVERIFY2(l.err.size() < 400, l.err.constData()); // the error quotes a little of the value, not 5,000 characters
    }
    void limitsNeverRoundInFavourOfPassing()
    {
        // 0.2999999999 is below the 0.30 minimum as a number as much as as a string: never rounded up to pass.
        for (const char *conf : {"0.2999999999", "\"0.2999999999\""}) {
            const QString path = write(QStringLiteral("conf.json"), QByteArray("[{\"symbol\":\"KO\",\"side\":\"buy\",\"price\":\"62\",\"confidence\":") + conf
                                                                      + ",\"strategy\":\"x\",\"atr\":1}]");
            const Run r = check(path);
            if (r.code == 0) {
                const QJsonArray v = QJsonDocument::fromJson(r.out).array();
                QCOMPARE(v.first()[QStringLiteral("verdict")].toString(), QStringLiteral("REJECT"));
            } else {
                QCOMPARE(r.code, 2);
                QVERIFY2(r.err.contains("decimal places"), r.err.constData());
            }
        }
        // 0.299999999 (nine places) is exact, and below the minimum.
        const QString nine = write(QStringLiteral("nine.json"), R"([{"symbol":"KO","side":"buy","price":"62","confidence":0.299999999,"strategy":"x","atr":1}])");
        const Run n = check(nine);
        QCOMPARE(n.code, 0);
        QCOMPARE(QJsonDocument::fromJson(n.out).array().first()[QStringLiteral("binding_rule")].toString(), QStringLiteral("minimum_confidence"));
    }
    void errorsNameTheRealCause()
    {
        for (const char *equity : {R"("10000000000")", "10000000000"}) {
            const QString acc = write(QStringLiteral("bigequity.json"), QByteArray("{\"equity\":") + equity + ",\"cash\":\"1\",\"buying_power\":\"1\"}");
            const Run r = check(write(QStringLiteral("one.json"), R"([{"symbol":"KO","side":"buy","price":"62","confidence":0.5,"strategy":"x","atr":1}])"), acc);
            QCOMPARE(r.code, 2);
            QVERIFY2(r.err.contains("equity: \"10000000000\" is outside the supported range"), r.err.constData());
        }
        const QString stop = write(QStringLiteral("stop.json"), R"([{"symbol":"KO","side":"buy","price":"62","confidence":0.5,"strategy":"x","stop_price":"70"}])");
        QVERIFY(check(stop).out.contains("stop 70 is not below the price 62"));
        const QString atr = write(QStringLiteral("negatr.json"), R"([{"symbol":"KO","side":"buy","price":"62","confidence":0.5,"strategy":"x","atr":-3}])");
        QVERIFY(check(atr).out.contains("ATR -3 is negative"));
        const QString cfg = write(QStringLiteral("bigcfg.json"), R"({"per_position_cap_pct": 1000})");
        const Run c = check(write(QStringLiteral("one.json"), R"([{"symbol":"KO","side":"buy","price":"62","confidence":0.5,"strategy":"x","atr":1}])"), {}, {}, cfg);
        QCOMPARE(c.code, 2);
        QVERIFY2(c.err.contains("'per_position_cap_pct' is 1000; it must be a number from 0.1 to 100"), c.err.constData());
    }
    void bigInputIsRefusedAtOnce()
    {
        // 9 MiB of proposals: refused before it is read, with the limit named.
        QByteArray big = "[";
        const QByteArray one = R"({"symbol":"KO","side":"buy","price":"62","confidence":0.5,"strategy":"x","atr":1},)";
        while (big.size() < 9 * 1024 * 1024)
            big += one;
        big.chop(1);
        big += "]";
        const Run r = check(write(QStringLiteral("big.json"), big));
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("more than the limit of 8388608 bytes"), r.err.constData());
        QVERIFY(r.out.isEmpty());
        // 10,001 proposals under the byte limit: refused by count.
        QByteArray many = "[";
        const QByteArray small = R"({"symbol":"K","side":"buy","price":"1","confidence":0.5,"strategy":"x"},)";
        for (int i = 0; i < 10'001; ++i)
            many += small;
        many.chop(1);
        many += "]";
        const Run m = check(write(QStringLiteral("many.json"), many));
        QCOMPARE(m.code, 2);
        QVERIFY2(m.err.contains("10001 proposals, more than the limit of 10000"), m.err.constData());
    }
    void negativeAndZeroPricesFailClosed()
    {
        const QString props = write(QStringLiteral("neg.json"), R"([{"symbol":"KO","side":"buy","price":"-62","confidence":0.5,"strategy":"x","atr":1},
                                                                     {"symbol":"KO","side":"buy","price":"0","confidence":0.5,"strategy":"x","atr":1}])");
        const Run r = check(props);
        QCOMPARE(r.code, 0);
        for (const QJsonValue &v : QJsonDocument::fromJson(r.out).array()) {
            QCOMPARE(v.toObject()[QStringLiteral("verdict")].toString(), QStringLiteral("REJECT"));
            QCOMPARE(v.toObject()[QStringLiteral("binding_rule")].toString(), QStringLiteral("input_validation"));
        }
    }
};

QTEST_GUILESS_MAIN(TestRiskCheckCli)
#include "tst_riskcheckcli.moc"
