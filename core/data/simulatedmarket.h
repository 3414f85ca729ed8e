// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "barsource.h"
#include "demouniverse.h"
#include "domain/quote.h"

#include <QDate>
#include <QHash>

#include <cstdint>
#include <vector>

/// A seeded market for demo mode. Each symbol follows a market factor (beta),
/// its own GARCH-like volatility that clusters, trend regimes that switch, and
/// occasional jumps that gap the open. The same seed gives the same market
/// bar for bar, so a restart regenerates the exact history up to where it was.
///
/// Time advances in ticks: a session has `ticksPerSession` ticks from the open
/// to the close; the bar completes on the last tick.
class SimulatedMarket : public BarSource
{
public:
    struct Options
    {
        std::uint64_t seed = 20260101;
        int historySessions = 320;
        int ticksPerSession = 8;
        QDate firstSession = QDate(2025, 1, 2);
    };

    SimulatedMarket(DemoUniverse universe, Options options);

    QStringList symbols() const override { return m_symbols; }
    QList<Bar> recentBars(const QString &symbol, int count) const override;
    bool isFractionable(const QString &symbol) const override;

    const DemoUniverse &universe() const { return m_universe; }
    /// Moves one tick; returns true when this tick completed a session's bar.
    bool advanceTick();
    /// Completes sessions until `completedSessions()` equals `count`.
    void fastForwardTo(int completedSessions);

    int completedSessions() const { return m_completed; }
    int tick() const { return m_tick; }
    int ticksPerSession() const { return m_options.ticksPerSession; }
    QDate currentSession() const { return sessionDate(m_completed); }
    QDate sessionDate(int index) const;
    /// Between the open and the close of the session in progress.
    bool isOpen() const { return m_tick >= 0; }
    /// Simulated exchange time of the current tick, in UTC: the session's open to
    /// its close (16:00 New York, 13:00 on half days); the last close between sessions.
    QDateTime clockTime() const;
    /// Last traded price at the current tick; the close of the last bar before the first tick.
    Decimal price(const QString &symbol) const;
    QList<Quote> quotes() const;
    /// The bar completed most recently for `symbol`.
    Bar lastBar(const QString &symbol) const;

private:
    struct Rng
    {
        std::uint64_t state;
        std::uint64_t next();
        double uniform();
        double normal();
        bool hasSpare = false;
        double spare = 0.0;
    };
    struct SymbolState
    {
        UniverseEntry entry;
        Rng rng{0};
        double variance = 0.0;
        double drift = 0.0;
        int regimeLeft = 0;
        std::vector<Bar> bars; ///< completed bars, plus the session in progress at the back
    };

    void generateNextBar(SymbolState &s, double marketReturn);
    void generateSession();
    Decimal pathPrice(const Bar &bar, int tick) const;

    DemoUniverse m_universe;
    Options m_options;
    QStringList m_symbols;
    QHash<QString, int> m_index;
    std::vector<SymbolState> m_states;
    Rng m_marketRng{0};
    double m_marketVariance = 0.0;
    int m_completed = 0; ///< number of completed sessions
    int m_tick = -1;     ///< tick within the session in progress; -1 before its open
    mutable std::vector<QDate> m_dates; ///< session dates by index, extended on demand
};
