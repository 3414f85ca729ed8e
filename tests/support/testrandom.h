// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>

/// A seeded xorshift64 generator for property tests: the same seed, the same sequence.
class TestRandom
{
public:
    explicit TestRandom(std::uint64_t seed) : m_x(seed) {}
    /// A number in [0, n).
    std::uint64_t operator()(std::uint64_t n)
    {
        m_x ^= m_x << 13;
        m_x ^= m_x >> 7;
        m_x ^= m_x << 17;
        return m_x % n;
    }

private:
    std::uint64_t m_x;
};
