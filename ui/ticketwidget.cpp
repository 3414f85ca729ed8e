// SPDX-License-Identifier: GPL-3.0-or-later
#include "ticketwidget.h"

#include "charts/candles.h"
#include "data/exchangecalendar.h"
#include "format.h"
#include "pipeline/approvaldesk.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QVBoxLayout>
#include <QEvent>

#include <algorithm>
#include <cmath>

TicketChart::TicketChart(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("ticketChart"));
}

void TicketChart::setBars(const QList<Bar> &bars, Decimal entry, Decimal stop, Decimal target)
{
    m_bars = bars;
    m_entry = entry;
    m_stop = stop;
    m_target = target;
    update();
}

void TicketChart::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QPalette pal = palette();
    p.fillRect(rect(), pal.base());
    if (m_bars.isEmpty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("No bars yet"));
        return;
    }
    double lo = 0, hi = 0;
    candles::range(m_bars, lo, hi);
    for (const Decimal &level : {m_entry, m_stop, m_target})
        if (level.isPositive()) {
            lo = std::min(lo, level.toDouble());
            hi = std::max(hi, level.toDouble());
        }
    candles::pad(lo, hi);
    const QFontMetrics fm = p.fontMetrics();
    const int right = fm.horizontalAdvance(QStringLiteral("target 0000.00")) + 6;
    const QRectF area(4, 4, width() - right - 8, height() - 8);
    const QColor up = candles::up(), down = candles::down();
    candles::paint(p, area, m_bars, lo, hi);
    const struct
    {
        Decimal level;
        QString name;
        QColor color;
    } levels[] = {{m_entry, tr("entry"), pal.color(QPalette::Text)}, {m_stop, tr("stop"), down}, {m_target, tr("target"), up}};
    for (const auto &l : levels)
        if (l.level.isPositive())
            candles::paintLevel(p, area, l.level.toDouble(), QStringLiteral("%1 %2").arg(l.name, l.level.toString(2)), l.color, lo, hi);
}

TicketWidget::TicketWidget(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("ticket"));
    m_order = new QLabel(this);
    m_order->setObjectName(QStringLiteral("ticketOrder"));
    m_order->setWordWrap(true);
    m_order->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_qty = new QDoubleSpinBox(this);
    m_qty->setObjectName(QStringLiteral("ticketQty"));
    m_qty->setKeyboardTracking(true); // every keystroke is re-checked
    m_qtyLimit = new QLabel(this);
    m_qtyLimit->setObjectName(QStringLiteral("ticketQtyLimit"));
    m_qtyLimit->setWordWrap(true);
    m_stop = new QDoubleSpinBox(this);
    m_stop->setObjectName(QStringLiteral("ticketStop"));
    m_stop->setDecimals(2);
    m_stop->setKeyboardTracking(true);
    m_useLimit = new QCheckBox(tr("Limit"), this);
    m_useLimit->setObjectName(QStringLiteral("ticketUseLimit"));
    m_limit = new QDoubleSpinBox(this);
    m_limit->setObjectName(QStringLiteral("ticketLimit"));
    m_limit->setDecimals(2);
    m_limit->setRange(0.01, 1e7);
    m_limit->setEnabled(false);
    m_limit->setKeyboardTracking(true);
    m_reset = new QPushButton(tr("As proposed"), this);
    m_reset->setObjectName(QStringLiteral("ticketReset"));
    m_reset->setAutoDefault(false);
    m_verdictLabel = new QLabel(this);
    m_verdictLabel->setObjectName(QStringLiteral("ticketVerdict"));
    QFont bold = m_verdictLabel->font();
    bold.setBold(true);
    m_verdictLabel->setFont(bold);
    m_verdictLabel->setMinimumHeight(2 * QFontMetrics(bold).height() + 2); // the verdict and the edit, always both lines
    m_headroom = new QLabel(this);
    m_headroom->setObjectName(QStringLiteral("ticketHeadroom"));
    m_headroom->setWordWrap(true);
    m_expiry = new QLabel(this);
    m_expiry->setObjectName(QStringLiteral("ticketExpiry"));
    m_expiry->setWordWrap(true);
    m_quant = new QLabel(this);
    m_quant->setObjectName(QStringLiteral("ticketQuant"));
    m_quant->setWordWrap(true);
    m_quant->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_chart = new TicketChart(this);

    auto *edits = new QGridLayout;
    edits->addWidget(new QLabel(tr("Quantity"), this), 0, 0);
    edits->addWidget(m_qty, 0, 1);
    edits->addWidget(new QLabel(tr("Stop"), this), 1, 0);
    edits->addWidget(m_stop, 1, 1);
    edits->addWidget(m_useLimit, 1, 2);
    edits->addWidget(m_limit, 1, 3);
    edits->addWidget(m_reset, 0, 3);
    edits->addWidget(m_qtyLimit, 2, 0, 1, 4); // its own row: the rule's name is never cut
    edits->setColumnStretch(2, 1);
    auto *left = new QVBoxLayout;
    left->addWidget(m_order);
    left->addLayout(edits);
    left->addWidget(m_verdictLabel);
    left->addWidget(m_headroom);
    left->addWidget(m_quant);
    left->addWidget(m_expiry);
    left->addStretch();
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    setMinimumHeight(250); // the wrapped lines need their room: a squeezed dock scrolls instead of overlapping
    layout->addLayout(left, 3);
    layout->addWidget(m_chart, 2);

    const auto changed = [this] {
        if (!m_loading)
            recheck();
    };
    connect(m_qty, &QDoubleSpinBox::valueChanged, this, changed);
    connect(m_stop, &QDoubleSpinBox::valueChanged, this, changed);
    connect(m_limit, &QDoubleSpinBox::valueChanged, this, changed);
    connect(m_useLimit, &QCheckBox::toggled, this, [this, changed](bool on) {
        m_limit->setEnabled(on);
        changed();
    });
    connect(m_reset, &QPushButton::clicked, this, &TicketWidget::resetEdits);
    // Any edit, or the focus in an edit box, counts as opening the ticket.
    for (QWidget *w : std::initializer_list<QWidget *>{m_qty, m_stop, m_limit, m_useLimit})
        w->installEventFilter(this);
    const auto touched = [this] {
        if (!m_loading && !m_proposal.id.isEmpty())
            Q_EMIT used(m_proposal.id);
    };
    connect(m_qty, &QDoubleSpinBox::valueChanged, this, touched);
    connect(m_stop, &QDoubleSpinBox::valueChanged, this, touched);
    connect(m_useLimit, &QCheckBox::toggled, this, touched);
    setProposal(nullptr, nullptr, RiskConfig());
}

