// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QWidget>

/// Saves a picture of `w` as <SENTINEL_SCREENSHOT_DIR>/<name>.png when that variable is set.
inline void shoot(QWidget *w, const char *name)
{
    if (qEnvironmentVariableIsSet("SENTINEL_SCREENSHOT_DIR"))
        w->grab().save(qEnvironmentVariable("SENTINEL_SCREENSHOT_DIR") + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".png"));
}
