// SPDX-License-Identifier: GPL-3.0-or-later
#include "simulatedmarket.h"

#include "exchangecalendar.h"

#include <QTimeZone>

#include <algorithm>
#include <cmath>

namespace {

std::uint64_t fnv1a(const QString &text)
{
    std::uint64_t h = 1469598103934665603ULL;
    for (QChar c : text) {
        h ^= c.unicode();
        h *= 1099511628211ULL;
    }
    return h;
}

Decimal cents(double v, RoundingMode mode)
{
    return Decimal::fromDouble(std::max(v, 0.01), 2, mode).value_or(Decimal::fromInt(1));
}

constexpr double kTradingDays = 252.0;

} // namespace

// splitmix64: tiny, fast and identical on every platform, unlike std distributions.
std::uint64_t SimulatedMarket::Rng::next()
{
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

double SimulatedMarket::Rng::uniform()
{
    return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

double SimulatedMarket::Rng::normal()
{
    if (hasSpare) {
        hasSpare = false;
        return spare;
    }
    double u = 0;
    do
        u = uniform();
    while (u <= 1e-300);
    const double v = uniform();
    const double r = std::sqrt(-2.0 * std::log(u));
    spare = r * std::sin(2.0 * M_PI * v);
    hasSpare = true;
    return r * std::cos(2.0 * M_PI * v);
}

SimulatedMarket::SimulatedMarket(DemoUniverse universe, Options options)
    : m_universe(std::move(universe))
    , m_options(options)
{
    m_options.ticksPerSession = std::max(2, m_options.ticksPerSession);
    m_marketRng.state = m_options.seed * 0x2545F4914F6CDD1DULL + 7;
    const double mDaily = 0.16 / std::sqrt(kTradingDays);
    m_marketVariance = mDaily * mDaily;
    for (const UniverseEntry &e : m_universe.entries) {
        SymbolState s;
        s.entry = e;
        s.rng.state = m_options.seed ^ fnv1a(e.symbol);
        const double daily = e.annualVol / std::sqrt(kTradingDays);
        s.variance = daily * daily;
        m_index.insert(e.symbol, static_cast<int>(m_states.size()));
        m_symbols.append(e.symbol);
        m_states.push_back(std::move(s));
    }
    for (int i = 0; i < m_options.historySessions; ++i) {
        generateSession();
        ++m_completed;
    }
    generateSession(); // the session in progress
}

QDate SimulatedMarket::sessionDate(int index) const
{
    // Sessions follow the exchange calendar: weekends and NYSE holidays are skipped.
    if (index < 0)
        return {};
    if (m_dates.empty())
        m_dates.push_back(ExchangeCalendar::isTradingDay(m_options.firstSession) ? m_options.firstSession
                                                                                : ExchangeCalendar::nextTradingDay(m_options.firstSession));
    while (static_cast<int>(m_dates.size()) <= index)
        m_dates.push_back(ExchangeCalendar::nextTradingDay(m_dates.back()));
    return m_dates[static_cast<std::size_t>(index)];
}

void SimulatedMarket::generateSession()
{
    // Market factor with GARCH(1,1)-style clustering around 16 % a year.
    const double longRun = std::pow(0.16 / std::sqrt(kTradingDays), 2);
    const double mSigma = std::sqrt(m_marketVariance);
    const double mShock = m_marketRng.normal() * mSigma;
    const double marketReturn = 0.0003 + mShock;
    m_marketVariance = 0.02 * longRun + 0.12 * mShock * mShock + 0.86 * m_marketVariance;
    for (SymbolState &s : m_states)
        generateNextBar(s, marketReturn);
}

void SimulatedMarket::generateNextBar(SymbolState &s, double marketReturn)
{
    const double daily = s.entry.annualVol / std::sqrt(kTradingDays);
    const double mDaily = 0.16 / std::sqrt(kTradingDays);
    const double idioLongRun = std::max(daily * daily - s.entry.beta * s.entry.beta * mDaily * mDaily,
                                        0.09 * daily * daily);
    if (s.regimeLeft <= 0) {
        // Trend regimes: a drift of up to ±0.25 σ a day for 20–120 sessions.
        s.drift = (s.rng.uniform() * 2.0 - 1.0) * 0.25 * daily;
        s.regimeLeft = 20 + static_cast<int>(s.rng.uniform() * 100);
    }
    --s.regimeLeft;
    const double sigma = std::sqrt(s.variance);
    const double shock = s.rng.normal() * sigma;
    s.variance = 0.02 * idioLongRun + 0.12 * shock * shock + 0.86 * s.variance;
    double jump = 0.0;
    if (s.rng.uniform() < 0.012)
        jump = s.rng.normal() * 4.0 * daily;
    const double gapNoise = s.rng.normal() * 0.2 * daily;
    const double hiNoise = std::fabs(s.rng.normal()) * 0.45 * daily;
    const double loNoise = std::fabs(s.rng.normal()) * 0.45 * daily;
    const double volNoise = s.rng.normal() * 0.3;

    const double prevClose = s.bars.empty() ? s.entry.startPrice : s.bars.back().close.toDouble();
    const double total = s.entry.beta * marketReturn + s.drift + shock + jump;
    // A jump happens overnight, so it gaps the open.
    const double open = prevClose * std::exp(gapNoise + jump);
    const double close = prevClose * std::exp(total);

    Bar bar;
    bar.symbol = s.entry.symbol;
    bar.session = sessionDate(static_cast<int>(s.bars.size()));
    bar.open = cents(open, RoundingMode::HalfEven);
    bar.close = cents(close, RoundingMode::HalfEven);
    bar.high = std::max(cents(std::max(open, close) * std::exp(hiNoise), RoundingMode::Ceiling), std::max(bar.open, bar.close));
    bar.low = std::min(cents(std::min(open, close) * std::exp(-loNoise), RoundingMode::Floor), std::min(bar.open, bar.close));
    const double base = 2.0e6 * (1.0 + 400.0 / s.entry.startPrice);
    bar.volume = static_cast<qint64>(base * std::exp(volNoise) * (1.0 + 2.0 * std::fabs(total) / daily * 0.25));
    s.bars.push_back(bar);
}

bool SimulatedMarket::advanceTick()
{
    ++m_tick;
    if (m_tick < m_options.ticksPerSession - 1)
        return false;
    // Last tick: the session's bar is complete; the next session is generated but not yet open.
    ++m_completed;
    generateSession();
    m_tick = -1;
    return true;
}

void SimulatedMarket::fastForwardTo(int completedSessions)
{
    while (m_completed < completedSessions) {
        ++m_completed;
        generateSession();
    }
    m_tick = -1;
}

QList<Bar> SimulatedMarket::recentBars(const QString &symbol, int count) const
{
    const auto it = m_index.constFind(symbol);
    if (it == m_index.cend())
        return {};
    const auto &bars = m_states[static_cast<std::size_t>(*it)].bars;
    const int completed = m_completed;
    const int first = std::max(0, completed - count);
    QList<Bar> out;
    out.reserve(completed - first);
    for (int i = first; i < completed; ++i)
        out.append(bars[static_cast<std::size_t>(i)]);
    return out;
}

bool SimulatedMarket::isFractionable(const QString &symbol) const
{
    const auto it = m_index.constFind(symbol);
    return it != m_index.cend() && m_states[static_cast<std::size_t>(*it)].entry.fractionable;
}

Bar SimulatedMarket::lastBar(const QString &symbol) const
{
    const auto it = m_index.constFind(symbol);
    if (it == m_index.cend() || m_completed == 0)
        return {};
    return m_states[static_cast<std::size_t>(*it)].bars[static_cast<std::size_t>(m_completed - 1)];
}

Decimal SimulatedMarket::pathPrice(const Bar &bar, int tick) const
{
    // open → first extreme → second extreme → close; a rising day dips first.
    const bool rising = bar.close >= bar.open;
    const double pts[4] = {bar.open.toDouble(), (rising ? bar.low : bar.high).toDouble(),
                           (rising ? bar.high : bar.low).toDouble(), bar.close.toDouble()};
    const int last = m_options.ticksPerSession - 1;
    if (tick <= 0)
        return bar.open;
    if (tick >= last)
        return bar.close;
    const double t = 3.0 * tick / last;
    const int seg = std::min(2, static_cast<int>(t));
    const double f = t - seg;
    const double v = pts[seg] + (pts[seg + 1] - pts[seg]) * f;
    return std::clamp(cents(v, RoundingMode::HalfEven), bar.low, bar.high);
}

Decimal SimulatedMarket::price(const QString &symbol) const
{
    const auto it = m_index.constFind(symbol);
    if (it == m_index.cend())
        return Decimal::invalid();
    const auto &bars = m_states[static_cast<std::size_t>(*it)].bars;
    if (m_tick < 0)
        return m_completed > 0 ? bars[static_cast<std::size_t>(m_completed - 1)].close : bars.front().open;
    return pathPrice(bars[static_cast<std::size_t>(m_completed)], m_tick);
}

QList<Quote> SimulatedMarket::quotes() const
{
    QList<Quote> out;
    out.reserve(m_symbols.size());
    const QDateTime now = clockTime();
    for (const QString &s : m_symbols)
        out.append({s, price(s), now});
    return out;
}

QDateTime SimulatedMarket::clockTime() const
{
    if (m_tick < 0) {
        const QDate last = m_completed > 0 ? sessionDate(m_completed - 1) : sessionDate(0);
        return ExchangeCalendar::toUtc(last, ExchangeCalendar::closeTime(last));
    }
    const QDate day = currentSession();
    const QDateTime open = ExchangeCalendar::toUtc(day, ExchangeCalendar::openTime());
    const QDateTime close = ExchangeCalendar::toUtc(day, ExchangeCalendar::closeTime(day));
    const int last = m_options.ticksPerSession - 1;
    return open.addSecs(open.secsTo(close) * m_tick / last);
}