void TicketWidget::setProposal(const Proposal *p, const ProposalTicket *ticket, const RiskConfig &config)
{
    // The same proposal keeps the edits being typed; a re-priced one (new price, stop or
    // quantity) starts again as proposed, or an untouched field would read as an edit.
    const bool same = p && p->id == m_proposal.id && p->price == m_proposal.price && p->stopPrice == m_proposal.stopPrice && p->qty == m_proposal.qty;
    m_engine = std::make_unique<RiskEngine>(config);
    setEnabled(p != nullptr);
    if (!p) {
        m_proposal = Proposal();
        m_ticket = ProposalTicket();
        m_order->setText(tr("Select a proposal to see its ticket."));
        m_verdictLabel->clear();
        m_headroom->clear();
        m_expiry->clear();
        m_quant->clear();
        m_qtyLimit->clear();
        m_chart->setBars({}, {}, {}, {});
        return;
    }
    m_proposal = *p;
    m_ticket = ticket ? *ticket : ProposalTicket();
    if (!m_ticket.lastPrice.isPositive())
        m_ticket.lastPrice = p->price;
    if (!same)
        resetEdits(); // a new proposal starts as proposed; the same one keeps what is being typed
    else
        recheck();
}

void TicketWidget::resetEdits()
{
    if (m_proposal.id.isEmpty())
        return;
    m_loading = true;
    const bool whole = m_proposal.qty.isInteger();
    m_qty->setDecimals(whole ? 0 : 4);
    m_qty->setRange(whole ? 1 : 0.0001, std::max(m_proposal.qty.toDouble(), 0.0001));
    m_qty->setValue(m_proposal.qty.toDouble());
    m_stop->setEnabled(!m_proposal.reducing && m_proposal.stopPrice.isPositive());
    m_stop->setRange(m_proposal.stopPrice.isPositive() ? m_proposal.stopPrice.toDouble() : 0.0, std::max(1.0, m_ticket.lastPrice.toDouble()));
    m_stop->setValue(m_proposal.stopPrice.toDouble());
    m_useLimit->setEnabled(!m_proposal.reducing);
    m_useLimit->setChecked(false);
    m_limit->setValue(m_ticket.lastPrice.isPositive() ? m_ticket.lastPrice.toDouble() : 1.0);
    m_loading = false;
    recheck();
}

namespace {

// The edit the boxes describe: only what differs from the proposal.
ApprovalEdit editFrom(const Proposal &p, double qty, bool whole, double stop, bool stopOn, bool limitOn, double limit)
{
    ApprovalEdit e;
    const Decimal q = Decimal::fromDouble(qty, whole ? 0 : 4).value_or(Decimal());
    if (q.isPositive() && q != p.qty)
        e.qty = q;
    if (stopOn) {
        const Decimal s = Decimal::fromDouble(stop, 2).value_or(Decimal());
        if (s.isPositive() && s != p.stopPrice)
            e.stopPrice = s;
    }
    if (limitOn)
        e.limitPrice = Decimal::fromDouble(limit, 2).value_or(Decimal());
    return e;
}

} // namespace

