// SPDX-License-Identifier: GPL-3.0-or-later
#include "loghub.h"

#include <QAtomicPointer>
#include <algorithm>
#include <QDir>
#include <QFile>
#include <QMutex>

namespace {
QAtomicPointer<LogHub> g_hub;
QtMessageHandler g_previous = nullptr;

// The log file is shared by every thread that logs; one short append each, under a lock.
struct LogFile
{
    QMutex mutex;
    QString folder;
    QFile file;
};
LogFile &logFile()
{
    static LogFile f;
    return f;
}

void writeToFile(const LogEntry &e)
{
    LogFile &f = logFile();
    const QMutexLocker lock(&f.mutex);
    if (f.folder.isEmpty())
        return;
    const QString name = QDir(f.folder).filePath(QStringLiteral("sentinel-%1.log").arg(e.time.toString(QStringLiteral("yyyyMMdd"))));
    if (f.file.fileName() != name) {
        f.file.close();
        f.file.setFileName(name);
        if (!f.file.open(QIODevice::Append | QIODevice::Text))
            return;
    }
    static const char *levels[] = {"debug", "warning", "critical", "fatal", "info"};
    const QString line = QStringLiteral("%1 %2 %3: %4\n")
                             .arg(e.time.toString(Qt::ISODateWithMs), QLatin1String(levels[std::clamp(static_cast<int>(e.type), 0, 4)]),
                                  e.category, e.message);
    f.file.write(line.toUtf8());
    f.file.flush();
}

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
    writeToFile(e);
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

void LogHub::setLogFolder(const QString &folder)
{
    QDir().mkpath(folder);
    LogFile &f = logFile();
    const QMutexLocker lock(&f.mutex);
    f.folder = folder;
    f.file.close();
    f.file.setFileName(QString());
}

QString LogHub::logFolder() const
{
    LogFile &f = logFile();
    const QMutexLocker lock(&f.mutex);
    return f.folder;
}

void LogHub::install()
{
    g_hub.storeRelease(this);
    g_previous = qInstallMessageHandler(handler);
}
