// SPDX-License-Identifier: GPL-3.0-or-later
// The crash drill: sentinel-cli demo --approve all is killed with SIGKILL at
// named instants of the iteration, the approval, the release of held orders,
// the sending of orders and the replacement of stops, and restarted each time.
// After every restart the record must be whole, and the final record must equal
// that of an uninterrupted run with the same seed.
#include "testrecord.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QStringList kPoints{QStringLiteral("session.before_commit"), QStringLiteral("session.committed"),
                          QStringLiteral("approval.committed"),    QStringLiteral("tick.committed"),
                          QStringLiteral("order.before_send"),     QStringLiteral("order.after_send"),
                          QStringLiteral("order.event"),           QStringLiteral("exit.before_stop_cancel")};

struct Run
{
    int exitCode = -1;
    bool killed = false;
    QString err;
};

Run runCli(const QString &db, int sessions, const QString &crashAt = {})
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("SENTINEL_CRASH_AT"));
    if (!crashAt.isEmpty())
        env.insert(QStringLiteral("SENTINEL_CRASH_AT"), crashAt);
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.info=false"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(SENTINEL_CLI), {QStringLiteral("demo"), QStringLiteral("--sessions"), QString::number(sessions),
                                           QStringLiteral("--approve"), QStringLiteral("all"), QStringLiteral("--seed"),
                                           QStringLiteral("777"), QStringLiteral("--db"), db});
    p.waitForFinished(120'000);
    Run r;
    r.killed = p.exitStatus() == QProcess::CrashExit;
    r.exitCode = p.exitCode();
    r.err = QString::fromUtf8(p.readAllStandardError()).right(2000);
    return r;
}

class Probe
{
public:
    explicit Probe(const QString &path)
        : m_name(QStringLiteral("probe-%1").arg(++s_count))
    {
        QSqlDatabase db = Database::addConnection(path, m_name, false).value();
        db.open();
    }
    ~Probe() { QSqlDatabase::removeDatabase(m_name); }
    QVariant one(const QString &sql) const
    {
        QSqlQuery q(QSqlDatabase::database(m_name));
        return q.exec(sql) && q.next() ? q.value(0) : QVariant();
    }
    QStringList rows(const QString &sql) const
    {
        QStringList out;
        QSqlQuery q(QSqlDatabase::database(m_name));
        if (!q.exec(sql))
            return {QStringLiteral("query failed: ") + sql};
        while (q.next()) {
            QStringList cols;
            for (int i = 0; i < q.record().count(); ++i)
                cols.append(q.value(i).toString());
            out.append(cols.join(QLatin1Char('|')));
        }
        return out;
    }

private:
    static inline int s_count = 0;
    QString m_name;
};

/// Every rule of the record that must hold after any restart; returns the violations.
QStringList violations(const QString &path)
{
    Probe p(path);
    QStringList v;
    if (!testrecord::onPostgres() && p.one(QStringLiteral("PRAGMA integrity_check")).toString() != QLatin1String("ok"))
        v.append(QStringLiteral("integrity_check failed"));
    for (const QString &r : p.rows(QStringLiteral(
             "SELECT d.proposal_id FROM decisions d WHERE d.decision = 'approve' AND NOT EXISTS (SELECT 1 FROM order_intents i"
             " WHERE i.proposal_id = d.proposal_id) AND NOT EXISTS (SELECT 1 FROM proposals p WHERE p.id = d.proposal_id"
             " AND p.status = 'rejected_at_approval')")))
        v.append(QStringLiteral("approved proposal without its order or a reason: ") + r);
    // Positions from the fills; each needs an open protective stop or a decided exit on its way.
    for (const QString &r : p.rows(QStringLiteral(
             "SELECT symbol FROM (SELECT symbol, sum(CASE side WHEN 'buy' THEN CAST(qty AS DOUBLE PRECISION) ELSE -CAST(qty AS DOUBLE PRECISION) END) AS q"
             " FROM fills GROUP BY symbol) AS held WHERE q > 1e-9 AND symbol NOT IN (SELECT symbol FROM orders WHERE purpose = 'protective_stop'"
             " AND status IN ('new','accepted','partially_filled')) AND symbol NOT IN (SELECT symbol FROM order_intents WHERE"
             " state NOT IN ('filled','canceled','expired','replaced','rejected'))")))
        v.append(QStringLiteral("open position without its protective stop: ") + r);
    for (const QString &r : p.rows(QStringLiteral("SELECT proposal_id FROM reservations WHERE proposal_id NOT IN"
                                                  " (SELECT proposal_id FROM order_intents WHERE purpose = 'entry' AND state NOT IN"
                                                  " ('filled','canceled','expired','replaced','rejected'))")))
        v.append(QStringLiteral("reservation without its open entry: ") + r);
    const int completed = p.one(QStringLiteral("SELECT value FROM app_state WHERE key = 'completed_sessions'")).toInt();
    const int history = p.one(QStringLiteral("SELECT value FROM app_state WHERE key = 'history_sessions'")).toInt();
    const int iterations = p.one(QStringLiteral("SELECT count(DISTINCT session_index) FROM iterations")).toInt();
    if (iterations != completed - history)
        v.append(QStringLiteral("sessions %1 but iterations %2").arg(completed - history).arg(iterations));
    const int dupIterations = p.one(QStringLiteral("SELECT count(*) - count(DISTINCT session_index) FROM iterations")).toInt();
    if (dupIterations != 0)
        v.append(QStringLiteral("%1 sessions iterated twice").arg(dupIterations));
    for (const QString &r : p.rows(QStringLiteral("SELECT o.client_order_id FROM orders o WHERE o.status IN ('new','accepted','partially_filled')"
                                                  " AND (SELECT coalesce(sum(CAST(f.qty AS DOUBLE PRECISION)), 0) FROM fills f WHERE f.order_id = o.id)"
                                                  " >= CAST(o.qty AS DOUBLE PRECISION) - 1e-9")))
        v.append(QStringLiteral("order recorded as open although its fills cover it: ") + r);
    for (const QString &r : p.rows(QStringLiteral("SELECT client_order_id FROM orders GROUP BY client_order_id HAVING count(DISTINCT id) > 1")))
        v.append(QStringLiteral("client order id used twice: ") + r);
    for (const QString &r : p.rows(QStringLiteral("SELECT proposal_id, purpose FROM orders WHERE purpose <> 'protective_stop'"
                                                  " GROUP BY proposal_id, purpose HAVING count(*) > 1")))
        v.append(QStringLiteral("proposal with two orders of one purpose: ") + r);
    return v;
}

