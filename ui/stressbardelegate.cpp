// SPDX-License-Identifier: GPL-3.0-or-later
#include "stressbardelegate.h"

#include "models/budgetstressmodel.h"

#include <QPainter>

void StressBarDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const double stress = index.data(BudgetStressModel::StressRole).toDouble();
    painter->save();
    const QRect r = option.rect.adjusted(3, 3, -3, -3);
    painter->fillRect(r, QColor(0xf4, 0xf6, 0xf6));
    QRect filled = r;
    filled.setWidth(static_cast<int>(r.width() * std::clamp(stress, 0.0, 1.0)));
    painter->fillRect(filled, BudgetStressModel::levelColor(stress));
    // Level boundaries at 30, 50 and 70 %.
    painter->setPen(QColor(0x7f, 0x8c, 0x8d));
    for (double mark : {0.3, 0.5, 0.7}) {
        const int x = r.left() + static_cast<int>(r.width() * mark);
        painter->drawLine(x, r.top(), x, r.bottom());
    }
    painter->setPen(option.palette.color(QPalette::Text));
    painter->drawText(r, Qt::AlignCenter, index.data().toString());
    painter->restore();
}

QSize StressBarDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    s.setWidth(std::max(s.width(), 180));
    return s;
}
