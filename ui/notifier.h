// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pipeline/enginesnapshot.h"

#include <QHash>
#include <QObject>
#include <QSet>

class QSystemTrayIcon;
class QWidget;

/// Tray notifications: one for each new proposal and one for each breaker trip,
/// found by comparing snapshots. Where the platform has no tray the notification
/// still goes out as a signal (the window shows it in its status bar). Sound is
/// optional and off by default.
class Notifier : public QObject
{
    Q_OBJECT
public:
    explicit Notifier(QWidget *window);
    void setEnabled(bool on) { m_enabled = on; }
    bool isEnabled() const { return m_enabled; }
    void setSound(bool on) { m_sound = on; }
    bool sound() const { return m_sound; }
    /// Compares with the previous snapshot and notifies what is new.
    void setSnapshot(const EngineSnapshot &s);
    int sentCount() const { return m_sent; }
    bool hasTray() const { return m_tray != nullptr; }

Q_SIGNALS:
    void notified(const QString &title, const QString &message);
    /// The tray message was clicked: the window comes to the front with the queue.
    void activated();

private:
    void notify(const QString &title, const QString &message, bool critical);

    QWidget *m_window;
    QSystemTrayIcon *m_tray = nullptr;
    bool m_enabled = true;
    bool m_sound = false;
    bool m_primed = false;
    QSet<QString> m_seen;                 ///< proposal ids already notified
    QHash<QString, QDateTime> m_tripped;  ///< breaker → the trip already notified
    int m_sent = 0;
};
