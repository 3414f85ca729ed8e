// SPDX-License-Identifier: GPL-3.0-or-later
// Symbols (SPEC §2.1): one spelling per symbol at every boundary, so no
// variant of case or white space can stand beside another and escape a cap.
#include "domain/symbol.h"
#include "risk/riskcheckinput.h"
#include "risk/riskengine.h"

#include <QRandomGenerator>
#include <QTest>

class TestSymbol : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void normalisesAndRefuses()
    {
        QCOMPARE(normalizeSymbol(QStringLiteral("aapl")).value(), QStringLiteral("AAPL"));
        QCOMPARE(normalizeSymbol(QStringLiteral(" AAPL\t")).value(), QStringLiteral("AAPL"));
        QCOMPARE(normalizeSymbol(QStringLiteral("brk.b")).value(), QStringLiteral("BRK.B"));
        QCOMPARE(normalizeSymbol(QStringLiteral("BF-B")).value(), QStringLiteral("BF-B"));
        for (const QString &bad : {QString(), QStringLiteral("   "), QStringLiteral("ü"), QStringLiteral("股票"), QStringLiteral("😀"),
                                   QStringLiteral("A B"), QStringLiteral("A\nB"), QString(QChar(0)), QStringLiteral(".X"), QStringLiteral("-X"),
                                   QStringLiteral("A/B"), QString(16, QLatin1Char('A')), QString(5000, QLatin1Char('A'))}) {
            const Result<QString> r = normalizeSymbol(bad);
            QVERIFY2(!r, qPrintable(bad));
            QVERIFY2(r.error().size() < 200, qPrintable(r.error()));
        }
        QVERIFY(quoteForError(QString(5000, QLatin1Char('x'))).size() < 120);
        QVERIFY(quoteForError(QStringLiteral("a\nb")).contains(QStringLiteral("\\x0a")));
    }
    void spellingsNeverEscapeACap()
    {
        // Random spellings of three symbols, decided in turn against one account:
        // after every accepted order, no position, symbol budget or gross exposure is above its cap.
        const quint32 seed = qEnvironmentVariableIsSet("SENTINEL_PROPERTY_SEED") ? qEnvironmentVariableIntValue("SENTINEL_PROPERTY_SEED") : 20261203;
        QRandomGenerator rng(seed);
        const RiskConfig cfg;
        const RiskEngine engine(cfg);
        const QStringList bases{QStringLiteral("AAPL"), QStringLiteral("KO"), QStringLiteral("BRK.B")};
        const Decimal equity = Decimal::fromInt(100'000);
        RiskContext ctx;
        ctx.account.equity = ctx.account.cash = ctx.account.buyingPower = ctx.account.lastEquity = equity;
        ctx.budgetBaseEquity = equity;
        int accepted = 0;
        for (int step = 0; step < 3000; ++step) {
            QString spelled = bases[static_cast<int>(rng.bounded(bases.size()))];
            for (QChar &c : spelled)
                if (rng.bounded(2))
                    c = c.toLower();
            if (rng.bounded(3) == 0)
                spelled = QStringLiteral(" ") + spelled + QStringLiteral("\\t"); // a JSON tab escape
            // Through the same boundary as a file: the proposal's symbol is normalised there.
            RiskCheckFiles files;
            files.account = QByteArrayLiteral(R"({"equity":"1","cash":"1","buying_power":"1"})");
            files.positions = QByteArrayLiteral("[]");
            files.proposals = QStringLiteral(R"([{"symbol":"%1","side":"buy","price":"%2","confidence":0.9,"strategy":"x","atr":%3}])")
                                  .arg(spelled)
                                  .arg(20 + rng.bounded(400))
                                  .arg(0.5 + rng.bounded(5.0))
                                  .toUtf8();
            const Result<RiskCheckInput> in = parseRiskCheckInput(files, cfg);
            QVERIFY2(in, qPrintable(in.error()));
            const RiskRequest r = in.value().requests.front();
            QVERIFY(bases.contains(r.symbol));
            ctx.fractionable = true;
            const RiskVerdict v = engine.evaluate(r, ctx);
            if (v.kind == VerdictKind::Reject || !v.finalQty.isPositive())
                continue;
            ++accepted;
            const Decimal notional = v.finalQty * r.price;
            ctx.positionQty[r.symbol] += v.finalQty;
            ctx.positionValue[r.symbol] += notional;
            ctx.committed[r.symbol] += notional;
            ctx.grossExposure += notional;
            ctx.account.cash -= notional;
            ctx.account.buyingPower -= notional;
            QVERIFY2(ctx.positionValue[r.symbol] <= equity * cfg.perPositionCap, qPrintable(r.symbol));
            QVERIFY(ctx.committed[r.symbol] <= equity * cfg.perSymbolBudget);
            QVERIFY(ctx.grossExposure <= equity * cfg.grossExposureCap);
            QVERIFY(ctx.positionQty.size() <= bases.size());
        }
        QVERIFY(accepted > 0);
    }
};

QTEST_GUILESS_MAIN(TestSymbol)
#include "tst_symbol.moc"
