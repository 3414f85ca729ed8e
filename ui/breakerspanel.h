// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pipeline/enginesnapshot.h"

#include <QWidget>

class BreakersModel;
class EngineController;
class QLabel;
class QPushButton;
class QTableView;

/// Circuit breakers and the trading state: each breaker's state, why and
/// since when; a reset with confirmation; and the kill switch, which asks for
/// confirmation and offers to close every position.
class BreakersPanel : public QWidget
{
    Q_OBJECT
public:
    BreakersPanel(EngineController *controller, QWidget *parent = nullptr);
    void setSnapshot(const EngineSnapshot &snapshot);
    BreakersModel *model() const { return m_model; }
    void requestKillSwitch();
    void requestReset();

private:
    void updateButtons();

    EngineController *m_controller;
    BreakersModel *m_model;
    QTableView *m_view;
    QLabel *m_state;
    QPushButton *m_reset;
    QPushButton *m_kill;
};
