// SPDX-License-Identifier: GPL-3.0-or-later
#include "equitychart.h"

#include "chartpalette.h"

#include <QChart>
#include <QEvent>
#include <QChartView>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QTimeZone>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

EquityChart::EquityChart(QWidget *parent)
    : QWidget(parent)
    , m_chart(new QChart)
    , m_view(new QChartView(m_chart, this))
    , m_equity(new QLineSeries(m_chart))
    , m_x(new QDateTimeAxis(m_chart))
    , m_y(new QValueAxis(m_chart))
{
    setObjectName(QStringLiteral("equityChart"));
    m_equity->setName(tr("Equity (simulated)"));
    QPen pen(QColor(0x2e, 0x86, 0xc1));
    pen.setWidthF(2.0);
    m_equity->setPen(pen);
    m_chart->addSeries(m_equity);
    m_x->setFormat(QStringLiteral("MMM d"));
    m_x->setTickCount(6);
    // Localised numbers give the axis the same money format as the rest of the window ($100,000.00).
    m_chart->setLocale(QLocale(QLocale::English, QLocale::UnitedStates));
    m_chart->setLocalizeNumbers(true);
    m_y->setLabelFormat(QStringLiteral("$%.2f"));
    m_y->setTickCount(5);
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);
    m_equity->attachAxis(m_x);
    m_equity->attachAxis(m_y);
    m_chart->legend()->setVisible(false);
    m_chart->setTitle(tr("Account equity at each session close (simulated)"));
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->setBackgroundRoundness(0);
    m_view->setRenderHint(QPainter::Antialiasing);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
}

void EquityChart::appendPoints(const QList<EquityPoint> &points)
{
    QList<QPointF> add;
    add.reserve(points.size());
    for (const EquityPoint &p : points) {
        const double y = p.equity.toDouble();
        if (!std::isfinite(y))
            continue;
        const QDateTime t = p.session.isValid() ? p.session.startOfDay(QTimeZone::utc()) : p.time;
        add.append(QPointF(static_cast<double>(t.toMSecsSinceEpoch()), y));
        if (m_equity->count() == 0 && add.size() == 1) {
            m_min = m_max = y;
        }
        m_min = std::min(m_min, y);
        m_max = std::max(m_max, y);
    }
    if (add.isEmpty())
        return;
    m_equity->append(add);
    rescale();
}

void EquityChart::clear()
{
    m_equity->clear();
    m_min = m_max = 0;
}

int EquityChart::pointCount() const
{
    return static_cast<int>(m_equity->count());
}

void EquityChart::rescale()
{
    const auto pts = m_equity->points();
    if (pts.isEmpty())
        return;
    const qint64 first = static_cast<qint64>(pts.front().x());
    qint64 last = static_cast<qint64>(pts.back().x());
    if (last <= first)
        last = first + 86'400'000;
    m_x->setRange(QDateTime::fromMSecsSinceEpoch(first, QTimeZone::utc()), QDateTime::fromMSecsSinceEpoch(last, QTimeZone::utc()));
    // No more ticks than days, so a short curve does not repeat its dates.
    m_x->setTickCount(static_cast<int>(std::clamp<qint64>((last - first) / 86'400'000 + 1, 2, 6)));
    const double pad = std::max((m_max - m_min) * 0.1, std::max(1.0, m_max * 0.002));
    m_y->setRange(m_min - pad, m_max + pad);
    m_y->applyNiceNumbers();
}

void EquityChart::setSimulated(bool simulated)
{
    m_equity->setName(simulated ? tr("Equity (simulated)") : tr("Equity (broker account)"));
    m_chart->setTitle(simulated ? tr("Account equity at each session close (simulated)") : tr("Account equity at each session close (Alpaca account)"));
}

void EquityChart::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        applyChartPalette(m_chart, palette());
}
