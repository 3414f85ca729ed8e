// SPDX-License-Identifier: GPL-3.0-or-later
#include "sweep.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cmath>
#include <thread>

namespace {

const QStringList kAxisNames{QStringLiteral("fast"),         QStringLiteral("slow"),     QStringLiteral("stop_loss_pct"),
                             QStringLiteral("take_profit_pct"), QStringLiteral("trailing_pct"), QStringLiteral("max_bars"),
                             QStringLiteral("qty")};

bool wholeAxis(const QString &name)
{
    return name == QLatin1String("fast") || name == QLatin1String("slow") || name == QLatin1String("max_bars");
}

QByteArray number(double v)
{
    return std::isfinite(v) ? QByteArray::number(v, 'g', 10) : QByteArray("inf");
}

void metricsColumns(QByteArray &out, const BacktestMetrics &m, Decimal equity)
{
    out += ',' + QByteArray::number(m.trades) + ',' + equity.toString(2).toLatin1() + ',' + number(m.totalReturn) + ',' + number(m.cagr) + ','
           + number(m.sharpe) + ',' + number(m.sortino) + ',' + number(m.maxDrawdown) + ',' + number(m.winRate) + ',' + number(m.profitFactor)
           + ',' + number(m.exposure);
}

} // namespace

QStringList SweepAxis::names()
{
    return kAxisNames;
}

Result<SweepAxis> SweepAxis::parse(const QString &text)
{
    const qsizetype eq = text.indexOf(QLatin1Char('='));
    if (eq <= 0)
        return Result<SweepAxis>::failure(QStringLiteral("--grid expects name=from:to:step or name=a,b,c, got '%1'").arg(text.left(80)));
    SweepAxis axis;
    axis.name = text.left(eq).trimmed().toLower();
    if (!kAxisNames.contains(axis.name))
        return Result<SweepAxis>::failure(QStringLiteral("unknown sweep parameter '%1' (choose from %2)").arg(axis.name.left(40), kAxisNames.join(QStringLiteral(", "))));
    const QString spec = text.mid(eq + 1).trimmed();
    const auto value = [&](const QString &t) -> std::optional<Decimal> {
        const auto d = Decimal::parse(t);
        if (!d || !d->isPositive() || (wholeAxis(axis.name) && !d->isInteger()))
            return std::nullopt;
        return d;
    };
    const QString kind = wholeAxis(axis.name) ? QStringLiteral("a whole number ≥ 1") : QStringLiteral("a number above 0");
    if (spec.contains(QLatin1Char(':'))) {
        const QStringList parts = spec.split(QLatin1Char(':'));
        if (parts.size() != 3)
            return Result<SweepAxis>::failure(QStringLiteral("%1: a range is from:to:step, got '%2'").arg(axis.name, spec.left(80)));
        const auto from = value(parts[0]), to = value(parts[1]), step = value(parts[2]);
        if (!from || !to || !step)
            return Result<SweepAxis>::failure(QStringLiteral("%1: from, to and step must each be %2, got '%3'").arg(axis.name, kind, spec.left(80)));
        if (*to < *from)
            return Result<SweepAxis>::failure(QStringLiteral("%1: the range ends (%2) before it starts (%3)").arg(axis.name, to->toString(), from->toString()));
        for (Decimal v = *from; v <= *to; v += *step) {
            axis.values.append(v);
            if (axis.values.size() > Sweep::kMaxCombinations)
                return Result<SweepAxis>::failure(QStringLiteral("%1: more than %2 values").arg(axis.name).arg(Sweep::kMaxCombinations));
        }
    } else {
        for (const QString &part : spec.split(QLatin1Char(','))) {
            const auto v = value(part.trimmed());
            if (!v)
                return Result<SweepAxis>::failure(QStringLiteral("%1: each value must be %2, got '%3'").arg(axis.name, kind, part.trimmed().left(80)));
            if (!axis.values.contains(*v))
                axis.values.append(*v);
        }
    }
    if (axis.values.isEmpty())
        return Result<SweepAxis>::failure(QStringLiteral("%1: no values").arg(axis.name));
    return axis;
}

std::optional<SweepRank> sweepRankFromName(const QString &name)
{
    const QStringList names = sweepRankNames();
    const qsizetype i = names.indexOf(name.toLower());
    return i < 0 ? std::nullopt : std::optional<SweepRank>(static_cast<SweepRank>(i));
}

QString sweepRankName(SweepRank rank)
{
    return sweepRankNames().value(static_cast<int>(rank));
}

QStringList sweepRankNames()
{
    return {QStringLiteral("sharpe"),       QStringLiteral("sortino"),  QStringLiteral("cagr"),         QStringLiteral("total_return"),
            QStringLiteral("max_drawdown"), QStringLiteral("win_rate"), QStringLiteral("profit_factor")};
}

