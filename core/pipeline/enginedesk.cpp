// SPDX-License-Identifier: GPL-3.0-or-later
// The engine's side of the operator's desk: standing approvals and the Decisions
// view's figures (TradingEngine's members).
#include "tradingengine.h"

#include "util/ids.h"
#include "util/logging.h"

#include "data/exchangecalendar.h"

Result<StandingApproval> TradingEngine::addStandingApproval(StandingApproval rule)
{
    using Kind = StandingApproval::Kind;
    if (!m_desk)
        return Result<StandingApproval>::failure(QStringLiteral("the engine is not open"));
    if (rule.kind == Kind::All && m_venue.live)
        return Result<StandingApproval>::failure(QStringLiteral("a standing approval of every order is refused with real money: approve each order"));
    if (rule.kind == Kind::EntriesUnder && (!rule.maxNotional.isValid() || !rule.maxNotional.isPositive()))
        return Result<StandingApproval>::failure(QStringLiteral("entries under an amount need an amount above zero"));
    if (!(rule.minAccuracy >= 0.0 && rule.minAccuracy <= 1.0))
        return Result<StandingApproval>::failure(QStringLiteral("the strategy's accuracy must be between 0 and 100 %"));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (rule.expiresAt.isValid() && rule.expiresAt <= now)
        return Result<StandingApproval>::failure(QStringLiteral("the standing approval would expire before it starts"));
    rule.id = newId("sta");
    rule.createdAt = now;
    rule.endedAt = {};
    rule.endReason.clear();
    if (rule.actor.isEmpty())
        rule.actor = qEnvironmentVariable("USER", QStringLiteral("trader"));
    if (Status s = m_store.recordStanding(rule); !s)
        return Result<StandingApproval>::failure(QStringLiteral("standing approval not recorded: %1").arg(s.error()));
    m_standing.append(rule);
    qCInfo(lcPipeline).noquote() << QStringLiteral("standing approval %1 set by %2: %3%4")
                                        .arg(rule.id, rule.actor, rule.describe(),
                                             rule.expiresAt.isValid() ? QStringLiteral(", until %1").arg(rule.expiresAt.toString(Qt::ISODate))
                                                                      : QString());
    applyStandingApprovals();
    return rule;
}

Status TradingEngine::endStanding(StandingApproval &rule, const QString &why, const QString &actor)
{
    StandingApproval ended = rule;
    ended.endedAt = QDateTime::currentDateTimeUtc();
    ended.endReason = actor.isEmpty() ? why : QStringLiteral("%1 (%2)").arg(why, actor);
    if (Status s = m_store.recordStanding(ended); !s)
        return s;
    rule = ended;
    qCInfo(lcPipeline).noquote() << QStringLiteral("standing approval %1 ended: %2").arg(rule.id, rule.endReason);
    return {};
}

Status TradingEngine::endStandingApproval(const QString &id, const QString &why, const QString &actor)
{
    for (StandingApproval &a : m_standing)
        if (a.id == id) {
            if (a.endedAt.isValid())
                return Status::failure(QStringLiteral("standing approval %1 already ended: %2").arg(id, a.endReason));
            return endStanding(a, why, actor);
        }
    return Status::failure(QStringLiteral("no standing approval %1").arg(id));
}

const StandingApproval *TradingEngine::standingRuleFor(const Proposal &p, const QDateTime &now) const
{
    using Kind = StandingApproval::Kind;
    for (const StandingApproval &a : m_standing) {
        if (!a.activeAt(now))
            continue;
        switch (a.kind) {
        case Kind::NoAutomaticAfterTrip:
            break;
        case Kind::All:
            return &a;
        case Kind::Reducing:
            if (p.reducing)
                return &a;
            break;
        case Kind::EntriesUnder: {
            if (p.reducing || m_health.suspended().contains(p.strategy))
                break;
            const Decimal price = m_book.lastPrice(p.symbol).isPositive() ? m_book.lastPrice(p.symbol) : p.price;
            if (!(p.qty * price < a.maxNotional))
                break;
            if (a.minAccuracy > 0) {
                const auto rows = m_health.rows();
                const auto row = std::find_if(rows.cbegin(), rows.cend(), [&](const StrategyHealth::Row &r) { return r.strategy == p.strategy; });
                if (row == rows.cend() || row->scored < 10 || row->accuracy < a.minAccuracy)
                    break;
            }
            return &a;
        }
        }
    }
    return nullptr;
}

