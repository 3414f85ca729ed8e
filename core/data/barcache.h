// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "barsource.h"

#include <QHash>

#include <functional>
#include <vector>

/// The completed bars the engine has received and recorded, per symbol, in
/// session order. The pipeline reads them as its BarSource; the venue only
/// ever adds to them through its market-data events.
class BarCache : public BarSource
{
public:
    using Fractionable = std::function<bool(const QString &)>;
    BarCache(QStringList symbols, Fractionable fractionable);

    /// Appends bars newer than what a symbol holds; older or repeated sessions are ignored.
    void add(const QList<Bar> &bars);
    QStringList symbols() const override { return m_symbols; }
    QList<Bar> recentBars(const QString &symbol, int count) const override;
    bool isFractionable(const QString &symbol) const override { return m_fractionable && m_fractionable(symbol); }
    /// The latest bar of `symbol`, or an empty bar.
    Bar lastBar(const QString &symbol) const;
    /// The latest session any symbol holds.
    QDate lastSession() const;

private:
    QStringList m_symbols;
    Fractionable m_fractionable;
    QHash<QString, std::vector<Bar>> m_bars;
};
