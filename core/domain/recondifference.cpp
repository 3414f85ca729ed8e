// SPDX-License-Identifier: GPL-3.0-or-later
#include "recondifference.h"

#include <array>
#include <utility>

namespace {
constexpr std::array<std::pair<ReconDifference::Kind, const char *>, 5> kKinds{{
    {ReconDifference::Kind::PositionGone, "position_gone"},
    {ReconDifference::Kind::PositionUnknown, "position_unknown"},
    {ReconDifference::Kind::PositionMismatch, "position_mismatch"},
    {ReconDifference::Kind::OrderExternal, "order_external"},
    {ReconDifference::Kind::OrderMissing, "order_missing"},
}};
constexpr std::array<std::pair<ReconDifference::Resolution, const char *>, 5> kResolutions{{
    {ReconDifference::Resolution::Open, ""},
    {ReconDifference::Resolution::Adopted, "adopted"},
    {ReconDifference::Resolution::Flattened, "flattened"},
    {ReconDifference::Resolution::Ignored, "ignored"},
    {ReconDifference::Resolution::Cleared, "cleared"},
}};
} // namespace

QString textOf(ReconDifference::Kind k)
{
    for (const auto &[e, n] : kKinds)
        if (e == k)
            return QString::fromLatin1(n);
    return QStringLiteral("?");
}

QString textOf(ReconDifference::Resolution r)
{
    for (const auto &[e, n] : kResolutions)
        if (e == r)
            return QString::fromLatin1(n);
    return QStringLiteral("?");
}

std::optional<ReconDifference::Kind> reconKindFromString(const QString &t)
{
    for (const auto &[e, n] : kKinds)
        if (t == QLatin1String(n))
            return e;
    return std::nullopt;
}

std::optional<ReconDifference::Resolution> reconResolutionFromString(const QString &t)
{
    for (const auto &[e, n] : kResolutions)
        if (t == QLatin1String(n))
            return e;
    return std::nullopt;
}
