// SPDX-License-Identifier: GPL-3.0-or-later
#include "pipeline.h"

#include "data/barvalidator.h"
#include "data/exchangecalendar.h"
#include "indicators/atr.h"
#include "quant/quantvalidator.h"
#include "strategy/deterministicselector.h"
#include "strategy/selectioncontext.h"
#include "util/ids.h"

#include <QElapsedTimer>

namespace {

double atrOf(const PriceSeries &s, int period)
{
    Atr atr(period);
    for (int i = 0; i < s.size(); ++i) {
        const auto k = static_cast<std::size_t>(i);
        atr.add(s.high[k], s.low[k], s.close[k]);
    }
    return atr.value();
}

} // namespace

Pipeline::Pipeline(const RiskEngine &risk, const StrategyRegistry &strategies, Options options)
    : m_risk(risk)
    , m_strategies(strategies)
    , m_options(std::move(options))
{
}

Pipeline::Pipeline(const RiskEngine &risk, const StrategyRegistry &strategies)
    : Pipeline(risk, strategies, Options())
{
}

QList<modelprompt::SelectionItem> Pipeline::selectionItems(const Input &in) const
{
    QList<modelprompt::SelectionItem> out;
    out.reserve(in.symbols.size());
    for (const QString &symbol : in.symbols) {
        if (!BarValidator::isValidSymbol(symbol))
            continue;
        const QList<Bar> bars = in.source ? in.source->recentBars(symbol, m_options.lookbackBars) : QList<Bar>();
        if (bars.isEmpty() || !BarValidator::validateSeries(bars))
            continue;
        out.append({symbol, SelectionContext::compute(PriceSeries::fromBars(bars))});
    }
    return out;
}

