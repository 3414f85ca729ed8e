// SPDX-License-Identifier: GPL-3.0-or-later
#include "reviewreport.h"

#include <QFileInfo>
#include <QPageSize>
#include <QPainter>
#include <QPainterPath>
#include <QPdfWriter>

#include <algorithm>

namespace {

QString filterText(const TradeFilter &f)
{
    QStringList parts;
    parts << QStringLiteral("from %1").arg(f.from.isValid() ? f.from.toString(Qt::ISODate) : QStringLiteral("the start"));
    parts << QStringLiteral("to %1").arg(f.to.isValid() ? f.to.toString(Qt::ISODate) : QStringLiteral("the end"));
    if (!f.symbol.isEmpty())
        parts << QStringLiteral("symbol %1").arg(f.symbol);
    if (!f.strategy.isEmpty())
        parts << QStringLiteral("strategy %1").arg(f.strategy);
    if (!f.outcome.isEmpty())
        parts << QStringLiteral("outcome %1").arg(f.outcome);
    if (!f.approval.isEmpty())
        parts << QStringLiteral("approval %1").arg(f.approval);
    return parts.join(QStringLiteral(", "));
}

/// A line chart of values over their index, framed, with its range labelled.
void drawSeries(QPainter &p, const QRectF &box, const QList<double> &values, const QString &title, const QColor &color)
{
    p.setPen(QPen(Qt::gray, 0));
    p.drawRect(box);
    p.setPen(Qt::black);
    p.drawText(box.adjusted(4, 2, 0, 0), Qt::AlignLeft | Qt::AlignTop, title);
    if (values.size() < 2)
        return;
    const auto [lo, hi] = std::minmax_element(values.cbegin(), values.cend());
    const double span = *hi - *lo > 0 ? *hi - *lo : 1.0;
    QPainterPath path;
    for (qsizetype i = 0; i < values.size(); ++i) {
        const QPointF pt(box.left() + box.width() * i / (values.size() - 1), box.bottom() - box.height() * 0.85 * (values[i] - *lo) / span);
        i == 0 ? path.moveTo(pt) : path.lineTo(pt);
    }
    p.setPen(QPen(color, 0));
    p.drawPath(path);
    p.setPen(Qt::darkGray);
    p.drawText(box.adjusted(0, 2, -4, 0), Qt::AlignRight | Qt::AlignTop, QStringLiteral("%1 … %2").arg(*lo, 0, 'f', 2).arg(*hi, 0, 'f', 2));
}

} // namespace

