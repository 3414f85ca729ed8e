// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractAxis>
#include <QChart>
#include <QLegend>
#include <QPalette>

/// Gives a chart the window's colours (the light or dark theme): background, title,
/// legend, axis labels and grid. The series keep their own colours.
inline void applyChartPalette(QChart *chart, const QPalette &palette)
{
    chart->setBackgroundBrush(palette.brush(QPalette::Base));
    chart->setBackgroundPen(QPen(palette.color(QPalette::Mid)));
    chart->setTitleBrush(palette.brush(QPalette::Text));
    chart->legend()->setLabelBrush(palette.brush(QPalette::Text));
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    const QColor grid = dark ? palette.color(QPalette::Light) : QColor(0xdd, 0xdd, 0xdd);
    for (QAbstractAxis *axis : chart->axes()) {
        axis->setLabelsBrush(palette.brush(QPalette::Text));
        axis->setTitleBrush(palette.brush(QPalette::Text));
        axis->setGridLineColor(grid);
        axis->setLinePenColor(palette.color(QPalette::Mid));
    }
}
