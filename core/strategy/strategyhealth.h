// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <deque>

/// Rolling directional accuracy of each strategy's last 20 signals (SPEC §5).
/// The engine scores the first signal of each run per symbol, five sessions
/// later: a BUY was right if the close rose, a SELL if it fell. With 20 signals
/// scored and fewer than 40 % right, the strategy is suspended for new entries
/// until the operator re-enables it (which starts a fresh window).
class StrategyHealth
{
public:
    struct Row
    {
        QString strategy;
        int scored = 0;
        double accuracy = 0.0;
        bool suspended = false;
    };
    static constexpr int kWindow = 20;
    static constexpr double kMinAccuracy = 0.40;

    /// Records whether one signal of `strategy` was right; returns true when this suspends it.
    bool record(const QString &strategy, bool right);
    void reenable(const QString &strategy);
    bool isSuspended(const QString &strategy) const { return m_suspended.contains(strategy); }
    QSet<QString> suspended() const { return m_suspended; }
    QList<Row> rows() const;

    /// "1011…" per strategy, oldest first, for storage.
    QString outcomes(const QString &strategy) const;
    void restore(const QString &strategy, const QString &outcomes, bool suspended);

private:
    QHash<QString, std::deque<bool>> m_outcomes;
    QSet<QString> m_suspended;
};
