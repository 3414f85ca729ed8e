// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "riskconfig.h"
#include "riskrequest.h"
#include "util/result.h"

#include <QByteArray>
#include <QList>
#include <QString>

/// The three payloads risk-check decides on: an Alpaca account object, an array
/// of Alpaca positions and an array of proposals, with the names (file paths)
/// errors are reported under.
struct RiskCheckFiles
{
    /// Documented input limits: each payload at most 8 MiB, at most 10,000
    /// positions or proposals, text fields at most 200 characters.
    static constexpr qint64 kMaxBytes = 8 * 1024 * 1024;
    static constexpr std::size_t kMaxItems = 10'000;
    static constexpr std::size_t kMaxTextLength = 200;

    QByteArray account, positions, proposals;
    QString accountName = QStringLiteral("account"), positionsName = QStringLiteral("positions"),
            proposalsName = QStringLiteral("proposals");
};

/// The risk context the account and positions describe, and the requests the
/// proposals make. Symbols are normalised (SPEC §2.1) and refused when invalid;
/// numbers are read from their exact digits. The first problem is the failure,
/// naming the payload, the item and the field, quoting at most 80 characters.
struct RiskCheckInput
{
    RiskContext context;
    QList<RiskRequest> requests;
};
Result<RiskCheckInput> parseRiskCheckInput(const RiskCheckFiles &files, const RiskConfig &config);
