// SPDX-License-Identifier: GPL-3.0-or-later
#include "bartable.h"

#include "domain/symbol.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QDateTime>
#include <QHash>
#include <QSaveFile>
#include <QStandardPaths>

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
    static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (v[1] < 1 || v[1] > 12 || v[2] < 1)
        return false;
    const bool leap = (v[0] % 4 == 0 && v[0] % 100 != 0) || v[0] % 400 == 0;
    if (v[2] > kDays[v[1] - 1] + (v[1] == 2 && leap ? 1 : 0))
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

namespace {

// A positive decimal of plain digits ("123" or "123.4567", at most nine decimals),
// then `stop`; false for anything else (the general path then reads the cell).
bool plainPrice(const char *&p, const char *end, char stop, std::int64_t &out)
{
    std::int64_t whole = 0;
    const char *start = p;
    while (p < end && *p >= '0' && *p <= '9' && p - start < 10)
        whole = whole * 10 + (*p++ - '0');
    if (p == start || whole > std::numeric_limits<std::int64_t>::max() / Decimal::kOne - 1)
        return false;
    std::int64_t frac = 0, scale = Decimal::kOne;
    if (p < end && *p == '.') {
        const char *f = ++p;
        while (p < end && *p >= '0' && *p <= '9' && p - f < 9) {
            frac = frac * 10 + (*p++ - '0');
            scale /= 10;
        }
        if (p == f)
            return false;
    }
    if (stop ? (p >= end || *p != stop) : p != end)
        return false;
    out = whole * Decimal::kOne + frac * scale;
    return out > 0;
}

// The common row, "YYYY-MM-DD,open,high,low,close,volume" of plain numbers, read in
// one pass; false when anything differs, and the general path reads the row (and
// names the problem). The values are the ones the general path gives.
bool plainRow(std::string_view row, std::int32_t latestDay, std::int32_t &day, std::int64_t (&v)[4], std::int64_t &volume)
{
    if (row.size() < 21 || row[10] != ',' || !parseDate(row.substr(0, 10), day) || day > latestDay)
        return false;
    const char *p = row.data() + 11, *end = row.data() + row.size();
    for (int k = 0; k < 4; ++k) {
        if (!plainPrice(p, end, ',', v[k]))
            return false;
        ++p;
    }
    const char *start = p;
    volume = 0;
    while (p < end && *p >= '0' && *p <= '9' && p - start < 18)
        volume = volume * 10 + (*p++ - '0');
    return p != start && p == end;
}

} // namespace

BarTable::Series BarTable::parse(const QByteArray &bytes, const QString &file, const QString &symbol)
{
    Series s;
    s.symbol = symbol;
    s.reserve(static_cast<std::size_t>(bytes.size() / 40 + 1));
    m_maxSeenDay = std::numeric_limits<std::int32_t>::min();
    m_clockRefused = false;
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
    bool plain = true; // the columns in their documented order: rows may take the one-pass path
    std::string_view cells[kMaxColumns]; // set afresh for each row, up to its field count
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
        std::int32_t day = 0;
        std::int64_t v[4];
        std::int64_t volume = 0;
        if (plain && !first && plainRow(row, m_latestDay, day, v, volume)) {
            m_maxSeenDay = std::max(m_maxSeenDay, day);
        } else {
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
                    plain = plain && col[k] == k;
                }
                continue;
            }
        }
        if (n < needed) {
            bad(QStringLiteral("expected %1 fields, found %2").arg(needed).arg(n));
            continue;
        }
        if (!parseDate(cells[col[0]], day)) {
            bad(QStringLiteral("invalid date %1 (expected YYYY-MM-DD)").arg(shown(cells[col[0]])));
            continue;
        }
        m_maxSeenDay = std::max(m_maxSeenDay, day);
        if (day > m_latestDay) {
            m_clockRefused = true;
            bad(QStringLiteral("date %1 is after the run's clock (%2)").arg(shown(cells[col[0]]), dateOf(m_latestDay).toString(Qt::ISODate)));
            continue;
        }
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
        const std::string_view vol = cells[col[5]];
        volume = 0; // the one-pass attempt may have left a partial value
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
        } // the general path
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

