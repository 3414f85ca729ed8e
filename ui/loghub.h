// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/logmodel.h"

#include <QObject>

/// Receives Qt log messages from any thread and hands them, queued, to the
/// GUI thread as LogEntry values. Install once at start-up.
class LogHub : public QObject
{
    Q_OBJECT
public:
    explicit LogHub(QObject *parent = nullptr);
    ~LogHub() override;
    /// Routes qDebug/qInfo/qWarning/qCritical here (and still to stderr).
    void install();
    /// Also appends every entry to `folder`/sentinel-YYYYMMDD.log (UTC date).
    void setLogFolder(const QString &folder);
    QString logFolder() const;

Q_SIGNALS:
    void entryAdded(const LogEntry &entry);
};