/// The record as content, without ids and wall-clock times.
QStringList content(const QString &path)
{
    Probe p(path);
    QStringList out;
    out << p.rows(QStringLiteral("SELECT 'proposal', session, symbol, side, qty, strategy, status FROM proposals"
                                 " ORDER BY session, symbol, side, strategy, status, qty"));
    out << p.rows(QStringLiteral("SELECT 'order', symbol, side, purpose, qty, stop_price, status, filled_avg_price FROM orders"
                                 " ORDER BY created_at, symbol, purpose, status, stop_price"));
    out << p.rows(QStringLiteral("SELECT 'fill', symbol, side, qty, price, created_at FROM fills ORDER BY created_at, symbol, side"));
    out << p.rows(QStringLiteral("SELECT 'equity', session_index, equity FROM equity_curve ORDER BY session_index"));
    return out;
}

} // namespace

class TestCrashDrill : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void killedAnywhereLosesAndDuplicatesNothing()
    {
        const int sessions = qEnvironmentVariableIntValue("SENTINEL_DRILL_SESSIONS") > 0 ? qEnvironmentVariableIntValue("SENTINEL_DRILL_SESSIONS") : 300;
        const int wantedKills = qEnvironmentVariableIntValue("SENTINEL_DRILL_KILLS") > 0 ? qEnvironmentVariableIntValue("SENTINEL_DRILL_KILLS") : 50;
        const QString ref = testrecord::fresh(m_dir, QStringLiteral("reference"));
        const QString drill = testrecord::fresh(m_dir, QStringLiteral("drill"));
        const Run reference = runCli(ref, sessions);
        QVERIFY2(!reference.killed && reference.exitCode == 0, qPrintable(reference.err));
        const int history = Probe(ref).one(QStringLiteral("SELECT value FROM app_state WHERE key = 'history_sessions'")).toInt();

        QRandomGenerator rng(20261203);
        int kills = 0;
        int attempts = 0;
        QStringList found;
        QHash<QString, int> killsAt;
        const auto completed = [&] {
            return testrecord::onPostgres() || QFileInfo::exists(drill)
                       ? Probe(drill).one(QStringLiteral("SELECT value FROM app_state WHERE key = 'completed_sessions'")).toInt() - history
                       : 0;
        };
        // Short runs of a few sessions, each with one armed instant: a run that
        // passes its instant fewer times than armed simply completes its sessions.
        for (int done = completed(); done < sessions && attempts < sessions * 4; done = completed()) {
            ++attempts;
            const QString point = kPoints[static_cast<int>(rng.bounded(kPoints.size()))];
            const int spread = point.startsWith(QLatin1String("tick")) ? 30 : point.startsWith(QLatin1String("session")) ? 4 : 3;
            const int nth = 1 + static_cast<int>(rng.bounded(spread));
            const Run r = runCli(drill, std::min(3, sessions - std::max(0, done)), QStringLiteral("%1:%2").arg(point).arg(nth));
            if (r.killed) {
                ++kills;
                ++killsAt[point];
            } else {
                QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            }
            // Restart with no new session: resolution runs, restored proposals are decided, then the record is checked.
            const Run restart = runCli(drill, 0);
            QVERIFY2(!restart.killed && restart.exitCode == 0, qPrintable(restart.err));
            for (const QString &v : violations(drill))
                found.append(QStringLiteral("after kill %1 at %2:%3: %4").arg(kills).arg(point).arg(nth).arg(v));
        }
        QCOMPARE(completed(), sessions);
        QStringList at;
        for (auto it = killsAt.cbegin(); it != killsAt.cend(); ++it)
            at.append(QStringLiteral("%1 ×%2").arg(it.key()).arg(it.value()));
        at.sort();
        qInfo().noquote() << QStringLiteral("crash drill: %1 kills in %2 runs over %3 sessions (%4); %5 violations")
                                 .arg(kills)
                                 .arg(attempts)
                                 .arg(sessions)
                                 .arg(at.join(QStringLiteral(", ")))
                                 .arg(found.size());
        QVERIFY2(kills >= std::min(wantedKills, 50), qPrintable(QStringLiteral("only %1 kills").arg(kills)));
        QVERIFY2(found.isEmpty(), qPrintable(found.mid(0, 10).join(QLatin1Char('\n'))));
        QVERIFY(violations(ref).isEmpty());
        // Each killed run is recorded as failed, with why and the time of its last record;
        // and the journal of the whole drilled record is intact.
        {
            Probe p(drill);
            const int failed = p.one(QStringLiteral("SELECT count(*) FROM runs WHERE status = 'failed'")).toInt();
            QCOMPARE(failed, kills);
            QCOMPARE(p.one(QStringLiteral("SELECT count(*) FROM runs WHERE status = 'failed' AND error LIKE '%its last record was at 20%'")).toInt(),
                     failed);
        }
        QProcess verify;
        verify.start(QStringLiteral(SENTINEL_CLI), {QStringLiteral("journal"), QStringLiteral("verify"), QStringLiteral("--db"), drill});
        QVERIFY(verify.waitForFinished(60000));
        QVERIFY2(verify.exitCode() == 0, verify.readAllStandardOutput().constData());

        const QStringList a = content(ref);
        const QStringList b = content(drill);
        QStringList diff;
        for (int i = 0; i < std::max(a.size(), b.size()) && diff.size() < 10; ++i)
            if (a.value(i) != b.value(i))
                diff.append(QStringLiteral("reference: %1\n    drill: %2").arg(a.value(i), b.value(i)));
        QVERIFY2(diff.isEmpty(), qPrintable(diff.join(QLatin1Char('\n'))));
        QCOMPARE(b.size(), a.size());
    }
    void aSecondProcessIsRefused()
    {
        const QString db = testrecord::fresh(m_dir, QStringLiteral("locked"));
        QProcess first;
        first.start(QStringLiteral(SENTINEL_CLI), {QStringLiteral("demo"), QStringLiteral("--sessions"), QStringLiteral("100000"),
                                                   QStringLiteral("--db"), db});
        QVERIFY(first.waitForStarted());
        if (testrecord::onPostgres()) {
            // Workstations share the database; its engine lock refuses a second engine, and says whose it is.
            QTRY_VERIFY_WITH_TIMEOUT(Probe(db).one(QStringLiteral("SELECT count(*) FROM iterations")).toInt() > 0, 20000);
            const Run second = runCli(db, 1);
            QCOMPARE(second.exitCode, 2);
            QVERIFY2(second.err.contains(QStringLiteral("another Sentinel engine is acting on")) && second.err.contains(QStringLiteral("server pid")),
                     qPrintable(second.err));
        } else {
            QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(db + QStringLiteral(".lock")), 20000);
            const Run second = runCli(db, 1);
            QCOMPARE(second.exitCode, 2);
            QVERIFY2(second.err.contains(QStringLiteral("in use by another Sentinel process")) && second.err.contains(QStringLiteral("pid")),
                     qPrintable(second.err));
        }
        first.kill();
        first.waitForFinished();
        // The lock of a killed process does not block the next start.
        const Run third = runCli(db, 1);
        QVERIFY2(third.exitCode == 0, qPrintable(third.err));
    }
};

QTEST_GUILESS_MAIN(TestCrashDrill)
#include "tst_crashdrill.moc"
