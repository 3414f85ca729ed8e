// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/result.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>

class QLockFile;

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
    /// One process per database file: a lock file beside it (`PATH.lock`) names the
    /// holder, and a second process is refused with that name. A lock left by a
    /// process that no longer runs is taken over.
    Status open(const QString &path);
    /// Applies each migration step after the current version, one transaction each.
    Status migrate(int targetVersion = -1);
    int schemaVersion() const;
    QSqlDatabase handle() const;
    const QString &path() const { return m_path; }
    void close();

private:
    Status lock(const QString &path);

    QString m_name;
    QString m_path;
    std::unique_ptr<QLockFile> m_lock;
};
