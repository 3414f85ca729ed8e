// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

/// `sentinel-cli backup --db X --to Y`: a consistent copy of a record, also while
/// Sentinel runs on it. Exit 0 done, 1 failed (with why), 2 bad arguments.
int runBackupCommand(const QStringList &arguments);
