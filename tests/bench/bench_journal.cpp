// SPDX-License-Identifier: GPL-3.0-or-later
// Journal verification speed (goal ≥ 500,000 entries per second): a record with
// N decisions, each appended to the hash chain, then `journal::verify` walks the
// chain and checks every decision against its entry. Median of 5 verifications.
#include "persistence/database.h"
#include "persistence/journal.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <vector>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const int n = argc > 1 ? QString::fromLatin1(argv[1]).toInt() : 200000;
    QTemporaryDir dir;
    Database db(QStringLiteral("bench"));
    if (!db.open(dir.filePath(QStringLiteral("journal.db"))) || !db.migrate()) {
        out << "cannot create the record" << Qt::endl;
        return 1;
    }
    QElapsedTimer t;
    t.start();
    QSqlDatabase h = db.handle();
    h.transaction();
    journal::start(h);
    QSqlQuery q(h);
    q.prepare(QStringLiteral("INSERT INTO decisions (id, proposal_id, decision, reason, operator, created_at) VALUES (?,?,?,?,?,?)"));
    for (int i = 0; i < n; ++i) {
        const QString id = QStringLiteral("dec_%1").arg(i, 8, 10, QLatin1Char('0'));
        for (const QVariant &v : {QVariant(id), QVariant(QStringLiteral("prp_%1").arg(i)), QVariant(i % 3 ? QStringLiteral("approve") : QStringLiteral("veto")),
                                  QVariant(QStringLiteral("reason %1").arg(i)), QVariant(QStringLiteral("trader")),
                                  QVariant(QStringLiteral("2026-12-03T10:00:00.000Z"))})
            q.addBindValue(v);
        q.exec();
        journal::append(h, "decision", id);
    }
    h.commit();
    out << QStringLiteral("built %1 entries in %2 ms\n").arg(n + 1).arg(t.elapsed());
    std::vector<double> rates;
    for (int run = 0; run < 5; ++run) {
        t.restart();
        const Result<journal::Verdict> v = journal::verify(h);
        const double s = t.nsecsElapsed() / 1e9;
        if (!v || !v.value().intact) {
            out << "verify failed: " << (v ? v.value().firstBroken : v.error()) << Qt::endl;
            return 1;
        }
        rates.push_back(static_cast<double>(v.value().entries) / s);
        out << QStringLiteral("verify %1: %2 entries and %3 records in %4 ms\n").arg(run + 1).arg(v.value().entries).arg(v.value().records).arg(s * 1000, 0, 'f', 1);
    }
    std::sort(rates.begin(), rates.end());
    out << QStringLiteral("median %1 entries per second (each entry's hash recomputed and each decision compared)\n").arg(rates[2], 0, 'f', 0);
    out.flush();
    return 0;
}
