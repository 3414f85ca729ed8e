// SPDX-License-Identifier: GPL-3.0-or-later
// Broken settings fall back to defaults, each with a warning.
#include "settings/appsettings.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

class TestAppSettings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaultsWithoutAFile()
    {
        const AppSettings s = AppSettings::load(QStringLiteral("/nonexistent/settings.json"));
        QVERIFY(s.warnings.isEmpty());
        QCOMPARE(s.sessionIntervalMs, 2000);
        QCOMPARE(s.startingCash, "100000"_d);
        QCOMPARE(s.risk.perPositionCap, "0.05"_d);
    }
    void appliesValidValues()
    {
        const AppSettings s = AppSettings::fromJson(
            R"({"starting_cash": 25000, "session_interval_ms": 500, "risk": {"per_position_cap_pct": 4, "risk_per_trade_pct": 1,
                "min_confidence": 0.4, "fractional_enabled": false}})");
        QVERIFY2(s.warnings.isEmpty(), qPrintable(s.warnings.join(QLatin1Char(';'))));
        QCOMPARE(s.startingCash, "25000"_d);
        QCOMPARE(s.sessionIntervalMs, 500);
        QCOMPARE(s.risk.perPositionCap, "0.04"_d);
        QCOMPARE(s.risk.riskPerTrade, "0.01"_d);
        QCOMPARE(s.risk.minConfidence, 0.4);
        QVERIFY(!s.risk.fractionalEnabled);
    }
    void malformedJsonFallsBackWithAWarning()
    {
        for (const char *bad : {"{not json", "[1,2,3]", "", "null", "\"text\""}) {
            const AppSettings s = AppSettings::fromJson(bad);
            QCOMPARE(s.warnings.size(), 1);
            QCOMPARE(s.sessionIntervalMs, 2000);
        }
    }
    void badValuesKeepTheirDefaultsEachWithAWarning()
    {
        const AppSettings s = AppSettings::fromJson(
            R"({"starting_cash": "lots", "session_interval_ms": -5, "ticks_per_session": 1e9,
                "risk": {"per_position_cap_pct": 500, "min_confidence": "high", "fractional_enabled": "yes"}})");
        QCOMPARE(s.warnings.size(), 6);
        QCOMPARE(s.startingCash, "100000"_d);
        QCOMPARE(s.sessionIntervalMs, 2000);
        QCOMPARE(s.ticksPerSession, 8);
        QCOMPARE(s.risk.perPositionCap, "0.05"_d);
        QCOMPARE(s.risk.minConfidence, 0.30);
        QVERIFY(s.risk.fractionalEnabled);
        QVERIFY(s.warnings.join(QLatin1Char('\n')).contains(QStringLiteral("per_position_cap_pct")));
    }
    void exitRulesAndTheAutoTightenSwitch()
    {
        AppSettings d;
        QVERIFY(d.autoTightenStops);
        QCOMPARE(d.exits.maxBarsHeld, 40);
        const AppSettings s = AppSettings::fromJson(R"({"exits": {"take_profit_pct": 8, "trailing_pct": 3, "max_bars": 0,
                                                        "auto_tighten_stops": false}})");
        QVERIFY2(s.warnings.isEmpty(), qPrintable(s.warnings.join(QLatin1Char(';'))));
        QCOMPARE(s.exits.takeProfitPct, "0.08"_d);
        QCOMPARE(s.exits.trailingPct, "0.03"_d);
        QCOMPARE(s.exits.maxBarsHeld, 0);
        QVERIFY(!s.autoTightenStops);
        QCOMPARE(AppSettings::fromJson(R"({"exits": {"max_bars": -1, "auto_tighten_stops": "no"}})").warnings.size(), 2);
    }
    void riskMustBeAnObject()
    {
        const AppSettings s = AppSettings::fromJson(R"({"risk": 5})");
        QCOMPARE(s.warnings.size(), 1);
    }
    void fileWarningsNameTheFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("settings.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"seed\": -1}");
        f.close();
        const AppSettings s = AppSettings::load(path);
        QCOMPARE(s.warnings.size(), 1);
        QVERIFY(s.warnings[0].startsWith(path));
    }
    void unknownKeysAndMissingNamedFilesWarn()
    {
        const AppSettings s = AppSettings::fromJson(R"({"seed": 5, "max_leverage": 8})");
        QCOMPARE(s.seed, std::uint64_t(5));
        QCOMPARE(s.warnings.size(), 1);
        QVERIFY2(s.warnings[0].contains(QStringLiteral("unknown setting 'max_leverage'")), qPrintable(s.warnings[0]));
        // The default location may be absent without a word; a file the user named may not.
        QVERIFY(AppSettings::load(QStringLiteral("/nonexistent/settings.json")).warnings.isEmpty());
        const AppSettings named = AppSettings::load(QStringLiteral("/nonexistent/settings.json"), true);
        QCOMPARE(named.warnings.size(), 1);
        QVERIFY(named.warnings[0].contains(QStringLiteral("does not exist")));
    }
};

QTEST_GUILESS_MAIN(TestAppSettings)
#include "tst_appsettings.moc"
