// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchangecalendar.h"

#include <QTimeZone>

namespace {

QDate nthWeekday(int year, int month, int weekday, int n)
{
    QDate d(year, month, 1);
    while (d.dayOfWeek() != weekday)
        d = d.addDays(1);
    return d.addDays(7 * (n - 1));
}

QDate lastWeekday(int year, int month, int weekday)
{
    QDate d(year, month, QDate(year, month, 1).daysInMonth());
    while (d.dayOfWeek() != weekday)
        d = d.addDays(-1);
    return d;
}

QDate easterSunday(int y)
{
    // Anonymous Gregorian algorithm.
    const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
    const int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31, day = ((h + l - 7 * m + 114) % 31) + 1;
    return QDate(y, month, day);
}

// Saturday holidays are observed on Friday, Sunday holidays on Monday.
QDate observed(const QDate &d)
{
    if (d.dayOfWeek() == 6)
        return d.addDays(-1);
    if (d.dayOfWeek() == 7)
        return d.addDays(1);
    return d;
}

} // namespace

QString ExchangeCalendar::holiday(const QDate &date)
{
    if (!date.isValid())
        return {};
    // Closures no rule predicts, as announced by the exchange.
    static const QList<QPair<QDate, const char *>> special{{QDate(2012, 10, 29), "Hurricane Sandy"},
                                                          {QDate(2012, 10, 30), "Hurricane Sandy"},
                                                          {QDate(2018, 12, 5), "National Day of Mourning"},
                                                          {QDate(2025, 1, 9), "National Day of Mourning"}};
    for (const auto &[day, name] : special)
        if (date == day)
            return QLatin1String(name);
    const int y = date.year();
    // New Year's Day on a Saturday is not observed on the Friday before (NYSE rule).
    const QDate newYear(y, 1, 1);
    if ((newYear.dayOfWeek() == 7 && date == newYear.addDays(1)) || (newYear.dayOfWeek() <= 5 && date == newYear))
        return QStringLiteral("New Year's Day");
    if (date == nthWeekday(y, 1, 1, 3))
        return QStringLiteral("Martin Luther King Jr. Day");
    if (date == nthWeekday(y, 2, 1, 3))
        return QStringLiteral("Washington's Birthday");
    if (date == easterSunday(y).addDays(-2))
        return QStringLiteral("Good Friday");
    if (date == lastWeekday(y, 5, 1))
        return QStringLiteral("Memorial Day");
    if (y >= 2022 && date == observed(QDate(y, 6, 19)))
        return QStringLiteral("Juneteenth");
    if (date == observed(QDate(y, 7, 4)))
        return QStringLiteral("Independence Day");
    if (date == nthWeekday(y, 9, 1, 1))
        return QStringLiteral("Labor Day");
    if (date == nthWeekday(y, 11, 4, 4))
        return QStringLiteral("Thanksgiving Day");
    if (date == observed(QDate(y, 12, 25)))
        return QStringLiteral("Christmas Day");
    return {};
}

bool ExchangeCalendar::isTradingDay(const QDate &date)
{
    return date.isValid() && date.dayOfWeek() <= 5 && holiday(date).isEmpty();
}

bool ExchangeCalendar::isHalfDay(const QDate &date)
{
    if (!isTradingDay(date))
        return false;
    const int y = date.year();
    return (date == QDate(y, 7, 3)) || date == nthWeekday(y, 11, 4, 4).addDays(1) || date == QDate(y, 12, 24);
}

QDate ExchangeCalendar::nextTradingDay(const QDate &date)
{
    if (!date.isValid())
        return {};
    QDate d = date.addDays(1);
    while (!isTradingDay(d))
        d = d.addDays(1);
    return d;
}

QDate ExchangeCalendar::previousTradingDay(const QDate &date)
{
    if (!date.isValid())
        return {};
    QDate d = date.addDays(-1);
    while (!isTradingDay(d))
        d = d.addDays(-1);
    return d;
}

int ExchangeCalendar::sessionsBetween(const QDate &from, const QDate &to)
{
    if (!from.isValid() || !to.isValid())
        return 0;
    int n = 0;
    for (QDate d = from.addDays(1); d <= to; d = d.addDays(1))
        n += isTradingDay(d) ? 1 : 0;
    return n;
}

QDate ExchangeCalendar::lastCompletedSession(const QDateTime &nyLocal)
{
    const QDate today = nyLocal.date();
    if (isTradingDay(today) && nyLocal.time() >= closeTime(today))
        return today;
    return previousTradingDay(today);
}

bool ExchangeCalendar::isOpen(const QDateTime &nyLocal)
{
    const QDate d = nyLocal.date();
    return isTradingDay(d) && nyLocal.time() >= openTime() && nyLocal.time() < closeTime(d);
}

namespace {
const QTimeZone &newYork()
{
    static const QTimeZone ny(QByteArrayLiteral("America/New_York"));
    return ny;
}
} // namespace

QDateTime ExchangeCalendar::toNewYork(const QDateTime &t)
{
    if (newYork().isValid())
        return t.toTimeZone(newYork());
    const QDateTime u = t.toUTC();
    const QDateTime noon(u.date(), QTime(12, 0), QTimeZone::utc());
    return u.toOffsetFromUtc(static_cast<int>(toUtc(u.date(), QTime(12, 0)).secsTo(noon)));
}

QDateTime ExchangeCalendar::toUtc(const QDate &date, const QTime &nyTime)
{
    const QTimeZone &ny = newYork();
    if (ny.isValid())
        return QDateTime(date, nyTime, ny).toUTC();
    // Without time-zone data, approximate with the US daylight-saving rule.
    const QDate dstStart = QDate(date.year(), 3, 8).addDays((7 - QDate(date.year(), 3, 8).dayOfWeek()) % 7);
    const QDate dstEnd = QDate(date.year(), 11, 1).addDays((7 - QDate(date.year(), 11, 1).dayOfWeek()) % 7);
    const int offsetHours = date >= dstStart && date < dstEnd ? 4 : 5;
    return QDateTime(date, nyTime, QTimeZone::utc()).addSecs(offsetHours * 3600);
}
