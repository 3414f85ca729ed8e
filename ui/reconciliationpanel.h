// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pipeline/enginesnapshot.h"

#include <QWidget>

class EngineController;
class QLabel;
class QPushButton;
class QTableView;
class ReconciliationModel;

/// Differences between Sentinel's record and the broker's positions and open
/// orders. For each open one the trader chooses: adopt the broker's state,
/// flatten (sell what the broker holds, or cancel an order Sentinel did not
/// place), or ignore. New entries in that symbol wait until then. Nothing is
/// cancelled or sold without the trader's click and a confirmation.
class ReconciliationPanel : public QWidget
{
    Q_OBJECT
public:
    ReconciliationPanel(EngineController *controller, QWidget *parent = nullptr);
    void applySnapshot(const EngineSnapshot &snapshot);
    ReconciliationModel *model() const { return m_model; }

private:
    void choose(int how);
    void updateButtons();

    EngineController *m_controller;
    ReconciliationModel *m_model;
    QTableView *m_view;
    QLabel *m_summary;
    QPushButton *m_adopt;
    QPushButton *m_flatten;
    QPushButton *m_ignore;
    QPushButton *m_check;
};
