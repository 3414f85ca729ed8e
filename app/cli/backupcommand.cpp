// SPDX-License-Identifier: GPL-3.0-or-later
#include "backupcommand.h"

#include "persistence/backup.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTextStream>

int runBackupCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Copies a record consistently, also while Sentinel runs on it."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("backup"), QStringLiteral("the command"));
    const QCommandLineOption db(QStringLiteral("db"), QStringLiteral("The record."), QStringLiteral("PATH"));
    const QCommandLineOption to(QStringLiteral("to"), QStringLiteral("The new file (never overwritten)."), QStringLiteral("PATH"));
    parser.addOptions({db, to});
    const auto usage = [](const QString &why) {
        QTextStream(stderr) << "sentinel-cli backup: " << why << Qt::endl;
        return 2;
    };
    if (!parser.parse(arguments))
        return usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    if (!parser.isSet(db) || !parser.isSet(to))
        return usage(QStringLiteral("usage: sentinel-cli backup --db PATH --to PATH"));
    QElapsedTimer t;
    t.start();
    if (Status s = backupRecord(parser.value(db), parser.value(to)); !s) {
        QTextStream(stderr) << "sentinel-cli backup: " << s.error() << Qt::endl;
        return 1;
    }
    QTextStream(stdout) << QStringLiteral("backed up %1 to %2 (%3 bytes, %4 ms, quick_check ok)")
                               .arg(parser.value(db), parser.value(to))
                               .arg(QFileInfo(parser.value(to)).size())
                               .arg(t.elapsed())
                        << Qt::endl;
    return 0;
}
