// SPDX-License-Identifier: GPL-3.0-or-later
// The yardstick for bench_backtest: a plain, single-file C++ program doing the
// work of `sentinel-cli backtest --strategy sma_cross --risk off --qty Q --cash C
// --trades-out FILE` and nothing else, without Sentinel's generality: no Qt, no
// risk engine, no exits, no validation beyond what the rules need. Same rules:
// symbols in name order each session; a cross up buys Q at the next open if the
// cash covers it, a cross down sells at the next open; exact integer window sums;
// money in 1e-9 units; the trade file in the same format, so the two can be
// compared byte for byte.
//
// usage: tightloop DIR FAST SLOW QTY CASH TRADES_OUT
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <string>
#include <vector>

namespace {

constexpr std::int64_t kOne = 1'000'000'000;

struct Series
{
    std::string symbol;
    std::vector<std::int32_t> day;
    std::vector<std::int64_t> open, close;
};

std::int32_t daysFromCivil(int y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int>(doe) - 719468;
}

void civilFromDays(std::int32_t z, int &y, unsigned &m, unsigned &d)
{
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<int>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
}

// "123.45" → 123450000000
std::int64_t price(const char *&p)
{
    std::int64_t whole = 0, frac = 0;
    int digits = 0;
    while (*p >= '0' && *p <= '9')
        whole = whole * 10 + (*p++ - '0');
    if (*p == '.') {
        ++p;
        while (*p >= '0' && *p <= '9') {
            if (digits < 9) {
                frac = frac * 10 + (*p - '0');
                ++digits;
            }
            ++p;
        }
    }
    static const std::int64_t pow10[] = {1'000'000'000, 100'000'000, 10'000'000, 1'000'000, 100'000, 10'000, 1'000, 100, 10, 1};
    return whole * kOne + frac * pow10[digits];
}

bool load(const std::string &path, Series &s)
{
    FILE *f = std::fopen(path.c_str(), "rb");
    if (!f)
        return false;
    std::fseek(f, 0, SEEK_END);
    const long size = std::ftell(f);
    std::fseek(f, 0, SEEK_SET);
    std::string text(static_cast<std::size_t>(size) + 1, '\0');
    const std::size_t got = std::fread(text.data(), 1, static_cast<std::size_t>(size), f);
    std::fclose(f);
    text.resize(got);
    text.push_back('\0');
    const char *p = text.c_str();
    while (*p && *p != '\n')
        ++p; // the header
    s.day.reserve(got / 40);
    s.open.reserve(got / 40);
    s.close.reserve(got / 40);
    while (*p) {
        if (*p == '\n') {
            ++p;
            continue;
        }
        const int y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
        const unsigned m = static_cast<unsigned>((p[5] - '0') * 10 + (p[6] - '0')), d = static_cast<unsigned>((p[8] - '0') * 10 + (p[9] - '0'));
        p += 11;
        const std::int64_t o = price(p);
        ++p;
        price(p); // high
        ++p;
        price(p); // low
        ++p;
        const std::int64_t c = price(p);
        while (*p && *p != '\n')
            ++p; // volume
        s.day.push_back(daysFromCivil(y, m, d));
        s.open.push_back(o);
        s.close.push_back(c);
    }
    return true;
}

void money(std::string &out, std::int64_t raw)
{
    char buf[40];
    const bool neg = raw < 0;
    const std::uint64_t mag = neg ? 0ULL - static_cast<std::uint64_t>(raw) : static_cast<std::uint64_t>(raw);
    int n = std::snprintf(buf, sizeof buf, "%s%llu", neg ? "-" : "", static_cast<unsigned long long>(mag / kOne));
    std::uint64_t frac = mag % kOne;
    if (frac) {
        char f[10];
        std::snprintf(f, sizeof f, "%09llu", static_cast<unsigned long long>(frac));
        int len = 9;
        while (len > 0 && f[len - 1] == '0')
            --len;
        buf[n++] = '.';
        std::memcpy(buf + n, f, static_cast<std::size_t>(len));
        n += len;
    }
    out.append(buf, static_cast<std::size_t>(n));
}

void date(std::string &out, std::int32_t day)
{
    int y;
    unsigned m, d;
    civilFromDays(day, y, m, d);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
    out += buf;
}

struct Trade
{
    std::size_t symbol;
    std::int32_t entryDay, exitDay;
    std::int64_t entryPrice, exitPrice;
    bool open;
};

} // namespace

