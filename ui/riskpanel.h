// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pipeline/enginesnapshot.h"

#include <QWidget>

class QLabel;
class QProgressBar;

/// Live headroom under the main limits: gross exposure, daily-loss room,
/// drawdown, open positions and orders left today, with the trading state.
class RiskPanel : public QWidget
{
    Q_OBJECT
public:
    explicit RiskPanel(QWidget *parent = nullptr);
    void setSnapshot(const EngineSnapshot &snapshot);

private:
    QProgressBar *addRow(const QString &title, const QString &name, class QGridLayout *grid, int row, QLabel **detail);

    QLabel *m_state;
    QProgressBar *m_exposure;
    QProgressBar *m_dailyLoss;
    QProgressBar *m_drawdown;
    QProgressBar *m_positions;
    QProgressBar *m_orders;
    QLabel *m_exposureText;
    QLabel *m_dailyLossText;
    QLabel *m_drawdownText;
    QLabel *m_positionsText;
    QLabel *m_ordersText;
};
