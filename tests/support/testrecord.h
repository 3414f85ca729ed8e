// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The record a persistence test writes to. The persistence suite runs twice under
// ctest: against SQLite files, and against PostgreSQL when SENTINEL_TEST_PG names
// the file holding the URL of the throw-away cluster (scripts/test-postgres.sh).

#include "persistence/database.h"

#include <QCoreApplication>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QTemporaryDir>

namespace testrecord {

inline bool onPostgres()
{
    return !qEnvironmentVariable("SENTINEL_TEST_PG").isEmpty();
}

/// The cluster's URL (its maintenance database `postgres`).
inline QString adminUrl()
{
    QFile f(qEnvironmentVariable("SENTINEL_TEST_PG"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("SENTINEL_TEST_PG names %s, which cannot be read: is the test cluster started?", qPrintable(f.fileName()));
    return QString::fromUtf8(f.readAll()).trimmed();
}

inline QString urlOf(const QString &database)
{
    QString url = adminUrl();
    return url.replace(QStringLiteral("/postgres?"), QStringLiteral("/%1?").arg(database));
}

/// Runs one statement on the cluster's maintenance database; the error text, or empty.
inline QString admin(const QString &sql)
{
    QString error;
    {
        Result<QSqlDatabase> c = Database::addConnection(adminUrl(), QStringLiteral("test-admin"), false);
        QSqlDatabase db = c.value();
        if (!db.open()) {
            error = db.lastError().text();
        } else {
            QSqlQuery q(db);
            if (!q.exec(sql))
                error = q.lastError().text();
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("test-admin"));
    return error;
}

/// A new, empty record named `name`: a file in `dir`, or a database of its own.
inline QString fresh(const QTemporaryDir &dir, const QString &name)
{
    if (!onPostgres())
        return dir.filePath(name + QStringLiteral(".db"));
    const QString db = QStringLiteral("t_%1_%2").arg(name.toLower().replace(QLatin1Char('-'), QLatin1Char('_'))).arg(QCoreApplication::applicationPid());
    admin(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(db));
    if (const QString e = admin(QStringLiteral("CREATE DATABASE %1").arg(db)); !e.isEmpty())
        qFatal("cannot create the test database %s: %s", qPrintable(db), qPrintable(e));
    return urlOf(db);
}

/// A copy of a record (no process may hold it open): a file copy, or a database
/// created from it as a template.
inline QString copy(const QTemporaryDir &dir, const QString &from, const QString &name)
{
    if (!onPostgres()) {
        const QString path = dir.filePath(name + QStringLiteral(".db"));
        QFile::remove(path);
        QFile::copy(from, path);
        return path;
    }
    const QString source = from.section(QLatin1Char('/'), 3).section(QLatin1Char('?'), 0, 0);
    const QString db = QStringLiteral("t_%1_%2").arg(name.toLower()).arg(QCoreApplication::applicationPid());
    admin(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(db));
    if (const QString e = admin(QStringLiteral("CREATE DATABASE %1 TEMPLATE %2").arg(db, source)); !e.isEmpty())
        qFatal("cannot copy the test database %s: %s", qPrintable(source), qPrintable(e));
    return urlOf(db);
}

} // namespace testrecord
