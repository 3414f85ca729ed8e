// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "decimal.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>

/// One difference between Sentinel's record and the broker's state, found by
/// reconciliation and journaled. It stays open until the trader (or, for a
/// difference that went away by itself, the system) resolves it.
struct ReconDifference
{
    enum class Kind {
        PositionGone,     ///< the record holds a position the broker no longer has
        PositionUnknown,  ///< the broker holds a position the record does not
        PositionMismatch, ///< both hold it, in different quantities
        OrderExternal,    ///< an open order Sentinel did not place
        OrderMissing,     ///< an order the record shows open that the broker does not
    };
    enum class Resolution { Open, Adopted, Flattened, Ignored, Cleared };

    QString id;
    QDateTime foundAt;
    QString trigger; ///< start, reconnect, periodic, manual
    Kind kind = Kind::PositionMismatch;
    QString symbol;
    QString orderId;  ///< order differences
    QString ours;     ///< what the record shows, as text
    QString broker;   ///< what the broker shows, as text
    Decimal ourQty;   ///< position differences (not persisted; parsed back from the text)
    Decimal brokerQty;
    QString detail;   ///< one sentence for the trader
    Resolution resolution = Resolution::Open;
    QString resolvedBy; ///< "trader", "system"
    QDateTime resolvedAt;

    bool isOpen() const { return resolution == Resolution::Open; }
    bool blocksEntries() const { return isOpen() && kind != Kind::OrderMissing; }
};
Q_DECLARE_METATYPE(ReconDifference)

QString textOf(ReconDifference::Kind k);
QString textOf(ReconDifference::Resolution r);
std::optional<ReconDifference::Kind> reconKindFromString(const QString &t);
std::optional<ReconDifference::Resolution> reconResolutionFromString(const QString &t);