namespace {

// The bar cache: one file per data folder, named by a hash of the folder's path.
// Native byte order and sizes (it is a cache of this machine's own parse), with a
// magic and a version; anything unexpected makes it a miss, never an error.
constexpr char kCacheMagic[8] = {'S', 'N', 'T', 'L', 'B', 'A', 'R', 'C'};
constexpr quint32 kCacheVersion = 1;

// A fast 64-bit hash of a file's bytes in four independent lanes (not cryptographic:
// it tells an edited file from the one cached, with its size and time).
quint64 contentHash(const char *p, qsizetype n)
{
    quint64 h[4] = {0x9e3779b97f4a7c15ULL, 0xc2b2ae3d27d4eb4fULL, 0x165667b19e3779f9ULL, 0x27d4eb2f165667c5ULL};
    constexpr quint64 kPrime = 0x100000001b3ULL;
    qsizetype i = 0;
    for (; i + 32 <= n; i += 32)
        for (int k = 0; k < 4; ++k) {
            quint64 w;
            std::memcpy(&w, p + i + 8 * k, 8);
            h[k] = (h[k] ^ w) * kPrime;
        }
    quint64 out = static_cast<quint64>(n);
    for (; i < n; ++i)
        out = (out ^ static_cast<unsigned char>(p[i])) * kPrime;
    for (const quint64 x : h)
        out = (out ^ x) * kPrime ^ (out >> 29);
    return out;
}

struct CachedFile
{
    QString name;
    qint64 size = 0, mtimeNs = 0;
    quint64 hash = 0;
    qint32 builtLatestDay = 0, maxSeenDay = 0;
    bool clockRefused = false;
    bool hasSeries = false;
    BarTable::Series series;
    QList<QPair<int, QString>> errors; ///< line, reason
};

class CacheReader
{
public:
    explicit CacheReader(QFile &f) : m_f(f) {}
    bool ok() const { return m_ok; }
    template<typename T>
    T pod()
    {
        T v{};
        m_ok = m_ok && m_f.read(reinterpret_cast<char *>(&v), sizeof v) == sizeof v;
        return v;
    }
    QString text()
    {
        const auto n = pod<quint32>();
        if (!m_ok || n > 1'000'000)
            return m_ok = false, QString();
        const QByteArray b = m_f.read(n);
        m_ok = m_ok && b.size() == static_cast<qsizetype>(n);
        return QString::fromUtf8(b);
    }
    template<typename T>
    BarTable::Array<T> array(quint64 n)
    {
        BarTable::Array<T> v;
        if (!m_ok || n > (1ULL << 32))
            return m_ok = false, v;
        v.resize(n); // not zeroed first: the read fills it
        const qint64 bytes = static_cast<qint64>(n * sizeof(T));
        m_ok = m_f.read(reinterpret_cast<char *>(v.data()), bytes) == bytes; // straight into the column: no second copy
        return v;
    }
    template<std::int64_t U>
    void column(BarTable::Column<U> &c, quint64 n)
    {
        const bool wide = pod<quint8>() != 0;
        if (wide)
            c.assign({}, array<std::int64_t>(n), true);
        else
            c.assign(array<std::int32_t>(n), {}, false);
    }

private:
    QFile &m_f;
    bool m_ok = true;
};

class CacheWriter
{
public:
    explicit CacheWriter(QIODevice &f) : m_f(f) {}
    bool ok() const { return m_ok; }
    template<typename T>
    void pod(const T &v)
    {
        raw(&v, sizeof v);
    }
    void text(const QString &s)
    {
        const QByteArray b = s.toUtf8();
        pod(static_cast<quint32>(b.size()));
        raw(b.constData(), b.size());
    }
    template<typename T, typename A>
    void array(const std::vector<T, A> &v)
    {
        raw(v.data(), static_cast<qint64>(v.size() * sizeof(T)));
    }
    template<std::int64_t U>
    void column(const BarTable::Column<U> &c)
    {
        pod(static_cast<quint8>(c.isNarrow() ? 0 : 1));
        if (c.isNarrow())
            array(c.narrow());
        else
            array(c.wide());
    }

private:
    void raw(const void *p, qint64 n) { m_ok = m_ok && m_f.write(static_cast<const char *>(p), n) == n; }
    QIODevice &m_f;
    bool m_ok = true;
};

QString cachePath(const QString &cacheDir, const QString &dataDir)
{
    const QByteArray key = QFileInfo(dataDir).absoluteFilePath().toUtf8();
    return QDir(cacheDir).filePath(QStringLiteral("%1.bars").arg(contentHash(key.constData(), key.size()), 16, 16, QLatin1Char('0')));
}

QHash<QString, CachedFile> readCache(const QString &path, QString &problem)
{
    QHash<QString, CachedFile> out;
    QFile f(path);
    if (!f.exists())
        return out;
    if (!f.open(QIODevice::ReadOnly)) { // buffered: the small fields come from one read, the columns go straight to their vectors
        problem = QStringLiteral("%1: %2").arg(path, f.errorString());
        return out;
    }
    CacheReader r(f);
    char magic[8] = {};
    const bool magicOk = f.read(magic, 8) == 8 && std::memcmp(magic, kCacheMagic, 8) == 0;
    if (!magicOk || r.pod<quint32>() != kCacheVersion)
        return out; // another version: rebuilt on this load
    const auto count = r.pod<quint32>();
    for (quint32 i = 0; r.ok() && i < count; ++i) {
        CachedFile c;
        c.name = r.text();
        c.size = r.pod<qint64>();
        c.mtimeNs = r.pod<qint64>();
        c.hash = r.pod<quint64>();
        c.builtLatestDay = r.pod<qint32>();
        c.maxSeenDay = r.pod<qint32>();
        c.clockRefused = r.pod<quint8>() != 0;
        c.hasSeries = r.pod<quint8>() != 0;
        const auto errors = r.pod<quint32>();
        for (quint32 e = 0; r.ok() && e < errors && e < 10'000'000; ++e) {
            const int line = r.pod<qint32>();
            c.errors.append({line, r.text()});
        }
        if (c.hasSeries) {
            c.series.symbol = r.text();
            const auto n = r.pod<quint64>();
            c.series.day = r.array<std::int32_t>(n);
            r.column(c.series.open, n);
            r.column(c.series.high, n);
            r.column(c.series.low, n);
            r.column(c.series.close, n);
            r.column(c.series.volume, n);
        }
        if (r.ok())
            out.emplace(c.name, std::move(c)); // moved: the columns are not copied
    }
    if (!r.ok()) {
        problem = QStringLiteral("%1: truncated or damaged; it is rebuilt").arg(path);
        return {};
    }
    return out;
}

} // namespace

