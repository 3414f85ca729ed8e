// SPDX-License-Identifier: GPL-3.0-or-later
#include "orderintent.h"

#include <array>
#include <utility>

namespace {
using S = OrderIntent::State;
constexpr std::array<std::pair<S, const char *>, 11> kStates{{{S::Held, "held"},
                                                              {S::Ready, "ready"},
                                                              {S::Submitted, "submitted"},
                                                              {S::Acknowledged, "acknowledged"},
                                                              {S::PartiallyFilled, "partially_filled"},
                                                              {S::Filled, "filled"},
                                                              {S::Canceled, "canceled"},
                                                              {S::Expired, "expired"},
                                                              {S::Replaced, "replaced"},
                                                              {S::Rejected, "rejected"},
                                                              {S::Unknown, "unknown"}}};
} // namespace

QString textOf(OrderIntent::State s)
{
    for (const auto &[v, t] : kStates)
        if (v == s)
            return QLatin1String(t);
    return QStringLiteral("unknown");
}

std::optional<OrderIntent::State> intentStateFromString(const QString &text)
{
    for (const auto &[v, t] : kStates)
        if (text == QLatin1String(t))
            return v;
    return std::nullopt;
}

OrderIntent::State intentStateFor(OrderStatus status)
{
    switch (status) {
    case OrderStatus::New:
    case OrderStatus::Accepted:
        return S::Acknowledged;
    case OrderStatus::PartiallyFilled:
        return S::PartiallyFilled;
    case OrderStatus::Filled:
        return S::Filled;
    case OrderStatus::Canceled:
        return S::Canceled;
    case OrderStatus::Expired:
        return S::Expired;
    case OrderStatus::Replaced:
        return S::Replaced;
    case OrderStatus::Rejected:
        return S::Rejected;
    }
    return S::Unknown;
}
