// SPDX-License-Identifier: GPL-3.0-or-later
#include "decisionspanel.h"

#include "format.h"
#include "models/deskmodels.h"
#include "pipeline/enginecontroller.h"
#include "tableviews.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

DecisionsPanel::DecisionsPanel(EngineController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_byStrategy(new DecisionStatsModel(false, this))
    , m_byReason(new DecisionStatsModel(true, this))
    , m_shadows(new ShadowModel(this))
    , m_standing(new StandingModel(this))
{
    setObjectName(QStringLiteral("decisionsPanel"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("decisionsSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *figures = new QWidget(this);
    auto *fl = new QVBoxLayout(figures);
    fl->addWidget(m_summary);
    fl->addWidget(new QLabel(tr("Per strategy"), figures));
    QTableView *byStrategy = makeTableView(m_byStrategy, QStringLiteral("decisionsByStrategyView"), figures);
    QTableView *byReason = makeTableView(m_byReason, QStringLiteral("decisionsByReasonView"), figures);
    fl->addWidget(byStrategy, 3);
    fl->addWidget(new QLabel(tr("Per reason (vetoes by their reason code; expiries)"), figures));
    fl->addWidget(byReason, 2);
    for (QTableView *v : {byStrategy, byReason})
        v->setMinimumSize(60, 50);
    // A veto reason has no approvals.
    byReason->setColumnHidden(DecisionStatsModel::Approved, true);
    byReason->setColumnHidden(DecisionStatsModel::Automatic, true);
    byStrategy->setToolTip(tr("Shadow P&L: what the vetoed and expired entries would have made (open ones at the last close). "
                              "\"Not trading them\" saved money when the shadows lost it."));

    auto *shadows = new QWidget(this);
    auto *sl = new QVBoxLayout(shadows);
    auto *shadowNote = new QLabel(tr("Every vetoed or expired entry is followed as if it had been approved at the price of the moment it was "
                                     "decided, under the same exit rules as real positions (its protective stop, breakeven, trailing, "
                                     "take-profit and time exits), bar by bar at each close."),
                                  shadows);
    shadowNote->setWordWrap(true);
    sl->addWidget(shadowNote);
    QTableView *shadowsView = makeTableView(m_shadows, QStringLiteral("shadowsView"), shadows);
    shadowsView->setMinimumSize(60, 50);
    sl->addWidget(shadowsView);

    auto *standing = new QWidget(this);
    auto *stl = new QVBoxLayout(standing);
    auto *standingNote = new QLabel(tr("A standing approval approves matching orders without asking. Each approval it makes is recorded as "
                                       "automatic, with the rule, and the risk engine still checks every order."),
                                    standing);
    standingNote->setWordWrap(true);
    stl->addWidget(standingNote);
    m_kind = new QComboBox(standing);
    m_kind->setObjectName(QStringLiteral("standingKind"));
    m_kind->addItem(tr("Orders that only reduce risk"), int(StandingApproval::Kind::Reducing));
    m_kind->addItem(tr("Entries under an amount, from strategies in good health"), int(StandingApproval::Kind::EntriesUnder));
    m_kind->addItem(tr("Nothing automatic after a breaker trip"), int(StandingApproval::Kind::NoAutomaticAfterTrip));
    m_amount = new QDoubleSpinBox(standing);
    m_amount->setObjectName(QStringLiteral("standingAmount"));
    m_amount->setRange(1, 1e9);
    m_amount->setDecimals(0);
    m_amount->setValue(2000);
    m_amount->setPrefix(QStringLiteral("$"));
    m_amount->setGroupSeparatorShown(true);
    m_accuracy = new QDoubleSpinBox(standing);
    m_accuracy->setObjectName(QStringLiteral("standingAccuracy"));
    m_accuracy->setRange(0, 100);
    m_accuracy->setDecimals(0);
    m_accuracy->setSuffix(tr(" % right"));
    m_accuracy->setToolTip(tr("The strategy's directional accuracy over its last 20 scored signals (0: any strategy not suspended)"));
    m_duration = new QComboBox(standing);
    m_duration->setObjectName(QStringLiteral("standingDuration"));
    m_duration->addItem(tr("for 1 hour"), 3600);
    m_duration->addItem(tr("for 4 hours"), 4 * 3600);
    m_duration->addItem(tr("for 1 day"), 24 * 3600);
    m_duration->addItem(tr("for 1 week"), 7 * 24 * 3600);
    m_duration->addItem(tr("until I end it"), 0);
    m_set = new QPushButton(tr("Set"), standing);
    m_set->setObjectName(QStringLiteral("standingSetButton"));
    m_set->setAutoDefault(false);
    for (QComboBox *c : {m_kind, m_duration}) {
        c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        c->setMinimumContentsLength(12);
    }
    auto *form = new QGridLayout;
    form->addWidget(m_kind, 0, 0, 1, 3);
    form->addWidget(m_amount, 1, 0);
    form->addWidget(m_accuracy, 1, 1);
    form->addWidget(m_duration, 1, 2);
    form->addWidget(m_set, 1, 3);
    form->setColumnStretch(0, 1);
    form->setColumnStretch(1, 1);
    form->setColumnStretch(2, 1);
    stl->addLayout(form);
    m_standingView = makeTableView(m_standing, QStringLiteral("standingView"), standing);
    m_standingView->setMinimumSize(60, 50);
    stl->addWidget(m_standingView);
    m_end = new QPushButton(tr("End selected"), standing);
    m_end->setObjectName(QStringLiteral("standingEndButton"));
    m_end->setAutoDefault(false);
    auto *endRow = new QHBoxLayout;
    endRow->addStretch();
    endRow->addWidget(m_end);
    stl->addLayout(endRow);

    auto *tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("decisionsTabs"));
    tabs->addTab(figures, tr("Figures"));
    tabs->addTab(shadows, tr("Shadow positions"));
    tabs->addTab(standing, tr("Standing approvals"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(tabs);

    connect(m_kind, &QComboBox::currentIndexChanged, this, &DecisionsPanel::updateForm);
    connect(m_set, &QPushButton::clicked, this, [this] { m_controller->addStandingApproval(formRule()); });
    connect(m_end, &QPushButton::clicked, this, &DecisionsPanel::endSelected);
    connect(m_standingView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &DecisionsPanel::updateForm);
    updateForm();
}

StandingApproval DecisionsPanel::formRule() const
{
    StandingApproval a;
    a.kind = static_cast<StandingApproval::Kind>(m_kind->currentData().toInt());
    if (a.kind == StandingApproval::Kind::EntriesUnder) {
        a.maxNotional = Decimal::fromDouble(m_amount->value(), 0).value_or(Decimal());
        a.minAccuracy = m_accuracy->value() / 100.0;
    }
    if (const int seconds = m_duration->currentData().toInt(); seconds > 0)
        a.expiresAt = QDateTime::currentDateTimeUtc().addSecs(seconds);
    return a;
}

void DecisionsPanel::updateForm()
{
    const bool entries = static_cast<StandingApproval::Kind>(m_kind->currentData().toInt()) == StandingApproval::Kind::EntriesUnder;
    m_amount->setEnabled(entries);
    m_accuracy->setEnabled(entries);
    const QModelIndexList rows = m_standingView->selectionModel()->selectedRows();
    m_end->setEnabled(!rows.isEmpty() && rows.front().data(StandingModel::ActiveRole).toBool());
}

void DecisionsPanel::endSelected()
{
    const QModelIndexList rows = m_standingView->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    m_controller->endStandingApproval(rows.front().data(StandingModel::IdRole).toString());
}

QString DecisionsPanel::summaryText() const
{
    return m_summary->text();
}

void DecisionsPanel::setSnapshot(const EngineSnapshot &s)
{
    const DecisionStatsRow &t = s.decisionStats.total;
    m_byStrategy->setRows(s.decisionStats.byStrategy);
    m_byReason->setRows(s.decisionStats.byReason);
    m_shadows->setShadows(s.shadows);
    m_standing->setRules(s.standing);
    int standing = 0;
    for (const StandingApproval &a : s.standing)
        standing += a.activeAt(QDateTime::currentDateTimeUtc()) ? 1 : 0;
    QString text = tr("Decided %1: approved %2 % (%3 automatic), vetoed %4 %, expired %5 %; %6 re-priced on drift.")
                       .arg(t.decided)
                       .arg(t.approvalRate() * 100, 0, 'f', 0)
                       .arg(t.automatic)
                       .arg(t.vetoRate() * 100, 0, 'f', 0)
                       .arg(t.decided > 0 ? 100.0 * t.expired / t.decided : 0.0, 0, 'f', 0)
                       .arg(t.repriced);
    if (t.medianDecideS >= 0)
        text += QLatin1Char(' ') + tr("Median time to decide: %1 s.").arg(t.medianDecideS, 0, 'f', 1);
    if (t.shadows > 0)
        text += QLatin1Char(' ')
                + (t.shadowPnl.isPositive()
                       ? tr("The %1 shadow positions (%2 open) would have made %3: not trading them cost that much.")
                       : tr("The %1 shadow positions (%2 open) would have lost %3: not trading them saved that much."))
                      .arg(t.shadows)
                      .arg(t.shadowsOpen)
                      .arg(Format::money(t.shadowPnl.abs().rounded(2)));
    text += QLatin1Char(' ') + tr("%n standing approval(s) in force.", nullptr, standing);
    m_summary->setText(text);
    updateForm();
}