QString BarTable::defaultCacheDir()
{
    const QString env = qEnvironmentVariable("SENTINEL_BAR_CACHE");
    if (env == QLatin1String("off"))
        return {};
    if (!env.isEmpty())
        return env;
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation);
    return base.isEmpty() ? QString() : base + QStringLiteral("/sentinel/bars");
}

qint64 BarTable::cacheCapBytes()
{
    bool ok = false;
    const qint64 mb = qEnvironmentVariable("SENTINEL_BAR_CACHE_MB").toLongLong(&ok);
    return (ok && mb > 0 ? mb : 1024) * 1024 * 1024;
}

int BarTable::trimCache(const QString &cacheDir, qint64 capBytes, const QString &keep)
{
    QFileInfoList files = QDir(cacheDir).entryInfoList({QStringLiteral("*.bars")}, QDir::Files);
    qint64 total = 0;
    for (const QFileInfo &f : std::as_const(files))
        total += f.size();
    // Oldest use first.
    std::sort(files.begin(), files.end(), [](const QFileInfo &a, const QFileInfo &b) { return a.lastModified() < b.lastModified(); });
    int removed = 0;
    const QString kept = QFileInfo(keep).absoluteFilePath();
    for (const QFileInfo &f : std::as_const(files)) {
        if (total <= capBytes)
            break;
        if (f.absoluteFilePath() == kept)
            continue;
        if (QFile::remove(f.absoluteFilePath())) {
            total -= f.size();
            ++removed;
        }
    }
    return removed;
}

