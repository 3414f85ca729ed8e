// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDate>
#include <QDateTime>
#include <QMetaType>

/// The venue's clock as last reported: the time, whether the market is open,
/// the session in progress (or the next one), and the last completed session.
struct VenueClock
{
    QDateTime now;              ///< UTC
    bool open = false;
    QDate session;              ///< the session in progress, or the next one while closed
    QDate lastCompletedSession; ///< invalid before the first
};
Q_DECLARE_METATYPE(VenueClock)

/// What the venue knows of a tradable asset.
struct AssetFacts
{
    bool known = false;
    bool tradable = false;
    bool fractionable = false;
};
