// SPDX-License-Identifier: GPL-3.0-or-later
#include "backup.h"

#include "database.h"

#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>

namespace {
/// Runs `body` on a connection of its own, removed afterwards.
Status withConnection(const QString &path, bool readOnly, const std::function<Status(QSqlDatabase &)> &body)
{
    const QString name = QStringLiteral("backup-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    Status s;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (readOnly)
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        s = db.open() ? body(db) : Status::failure(QStringLiteral("cannot open %1: %2").arg(path, db.lastError().text()));
    }
    QSqlDatabase::removeDatabase(name);
    return s;
}
} // namespace

namespace {
Status backupFile(const QString &from, const QString &to);

/// A PostgreSQL record copied into a new SQLite file, from one snapshot (a
/// repeatable-read, read-only transaction) while the desk goes on writing: the
/// copy is a record like any other, to review offline or keep.
Status backupPostgres(const QString &from, const QString &to)
{
    const QString name = QStringLiteral("backup-pg-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString partial = to + QStringLiteral(".partial");
    QFile::remove(partial);
    Status s;
    {
        Result<QSqlDatabase> src = Database::openReadOnly(from, name);
        if (!src)
            s = Status::failure(src.error());
        Database dst(name + QStringLiteral("-dst"));
        QSqlQuery q(src ? src.value() : QSqlDatabase());
        int version = -1;
        if (s && (!q.exec(QStringLiteral("SELECT to_regclass('sentinel_meta') IS NOT NULL")) || !q.next() || !q.value(0).toBool()
                  || !q.exec(QStringLiteral("SELECT value FROM sentinel_meta WHERE key = 'user_version'")) || !q.next()))
            s = Status::failure(QStringLiteral("%1 is not a Sentinel record").arg(from));
        if (s) {
            version = q.value(0).toInt();
            if (version != Database::latestVersion())
                s = Status::failure(QStringLiteral("%1 has schema version %2; open it with this build first (it migrates to %3)")
                                        .arg(from)
                                        .arg(version)
                                        .arg(Database::latestVersion()));
        }
        if (s && !q.exec(QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")))
            s = Status::failure(QStringLiteral("cannot take a snapshot of %1: %2").arg(from, q.lastError().text()));
        if (s)
            s = dst.open(partial);
        if (s)
            s = dst.migrate(version);
        if (s) {
            QSqlDatabase out = dst.handle();
            // Decisions before orders before fills: the copy's own constraints hold as it fills.
            QStringList tables = Database::expectedSchema(version).keys();
            tables.sort();
            for (const char *first : {"fills", "orders", "decisions"}) {
                tables.removeAll(QLatin1String(first));
                tables.prepend(QLatin1String(first));
            }
            out.transaction();
            for (const QString &t : tables) {
                const QStringList cols = Database::expectedSchema(version).value(t);
                QSqlQuery r(src.value());
                r.setForwardOnly(true);
                if (!r.exec(QStringLiteral("SELECT %1 FROM %2 ORDER BY rowid").arg(cols.join(QStringLiteral(", ")), t))) {
                    s = Status::failure(QStringLiteral("cannot read %1: %2").arg(t, r.lastError().text()));
                    break;
                }
                QSqlQuery w(out);
                w.prepare(QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                              .arg(t, cols.join(QStringLiteral(", ")), QStringList(cols.size(), QStringLiteral("?")).join(QLatin1Char(','))));
                while (s && r.next()) {
                    for (int i = 0; i < cols.size(); ++i)
                        w.addBindValue(r.value(i));
                    if (!w.exec())
                        s = Status::failure(QStringLiteral("cannot copy a row of %1: %2").arg(t, w.lastError().text()));
                }
                if (!s)
                    break;
            }
            if (s && !out.commit())
                s = Status::failure(QStringLiteral("cannot write %1: %2").arg(partial, out.lastError().text()));
            if (!s)
                out.rollback();
        }
        q.exec(QStringLiteral("COMMIT"));
        dst.close();
    }
    QSqlDatabase::removeDatabase(name);
    if (!s) {
        QFile::remove(partial);
        return s;
    }
    if (QFileInfo::exists(to) || !QFile::rename(partial, to)) {
        QFile::remove(partial);
        return Status::failure(QStringLiteral("%1 appeared while the backup was written; a backup never overwrites a file").arg(to));
    }
    return {};
}
} // namespace

Status backupRecord(const QString &from, const QString &to)
{
    if (QFileInfo::exists(to))
        return Status::failure(QStringLiteral("%1 exists already; a backup never overwrites a file").arg(to));
    if (Database::isPostgresUrl(from)) {
        if (Status s = backupPostgres(from, to); !s)
            return s;
    } else if (Status s = backupFile(from, to); !s) {
        return s;
    }
    // The copy is checked before it counts as a backup.
    return withConnection(to, true, [&](QSqlDatabase &db) -> Status {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("PRAGMA quick_check")) || !q.next() || q.value(0).toString() != QLatin1String("ok"))
            return Status::failure(QStringLiteral("the backup %1 does not pass quick_check").arg(to));
        return {};
    });
}

namespace {
Status backupFile(const QString &from, const QString &to)
{
    if (!QFileInfo(from).isFile())
        return Status::failure(QStringLiteral("no such record %1").arg(from));
    if (QFileInfo::exists(to))
        return Status::failure(QStringLiteral("%1 exists already; a backup never overwrites a file").arg(to));
    if (QFileInfo(from).absoluteFilePath() == QFileInfo(to).absoluteFilePath())
        return Status::failure(QStringLiteral("the backup must be another file"));
    return withConnection(from, true, [&](QSqlDatabase &db) -> Status {
            QSqlQuery q(db);
            if (!q.exec(QStringLiteral("PRAGMA application_id")) || !q.next())
                return Status::failure(QStringLiteral("%1 is not readable: %2").arg(from, q.lastError().text()));
            if (q.value(0).toLongLong() != Database::kApplicationId)
                return Status::failure(QStringLiteral("%1 is not a Sentinel record (application id %2)").arg(from).arg(q.value(0).toLongLong()));
            q.prepare(QStringLiteral("VACUUM INTO ?"));
            q.addBindValue(QFileInfo(to).absoluteFilePath());
            if (!q.exec())
                return Status::failure(QStringLiteral("the backup failed: %1").arg(q.lastError().text()));
            return {};
        });
}
} // namespace
