// SPDX-License-Identifier: GPL-3.0-or-later
#include "bartable.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cstring>
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

BarTable::Series BarTable::parse(const QByteArray &bytes, const QString &file, const QString &symbol)
{
    Series s;
    s.symbol = symbol;
    s.reserve(static_cast<std::size_t>(bytes.size() / 40 + 1));
    const char *p = bytes.constData();
    const char *end = p + bytes.size();
    int line = 0;
    const auto bad = [&](const QString &why) { m_errors.append({file, line, why}); };
    while (p < end) {
        const char *nl = static_cast<const char *>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
        const char *stop = nl ? nl : end;
        const std::string_view row(p, static_cast<std::size_t>(stop - p));
        p = nl ? nl + 1 : end;
        ++line;
        if (trim(row).empty())
            continue;
        std::string_view cells[6];
        int n = 0;
        std::size_t from = 0;
        for (std::size_t i = 0; i <= row.size() && n < 7; ++i) {
            if (i == row.size() || row[i] == ',') {
                if (n < 6)
                    cells[n] = trim(row.substr(from, i - from));
                ++n;
                from = i + 1;
            }
        }
        if (line == 1 && (cells[0] == "date" || cells[0] == "Date" || cells[0] == "timestamp"))
            continue;
        if (n != 6) {
            bad(QStringLiteral("expected 6 fields, found %1").arg(n));
            continue;
        }
        std::int32_t day = 0;
        if (!parseDate(cells[0], day)) {
            bad(QStringLiteral("invalid date '%1'").arg(QString::fromUtf8(cells[0].data(), static_cast<qsizetype>(cells[0].size()))));
            continue;
        }
        std::int64_t v[4];
        static const char *names[4] = {"open", "high", "low", "close"};
        bool ok = true;
        for (int k = 0; k < 4 && ok; ++k) {
            const auto d = Decimal::parse(cells[k + 1]);
            if (!d || !d->isPositive()) {
                bad(QStringLiteral("%1 '%2' is not a positive number")
                        .arg(QLatin1String(names[k]), QString::fromUtf8(cells[k + 1].data(), static_cast<qsizetype>(cells[k + 1].size()))));
                ok = false;
            } else {
                v[k] = d->raw();
            }
        }
        if (!ok)
            continue;
        std::int64_t volume = 0;
        const std::string_view vol = cells[5];
        bool volOk = !vol.empty();
        for (char c : vol) {
            if (c == '.')
                break; // fractional volume: keep the whole part
            if (c < '0' || c > '9') {
                volOk = false;
                break;
            }
            volume = volume * 10 + (c - '0');
        }
        if (!volOk) {
            bad(QStringLiteral("invalid volume '%1'").arg(QString::fromUtf8(vol.data(), static_cast<qsizetype>(vol.size()))));
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
    m_series.reserve(m_series.size() + static_cast<std::size_t>(files.size()));
    for (const QString &name : files) {
        QFile f(d.filePath(name));
        if (!f.open(QIODevice::ReadOnly)) {
            m_errors.append({f.fileName(), 0, QStringLiteral("cannot open: %1").arg(f.errorString())});
            continue;
        }
        const QString symbol = QFileInfo(name).completeBaseName().toUpper();
        Series s = parse(f.readAll(), f.fileName(), symbol);
        if (!s.day.empty())
            m_series.push_back(std::move(s));
    }
    return true;
}
