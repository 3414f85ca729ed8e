// SPDX-License-Identifier: GPL-3.0-or-later
#include "pricechart.h"

#include "candles.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace {

const QColor kLineColors[] = {QColor(0x2e, 0x86, 0xc1), QColor(0xe6, 0x7e, 0x22), QColor(0x8e, 0x44, 0xad), QColor(0x16, 0xa0, 0x85)};

} // namespace

PriceChart::PriceChart(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("priceChart"));
}

void PriceChart::setData(const PriceChartData &data)
{
    m_data = data;
    update();
}

QString PriceChart::caption() const
{
    if (m_data.symbol.isEmpty())
        return tr("Select a proposal, a position or an order to chart its symbol.");
    QStringList names;
    for (const ChartLine &l : m_data.lines)
        names.append(l.name);
    QString text = m_data.symbol;
    if (m_data.strategy.isEmpty())
        text += tr(" · no strategy has proposed it yet");
    else
        text += QStringLiteral(" · %1").arg(m_data.strategy) + (names.isEmpty() ? tr(" (reads returns or an oscillator: no price lines)")
                                                                                : QStringLiteral(": %1").arg(names.join(QStringLiteral(", "))));
    return text;
}

void PriceChart::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    p.fillRect(rect(), pal.base());
    const QFontMetrics fm = p.fontMetrics();
    p.setPen(pal.color(QPalette::Text));
    p.drawText(QRectF(6, 2, width() - 12, fm.height() + 2), Qt::AlignLeft | Qt::AlignVCenter,
               fm.elidedText(caption(), Qt::ElideRight, width() - 12));
    const QList<Bar> &bars = m_data.bars;
    if (bars.isEmpty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, m_data.symbol.isEmpty() ? tr("No symbol selected") : tr("No bars yet"));
        return;
    }
    double lo = 0, hi = 0;
    candles::range(bars, lo, hi);
    for (const ChartLine &l : m_data.lines)
        for (double v : l.values)
            if (std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
    for (Decimal level : {m_data.stop, m_data.target})
        if (level.isPositive()) {
            lo = std::min(lo, level.toDouble());
            hi = std::max(hi, level.toDouble());
        }
    candles::pad(lo, hi);
    const int right = fm.horizontalAdvance(QStringLiteral("target 00000.00")) + 6;
    const double top = fm.height() + 6;
    const double volumeHeight = std::max(20.0, (height() - top) * 0.18);
    const QRectF area(6, top, width() - right - 12, height() - top - volumeHeight - 10);
    const QRectF volumeArea(area.left(), area.bottom() + 6, area.width(), volumeHeight);
    const double slot = area.width() / bars.size();
    const auto x = [&](qsizetype i) { return area.left() + (i + 0.5) * slot; };

    // The price scale: the high and low at the right.
    p.setPen(pal.color(QPalette::PlaceholderText));
    p.drawText(QPointF(area.right() + 4, area.top() + fm.ascent()), QString::number(hi, 'f', 2));
    p.drawText(QPointF(area.right() + 4, area.bottom()), QString::number(lo, 'f', 2));

    // Volume.
    double maxVolume = 0;
    for (const Bar &b : bars)
        maxVolume = std::max(maxVolume, static_cast<double>(b.volume));
    if (maxVolume > 0)
        for (qsizetype i = 0; i < bars.size(); ++i) {
            const double h = volumeArea.height() * static_cast<double>(bars[i].volume) / maxVolume;
            QColor c = bars[i].close >= bars[i].open ? candles::up() : candles::down();
            c.setAlpha(120);
            p.fillRect(QRectF(x(i) - slot * 0.35, volumeArea.bottom() - h, slot * 0.7, h), c);
        }
    p.setPen(pal.color(QPalette::PlaceholderText));
    p.drawText(QPointF(volumeArea.right() + 4, volumeArea.bottom()), tr("volume"));

    candles::paint(p, area, bars, lo, hi);

    // The strategy's lines.
    for (qsizetype k = 0; k < m_data.lines.size(); ++k) {
        const ChartLine &l = m_data.lines[k];
        QPainterPath path;
        bool drawing = false;
        for (std::size_t i = 0; i < l.values.size() && i < static_cast<std::size_t>(bars.size()); ++i) {
            if (!std::isfinite(l.values[i])) {
                drawing = false;
                continue;
            }
            const QPointF pt(x(static_cast<qsizetype>(i)), candles::yOf(area, l.values[i], lo, hi));
            drawing ? path.lineTo(pt) : path.moveTo(pt);
            drawing = true;
        }
        p.setPen(QPen(kLineColors[k % std::size(kLineColors)], 1.4));
        p.setBrush(Qt::NoBrush);
        p.drawPath(path);
    }

    // Stop and target of the held position.
    if (m_data.stop.isPositive())
        candles::paintLevel(p, area, m_data.stop.toDouble(), tr("stop %1").arg(m_data.stop.toString(2)), candles::down(), lo, hi);
    if (m_data.target.isPositive())
        candles::paintLevel(p, area, m_data.target.toDouble(), tr("target %1").arg(m_data.target.toString(2)), candles::up(), lo, hi);

    // Marks: at their session's slot and price.
    for (const ChartMark &m : m_data.marks) {
        const auto it = std::find_if(bars.cbegin(), bars.cend(), [&](const Bar &b) { return b.session >= m.session; });
        if (it == bars.cend() || !m.price.isPositive())
            continue;
        const QPointF c(x(it - bars.cbegin()), candles::yOf(area, m.price.toDouble(), lo, hi));
        const double r = std::clamp(slot * 0.6, 4.0, 7.0);
        QPolygonF shape;
        switch (m.kind) {
        case ChartMark::Entry:
            shape << QPointF(c.x(), c.y() - r) << QPointF(c.x() - r, c.y() + r) << QPointF(c.x() + r, c.y() + r);
            p.setPen(QPen(pal.color(QPalette::Text), 1));
            p.setBrush(candles::up());
            p.drawPolygon(shape);
            break;
        case ChartMark::Exit:
            shape << QPointF(c.x(), c.y() + r) << QPointF(c.x() - r, c.y() - r) << QPointF(c.x() + r, c.y() - r);
            p.setPen(QPen(pal.color(QPalette::Text), 1));
            p.setBrush(candles::down());
            p.drawPolygon(shape);
            break;
        case ChartMark::Vetoed:
            p.setPen(QPen(QColor(0xe6, 0x7e, 0x22), 2));
            p.drawLine(c + QPointF(-r, -r), c + QPointF(r, r));
            p.drawLine(c + QPointF(-r, r), c + QPointF(r, -r));
            break;
        case ChartMark::Expired:
            p.setPen(QPen(QColor(0x95, 0xa5, 0xa6), 2));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(c, r, r);
            break;
        }
    }

    // The legend of the lines and marks, bottom left of the price area.
    double lx = area.left() + 4;
    const double ly = area.bottom() - 4;
    for (qsizetype k = 0; k < m_data.lines.size(); ++k) {
        p.setPen(QPen(kLineColors[k % std::size(kLineColors)], 2));
        p.drawLine(QPointF(lx, ly - fm.ascent() / 2.0), QPointF(lx + 12, ly - fm.ascent() / 2.0));
        p.setPen(pal.color(QPalette::Text));
        p.drawText(QPointF(lx + 16, ly), m_data.lines[k].name);
        lx += 24 + fm.horizontalAdvance(m_data.lines[k].name);
    }
    if (!m_data.marks.isEmpty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(QPointF(lx, ly), tr("▲ entry  ▼ exit  ✕ vetoed  ○ expired"));
    }
}
