// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/approvaledit.h"
#include "pipeline/enginesnapshot.h"
#include "risk/riskengine.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;

/// The last 60 bars of a proposal's symbol as candles, with the entry, the stop and
/// the take-profit marked.
class TicketChart : public QWidget
{
    Q_OBJECT
public:
    explicit TicketChart(QWidget *parent = nullptr);
    void setBars(const QList<Bar> &bars, Decimal entry, Decimal stop, Decimal target);
    int barCount() const { return static_cast<int>(m_bars.size()); }

protected:
    void paintEvent(QPaintEvent *event) override;
    QSize sizeHint() const override { return {360, 150}; }
    QSize minimumSizeHint() const override { return {200, 110}; }

private:
    QList<Bar> m_bars;
    Decimal m_entry, m_stop, m_target;
};

/// The selected proposal's ticket: the order with its bracket legs, the trader's
/// edits (a smaller quantity, a tighter stop, a limit price), the risk verdict on
/// the order as edited, re-checked on every keystroke on the GUI thread from the
/// snapshot's context (the engine checks again when the approval arrives), the
/// headroom left after the trade, and a chart of the last 60 bars.
/// The quantity box takes nothing above what the rules allow and says which rule.
class TicketWidget : public QWidget
{
    Q_OBJECT
public:
    explicit TicketWidget(QWidget *parent = nullptr);
    /// Shows `p` (null: nothing selected). The same proposal again keeps the edits being typed.
    void setProposal(const Proposal *p, const ProposalTicket *ticket, const RiskConfig &config);
    /// The trader's edits (empty when the order is as proposed).
    ApprovalEdit edit() const;
    /// The verdict on the order as edited, and how long its last re-check took.
    const RiskVerdict &verdict() const { return m_verdict; }
    qint64 lastRecheckNs() const { return m_lastRecheckNs; }
    /// The largest quantity the rules allow now, and the rule that sets it.
    Decimal maxQuantity() const { return m_maxQty; }
    QString maxQuantityRule() const { return m_maxRule; }
    QString proposalId() const { return m_proposal.id; }
    /// The headroom after the trade, as shown.
    QString headroomText() const;
    void resetEdits();
    /// The venue's clock of the snapshot: the expiry countdown counts from it.
    void setClock(const QDateTime &venueNow, Decimal drift)
    {
        m_now = venueNow;
        m_drift = drift;
    }
    /// "Expires … in …", as shown.
    QString expiryText() const;

Q_SIGNALS:
    /// The trader used the ticket (focused or edited it): the rubber-stamp guard counts it as opened.
    void used(const QString &proposalId);
    /// After every re-check: the rule table follows the ticket.
    void verdictChanged(const RiskVerdict &verdict);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void recheck();
    void showOrder();

    Proposal m_proposal;
    ProposalTicket m_ticket;
    std::unique_ptr<RiskEngine> m_engine;
    RiskVerdict m_verdict;
    qint64 m_lastRecheckNs = 0;
    Decimal m_maxQty;
    QString m_maxRule;
    bool m_loading = false;

    QLabel *m_order;
    QDoubleSpinBox *m_qty;
    QLabel *m_qtyLimit;
    QDoubleSpinBox *m_stop;
    QCheckBox *m_useLimit;
    QDoubleSpinBox *m_limit;
    QPushButton *m_reset;
    QLabel *m_verdictLabel;
    QLabel *m_headroom;
    QLabel *m_expiry;
    QLabel *m_quant;
    TicketChart *m_chart;
    QDateTime m_now;
    Decimal m_drift;
};
