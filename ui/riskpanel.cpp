// SPDX-License-Identifier: GPL-3.0-or-later
#include "riskpanel.h"

#include "format.h"

#include <QGridLayout>
#include <QLabel>
#include <QProgressBar>
#include <QVBoxLayout>

namespace {
// Percent of a limit used, 0–100, for a bar.
int used(Decimal value, Decimal limit)
{
    if (!limit.isPositive() || !value.isValid())
        return 0;
    return std::clamp(static_cast<int>(value.toDouble() / limit.toDouble() * 100.0 + 0.5), 0, 100);
}

void colour(QProgressBar *bar)
{
    const int v = bar->value();
    const QString c = v >= 90 ? QStringLiteral("#c0392b") : v >= 70 ? QStringLiteral("#e67e22") : QStringLiteral("#27ae60");
    bar->setStyleSheet(QStringLiteral("QProgressBar { border: 1px solid #bbb; border-radius: 3px; background: #f4f6f6; height: 14px; }"
                                      "QProgressBar::chunk { background: %1; }")
                           .arg(c));
}
} // namespace

RiskPanel::RiskPanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("riskPanel"));
    auto *layout = new QVBoxLayout(this);
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("riskTradingState"));
    m_state->setAlignment(Qt::AlignCenter);
    layout->addWidget(m_state);
    auto *grid = new QGridLayout;
    grid->setColumnStretch(2, 1); // the figures take the room; the bars stay short
    m_exposure = addRow(tr("Gross exposure"), QStringLiteral("exposureBar"), grid, 0, &m_exposureText);
    m_dailyLoss = addRow(tr("Daily loss"), QStringLiteral("dailyLossBar"), grid, 1, &m_dailyLossText);
    m_drawdown = addRow(tr("Drawdown"), QStringLiteral("drawdownBar"), grid, 2, &m_drawdownText);
    m_positions = addRow(tr("Open positions"), QStringLiteral("positionsBar"), grid, 3, &m_positionsText);
    m_orders = addRow(tr("Orders today"), QStringLiteral("ordersTodayBar"), grid, 4, &m_ordersText);
    layout->addLayout(grid);
    layout->addStretch(1);
}

QProgressBar *RiskPanel::addRow(const QString &title, const QString &name, QGridLayout *grid, int row, QLabel **detail)
{
    auto *bar = new QProgressBar(this);
    bar->setObjectName(name);
    bar->setRange(0, 100);
    bar->setTextVisible(false);
    bar->setMinimumWidth(40);
    bar->setMaximumWidth(110);
    *detail = new QLabel(this);
    (*detail)->setObjectName(name + QStringLiteral("Text"));
    // Long figures wrap rather than widen the dock past a laptop screen.
    (*detail)->setWordWrap(true);
    (*detail)->setMinimumWidth(120);
    grid->addWidget(new QLabel(title, this), row, 0);
    grid->addWidget(bar, row, 1);
    grid->addWidget(*detail, row, 2);
    return bar;
}

void RiskPanel::setSnapshot(const EngineSnapshot &s)
{
    const RiskHeadroom &h = s.headroom;
    const QString colourFor = s.state == TradingState::Active ? QStringLiteral("#27ae60")
                              : s.state == TradingState::Reducing ? QStringLiteral("#e67e22")
                                                                  : QStringLiteral("#c0392b");
    m_state->setText(tr("Trading: %1").arg(textOf(s.state)));
    m_state->setStyleSheet(QStringLiteral("QLabel { background: %1; color: white; font-weight: bold; padding: 4px; }").arg(colourFor));

    m_exposure->setValue(used(h.grossExposure, h.grossCap));
    m_exposureText->setText(tr("%1 of %2").arg(Format::money(h.grossExposure), Format::money(h.grossCap)));
    const Decimal loss = h.dailyLoss.isPositive() ? h.dailyLoss : Decimal();
    m_dailyLoss->setValue(used(loss, h.dailyLossLimit));
    const QString limit = Format::percent(h.dailyLossLimit.toDouble());
    if (h.dailyLoss.isNegative())
        m_dailyLossText->setText(tr("up %1 today (limit −%2)").arg(Format::percent(-h.dailyLoss.toDouble()), limit));
    else if (loss.rounded(4).isZero())
        m_dailyLossText->setText(tr("none (limit −%1)").arg(limit));
    else
        m_dailyLossText->setText(tr("−%1 of −%2").arg(Format::percent(loss.toDouble()), limit));
    const Decimal dd = h.drawdown.isPositive() ? h.drawdown : Decimal();
    m_drawdown->setValue(used(dd, h.drawdownLimit));
    m_drawdownText->setText(tr("%1 of %2 below %3").arg(Format::percent(dd.toDouble()), Format::percent(h.drawdownLimit.toDouble()),
                                                       Format::money(h.highWaterMark)));
    m_positions->setValue(used(Decimal::fromInt(h.openPositions), Decimal::fromInt(h.maxOpenPositions)));
    m_positionsText->setText(tr("%1 of %2").arg(h.openPositions).arg(h.maxOpenPositions));
    m_orders->setValue(used(Decimal::fromInt(h.ordersToday), Decimal::fromInt(h.maxOrdersPerDay)));
    m_ordersText->setText(tr("%1 of %2 (%3 left)").arg(h.ordersToday).arg(h.maxOrdersPerDay).arg(std::max(0, h.maxOrdersPerDay - h.ordersToday)));
    for (QProgressBar *b : {m_exposure, m_dailyLoss, m_drawdown, m_positions, m_orders})
        colour(b);
}
