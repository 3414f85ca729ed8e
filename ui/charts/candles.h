// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/bar.h"

#include <QColor>
#include <QList>
#include <QRectF>

class QPainter;

/// Candle painting shared by the ticket's chart and the price chart dock.
namespace candles {
QColor up();
QColor down();
/// The lowest low and highest high of `bars` (lo > hi when there are none).
void range(const QList<Bar> &bars, double &lo, double &hi);
/// Widens [lo, hi] by `fraction` of its height on each side.
void pad(double &lo, double &hi, double fraction = 0.05);
/// Candles across `area`, one slot each, priced from `lo` (bottom) to `hi` (top).
void paint(QPainter &p, const QRectF &area, const QList<Bar> &bars, double lo, double hi);
/// A dashed level across `area` (entry, stop, target), labelled at its right.
void paintLevel(QPainter &p, const QRectF &area, double level, const QString &label, const QColor &color, double lo, double hi);
/// The y of `price` in `area` for the range [lo, hi].
inline double yOf(const QRectF &area, double price, double lo, double hi)
{
    return area.bottom() - (price - lo) / (hi - lo) * area.height();
}
} // namespace candles
