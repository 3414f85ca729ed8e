// SPDX-License-Identifier: GPL-3.0-or-later
#include "loghub.h"

#include <QAtomicPointer>

namespace {
QAtomicPointer<LogHub> g_hub;
QtMessageHandler g_previous = nullptr;

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (g_previous)
        g_previous(type, context, message);
    LogHub *hub = g_hub.loadAcquire();
    if (!hub || type == QtDebugMsg)
        return;
    // The trader sees Sentinel's own messages and any error; Qt's platform chatter stays on stderr.
    const bool ours = context.category && qstrncmp(context.category, "sentinel.", 9) == 0;
    if (!ours && type != QtCriticalMsg && type != QtFatalMsg)
        return;
    LogEntry e{QDateTime::currentDateTimeUtc(), type,
               context.category ? QString::fromLatin1(context.category).remove(QStringLiteral("sentinel.")) : QString(), message};
    // Queued: the handler may run on any thread; the model lives on the GUI thread.
    QMetaObject::invokeMethod(hub, [hub, e] { Q_EMIT hub->entryAdded(e); }, Qt::QueuedConnection);
}
} // namespace

LogHub::LogHub(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<LogEntry>();
}

LogHub::~LogHub()
{
    if (g_hub.loadAcquire() == this) {
        g_hub.storeRelease(nullptr);
        qInstallMessageHandler(g_previous);
    }
}

void LogHub::install()
{
    g_hub.storeRelease(this);
    g_previous = qInstallMessageHandler(handler);
}
