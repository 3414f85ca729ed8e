// SPDX-License-Identifier: GPL-3.0-or-later
#include "strategyhealth.h"

#include <algorithm>

bool StrategyHealth::record(const QString &strategy, bool right)
{
    std::deque<bool> &d = m_outcomes[strategy];
    d.push_back(right);
    while (static_cast<int>(d.size()) > kWindow)
        d.pop_front();
    if (static_cast<int>(d.size()) < kWindow || m_suspended.contains(strategy))
        return false;
    const auto hits = std::count(d.begin(), d.end(), true);
    if (static_cast<double>(hits) / kWindow < kMinAccuracy) {
        m_suspended.insert(strategy);
        return true;
    }
    return false;
}

void StrategyHealth::reenable(const QString &strategy)
{
    m_suspended.remove(strategy);
    m_outcomes.remove(strategy);
}

QList<StrategyHealth::Row> StrategyHealth::rows() const
{
    QList<Row> out;
    QStringList names = m_outcomes.keys();
    for (const QString &s : m_suspended)
        if (!names.contains(s))
            names.append(s);
    names.sort();
    for (const QString &name : names) {
        const std::deque<bool> d = m_outcomes.value(name);
        const auto hits = std::count(d.begin(), d.end(), true);
        out.append({name, static_cast<int>(d.size()), d.empty() ? 0.0 : static_cast<double>(hits) / static_cast<double>(d.size()),
                    m_suspended.contains(name)});
    }
    return out;
}

QString StrategyHealth::outcomes(const QString &strategy) const
{
    QString s;
    for (bool b : m_outcomes.value(strategy))
        s += b ? QLatin1Char('1') : QLatin1Char('0');
    return s;
}

void StrategyHealth::restore(const QString &strategy, const QString &outcomes, bool suspended)
{
    std::deque<bool> d;
    for (QChar c : outcomes)
        d.push_back(c == QLatin1Char('1'));
    m_outcomes.insert(strategy, d);
    if (suspended)
        m_suspended.insert(strategy);
}
