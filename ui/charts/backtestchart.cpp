// SPDX-License-Identifier: GPL-3.0-or-later
#include "backtestchart.h"

#include <QAreaSeries>
#include "chartpalette.h"

#include <QChart>
#include <QEvent>
#include <QChartView>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QTimeZone>
#include <QValueAxis>
#include <QVBoxLayout>

BacktestChart::BacktestChart(QWidget *parent)
    : QWidget(parent)
    , m_chart(new QChart)
    , m_view(new QChartView(m_chart, this))
    , m_equity(new QLineSeries(m_chart))
    , m_drawdown(new QLineSeries(m_chart))
    , m_zero(new QLineSeries(m_chart))
    , m_area(new QAreaSeries(m_zero, m_drawdown))
    , m_x(new QDateTimeAxis(m_chart))
    , m_y(new QValueAxis(m_chart))
    , m_y2(new QValueAxis(m_chart))
{
    setObjectName(QStringLiteral("backtestChart"));
    m_chart->setTitle(tr("Backtest equity and drawdown"));
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_equity->setName(tr("Equity"));
    QPen pen(QColor(0x2e, 0x86, 0xc1));
    pen.setWidthF(2.0);
    m_equity->setPen(pen);
    m_area->setName(tr("Drawdown %"));
    m_area->setColor(QColor(0xe7, 0x4c, 0x3c, 110));
    m_area->setBorderColor(QColor(0xc0, 0x39, 0x2b));
    m_chart->addSeries(m_area);
    m_chart->addSeries(m_equity);
    m_x->setFormat(QStringLiteral("MMM yyyy"));
    m_x->setTickCount(6);
    m_y->setLabelFormat(QStringLiteral("$%.0f"));
    m_y2->setLabelFormat(QStringLiteral("%.1f %%"));
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);
    m_chart->addAxis(m_y2, Qt::AlignRight);
    m_equity->attachAxis(m_x);
    m_equity->attachAxis(m_y);
    m_area->attachAxis(m_x);
    m_area->attachAxis(m_y2);
    m_view->setRenderHint(QPainter::Antialiasing);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
}

void BacktestChart::setEquity(const QList<QPair<QDate, Decimal>> &equity)
{
    m_points = static_cast<int>(equity.size());
    QList<QPointF> eq, dd, zero;
    if (equity.isEmpty()) {
        m_equity->clear();
        m_drawdown->clear();
        m_zero->clear();
        return;
    }
    double peak = equity.front().second.toDouble(), lo = peak, hi = peak, worst = 0;
    for (const auto &[date, value] : equity) {
        const double x = static_cast<double>(date.startOfDay(QTimeZone::utc()).toMSecsSinceEpoch());
        const double v = value.toDouble();
        peak = std::max(peak, v);
        const double d = peak > 0 ? -(peak - v) / peak * 100.0 : 0.0;
        worst = std::min(worst, d);
        eq.append({x, v});
        dd.append({x, d});
        zero.append({x, 0});
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    m_equity->replace(eq);
    m_drawdown->replace(dd);
    m_zero->replace(zero);
    m_x->setRange(QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(eq.front().x()), QTimeZone::utc()),
                  QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(eq.back().x()), QTimeZone::utc()));
    const double pad = std::max((hi - lo) * 0.05, 1.0);
    m_y->setRange(lo - pad, hi + pad);
    m_y->applyNiceNumbers();
    m_y2->setRange(std::min(-1.0, worst * 1.1), 0);
}

void BacktestChart::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        applyChartPalette(m_chart, palette());
}
