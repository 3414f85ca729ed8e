// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "decimal.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

/// Why the trader vetoed: one of a fixed set of codes, with an optional note.
namespace vetoreason {
/// price, size, news, strategy, other (in the order the veto prompt lists them).
const QStringList &codes();
/// "Price", "Size", "News", "Strategy distrust", "Other".
QString label(const QString &code);
bool isCode(const QString &code);
} // namespace vetoreason

/// What a decision carries besides the decision itself (recorded and journaled with it).
struct DecisionDetail
{
    QString reasonCode; ///< a veto's code (vetoreason::codes())
    QString note;       ///< the trader's note (may be empty)
    qint64 waitMs = -1; ///< wall-clock time from the proposal's arrival in the queue to the decision (−1: unknown)
    QString ruleId;     ///< the standing approval that decided it (empty: the trader)
};

/// A rule the trader sets so that some orders are approved without asking. Every
/// approval it makes is recorded as automatic, with the rule. It ends at its
/// expiry, when the trader ends it, or (NoAutomaticAfterTrip) at a breaker trip.
struct StandingApproval
{
    enum class Kind {
        Reducing,              ///< orders that only reduce risk (exits)
        EntriesUnder,          ///< entries under maxNotional from strategies in good health
        All,                   ///< every order (the command line's --approve all; never against the live host)
        NoAutomaticAfterTrip,  ///< a breaker trip ends every other standing approval
    };
    QString id;
    Kind kind = Kind::Reducing;
    Decimal maxNotional;        ///< EntriesUnder: the order's value must be below this
    double minAccuracy = 0.0;   ///< EntriesUnder: the strategy's directional accuracy (0: any, if not suspended)
    QDateTime createdAt;        ///< wall clock, UTC
    QDateTime expiresAt;        ///< wall clock, UTC (invalid: until ended)
    QString actor;              ///< who set it
    QDateTime endedAt;          ///< invalid while it stands
    QString endReason;

    bool activeAt(const QDateTime &now) const { return !endedAt.isValid() && (!expiresAt.isValid() || now < expiresAt); }
    /// "orders that only reduce risk", "entries under $2,000 from strategies in good health", …
    QString describe() const;
    static QString kindId(Kind kind);
    static std::optional<Kind> kindFrom(const QString &id);
};

/// A vetoed or expired entry followed as if it had been approved: opened at the
/// price of the moment it was decided, under the same exit rules as real positions.
struct ShadowPosition
{
    QString proposalId;
    QString symbol;
    QString strategy;
    QString cause;       ///< "vetoed" or "expired"
    QString reasonCode;  ///< a veto's code (empty for expiries)
    Decimal qty;
    Decimal entryPrice;
    Decimal atr;
    Decimal stop;        ///< the effective stop now
    QString stopRule;
    Decimal target;
    Decimal highest;
    Decimal lowest;
    int barsHeld = 0;
    QDateTime openedAt;  ///< the venue's clock
    QDateTime closedAt;  ///< invalid while open
    Decimal exitPrice;
    QString exitRule;    ///< the exit rule that closed it (set with an empty closedAt: it closes at the next open)
    Decimal lastPrice;   ///< the latest close (open shadows)

    bool isOpen() const { return !closedAt.isValid(); }
    /// What the position made or lost: closed at its exit, open at the latest price.
    Decimal pnl() const { return ((isOpen() ? lastPrice : exitPrice) - entryPrice) * qty; }
};

/// The Decisions view's figures for one group (a strategy, a veto reason, or all).
struct DecisionStatsRow
{
    QString group;
    int decided = 0;        ///< approved + vetoed + expired
    int approved = 0;
    int automatic = 0;      ///< of the approved, by a standing approval or the system
    int vetoed = 0;
    int expired = 0;
    int repriced = 0;       ///< drift re-prices (the proposal stayed)
    double medianDecideS = -1; ///< the trader's decisions: arrival to decision (−1: none)
    int shadows = 0;
    int shadowsOpen = 0;
    Decimal shadowPnl;      ///< of the vetoed and expired proposals: positive means they would have made money
    double approvalRate() const { return decided > 0 ? double(approved) / decided : 0.0; }
    double vetoRate() const { return decided > 0 ? double(vetoed) / decided : 0.0; }
};

struct DecisionStats
{
    DecisionStatsRow total;
    QList<DecisionStatsRow> byStrategy;
    QList<DecisionStatsRow> byReason; ///< vetoes by reason code, then "expired"
};

/// The rubber-stamp guard's settings (the settings file's "desk" section).
struct DeskConfig
{
    Decimal deliberateShare = Decimal::fromRaw(40'000'000); ///< 4 % of equity: above it, a deliberate confirm
    int countdownSeconds = 3;   ///< the deliberate confirm's Send waits this long
    int minLookSeconds = 2;     ///< an approval sooner than this after the ticket was shown asks for a second look
    int blindStreak = 3;        ///< this many approvals in a row without opening the ticket ask for a second look
    bool deliberateFirstInSymbol = true; ///< the first order in a symbol needs a deliberate confirm
    bool deliberateAfterReset = true;    ///< so does the first order after a breaker reset
    int expiryMinutes = 0;      ///< 0: a ticket expires at the close of the session it can trade in (daily bars)
    Decimal driftPct = Decimal::fromRaw(20'000'000); ///< 2 %: a move this large re-prices (or withdraws) the ticket
    bool notifications = true;  ///< tray notifications for new proposals and breaker trips
    bool sound = false;         ///< a sound with each notification
};
