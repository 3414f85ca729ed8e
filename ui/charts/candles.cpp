// SPDX-License-Identifier: GPL-3.0-or-later
#include "candles.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace candles {

QColor up()
{
    return {38, 166, 91};
}

QColor down()
{
    return {214, 69, 65};
}

void range(const QList<Bar> &bars, double &lo, double &hi)
{
    lo = 1e300;
    hi = -1e300;
    for (const Bar &b : bars) {
        lo = std::min(lo, b.low.toDouble());
        hi = std::max(hi, b.high.toDouble());
    }
}

void pad(double &lo, double &hi, double fraction)
{
    const double p = (hi - lo) * fraction + 1e-9;
    lo -= p;
    hi += p;
}

void paint(QPainter &p, const QRectF &area, const QList<Bar> &bars, double lo, double hi)
{
    if (bars.isEmpty())
        return;
    const double w = area.width() / bars.size();
    for (qsizetype i = 0; i < bars.size(); ++i) {
        const Bar &b = bars[i];
        const double o = b.open.toDouble(), c = b.close.toDouble();
        const double x = area.left() + (i + 0.5) * w;
        const QColor col = c >= o ? up() : down();
        p.setPen(col);
        p.drawLine(QPointF(x, yOf(area, b.high.toDouble(), lo, hi)), QPointF(x, yOf(area, b.low.toDouble(), lo, hi)));
        const double top = yOf(area, std::max(o, c), lo, hi);
        const QRectF body(x - w * 0.35, top, w * 0.7, std::max(1.0, std::abs(yOf(area, o, lo, hi) - yOf(area, c, lo, hi))));
        p.fillRect(body, col);
    }
}

void paintLevel(QPainter &p, const QRectF &area, double level, const QString &label, const QColor &color, double lo, double hi)
{
    p.setPen(QPen(color, 1, Qt::DashLine));
    const double ly = yOf(area, level, lo, hi);
    p.drawLine(QPointF(area.left(), ly), QPointF(area.right(), ly));
    p.drawText(QPointF(area.right() + 4, ly + p.fontMetrics().ascent() / 2.0), label);
}

} // namespace candles
