// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/bar.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <limits>
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

    /// Input limits: a file of at most 256 MiB, lines of at most 4,096 characters.
    static constexpr qint64 kMaxFileBytes = 256LL * 1024 * 1024;
    static constexpr std::size_t kMaxLineLength = 4096;
    static constexpr int kMaxColumns = 32;

    /// Loads every *.csv in `dir` (ISO dates; the symbol is the file name). A header
    /// names the columns (date, open, high, low, close, volume, in any order and case);
    /// without one they are in that order. Bad rows are reported with file and line
    /// and skipped; a file that is not used at all is reported too.
    bool loadDirectory(const QString &dir);
    /// Parses one file's bytes; public for tests.
    Series parse(const QByteArray &bytes, const QString &file, const QString &symbol);
    void add(Series series);
    /// One symbol's bars as a column series (the symbol of the first bar).
    static Series fromBars(const QList<Bar> &bars);

    const std::vector<Series> &series() const { return m_series; }
    const QList<RowError> &errors() const { return m_errors; }
    std::size_t barCount() const;
    /// Rows dated after this day are refused (the run's clock; unlimited by default).
    void setLatestDay(std::int32_t day) { m_latestDay = day; }

    static std::int32_t dayNumber(const QDate &d);
    static QDate dateOf(std::int32_t day);

private:
    std::vector<Series> m_series;
    QList<RowError> m_errors;
    std::int32_t m_latestDay = std::numeric_limits<std::int32_t>::max();
};
