// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/enums.h"
#include "priceseries.h"

#include <QList>
#include <QString>

/// What a strategy sees: its symbol's series (oldest first, the last bar is
/// the one just completed), the benchmark's, and the whole universe's.
struct StrategyInput
{
    const PriceSeries &series;
    const PriceSeries *benchmark = nullptr;
    const QList<PriceSeries> *universe = nullptr;
};

/// A coded rule's answer. Confidence is the rule's signal strength in [0, 1],
/// from how far the trigger was exceeded; it is not a probability.
struct StrategyDecision
{
    SignalDirection direction = SignalDirection::None;
    double confidence = 0.0;
    QString reason;
};

/// A line a rule reads on the price scale, one value per bar (NaN before it is defined),
/// for the price chart.
struct ChartLine
{
    QString name;
    std::vector<double> values;
};

/// A deterministic trading rule (SPEC §2.2).
class Strategy
{
public:
    virtual ~Strategy() = default;
    virtual QString name() const = 0;
    /// Bars the rule needs to decide; fewer gives direction None.
    virtual int barsNeeded() const = 0;
    virtual StrategyDecision evaluate(const StrategyInput &input) const = 0;
    /// The direction evaluate() would give on every prefix of `series` (+1, −1, 0),
    /// in one pass. Strategies that cannot do it incrementally return false.
    virtual bool prefixSignals(const PriceSeries &series, std::vector<int> &out) const
    {
        Q_UNUSED(series);
        Q_UNUSED(out);
        return false;
    }

    /// The price-level lines this rule reads over `series` (none for rules that read
    /// returns or an oscillator), drawn on the price chart.
    virtual QList<ChartLine> chartLines(const PriceSeries &series) const
    {
        Q_UNUSED(series);
        return {};
    }

protected:
    static StrategyDecision none(QString reason) { return {SignalDirection::None, 0.0, std::move(reason)}; }
    /// Maps an excess beyond the trigger (0 at the trigger, 1 at a full scale) to 0.5…1.
    static double strength(double excess);
    static StrategyDecision notEnoughBars(const StrategyInput &input, int needed);
};
