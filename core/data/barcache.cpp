// SPDX-License-Identifier: GPL-3.0-or-later
#include "barcache.h"

BarCache::BarCache(QStringList symbols, Fractionable fractionable)
    : m_symbols(std::move(symbols))
    , m_fractionable(std::move(fractionable))
{
}

void BarCache::add(const QList<Bar> &bars)
{
    for (const Bar &b : bars) {
        std::vector<Bar> &v = m_bars[b.symbol];
        if (v.empty() || v.back().session < b.session)
            v.push_back(b);
    }
}

QList<Bar> BarCache::recentBars(const QString &symbol, int count) const
{
    const auto it = m_bars.constFind(symbol);
    if (it == m_bars.cend() || count <= 0)
        return {};
    const std::vector<Bar> &v = *it;
    const std::size_t first = v.size() > static_cast<std::size_t>(count) ? v.size() - static_cast<std::size_t>(count) : 0;
    QList<Bar> out;
    out.reserve(static_cast<qsizetype>(v.size() - first));
    for (std::size_t i = first; i < v.size(); ++i)
        out.append(v[i]);
    return out;
}

Bar BarCache::lastBar(const QString &symbol) const
{
    const auto it = m_bars.constFind(symbol);
    return it == m_bars.cend() || it->empty() ? Bar{} : it->back();
}

QDate BarCache::lastSession() const
{
    QDate last;
    for (const std::vector<Bar> &v : m_bars)
        if (!v.empty() && (!last.isValid() || v.back().session > last))
            last = v.back().session;
    return last;
}