int main(int argc, char **argv)
{
    if (argc != 7) {
        std::fprintf(stderr, "usage: tightloop DIR FAST SLOW QTY CASH TRADES_OUT\n");
        return 2;
    }
    const std::string dir = argv[1];
    const int fast = std::atoi(argv[2]), slow = std::atoi(argv[3]);
    const std::int64_t qty = std::atoll(argv[4]);
    std::int64_t cash = std::atoll(argv[5]) * kOne;

    std::vector<std::string> names;
    if (DIR *d = opendir(dir.c_str())) {
        while (dirent *e = readdir(d)) {
            const std::string n = e->d_name;
            if (n.size() > 4 && n.compare(n.size() - 4, 4, ".csv") == 0)
                names.push_back(n);
        }
        closedir(d);
    }
    std::sort(names.begin(), names.end());
    std::vector<Series> series(names.size());
    std::int32_t first = INT32_MAX, last = INT32_MIN;
    for (std::size_t i = 0; i < names.size(); ++i) {
        series[i].symbol = names[i].substr(0, names[i].size() - 4);
        if (!load(dir + "/" + names[i], series[i]) || series[i].day.empty())
            return 1;
        first = std::min(first, series[i].day.front());
        last = std::max(last, series[i].day.back());
    }
    std::vector<char> trades(static_cast<std::size_t>(last - first + 1), 0);
    for (const Series &s : series)
        for (std::int32_t d : s.day)
            trades[static_cast<std::size_t>(d - first)] = 1;

    struct State
    {
        std::size_t cursor = 0;
        std::vector<std::int64_t> ring;
        int pos = 0, count = 0, lastSign = 0;
        std::int64_t sumFast = 0, sumSlow = 0;
        int pending = 0; // +1 buy, -1 sell at the next open
        bool holding = false;
        std::int32_t entryDay = 0;
        std::int64_t entryPrice = 0;
    };
    std::vector<State> st(series.size());
    for (State &s : st)
        s.ring.assign(static_cast<std::size_t>(slow), 0);
    std::vector<Trade> out;
    for (std::int32_t day = first; day <= last; ++day) {
        if (!trades[static_cast<std::size_t>(day - first)])
            continue;
        for (std::size_t k = 0; k < series.size(); ++k) {
            const Series &s = series[k];
            State &t = st[k];
            if (t.cursor >= s.day.size() || s.day[t.cursor] != day)
                continue;
            const std::size_t i = t.cursor++;
            if (t.pending > 0) {
                const std::int64_t cost = qty * s.open[i];
                if (cost <= cash) {
                    cash -= cost;
                    t.holding = true;
                    t.entryDay = day;
                    t.entryPrice = s.open[i];
                }
            } else if (t.pending < 0 && t.holding) {
                cash += qty * s.open[i];
                out.push_back({k, t.entryDay, day, t.entryPrice, s.open[i], false});
                t.holding = false;
            }
            t.pending = 0;
            // SMA(fast) against SMA(slow) by exact window sums.
            const std::int64_t c = s.close[i];
            if (t.count >= fast) {
                int at = t.pos - fast;
                if (at < 0)
                    at += slow;
                t.sumFast -= t.ring[static_cast<std::size_t>(at)];
            }
            if (t.count >= slow)
                t.sumSlow -= t.ring[static_cast<std::size_t>(t.pos)];
            t.ring[static_cast<std::size_t>(t.pos)] = c;
            if (++t.pos == slow)
                t.pos = 0;
            t.sumFast += c;
            t.sumSlow += c;
            if (++t.count < slow)
                continue;
            const __int128 diff = static_cast<__int128>(t.sumFast) * slow - static_cast<__int128>(t.sumSlow) * fast;
            const int sign = diff > 0 ? 1 : diff < 0 ? -1 : 0;
            if (sign == 0)
                continue;
            const int signal = t.lastSign == -sign ? sign : 0;
            t.lastSign = sign;
            if (signal < 0 && t.holding)
                t.pending = -1;
            else if (signal > 0 && !t.holding)
                t.pending = 1;
        }
    }
    for (std::size_t k = 0; k < series.size(); ++k)
        if (st[k].holding)
            out.push_back({k, st[k].entryDay, 0, st[k].entryPrice, 0, true});
    std::stable_sort(out.begin(), out.end(), [](const Trade &a, const Trade &b) {
        return a.symbol != b.symbol ? a.symbol < b.symbol : a.entryDay < b.entryDay;
    });
    std::string text = "symbol,entry_date,entry_price,exit_date,exit_price,exit_reason\n";
    text.reserve(out.size() * 60);
    for (const Trade &t : out) {
        text += series[t.symbol].symbol;
        text += ',';
        date(text, t.entryDay);
        text += ',';
        money(text, t.entryPrice);
        text += ',';
        if (!t.open) {
            date(text, t.exitDay);
            text += ',';
            money(text, t.exitPrice);
            text += ",signal\n";
        } else {
            text += ",,open\n";
        }
    }
    FILE *f = std::fopen(argv[6], "wb");
    if (!f || std::fwrite(text.data(), 1, text.size(), f) != text.size())
        return 1;
    std::fclose(f);
    long peakKb = 0; // this process's own high-water mark
    if (FILE *status = std::fopen("/proc/self/status", "r")) {
        char line[256];
        while (std::fgets(line, sizeof line, status))
            if (std::sscanf(line, "VmHWM: %ld", &peakKb) == 1)
                break;
        std::fclose(status);
    }
    std::printf("%zu trades, peak_rss_kb %ld\n", out.size(), peakKb);
    return 0;
}
