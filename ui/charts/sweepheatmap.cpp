// SPDX-License-Identifier: GPL-3.0-or-later
#include "sweepheatmap.h"

#include <QPainter>

#include <algorithm>
#include <cmath>
#include <limits>

SweepHeatmap::SweepHeatmap(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("sweepHeatmap"));
}

void SweepHeatmap::setResult(const SweepResult &result, const QList<SweepAxis> &axes, SweepRank rank)
{
    m_result = result;
    m_axes = axes;
    m_rank = rank;
    rebuild();
}

void SweepHeatmap::setOutOfSample(bool outOfSample)
{
    m_outOfSample = outOfSample;
    rebuild();
}

double SweepHeatmap::cellValue(int column, int row) const
{
    if (column < 0 || row < 0 || column >= m_columns || row >= m_rows)
        return std::numeric_limits<double>::quiet_NaN();
    return m_cells[row * m_columns + column];
}

void SweepHeatmap::rebuild()
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    m_columns = m_axes.isEmpty() ? 0 : static_cast<int>(m_axes[0].values.size());
    m_rows = m_axes.size() < 2 ? (m_columns ? 1 : 0) : static_cast<int>(m_axes[1].values.size());
    m_cells = QList<double>(m_rows * m_columns, nan);
    for (const SweepRow &row : m_result.rows) {
        if (!row.skipped.isEmpty() || row.values.size() != m_axes.size() || (m_outOfSample && !row.outOfSample))
            continue;
        const int c = static_cast<int>(m_axes[0].values.indexOf(row.values[0]));
        const int r = m_axes.size() < 2 ? 0 : static_cast<int>(m_axes[1].values.indexOf(row.values[1]));
        if (c < 0 || r < 0)
            continue;
        const BacktestMetrics &m = m_outOfSample ? *row.outOfSample : row.inSample;
        const double v = sweepRankValue(m, m_rank);
        double &cell = m_cells[r * m_columns + c];
        if (std::isnan(cell) || v > cell) // more axes: the best over the others
            cell = v;
    }
    update();
}

void SweepHeatmap::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, false);
    const QPalette pal = palette();
    p.fillRect(rect(), pal.base());
    if (m_columns == 0) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("Run a sweep to see its heat map"));
        return;
    }
    const QFontMetrics fm = p.fontMetrics();
    const int left = fm.horizontalAdvance(QStringLiteral("slow 000.00")) + 8, bottom = 2 * fm.height() + 6, top = fm.height() + 6;
    const QRect area(left, top, width() - left - 8, height() - top - bottom);
    if (area.width() < 10 || area.height() < 10)
        return;
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (double v : m_cells)
        if (std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    const QString metric = sweepRankName(m_rank);
    p.setPen(pal.color(QPalette::Text));
    p.drawText(QRect(0, 0, width(), top), Qt::AlignCenter,
               tr("%1 %2%3").arg(metric, m_outOfSample ? tr("out of sample") : (m_result.outOfSampleFrom.isValid() ? tr("in sample") : QString()),
                                 m_axes.size() > 2 ? tr(" (best over the other parameters)") : QString()));
    const double cw = static_cast<double>(area.width()) / m_columns, ch = static_cast<double>(area.height()) / m_rows;
    const bool flip = m_rank == SweepRank::MaxDrawdown; // ranked on −drawdown, shown as drawdown
    for (int r = 0; r < m_rows; ++r)
        for (int c = 0; c < m_columns; ++c) {
            // Row 0 at the bottom, like a chart's y axis.
            const QRectF cell(area.left() + c * cw, area.bottom() - (r + 1) * ch, cw, ch);
            const double v = m_cells[r * m_columns + c];
            QColor fill(128, 128, 128, 90);
            if (std::isfinite(v)) {
                const double t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
                fill = QColor::fromHsvF(static_cast<float>(t * 0.33), 0.65f, 0.85f); // red → yellow → green
            }
            p.fillRect(cell.adjusted(0.5, 0.5, -0.5, -0.5), fill);
            if (cw > 34 && ch > fm.height()) {
                p.setPen(Qt::black);
                p.drawText(cell, Qt::AlignCenter, std::isfinite(v) ? QString::number(flip ? -v : v, 'f', 2) : QStringLiteral("—"));
            }
        }
    p.setPen(pal.color(QPalette::Text));
    for (int c = 0; c < m_columns; ++c)
        p.drawText(QRectF(area.left() + c * cw, area.bottom() + 2, cw, fm.height()), Qt::AlignCenter, m_axes[0].values[c].toString());
    p.drawText(QRect(area.left(), area.bottom() + fm.height() + 4, area.width(), fm.height()), Qt::AlignCenter, m_axes[0].name);
    if (m_axes.size() >= 2) {
        for (int r = 0; r < m_rows; ++r)
            p.drawText(QRectF(0, area.bottom() - (r + 1) * ch, left - 4, ch), Qt::AlignRight | Qt::AlignVCenter,
                       (r == m_rows - 1 ? m_axes[1].name + QLatin1Char(' ') : QString()) + m_axes[1].values[r].toString());
    }
}