ApprovalEdit TicketWidget::edit() const
{
    if (m_proposal.id.isEmpty())
        return {};
    return editFrom(m_proposal, m_qty->value(), m_qty->decimals() == 0, m_stop->value(), m_stop->isEnabled(), m_useLimit->isChecked(),
                             m_limit->value());
}

void TicketWidget::recheck()
{
    if (m_proposal.id.isEmpty() || !m_engine)
        return;
    QElapsedTimer t;
    t.start();
    const ApprovalEdit e = edit();
    // What the rules allow at most, the stop and limit as edited: the quantity box's ceiling.
    ApprovalEdit ceiling = e;
    ceiling.qty = Decimal();
    const RiskVerdict atMost = m_engine->evaluate(ApprovalDesk::editedRequest(m_proposal, ceiling, m_ticket.lastPrice), m_ticket.context);
    const Decimal allowed = atMost.kind == VerdictKind::Reject ? Decimal() : atMost.finalQty;
    m_maxQty = std::min(allowed, m_proposal.qty);
    m_maxRule = allowed < m_proposal.qty ? atMost.bindingRule : tr("as proposed: edits only shrink");
    const QString why = ApprovalDesk::checkEdit(m_proposal, e, m_ticket.lastPrice);
    m_verdict = m_engine->evaluate(ApprovalDesk::editedRequest(m_proposal, e, m_ticket.lastPrice), m_ticket.context);
    m_lastRecheckNs = t.nsecsElapsed();

    if (!m_loading && m_maxQty.isPositive() && m_qty->maximum() != m_maxQty.toDouble()) {
        // The box refuses anything above the ceiling; a value already above it comes down to it.
        m_loading = true;
        m_qty->setMaximum(m_maxQty.toDouble());
        m_loading = false;
        if (m_qty->value() > m_maxQty.toDouble())
            return recheck();
    }
    m_qtyLimit->setText(m_maxQty.isPositive() ? tr("Quantity at most %1 (%2)").arg(Format::quantity(m_maxQty), m_maxRule)
                                              : tr("the rules allow none now (%1)").arg(m_maxRule));
    showOrder();
    QString verdict;
    if (!why.isEmpty())
        verdict = tr("Edit refused: %1").arg(why);
    else if (m_verdict.kind == VerdictKind::Reject)
        verdict = tr("Risk now: reject (%1)").arg(m_verdict.bindingRule);
    else if (m_verdict.finalQty < ApprovalDesk::editedRequest(m_proposal, e, m_ticket.lastPrice).requestedQty)
        verdict = tr("Risk now: resize to %1 (%2)").arg(Format::quantity(m_verdict.finalQty), m_verdict.bindingRule);
    else
        verdict = tr("Risk now: approve %1 %2 (%3)")
                      .arg(Format::quantity(m_verdict.finalQty), m_proposal.symbol, Format::money((m_verdict.finalQty * m_ticket.lastPrice).rounded(2)));
    const QString edited = e.describe(m_proposal);
    if (!edited.isEmpty())
        verdict += QLatin1Char('\n') + tr("Edited: %1").arg(edited); // its own line: the label does not wrap
    m_verdictLabel->setText(verdict);
    m_headroom->setText(headroomText());
    Q_EMIT verdictChanged(m_verdict);
}

void TicketWidget::showOrder()
{
    const Proposal &p = m_proposal;
    const ApprovalEdit e = edit();
    const Decimal stop = e.stopPrice.isPositive() ? e.stopPrice : p.stopPrice;
    QString text = tr("<b>%1 %2 %3</b> at %4, %5")
                       .arg(p.reducing ? tr("SELL") : tr("BUY"), Format::quantity(e.qty.isPositive() ? e.qty : p.qty), p.symbol,
                            e.limitPrice.isPositive() ? tr("limit %1").arg(e.limitPrice.toString(2)) : tr("market"),
                            tr("last %1").arg(m_ticket.lastPrice.toString(2)));
    if (!p.reducing && stop.isPositive())
        text += QStringLiteral("<br>") + (m_ticket.takeProfit.isPositive() ? tr("Bracket: stop-loss %1, take-profit %2").arg(stop.toString(2), m_ticket.takeProfit.toString(2))
                                                                           : tr("Protective stop %1").arg(stop.toString(2)));
    text += QStringLiteral("<br>") + tr("%1, confidence %2").arg(p.strategy).arg(p.confidence, 0, 'f', 2);
    m_order->setText(text);
    m_quant->setText(p.quant.isEmpty() ? tr("Quant factors: none recorded for this proposal.") : tr("Quant factors: %1").arg(p.quant));
    m_expiry->setText(expiryText());
    m_chart->setBars(m_ticket.bars, e.limitPrice.isPositive() ? e.limitPrice : m_ticket.lastPrice, p.reducing ? Decimal() : stop,
                     p.reducing ? Decimal() : m_ticket.takeProfit);
}

