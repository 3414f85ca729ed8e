// SPDX-License-Identifier: GPL-3.0-or-later
#include "approvalpanel.h"

#include "format.h"
#include "tableviews.h"
#include "ticketwidget.h"
#include "models/approvalqueuemodel.h"
#include "models/decisionsmodel.h"
#include "models/ruletablemodel.h"
#include "pipeline/enginecontroller.h"
#include "vetodialog.h"

#include <QAction>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <memory>

namespace {

QString describe(const Proposal &p)
{
    return QStringLiteral("%1 %2 %3 (%4)")
        .arg(p.reducing ? QObject::tr("SELL") : QObject::tr("BUY"), Format::quantity(p.qty), p.symbol,
             Format::money(p.verdict.finalNotional));
}
} // namespace

ApprovalPanel::ApprovalPanel(EngineController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_queue(new ApprovalQueueModel(this))
    , m_decisions(new DecisionsModel(this))
    , m_rules(new RuleTableModel(this))
{
    setObjectName(QStringLiteral("approvalPanel"));
    m_queueView = makeTableView(m_queue, QStringLiteral("approvalQueueView"), this);
    m_rulesView = makeTableView(m_rules, QStringLiteral("verdictRulesView"), this);
    m_rulesView->setSelectionMode(QAbstractItemView::NoSelection);
    m_decisionsView = makeTableView(m_decisions, QStringLiteral("decisionsView"), this);
    m_decisionsView->setSelectionMode(QAbstractItemView::NoSelection);

    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("approvalCount"));
    m_suspended = new QLabel(this);
    m_suspended->setObjectName(QStringLiteral("suspendedStrategiesBanner"));
    m_suspended->setWordWrap(true);
    m_suspended->setStyleSheet(QStringLiteral("QLabel { background: #fdebd0; color: #7e5109; padding: 4px; }"));
    m_suspended->hide();
    m_approve = new QPushButton(tr("&Approve… (Ctrl+Shift+A)"), this);
    m_approve->setObjectName(QStringLiteral("approveButton"));
    m_approve->setToolTip(tr("Review and send the selected order (Ctrl+Shift+A)"));
    m_approve->setAutoDefault(false);
    m_veto = new QPushButton(tr("&Veto… (Ctrl+Shift+V)"), this);
    m_veto->setObjectName(QStringLiteral("vetoButton"));
    m_veto->setToolTip(tr("Reject the selected proposal with a reason (Ctrl+Shift+V)"));
    m_veto->setAutoDefault(false);
    auto *approveAction = new QAction(tr("Approve selected proposal"), this);
    approveAction->setObjectName(QStringLiteral("approveAction"));
    approveAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    approveAction->setShortcutContext(Qt::WindowShortcut);
    auto *vetoAction = new QAction(tr("Veto selected proposal"), this);
    vetoAction->setObjectName(QStringLiteral("vetoAction"));
    vetoAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V));
    vetoAction->setShortcutContext(Qt::WindowShortcut);
    addAction(approveAction);
    addAction(vetoAction);
    // The rest of the desk from the keyboard, from anywhere in the window (letters: a spin
    // box or a table with the focus keeps its arrow keys, even with modifiers).
    const auto windowAction = [this](const QString &name, const QString &text, const QKeySequence &keys, auto slot) {
        auto *a = new QAction(text, this);
        a->setObjectName(name);
        a->setShortcut(keys);
        a->setShortcutContext(Qt::WindowShortcut);
        addAction(a);
        connect(a, &QAction::triggered, this, slot);
    };
    windowAction(QStringLiteral("nextProposalAction"), tr("Next proposal"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_J), [this] { step(1); });
    windowAction(QStringLiteral("previousProposalAction"), tr("Previous proposal"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K), [this] { step(-1); });
    windowAction(QStringLiteral("openTicketAction"), tr("Show the ticket"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T), [this] {
        m_guard.opened(selectedId());
        focusTicket(false);
    });
    windowAction(QStringLiteral("editQuantityAction"), tr("Edit the quantity"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), [this] { focusTicket(true); });
    connect(approveAction, &QAction::triggered, this, &ApprovalPanel::requestApprove);
    connect(vetoAction, &QAction::triggered, this, &ApprovalPanel::requestVeto);
    connect(m_approve, &QPushButton::clicked, this, &ApprovalPanel::requestApprove);
    connect(m_veto, &QPushButton::clicked, this, &ApprovalPanel::requestVeto);

    m_rationale = new QLabel(tr("Select a proposal to see why it was made and how risk sized it."), this);
    m_rationale->setObjectName(QStringLiteral("proposalRationale"));
    m_rationale->setWordWrap(true);
    m_rationale->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_rationale->setMinimumHeight(44);
    m_rationale->setAlignment(Qt::AlignTop | Qt::AlignLeft);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_count, 1);
    buttons->addWidget(m_veto);
    buttons->addWidget(m_approve);

    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_suspended);
    topLayout->addWidget(m_queueView);
    topLayout->addLayout(buttons);

    // The ticket's re-check of the order as edited is what the rule table shows.
    m_ticket = new TicketWidget(this);
    connect(m_ticket, &TicketWidget::verdictChanged, m_rules, &RuleTableModel::setVerdict);
    connect(m_ticket, &TicketWidget::used, this, [this](const QString &id) { m_guard.opened(id); });

    auto *detail = new QWidget(this);
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_ticket);
    detailLayout->addWidget(m_rationale);
    detailLayout->addWidget(m_rulesView);

    auto *history = new QWidget(this);
    auto *historyLayout = new QVBoxLayout(history);
    historyLayout->setContentsMargins(0, 0, 0, 0);
    historyLayout->addWidget(new QLabel(tr("Recent decisions"), history));
    historyLayout->addWidget(m_decisionsView);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(detail);
    split->addWidget(history);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 3);
    split->setStretchFactor(2, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(split);

    connect(m_queueView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ApprovalPanel::showSelected);
    showSelected();
}

