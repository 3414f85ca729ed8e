// SPDX-License-Identifier: GPL-3.0-or-later
#include "peakmemory.h"

#include <QFile>

long peakResidentKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    // Read whole: a /proc file reports no size, so atEnd() cannot be asked.
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').front().toLong();
    return -1;
}