Status writeReviewReport(const Review &review, const TradeFilter &filter, const QString &pdfPath, int maxTrades)
{
    QPdfWriter pdf(pdfPath);
    pdf.setPageSize(QPageSize(QPageSize::A4));
    pdf.setResolution(96);
    pdf.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
    pdf.setTitle(QStringLiteral("Sentinel review"));
    pdf.setCreator(QStringLiteral("Sentinel"));
    QPainter p;
    if (!p.begin(&pdf))
        return Status::failure(QStringLiteral("cannot write %1").arg(pdfPath));
    const ReviewSummary s = review.summary(filter);
    const QRectF page(0, 0, pdf.width(), pdf.height());
    QFont body(QStringLiteral("DejaVu Sans"), 8);
    QFont heading(QStringLiteral("DejaVu Sans"), 14, QFont::Bold);
    p.setFont(heading);
    double y = 0;
    p.drawText(QRectF(0, y, page.width(), 24), QStringLiteral("Sentinel — review of %1").arg(QFileInfo(review.location()).fileName()));
    y += 28;
    p.setFont(body);
    const double winRate = s.closed > 0 ? 100.0 * s.wins / s.closed : 0.0;
    for (const QString &line : {QStringLiteral("Record: %1").arg(review.location()), QStringLiteral("Trades %1").arg(filterText(filter)),
                                QStringLiteral("%1 trades, %2 closed, %3 won (%4 %), realised P&L %5, largest drawdown %6")
                                    .arg(s.trades)
                                    .arg(s.closed)
                                    .arg(s.wins)
                                    .arg(winRate, 0, 'f', 1)
                                    .arg(s.pnl.isValid() ? s.pnl.toString(2) : QStringLiteral("0"))
                                    .arg(s.maxDrawdown, 0, 'f', 2)}) {
        p.drawText(QRectF(0, y, page.width(), 14), line);
        y += 14;
    }
    y += 6;
    QList<double> equity;
    QList<double> drawdown;
    for (const ReviewSummary::Point &pt : s.equity) {
        equity << pt.equity;
        drawdown << pt.drawdown;
    }
    drawSeries(p, QRectF(0, y, page.width(), 150), equity, QStringLiteral("Realised equity (cumulative P&L by day of close)"), QColor(0x1f, 0x6f, 0xb4));
    y += 158;
    drawSeries(p, QRectF(0, y, page.width(), 90), drawdown, QStringLiteral("Drawdown from the running peak"), QColor(0xc0, 0x39, 0x2b));
    y += 98;
    // The P&L distribution.
    const QRectF hist(0, y, page.width() * 0.55, 120);
    p.setPen(QPen(Qt::gray, 0));
    p.drawRect(hist);
    p.setPen(Qt::black);
    p.drawText(hist.adjusted(4, 2, 0, 0), Qt::AlignLeft | Qt::AlignTop, QStringLiteral("P&L per trade"));
    qint64 most = 1;
    for (const ReviewSummary::Bin &b : s.distribution)
        most = std::max(most, b.count);
    const double bw = s.distribution.isEmpty() ? 0 : hist.width() / s.distribution.size();
    for (qsizetype i = 0; i < s.distribution.size(); ++i) {
        const ReviewSummary::Bin &b = s.distribution[i];
        const double h = (hist.height() - 20) * b.count / most;
        p.fillRect(QRectF(hist.left() + i * bw + 1, hist.bottom() - h, bw - 2, h), b.to <= 0 ? QColor(0xc0, 0x39, 0x2b) : QColor(0x27, 0xae, 0x60));
    }
    if (!s.distribution.isEmpty()) {
        p.drawText(QRectF(hist.left(), hist.bottom() + 2, hist.width() / 2, 12), Qt::AlignLeft, QString::number(s.distribution.first().from, 'f', 2));
        p.drawText(QRectF(hist.center().x(), hist.bottom() + 2, hist.width() / 2, 12), Qt::AlignRight, QString::number(s.distribution.last().to, 'f', 2));
    }
    // Per strategy.
    double sy = y;
    const double sx = page.width() * 0.6;
    p.drawText(QRectF(sx, sy, page.width() - sx, 14), QStringLiteral("Per strategy (closed trades)"));
    sy += 16;
    for (const ReviewSummary::Strategy &st : s.strategies) {
        p.drawText(QRectF(sx, sy, page.width() - sx, 12),
                   QStringLiteral("%1: %2 trades, %3 won, P&L %4").arg(st.name).arg(st.trades).arg(st.wins).arg(st.pnl, 0, 'f', 2));
        sy += 12;
    }
    y += 140;
    // The trades.
    const QStringList headers{QStringLiteral("Opened"), QStringLiteral("Symbol"), QStringLiteral("Strategy"), QStringLiteral("Approval"),
                              QStringLiteral("Qty"), QStringLiteral("Entry"), QStringLiteral("Exit"), QStringLiteral("P&L"), QStringLiteral("Outcome")};
    const QList<double> widths{0.2, 0.09, 0.15, 0.11, 0.07, 0.1, 0.1, 0.1, 0.08};
    const auto row = [&](const QStringList &cells, bool bold) {
        QFont f = body;
        f.setBold(bold);
        p.setFont(f);
        double x = 0;
        for (qsizetype i = 0; i < cells.size(); ++i) {
            p.drawText(QRectF(x, y, page.width() * widths[i], 12), i >= 4 && i <= 7 ? Qt::AlignRight : Qt::AlignLeft, cells[i]);
            x += page.width() * widths[i];
        }
        y += 12;
    };
    row(headers, true);
    const QList<TradeRow> trades = review.page(filter, Review::Sort::Opened, true, 0, maxTrades);
    for (const TradeRow &t : trades) {
        if (y + 12 > page.height()) {
            pdf.newPage();
            y = 0;
            row(headers, true);
        }
        row({t.openedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm")), t.symbol, t.strategy, t.approval, t.qty.toString(), t.entryPrice.toString(2),
             t.exitPrice.isValid() ? t.exitPrice.toString(2) : QString(), t.pnl.isValid() ? t.pnl.toString(2) : QString(), t.outcome},
            false);
    }
    if (s.trades > trades.size()) {
        y += 4;
        p.drawText(QRectF(0, y, page.width(), 12),
                   QStringLiteral("… the first %1 of %2 trades; the CSV export has them all.").arg(trades.size()).arg(s.trades));
    }
    p.end();
    return {};
}
