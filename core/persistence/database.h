// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/result.h"

#include <QHash>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

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
    /// `PRAGMA application_id` of Sentinel's files ("SNTL").
    static constexpr qint64 kApplicationId = 0x534E544C;
    /// Every table of a schema version and its columns (built from the migrations).
    static QHash<QString, QStringList> expectedSchema(int version);

    explicit Database(QString connectionName);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    /// Opens (creating if absent) the file, enables WAL and checks it is Sentinel's and
    /// whole: the application id (or an earlier Sentinel schema), `quick_check`, that it
    /// can be written, and that no table or column of its schema version is missing.
    /// A file that fails is never written to, and the failure says why.
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
    Status checkIdentity();
    Status markAsSentinel();
    Status checkSchema(int version) const;
    Status migrateSteps(int targetVersion);

    QString m_name;
    QString m_path;
    std::unique_ptr<QLockFile> m_lock;
};
