// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDate>
#include <QDateTime>
#include <QString>
#include <QTime>

/// The NYSE calendar by its published rules: weekends, the ten full-day
/// holidays (with Saturday/Sunday observance), and the 13:00 early closes on
/// July 3, the day after Thanksgiving and December 24. Times are New York local.
/// Demo mode's simulated market trades on this calendar too.
class ExchangeCalendar
{
public:
    static bool isTradingDay(const QDate &date);
    /// The holiday's name, or empty for a regular day (weekends are not holidays).
    static QString holiday(const QDate &date);
    static bool isHalfDay(const QDate &date);
    static QTime openTime() { return QTime(9, 30); }
    static QTime closeTime(const QDate &date) { return isHalfDay(date) ? QTime(13, 0) : QTime(16, 0); }
    static QDate nextTradingDay(const QDate &date);
    static QDate previousTradingDay(const QDate &date);
    /// Trading sessions after `from` up to and including `to` (0 when to ≤ from).
    static int sessionsBetween(const QDate &from, const QDate &to);
    /// The last session whose close is at or before `nyLocal`.
    static QDate lastCompletedSession(const QDateTime &nyLocal);
    /// Whether the market is open at a New York local date and time.
    static bool isOpen(const QDateTime &nyLocal);
    /// New York local time to UTC, using the system's time-zone data when present.
    static QDateTime toUtc(const QDate &date, const QTime &nyTime);
    /// The same instant on New York's clock (with the same fallback without time-zone data).
    static QDateTime toNewYork(const QDateTime &t);
};
