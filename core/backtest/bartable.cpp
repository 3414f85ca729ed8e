// SPDX-License-Identifier: GPL-3.0-or-later
#include "bartable.h"

#include "domain/symbol.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>

#include <algorithm>
#include <cstring>
#include <limits>
#include <string_view>

namespace {

// Days from 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int32_t daysFromCivil(int y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int>(doe) - 719468;
}

bool parseDate(std::string_view s, std::int32_t &out)
{
    if (s.size() < 10 || s[4] != '-' || s[7] != '-')
        return false;
    int v[3] = {0, 0, 0};
    const int starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
    for (int k = 0; k < 3; ++k)
        for (int i = 0; i < lens[k]; ++i) {
            const char c = s[static_cast<std::size_t>(starts[k] + i)];
            if (c < '0' || c > '9')
                return false;
            v[k] = v[k] * 10 + (c - '0');
        }
    if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > QDate(v[0], v[1], 1).daysInMonth())
        return false;
    out = daysFromCivil(v[0], static_cast<unsigned>(v[1]), static_cast<unsigned>(v[2]));
    return true;
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '"'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '"'))
        s.remove_suffix(1);
    return s;
}

} // namespace

void BarTable::Series::reserve(std::size_t n)
{
    day.reserve(n);
    open.reserve(n);
    high.reserve(n);
    low.reserve(n);
    close.reserve(n);
    volume.reserve(n);
}

std::int32_t BarTable::dayNumber(const QDate &d)
{
    return daysFromCivil(d.year(), static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
}

QDate BarTable::dateOf(std::int32_t day)
{
    return QDate(1970, 1, 1).addDays(day);
}

std::size_t BarTable::barCount() const
{
    std::size_t n = 0;
    for (const Series &s : m_series)
        n += s.size();
    return n;
}

BarTable::Series BarTable::fromBars(const QList<Bar> &bars)
{
    Series s;
    if (!bars.isEmpty())
        s.symbol = bars.front().symbol;
    s.reserve(static_cast<std::size_t>(bars.size()));
    for (const Bar &b : bars) {
        s.day.push_back(dayNumber(b.session));
        s.open.push_back(b.open.raw());
        s.high.push_back(b.high.raw());
        s.low.push_back(b.low.raw());
        s.close.push_back(b.close.raw());
        s.volume.push_back(b.volume);
    }
    return s;
}

void BarTable::add(Series series)
{
    m_series.push_back(std::move(series));
}

namespace {

QString shown(std::string_view v)
{
    return quoteForError(QString::fromUtf8(v.data(), static_cast<qsizetype>(std::min<std::size_t>(v.size(), 200))), 80)
           + (v.size() > 200 ? QStringLiteral(" (%1 bytes)").arg(v.size()) : QString());
}

bool equalsIgnoringCase(std::string_view a, const char *b)
{
    const std::size_t n = std::strlen(b);
    if (a.size() != n)
        return false;
    for (std::size_t i = 0; i < n; ++i) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        if (c != b[i])
            return false;
    }
    return true;
}

} // namespace

