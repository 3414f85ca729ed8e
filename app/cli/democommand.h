// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

/// `sentinel-cli demo`: the demo pipeline without a GUI. Prints one JSON
/// object; returns the process exit code (2 for bad arguments).
int runDemoCommand(const QStringList &arguments);
