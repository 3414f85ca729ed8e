// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pipeline/enginesnapshot.h"

#include <QWidget>

class EngineController;
class QPushButton;
class QTableView;
class StrategyHealthModel;

/// Strategy health: each strategy's accuracy over its last 20 scored signals,
/// suspended ones flagged, and a re-enable button that asks for confirmation.
class StrategyHealthPanel : public QWidget
{
    Q_OBJECT
public:
    StrategyHealthPanel(EngineController *controller, QWidget *parent = nullptr);
    void setSnapshot(const EngineSnapshot &snapshot);
    StrategyHealthModel *model() const { return m_model; }

private:
    void updateButton();
    void requestReenable();

    EngineController *m_controller;
    StrategyHealthModel *m_model;
    QTableView *m_view;
    QPushButton *m_reenable;
};
