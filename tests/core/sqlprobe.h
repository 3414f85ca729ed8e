// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "persistence/database.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QString>
#include <QStringList>

/// The first column of the first row of `sql` on the record `path` (a SQLite file or a PostgreSQL URL), read
/// through a connection of the test's own; -1 when the query fails or is empty.
inline int count(const QString &path, const QString &sql)
{
    int n = -1;
    {
        QSqlDatabase db = Database::addConnection(path, QStringLiteral("probe"), false).value();
        db.open();
        QSqlQuery q(db);
        if (q.exec(sql) && q.next())
            n = q.value(0).toInt();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("probe"));
    return n;
}

/// Every row of `sql` on `path`, its columns joined by '|'.
inline QStringList rows(const QString &path, const QString &sql)
{
    QStringList out;
    {
        QSqlDatabase db = Database::addConnection(path, QStringLiteral("probe"), false).value();
        db.open();
        QSqlQuery q(db);
        if (q.exec(sql))
            while (q.next()) {
                QStringList cols;
                for (int i = 0; i < q.record().count(); ++i)
                    cols.append(q.value(i).toString());
                out.append(cols.join(QLatin1Char('|')));
            }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("probe"));
    return out;
}

/// Runs each statement on `path` (a test's hand edit of a record); false when one fails.
inline bool execSql(const QString &path, const QStringList &statements)
{
    bool ok = false;
    {
        QSqlDatabase db = Database::addConnection(path, QStringLiteral("probe"), false).value();
        ok = db.open();
        QSqlQuery q(db);
        for (const QString &s : statements)
            ok = q.exec(s) && ok;
    }
    QSqlDatabase::removeDatabase(QStringLiteral("probe"));
    return ok;
}
