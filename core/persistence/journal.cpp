// SPDX-License-Identifier: GPL-3.0-or-later
#include "journal.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace journal {

namespace {

const QString kGenesis = QStringLiteral("genesis");
/// The advisory lock of the chain on PostgreSQL ("SNTJ").
constexpr qint64 kChainLock = 0x534E544A;

QByteArray hashOf(const QByteArray &prev, qint64 seq, const QString &at, const QString &kind, const QString &ref, const QString &payload)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(prev);
    h.addData(QByteArrayView("\n"));
    h.addData(QByteArray::number(seq));
    h.addData(QByteArrayView("\n"));
    h.addData(at.toUtf8());
    h.addData(QByteArrayView("\n"));
    h.addData(kind.toUtf8());
    h.addData(QByteArrayView("\n"));
    h.addData(ref.toUtf8());
    h.addData(QByteArrayView("\n"));
    h.addData(payload.toUtf8());
    return h.result().toHex();
}

/// A row's content as the journal keeps it: a compact JSON array of its columns as
/// text (null stays null). Written and read by this one function.
QString payloadOf(const QSqlQuery &q, int from, int count)
{
    QString out;
    out.reserve(16 * count);
    out += QLatin1Char('[');
    for (int i = from; i < from + count; ++i) {
        if (i > from)
            out += QLatin1Char(',');
        const QVariant v = q.value(i);
        if (v.isNull()) {
            out += QLatin1String("null");
            continue;
        }
        out += QLatin1Char('"');
        for (const QChar c : v.toString()) {
            if (c == QLatin1Char('"') || c == QLatin1Char('\\')) {
                out += QLatin1Char('\\');
                out += c;
            } else if (c.unicode() < 0x20) {
                out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
            } else {
                out += c;
            }
        }
        out += QLatin1Char('"');
    }
    out += QLatin1Char(']');
    return out;
}

int columnCount(const char *columns)
{
    return static_cast<int>(QByteArray(columns).count(',')) + 1;
}

Status insert(QSqlDatabase db, const QString &kind, const QString &ref, const QString &payload)
{
    QSqlQuery q(db);
    // Workstations sharing a PostgreSQL database append one at a time, so the chain
    // stays one: the lock is held until the caller's transaction ends.
    if (db.driverName() == QLatin1String("QPSQL") && !q.exec(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kChainLock)))
        return Status::failure(QStringLiteral("journal: cannot lock the chain: %1").arg(q.lastError().text()));
    qint64 seq = 1;
    QByteArray prev;
    if (!q.exec(QStringLiteral("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1")))
        return Status::failure(QStringLiteral("journal: %1").arg(q.lastError().text()));
    if (q.next()) {
        seq = q.value(0).toLongLong() + 1;
        prev = q.value(1).toByteArray();
    }
    const QString at = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    q.prepare(QStringLiteral("INSERT INTO journal (seq, at, kind, ref, payload, prev_hash, hash) VALUES (?,?,?,?,?,?,?)"));
    // (Empty text, never NULL: the first entry has no ref and no hash before it.)
    const auto text = [](const QString &t) { return QVariant(t.isNull() ? QStringLiteral("") : t); };
    for (const QVariant &v : {QVariant(seq), QVariant(at), text(kind), text(ref), text(payload), text(QString::fromLatin1(prev)),
                              QVariant(QString::fromLatin1(hashOf(prev, seq, at, kind, ref, payload)))})
        q.addBindValue(v);
    if (!q.exec())
        return Status::failure(QStringLiteral("journal append failed: %1").arg(q.lastError().text()));
    return {};
}

} // namespace

const QList<Covered> &covered()
{
    static const QList<Covered> list{
        {"decision", "decisions", "id", "id, proposal_id, decision, reason, operator, created_at, sim_at"},
        {"intent", "order_intents", "client_order_id",
         "client_order_id, seq, proposal_id, symbol, side, type, purpose, qty, stop_price, state, replaces, broker_order_id, source, reason,"
         " created_at, updated_at, terms"},
        {"breaker", "breaker_events", "id", "id, breaker, from_state, to_state, reason, actor, created_at"},
        {"run", "runs", "id", "id, kind, started_at, params"},
        {"settings", "settings_changes", "id", "id, at, actor, settings, previous"},
        {"edit", "approval_edits", "id",
         "id, proposal_id, at, actor, original_qty, original_stop, original_price, edited_qty, edited_stop, limit_price, summary"},
        {"detail", "decision_details", "decision_id", "decision_id, proposal_id, reason_code, note, wait_ms, rule_id"},
        {"standing", "standing_approvals", "id",
         "id, kind, max_notional, min_accuracy, created_at, expires_at, actor, ended_at, end_reason"},
    };
    return list;
}

