// SPDX-License-Identifier: GPL-3.0-or-later
#include "iterationsummary.h"

QList<StageTiming> IterationSummary::stages() const
{
    const QString dataOutcome = QStringLiteral("%1/%2 symbols valid").arg(symbolsValid).arg(symbolsRequested);
    return {
        {QStringLiteral("Data"), dataMs, dataOutcome, startedAt},
        {QStringLiteral("Strategy"), strategyMs, QStringLiteral("%1 signals from %2 symbols").arg(signals).arg(symbolsValid), startedAt},
        {QStringLiteral("Quant"), quantMs, QStringLiteral("%1 signals scored").arg(signals), startedAt},
        {QStringLiteral("Risk"), riskMs, QStringLiteral("%1 new proposals").arg(proposals), startedAt},
        {QStringLiteral("Record"), recordMs, status == QLatin1String("ok") ? QStringLiteral("written") : error, startedAt},
    };
}
