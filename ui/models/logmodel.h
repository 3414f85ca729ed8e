// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

/// One log line as shown to the trader.
struct LogEntry
{
    QDateTime time;
    QtMsgType type = QtInfoMsg;
    QString category;
    QString message;
    int repeats = 1; ///< the same message this many times in a row, folded into one row
};
Q_DECLARE_METATYPE(LogEntry)

/// The most recent log lines, oldest first; the oldest drop off past the limit.
class LogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Level, Category, Message };
    explicit LogModel(int limit = 5000, QObject *parent = nullptr);
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void append(const LogEntry &entry);

private:
    int m_limit;
    QList<LogEntry> m_rows;
};