Pipeline::Output Pipeline::run(const Input &in) const
{
    Output out;
    IterationSummary &sum = out.summary;
    sum.correlationId = in.correlationId.isEmpty() ? newId("itr") : in.correlationId;
    sum.sessionIndex = in.sessionIndex;
    sum.session = in.session;
    // An input without a clock time is stamped now, so every record has one.
    const QDateTime now = in.now.isValid() ? in.now : QDateTime::currentDateTimeUtc();
    sum.startedAt = now;
    sum.symbolsRequested = static_cast<int>(in.symbols.size());
    QElapsedTimer total;
    total.start();

    // Data: every bar of every symbol is validated; a bad series skips its symbol.
    QElapsedTimer stage;
    stage.start();
    QList<PriceSeries> universe;
    QList<Bar> lastBars;
    QList<QList<Bar>> barsOf;
    universe.reserve(in.symbols.size());
    for (const QString &symbol : in.symbols) {
        if (!BarValidator::isValidSymbol(symbol)) {
            out.dataIssues.append({symbol, QStringLiteral("invalid symbol")});
            continue;
        }
        const QList<Bar> bars = in.source ? in.source->recentBars(symbol, m_options.lookbackBars) : QList<Bar>();
        if (bars.isEmpty()) {
            out.dataIssues.append({symbol, QStringLiteral("no bars")});
            continue;
        }
        if (Status s = BarValidator::validateSeries(bars); !s) {
            out.dataIssues.append({symbol, s.error()});
            continue;
        }
        universe.append(PriceSeries::fromBars(bars));
        lastBars.append(bars.back());
        barsOf.append(bars);
    }
    sum.symbolsValid = static_cast<int>(universe.size());
    for (const DataIssue &d : out.dataIssues)
        sum.issues.append(d.symbol + QStringLiteral(": ") + d.reason);
    sum.dataMs = stage.nsecsElapsed() / 1e6;

    // Strategy: the selector picks one coded rule per symbol; the rule decides.
    stage.restart();
    const PriceSeries *benchmark = nullptr;
    for (const PriceSeries &s : universe)
        if (s.symbol == m_options.benchmark)
            benchmark = &s;
    struct Candidate
    {
        int index;
        Signal signal;
        double modelConfidence = -1.0; ///< the model's confidence in its choice; < 0: no model choice
    };
    QList<Candidate> candidates;
    for (int i = 0; i < universe.size(); ++i) {
        const PriceSeries &series = universe[i];
        const SelectionContext context = SelectionContext::compute(series);
        DeterministicSelector::Choice choice;
        QString selector = DeterministicSelector::name();
        double modelConfidence = -1.0;
        const auto modelChoice = in.selection.choices.constFind(series.symbol);
        if (!m_options.fixedStrategy.isEmpty()) {
            choice = {m_options.fixedStrategy, QStringLiteral("fixed by the run")};
        } else if (in.selection.asked && modelChoice != in.selection.choices.cend()) {
            // The model picks among the coded rules; a suspended pick gives way to the next best.
            selector = in.selection.selector;
            modelConfidence = modelChoice->confidence;
            ++out.modelChoices;
            if (!in.portfolio.suspendedStrategies.contains(modelChoice->strategy)) {
                choice = {modelChoice->strategy, QStringLiteral("model: %1").arg(modelChoice->reasoning)};
            } else {
                choice = DeterministicSelector::choose(context, in.portfolio.suspendedStrategies);
                choice.reason = QStringLiteral("the model picked %1, which is suspended; next best: %2 (%3)")
                                    .arg(modelChoice->strategy, choice.strategy, choice.reason);
            }
        } else {
            choice = DeterministicSelector::choose(context, in.portfolio.suspendedStrategies);
            if (in.selection.asked) {
                selector = QStringLiteral("fallback");
                ++out.modelFallbacks;
                const QString why = in.selection.fallbackWhy.value(series.symbol, in.selection.fallbackAll);
                choice.reason = QStringLiteral("fallback, %1: %2").arg(why.isEmpty() ? QStringLiteral("no model choice") : why, choice.reason);
            }
        }
        const Strategy *strategy = m_strategies.find(choice.strategy);
        if (!strategy)
            continue;
        const StrategyDecision d = strategy->evaluate({series, benchmark, &universe});
        if (d.direction == SignalDirection::None)
            continue;
        Signal sig;
        sig.id = newId("sig");
        sig.correlationId = sum.correlationId;
        sig.symbol = series.symbol;
        sig.session = lastBars[i].session;
        sig.strategy = strategy->name();
        sig.selector = selector;
        sig.selectionReason = choice.reason + QStringLiteral(" · ") + context.describe();
        sig.direction = d.direction;
        sig.confidence = d.confidence;
        sig.reason = d.reason;
        sig.price = lastBars[i].close;
        sig.atr = atrOf(series, m_options.atrPeriod);
        out.signals.append(sig);
        candidates.append({i, sig, modelConfidence});
    }
    sum.signals = static_cast<int>(out.signals.size());
    sum.strategyMs = stage.nsecsElapsed() / 1e6;

    // Quant: the picked strategy's own edge on this symbol scales the confidence.
    stage.restart();
    QHash<QString, QuantResult> quant;
    for (Candidate &c : candidates) {
        QuantResult q = QuantValidator::validate(c.signal.strategy, barsOf[c.index], c.signal.direction, c.signal.confidence);
        if (c.modelConfidence >= 0.0) {
            // The model's confidence in its pick can only lower the size, never raise it.
            const double m = std::clamp(c.modelConfidence, 0.0, 1.0);
            q.factors.append({QStringLiteral("model_confidence"), m, m, QStringLiteral("the model's confidence in its choice")});
            q.confidenceOut = std::clamp(q.confidenceOut * m, 0.0, 1.0);
        }
        c.signal.confidence = q.confidenceOut;
        quant.insert(c.signal.id, q);
    }
    for (Signal &sig : out.signals)
        sig.confidence = quant.value(sig.id).confidenceOut;
    sum.quantMs = stage.nsecsElapsed() / 1e6;

    // Risk: size and check; a sell is proposed only to reduce a held position.
    stage.restart();
    for (const Candidate &c : candidates) {
        const Signal &sig = c.signal;
        const bool held = in.portfolio.heldQty(sig.symbol).isPositive();
        if (in.blockedSymbols.contains(sig.symbol))
            continue; // one pending proposal per symbol
        if (in.vetoedRuns.contains(sig.strategy + QLatin1Char('|') + sig.symbol + QLatin1Char('|') + textOf(sig.direction)))
            continue; // the trader said no to this call; a new run is a new call
        if (sig.direction == SignalDirection::Buy && held)
            continue; // adding to a position is not proposed
        if (sig.direction == SignalDirection::Sell && !held)
            continue; // no short selling
        RiskRequest req;
        req.symbol = sig.symbol;
        req.side = sig.direction == SignalDirection::Buy ? Side::Buy : Side::Sell;
        req.price = sig.price;
        req.confidence = sig.confidence;
        req.atr = sig.atr;
        req.strategy = sig.strategy;
        RiskContext ctx = in.portfolio;
        ctx.fractionable = in.source && in.source->isFractionable(sig.symbol);
        ctx.freshnessKnown = in.expectedSession.isValid();
        if (ctx.freshnessKnown)
            ctx.barSessionsBehind = ExchangeCalendar::sessionsBetween(sig.session, in.expectedSession);
        Proposal p;
        p.id = newId("prp");
        p.signalId = sig.id;
        p.correlationId = sum.correlationId;
        p.symbol = sig.symbol;
        p.side = req.side;
        p.reducing = req.side == Side::Sell;
        p.price = sig.price;
        p.confidence = sig.confidence;
        p.atr = sig.atr;
        p.strategy = sig.strategy;
        p.createdAt = now;
        p.session = in.sessionIndex;
        p.verdict = m_risk.evaluate(req, ctx);
        p.qty = p.verdict.finalQty;
        if (!p.reducing && p.verdict.kind != VerdictKind::Reject) {
            const auto atr = Decimal::fromDouble(sig.atr, 4, RoundingMode::Up).value_or(Decimal());
            const Decimal distance = (atr * m_risk.config().atrStopMultiple).rounded(2, RoundingMode::Up);
            p.stopPrice = sig.price - distance;
        }
        p.status = p.verdict.kind == VerdictKind::Reject ? ProposalStatus::RejectedByRisk : ProposalStatus::Pending;
        if (p.status == ProposalStatus::RejectedByRisk)
            p.decisionReason = p.verdict.summary;
        const QuantResult &q = quant[sig.id];
        p.quant = q.summary();
        p.rationale = QStringLiteral("%1 %2: %3 (picked by the %4 selector: %5). Quant: confidence %6 → %7 from %8 own trades. Risk: %9.")
                          .arg(sig.strategy, textOf(sig.direction).toUpper(), sig.reason, sig.selector,
                               sig.selectionReason.section(QStringLiteral(" · "), 0, 0))
                          .arg(q.confidenceIn, 0, 'f', 2)
                          .arg(q.confidenceOut, 0, 'f', 2)
                          .arg(q.trades)
                          .arg(p.verdict.summary);
        out.proposals.append(p);
    }
    sum.proposals = static_cast<int>(std::count_if(out.proposals.cbegin(), out.proposals.cend(),
                                                   [](const Proposal &p) { return p.status == ProposalStatus::Pending; }));
    sum.riskMs = stage.nsecsElapsed() / 1e6;
    sum.totalMs = total.nsecsElapsed() / 1e6;
    return out;
}
