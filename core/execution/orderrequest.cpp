// SPDX-License-Identifier: GPL-3.0-or-later
#include "orderrequest.h"

QString clientOrderIdFor(const QString &proposalId, OrderPurpose purpose)
{
    const char *tag = purpose == OrderPurpose::Entry ? "en" : purpose == OrderPurpose::Exit ? "ex" : "st";
    // Alpaca allows 48 characters; a proposal id is a prefix plus a 36-character UUID.
    const QString core = proposalId.section(QLatin1Char('_'), -1).left(44);
    return QLatin1String(tag) + QLatin1Char('-') + core;
}
