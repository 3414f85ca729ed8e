// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

/// `sentinel-cli journal verify --db PATH [--json]`: checks the hash chain and
/// every record it covers. Exit 0 intact, 1 broken (naming the first break),
/// 2 bad arguments or a file that cannot be read.
int runJournalCommand(const QStringList &arguments);
