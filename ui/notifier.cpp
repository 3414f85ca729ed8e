// SPDX-License-Identifier: GPL-3.0-or-later
#include "notifier.h"

#include "format.h"

#include <QApplication>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QWidget>

Notifier::Notifier(QWidget *window)
    : QObject(window)
    , m_window(window)
{
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(window->style()->standardIcon(QStyle::SP_MessageBoxInformation), this);
        m_tray->setObjectName(QStringLiteral("sentinelTray"));
        m_tray->setToolTip(QStringLiteral("Sentinel"));
        m_tray->show();
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, &Notifier::activated);
        connect(m_tray, &QSystemTrayIcon::activated, this, &Notifier::activated);
    }
}

void Notifier::notify(const QString &title, const QString &message, bool critical)
{
    ++m_sent;
    if (m_tray)
        m_tray->showMessage(title, message, critical ? QSystemTrayIcon::Critical : QSystemTrayIcon::Information, 8000);
    if (m_sound)
        QApplication::beep();
    Q_EMIT notified(title, message);
}

void Notifier::setSnapshot(const EngineSnapshot &s)
{
    QStringList fresh;
    for (const Proposal &p : s.pending)
        if (!m_seen.contains(p.id)) {
            m_seen.insert(p.id);
            fresh.append(QStringLiteral("%1 %2 %3 (%4)").arg(p.reducing ? tr("SELL") : tr("BUY"), Format::quantity(p.qty), p.symbol, p.strategy));
        }
    // Only the queue's proposals are remembered (an id is never reused).
    QSet<QString> queued;
    for (const Proposal &p : s.pending)
        queued.insert(p.id);
    m_seen.intersect(queued);
    QStringList trips;
    for (const BreakerView &b : s.breakers) {
        if (b.state != BreakerState::Open) {
            m_tripped.remove(b.name);
            continue;
        }
        if (m_tripped.value(b.name) == b.trippedAt && m_tripped.contains(b.name))
            continue;
        m_tripped.insert(b.name, b.trippedAt);
        trips.append(tr("%1 breaker tripped: %2").arg(b.name, b.reason));
    }
    const bool primed = m_primed;
    m_primed = true;
    if (!m_enabled)
        return;
    for (const QString &t : std::as_const(trips))
        notify(tr("Sentinel: circuit breaker"), t, true);
    if (fresh.isEmpty())
        return;
    if (!primed) // at start: one summary of what is waiting
        notify(tr("Sentinel: proposals waiting"), tr("%n proposal(s) wait for your decision", nullptr, static_cast<int>(fresh.size())), false);
    else if (fresh.size() == 1)
        notify(tr("Sentinel: new proposal"), fresh.front(), false);
    else
        notify(tr("Sentinel: %n new proposal(s)", nullptr, static_cast<int>(fresh.size())), fresh.join(QStringLiteral("\n")), false);
}
