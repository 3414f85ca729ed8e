// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QSettings>
#include <QStandardPaths>

/// A GUI test's own, empty settings (test-mode standard paths, its own application
/// name), so no test sees another's saved layout or choices.
inline void isolateSettings(const char *testName)
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("sentinel-test"));
    QCoreApplication::setApplicationName(QLatin1String(testName));
    QSettings().clear();
}
