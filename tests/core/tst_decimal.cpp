// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/decimal.h"

#include <QTest>

#include <cmath>
#include <limits>

class TestDecimal : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesAndPrintsExactly()
    {
        QCOMPARE(Decimal::parse("3.512345678")->toString(), QStringLiteral("3.512345678"));
        QCOMPARE(Decimal::parse("-23140.2")->toString(), QStringLiteral("-23140.2"));
        QCOMPARE(Decimal::parse("0")->toString(), QStringLiteral("0"));
        QCOMPARE(Decimal::parse("100.000")->toString(), QStringLiteral("100"));
        QCOMPARE(Decimal::parse(".5")->toString(), QStringLiteral("0.5"));
        QCOMPARE(Decimal::parse(QStringLiteral(" 267.1 "))->toString(), QStringLiteral("267.1"));
    }
    void rejectsBadText()
    {
        for (const char *bad : {"", "-", ".", "1.2.3", "abc", "1e5", "NaN", "inf", "0.0000000001", "99999999999999999999"})
            QVERIFY2(!Decimal::parse(bad).has_value(), bad);
    }
    void addsWithoutFloatingPointError()
    {
        Decimal sum;
        for (int i = 0; i < 10; ++i)
            sum += "0.1"_d;
        QCOMPARE(sum, Decimal::fromInt(1));
        QCOMPARE(("0.1"_d + "0.2"_d).toString(), QStringLiteral("0.3"));
    }
    void multipliesAndRoundsHalfEven()
    {
        QCOMPARE(("3.512345678"_d * "648.2"_d).toString(), QStringLiteral("2276.70246848")); // 2276.7024684796, half-even to 9 places
        QCOMPARE(("0.000000001"_d * "0.5"_d).toString(), QStringLiteral("0")); // 0.5e-9 rounds to even 0
        QCOMPARE(("0.000000003"_d * "0.5"_d).toString(), QStringLiteral("0.000000002"));
    }
    void roundsWithExplicitModes()
    {
        const Decimal v = "2.345"_d;
        QCOMPARE(v.rounded(2, RoundingMode::HalfEven).toString(), QStringLiteral("2.34"));
        QCOMPARE(v.rounded(2, RoundingMode::HalfUp).toString(), QStringLiteral("2.35"));
        QCOMPARE(v.rounded(2, RoundingMode::Down).toString(), QStringLiteral("2.34"));
        QCOMPARE(v.rounded(2, RoundingMode::Up).toString(), QStringLiteral("2.35"));
        QCOMPARE((-v).rounded(2, RoundingMode::Floor).toString(), QStringLiteral("-2.35"));
        QCOMPARE((-v).rounded(2, RoundingMode::Ceiling).toString(), QStringLiteral("-2.34"));
        QCOMPARE("2.355"_d.rounded(2, RoundingMode::HalfEven).toString(), QStringLiteral("2.36"));
        QCOMPARE("7.9"_d.rounded(0, RoundingMode::Down).toString(), QStringLiteral("7"));
    }
    void divides()
    {
        QCOMPARE(Decimal::fromInt(1).dividedBy(Decimal::fromInt(3), 4).toString(), QStringLiteral("0.3333"));
        QCOMPARE(Decimal::fromInt(2).dividedBy(Decimal::fromInt(3), 2, RoundingMode::Down).toString(), QStringLiteral("0.66"));
        QCOMPARE(Decimal::fromInt(-2).dividedBy(Decimal::fromInt(3), 2).toString(), QStringLiteral("-0.67"));
        QCOMPARE("5000"_d.dividedBy("230.17"_d, 0, RoundingMode::Down).toString(), QStringLiteral("21"));
        QVERIFY(!Decimal::fromInt(1).dividedBy(Decimal()).isValid());
    }
    void overflowIsInvalidAndSticky()
    {
        const Decimal big = Decimal::fromInt(9'000'000'000LL);
        QVERIFY(big.isValid());
        const Decimal product = big * big;
        QVERIFY(!product.isValid());
        QVERIFY(!(product + Decimal::fromInt(1)).isValid());
        QCOMPARE(product.toString(), QStringLiteral("NaN"));
    }
    void fromDoubleRejectsNonFinite()
    {
        QVERIFY(!Decimal::fromDouble(std::nan(""), 2));
        QVERIFY(!Decimal::fromDouble(std::numeric_limits<double>::infinity(), 2));
        QCOMPARE(Decimal::fromDouble(1.005, 2, RoundingMode::Up)->toString(), QStringLiteral("1.01"));
        QCOMPARE(Decimal::fromDouble(-3.14159, 3)->toString(), QStringLiteral("-3.142"));
    }
    void formatsFixedPlaces()
    {
        QCOMPARE("12.5"_d.toString(2), QStringLiteral("12.50"));
        QCOMPARE("12"_d.toString(2), QStringLiteral("12.00"));
        QCOMPARE("-0.004"_d.toString(2), QStringLiteral("0.00"));
    }
    void comparesAndSigns()
    {
        QVERIFY("1.5"_d < "1.51"_d);
        QVERIFY("-1"_d.isNegative());
        QVERIFY(!Decimal().isNegative() && !Decimal().isPositive() && Decimal().isZero());
        QVERIFY("3"_d.isInteger() && !"3.1"_d.isInteger());
        QCOMPARE("-4.2"_d.abs(), "4.2"_d);
        QCOMPARE("2.5"_d.times(4), Decimal::fromInt(10));
    }
};

QTEST_GUILESS_MAIN(TestDecimal)
#include "tst_decimal.moc"
