// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "review/review.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>

/// The filtered trades, loaded lazily: the model knows how many there are and
/// asks for a page of rows only when the view shows one. Sorting is the
/// database's (a click on a header asks for the query again).
class ReviewTradesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Opened, Symbol, Strategy, Approval, Qty, Entry, Exit, Pnl, Outcome, Closed, ColumnCount };
    static constexpr int kPageSize = 200;

    using QAbstractTableModel::QAbstractTableModel;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order) override;

    /// A new query: `total` rows, none loaded yet.
    void reset(quint64 generation, qint64 total);
    void addPage(quint64 generation, qint64 offset, const QList<TradeRow> &rows);
    const TradeRow *trade(int row) const;
    static Review::Sort sortFor(int column);

Q_SIGNALS:
    void pageWanted(quint64 generation, qint64 offset) const;
    void sortWanted(Review::Sort sort, bool ascending);

private:
    quint64 m_generation = 0;
    qint64 m_total = 0;
    QHash<qint64, QList<TradeRow>> m_pages;
    mutable QSet<qint64> m_requested;
};