double sweepRankValue(const BacktestMetrics &m, SweepRank rank)
{
    switch (rank) {
    case SweepRank::Sharpe: return m.sharpe;
    case SweepRank::Sortino: return m.sortino;
    case SweepRank::Cagr: return m.cagr;
    case SweepRank::TotalReturn: return m.totalReturn;
    case SweepRank::MaxDrawdown: return -m.maxDrawdown; // smaller is better
    case SweepRank::WinRate: return m.winRate;
    case SweepRank::ProfitFactor: return m.profitFactor;
    }
    return 0.0;
}

Sweep::Sweep(SweepSpec spec)
    : m_spec(std::move(spec))
{
}

Result<int> Sweep::combinationCount(const QList<SweepAxis> &axes)
{
    if (axes.isEmpty())
        return Result<int>::failure(QStringLiteral("a sweep needs at least one --grid"));
    std::int64_t n = 1;
    QStringList seen;
    for (const SweepAxis &a : axes) {
        if (seen.contains(a.name))
            return Result<int>::failure(QStringLiteral("%1 is swept twice").arg(a.name));
        seen << a.name;
        n *= a.values.size();
        if (n > kMaxCombinations)
            return Result<int>::failure(QStringLiteral("more than %1 combinations").arg(kMaxCombinations));
    }
    return static_cast<int>(n);
}

Status Sweep::validate(const SweepSpec &spec)
{
    const Result<int> n = combinationCount(spec.axes);
    if (!n)
        return Status::failure(n.error());
    for (const SweepAxis &a : spec.axes)
        if ((a.name == QLatin1String("fast") || a.name == QLatin1String("slow")) && spec.base.strategy != QLatin1String("sma_cross"))
            return Status::failure(QStringLiteral("%1 is a parameter of sma_cross, not of %2").arg(a.name, spec.base.strategy));
    if (spec.jobs < 1 || spec.jobs > 256)
        return Status::failure(QStringLiteral("--jobs must be from 1 to 256"));
    return {};
}

Result<BacktestOptions> Sweep::optionsFor(const SweepSpec &spec, int index, QList<Decimal> *values)
{
    BacktestOptions o = spec.base;
    QList<Decimal> chosen(spec.axes.size());
    int rest = index;
    for (qsizetype a = spec.axes.size() - 1; a >= 0; --a) {
        const SweepAxis &axis = spec.axes[a];
        chosen[a] = axis.values[rest % axis.values.size()];
        rest /= static_cast<int>(axis.values.size());
    }
    if (values)
        *values = chosen;
    const Decimal hundred = Decimal::fromInt(100);
    for (qsizetype a = 0; a < spec.axes.size(); ++a) {
        const QString &name = spec.axes[a].name;
        const Decimal v = chosen[a];
        if (name == QLatin1String("fast") || name == QLatin1String("slow"))
            o.params.insert(name, QString::number(v.raw() / Decimal::kOne));
        else if (name == QLatin1String("stop_loss_pct") || name == QLatin1String("trailing_pct")) {
            if (v >= hundred)
                return Result<BacktestOptions>::failure(QStringLiteral("%1 %2 is not below 100").arg(name, v.toString()));
            (name == QLatin1String("stop_loss_pct") ? o.exits.stopLossPct : o.exits.trailingPct) = v.dividedBy(hundred, 9);
        } else if (name == QLatin1String("take_profit_pct"))
            o.exits.takeProfitPct = v.dividedBy(hundred, 9);
        else if (name == QLatin1String("max_bars"))
            o.exits.maxBarsHeld = static_cast<int>(v.raw() / Decimal::kOne);
        else if (name == QLatin1String("qty")) {
            o.sizing = BacktestOptions::Sizing::FixedQty;
            o.qty = v;
        }
    }
    if (o.strategy == QLatin1String("sma_cross")) {
        const int fast = o.params.value(QStringLiteral("fast"), QStringLiteral("10")).toInt();
        const int slow = o.params.value(QStringLiteral("slow"), QStringLiteral("30")).toInt();
        if (fast >= slow)
            return Result<BacktestOptions>::failure(QStringLiteral("fast %1 is not shorter than slow %2").arg(fast).arg(slow));
    }
    return o;
}

std::optional<std::int32_t> Sweep::splitDay(const BarTable &data, double fraction)
{
    if (!(fraction > 0.0 && fraction < 1.0))
        return std::nullopt;
    std::vector<std::int32_t> days;
    for (const auto &s : data.series())
        days.insert(days.end(), s.day.begin(), s.day.end());
    std::sort(days.begin(), days.end());
    days.erase(std::unique(days.begin(), days.end()), days.end());
    if (days.size() < 2)
        return std::nullopt;
    const auto at = static_cast<std::size_t>(std::llround(static_cast<double>(days.size()) * (1.0 - fraction)));
    return days[std::clamp<std::size_t>(at, 1, days.size() - 1)];
}