Status start(QSqlDatabase db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT count(*) FROM journal")) || !q.next())
        return Status::failure(QStringLiteral("journal: %1").arg(q.lastError().text()));
    if (q.value(0).toLongLong() > 0)
        return {};
    // Records written before the journal existed are named here and not covered.
    QJsonObject before;
    for (const Covered &c : covered()) {
        if (!q.exec(QStringLiteral("SELECT coalesce(max(rowid), 0) FROM %1").arg(QLatin1String(c.table))) || !q.next())
            return Status::failure(QStringLiteral("journal: %1").arg(q.lastError().text()));
        before.insert(QLatin1String(c.table), q.value(0).toLongLong());
    }
    return insert(db, kGenesis, QString(), QString::fromUtf8(QJsonDocument(before).toJson(QJsonDocument::Compact)));
}

Status append(QSqlDatabase db, const char *kind, const QString &key)
{
    for (const Covered &c : covered()) {
        if (qstrcmp(c.kind, kind) != 0)
            continue;
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT %1 FROM %2 WHERE %3 = ?").arg(QLatin1String(c.columns), QLatin1String(c.table), QLatin1String(c.key)));
        q.addBindValue(key);
        if (!q.exec() || !q.next())
            return Status::failure(QStringLiteral("journal: no %1 %2 to append").arg(QLatin1String(c.table), key));
        return insert(db, QLatin1String(kind), key, payloadOf(q, 0, columnCount(c.columns)));
    }
    return Status::failure(QStringLiteral("journal: unknown kind %1").arg(QLatin1String(kind)));
}

Result<Verdict> verify(QSqlDatabase db)
{
    Verdict v;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT seq, at, kind, ref, payload, prev_hash, hash FROM journal ORDER BY seq")))
        return Result<Verdict>::failure(QStringLiteral("cannot read the journal: %1").arg(q.lastError().text()));
    const auto broken = [&v](const QString &why) {
        if (v.intact) {
            v.intact = false;
            v.firstBroken = why;
        }
    };
    QByteArray prev;
    qint64 expected = 1;
    QHash<QString, QHash<QString, std::pair<qint64, QString>>> latest; // kind → ref → (seq, payload)
    QJsonObject genesis;
    while (q.next()) {
        const qint64 seq = q.value(0).toLongLong();
        const QString at = q.value(1).toString();
        const QString kind = q.value(2).toString();
        const QString ref = q.value(3).toString();
        const QString payload = q.value(4).toString();
        const QByteArray prevHash = q.value(5).toByteArray();
        const QByteArray hash = q.value(6).toByteArray();
        ++v.entries;
        if (v.intact) {
            if (seq != expected)
                broken(QStringLiteral("entry %1: entry %2 is missing (deleted?)").arg(seq).arg(expected));
            else if (prevHash != prev)
                broken(QStringLiteral("entry %1: it does not follow the entry before it").arg(seq));
            else if (hashOf(prev, seq, at, kind, ref, payload) != hash)
                broken(QStringLiteral("entry %1 (%2 %3): its hash does not match its content (edited?)").arg(seq).arg(kind, ref));
        }
        prev = hash;
        expected = seq + 1;
        if (seq == 1 && kind == kGenesis)
            genesis = QJsonDocument::fromJson(payload.toUtf8()).object();
        else
            latest[kind][ref] = {seq, payload};
    }
    if (v.entries == 0)
        broken(QStringLiteral("the journal is empty"));
    // Every covered record agrees with its latest entry, and every entry's record is there.
    for (const Covered &c : covered()) {
        const qint64 before = genesis.value(QLatin1String(c.table)).toInteger();
        QHash<QString, std::pair<qint64, QString>> entries = latest.value(QLatin1String(c.kind));
        QSqlQuery r(db);
        r.setForwardOnly(true);
        if (!r.exec(QStringLiteral("SELECT rowid, %1 FROM %2 ORDER BY rowid").arg(QLatin1String(c.columns), QLatin1String(c.table))))
            return Result<Verdict>::failure(QStringLiteral("cannot read %1: %2").arg(QLatin1String(c.table), r.lastError().text()));
        const int n = columnCount(c.columns);
        while (r.next()) {
            if (r.value(0).toLongLong() <= before)
                continue; // written before the journal began
            ++v.records;
            const QString key = r.value(1).toString();
            const auto it = entries.constFind(key);
            if (it == entries.cend()) {
                broken(QStringLiteral("%1 %2 has no journal entry (inserted by hand?)").arg(QLatin1String(c.table), key));
                continue;
            }
            if (it->second != payloadOf(r, 1, n))
                broken(QStringLiteral("%1 %2 differs from journal entry %3 (edited?)").arg(QLatin1String(c.table), key).arg(it->first));
            entries.remove(key);
        }
        for (auto it = entries.cbegin(); it != entries.cend(); ++it)
            broken(QStringLiteral("journal entry %1 names %2 %3, which is gone (deleted?)").arg(it->first).arg(QLatin1String(c.table), it.key()));
    }
    return v;
}

} // namespace journal
