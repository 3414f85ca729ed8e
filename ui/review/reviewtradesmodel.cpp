// SPDX-License-Identifier: GPL-3.0-or-later
#include "reviewtradesmodel.h"

#include <QColor>

int ReviewTradesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(std::min<qint64>(m_total, std::numeric_limits<int>::max()));
}

int ReviewTradesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const TradeRow *ReviewTradesModel::trade(int row) const
{
    const auto it = m_pages.constFind(row / kPageSize);
    if (it == m_pages.cend() || row % kPageSize >= it->size())
        return nullptr;
    return &(*it)[row % kPageSize];
}

QVariant ReviewTradesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const TradeRow *t = trade(index.row());
    if (!t) {
        const qint64 page = index.row() / kPageSize;
        if (!m_requested.contains(page)) {
            m_requested.insert(page);
            Q_EMIT pageWanted(m_generation, page * kPageSize);
        }
        return role == Qt::DisplayRole && index.column() == Opened ? QVariant(QStringLiteral("…")) : QVariant();
    }
    if (role == Qt::TextAlignmentRole)
        return index.column() >= Qty && index.column() <= Pnl ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    if (role == Qt::ForegroundRole && index.column() == Pnl && t->pnl.isValid())
        return t->pnl.isNegative() ? QColor(0xc0, 0x39, 0x2b) : QColor(0x1e, 0x84, 0x49);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Opened: return t->openedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    case Symbol: return t->symbol;
    case Strategy: return t->strategy;
    case Approval: return QStringLiteral("%1 · %2").arg(t->approval, t->operatorName);
    case Qty: return t->qty.toString();
    case Entry: return t->entryPrice.isValid() ? t->entryPrice.toString(2) : QString();
    case Exit: return t->exitPrice.isValid() ? t->exitPrice.toString(2) : QString();
    case Pnl: return t->pnl.isValid() ? t->pnl.toString(2) : QString();
    case Outcome: return t->outcome;
    case Closed: return t->closedAt.isValid() ? t->closedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QString();
    }
    return {};
}

QVariant ReviewTradesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole || orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *names[] = {QT_TR_NOOP("Opened"), QT_TR_NOOP("Symbol"), QT_TR_NOOP("Strategy"), QT_TR_NOOP("Approval"),
                                  QT_TR_NOOP("Qty"),    QT_TR_NOOP("Entry"),  QT_TR_NOOP("Exit"),     QT_TR_NOOP("P&L"),
                                  QT_TR_NOOP("Outcome"), QT_TR_NOOP("Closed")};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

Review::Sort ReviewTradesModel::sortFor(int column)
{
    switch (column) {
    case Symbol: return Review::Sort::Symbol;
    case Strategy: return Review::Sort::Strategy;
    case Pnl: return Review::Sort::Pnl;
    case Outcome: return Review::Sort::Outcome;
    case Closed: return Review::Sort::Closed;
    default: return Review::Sort::Opened;
    }
}

void ReviewTradesModel::sort(int column, Qt::SortOrder order)
{
    Q_EMIT sortWanted(sortFor(column), order == Qt::AscendingOrder);
}

void ReviewTradesModel::reset(quint64 generation, qint64 total)
{
    beginResetModel();
    m_generation = generation;
    m_total = total;
    m_pages.clear();
    m_requested.clear();
    m_requested.insert(0); // the first page comes with the query
    endResetModel();
}

void ReviewTradesModel::addPage(quint64 generation, qint64 offset, const QList<TradeRow> &rows)
{
    if (generation != m_generation)
        return;
    const qint64 page = offset / kPageSize;
    m_pages.insert(page, rows);
    // Keep the pages near what is shown; a million trades are never all in memory.
    if (m_pages.size() > 50)
        for (auto it = m_pages.begin(); it != m_pages.end();)
            if (std::abs(it.key() - page) > 25) {
                m_requested.remove(it.key());
                it = m_pages.erase(it);
            } else {
                ++it;
            }
    if (!rows.isEmpty())
        Q_EMIT dataChanged(index(static_cast<int>(offset), 0), index(static_cast<int>(offset + rows.size() - 1), ColumnCount - 1));
}
