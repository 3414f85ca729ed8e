// SPDX-License-Identifier: GPL-3.0-or-later
#include "reconciliationpanel.h"

#include "models/reconciliationmodel.h"
#include "pipeline/enginecontroller.h"
#include "tableviews.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

ReconciliationPanel::ReconciliationPanel(EngineController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_model(new ReconciliationModel(this))
{
    setObjectName(QStringLiteral("reconciliationPanel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("reconciliationSummary"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    m_view = makeTableView(m_model, QStringLiteral("reconciliationView"));
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_view, 1);
    auto *buttons = new QHBoxLayout;
    m_adopt = new QPushButton(tr("Adopt the broker's state"), this);
    m_adopt->setToolTip(tr("The record follows the broker from now on; nothing is traded."));
    m_flatten = new QPushButton(tr("Flatten…"), this);
    m_flatten->setToolTip(tr("Sell what the broker holds in this symbol, or cancel the external order. Asks first."));
    m_ignore = new QPushButton(tr("Ignore"), this);
    m_ignore->setToolTip(tr("Accept the difference as it is; it is not shown again while it stays the same."));
    m_check = new QPushButton(tr("Check now"), this);
    m_check->setToolTip(tr("Compare the record with the broker now (also at start, after every reconnect and every 5 minutes)."));
    for (QPushButton *b : {m_adopt, m_flatten, m_ignore})
        buttons->addWidget(b);
    buttons->addStretch(1);
    buttons->addWidget(m_check);
    layout->addLayout(buttons);
    connect(m_adopt, &QPushButton::clicked, this, [this] { choose(static_cast<int>(ReconDifference::Resolution::Adopted)); });
    connect(m_flatten, &QPushButton::clicked, this, [this] { choose(static_cast<int>(ReconDifference::Resolution::Flattened)); });
    connect(m_ignore, &QPushButton::clicked, this, [this] { choose(static_cast<int>(ReconDifference::Resolution::Ignored)); });
    connect(m_check, &QPushButton::clicked, this, [this] {
        if (m_controller)
            m_controller->reconcileNow();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ReconciliationPanel::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ReconciliationPanel::updateButtons);
    updateButtons();
}

void ReconciliationPanel::applySnapshot(const EngineSnapshot &s)
{
    m_model->setDifferences(s.differences);
    const int open = m_model->openCount();
    QStringList symbols;
    for (const ReconDifference &d : s.differences)
        if (d.blocksEntries() && !symbols.contains(d.symbol))
            symbols.append(d.symbol);
    const QString when = s.lastReconciled.isValid() ? s.lastReconciled.toLocalTime().toString(QStringLiteral("HH:mm:ss")) : tr("not yet");
    if (open == 0) {
        m_summary->setText(tr("The record and the broker agree (last compared %1). Compared at start, after every reconnect and every 5 minutes.")
                               .arg(when));
        m_summary->setStyleSheet(QString());
    } else {
        m_summary->setText(tr("%n open difference(s) with the broker (last compared %1). New entries in %2 wait for your choice.", nullptr, open)
                               .arg(when, symbols.isEmpty() ? tr("no symbol") : symbols.join(QStringLiteral(", "))));
        m_summary->setStyleSheet(QStringLiteral("QLabel { background: #fadbd8; color: #78281f; padding: 4px; font-weight: bold; }"));
    }
    updateButtons();
}

void ReconciliationPanel::updateButtons()
{
    const QModelIndexList rows = m_view->selectionModel() ? m_view->selectionModel()->selectedRows() : QModelIndexList();
    const ReconDifference *d = rows.isEmpty() ? nullptr : m_model->at(rows.first().row());
    const bool open = d && d->isOpen();
    m_adopt->setEnabled(open);
    m_flatten->setEnabled(open && d->kind != ReconDifference::Kind::OrderMissing && d->kind != ReconDifference::Kind::PositionGone);
    m_ignore->setEnabled(open);
}

void ReconciliationPanel::choose(int how)
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    const ReconDifference *d = rows.isEmpty() ? nullptr : m_model->at(rows.first().row());
    if (!d || !d->isOpen() || !m_controller)
        return;
    const auto resolution = static_cast<ReconDifference::Resolution>(how);
    const QString id = d->id;
    if (resolution != ReconDifference::Resolution::Flattened) {
        m_controller->resolveDifference(id, resolution);
        return;
    }
    const QString what = d->kind == ReconDifference::Kind::OrderExternal
                             ? tr("Cancel the external order for %1 (%2)? Sentinel did not place it.").arg(d->symbol, d->broker)
                             : tr("Sell the whole position in %1 that the broker holds (%2) at market?").arg(d->symbol, d->broker);
    // Asks without blocking; the default is Cancel.
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Flatten"), what, QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("flattenConfirm"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, id](int result) {
        if (result == QMessageBox::Yes && m_controller)
            m_controller->resolveDifference(id, ReconDifference::Resolution::Flattened);
    });
    box->open();
}