bool BarTable::loadDirectory(const QString &dir, const QString &cacheDir)
{
    m_cacheUse = {};
    const QDir d(dir);
    if (!d.exists()) {
        m_errors.append({dir, 0, QStringLiteral("folder does not exist")});
        return false;
    }
    // One listing with each file's size and time (a stat each), not a stat per question.
    const QFileInfoList infos = d.entryInfoList({QStringLiteral("*.csv")}, QDir::Files, QDir::Name);
    QStringList files;
    for (const QFileInfo &i : infos)
        files.append(i.fileName());
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
    const QString cacheFile = cacheDir.isEmpty() ? QString() : cachePath(cacheDir, dir);
    QHash<QString, CachedFile> cache = cacheFile.isEmpty() ? QHash<QString, CachedFile>() : readCache(cacheFile, m_cacheUse.problem);
    QList<CachedFile> kept; // what the cache will hold: every file read, with its outcome
    bool changed = false;
    m_series.reserve(m_series.size() + static_cast<std::size_t>(bySymbol.size()));
    QByteArray bytes;
    for (const QFileInfo &info : infos) {
        const QString name = info.fileName();
        const Result<QString> symbol = normalizeSymbol(info.completeBaseName());
        if (!symbol)
            continue;
        const QStringList &same = bySymbol[symbol.value()];
        if (same.size() > 1) {
            m_errors.append({d.filePath(name), 0, QStringLiteral("not used: %1 all name the symbol %2").arg(same.join(QStringLiteral(", ")), symbol.value())});
            continue;
        }
        QFile f(d.filePath(name));
        const qint64 size = info.size();
        if (size > kMaxFileBytes) {
            m_errors.append({f.fileName(), 0, QStringLiteral("not used: %1 bytes, more than the limit of %2").arg(size).arg(kMaxFileBytes)});
            continue;
        }
        if (!f.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
            m_errors.append({f.fileName(), 0, QStringLiteral("cannot open: %1").arg(f.errorString())});
            continue;
        }
        // One buffer for every file: grown when a file is larger, never copied.
        if (bytes.size() < size + 1)
            bytes = QByteArray(size + size / 4 + 1, Qt::Uninitialized);
        const qint64 got = std::max<qint64>(0, f.read(bytes.data(), size));
        const QByteArray content = QByteArray::fromRawData(bytes.constData(), got);
        CachedFile entry;
        entry.name = name;
        entry.size = content.size();
        entry.mtimeNs = info.lastModified().toMSecsSinceEpoch() * 1'000'000;
        entry.hash = contentHash(content.constData(), content.size());
        const auto hit = cache.find(name);
        // The clock matters too: a cached parse stands if it refused no row for the clock and
        // none of its dates is beyond today's clock, or if it was made with this very clock.
        const bool fresh = hit != cache.end() && hit->size == entry.size && hit->mtimeNs == entry.mtimeNs && hit->hash == entry.hash
                           && (hit->clockRefused ? hit->builtLatestDay == m_latestDay : hit->maxSeenDay <= m_latestDay);
        if (fresh) {
            ++m_cacheUse.hits;
            for (const auto &[line, reason] : std::as_const(hit->errors))
                m_errors.append({f.fileName(), line, reason});
            if (hit->hasSeries)
                m_series.push_back(std::move(hit->series));
            entry = std::move(*hit);
            entry.series = {};
            entry.series.symbol = symbol.value();
            kept.append(std::move(entry));
            cache.erase(hit);
            continue;
        }
        ++m_cacheUse.parsed;
        changed = true;
        const qsizetype before = m_errors.size();
        Series s = parse(content, f.fileName(), symbol.value());
        if (!s.day.empty()) {
            m_series.push_back(std::move(s));
            entry.hasSeries = true;
        } else if (m_errors.size() == before) {
            m_errors.append({f.fileName(), 0, QStringLiteral("not used: no bars in the file (empty, or a header only)")});
        } else {
            m_errors.append({f.fileName(), 0, QStringLiteral("not used: none of its rows is a valid bar")});
        }
        for (qsizetype e = before; e < m_errors.size(); ++e)
            entry.errors.append({m_errors[e].line, m_errors[e].reason});
        entry.builtLatestDay = m_latestDay;
        entry.maxSeenDay = m_maxSeenDay;
        entry.clockRefused = m_clockRefused;
        entry.series.symbol = symbol.value();
        kept.append(std::move(entry));
    }
    changed = changed || !cache.isEmpty(); // files that are gone leave the cache
    if (cacheFile.isEmpty())
        return true;
    if (!changed) {
        // A hit: the file's time says it was used now (the cap evicts the least recently used).
        QFile used(cacheFile);
        if (used.open(QIODevice::ReadWrite))
            used.setFileTime(QDateTime::currentDateTimeUtc(), QFileDevice::FileModificationTime);
        return true;
    }
    // Written whole to a new file that replaces the old at once: a crash leaves the old one.
    QDir().mkpath(cacheDir);
    QSaveFile out(cacheFile);
    if (!out.open(QIODevice::WriteOnly)) {
        m_cacheUse.problem = QStringLiteral("%1: %2").arg(cacheFile, out.errorString());
        return true;
    }
    CacheWriter w(out);
    out.write(kCacheMagic, 8);
    w.pod(kCacheVersion);
    w.pod(static_cast<quint32>(kept.size()));
    std::size_t next = 0; // the kept files with bars are m_series' new tail, in order
    const std::size_t firstNew = m_series.size() - static_cast<std::size_t>(std::count_if(kept.cbegin(), kept.cend(), [](const CachedFile &c) { return c.hasSeries; }));
    for (const CachedFile &c : std::as_const(kept)) {
        w.text(c.name);
        w.pod(c.size);
        w.pod(c.mtimeNs);
        w.pod(c.hash);
        w.pod(c.builtLatestDay);
        w.pod(c.maxSeenDay);
        w.pod(static_cast<quint8>(c.clockRefused));
        w.pod(static_cast<quint8>(c.hasSeries));
        w.pod(static_cast<quint32>(c.errors.size()));
        for (const auto &[line, reason] : c.errors) {
            w.pod(static_cast<qint32>(line));
            w.text(reason);
        }
        if (c.hasSeries) {
            const Series &s = m_series[firstNew + next++];
            w.text(s.symbol);
            w.pod(static_cast<quint64>(s.size()));
            w.array(s.day);
            w.column(s.open);
            w.column(s.high);
            w.column(s.low);
            w.column(s.close);
            w.column(s.volume);
        }
    }
    if (!w.ok() || !out.commit()) {
        m_cacheUse.problem = QStringLiteral("%1: %2").arg(cacheFile, out.errorString());
    } else {
        m_cacheUse.written = true;
        m_cacheUse.evicted = trimCache(cacheDir, cacheCapBytes(), cacheFile);
    }
    return true;
}