QString TicketWidget::headroomText() const
{
    if (m_proposal.id.isEmpty() || !m_engine)
        return {};
    const RiskContext &c = m_ticket.context;
    const RiskConfig &cfg = m_engine->config();
    const Decimal qty = m_verdict.kind == VerdictKind::Reject ? Decimal() : m_verdict.finalQty;
    const Decimal notional = m_proposal.reducing ? -(qty * m_ticket.lastPrice) : qty * m_ticket.lastPrice;
    const Decimal equity = c.account.equity;
    const Decimal grossCap = equity * cfg.grossExposureCap;
    const Decimal grossAfter = c.grossExposure + notional;
    const Decimal start = c.account.lastEquity.isPositive() ? c.account.lastEquity : equity;
    const Decimal lossRoom = start * cfg.dailyLossLimit - (start - equity);
    const Decimal base = c.budgetBaseEquity.isPositive() ? c.budgetBaseEquity : equity;
    const Decimal budget = base * cfg.perSymbolBudget;
    const Decimal committedAfter = c.committedOf(m_proposal.symbol) + (m_proposal.reducing ? Decimal() : notional);
    const bool opens = !m_proposal.reducing && !c.isOpenPosition(m_proposal.symbol) && qty.isPositive();
    const int positions = c.openPositions() + (opens ? 1 : 0);
    const int ordersLeft = cfg.maxOrdersPerDay - c.ordersToday - (m_proposal.reducing ? 0 : 1);
    const auto pct = [](Decimal a, Decimal b) { return b.isPositive() ? QStringLiteral("%1 %").arg(a.toDouble() / b.toDouble() * 100.0, 0, 'f', 1) : QStringLiteral("—"); };
    return tr("After this trade: gross exposure %1 of %2 (%3) · daily-loss room %4 · %5 budget stress %6 · positions %7 of %8 · "
              "orders left today %9")
        .arg(Format::money(grossAfter.rounded(2)), Format::money(grossCap.rounded(2)), pct(grossAfter, grossCap), Format::money(lossRoom.rounded(2)),
             m_proposal.symbol, pct(committedAfter, budget))
        .arg(positions)
        .arg(cfg.maxOpenPositions)
        .arg(std::max(0, ordersLeft));
}

QString TicketWidget::expiryText() const
{
    if (m_proposal.id.isEmpty() || !m_ticket.expiresAt.isValid())
        return {};
    QString text;
    if (m_proposal.decisionReason.startsWith(QLatin1String("re-priced")))
        text = tr("Re-priced: %1. ").arg(m_proposal.decisionReason.mid(QStringLiteral("re-priced ").size()));
    const qint64 leftS = m_now.isValid() ? std::max<qint64>(0, m_now.secsTo(m_ticket.expiresAt)) : -1;
    const QString at = ExchangeCalendar::toNewYork(m_ticket.expiresAt).toString(QStringLiteral("ddd d MMM HH:mm 'ET'"));
    if (leftS == 0 && m_ticket.waitFloorMs > 0)
        return text + tr("Past its expiry (%1): it is withdrawn in %2 s unless you decide.").arg(at).arg((m_ticket.waitFloorMs + 999) / 1000);
    if (leftS < 0)
        text += tr("Expires %1.").arg(at);
    else if (leftS >= 3600)
        text += tr("Expires %1: in %2 h %3 min of market time.").arg(at).arg(leftS / 3600).arg((leftS % 3600) / 60);
    else
        text += tr("Expires %1: in %2:%3 of market time.").arg(at).arg(leftS / 60).arg(leftS % 60, 2, 10, QLatin1Char('0'));
    if (m_ticket.waitFloorMs > 0)
        text += QLatin1Char(' ') + tr("You have at least %1 s more to decide.").arg((m_ticket.waitFloorMs + 999) / 1000);
    if (m_drift.isPositive())
        text += QLatin1Char(' ') + tr("A move of more than %1 % re-prices it.").arg((m_drift * Decimal::fromInt(100)).toString(1));
    return text;
}

bool TicketWidget::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::FocusIn && !m_proposal.id.isEmpty())
        Q_EMIT used(m_proposal.id);
    return QWidget::eventFilter(watched, event);
}
