// SPDX-License-Identifier: GPL-3.0-or-later
#include "crashpoint.h"

#include <QByteArray>
#include <QtGlobal>

#include <csignal>
#include <cstring>
#include <unistd.h>

namespace {
struct Target
{
    QByteArray name;
    long remaining = 0;
};

Target &target()
{
    static Target t = [] {
        Target r;
        const QByteArray spec = qgetenv("SENTINEL_CRASH_AT");
        const int colon = spec.lastIndexOf(':');
        if (colon > 0) {
            r.name = spec.left(colon);
            r.remaining = spec.mid(colon + 1).toLong();
        }
        return r;
    }();
    return t;
}
} // namespace

void crashPoint(const char *name)
{
    Target &t = target();
    if (t.remaining <= 0 || std::strcmp(t.name.constData(), name) != 0)
        return;
    if (--t.remaining == 0)
        ::kill(::getpid(), SIGKILL);
}
