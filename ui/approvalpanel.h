// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/approvaledit.h"
#include "pipeline/deskguard.h"
#include "pipeline/enginesnapshot.h"

#include <QHash>
#include <QWidget>

class ApprovalQueueModel;
class DecisionsModel;
class EngineController;
class QLabel;
class QPushButton;
class QTableView;
class RuleTableModel;
class TicketWidget;

/// The approval queue: pending proposals, the selected one's rationale and
/// risk-rule table, Approve and Veto, and the most recent decisions.
/// Approval follows the send-confirmation pattern: a summary whose default
/// button is Cancel; the engine sends only after the explicit confirmation.
class ApprovalPanel : public QWidget
{
    Q_OBJECT
public:
    ApprovalPanel(EngineController *controller, QWidget *parent = nullptr);
    void setSnapshot(const EngineSnapshot &snapshot);
    ApprovalQueueModel *queueModel() const { return m_queue; }
    DecisionsModel *decisionsModel() const { return m_decisions; }
    TicketWidget *ticket() const { return m_ticket; }

    /// Opens the confirmation for the selected proposal (no-op without one).
    void requestApprove();
    /// Opens the veto-reason prompt for the selected proposal.
    void requestVeto();
    /// The re-check at approval changed the order: say so; the queue shows the new verdict.
    void showRecheck(const QString &proposalId, const QString &message);
    DeskGuard &guard() { return m_guard; }

private:
    QString selectedId() const;
    /// The ordinary confirmation (default Cancel), or the deliberate one (a countdown on Send, default Veto).
    void confirm(const Proposal &p, const ApprovalEdit &edit);
    /// The rubber-stamp guard's second look: the ticket first, or approve anyway.
    void askSecondLook(const QString &proposalId, const QString &why);
    /// Selects the proposal `delta` rows away (next: 1, previous: −1).
    void step(int delta);
    /// Raises the queue's dock and puts the focus in the ticket (the quantity selected for typing).
    void focusTicket(bool quantity);
    void showSelected();
    void selectId(const QString &id);

    EngineController *m_controller;
    ApprovalQueueModel *m_queue;
    DecisionsModel *m_decisions;
    RuleTableModel *m_rules;
    QTableView *m_queueView;
    QTableView *m_rulesView;
    QTableView *m_decisionsView;
    QLabel *m_rationale;
    QLabel *m_count;
    QLabel *m_suspended;
    QPushButton *m_approve;
    QPushButton *m_veto;
    TicketWidget *m_ticket;
    QHash<QString, ProposalTicket> m_tickets; ///< by proposal id, from the last snapshot
    RiskConfig m_riskConfig;
    DeskGuard m_guard;
    Decimal m_equity;
};
