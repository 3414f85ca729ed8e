// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/decimal.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

#include <array>

/// Every risk limit of SPEC §4 and §4.1 with its default. Fractions are exact
/// decimals: 0.05 means 5 %. Only code and the operator's settings set these;
/// nothing a model says can. Keys in JSON are snake_case (see `keys()`).
struct RiskConfig
{
    double minConfidence = 0.30;
    Decimal riskPerTrade = Decimal::fromRaw(20'000'000);        ///< 2 % of equity at risk per trade
    Decimal atrStopMultiple = Decimal::fromRaw(1'500'000'000);  ///< stop distance = 1.5 × ATR14
    Decimal perPositionCap = Decimal::fromRaw(50'000'000);      ///< 5 % of equity per position
    Decimal perSymbolBudget = Decimal::fromRaw(200'000'000);    ///< 20 % of cycle-start equity per symbol
    Decimal grossExposureCap = Decimal::fromInt(1);             ///< 100 % of equity, no leverage
    int maxOpenPositions = 10;
    Decimal dailyLossLimit = Decimal::fromRaw(50'000'000);      ///< −5 % vs start-of-session equity
    Decimal maxSharesPerOrder = Decimal::fromInt(1000);
    Decimal maxOrderNotional = Decimal::fromRaw(250'000'000);   ///< 25 % of equity per order
    int maxOrdersPerDay = 10;
    int cooldownSessions = 1;
    bool fractionalEnabled = true;
    Decimal minNotional = Decimal::fromInt(10);
    int fractionalPlaces = 6;
    bool tiersEnabled = false;
    std::array<Decimal, 3> tierAllocation{Decimal::fromRaw(400'000'000), Decimal::fromRaw(300'000'000), Decimal::fromRaw(300'000'000)};
    std::array<Decimal, 3> tierSymbolCap{Decimal::fromRaw(100'000'000), Decimal::fromRaw(60'000'000), Decimal::fromRaw(15'000'000)};
    QHash<QString, int> tierOf;                                 ///< symbol → tier 1..3; unlisted symbols are tier 3
    bool regimeEnabled = false;
    double maxQuoteAgeSeconds = 10.0;
    int maxBarSessionsBehind = 0;                               ///< 0: the last bar is the latest completed session
    Decimal priceDriftResize = Decimal::fromRaw(20'000'000);    ///< 2 %: re-size at the new price
    Decimal priceDriftReject = Decimal::fromRaw(50'000'000);    ///< over 5 %: reject
    int maxSubmitsPerMinute = 30;
    bool entriesWhenModelBreakerOpen = false;
    // Circuit breakers (SPEC §4.1).
    int modelFailuresToTrip = 5;
    int modelProbesToClose = 3;
    int breakerCooldownSeconds = 300;
    Decimal dataQualityMin = Decimal::fromRaw(800'000'000);     ///< 80 % of requested symbols valid
    int dataBadIterationsToTrip = 5;
    int dataGoodIterationsToClose = 3;
    Decimal equityDrawdownLimit = Decimal::fromRaw(100'000'000);///< 10 % below the high-water mark
    int brokerFailuresToTrip = 5;

    int tierFor(const QString &symbol) const { return tierOf.value(symbol, 3); }

    /// Applies a JSON object of snake_case keys on top of `base`. Every key that is
    /// unknown, of the wrong type or out of range is reported in `problems` and
    /// leaves its value unchanged.
    static RiskConfig fromJson(const QByteArray &json, QStringList &problems, RiskConfig base);
    static RiskConfig fromJson(const QByteArray &json, QStringList &problems);
    /// The accepted keys with their meaning, for the README and `--help`.
    static QStringList keys();
};
