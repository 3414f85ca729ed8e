// SPDX-License-Identifier: GPL-3.0-or-later
#include "deskguard.h"

QStringList DeskGuard::deliberateReasons(const Facts &f, const DeskConfig &c)
{
    QStringList why;
    if (f.reducing)
        return why; // an order that only reduces risk is never held up
    if (c.deliberateShare.isPositive() && f.equity.isPositive() && f.notional > f.equity * c.deliberateShare)
        why << QStringLiteral("it is large: %1 % of equity (above %2 %)")
                   .arg((f.notional.dividedBy(f.equity, 6) * Decimal::fromInt(100)).toString(1), (c.deliberateShare * Decimal::fromInt(100)).toString(1));
    if (f.firstInSymbol && c.deliberateFirstInSymbol)
        why << QStringLiteral("it is the first order in this symbol");
    if (f.firstAfterReset && c.deliberateAfterReset)
        why << QStringLiteral("it is the first order since a circuit breaker was reset");
    return why;
}

void DeskGuard::shown(const QString &proposalId, qint64 nowMs)
{
    if (!m_shown.contains(proposalId))
        m_shown.insert(proposalId, nowMs);
}

void DeskGuard::opened(const QString &proposalId)
{
    if (!proposalId.isEmpty())
        m_opened.insert(proposalId);
}

QString DeskGuard::secondLook(const QString &proposalId, qint64 nowMs) const
{
    const auto it = m_shown.constFind(proposalId);
    const qint64 seenMs = it == m_shown.cend() ? 0 : nowMs - it.value();
    if (m_config.minLookSeconds > 0 && seenMs < m_config.minLookSeconds * 1000LL)
        return QStringLiteral("You are approving %1 s after this ticket appeared; the desk's pace is at least %2 s a ticket.")
            .arg(double(seenMs) / 1000.0, 0, 'f', 1)
            .arg(m_config.minLookSeconds);
    if (m_config.blindStreak > 0 && !m_opened.contains(proposalId) && m_blind + 1 >= m_config.blindStreak)
        return QStringLiteral("This would be approval %1 in a row without opening the ticket.").arg(m_blind + 1);
    return {};
}

void DeskGuard::lookedAgain(const QString &proposalId, qint64 nowMs)
{
    m_shown.insert(proposalId, nowMs - m_config.minLookSeconds * 1000LL);
    m_opened.insert(proposalId);
    m_blind = 0;
}

void DeskGuard::approved(const QString &proposalId)
{
    m_blind = m_opened.contains(proposalId) ? 0 : m_blind + 1;
    m_shown.remove(proposalId);
    m_opened.remove(proposalId);
}
