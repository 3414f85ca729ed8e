// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/desk.h"
#include "snapshottablemodel.h"

/// The Decisions view's figures, a row per strategy or per veto reason.
class DecisionStatsModel : public SnapshotTableModel
{
    Q_OBJECT
public:
    enum Column { Group, Decided, Approved, Vetoed, Expired, Automatic, MedianDecide, Shadows, ShadowPnl, Verdict, ColumnCount };
    /// `reasons`: the rows are veto reasons (approval columns are left empty).
    explicit DecisionStatsModel(bool reasons, QObject *parent = nullptr) : SnapshotTableModel(parent), m_reasons(reasons) {}
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    void setRows(const QList<DecisionStatsRow> &rows);
    const DecisionStatsRow *rowAt(int row) const { return row >= 0 && row < m_rows.size() ? &m_rows[row] : nullptr; }

protected:
    QStringList headers() const override;

private:
    bool m_reasons;
    QList<DecisionStatsRow> m_rows;
};

/// The shadow positions of vetoed and expired proposals.
class ShadowModel : public SnapshotTableModel
{
    Q_OBJECT
public:
    enum Column { Symbol, Strategy, Cause, Qty, Entry, Stop, Price, ExitRule, Pnl, ColumnCount };
    using SnapshotTableModel::SnapshotTableModel;
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    void setShadows(const QList<ShadowPosition> &shadows);

protected:
    QStringList headers() const override;

private:
    QList<ShadowPosition> m_rows;
};

/// The standing approvals: those standing, then the ended ones.
class StandingModel : public SnapshotTableModel
{
    Q_OBJECT
public:
    enum Column { Id, Rule, SetBy, Since, Until, State, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1, ActiveRole };
    using SnapshotTableModel::SnapshotTableModel;
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    void setRules(const QList<StandingApproval> &rules);

protected:
    QStringList headers() const override;

private:
    QList<StandingApproval> m_rows;
};
