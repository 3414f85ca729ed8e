// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/bar.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

/// Daily bars of many symbols, stored by column for fast backtests: prices as
/// the raw integer of Decimal (1e-9 units), dates as days since 1970-01-01.
class BarTable
{
public:
    struct Series
    {
        QString symbol;
        std::vector<std::int32_t> day;
        std::vector<std::int64_t> open, high, low, close; ///< Decimal::raw()
        std::vector<std::int64_t> volume;
        std::size_t size() const { return day.size(); }
        void reserve(std::size_t n);
    };
    struct RowError
    {
        QString file;
        int line = 0;
        QString reason;
    };

    /// Loads every *.csv in `dir` (`date,open,high,low,close,volume`, ISO dates; the
    /// symbol is the file name). Bad rows are reported with file and line and skipped.
    bool loadDirectory(const QString &dir);
    /// Parses one file's bytes; public for tests.
    Series parse(const QByteArray &bytes, const QString &file, const QString &symbol);
    void add(Series series);
    /// One symbol's bars as a column series (the symbol of the first bar).
    static Series fromBars(const QList<Bar> &bars);

    const std::vector<Series> &series() const { return m_series; }
    const QList<RowError> &errors() const { return m_errors; }
    std::size_t barCount() const;

    static std::int32_t dayNumber(const QDate &d);
    static QDate dateOf(std::int32_t day);

private:
    std::vector<Series> m_series;
    QList<RowError> m_errors;
};
