// SPDX-License-Identifier: GPL-3.0-or-later
#include "orderspanel.h"

#include "format.h"
#include "models/ordersmodel.h"
#include "pipeline/enginecontroller.h"
#include "tableviews.h"

#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

OrdersPanel::OrdersPanel(EngineController *controller, OrdersModel *model, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_model(model)
{
    setObjectName(QStringLiteral("ordersPanel"));
    m_view = makeTableView(model, QStringLiteral("ordersView"), this);
    m_cancel = new QPushButton(tr("Cancel order…"), this);
    m_cancel->setObjectName(QStringLiteral("cancelOrderButton"));
    m_cancel->setToolTip(tr("Ask the broker to cancel the selected open order"));
    m_cancel->setAutoDefault(false);
    m_cancelAll = new QPushButton(tr("Cancel all entries…"), this);
    m_cancelAll->setObjectName(QStringLiteral("cancelAllOrdersButton"));
    m_cancelAll->setToolTip(tr("Cancel every entry order, open or held; protective stops stay"));
    m_cancelAll->setAutoDefault(false);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_cancelAll);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    layout->addLayout(buttons);
    connect(m_cancel, &QPushButton::clicked, this, &OrdersPanel::requestCancel);
    connect(m_cancelAll, &QPushButton::clicked, this, &OrdersPanel::requestCancelAll);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &OrdersPanel::updateButtons);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &OrdersPanel::updateButtons);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &OrdersPanel::updateButtons);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &OrdersPanel::updateButtons);
    updateButtons();
}

void OrdersPanel::updateButtons()
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    const Order *o = rows.isEmpty() ? nullptr : m_model->orderAt(rows.front().row());
    m_cancel->setEnabled(o && isOpen(o->status));
}

void OrdersPanel::requestCancel()
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    const Order *o = rows.isEmpty() ? nullptr : m_model->orderAt(rows.front().row());
    if (!o || !isOpen(o->status))
        return;
    const QString id = o->id;
    const bool stop = o->purpose == OrderPurpose::ProtectiveStop;
    auto *box = new QMessageBox(stop ? QMessageBox::Warning : QMessageBox::Question, tr("Cancel order?"),
                                tr("Cancel %1 %2 %3 (%4)?")
                                    .arg(textOf(o->side).toUpper(), Format::quantity(o->qty), o->symbol,
                                         o->limitPrice.isPositive() ? tr("%1 %2").arg(textOf(o->type), Format::number(o->limitPrice, 2)) : textOf(o->type)),
                                QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("cancelOrderDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    if (stop)
        box->setInformativeText(tr("This is the protective stop of %1: the position is left without a stop at the broker until a new one is placed.").arg(o->symbol));
    QPushButton *keep = box->addButton(tr("Keep order"), QMessageBox::RejectRole);
    QPushButton *cancel = box->addButton(tr("Cancel order"), QMessageBox::AcceptRole);
    cancel->setObjectName(QStringLiteral("cancelOrderConfirmButton"));
    box->setDefaultButton(keep);
    box->setEscapeButton(keep);
    connect(box, &QMessageBox::buttonClicked, this, [this, cancel, id](QAbstractButton *clicked) {
        if (clicked == cancel)
            m_controller->cancelOrder(id);
    });
    box->open();
}

void OrdersPanel::requestCancelAll()
{
    auto *box = new QMessageBox(QMessageBox::Question, tr("Cancel all entry orders?"),
                                tr("Cancel every entry order, open at the broker or held for the open?"), QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("cancelAllDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(tr("Protective stops stay: they only reduce risk. Cancel one on its own if you mean to."));
    QPushButton *keep = box->addButton(tr("Keep orders"), QMessageBox::RejectRole);
    QPushButton *cancel = box->addButton(tr("Cancel all entries"), QMessageBox::AcceptRole);
    cancel->setObjectName(QStringLiteral("cancelAllConfirmButton"));
    box->setDefaultButton(keep);
    box->setEscapeButton(keep);
    connect(box, &QMessageBox::buttonClicked, this, [this, cancel](QAbstractButton *clicked) {
        if (clicked == cancel)
            m_controller->cancelAllEntries();
    });
    box->open();
}
