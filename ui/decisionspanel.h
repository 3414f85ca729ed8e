// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pipeline/enginesnapshot.h"

#include <QWidget>

class DecisionStatsModel;
class EngineController;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QTableView;
class ShadowModel;
class StandingModel;

/// The Decisions view: the approval and veto rates, the time to decide and the
/// shadow P&L of vetoed and expired proposals, per strategy and per reason, with
/// what the vetoes saved or cost; the shadow positions themselves; and the
/// standing approvals, set and ended here.
class DecisionsPanel : public QWidget
{
    Q_OBJECT
public:
    DecisionsPanel(EngineController *controller, QWidget *parent = nullptr);
    void setSnapshot(const EngineSnapshot &snapshot);
    DecisionStatsModel *strategyModel() const { return m_byStrategy; }
    DecisionStatsModel *reasonModel() const { return m_byReason; }
    ShadowModel *shadowModel() const { return m_shadows; }
    StandingModel *standingModel() const { return m_standing; }
    QString summaryText() const;
    /// The standing approval as the form describes it (what Set sends).
    StandingApproval formRule() const;

private:
    void updateForm();
    void endSelected();

    EngineController *m_controller;
    DecisionStatsModel *m_byStrategy;
    DecisionStatsModel *m_byReason;
    ShadowModel *m_shadows;
    StandingModel *m_standing;
    QLabel *m_summary;
    QTableView *m_standingView;
    QComboBox *m_kind;
    QDoubleSpinBox *m_amount;
    QDoubleSpinBox *m_accuracy;
    QComboBox *m_duration;
    QPushButton *m_set;
    QPushButton *m_end;
};
