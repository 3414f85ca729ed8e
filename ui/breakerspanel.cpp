// SPDX-License-Identifier: GPL-3.0-or-later
#include "breakerspanel.h"

#include "models/breakersmodel.h"
#include "pipeline/enginecontroller.h"
#include "tableviews.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

BreakersPanel::BreakersPanel(EngineController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_model(new BreakersModel(this))
{
    setObjectName(QStringLiteral("breakersPanel"));
    m_view = makeTableView(m_model, QStringLiteral("breakersView"), this);
    m_view->setMinimumHeight(140); // the five breakers without scrolling
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("breakersTradingState"));
    m_reset = new QPushButton(tr("Reset…"), this);
    m_reset->setObjectName(QStringLiteral("resetBreakerButton"));
    m_reset->setToolTip(tr("Close the selected breaker (asks for confirmation)"));
    m_kill = new QPushButton(tr("KILL SWITCH…"), this);
    m_kill->setObjectName(QStringLiteral("killSwitchButton"));
    m_kill->setToolTip(tr("Halt trading: cancel open entry orders, optionally close every position"));
    m_kill->setStyleSheet(QStringLiteral("QPushButton { background: #c0392b; color: white; font-weight: bold; padding: 4px 12px; }"
                                         "QPushButton:disabled { background: #d5a6a1; }"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_state, 1);
    buttons->addWidget(m_reset);
    buttons->addWidget(m_kill);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_view);
    layout->addLayout(buttons);
    connect(m_reset, &QPushButton::clicked, this, &BreakersPanel::requestReset);
    connect(m_kill, &QPushButton::clicked, this, &BreakersPanel::requestKillSwitch);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &BreakersPanel::updateButtons);
    updateButtons();
}

void BreakersPanel::setSnapshot(const EngineSnapshot &s)
{
    const QModelIndexList sel = m_view->selectionModel()->selectedRows();
    const QString selected = sel.isEmpty() ? QString() : sel.front().data(BreakersModel::NameRole).toString();
    m_model->setBreakers(s.breakers);
    for (int r = 0; r < m_model->rowCount(); ++r)
        if (m_model->breakerAt(r)->name == selected)
            m_view->selectRow(r);
    m_state->setText(tr("Trading: <b>%1</b>").arg(textOf(s.state)));
    updateButtons();
}

void BreakersPanel::updateButtons()
{
    const QModelIndexList sel = m_view->selectionModel()->selectedRows();
    const BreakerView *b = sel.isEmpty() ? nullptr : m_model->breakerAt(sel.front().row());
    m_reset->setEnabled(b && b->state != BreakerState::Closed);
}

void BreakersPanel::requestReset()
{
    const QModelIndexList sel = m_view->selectionModel()->selectedRows();
    const BreakerView *b = sel.isEmpty() ? nullptr : m_model->breakerAt(sel.front().row());
    if (!b || b->state == BreakerState::Closed)
        return;
    const QString name = b->name;
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Reset breaker?"),
                                tr("Reset the %1 breaker and allow trading it stopped?").arg(BreakersModel::displayName(name)),
                                QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("resetBreakerDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(tr("It tripped because: %1").arg(b->reason));
    QPushButton *reset = box->addButton(tr("Reset"), QMessageBox::AcceptRole);
    reset->setObjectName(QStringLiteral("resetBreakerConfirmButton"));
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::buttonClicked, this, [this, reset, name](QAbstractButton *clicked) {
        if (clicked == reset)
            m_controller->resetBreaker(name);
    });
    box->open();
}

void BreakersPanel::requestKillSwitch()
{
    auto *box = new QMessageBox(QMessageBox::Critical, tr("Kill switch"),
                                tr("Halt trading now? No new orders will be sent and open entry orders are cancelled. "
                                   "Protective stops stay in place. Only you can resume trading."),
                                QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("killSwitchDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    auto *flatten = new QCheckBox(tr("Also close every position at market (flatten all)"), box);
    flatten->setObjectName(QStringLiteral("flattenAllCheck"));
    box->setCheckBox(flatten);
    QPushButton *halt = box->addButton(tr("Halt trading"), QMessageBox::DestructiveRole);
    halt->setObjectName(QStringLiteral("killSwitchConfirmButton"));
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::buttonClicked, this, [this, halt, flatten](QAbstractButton *clicked) {
        if (clicked == halt)
            m_controller->killSwitch(flatten->isChecked());
    });
    box->open();
}
