// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/result.h"

#include <QHash>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <memory>

class QLockFile;

/// One thread's connection to the record (a SQLite file, or a PostgreSQL database), named after its owner so
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

    /// A record's location is a SQLite file's path, or a PostgreSQL URL:
    /// postgresql://USER@HOST[:PORT]/DBNAME, or postgresql://USER@/DBNAME?host=/run/postgresql.
    static bool isPostgresUrl(const QString &location);
    /// A URL as given; a file's path made absolute against the current folder.
    static QString resolveLocation(const QString &location);
    /// Adds (does not open) the connection `name` for a location, with the right driver.
    static Result<QSqlDatabase> addConnection(const QString &location, const QString &name, bool readOnly);
    /// Adds and opens a read-only connection (review, verify, replay); the caller removes it.
    static Result<QSqlDatabase> openReadOnly(const QString &location, const QString &name);

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
    /// On PostgreSQL there is no lock file: several workstations share the database,
    /// guarded by unique decisions and the journal's advisory lock; the identity and
    /// schema version live in the table `sentinel_meta`.
    Status open(const QString &path);
    /// Applies each migration step after the current version, one transaction each.
    Status migrate(int targetVersion = -1);
    int schemaVersion() const;
    QSqlDatabase handle() const;
    bool isPostgres() const;
    QStringList tables() const;
    QStringList columns(const QString &table) const;
    /// One engine acts on a record at a time. A SQLite file is held by its lock file
    /// from open(); on PostgreSQL, where several workstations connect, an engine takes
    /// a session lock that the server frees when its connection ends (a kill included).
    Status claimForEngine();
    const QString &path() const { return m_path; }
    void close();

private:
    Status lock(const QString &path);
    Status checkIdentity();
    Status markAsSentinel();
    qint64 applicationId() const;
    Status checkSchema(int version) const;
    Status migrateSteps(int targetVersion);

    QString m_name;
    QString m_path;
    std::unique_ptr<QLockFile> m_lock;
    bool m_postgres = false;
};
