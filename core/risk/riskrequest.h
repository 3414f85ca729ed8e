// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/account.h"
#include "domain/decimal.h"
#include "domain/enums.h"

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

#include <array>
#include <limits>
#include <optional>

/// What is asked of the risk engine: one order for one symbol. Everything here
/// may come from a model or a file and is treated as untrusted input.
struct RiskRequest
{
    QString symbol;
    Side side = Side::Buy;
    Decimal price;          ///< reference price (the current price at approval)
    double confidence = 0.0;
    double atr = 0.0;       ///< ATR14; 0 or NaN when unavailable
    Decimal requestedQty;   ///< zero: the engine sizes the order itself
    Decimal stopPrice;      ///< used for the stop distance when no ATR is given
    QString strategy;       ///< the coded strategy behind the order, if any
};

/// The account and the desk's state as the engine sees them at the moment of
/// the check. Built by code from the broker, the store and the guard.
struct RiskContext
{
    Account account;                        ///< lastEquity is the start-of-session equity
    QHash<QString, Decimal> positionQty;    ///< held quantity per symbol (long only)
    QHash<QString, Decimal> positionValue;  ///< marked value per symbol
    Decimal grossExposure;                  ///< Σ position values
    bool fractionable = true;               ///< whether the request's symbol trades in fractions

    TradingState state = TradingState::Active;
    QStringList entryBlockers;              ///< open breakers that stop entries, with why
    QSet<QString> suspendedStrategies;      ///< strategies suspended for poor accuracy
    Decimal budgetBaseEquity;               ///< equity at the start of the cycle; zero → account equity
    QHash<QString, Decimal> committed;      ///< per symbol: cost of the position plus reservations
    QHash<QString, Decimal> reserved;       ///< per symbol: approved entries not yet filled (also in committed and positionValue)
    std::array<Decimal, 3> tierCommitted{}; ///< per tier: committed capital
    int ordersToday = 0;                    ///< entry orders submitted this session
    int sessionIndex = 0;
    QHash<QString, int> lastExitSession;    ///< per symbol: session index of the last exit
    QSet<QString> pendingEntries;           ///< symbols with a pending buy proposal (others than this one)
    QSet<QString> openEntryOrders;          ///< symbols with a working buy order
    bool freshnessKnown = false;
    int barSessionsBehind = 0;              ///< the last bar's lag behind the latest completed session
    double quoteAgeSeconds = 0.0;
    double regimeScalar = 1.0;              ///< 0..1 from the benchmark vs its SMA200
    bool atApproval = false;
    Decimal proposalPrice;                  ///< the price when proposed (for the drift rule)
    bool marketKnown = false;
    bool marketOpen = true;
    int submitsLastMinute = 0;
    /// false: the outcome only (kind, quantities, binding rule), without the summary,
    /// the notes or the per-rule rows (for backtests); every rule still runs, and the
    /// outcome is the same (tst_riskengine::theOutcomeIsTheSameWithoutExplanations).
    bool explain = true;

    /// The request's symbol, resolved once by a caller that keeps its own books
    /// (the backtester keeps arrays, not hashes). When `facts` names the symbol
    /// asked about, the accessors below read it instead of the hashes; the rules
    /// and their outcomes are the same either way (tst_riskengine checks both).
    struct SymbolFacts
    {
        QString symbol;
        Decimal held, value, committed, reserved;
        int lastExitSession = std::numeric_limits<int>::min(); ///< min(): never exited
        bool pendingEntry = false, workingEntry = false;
    };
    const SymbolFacts *facts = nullptr;
    int openPositionCount = -1; ///< ≥ 0: kept by the caller; −1: counted from the hashes

    Decimal heldQty(const QString &symbol) const { return known(symbol) ? facts->held : positionQty.value(symbol); }
    Decimal valueOf(const QString &symbol) const { return known(symbol) ? facts->value : positionValue.value(symbol); }
    Decimal committedOf(const QString &symbol) const { return known(symbol) ? facts->committed : committed.value(symbol); }
    Decimal reservedOf(const QString &symbol) const { return known(symbol) ? facts->reserved : reserved.value(symbol); }
    std::optional<int> lastExitOf(const QString &symbol) const
    {
        if (known(symbol))
            return facts->lastExitSession == std::numeric_limits<int>::min() ? std::nullopt : std::optional<int>(facts->lastExitSession);
        const auto it = lastExitSession.constFind(symbol);
        return it == lastExitSession.cend() ? std::nullopt : std::optional<int>(it.value());
    }
    bool hasPendingEntry(const QString &symbol) const { return known(symbol) ? facts->pendingEntry : pendingEntries.contains(symbol); }
    bool hasWorkingEntry(const QString &symbol) const { return known(symbol) ? facts->workingEntry : openEntryOrders.contains(symbol); }
    /// Positions held, plus symbols with an approved entry still to fill.
    int openPositions() const
    {
        if (openPositionCount >= 0)
            return openPositionCount;
        int n = 0;
        for (auto it = positionQty.cbegin(); it != positionQty.cend(); ++it)
            n += it.value().isZero() ? 0 : 1;
        for (auto it = reserved.cbegin(); it != reserved.cend(); ++it)
            n += it.value().isPositive() && positionQty.value(it.key()).isZero() ? 1 : 0;
        return n;
    }
    bool isOpenPosition(const QString &symbol) const { return !heldQty(symbol).isZero() || reservedOf(symbol).isPositive(); }

private:
    bool known(const QString &symbol) const { return facts && facts->symbol == symbol; }
};
