// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

/// `sentinel-cli backtest`: runs a strategy over a folder of CSV bars with the
/// simulated broker and (unless --risk off) the risk engine. Returns 0, or 2
/// for bad arguments or an unreadable folder; bad rows are reported and skipped.
int runBacktestCommand(const QStringList &arguments);