SweepResult Sweep::run(const BarTable &data, const std::function<void(int, int)> &progress, const std::atomic_bool *cancel) const
{
    QElapsedTimer timer;
    timer.start();
    SweepResult result;
    const Result<int> count = combinationCount(m_spec.axes);
    if (!count)
        return result;
    const int total = count.value();
    result.combinations = total;
    result.jobs = std::max(1, m_spec.jobs);
    result.rows.resize(total);

    std::int32_t first = std::numeric_limits<std::int32_t>::max(), last = std::numeric_limits<std::int32_t>::min();
    for (const auto &s : data.series())
        if (!s.day.empty()) {
            first = std::min(first, s.day.front());
            last = std::max(last, s.day.back());
        }
    const std::optional<std::int32_t> split = m_spec.outOfSampleFrom;
    if (first <= last) {
        result.inSampleFrom = BarTable::dateOf(first);
        result.inSampleTo = BarTable::dateOf(split ? *split - 1 : last);
        if (split) {
            result.outOfSampleFrom = BarTable::dateOf(*split);
            result.outOfSampleTo = BarTable::dateOf(last);
        }
    }

    std::atomic_int next{0}, done{0}, runs{0};
    std::atomic_bool stopped{false};
    const auto worker = [&] {
        for (;;) {
            if (cancel && cancel->load(std::memory_order_relaxed)) {
                stopped = true;
                return;
            }
            const int i = next.fetch_add(1);
            if (i >= total)
                return;
            SweepRow &row = result.rows[i]; // each slot is written by one thread only
            row.index = i;
            const Result<BacktestOptions> o = optionsFor(m_spec, i, &row.values);
            if (!o) {
                row.skipped = o.error();
            } else {
                BacktestOptions in = o.value();
                if (split)
                    in.lastDay = *split - 1;
                const BacktestResult r = Backtester(in).run(data, {}, cancel);
                row.inSample = r.metrics;
                row.inSampleEquity = r.finalEquity;
                runs.fetch_add(1);
                if (split && !r.cancelled) {
                    BacktestOptions out = o.value();
                    out.firstDay = *split;
                    const BacktestResult ro = Backtester(out).run(data, {}, cancel);
                    row.outOfSample = ro.metrics;
                    row.outOfSampleEquity = ro.finalEquity;
                    runs.fetch_add(1);
                }
                if (r.cancelled) {
                    stopped = true;
                    return;
                }
            }
            const int d = done.fetch_add(1) + 1;
            if (progress)
                progress(d, total);
        }
    };
    std::vector<std::thread> threads;
    for (int t = 1; t < result.jobs; ++t)
        threads.emplace_back(worker);
    worker();
    for (std::thread &t : threads)
        t.join();
    result.cancelled = stopped.load();
    result.run = runs.load();

    // Rank on the in-sample metric; ties keep the grid order, so any thread count ranks alike.
    QList<int> order;
    for (const SweepRow &row : result.rows)
        if (row.skipped.isEmpty() && !result.cancelled)
            order.append(row.index);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return sweepRankValue(result.rows[a].inSample, m_spec.rank) > sweepRankValue(result.rows[b].inSample, m_spec.rank);
    });
    for (qsizetype r = 0; r < order.size(); ++r)
        result.rows[order[r]].rank = static_cast<int>(r + 1);
    result.seconds = timer.nsecsElapsed() / 1e9;
    return result;
}

QList<SweepRow> SweepResult::ranked() const
{
    QList<SweepRow> out = rows;
    std::stable_sort(out.begin(), out.end(), [](const SweepRow &a, const SweepRow &b) {
        if ((a.rank == 0) != (b.rank == 0))
            return a.rank != 0;
        return a.rank < b.rank;
    });
    return out;
}

QByteArray SweepResult::toCsv(const QList<SweepAxis> &axes) const
{
    const bool walkForward = outOfSampleFrom.isValid();
    QByteArray out = "rank,combination";
    for (const SweepAxis &a : axes)
        out += ',' + a.name.toLatin1();
    const QByteArray metrics = "trades,final_equity,total_return,cagr,sharpe,sortino,max_drawdown,win_rate,profit_factor,exposure";
    out += ',' + (walkForward ? "is_" + metrics.split(',').join(",is_") : metrics);
    if (walkForward)
        out += ",oos_" + metrics.split(',').join(",oos_");
    out += ",skipped\n";
    for (const SweepRow &row : ranked()) {
        out += QByteArray::number(row.rank) + ',' + QByteArray::number(row.index);
        for (const Decimal &v : row.values)
            out += ',' + v.toString().toLatin1();
        if (row.skipped.isEmpty()) {
            metricsColumns(out, row.inSample, row.inSampleEquity);
            if (walkForward)
                metricsColumns(out, row.outOfSample.value_or(BacktestMetrics()), row.outOfSampleEquity);
            out += ",\n";
        } else {
            out += QByteArray((walkForward ? 20 : 10), ',') + ",\"" + row.skipped.toUtf8().replace('"', "\"\"") + "\"\n";
        }
    }
    return out;
}
