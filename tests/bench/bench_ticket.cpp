// SPDX-License-Identifier: GPL-3.0-or-later
// The re-verdict while an edit is typed: from a keystroke in the ticket's quantity
// box to the ticket showing the new verdict (the rule table's signal included), on
// the GUI thread, offscreen. A demo engine gives a real pending proposal and its
// snapshot. Goal: ≤ 1 ms, and the GUI thread never waits on the engine (the check
// runs on the snapshot's context).
#include "pipeline/tradingengine.h"
#include "ticketwidget.h"

#include <QApplication>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

#include <algorithm>

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    QTextStream out(stdout);
    QTemporaryDir dir;
    EngineOptions o;
    o.dbPath = dir.filePath(QStringLiteral("bench.db"));
    TradingEngine e(o);
    if (!e.open())
        return 1;
    Proposal p;
    ProposalTicket t;
    RiskConfig cfg;
    for (int i = 0; i < 300 && p.id.isEmpty(); ++i) {
        e.runSession();
        const EngineSnapshot s = e.snapshot();
        for (qsizetype k = 0; k < s.pending.size(); ++k)
            if (!s.pending[k].reducing && s.pending[k].qty >= Decimal::fromInt(10)) {
                p = s.pending[k];
                t = s.tickets[k];
                cfg = s.riskConfig;
            }
    }
    if (p.id.isEmpty())
        return 1;
    TicketWidget ticket;
    ticket.resize(900, 260);
    ticket.show();
    ticket.setProposal(&p, &t, cfg);
    auto *box = ticket.findChild<QDoubleSpinBox *>(QStringLiteral("ticketQty"));
    QLineEdit *edit = box->findChild<QLineEdit *>();
    int updates = 0;
    QObject::connect(&ticket, &TicketWidget::verdictChanged, [&updates] { ++updates; });
    // Each round: erase the box and type a quantity digit by digit; every keystroke that
    // makes a new value is timed from the key event to the ticket's update.
    QList<double> us;
    const int rounds = 2000;
    const int maxQty = static_cast<int>(ticket.maxQuantity().toDouble());
    for (int r = 0; r < rounds; ++r) {
        edit->selectAll();
        QTest::keyClick(edit, Qt::Key_Backspace);
        const QString text = QString::number(1 + r % std::max(1, maxQty));
        for (const QChar c : text) {
            const int before = updates;
            QElapsedTimer timer;
            timer.start();
            QTest::keyClick(edit, c.toLatin1());
            const qint64 ns = timer.nsecsElapsed();
            if (updates > before)
                us.append(ns / 1000.0);
        }
    }
    std::sort(us.begin(), us.end());
    const auto at = [&](double q) { return us.isEmpty() ? 0.0 : us[std::min<qsizetype>(us.size() - 1, static_cast<qsizetype>(q * us.size()))]; };
    out << "bench_ticket: " << us.size() << " keystrokes that changed the quantity of " << p.symbol << " (at most " << maxQty
        << "), each re-checked by the 22 rules on the GUI thread and shown\n";
    out << QStringLiteral("  keystroke to updated ticket: p50 %1 us, p90 %2 us, p99 %3 us, max %4 us (goal <= 1000 us)\n")
               .arg(at(0.5), 0, 'f', 1)
               .arg(at(0.9), 0, 'f', 1)
               .arg(at(0.99), 0, 'f', 1)
               .arg(us.isEmpty() ? 0.0 : us.back(), 0, 'f', 1);
    out << QStringLiteral("  the risk check alone, last keystroke: %1 us\n").arg(ticket.lastRecheckNs() / 1000.0, 0, 'f', 1);
    return us.isEmpty() ? 1 : 0;
}
