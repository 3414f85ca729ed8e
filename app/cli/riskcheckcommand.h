// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

/// `sentinel-cli risk-check`: decides proposals from files against an account
/// and positions in Alpaca's JSON shapes and prints the verdicts as JSON.
/// Returns 0, or 2 for bad arguments or files (the message names file and field).
int runRiskCheckCommand(const QStringList &arguments);
