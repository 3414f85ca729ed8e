// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

/// `sentinel-cli run`: the live pipeline without a GUI, on Alpaca or the simulator.
int runRunCommand(const QStringList &arguments);
