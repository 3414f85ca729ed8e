// SPDX-License-Identifier: GPL-3.0-or-later
#include "logmodel.h"

#include <QBrush>
#include <QColor>

LogModel::LogModel(int limit, QObject *parent)
    : QAbstractTableModel(parent)
    , m_limit(std::max(10, limit))
{
}

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int LogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : 4;
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Time: return tr("Time");
    case Level: return tr("Level");
    case Category: return tr("Source");
    case Message: return tr("Message");
    }
    return {};
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const LogEntry &e = m_rows.at(index.row());
    if (role == Qt::ForegroundRole && (e.type == QtWarningMsg || e.type == QtCriticalMsg || e.type == QtFatalMsg))
        return QBrush(e.type == QtWarningMsg ? QColor(0xb9, 0x77, 0x0e) : QColor(0xc0, 0x39, 0x2b));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Time: return e.time.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
    case Level:
        switch (e.type) {
        case QtDebugMsg: return tr("debug");
        case QtInfoMsg: return tr("info");
        case QtWarningMsg: return tr("warning");
        case QtCriticalMsg:
        case QtFatalMsg: return tr("error");
        }
        return {};
    case Category: return e.category;
    case Message: return e.repeats > 1 ? tr("%1 (×%2)").arg(e.message).arg(e.repeats) : e.message;
    }
    return {};
}

void LogModel::append(const LogEntry &entry)
{
    // The same line again folds into the last row: its count and time move on.
    if (!m_rows.isEmpty() && m_rows.back().message == entry.message && m_rows.back().category == entry.category
        && m_rows.back().type == entry.type) {
        LogEntry &last = m_rows.back();
        ++last.repeats;
        last.time = entry.time;
        const int row = static_cast<int>(m_rows.size()) - 1;
        Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
        return;
    }
    if (m_rows.size() >= m_limit) {
        const int drop = static_cast<int>(m_rows.size()) - m_limit + 1;
        beginRemoveRows({}, 0, drop - 1);
        m_rows.remove(0, drop);
        endRemoveRows();
    }
    const int row = static_cast<int>(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append(entry);
    endInsertRows();
}
