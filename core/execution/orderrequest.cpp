// SPDX-License-Identifier: GPL-3.0-or-later
#include "orderrequest.h"

#include <algorithm>

QString clientOrderIdFor(const QString &proposalId, OrderPurpose purpose, int generation)
{
    const char *tag = purpose == OrderPurpose::Entry ? "en" : purpose == OrderPurpose::Exit ? "ex" : "st";
    // Alpaca allows 48 characters; a proposal id is a prefix plus a 36-character UUID.
    const QString core = proposalId.section(QLatin1Char('_'), -1).left(44);
    if (generation <= 0)
        return QLatin1String(tag) + QLatin1Char('-') + core;
    // A replaced stop: "r" and the generation in base 36 (at most two digits) keep it
    // within 48, and no tag of another purpose starts with "r".
    return QLatin1Char('r') + QString::number(std::min(generation, 36 * 36 - 1), 36) + QLatin1Char('-') + core;
}