void ApprovalPanel::step(int delta)
{
    const int count = m_queue->rowCount();
    if (count == 0)
        return;
    const int row = m_queue->rowOf(selectedId());
    const int next = row < 0 ? 0 : std::clamp(row + delta, 0, count - 1);
    selectId(m_queue->proposalAt(next)->id);
    m_queueView->scrollTo(m_queue->index(next, 0));
}

void ApprovalPanel::focusTicket(bool quantity)
{
    for (QWidget *w = parentWidget(); w; w = w->parentWidget())
        if (auto *dock = qobject_cast<QDockWidget *>(w)) {
            dock->show();
            dock->raise();
            break;
        }
    if (!m_ticket->isEnabled())
        return;
    auto *qty = m_ticket->findChild<QDoubleSpinBox *>(QStringLiteral("ticketQty"));
    qty->setFocus(Qt::ShortcutFocusReason);
    if (quantity)
        qty->selectAll(); // typing replaces the quantity
}

QString ApprovalPanel::selectedId() const
{
    const QModelIndexList rows = m_queueView->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.front().data(ApprovalQueueModel::ProposalIdRole).toString();
}

void ApprovalPanel::selectId(const QString &id)
{
    const int row = m_queue->rowOf(id);
    if (row < 0)
        return;
    m_queueView->selectionModel()->select(m_queue->index(row, 0),
                                          QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void ApprovalPanel::setSnapshot(const EngineSnapshot &snapshot)
{
    const QString selected = selectedId();
    const int selectedRow = m_queue->rowOf(selected);
    m_queue->setProposals(snapshot.pending);
    m_tickets.clear();
    for (const ProposalTicket &t : snapshot.tickets)
        m_tickets.insert(t.proposalId, t);
    m_riskConfig = snapshot.riskConfig;
    m_guard.setConfig(snapshot.desk);
    m_equity = snapshot.account.equity;
    m_ticket->setClock(snapshot.clock, snapshot.desk.driftPct);
    m_decisions->setProposals(snapshot.decided);
    if (!selected.isEmpty() && m_queue->rowOf(selected) >= 0)
        selectId(selected);
    else if (m_queue->rowCount() > 0 && (!selected.isEmpty() || !m_queueView->selectionModel()->hasSelection()))
        // The decided proposal left the queue: the one that took its place is selected, ready for the next decision.
        selectId(m_queue->proposalAt(std::clamp(selectedRow, 0, m_queue->rowCount() - 1))->id);
    m_count->setText(tr("%n proposal(s) waiting", nullptr, static_cast<int>(snapshot.pending.size())));
    QStringList suspended;
    for (const StrategyHealthView &h : snapshot.health)
        if (h.suspended)
            suspended.append(tr("%1 (%2 % right)").arg(h.strategy).arg(h.accuracy * 100, 0, 'f', 0));
    m_suspended->setVisible(!suspended.isEmpty());
    if (!suspended.isEmpty())
        m_suspended->setText(tr("Suspended for new entries: %1. The selector takes the next best strategy instead; re-enable it in the Strategy health dock.")
                                 .arg(suspended.join(QStringLiteral(", "))));
    showSelected();
}

void ApprovalPanel::showSelected()
{
    const int row = m_queue->rowOf(selectedId());
    const Proposal *p = m_queue->proposalAt(row);
    m_approve->setEnabled(p != nullptr);
    m_veto->setEnabled(p != nullptr);
    if (!p) {
        m_ticket->setProposal(nullptr, nullptr, m_riskConfig);
        m_rules->clear();
        m_rationale->setText(m_queue->rowCount() == 0 ? tr("No proposals waiting. New ones arrive as sessions complete.")
                                                      : tr("Select a proposal to see why it was made and how risk sized it."));
        return;
    }
    m_rationale->setText(p->rationale);
    m_guard.shown(p->id, QDateTime::currentMSecsSinceEpoch());
    const auto t = m_tickets.constFind(p->id);
    m_ticket->setProposal(p, t == m_tickets.cend() ? nullptr : &t.value(), m_riskConfig); // sets the rule table
}

void ApprovalPanel::requestApprove()
{
    const int row = m_queue->rowOf(selectedId());
    const Proposal *p = m_queue->proposalAt(row);
    if (!p)
        return;
    // Too fast, or several in a row without opening the ticket: a second look first.
    if (const QString why = m_guard.secondLook(p->id, QDateTime::currentMSecsSinceEpoch()); !why.isEmpty()) {
        askSecondLook(p->id, why);
        return;
    }
    confirm(*p, m_ticket->proposalId() == p->id ? m_ticket->edit() : ApprovalEdit());
}

void ApprovalPanel::askSecondLook(const QString &proposalId, const QString &why)
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("A second look"), why, QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("secondLookDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(tr("Read the ticket (the order, its sizing rules and the headroom after it), then approve again."));
    QPushButton *look = box->addButton(tr("Show the ticket"), QMessageBox::AcceptRole);
    look->setObjectName(QStringLiteral("secondLookTicketButton"));
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(look);
    connect(box, &QMessageBox::buttonClicked, this, [this, look, proposalId](QAbstractButton *clicked) {
        if (clicked != look)
            return;
        selectId(proposalId);
        m_guard.lookedAgain(proposalId, QDateTime::currentMSecsSinceEpoch());
        focusTicket(false);
    });
    box->open();
}

void ApprovalPanel::confirm(const Proposal &proposal, const ApprovalEdit &edit)
{
    const Proposal *p = &proposal;
    const QString id = p->id;
    const QString edited = edit.describe(*p);
    const auto t = m_tickets.constFind(id);
    DeskGuard::Facts facts;
    facts.notional = m_ticket->proposalId() == id ? m_ticket->verdict().finalNotional : p->verdict.finalNotional;
    facts.equity = m_equity;
    facts.reducing = p->reducing;
    facts.firstInSymbol = t != m_tickets.cend() && t->firstInSymbol;
    facts.firstAfterReset = t != m_tickets.cend() && t->firstAfterReset;
    const QStringList deliberate = DeskGuard::deliberateReasons(facts, m_guard.config());
    auto *box = new QMessageBox(deliberate.isEmpty() ? QMessageBox::Question : QMessageBox::Warning,
                                deliberate.isEmpty() ? tr("Send order?") : tr("Send this order? Look twice"),
                                edited.isEmpty()
                                    ? tr("Send %1 at market?").arg(describe(*p))
                                    // The order as it will go out: the edited quantity and its notional now.
                                    : tr("Send %1 %2 %3 (%4)%5? Edited: %6.")
                                          .arg(p->reducing ? tr("SELL") : tr("BUY"), Format::quantity(m_ticket->verdict().finalQty), p->symbol,
                                               Format::money(m_ticket->verdict().finalNotional),
                                               edit.limitPrice.isPositive() ? tr(" with a limit at %1").arg(Format::number(edit.limitPrice, 2))
                                                                            : tr(" at market"),
                                               edited),
                                QMessageBox::Cancel, this);
    box->setObjectName(deliberate.isEmpty() ? QStringLiteral("approveConfirmDialog") : QStringLiteral("deliberateConfirmDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QString detail;
    if (!deliberate.isEmpty())
        detail = tr("This order needs a deliberate confirm: %1.").arg(deliberate.join(QStringLiteral("; "))) + QLatin1Char('\n');
    detail += tr("Strategy: %1, confidence %2.").arg(p->strategy).arg(p->confidence, 0, 'f', 2);
    if (p->stopPrice.isPositive())
        detail += QLatin1Char(' ') + tr("Protective stop at %1.").arg(Format::number(p->stopPrice, 2));
    detail += QLatin1Char(' ') + tr("Risk re-checks the order with the price at the moment you send it; it may only shrink it.");
    box->setInformativeText(detail);
    QPushButton *send = box->addButton(tr("Send order"), QMessageBox::AcceptRole);
    send->setObjectName(QStringLiteral("approveConfirmButton"));
    QPushButton *veto = nullptr;
    if (deliberate.isEmpty()) {
        box->setDefaultButton(QMessageBox::Cancel);
    } else {
        // The default is Veto, and Send waits out a short countdown.
        veto = box->addButton(tr("Veto…"), QMessageBox::RejectRole);
        veto->setObjectName(QStringLiteral("deliberateVetoButton"));
        box->setDefaultButton(veto);
        const int seconds = std::max(0, m_guard.config().countdownSeconds);
        if (seconds > 0) {
            send->setEnabled(false);
            send->setText(tr("Send order (%1)").arg(seconds));
            auto *timer = new QTimer(box);
            auto left = std::make_shared<int>(seconds);
            connect(timer, &QTimer::timeout, box, [send, timer, left] {
                if (--*left > 0) {
                    send->setText(QObject::tr("Send order (%1)").arg(*left));
                    return;
                }
                timer->stop();
                send->setText(QObject::tr("Send order"));
                send->setEnabled(true);
            });
            timer->start(1000);
        }
    }
    connect(box, &QMessageBox::buttonClicked, this, [this, send, veto, id, edit](QAbstractButton *clicked) {
        if (clicked == send) {
            m_guard.approved(id);
            m_controller->approve(id, edit);
        } else if (veto && clicked == veto) {
            QMetaObject::invokeMethod(this, &ApprovalPanel::requestVeto, Qt::QueuedConnection);
        }
    });
    box->open();
}

void ApprovalPanel::showRecheck(const QString &proposalId, const QString &message)
{
    selectId(proposalId);
    auto *box = new QMessageBox(QMessageBox::Information, tr("Order changed by the risk re-check"),
                                tr("Nothing was sent. The risk check at the moment of approval changed this order."),
                                QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("recheckDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(message + QLatin1Char('\n') + tr("Review the new verdict and approve again to send it."));
    box->open();
}

void ApprovalPanel::requestVeto()
{
    const int row = m_queue->rowOf(selectedId());
    const Proposal *p = m_queue->proposalAt(row);
    if (!p)
        return;
    const QString id = p->id;
    auto *dialog = new VetoDialog(describe(*p), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, id] { m_controller->veto(id, dialog->code(), dialog->note()); });
    dialog->open();
}
