// SPDX-License-Identifier: GPL-3.0-or-later
// The entry points the fuzzers drive, shared with the regression test that
// replays every input a fuzzer ever found (tests/fuzz/regressions/).
#pragma once

#include "backtest/bartable.h"
#include "risk/riskcheckinput.h"
#include "risk/riskconfig.h"
#include "settings/appsettings.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

namespace fuzz {

/// One CSV file's bytes through the bar parser.
inline void csv(const std::uint8_t *data, std::size_t size)
{
    BarTable t;
    t.setLatestDay(BarTable::dayNumber(QDate(2026, 12, 3)));
    const BarTable::Series s = t.parse(QByteArray::fromRawData(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size)),
                                       QStringLiteral("fuzz.csv"), QStringLiteral("FUZZ"));
    // What it keeps is valid: dates strictly increase and high ≥ low.
    for (std::size_t i = 0; i < s.size(); ++i)
        if ((i > 0 && s.day[i] <= s.day[i - 1]) || s.high[i] < s.low[i])
            __builtin_trap();
}

/// Risk-check's three payloads, split from one input at two NUL bytes.
inline void riskCheck(const std::uint8_t *data, std::size_t size)
{
    const QByteArray all = QByteArray::fromRawData(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const qsizetype a = all.indexOf('\0');
    const qsizetype b = a < 0 ? -1 : all.indexOf('\0', a + 1);
    RiskCheckFiles files;
    files.account = a < 0 ? all : all.left(a);
    files.positions = a < 0 ? QByteArray("[]") : all.mid(a + 1, b < 0 ? -1 : b - a - 1);
    files.proposals = b < 0 ? QByteArray("[]") : all.mid(b + 1);
    const Result<RiskCheckInput> in = parseRiskCheckInput(files, RiskConfig());
    if (!in)
        return;
    // Every symbol that got through is a valid one.
    for (const RiskRequest &r : in.value().requests)
        if (r.symbol.isEmpty() || r.symbol.size() > 15 || r.symbol != r.symbol.toUpper())
            __builtin_trap();
}

/// The settings file reader and the risk parameters in it.
inline void settings(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const AppSettings s = AppSettings::fromJson(bytes);
    QStringList problems;
    const RiskConfig c = RiskConfig::fromJson(bytes, problems);
    // Whatever the file says, the limits stay in their documented ranges.
    if (c.perPositionCap.isNegative() || c.perPositionCap > Decimal::fromInt(1) || s.proposalTtlSessions < 1)
        __builtin_trap();
}

} // namespace fuzz
