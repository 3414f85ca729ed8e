// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/equitypoint.h"

#include <QWidget>

class QChart;
class QChartView;
class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

/// The account's equity at each session close (Qt Charts, behind this seam).
class EquityChart : public QWidget
{
    Q_OBJECT
public:
    /// Labels the curve as simulated (demo) or as the broker account's (Alpaca).
    void setSimulated(bool simulated);
    explicit EquityChart(QWidget *parent = nullptr);
    void appendPoints(const QList<EquityPoint> &points);
    void clear();
    int pointCount() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void rescale();

    QChart *m_chart;
    QChartView *m_view;
    QLineSeries *m_equity;
    QDateTimeAxis *m_x;
    QValueAxis *m_y;
    double m_min = 0;
    double m_max = 0;
};
