// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

/// How long one pipeline stage took and how it ended.
struct StageTiming
{
    QString stage;
    double ms = 0.0;
    QString outcome;
    QDateTime at;
};

/// One pipeline iteration: its correlation id, per-stage timings and counts.
struct IterationSummary
{
    QString correlationId;
    int sessionIndex = 0;
    QDate session;
    QDateTime startedAt;
    QString status = QStringLiteral("ok");
    QString error;
    int symbolsRequested = 0;
    int symbolsValid = 0;
    int signals = 0;
    int proposals = 0;
    double dataMs = 0.0;
    double strategyMs = 0.0;
    double quantMs = 0.0;
    double riskMs = 0.0;
    double recordMs = 0.0;
    double totalMs = 0.0;
    QStringList issues;
    QList<StageTiming> stages() const;
};
Q_DECLARE_METATYPE(StageTiming)
Q_DECLARE_METATYPE(IterationSummary)
