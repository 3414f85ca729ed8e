// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class EngineController;
class OrdersModel;
class QPushButton;
class QTableView;

/// The orders blotter: the recent orders, Cancel for the selected open order and
/// Cancel all for every entry order (open at the broker or held). Both ask first,
/// with Keep as the default; cancelling a protective stop says that its position is
/// left without one. Entries' cancel-all keeps the stops.
class OrdersPanel : public QWidget
{
    Q_OBJECT
public:
    OrdersPanel(EngineController *controller, OrdersModel *model, QWidget *parent = nullptr);
    void requestCancel();
    void requestCancelAll();

private:
    void updateButtons();

    EngineController *m_controller;
    OrdersModel *m_model;
    QTableView *m_view;
    QPushButton *m_cancel;
    QPushButton *m_cancelAll;
};