BarTable::Series BarTable::parse(const QByteArray &bytes, const QString &file, const QString &symbol)
{
    Series s;
    s.symbol = symbol;
    s.reserve(static_cast<std::size_t>(bytes.size() / 40 + 1));
    const char *p = bytes.constData();
    const char *end = p + bytes.size();
    if (end - p >= 3 && std::memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3; // a UTF-8 byte-order mark is not part of the first field
    int line = 0;
    const auto bad = [&](const QString &why) { m_errors.append({file, line, why}); };
    // Columns by name from the header, any order, any case; without a header the documented order.
    int col[6] = {0, 1, 2, 3, 4, 5}; // date, open, high, low, close, volume
    int needed = 6;
    bool first = true;
    while (p < end) {
        // A line ends at \n, \r\n or a lone \r.
        const char *stop = p;
        while (stop < end && *stop != '\n' && *stop != '\r')
            ++stop;
        const std::string_view row(p, static_cast<std::size_t>(stop - p));
        p = stop < end && *stop == '\r' && stop + 1 < end && stop[1] == '\n' ? stop + 2 : stop + 1;
        ++line;
        if (trim(row).empty())
            continue;
        if (row.size() > kMaxLineLength) {
            bad(QStringLiteral("line of %1 characters, longer than the limit of %2").arg(row.size()).arg(kMaxLineLength));
            continue;
        }
        std::string_view cells[kMaxColumns];
        int n = 0;
        std::size_t from = 0;
        for (std::size_t i = 0; i <= row.size(); ++i) {
            if (i == row.size() || row[i] == ',') {
                if (n < kMaxColumns)
                    cells[n] = trim(row.substr(from, i - from));
                ++n;
                from = i + 1;
            }
        }
        if (first) {
            first = false;
            const char c0 = cells[0].empty() ? '\0' : cells[0][0];
            if (!(c0 >= '0' && c0 <= '9')) {
                // A header: every column is found by its name.
                static const char *names[6] = {"date", "open", "high", "low", "close", "volume"};
                needed = 0;
                for (int k = 0; k < 6; ++k) {
                    col[k] = -1;
                    for (int c = 0; c < std::min(n, kMaxColumns); ++c)
                        if (equalsIgnoringCase(cells[c], names[k]) || (k == 0 && equalsIgnoringCase(cells[c], "timestamp")))
                            col[k] = c;
                    if (col[k] < 0) {
                        bad(QStringLiteral("the header has no '%1' column (found %2); the file is not used")
                                .arg(QLatin1String(names[k]), shown(row)));
                        s.day.clear();
                        return s;
                    }
                    needed = std::max(needed, col[k] + 1);
                }
                continue;
            }
        }
        if (n < needed) {
            bad(QStringLiteral("expected %1 fields, found %2").arg(needed).arg(n));
            continue;
        }
        std::int32_t day = 0;
        if (!parseDate(cells[col[0]], day)) {
            bad(QStringLiteral("invalid date %1 (expected YYYY-MM-DD)").arg(shown(cells[col[0]])));
            continue;
        }
        if (day > m_latestDay) {
            bad(QStringLiteral("date %1 is after the run's clock (%2)").arg(shown(cells[col[0]]), dateOf(m_latestDay).toString(Qt::ISODate)));
            continue;
        }
        std::int64_t v[4];
        static const char *names[4] = {"open", "high", "low", "close"};
        bool ok = true;
        for (int k = 0; k < 4 && ok; ++k) {
            const std::string_view cell = cells[col[k + 1]];
            const auto d = Decimal::parse(cell);
            if (!d || !d->isPositive()) {
                bad(QStringLiteral("%1 %2 is not a positive number%3")
                        .arg(QLatin1String(names[k]), shown(cell),
                             d ? QString() : QStringLiteral(" (") + Decimal::whyNotParsed(QString::fromUtf8(cell.data(), static_cast<qsizetype>(std::min<std::size_t>(cell.size(), 200)))) + QLatin1Char(')')));
                ok = false;
            } else {
                v[k] = d->raw();
            }
        }
        if (!ok)
            continue;
        std::int64_t volume = 0;
        const std::string_view vol = cells[col[5]];
        bool volOk = !vol.empty();
        bool overflow = false;
        for (char c : vol) {
            if (c == '.')
                break; // fractional volume: keep the whole part
            if (c < '0' || c > '9') {
                volOk = false;
                break;
            }
            if (volume > (std::numeric_limits<std::int64_t>::max() - (c - '0')) / 10) {
                overflow = true;
                break;
            }
            volume = volume * 10 + (c - '0');
        }
        if (overflow) {
            bad(QStringLiteral("volume %1 is larger than %2").arg(shown(vol)).arg(std::numeric_limits<std::int64_t>::max()));
            continue;
        }
        if (!volOk) {
            bad(QStringLiteral("invalid volume %1").arg(shown(vol)));
            continue;
        }
        if (v[1] < v[2]) {
            bad(QStringLiteral("high is below low"));
            continue;
        }
        if (v[1] < std::max(v[0], v[3]) || v[2] > std::min(v[0], v[3])) {
            bad(QStringLiteral("open or close outside the high-low range"));
            continue;
        }
        if (!s.day.empty() && day <= s.day.back()) {
            bad(day == s.day.back() ? QStringLiteral("duplicate date") : QStringLiteral("date out of order"));
            continue;
        }
        s.day.push_back(day);
        s.open.push_back(v[0]);
        s.high.push_back(v[1]);
        s.low.push_back(v[2]);
        s.close.push_back(v[3]);
        s.volume.push_back(volume);
    }
    return s;
}

bool BarTable::loadDirectory(const QString &dir)
{
    const QDir d(dir);
    if (!d.exists()) {
        m_errors.append({dir, 0, QStringLiteral("folder does not exist")});
        return false;
    }
    const QStringList files = d.entryList({QStringLiteral("*.csv")}, QDir::Files, QDir::Name);
    if (files.isEmpty()) {
        m_errors.append({dir, 0, QStringLiteral("no .csv files")});
        return false;
    }
    // Each file names its symbol. A name that is not a symbol, or two files that
    // name the same symbol in different case, are refused, never merged.
    QHash<QString, QStringList> bySymbol;
    for (const QString &name : files) {
        const Result<QString> symbol = normalizeSymbol(QFileInfo(name).completeBaseName());
        if (!symbol) {
            m_errors.append({d.filePath(name), 0, QStringLiteral("not used: the file name is not a symbol (%1)").arg(symbol.error())});
            continue;
        }
        bySymbol[symbol.value()].append(name);
    }
    m_series.reserve(m_series.size() + static_cast<std::size_t>(bySymbol.size()));
    for (const QString &name : files) {
        const Result<QString> symbol = normalizeSymbol(QFileInfo(name).completeBaseName());
        if (!symbol)
            continue;
        const QStringList &same = bySymbol[symbol.value()];
        if (same.size() > 1) {
            m_errors.append({d.filePath(name), 0, QStringLiteral("not used: %1 all name the symbol %2").arg(same.join(QStringLiteral(", ")), symbol.value())});
            continue;
        }
        QFile f(d.filePath(name));
        if (f.size() > kMaxFileBytes) {
            m_errors.append({f.fileName(), 0, QStringLiteral("not used: %1 bytes, more than the limit of %2").arg(f.size()).arg(kMaxFileBytes)});
            continue;
        }
        if (!f.open(QIODevice::ReadOnly)) {
            m_errors.append({f.fileName(), 0, QStringLiteral("cannot open: %1").arg(f.errorString())});
            continue;
        }
        const qsizetype before = m_errors.size();
        Series s = parse(f.readAll(), f.fileName(), symbol.value());
        if (!s.day.empty())
            m_series.push_back(std::move(s));
        else if (m_errors.size() == before)
            m_errors.append({f.fileName(), 0, QStringLiteral("not used: no bars in the file (empty, or a header only)")});
        else
            m_errors.append({f.fileName(), 0, QStringLiteral("not used: none of its rows is a valid bar")});
    }
    return true;
}
