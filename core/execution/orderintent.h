// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "orderrequest.h"

#include <QDateTime>
#include <QString>

#include <optional>

/// One order Sentinel means to have at the broker, journaled before it is
/// sent. Its state follows the order lifecycle:
///
///   held ─▶ ready ─▶ submitted ─▶ acknowledged ─▶ partially_filled ─▶ filled
///                        │                   └──▶ canceled / expired / replaced / rejected
///                        └──▶ unknown (no answer) ─▶ looked up by client order id
///
/// `held` waits for the open or the order rate; `ready` is journaled and not
/// yet sent; `unknown` is resolved by a look-up, never by a blind resubmit.
struct OrderIntent
{
    enum class State { Held, Ready, Submitted, Acknowledged, PartiallyFilled, Filled, Canceled, Expired, Replaced, Rejected, Unknown };

    qint64 seq = 0; ///< journal order
    OrderRequest request;
    State state = State::Ready;
    QString replaces;      ///< the open order this one replaces (a raised stop), if any
    QString brokerOrderId;
    QString source;        ///< what produced it: approval, standing_approval, protective_stop, stop_raise, kill_switch
    QString reason;        ///< why it is held, or how it ended
    QDateTime createdAt;

    bool isFinal() const
    {
        return state == State::Filled || state == State::Canceled || state == State::Expired || state == State::Replaced
               || state == State::Rejected;
    }
};

QString textOf(OrderIntent::State s);
std::optional<OrderIntent::State> intentStateFromString(const QString &text);
/// The intent state that follows from the broker's order status.
OrderIntent::State intentStateFor(OrderStatus status);
