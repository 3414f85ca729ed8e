// SPDX-License-Identifier: GPL-3.0-or-later
#include "backup.h"

#include "database.h"

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

Status backupRecord(const QString &from, const QString &to)
{
    if (!QFileInfo(from).isFile())
        return Status::failure(QStringLiteral("no such record %1").arg(from));
    if (QFileInfo::exists(to))
        return Status::failure(QStringLiteral("%1 exists already; a backup never overwrites a file").arg(to));
    if (QFileInfo(from).absoluteFilePath() == QFileInfo(to).absoluteFilePath())
        return Status::failure(QStringLiteral("the backup must be another file"));
    if (Status s = withConnection(from, true, [&](QSqlDatabase &db) -> Status {
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
        !s)
        return s;
    // The copy is checked before it counts as a backup.
    return withConnection(to, true, [&](QSqlDatabase &db) -> Status {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("PRAGMA quick_check")) || !q.next() || q.value(0).toString() != QLatin1String("ok"))
            return Status::failure(QStringLiteral("the backup %1 does not pass quick_check").arg(to));
        return {};
    });
}
