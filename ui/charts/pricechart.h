// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pipeline/pricechartdata.h"

#include <QWidget>

/// The price chart dock's chart: candles of the selected symbol with volume below,
/// the lines of the strategy that proposes it (its SMAs, bands or channel), marks
/// for entries (▲), exits (▼), vetoed (✕) and expired (○) proposals, and the held
/// position's stop and target.
class PriceChart : public QWidget
{
    Q_OBJECT
public:
    explicit PriceChart(QWidget *parent = nullptr);
    void setData(const PriceChartData &data);
    const PriceChartData &data() const { return m_data; }
    /// "SPY · sma_cross: SMA 10, SMA 30", as drawn at the top.
    QString caption() const;

protected:
    void paintEvent(QPaintEvent *event) override;
    QSize sizeHint() const override { return {520, 300}; }
    QSize minimumSizeHint() const override { return {160, 90}; }

private:
    PriceChartData m_data;
};
