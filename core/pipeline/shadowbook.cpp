// SPDX-License-Identifier: GPL-3.0-or-later
#include "shadowbook.h"

#include "persistence/tradestore.h"
#include "util/logging.h"

namespace {

ExitState stateOf(const ShadowPosition &s)
{
    ExitState e;
    e.entryPrice = s.entryPrice;
    e.qty = s.qty;
    e.atrAtEntry = s.atr;
    e.stop = s.stop;
    e.stopRule = exitRuleFromId(s.stopRule).value_or(ExitRule::StopLoss);
    e.target = s.target;
    e.highest = s.highest;
    e.lowest = s.lowest;
    e.barsHeld = s.barsHeld;
    return e;
}

void take(ShadowPosition &s, const ExitState &e)
{
    s.stop = e.stop;
    s.stopRule = e.stop.isPositive() ? exitRuleId(e.stopRule) : QString();
    s.target = e.target;
    s.highest = e.highest;
    s.lowest = e.lowest;
    s.barsHeld = e.barsHeld;
}

} // namespace

ShadowBook::ShadowBook(TradeStore &store, const ExitConfig &exits)
    : m_store(store)
    , m_exits(exits)
{
}

void ShadowBook::restore()
{
    m_shadows = m_store.loadShadows();
    ++m_version;
}

Status ShadowBook::open(const Proposal &p, const QString &cause, const QString &reasonCode, Decimal price, const QDateTime &now)
{
    if (p.reducing || p.side != Side::Buy || !p.qty.isPositive())
        return {};
    const Decimal entry = price.isPositive() ? price : p.price;
    if (!entry.isPositive())
        return {};
    ShadowPosition s;
    s.proposalId = p.id;
    s.symbol = p.symbol;
    s.strategy = p.strategy;
    s.cause = cause;
    s.reasonCode = reasonCode;
    s.qty = p.qty;
    s.entryPrice = entry;
    s.atr = Decimal::fromDouble(p.atr, 4).value_or(Decimal());
    ExitState e = ExitManager::open(entry, p.qty, s.atr, m_exits);
    // The proposal's protective stop, as a real entry would rest it at the broker.
    if (p.stopPrice.isPositive() && p.stopPrice < entry && p.stopPrice > e.stop) {
        e.stop = p.stopPrice;
        e.stopRule = ExitRule::AtrStop;
    }
    take(s, e);
    s.openedAt = now;
    s.lastPrice = entry;
    if (Status r = m_store.saveShadow(s); !r)
        return r;
    m_shadows.append(s);
    ++m_version;
    return {};
}

Status ShadowBook::onSessionBars(const QList<Bar> &bars, const QDateTime &now)
{
    QHash<QString, const Bar *> last;
    for (const Bar &b : bars)
        last.insert(b.symbol, &b);
    for (ShadowPosition &s : m_shadows) {
        if (!s.isOpen())
            continue;
        const Bar *b = last.value(s.symbol);
        if (!b)
            continue;
        if (!s.exitRule.isEmpty()) {
            // A time or strategy exit goes out at the next open.
            s.exitPrice = b->open;
            s.closedAt = now;
        } else {
            ExitState e = stateOf(s);
            const std::optional<ExitFill> fill = ExitManager::onBar(e, b->open, b->high, b->low, b->close, m_exits);
            take(s, e);
            if (fill) {
                s.exitRule = exitRuleId(fill->rule);
                if (fill->price.isValid() && fill->price.isPositive()) {
                    s.exitPrice = fill->price;
                    s.closedAt = now;
                }
            }
        }
        s.lastPrice = b->close;
        if (Status r = m_store.saveShadow(s); !r)
            return r;
        if (!s.isOpen())
            qCInfo(lcPipeline).noquote() << QStringLiteral("shadow of %1 %2 (%3) closed by %4 at %5: %6")
                                                .arg(s.cause, s.symbol, s.proposalId, s.exitRule, s.exitPrice.toString(2), s.pnl().toString(2));
        ++m_version;
    }
    return {};
}
