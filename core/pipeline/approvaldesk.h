// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/approvaledit.h"
#include "domain/proposal.h"
#include "execution/orderintent.h"
#include "persistence/tradestore.h"
#include "risk/riskengine.h"
#include "util/result.h"

#include <QHash>
#include <QList>

#include <deque>
#include <functional>

class BrokerBook;
class OrderManager;

/// How an approval ended.
struct ApprovalOutcome
{
    enum Kind { Sent, Held, Changed, Rejected, Failed };
    Kind kind = Failed;
    QString message;
    bool ok() const { return kind == Sent || kind == Held; }
};

/// The approval desk: the queue of proposals waiting for the trader, the
/// re-check at approval, vetoes, expiry, and the reservations that approved
/// entries hold until their orders end. An approval is recorded together with
/// its order intent (OrderManager) before anything is sent.
class ApprovalDesk
{
public:
    /// The risk context for a symbol now; `self` is the proposal being re-checked.
    using ContextFn = std::function<RiskContext(const QString &symbol, const Proposal *self)>;

    ApprovalDesk(TradeStore &store, const RiskEngine &risk, OrderManager &orders, const BrokerBook &book, ContextFn context);

    /// Loads the pending queue, the recent decisions and the reservations.
    void restore();
    /// Records a proposal (inside the caller's transaction) and queues it if pending.
    Status add(const Proposal &p);
    /// Re-checks against this moment's account and price. A changed order is not
    /// sent: the proposal shows the new verdict and waits for another approval.
    /// Otherwise the decision and the order intent are recorded, then the order is
    /// sent, or held while the market is closed or the order rate is reached.
    /// With an edit, the edited order is what is re-checked, recorded (with the original
    /// beside it) and sent; an edit that would raise the risk is refused with why.
    /// `automaticRule` (a standing approval's id and description) marks the approval as automatic.
    ApprovalOutcome approve(const QString &proposalId, const QString &source, bool marketOpen, const ApprovalEdit &edit = {},
                            const QString &ruleId = {}, const QString &ruleText = {});
    /// Why an edit cannot be applied to `p` at `price`, or empty when it can.
    static QString checkEdit(const Proposal &p, const ApprovalEdit &edit, Decimal price);
    /// The risk request for `p` as edited, at `price` (a buy limit above the price is checked at the limit).
    static RiskRequest editedRequest(const Proposal &p, const ApprovalEdit &edit, Decimal price);
    /// Records a veto with its reason code (vetoreason::codes()) and note; a veto needs a
    /// known code, and "other" needs a note. `actor` empty: the trader; otherwise the standing rule that vetoed.
    Status veto(const QString &proposalId, const QString &code, const QString &note, const QString &actor = {});

    /// When tickets expire (SPEC §9, the operator's desk).
    struct Expiry
    {
        int minutes = 0;          ///< 0: at the close of the session the proposal can trade in
        Decimal drift;            ///< a move of more than this fraction from the proposal's price re-prices it (0: off)
        int ttlSessions = 5;      ///< and never later than this many sessions
        qint64 minWaitMs = 0;     ///< a time expiry waits at least this long in wall-clock time from the arrival
    };
    void setExpiry(const Expiry &e) { m_expiry = e; }
    /// The venue time at which `p` expires.
    QDateTime expiresAt(const Proposal &p) const;
    /// The wall-clock time still to wait before `p` may expire by time (0: none).
    qint64 waitFloorMs(const QString &proposalId) const;
    /// A proposal whose price drifted beyond the tolerance is re-priced and re-checked:
    /// it stays with its new price, quantity and verdict, or is withdrawn when the
    /// re-check rejects it. A proposal past its time is withdrawn. Call inside a
    /// transaction. `ended` receives the withdrawn ones.
    Status expire(const QDateTime &now, int completedSessions, QList<Proposal> *ended = nullptr);
    /// Wall-clock ms since `proposalId` reached the queue (−1: unknown).
    qint64 waitedMs(const QString &proposalId) const;
    /// An approved order that was not carried out: its reservation ends and its proposal says why.
    Status noteOrderEnded(const OrderIntent &intent, const QString &why);
    /// Ends a reservation (inside the caller's transaction).
    Status release(const QString &proposalId);

    const QList<Proposal> &pending() const { return m_pending; }
    QList<Proposal> decided() const { return QList<Proposal>(m_decided.begin(), m_decided.end()); }
    const QHash<QString, TradeStore::Reservation> &reservations() const { return m_reservations; }
    bool hasPendingExit(const QString &symbol) const;
    /// Bumped whenever a proposal is decided, expires or is re-priced.
    int version() const { return m_version; }

private:
    void markDecided(const Proposal &p);

    TradeStore &m_store;
    const RiskEngine &m_risk;
    OrderManager &m_orders;
    const BrokerBook &m_book;
    ContextFn m_context;
    QList<Proposal> m_pending;
    std::deque<Proposal> m_decided;
    QHash<QString, TradeStore::Reservation> m_reservations; ///< by proposal id
    QHash<QString, qint64> m_arrived; ///< proposal id → wall-clock ms it reached the queue (this process)
    Expiry m_expiry;
    int m_version = 0;
    Status withdraw(qsizetype index, const QString &why);
};
