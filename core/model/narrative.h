// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "modelprompt.h"

#include <QDate>
#include <QDateTime>

/// An audit narrative: the metrics code computed, the prose (a model's or the
/// offline narrator's), and every number in the prose checked against them.
struct AuditNarrative
{
    QString id;
    QDateTime at;          ///< UTC wall time
    int sessionIndex = 0;
    QDate session;
    QString kind;          ///< "iteration" or "daily"
    QString source;        ///< the model ("openai/gpt-4o-mini") or "offline"
    QString text;          ///< plain text
    QList<modelprompt::Metric> metrics;
    QList<modelprompt::Claim> claims;
    QString exchangeId;    ///< the model exchange that wrote it
    QString note;          ///< e.g. why the offline narrator stood in

    int flaggedClaims() const
    {
        int n = 0;
        for (const modelprompt::Claim &c : claims)
            n += c.matched ? 0 : 1;
        return n;
    }
    bool flagged() const { return flaggedClaims() > 0; }
};
