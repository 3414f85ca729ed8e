// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/bar.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

/// Daily bars of many symbols, stored by column for fast backtests: prices as
/// the raw integer of Decimal (1e-9 units), dates as days since 1970-01-01.
class BarTable
{
public:
    /// A vector whose resize() leaves new integers uninitialised (they are about to
    /// be read into), instead of zeroing them first.
    template<typename T>
    struct NoInitAllocator : std::allocator<T>
    {
        template<typename U>
        struct rebind
        {
            using other = NoInitAllocator<U>;
        };
        NoInitAllocator() = default;
        template<typename U>
        NoInitAllocator(const NoInitAllocator<U> &) noexcept
        {
        }
        template<typename U>
        void construct(U *p) noexcept
        {
            ::new (static_cast<void *>(p)) U;
        }
        template<typename U, typename... Args>
        void construct(U *p, Args &&...args)
        {
            ::new (static_cast<void *>(p)) U(std::forward<Args>(args)...);
        }
    };
    template<typename T>
    using Array = std::vector<T, NoInitAllocator<T>>;

    /// A column of exact integers (Decimal::raw() for prices) kept as 32-bit
    /// multiples of `Unit` while every value is one, and widened to 64 bits for
    /// good at the first that is not. Prices with up to four decimals under
    /// $214,748 take half the memory; any value is still held exactly.
    template<std::int64_t Unit>
    class Column
    {
    public:
        std::int64_t operator[](std::size_t i) const { return m_wide ? m_64[i] : static_cast<std::int64_t>(m_32[i]) * Unit; }
        std::int64_t back() const { return (*this)[size() - 1]; }
        std::size_t size() const { return m_wide ? m_64.size() : m_32.size(); }
        bool empty() const { return size() == 0; }
        bool isNarrow() const { return !m_wide; }
        void push_back(std::int64_t v)
        {
            const std::int64_t q = v / Unit; // a constant divisor: a multiplication
            if (!m_wide && q * Unit == v && q >= INT32_MIN && q <= INT32_MAX)
                m_32.push_back(static_cast<std::int32_t>(q));
            else
                pushWide(v);
        }
        void reserve(std::size_t n) { m_wide ? m_64.reserve(n) : m_32.reserve(n); }
        void clear()
        {
            m_wide = false;
            m_32.clear();
            m_64.clear();
        }
        /// The stored integers, for the bar cache: 32-bit multiples of Unit, or 64-bit raws.
        const Array<std::int32_t> &narrow() const { return m_32; }
        const Array<std::int64_t> &wide() const { return m_64; }
        void assign(Array<std::int32_t> narrow, Array<std::int64_t> wide, bool isWide)
        {
            m_wide = isWide;
            m_32 = std::move(narrow);
            m_64 = std::move(wide);
        }
        /// The same values, however they are stored.
        bool operator==(const Column &other) const
        {
            if (size() != other.size())
                return false;
            for (std::size_t i = 0; i < size(); ++i)
                if ((*this)[i] != other[i])
                    return false;
            return true;
        }

    private:
        void pushWide(std::int64_t v)
        {
            if (!m_wide) {
                m_64.reserve(std::max(m_32.capacity(), m_32.size() + 1));
                for (const std::int32_t x : m_32)
                    m_64.push_back(static_cast<std::int64_t>(x) * Unit);
                m_32 = {};
                m_wide = true;
            }
            m_64.push_back(v);
        }
        bool m_wide = false;
        Array<std::int32_t> m_32;
        Array<std::int64_t> m_64;
    };
    using PriceColumn = Column<100'000>; ///< 1e-4 in Decimal raw units
    using CountColumn = Column<1>;

    struct Series
    {
        QString symbol;
        Array<std::int32_t> day;
        PriceColumn open, high, low, close; ///< Decimal::raw()
        CountColumn volume;
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
    ///
    /// With a cache folder, each file's parsed bars (and its row errors) are kept in
    /// a binary cache keyed by the file's name, size, modification time and a hash of
    /// its bytes; a file that matches is not parsed again. The result is the same
    /// with or without the cache (tst_barcache).
    bool loadDirectory(const QString &dir, const QString &cacheDir = {});
    /// The default cache folder (under the user's cache location); empty when
    /// SENTINEL_BAR_CACHE is "off", that variable's value when it is a folder.
    static QString defaultCacheDir();
    /// How the last loadDirectory() used the cache: files taken from it, files parsed.
    struct CacheUse
    {
        int hits = 0, parsed = 0;
        bool written = false;
        int evicted = 0;  ///< other folders' cache files removed to stay under the cap
        QString problem; ///< why the cache could not be read or written (the load goes on without it)
    };
    const CacheUse &cacheUse() const { return m_cacheUse; }
    /// The cache's size cap in bytes: SENTINEL_BAR_CACHE_MB megabytes, 1024 by default.
    static qint64 cacheCapBytes();
    /// Removes the least recently used cache files (by modification time, which a
    /// cache hit refreshes) until the folder's *.bars files fit in `capBytes`; `keep`
    /// is never removed. Returns how many were removed.
    static int trimCache(const QString &cacheDir, qint64 capBytes, const QString &keep);
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
    std::int32_t m_maxSeenDay = std::numeric_limits<std::int32_t>::min(); ///< the last parse's latest valid date, rows refused or not
    bool m_clockRefused = false;                                          ///< the last parse refused a row for the clock
    CacheUse m_cacheUse;
};
