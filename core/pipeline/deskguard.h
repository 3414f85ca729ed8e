// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/desk.h"

#include <QHash>
#include <QSet>
#include <QStringList>

/// The rubber-stamp guard: the rules that make the trader slow down. Large or
/// unusual orders need a deliberate confirm; approving faster than a set pace,
/// or several in a row without opening the ticket, asks for a second look.
/// GUI-free: the desk feeds it what the trader does, and asks it before an approval.
class DeskGuard
{
public:
    struct Facts
    {
        Decimal notional;        ///< the order's value as it would go out
        Decimal equity;
        bool reducing = false;
        bool firstInSymbol = false;   ///< no entry in this symbol was ever approved
        bool firstAfterReset = false; ///< a breaker was reset since the trader's last approval
    };
    /// Why this order needs a deliberate confirm, one reason a line (empty: it does not).
    static QStringList deliberateReasons(const Facts &facts, const DeskConfig &config);

    explicit DeskGuard(const DeskConfig &config = {}) : m_config(config) {}
    void setConfig(const DeskConfig &config) { m_config = config; }
    const DeskConfig &config() const { return m_config; }

    /// The ticket of `proposalId` came on screen (the first time counts).
    void shown(const QString &proposalId, qint64 nowMs);
    /// The trader opened the ticket: focused it, edited it or asked for it by key.
    void opened(const QString &proposalId);
    bool wasOpened(const QString &proposalId) const { return m_opened.contains(proposalId); }
    /// Why a second look is due before approving `proposalId` now (empty: none).
    QString secondLook(const QString &proposalId, qint64 nowMs) const;
    /// The trader took the second look: the pace and the streak start again.
    void lookedAgain(const QString &proposalId, qint64 nowMs);
    /// An approval was sent: counts toward the streak unless the ticket was opened.
    void approved(const QString &proposalId);
    int blindApprovals() const { return m_blind; }

private:
    DeskConfig m_config;
    QHash<QString, qint64> m_shown;
    QSet<QString> m_opened;
    int m_blind = 0;
};
