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
            {"badcfg.json", R"({"per_position_cap_pct": "lots"})", "config", "badcfg.json: 'per_position_cap_pct' must be"},
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
