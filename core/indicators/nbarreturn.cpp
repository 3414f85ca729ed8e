// SPDX-License-Identifier: GPL-3.0-or-later
#include "nbarreturn.h"

#include <algorithm>

NBarReturn::NBarReturn(int n)
    : m_n(std::max(1, n))
{
}

void NBarReturn::add(double close)
{
    m_closes.push_back(close);
    if (static_cast<int>(m_closes.size()) > m_n + 1)
        m_closes.pop_front();
}

double NBarReturn::value() const
{
    if (!ready() || m_closes.front() == 0.0)
        return 0.0;
    return m_closes.back() / m_closes.front() - 1.0;
}
