// SPDX-License-Identifier: GPL-3.0-or-later
#include "ids.h"

#include <QUuid>

QString newId(const char *prefix)
{
    return QLatin1String(prefix) + QLatin1Char('_') + QUuid::createUuid().toString(QUuid::WithoutBraces);
}
