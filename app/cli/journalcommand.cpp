// SPDX-License-Identifier: GPL-3.0-or-later
#include "journalcommand.h"

#include "persistence/database.h"

#include "persistence/journal.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QTextStream>

#include <nlohmann/json.hpp>

namespace {
int fail(const QString &message)
{
    QTextStream(stderr) << "sentinel-cli journal: " << message << Qt::endl;
    return 2;
}
} // namespace

int runJournalCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Checks the record's hash-chained journal and the records it covers."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("journal"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("verify"), QStringLiteral("the action"));
    const QCommandLineOption db(QStringLiteral("db"), QStringLiteral("The record: a SQLite file or a postgresql:// URL (opened read-only)."), QStringLiteral("PATH"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    parser.addOptions({db, json});
    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 2 || pos[1] != QLatin1String("verify"))
        return fail(QStringLiteral("usage: sentinel-cli journal verify --db PATH [--json]"));
    if (!parser.isSet(db))
        return fail(QStringLiteral("--db PATH is required"));
    const QString path = Database::resolveLocation(parser.value(db));
    if (!Database::isPostgresUrl(path) && !QFileInfo(path).isFile())
        return fail(QStringLiteral("no such file %1").arg(path));
    Result<journal::Verdict> v = Result<journal::Verdict>::failure(QString());
    QElapsedTimer t;
    {
        Result<QSqlDatabase> d = Database::openReadOnly(path, QStringLiteral("journal"));
        if (!d) {
            QSqlDatabase::removeDatabase(QStringLiteral("journal"));
            return fail(d.error());
        }
        t.start();
        v = journal::verify(d.value());
    }
    const qint64 ms = t.elapsed();
    QSqlDatabase::removeDatabase(QStringLiteral("journal"));
    if (!v)
        return fail(v.error());
    const journal::Verdict &r = v.value();
    if (parser.isSet(json)) {
        nlohmann::json out;
        out["intact"] = r.intact;
        out["entries"] = r.entries;
        out["records"] = r.records;
        out["first_broken"] = r.firstBroken.toStdString();
        out["ms"] = ms;
        QTextStream(stdout) << QString::fromStdString(out.dump()) << Qt::endl;
    } else if (r.intact) {
        QTextStream(stdout) << QStringLiteral("intact: %1 entries, %2 records checked (%3 ms)").arg(r.entries).arg(r.records).arg(ms) << Qt::endl;
    } else {
        QTextStream(stdout) << QStringLiteral("BROKEN at %1").arg(r.firstBroken) << Qt::endl;
    }
    return r.intact ? 0 : 1;
}
