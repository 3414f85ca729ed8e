// SPDX-License-Identifier: GPL-3.0-or-later
#include "strategyhealthpanel.h"

#include "models/strategyhealthmodel.h"
#include "pipeline/enginecontroller.h"
#include "tableviews.h"

#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

StrategyHealthPanel::StrategyHealthPanel(EngineController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_model(new StrategyHealthModel(this))
{
    setObjectName(QStringLiteral("strategyHealthPanel"));
    m_view = makeTableView(m_model, QStringLiteral("strategyHealthView"), this);
    m_reenable = new QPushButton(tr("Re-enable…"), this);
    m_reenable->setObjectName(QStringLiteral("reenableStrategyButton"));
    auto *note = new QLabel(tr("Each signal is judged five sessions later; under 40 % right out of the last 20 suspends new entries."), this);
    note->setWordWrap(true);
    auto *row = new QHBoxLayout;
    row->addWidget(note, 1);
    row->addWidget(m_reenable);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_view);
    layout->addLayout(row);
    connect(m_reenable, &QPushButton::clicked, this, &StrategyHealthPanel::requestReenable);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &StrategyHealthPanel::updateButton);
    updateButton();
}

void StrategyHealthPanel::setSnapshot(const EngineSnapshot &s)
{
    const QModelIndexList sel = m_view->selectionModel()->selectedRows();
    const QString selected = sel.isEmpty() ? QString() : sel.front().data(StrategyHealthModel::NameRole).toString();
    m_model->setHealth(s.health);
    for (int r = 0; r < m_model->rowCount(); ++r)
        if (m_model->index(r, 0).data(StrategyHealthModel::NameRole).toString() == selected)
            m_view->selectRow(r);
    updateButton();
}

void StrategyHealthPanel::updateButton()
{
    const QModelIndexList sel = m_view->selectionModel()->selectedRows();
    m_reenable->setEnabled(!sel.isEmpty() && sel.front().data(StrategyHealthModel::SuspendedRole).toBool());
}

void StrategyHealthPanel::requestReenable()
{
    const QModelIndexList sel = m_view->selectionModel()->selectedRows();
    if (sel.isEmpty())
        return;
    const QString name = sel.front().data(StrategyHealthModel::NameRole).toString();
    auto *box = new QMessageBox(QMessageBox::Question, tr("Re-enable strategy?"),
                                tr("Let %1 propose new entries again? Its accuracy window starts afresh.").arg(name), QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("reenableStrategyDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *yes = box->addButton(tr("Re-enable"), QMessageBox::AcceptRole);
    yes->setObjectName(QStringLiteral("reenableStrategyConfirmButton"));
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::buttonClicked, this, [this, yes, name](QAbstractButton *clicked) {
        if (clicked == yes)
            m_controller->reenableStrategy(name);
    });
    box->open();
}