void TradingEngine::applyStandingApprovals()
{
    if (!m_resolved || !m_failure.isEmpty() || !m_desk || m_standing.isEmpty())
        return;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (StandingApproval &a : m_standing)
        if (!a.endedAt.isValid() && a.expiresAt.isValid() && now >= a.expiresAt)
            if (Status s = endStanding(a, QStringLiteral("expired"), {}); !s) {
                fail(s.error());
                return;
            }
    // With "nothing automatic after a breaker trip" standing, a breaker still open stops everything automatic.
    const bool guarded = std::any_of(m_standing.cbegin(), m_standing.cend(), [&](const StandingApproval &a) {
        return a.kind == StandingApproval::Kind::NoAutomaticAfterTrip && a.activeAt(now);
    });
    if (guarded)
        for (int i = 0; i < TradingGuard::BreakerCount; ++i)
            if (m_guard.breaker(static_cast<TradingGuard::Breaker>(i)).state() != BreakerState::Closed)
                return;
    // A re-check that changes an order leaves it pending with the new verdict: the rule looks at it again.
    for (int round = 0; round < 2; ++round) {
        const QList<Proposal> pending = m_desk->pending();
        bool any = false;
        for (const Proposal &p : pending) {
            const StandingApproval *rule = m_standingFailed.contains(p.id) ? nullptr : standingRuleFor(p, now);
            if (!rule)
                continue;
            any = true;
            const ApprovalOutcome o = approve(p.id, QStringLiteral("standing_approval"), {}, rule->id, rule->describe());
            if (o.kind == ApprovalOutcome::Failed) {
                m_standingFailed.insert(p.id);
                m_standingErrors.append(QStringLiteral("%1 %2: %3").arg(p.symbol, p.id, o.message));
                qCWarning(lcPipeline).noquote() << QStringLiteral("standing approval %1 could not approve %2 %3: %4").arg(rule->id, p.symbol, p.id, o.message);
            }
            if (!m_failure.isEmpty())
                return;
        }
        if (!any)
            break;
    }
}

DecisionStats TradingEngine::decisionStats() const
{
    const QString key = QStringLiteral("%1|%2").arg(m_desk ? m_desk->version() : 0).arg(m_shadowBook ? m_shadowBook->version() : 0);
    if (key != m_statsKey) {
        m_stats = m_store.decisionStats(m_shadowBook ? m_shadowBook->all() : QList<ShadowPosition>());
        m_statsKey = key;
    }
    return m_stats;
}

PriceChartData TradingEngine::priceChart(const QString &symbol, int count) const
{
    PriceChartData out;
    out.symbol = symbol;
    if (!m_bars || symbol.isEmpty())
        return out;
    // The strategy whose lines are drawn: the one that proposed this symbol last.
    for (const Proposal &p : m_desk->pending())
        if (p.symbol == symbol && !p.reducing)
            out.strategy = p.strategy;
    if (out.strategy.isEmpty())
        for (const Proposal &p : m_desk->decided())
            if (p.symbol == symbol && !p.reducing && m_strategies.find(p.strategy)) {
                out.strategy = p.strategy;
                break;
            }
    if (out.strategy.isEmpty() && !m_options.fixedStrategy.isEmpty())
        out.strategy = m_options.fixedStrategy;
    const Strategy *strategy = m_strategies.find(out.strategy);
    const int warmup = strategy ? strategy->barsNeeded() : 0;
    const QList<Bar> all = m_bars->recentBars(symbol, count + warmup);
    const qsizetype skip = std::max<qsizetype>(0, all.size() - count);
    out.bars = all.mid(skip);
    if (strategy)
        for (ChartLine line : strategy->chartLines(PriceSeries::fromBars(all))) {
            line.values.erase(line.values.begin(), line.values.begin() + std::min<qsizetype>(skip, static_cast<qsizetype>(line.values.size())));
            out.lines.append(line);
        }
    const QDate first = out.bars.isEmpty() ? QDate() : out.bars.front().session;
    for (const Fill &f : m_fills)
        if (f.symbol == symbol && f.time.isValid() && f.time.date() >= first)
            out.marks.append({f.side == Side::Buy ? ChartMark::Entry : ChartMark::Exit, ExchangeCalendar::toNewYork(f.time).date(), f.price,
                              QStringLiteral("%1 %2 at %3").arg(f.side == Side::Buy ? QStringLiteral("bought") : QStringLiteral("sold"),
                                                                f.qty.toString(), f.price.toString(2))});
    for (const Proposal &p : m_desk->decided())
        if (p.symbol == symbol && !p.reducing && p.createdAt.isValid() && p.createdAt.date() >= first
            && (p.status == ProposalStatus::Vetoed || p.status == ProposalStatus::Expired))
            out.marks.append({p.status == ProposalStatus::Vetoed ? ChartMark::Vetoed : ChartMark::Expired,
                              ExchangeCalendar::toNewYork(p.createdAt).date(), p.price,
                              QStringLiteral("%1: %2").arg(textOf(p.status), p.decisionReason)});
    if (const auto it = m_monitor->exits().constFind(symbol); it != m_monitor->exits().cend()) {
        out.stop = it->stop;
        out.target = it->target;
    }
    return out;
}
