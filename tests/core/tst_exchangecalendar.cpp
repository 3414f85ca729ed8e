// SPDX-License-Identifier: GPL-3.0-or-later
// NYSE holidays and early closes of 2025 and 2026 as published by the exchange.
#include "data/exchangecalendar.h"

#include <QTest>
#include <QTimeZone>

class TestExchangeCalendar : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void newYorksClockInSummerAndWinter()
    {
        const QDateTime summer = ExchangeCalendar::toNewYork(QDateTime(QDate(2026, 7, 1), QTime(20, 0), QTimeZone::utc()));
        QCOMPARE(summer.date(), QDate(2026, 7, 1));
        QCOMPARE(summer.time(), QTime(16, 0));
        const QDateTime winter = ExchangeCalendar::toNewYork(QDateTime(QDate(2026, 12, 4), QTime(3, 0), QTimeZone::utc()));
        QCOMPARE(winter.date(), QDate(2026, 12, 3)); // 22:00 the evening before
        QCOMPARE(winter.time(), QTime(22, 0));
    }
    void holidays2025And2026()
    {
        const QList<QDate> closed{QDate(2025, 1, 1),  QDate(2025, 1, 20), QDate(2025, 2, 17), QDate(2025, 4, 18), QDate(2025, 5, 26),
                                  QDate(2025, 6, 19), QDate(2025, 7, 4),  QDate(2025, 9, 1),  QDate(2025, 11, 27), QDate(2025, 12, 25),
                                  QDate(2026, 1, 1),  QDate(2026, 1, 19), QDate(2026, 2, 16), QDate(2026, 4, 3),  QDate(2026, 5, 25),
                                  QDate(2026, 6, 19), QDate(2026, 7, 3),  QDate(2026, 9, 7),  QDate(2026, 11, 26), QDate(2026, 12, 25)};
        for (const QDate &d : closed) {
            QVERIFY2(!ExchangeCalendar::isTradingDay(d), qPrintable(d.toString(Qt::ISODate)));
            QVERIFY(!ExchangeCalendar::holiday(d).isEmpty());
        }
        int sessions2025 = 0;
        for (QDate d(2025, 1, 1); d.year() == 2025; d = d.addDays(1))
            sessions2025 += ExchangeCalendar::isTradingDay(d) ? 1 : 0;
        QCOMPARE(sessions2025, 250); // 251 by the rules, less the closure of 2025-01-09
        QCOMPARE(ExchangeCalendar::holiday(QDate(2025, 1, 9)), QStringLiteral("National Day of Mourning"));
    }
    void earlyCloses()
    {
        for (const QDate &d : {QDate(2025, 7, 3), QDate(2025, 11, 28), QDate(2025, 12, 24), QDate(2026, 11, 27), QDate(2026, 12, 24)}) {
            QVERIFY2(ExchangeCalendar::isHalfDay(d), qPrintable(d.toString(Qt::ISODate)));
            QCOMPARE(ExchangeCalendar::closeTime(d), QTime(13, 0));
        }
        QVERIFY(!ExchangeCalendar::isHalfDay(QDate(2026, 7, 2))); // July 3, 2026 is the observed holiday instead
        QCOMPARE(ExchangeCalendar::closeTime(QDate(2025, 3, 3)), QTime(16, 0));
    }
    void observance()
    {
        QVERIFY(!ExchangeCalendar::isTradingDay(QDate(2022, 12, 26))); // Christmas on a Sunday
        QVERIFY(ExchangeCalendar::isTradingDay(QDate(2021, 12, 31)));  // New Year's Day 2022 on a Saturday: no Friday holiday
        QVERIFY(!ExchangeCalendar::isTradingDay(QDate(2027, 6, 18)));  // Juneteenth 2027 on a Saturday → Friday
    }
    void sessionsBetween()
    {
        // A Friday bar is one session behind on Monday, not three days.
        QCOMPARE(ExchangeCalendar::sessionsBetween(QDate(2025, 3, 7), QDate(2025, 3, 10)), 1);
        QCOMPARE(ExchangeCalendar::sessionsBetween(QDate(2025, 3, 7), QDate(2025, 3, 7)), 0);
        QCOMPARE(ExchangeCalendar::sessionsBetween(QDate(2025, 4, 17), QDate(2025, 4, 21)), 1); // over Good Friday
        QCOMPARE(ExchangeCalendar::sessionsBetween(QDate(), QDate(2025, 4, 21)), 0);
        QCOMPARE(ExchangeCalendar::nextTradingDay(QDate(2025, 12, 24)), QDate(2025, 12, 26));
        QCOMPARE(ExchangeCalendar::previousTradingDay(QDate(2025, 1, 21)), QDate(2025, 1, 17));
    }
    void hours()
    {
        QVERIFY(ExchangeCalendar::isOpen(QDateTime(QDate(2025, 3, 3), QTime(9, 30))));
        QVERIFY(!ExchangeCalendar::isOpen(QDateTime(QDate(2025, 3, 3), QTime(9, 29))));
        QVERIFY(!ExchangeCalendar::isOpen(QDateTime(QDate(2025, 3, 3), QTime(16, 0))));
        QVERIFY(!ExchangeCalendar::isOpen(QDateTime(QDate(2025, 12, 24), QTime(13, 30))));
        QVERIFY(!ExchangeCalendar::isOpen(QDateTime(QDate(2025, 12, 25), QTime(11, 0))));
        QCOMPARE(ExchangeCalendar::lastCompletedSession(QDateTime(QDate(2025, 3, 10), QTime(10, 0))), QDate(2025, 3, 7));
        QCOMPARE(ExchangeCalendar::lastCompletedSession(QDateTime(QDate(2025, 3, 10), QTime(16, 5))), QDate(2025, 3, 10));
        // 09:30 New York is 14:30 UTC in winter and 13:30 UTC in summer.
        QCOMPARE(ExchangeCalendar::toUtc(QDate(2025, 1, 6), QTime(9, 30)).time(), QTime(14, 30));
        QCOMPARE(ExchangeCalendar::toUtc(QDate(2025, 7, 7), QTime(9, 30)).time(), QTime(13, 30));
    }
};

QTEST_GUILESS_MAIN(TestExchangeCalendar)
#include "tst_exchangecalendar.moc"
