// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

/// What one run of sentinel-cli said: its exit code, standard output and error.
struct CliOut
{
    int code = -1;
    QString out;
    QString err;
};

/// Runs sentinel-cli with `args` (info logging off) and waits for it.
inline CliOut runSentinelCli(const QStringList &args, int timeoutMs = 180000)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.info=false"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(SENTINEL_CLI), args);
    p.waitForFinished(timeoutMs);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}
