// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/result.h"

#include <QSqlDatabase>
#include <QString>

/// One thread's connection to the SQLite database, named after its owner so
/// that no connection is ever shared across threads. Opening checks that the
/// file is a readable Sentinel database and never deletes or rewrites a file
/// it cannot read.
class Database
{
public:
    /// The schema version this build writes; `migrate()` steps up to it.
    static int latestVersion();

    explicit Database(QString connectionName);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    /// Opens (creating if absent) the file, enables WAL and checks it is readable.
    Status open(const QString &path);
    /// Applies each migration step after the current version, one transaction each.
    Status migrate(int targetVersion = -1);
    int schemaVersion() const;
    QSqlDatabase handle() const;
    const QString &path() const { return m_path; }
    void close();

private:
    QString m_name;
    QString m_path;
};
