// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDir>
#include <QString>

/// The shared reference fixtures (../shared/reference/<name>/fixtures beside
/// the source tree, or SENTINEL_SHARED_DIR). Empty when not found.
inline QString sharedFixtures(const char *name)
{
    QStringList roots;
    if (qEnvironmentVariableIsSet("SENTINEL_SHARED_DIR"))
        roots << qEnvironmentVariable("SENTINEL_SHARED_DIR");
    roots << QStringLiteral(SENTINEL_SOURCE_DIR "/../shared");
    for (const QString &r : roots) {
        const QString dir = QDir::cleanPath(r + QStringLiteral("/reference/") + QLatin1String(name) + QStringLiteral("/fixtures"));
        if (QDir(dir).exists())
            return dir;
    }
    return {};
}
