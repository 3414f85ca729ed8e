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
    void parsesWhatItPrints()
    {
        // Every raw value, printed and read back, is itself: random magnitudes and the range's ends.
        std::uint64_t x = 0x9e3779b97f4a7c15ULL;
        for (int i = 0; i < 100'000; ++i) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            const std::int64_t raw = static_cast<std::int64_t>(x >> (1 + x % 40)) * (x % 3 == 0 ? -1 : 1);
            const Decimal d = Decimal::fromRaw(raw);
            QCOMPARE(Decimal::parse(d.toStdString())->raw(), raw);
        }
        QCOMPARE(Decimal::parse("9223372036.854775807")->raw(), std::numeric_limits<std::int64_t>::max());
        QCOMPARE(Decimal::parse("-9223372036.854775807")->raw(), -std::numeric_limits<std::int64_t>::max());
        for (const char *bad : {"9223372036.854775808", "-9223372036.854775808", "9223372037", "1.2.3", "5.a", "+", "-.", "1e3", "0.1234567891"})
            QVERIFY2(!Decimal::parse(bad), bad);
        QCOMPARE(Decimal::parse("5.")->raw(), 5'000'000'000LL);
        QCOMPARE(Decimal::parse("+.25")->raw(), 250'000'000LL);
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
    void fastProductsEqualTheWideReference()
    {
        // The product is computed in 64-bit pieces when they fit; it must equal the exact
        // 128-bit product rounded half-even, over every sign, size and the rounding tie.
        const auto reference = [](Decimal a, Decimal b) {
            const Decimal::Wide p = static_cast<Decimal::Wide>(a.raw()) * b.raw();
            Decimal::Wide q = p / Decimal::kOne, r = p % Decimal::kOne;
            const Decimal::Wide twice = (r < 0 ? -r : r) * 2;
            if (twice > Decimal::kOne || (twice == Decimal::kOne && q % 2 != 0))
                q += p < 0 ? -1 : 1;
            const bool fits = q <= std::numeric_limits<std::int64_t>::max() && q > std::numeric_limits<std::int64_t>::min();
            return fits ? Decimal::fromRaw(static_cast<std::int64_t>(q)) : Decimal::invalid();
        };
        std::uint64_t x = 88172645463325252ULL;
        const auto next = [&x] {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            return x;
        };
        const std::int64_t scales[] = {1, 1000, 1'000'000'000LL, 1'000'000'000'000LL, 1'000'000'000'000'000LL, std::numeric_limits<std::int64_t>::max()};
        for (int i = 0; i < 200'000; ++i) {
            const std::int64_t sa = scales[next() % 6], sb = scales[next() % 6];
            std::int64_t ra = static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(sa));
            std::int64_t rb = static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(sb));
            if (i % 7 == 0)
                rb = 500'000'000; // 0.5: ties are common
            ra = next() % 2 ? -ra : ra;
            rb = next() % 2 ? -rb : rb;
            const Decimal a = Decimal::fromRaw(ra), b = Decimal::fromRaw(rb);
            const Decimal got = a * b, want = reference(a, b);
            if (got.isValid() != want.isValid() || (got.isValid() && got.raw() != want.raw()))
                QFAIL(qPrintable(QStringLiteral("%1 × %2: %3, expected %4").arg(ra).arg(rb).arg(got.raw()).arg(want.raw())));
        }
        QCOMPARE(("0.000000005"_d * "0.1"_d).raw(), 0);  // 0.5e-9: the tie goes to even 0
        QCOMPARE(("0.000000015"_d * "0.1"_d).raw(), 2);  // 1.5e-9 → 2
        QCOMPARE(("-0.000000015"_d * "0.1"_d).raw(), -2);
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
