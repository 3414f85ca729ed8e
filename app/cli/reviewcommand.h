// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

/// `sentinel-cli review --db X [--from D] [--to D] [--symbol S] [--strategy N]
/// [--outcome win|loss|flat|open] [--approval trader|automatic] [--trades-out FILE]
/// [--report-pdf FILE] [--json]`: the record's trades, read-only and offline: a
/// summary, the filtered trades as CSV and a printable report.
/// Exit 0 done, 1 failed (with why), 2 bad arguments.
int runReviewCommand(const QStringList &arguments);
