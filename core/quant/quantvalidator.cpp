// SPDX-License-Identifier: GPL-3.0-or-later
#include "quantvalidator.h"

#include "backtest/backtester.h"

#include <algorithm>
#include <cmath>

namespace {
constexpr double kBarsPerYear = 252.0;
}

QString QuantResult::summary() const
{
    QStringList parts;
    for (const QuantFactor &f : factors)
        parts.append(QStringLiteral("%1 %2 ×%3").arg(f.name).arg(f.value, 0, 'f', 3).arg(f.multiplier, 0, 'f', 2));
    return QStringLiteral("quant: %1 trades; %2; confidence %3 → %4")
        .arg(trades)
        .arg(parts.join(QStringLiteral(", ")))
        .arg(confidenceIn, 0, 'f', 3)
        .arg(confidenceOut, 0, 'f', 3);
}

QuantResult QuantValidator::validate(const QString &strategy, const QList<Bar> &bars, SignalDirection direction, double confidence)
{
    QuantResult r;
    r.confidenceIn = confidence;
    if (bars.size() < 30 || direction == SignalDirection::None) {
        r.confidenceOut = std::clamp(confidence, 0.0, 1.0);
        return r;
    }
    BarTable table;
    table.add(BarTable::fromBars(bars));
    BacktestOptions o;
    o.strategy = strategy;
    o.riskOn = false;
    o.qty = Decimal::fromInt(1);
    o.cash = Decimal::fromInt(1'000'000'000);
    o.direction = direction == SignalDirection::Sell ? BacktestOptions::Direction::Short : BacktestOptions::Direction::Long;
    const BacktestResult bt = Backtester(o).run(table);

    // Trade returns, in the signal's direction (the backtest already mirrors shorts).
    std::vector<double> returns;
    for (const BacktestTrade &t : bt.trades) {
        if (t.exitReason == QLatin1String("open") || !t.entryPrice.isPositive())
            continue;
        returns.push_back(t.pnl.toDouble() / (t.entryPrice * t.qty).toDouble());
    }
    r.trades = static_cast<int>(returns.size());
    double mult = 1.0;
    double expectancy = 0, sd = 0;
    if (!returns.empty()) {
        for (double x : returns)
            expectancy += x;
        expectancy /= static_cast<double>(returns.size());
        for (double x : returns)
            sd += (x - expectancy) * (x - expectancy);
        sd = returns.size() > 1 ? std::sqrt(sd / static_cast<double>(returns.size() - 1)) : 0.0;
    }
    // Without closed trades there is no evidence either way: the factor stays neutral and says so.
    const double e = returns.empty() ? 1.0 : expectancy <= 0 ? 0.8 : 1.0;
    r.factors.append({QStringLiteral("expectancy"), expectancy, e,
                      returns.empty() ? QStringLiteral("no closed trades in the lookback: not scored") : QString()});
    mult *= e;

    const double years = bars.size() / kBarsPerYear;
    const double perYear = years > 0 ? returns.size() / years : 0.0;
    const double sharpe = sd > 0 ? expectancy / sd * std::sqrt(std::max(1.0, perYear)) : 0.0;
    const bool sharpeDefined = returns.size() >= 2 && sd > 0;
    const double s8 = !sharpeDefined ? 1.0 : sharpe < 0 ? 0.25 : sharpe < 0.8 ? std::max(0.5, sharpe / 0.8) : 1.0;
    r.factors.append({QStringLiteral("sharpe"), sharpe, s8,
                      sharpeDefined ? QStringLiteral("of the trade returns, annualised")
                                    : QStringLiteral("fewer than 2 closed trades with any spread: not scored")});
    mult *= s8;

    double equity = 1.0, peak = 1.0, dd = 0.0;
    for (double x : returns) {
        equity *= 1.0 + x;
        peak = std::max(peak, equity);
        dd = std::max(dd, (peak - equity) / peak);
    }
    const double d = dd > 0.15 ? 0.15 / dd : 1.0;
    r.factors.append({QStringLiteral("max_drawdown"), dd, d, QStringLiteral("of the compounded trade returns")});
    mult *= d;

    // 20-bar σ of 1-bar returns now, against its own mean over the lookback.
    std::vector<double> rets;
    for (qsizetype i = 1; i < bars.size(); ++i)
        rets.push_back(bars[i].close.toDouble() / bars[i - 1].close.toDouble() - 1.0);
    std::vector<double> sigmas;
    for (std::size_t end = 20; end <= rets.size(); ++end) {
        double m = 0, v = 0;
        for (std::size_t k = end - 20; k < end; ++k)
            m += rets[k];
        m /= 20.0;
        for (std::size_t k = end - 20; k < end; ++k)
            v += (rets[k] - m) * (rets[k] - m);
        sigmas.push_back(std::sqrt(v / 20.0));
    }
    double ratio = 1.0;
    if (!sigmas.empty()) {
        double mean = 0;
        for (double x : sigmas)
            mean += x;
        mean /= static_cast<double>(sigmas.size());
        ratio = mean > 0 ? sigmas.back() / mean : 1.0;
    }
    const double v = ratio > 2.0 ? 0.7 : 1.0;
    r.factors.append({QStringLiteral("volatility_regime"), ratio, v, QStringLiteral("20-bar σ over its own mean")});
    mult *= v;

    r.confidenceOut = std::clamp(confidence * mult, 0.0, 1.0);
    return r;
}
