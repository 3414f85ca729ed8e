// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/decimal.h"

#include <QDate>
#include <QList>
#include <QPair>
#include <QWidget>

class QAreaSeries;
class QChart;
class QChartView;
class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

/// A backtest's equity curve and its drawdown below the running peak (Qt Charts).
class BacktestChart : public QWidget
{
    Q_OBJECT
public:
    explicit BacktestChart(QWidget *parent = nullptr);
    void setEquity(const QList<QPair<QDate, Decimal>> &equity);
    int pointCount() const { return m_points; }

protected:
    void changeEvent(QEvent *event) override;

private:
    QChart *m_chart;
    QChartView *m_view;
    QLineSeries *m_equity;
    QLineSeries *m_drawdown;
    QLineSeries *m_zero;
    QAreaSeries *m_area;
    QDateTimeAxis *m_x;
    QValueAxis *m_y;
    QValueAxis *m_y2;
    int m_points = 0;
};
