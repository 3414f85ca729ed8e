// SPDX-License-Identifier: GPL-3.0-or-later
#include "database.h"

#include <QLockFile>

#include "util/logging.h"

#include <QDir>
#include <QRegularExpression>
#include <QUrl>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

#include <vector>

namespace {

// Step-wise migrations: step i takes the schema from version i to i + 1.
// Never edit a released step; add a new one.
struct Step
{
    std::vector<const char *> sql; ///< SQLite's statements (PostgreSQL's too, translated by pgStatement())
    std::vector<const char *> pg = {}; ///< PostgreSQL's own, where the dialects differ beyond translation
};

const std::vector<Step> &migrations()
{
    static const std::vector<Step> steps = {
        {{
            // 0 → 1: the records of SPEC §7 that the demo pipeline writes.
            "CREATE TABLE runs (id TEXT PRIMARY KEY, kind TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT,"
            " status TEXT NOT NULL, error TEXT, params TEXT)",
            "CREATE TABLE iterations (id TEXT PRIMARY KEY, run_id TEXT, session TEXT NOT NULL, session_index INTEGER NOT NULL,"
            " started_at TEXT NOT NULL, status TEXT NOT NULL, error TEXT, symbols_requested INTEGER, symbols_valid INTEGER,"
            " data_ms REAL, strategy_ms REAL, risk_ms REAL, record_ms REAL, total_ms REAL, signals INTEGER, proposals INTEGER)",
            "CREATE TABLE data_issues (id INTEGER PRIMARY KEY AUTOINCREMENT, correlation_id TEXT, symbol TEXT NOT NULL,"
            " reason TEXT NOT NULL, created_at TEXT NOT NULL)",
            "CREATE TABLE bars (symbol TEXT NOT NULL, session TEXT NOT NULL, open TEXT NOT NULL, high TEXT NOT NULL,"
            " low TEXT NOT NULL, close TEXT NOT NULL, volume INTEGER NOT NULL, PRIMARY KEY (symbol, session))",
            "CREATE TABLE signals (id TEXT PRIMARY KEY, correlation_id TEXT NOT NULL, symbol TEXT NOT NULL, session TEXT NOT NULL,"
            " strategy TEXT NOT NULL, selector TEXT NOT NULL, selection_reason TEXT, direction TEXT NOT NULL, confidence REAL,"
            " reason TEXT, price TEXT, atr REAL, created_at TEXT NOT NULL)",
            "CREATE TABLE proposals (id TEXT PRIMARY KEY, signal_id TEXT, correlation_id TEXT, symbol TEXT NOT NULL,"
            " side TEXT NOT NULL, reducing INTEGER NOT NULL, qty TEXT NOT NULL, price TEXT NOT NULL, stop_price TEXT,"
            " confidence REAL, strategy TEXT, rationale TEXT, status TEXT NOT NULL, decision_reason TEXT,"
            " session_index INTEGER, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
            "CREATE TABLE verdicts (id INTEGER PRIMARY KEY AUTOINCREMENT, proposal_id TEXT NOT NULL, stage TEXT NOT NULL,"
            " kind TEXT NOT NULL, requested_qty TEXT, final_qty TEXT, final_notional TEXT, binding_rule TEXT, summary TEXT,"
            " created_at TEXT NOT NULL)",
            "CREATE TABLE verdict_rules (verdict_id INTEGER NOT NULL, position INTEGER NOT NULL, rule TEXT NOT NULL,"
            " outcome TEXT NOT NULL, value TEXT, limit_text TEXT, allowed_qty TEXT, note TEXT, PRIMARY KEY (verdict_id, position))",
            "CREATE TABLE decisions (id TEXT PRIMARY KEY, proposal_id TEXT NOT NULL, decision TEXT NOT NULL, reason TEXT,"
            " operator TEXT, created_at TEXT NOT NULL)",
            "CREATE TABLE orders (id TEXT PRIMARY KEY, client_order_id TEXT NOT NULL UNIQUE, proposal_id TEXT, symbol TEXT NOT NULL,"
            " side TEXT NOT NULL, type TEXT NOT NULL, purpose TEXT NOT NULL, qty TEXT NOT NULL, stop_price TEXT,"
            " status TEXT NOT NULL, filled_qty TEXT, filled_avg_price TEXT, reason TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
            "CREATE TABLE order_events (id INTEGER PRIMARY KEY AUTOINCREMENT, order_id TEXT NOT NULL, status TEXT NOT NULL,"
            " reason TEXT, created_at TEXT NOT NULL)",
            "CREATE TABLE fills (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, order_id TEXT NOT NULL,"
            " symbol TEXT NOT NULL, side TEXT NOT NULL, qty TEXT NOT NULL, price TEXT NOT NULL, created_at TEXT NOT NULL)",
            "CREATE TABLE equity_curve (id INTEGER PRIMARY KEY AUTOINCREMENT, session_index INTEGER NOT NULL, session TEXT NOT NULL,"
            " time TEXT NOT NULL, cash TEXT NOT NULL, positions_value TEXT NOT NULL, equity TEXT NOT NULL, fill_count INTEGER NOT NULL)",
            "CREATE TABLE app_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        }},
        {{
            // 1 → 2: indexes for the queries restore and review make.
            "CREATE INDEX idx_proposals_status ON proposals (status)",
            "CREATE INDEX idx_orders_proposal ON orders (proposal_id)",
            "CREATE INDEX idx_orders_status ON orders (status)",
            "CREATE INDEX idx_fills_order ON fills (order_id)",
            "CREATE INDEX idx_order_events_order ON order_events (order_id)",
            "CREATE INDEX idx_decisions_proposal ON decisions (proposal_id)",
            "CREATE INDEX idx_signals_correlation ON signals (correlation_id)",
        }},
        {{
            // 2 → 3: the full risk engine: numeric rule results, breakers and
            // their journal, reservations, held orders and per-symbol cooldowns.
            "ALTER TABLE verdict_rules ADD COLUMN unit TEXT NOT NULL DEFAULT 'none'",
            "CREATE TABLE breakers (name TEXT PRIMARY KEY, state TEXT NOT NULL, reason TEXT, tripped_at TEXT,"
            " failures INTEGER NOT NULL, successes INTEGER NOT NULL, updated_at TEXT NOT NULL)",
            "CREATE TABLE breaker_events (id INTEGER PRIMARY KEY AUTOINCREMENT, breaker TEXT NOT NULL, from_state TEXT NOT NULL,"
            " to_state TEXT NOT NULL, reason TEXT NOT NULL, actor TEXT NOT NULL, created_at TEXT NOT NULL)",
            "CREATE TABLE reservations (proposal_id TEXT PRIMARY KEY, symbol TEXT NOT NULL, tier INTEGER NOT NULL,"
            " notional TEXT NOT NULL, created_at TEXT NOT NULL)",
            "CREATE TABLE held_orders (client_order_id TEXT PRIMARY KEY, proposal_id TEXT NOT NULL, symbol TEXT NOT NULL,"
            " side TEXT NOT NULL, type TEXT NOT NULL, purpose TEXT NOT NULL, qty TEXT NOT NULL, stop_price TEXT,"
            " reason TEXT NOT NULL, created_at TEXT NOT NULL)",
            "CREATE TABLE symbol_state (symbol TEXT PRIMARY KEY, last_exit_session INTEGER)",
        }},
        {{
            // 3 → 4: exit levels and excursions of open positions.
            "CREATE TABLE exit_state (symbol TEXT PRIMARY KEY, entry_price TEXT NOT NULL, qty TEXT NOT NULL, atr TEXT,"
            " stop TEXT, stop_rule TEXT, target TEXT, highest TEXT NOT NULL, lowest TEXT NOT NULL, bars_held INTEGER NOT NULL,"
            " exit_pending INTEGER NOT NULL)",
        }},
        {{
            // 4 → 5: the quant stage's factors on each proposal, and its timing.
            "ALTER TABLE proposals ADD COLUMN quant TEXT",
            "ALTER TABLE iterations ADD COLUMN quant_ms REAL",
        }},
        {{
            // 5 → 6: strategy health and the budget-stress level acted on per position.
            "CREATE TABLE strategy_health (strategy TEXT PRIMARY KEY, outcomes TEXT NOT NULL, suspended INTEGER NOT NULL,"
            " updated_at TEXT NOT NULL)",
            "ALTER TABLE exit_state ADD COLUMN stress_acted INTEGER NOT NULL DEFAULT 0",
        }},
        {{
            // 6 → 7: the order lifecycle. Every order Sentinel means to have is an
            // intent, journaled before it is sent; held orders are intents in state 'held'.
            "CREATE TABLE order_intents (client_order_id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE,"
            " proposal_id TEXT NOT NULL, symbol TEXT NOT NULL, side TEXT NOT NULL, type TEXT NOT NULL, purpose TEXT NOT NULL,"
            " qty TEXT NOT NULL, stop_price TEXT, state TEXT NOT NULL, replaces TEXT, broker_order_id TEXT,"
            " source TEXT NOT NULL, reason TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
            "CREATE INDEX idx_order_intents_state ON order_intents (state)",
            "INSERT INTO order_intents (client_order_id, seq, proposal_id, symbol, side, type, purpose, qty, stop_price, state,"
            " source, reason, created_at, updated_at) SELECT client_order_id, rowid, proposal_id, symbol, side, type, purpose, qty,"
            " stop_price, 'held', 'approval', reason, created_at, created_at FROM held_orders",
            "DROP TABLE held_orders",
        }},
        {{
            // 7 → 8: the order terms of SPEC §3 (limit, trailing, notional, time in force,
            // bracket legs), orders Sentinel did not place, and the reconciliation journal.
            "ALTER TABLE orders ADD COLUMN terms TEXT",
            "ALTER TABLE orders ADD COLUMN parent_id TEXT",
            "ALTER TABLE orders ADD COLUMN external INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE order_intents ADD COLUMN terms TEXT",
            "CREATE TABLE reconciliation (id TEXT PRIMARY KEY, found_at TEXT NOT NULL, trigger TEXT NOT NULL, kind TEXT NOT NULL,"
            " symbol TEXT NOT NULL, order_id TEXT, ours TEXT, broker TEXT, detail TEXT NOT NULL, resolution TEXT, resolved_by TEXT,"
            " resolved_at TEXT)",
            "CREATE INDEX idx_reconciliation_open ON reconciliation (resolution)",
        }},
        {{
            // 8 → 9: every exchange with a model (the replay cache is its ok answers,
            // keyed by prompt version and input hash) and the audit narratives.
            "CREATE TABLE model_exchanges (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, session_index INTEGER, purpose TEXT NOT NULL,"
            " provider TEXT NOT NULL, model TEXT, prompt_version TEXT NOT NULL, input_hash TEXT NOT NULL, request TEXT, response TEXT,"
            " answer TEXT, prompt_tokens INTEGER NOT NULL DEFAULT 0, completion_tokens INTEGER NOT NULL DEFAULT 0,"
            " latency_ms INTEGER NOT NULL DEFAULT 0, cost_usd REAL, attempts INTEGER NOT NULL DEFAULT 0, http_status INTEGER,"
            " outcome TEXT NOT NULL, reason TEXT)",
            "CREATE INDEX idx_model_exchanges_replay ON model_exchanges (prompt_version, input_hash)",
            "CREATE TABLE narratives (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, session_index INTEGER, session TEXT, kind TEXT NOT NULL,"
            " source TEXT NOT NULL, text TEXT NOT NULL, metrics TEXT NOT NULL, claims TEXT NOT NULL, flagged INTEGER NOT NULL DEFAULT 0,"
            " exchange_id TEXT, note TEXT)",
        }},
        {{
            // 9 → 10: the hash-chained journal of decisions, order intents, breaker events and runs.
            "CREATE TABLE journal (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, kind TEXT NOT NULL, ref TEXT NOT NULL, payload TEXT NOT NULL,"
            " prev_hash TEXT NOT NULL, hash TEXT NOT NULL)",
        }},
        {{
            // 10 → 11: one clock: a decision carries the venue's (simulated) time beside its UTC wall time.
            "ALTER TABLE decisions ADD COLUMN sim_at TEXT",
        }},
        {
            // 11 → 12: records that cannot exist, refused by the database itself: a fill
            // without its order, an order of Sentinel's without an approval of its
            // proposal (a trader's, a standing rule's or the system's), and a second
            // approve or veto of one proposal.
            {
                "CREATE UNIQUE INDEX uq_decisions_verdict ON decisions (proposal_id) WHERE decision IN ('approve', 'veto')",
                "CREATE TRIGGER fills_need_order BEFORE INSERT ON fills"
                " WHEN NOT EXISTS (SELECT 1 FROM orders WHERE id = NEW.order_id)"
                " BEGIN SELECT RAISE(ABORT, 'a fill must name a recorded order'); END",
                "CREATE TRIGGER orders_need_approval BEFORE INSERT ON orders"
                " WHEN NEW.external = 0 AND NOT EXISTS (SELECT 1 FROM decisions WHERE proposal_id = NEW.proposal_id"
                " AND decision IN ('approve', 'auto_tighten'))"
                " BEGIN SELECT RAISE(ABORT, 'an order must follow a recorded approval of its proposal'); END",
            },
            {
                "CREATE UNIQUE INDEX uq_decisions_verdict ON decisions (proposal_id) WHERE decision IN ('approve', 'veto')",
                "CREATE FUNCTION sentinel_fills_need_order() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                " IF NOT EXISTS (SELECT 1 FROM orders WHERE id = NEW.order_id) THEN"
                " RAISE EXCEPTION 'a fill must name a recorded order'; END IF; RETURN NEW; END $$",
                "CREATE TRIGGER fills_need_order BEFORE INSERT ON fills FOR EACH ROW EXECUTE FUNCTION sentinel_fills_need_order()",
                "CREATE FUNCTION sentinel_orders_need_approval() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                " IF NEW.external = 0 AND NOT EXISTS (SELECT 1 FROM decisions WHERE proposal_id = NEW.proposal_id"
                " AND decision IN ('approve', 'auto_tighten')) THEN"
                " RAISE EXCEPTION 'an order must follow a recorded approval of its proposal'; END IF; RETURN NEW; END $$",
                "CREATE TRIGGER orders_need_approval BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION sentinel_orders_need_approval()",
            },
        },
        {{
            // 12 → 13: round-trip trades, kept as fills arrive, for review: a position's
            // opening buy to the sell that flattens it, with its proposal and who approved it.
            // P&L is kept as text (exact), as a double (to sort) and in the Decimal's raw
            // units (pnl_raw, 1e-9 dollars) so that totals summed in the database stay exact.
            "CREATE TABLE trades (id TEXT PRIMARY KEY, symbol TEXT NOT NULL, strategy TEXT, proposal_id TEXT, approval TEXT NOT NULL,"
            " operator TEXT, opened_at TEXT NOT NULL, closed_at TEXT, buy_qty TEXT NOT NULL, buy_cost TEXT NOT NULL,"
            " sell_qty TEXT NOT NULL, sell_proceeds TEXT NOT NULL, entry_price TEXT, exit_price TEXT, pnl TEXT, pnl_value REAL,"
            " pnl_raw INTEGER, outcome TEXT NOT NULL, exit_purpose TEXT)",
            "CREATE INDEX idx_trades_opened ON trades (opened_at, strategy, outcome, approval)",
            "CREATE INDEX idx_trades_symbol ON trades (symbol, opened_at)",
            "CREATE INDEX idx_trades_strategy ON trades (strategy, opened_at, outcome, approval)",
            "CREATE INDEX idx_trades_pnl ON trades (pnl_value)",
            "CREATE INDEX idx_trades_closed ON trades (closed_at)",
            "CREATE INDEX idx_trades_outcome ON trades (outcome, opened_at, strategy, approval)",
            "CREATE INDEX idx_trades_approval ON trades (approval, opened_at, strategy, outcome)",
            "CREATE INDEX idx_trades_open ON trades (symbol) WHERE closed_at IS NULL",
            // (The filter columns ride along in the date, strategy, outcome and approval indexes,
            // so a count of any combination of them reads one index and no rows.)
            // A trade's story reads its verdicts, and the orders and fills of its symbol in its time.
            "CREATE INDEX idx_verdicts_proposal ON verdicts (proposal_id)",
            "CREATE INDEX idx_orders_symbol ON orders (symbol, created_at)",
            "CREATE INDEX idx_fills_symbol ON fills (symbol, created_at)",
            // Every change of the settings an engine runs with, journaled like a decision.
            "CREATE TABLE settings_changes (id TEXT PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, settings TEXT NOT NULL,"
            " previous TEXT)",
        }},
        // 14: approvals with an edit keep both orders, the proposed and the edited, journaled.
        {{
            "CREATE TABLE approval_edits (id TEXT PRIMARY KEY, proposal_id TEXT NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL,"
            " original_qty TEXT NOT NULL, original_stop TEXT, original_price TEXT, edited_qty TEXT NOT NULL, edited_stop TEXT,"
            " limit_price TEXT, summary TEXT NOT NULL)",
            "CREATE INDEX idx_approval_edits_proposal ON approval_edits (proposal_id)",
        }},
        // 15: the operator's desk: a decision's reason code, note, time to decide and standing
        // rule (journaled); the standing approvals (journaled); the shadow positions of vetoed
        // and expired proposals.
        {{
            "CREATE TABLE decision_details (decision_id TEXT PRIMARY KEY, proposal_id TEXT NOT NULL, reason_code TEXT, note TEXT,"
            " wait_ms INTEGER, rule_id TEXT)",
            "CREATE INDEX idx_decision_details_proposal ON decision_details (proposal_id)",
            "CREATE TABLE standing_approvals (id TEXT PRIMARY KEY, kind TEXT NOT NULL, max_notional TEXT, min_accuracy TEXT,"
            " created_at TEXT NOT NULL, expires_at TEXT, actor TEXT NOT NULL, ended_at TEXT, end_reason TEXT)",
            "CREATE TABLE shadow_positions (proposal_id TEXT PRIMARY KEY, symbol TEXT NOT NULL, strategy TEXT, cause TEXT NOT NULL,"
            " reason_code TEXT, qty TEXT NOT NULL, entry_price TEXT NOT NULL, atr TEXT, stop TEXT, stop_rule TEXT, target TEXT,"
            " highest TEXT, lowest TEXT, bars_held INTEGER NOT NULL, opened_at TEXT, closed_at TEXT, exit_price TEXT, exit_rule TEXT,"
            " last_price TEXT)",
        }},
    };
    return steps;
}

/// A SQLite statement of the migrations in PostgreSQL's dialect: 64-bit integers,
/// double precision, serial keys, and a `rowid` column on every table so that
/// "in the order written" reads the same on both.
QString pgStatement(const char *sqlite)
{
    QString s = QLatin1String(sqlite);
    s.replace(QLatin1String("INTEGER PRIMARY KEY AUTOINCREMENT"), QLatin1String("BIGSERIAL PRIMARY KEY"));
    s.replace(QLatin1String(" INTEGER"), QLatin1String(" BIGINT"));
    s.replace(QLatin1String(" REAL"), QLatin1String(" DOUBLE PRECISION"));
    if (s.startsWith(QLatin1String("CREATE TABLE ")) && s.endsWith(QLatin1Char(')')))
        s.insert(s.size() - 1, QLatin1String(", rowid BIGSERIAL"));
    return s;
}

QStringList stepStatements(const Step &step, bool postgres)
{
    QStringList out;
    if (!postgres) {
        for (const char *sql : step.sql)
            out.append(QLatin1String(sql));
    } else if (!step.pg.empty()) {
        for (const char *sql : step.pg)
            out.append(QLatin1String(sql));
    } else {
        for (const char *sql : step.sql)
            out.append(pgStatement(sql));
    }
    return out;
}

/// The advisory lock that serialises migrations and journal appends across the
/// workstations of one PostgreSQL database ("SNTL").
constexpr qint64 kPgLock = Database::kApplicationId;
/// The session lock of the one engine acting on a PostgreSQL record ("SNTE").
constexpr qint64 kPgEngineLock = 0x534E5445;

} // namespace

int Database::latestVersion()
{
    return static_cast<int>(migrations().size());
}

bool Database::isPostgresUrl(const QString &location)
{
    return location.startsWith(QLatin1String("postgresql://")) || location.startsWith(QLatin1String("postgres://"));
}

QString Database::resolveLocation(const QString &location)
{
    return isPostgresUrl(location) || location.isEmpty() ? location : QDir::current().absoluteFilePath(location);
}

Status Database::claimForEngine()
{
    if (!m_postgres)
        return {};
    QSqlQuery q(handle());
    if (!q.exec(QStringLiteral("SELECT pg_try_advisory_lock(%1)").arg(kPgEngineLock)) || !q.next())
        return Status::failure(QStringLiteral("%1: cannot take the engine's lock: %2").arg(m_path, q.lastError().text()));
    if (q.value(0).toBool())
        return {};
    QString who = QStringLiteral("another connection");
    if (q.exec(QStringLiteral("SELECT coalesce(a.client_hostname, host(a.client_addr), 'a local socket'), a.pid, a.backend_start"
                              " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                              " WHERE l.locktype = 'advisory' AND l.granted AND l.objid = %1")
                   .arg(kPgEngineLock & 0xffffffff))
        && q.next())
        who = QStringLiteral("the connection from %1 (server pid %2, since %3)")
                  .arg(q.value(0).toString())
                  .arg(q.value(1).toLongLong())
                  .arg(q.value(2).toDateTime().toUTC().toString(Qt::ISODate));
    return Status::failure(QStringLiteral("another Sentinel engine is acting on %1 (%2). One engine acts on a record at a time; "
                                          "stop it, or choose another database.")
                               .arg(m_path, who));
}

Result<QSqlDatabase> Database::addConnection(const QString &location, const QString &name, bool readOnly)
{
    if (!isPostgresUrl(location)) {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(location);
        if (readOnly)
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        return db;
    }
    // postgresql://[USER[:PASSWORD]@][HOST][:PORT]/DBNAME[?host=/socket/dir&port=N]
    static const QRegularExpression re(QStringLiteral("^postgres(?:ql)?://(?:([^:@/]*)(?::([^@/]*))?@)?([^/:?]*)(?::(\\d+))?/([^?/]+)(?:\\?(.*))?$"));
    const QRegularExpressionMatch m = re.match(location);
    if (!m.hasMatch())
        return Result<QSqlDatabase>::failure(QStringLiteral("%1 is not a PostgreSQL URL (postgresql://USER@HOST/DBNAME, or "
                                                            "postgresql://USER@/DBNAME?host=/run/postgresql for a local socket)")
                                                 .arg(location));
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
        return Result<QSqlDatabase>::failure(QStringLiteral("Qt's PostgreSQL driver (QPSQL) is not installed; on Debian it is the "
                                                            "package libqt6sql6-psql (make deps installs it)"));
    const auto decoded = [](const QString &t) { return QUrl::fromPercentEncoding(t.toUtf8()); };
    QString host = decoded(m.captured(3));
    int port = m.captured(4).isEmpty() ? -1 : m.captured(4).toInt();
    for (const QString &item : m.captured(6).split(QLatin1Char('&'), Qt::SkipEmptyParts)) {
        const QString key = item.section(QLatin1Char('='), 0, 0);
        const QString value = decoded(item.section(QLatin1Char('='), 1));
        if (key == QLatin1String("host"))
            host = value;
        else if (key == QLatin1String("port"))
            port = value.toInt();
        else
            return Result<QSqlDatabase>::failure(QStringLiteral("%1: unknown setting '%2' (host and port are understood)").arg(location, key));
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
    db.setDatabaseName(decoded(m.captured(5)));
    db.setUserName(decoded(m.captured(1)));
    if (!m.captured(2).isEmpty())
        db.setPassword(decoded(m.captured(2)));
    if (!host.isEmpty())
        db.setHostName(host);
    if (port > 0)
        db.setPort(port);
    db.setConnectOptions(QStringLiteral("connect_timeout=5;application_name=sentinel"));
    return db;
}

Result<QSqlDatabase> Database::openReadOnly(const QString &location, const QString &name)
{
    if (!isPostgresUrl(location) && !QFileInfo(location).isFile())
        return Result<QSqlDatabase>::failure(QStringLiteral("no such file %1").arg(location));
    Result<QSqlDatabase> c = addConnection(location, name, true);
    if (!c)
        return c;
    QSqlDatabase db = c.value();
    if (!db.open())
        return Result<QSqlDatabase>::failure(QStringLiteral("cannot open %1: %2").arg(location, db.lastError().text()));
    if (db.driverName() == QLatin1String("QPSQL")) {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")))
            return Result<QSqlDatabase>::failure(QStringLiteral("%1: cannot make the session read-only: %2").arg(location, q.lastError().text()));
    }
    return db;
}

Database::Database(QString connectionName)
    : m_name(std::move(connectionName))
{
}

Database::~Database()
{
    close();
}

Status Database::lock(const QString &path)
{
    auto lock = std::make_unique<QLockFile>(path + QStringLiteral(".lock"));
    // Never stale by age: a live holder keeps it however long it runs. A holder
    // that died (its pid no longer runs on this host) is detected by QLockFile.
    lock->setStaleLockTime(0);
    if (lock->tryLock(0)) {
        m_lock = std::move(lock);
        return {};
    }
    if (lock->error() == QLockFile::LockFailedError) {
        qint64 pid = 0;
        QString host;
        QString app;
        lock->getLockInfo(&pid, &host, &app);
        return Status::failure(QStringLiteral("%1 is in use by another Sentinel process (%2, pid %3 on %4). "
                                              "Close it, or choose another database.")
                                   .arg(path, app.isEmpty() ? QStringLiteral("unknown program") : app)
                                   .arg(pid)
                                   .arg(host.isEmpty() ? QStringLiteral("an unknown host") : host));
    }
    return Status::failure(QStringLiteral("cannot create the lock file %1.lock (permission or disk problem)").arg(path));
}

void Database::close()
{
    m_lock.reset();
    if (!QSqlDatabase::contains(m_name))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
}

QSqlDatabase Database::handle() const
{
    return QSqlDatabase::database(m_name, false);
}

bool Database::isPostgres() const
{
    return m_postgres;
}

Status Database::open(const QString &path)
{
    close();
    m_path = path;
    m_postgres = isPostgresUrl(path);
    const auto fail = [this](const QString &why) {
        close();
        return Status::failure(why);
    };
    if (m_postgres) {
        // A desk's shared record: no lock file (several workstations are the point);
        // unique decisions, row checks and the journal's lock guard it instead.
        if (Result<QSqlDatabase> c = addConnection(path, m_name, false); !c)
            return fail(c.error());
        QString why;
        {
            QSqlDatabase db = handle();
            if (!db.open())
                why = db.lastError().text().simplified(); // libpq's message spans lines
        }
        if (!why.isNull())
            return fail(QStringLiteral("cannot connect to %1: %2").arg(path, why));
    } else {
        const QFileInfo info(path);
        if (!QDir().mkpath(info.absolutePath()))
            return Status::failure(QStringLiteral("cannot create the folder %1").arg(info.absolutePath()));
        if (info.exists() && !info.isReadable())
            return Status::failure(QStringLiteral("the database file %1 is not readable").arg(path));
        if (Status s = lock(path); !s)
            return s;
        addConnection(path, m_name, false);
        {
            QSqlDatabase db = handle();
            if (!db.open())
                return fail(QStringLiteral("cannot open %1: %2").arg(path, db.lastError().text()));
            QSqlQuery q(db);
            // Reading the schema is the cheapest operation that touches the file header.
            if (!q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master"))) {
                const QString why = q.lastError().text();
                q = QSqlQuery();
                db = QSqlDatabase();
                return fail(QStringLiteral("%1 is not a readable Sentinel database (%2). The file was left untouched.").arg(path, why));
            }
        }
    }
    const int version = schemaVersion();
    if (version > latestVersion())
        return fail(QStringLiteral("%1 has schema version %2, newer than this build understands (%3). "
                                   "Use a newer Sentinel or start a new database.")
                        .arg(path)
                        .arg(version)
                        .arg(latestVersion()));
    // Whose and how whole the record is, before anything is written to it.
    if (Status s = checkIdentity(); !s)
        return fail(s.error());
    if (!m_postgres) {
        QSqlQuery p(handle());
        for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON",
                                   "PRAGMA busy_timeout=5000"}) {
            if (!p.exec(QLatin1String(pragma))) {
                const QString why = p.lastError().text();
                p = QSqlQuery();
                return fail(QStringLiteral("%1: %2 failed (%3). The file was left untouched.").arg(path, QLatin1String(pragma), why));
            }
        }
    }
    if (Status s = markAsSentinel(); !s)
        return fail(s.error());
    return {};
}

QStringList Database::tables() const
{
    QStringList out;
    QSqlQuery q(handle());
    if (q.exec(m_postgres ? QStringLiteral("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                                           " AND table_type = 'BASE TABLE' ORDER BY table_name")
                          : QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")))
        while (q.next())
            out.append(q.value(0).toString());
    return out;
}

qint64 Database::applicationId() const
{
    QSqlQuery q(handle());
    if (!m_postgres)
        return q.exec(QStringLiteral("PRAGMA application_id")) && q.next() ? q.value(0).toLongLong() : -1;
    if (!q.exec(QStringLiteral("SELECT to_regclass('sentinel_meta') IS NOT NULL")) || !q.next() || !q.value(0).toBool())
        return 0;
    return q.exec(QStringLiteral("SELECT value FROM sentinel_meta WHERE key = 'application_id'")) && q.next() ? q.value(0).toLongLong() : 0;
}

Status Database::markAsSentinel()
{
    QSqlQuery q(handle());
    if (applicationId() == kApplicationId)
        return {};
    if (!m_postgres) {
        if (!q.exec(QStringLiteral("PRAGMA application_id = %1").arg(kApplicationId)))
            return Status::failure(QStringLiteral("%1: cannot mark the file as Sentinel's: %2").arg(m_path, q.lastError().text()));
        return {};
    }
    // PostgreSQL keeps the identity and the schema version in a table of their own.
    QSqlDatabase db = handle();
    if (!db.transaction())
        return Status::failure(QStringLiteral("%1: %2").arg(m_path, db.lastError().text()));
    for (const QString &sql : {QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kPgLock),
                               QStringLiteral("CREATE TABLE IF NOT EXISTS sentinel_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
                               QStringLiteral("INSERT INTO sentinel_meta (key, value) VALUES ('application_id', '%1'), ('user_version', '0')"
                                              " ON CONFLICT (key) DO NOTHING")
                                   .arg(kApplicationId)}) {
        if (!q.exec(sql)) {
            const QString why = q.lastError().text();
            db.rollback();
            return Status::failure(QStringLiteral("%1: cannot mark the database as Sentinel's: %2").arg(m_path, why));
        }
    }
    return db.commit() ? Status() : Status::failure(QStringLiteral("%1: %2").arg(m_path, db.lastError().text()));
}

Status Database::checkIdentity()
{
    QSqlQuery q(handle());
    if (!m_postgres) {
        // Damage first: a page overwritten, an index that disagrees with its table.
        const QString check = q.exec(QStringLiteral("PRAGMA quick_check")) && q.next() ? q.value(0).toString() : QString();
        if (check != QLatin1String("ok"))
            return Status::failure(QStringLiteral("%1 is damaged (quick_check: %2). It was not written to; start a new database, or "
                                                  "restore a backup.")
                                       .arg(m_path, check.isEmpty() ? QStringLiteral("no answer") : check.left(200)));
    }
    // Whose it is: Sentinel's carries its application id; an empty database becomes Sentinel's.
    const qint64 appId = applicationId();
    QStringList tables = this->tables();
    tables.removeAll(QStringLiteral("sentinel_meta"));
    const int version = schemaVersion();
    if (appId != kApplicationId) {
        // Before the id existed, Sentinel's files were told by their schema version and tables.
        const bool earlierSentinel = !m_postgres && appId == 0 && version > 0 && tables.contains(QStringLiteral("app_state"))
                                     && tables.contains(QStringLiteral("orders"));
        if (appId != 0 || (!tables.isEmpty() && !earlierSentinel))
            return Status::failure(QStringLiteral("%1 is not a Sentinel database (application id %2; tables: %3). It was left untouched.")
                                       .arg(m_path)
                                       .arg(appId)
                                       .arg(tables.isEmpty() ? QStringLiteral("none") : tables.mid(0, 6).join(QStringLiteral(", "))));
    }
    // A record that cannot be written is no record: nothing runs on it.
    // (A real write, rolled back: permissions, a read-only mount, an immutable file or a
    // read-only role all show here.)
    const QString begin = m_postgres ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE");
    if (!q.exec(begin) || !q.exec(QStringLiteral("CREATE TABLE sentinel_write_probe (x INTEGER)"))) {
        const QString why = q.lastError().text();
        q.exec(QStringLiteral("ROLLBACK"));
        return Status::failure(QStringLiteral("%1 cannot be written (%2). No run goes on without its record; choose a writable %3.")
                                   .arg(m_path, why, m_postgres ? QStringLiteral("database") : QStringLiteral("file")));
    }
    q.exec(QStringLiteral("ROLLBACK"));
    // Every table and column this schema version has must be there.
    return checkSchema(version);
}

QStringList Database::columns(const QString &table) const
{
    QStringList out;
    QSqlQuery q(handle());
    if (m_postgres) {
        q.prepare(QStringLiteral("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
                                 " AND table_name = ? ORDER BY ordinal_position"));
        q.addBindValue(table);
        if (q.exec())
            while (q.next())
                out.append(q.value(0).toString());
    } else if (q.exec(QStringLiteral("PRAGMA table_info(%1)").arg(table))) {
        while (q.next())
            out.append(q.value(1).toString());
    }
    return out;
}

Status Database::checkSchema(int version) const
{
    if (version <= 0)
        return {};
    const QHash<QString, QStringList> expected = expectedSchema(version);
    QStringList missing;
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        const QStringList columns = this->columns(it.key());
        if (columns.isEmpty()) {
            missing.append(QStringLiteral("table %1").arg(it.key()));
            continue;
        }
        for (const QString &c : it.value())
            if (!columns.contains(c))
                missing.append(QStringLiteral("%1.%2").arg(it.key(), c));
    }
    if (missing.isEmpty())
        return {};
    missing.sort();
    return Status::failure(QStringLiteral("%1 lacks %2 (schema version %3). It was not written to: a record with parts missing "
                                          "would restore wrongly. Restore a backup or start a new database.")
                               .arg(m_path, missing.mid(0, 5).join(QStringLiteral(", ")) + (missing.size() > 5 ? QStringLiteral(", …") : QString()))
                               .arg(version));
}

QHash<QString, QStringList> Database::expectedSchema(int version)
{
    // The schema a version has, learned by building it in memory with the same migrations.
    static QHash<int, QHash<QString, QStringList>> cache;
    if (const auto it = cache.constFind(version); it != cache.cend())
        return *it;
    QHash<QString, QStringList> out;
    const QString name = QStringLiteral("schema-probe-%1").arg(reinterpret_cast<quintptr>(&out));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(QStringLiteral(":memory:"));
        if (db.open()) {
            QSqlQuery q(db);
            const auto &steps = migrations();
            for (int v = 0; v < version && v < static_cast<int>(steps.size()); ++v)
                for (const char *sql : steps[static_cast<std::size_t>(v)].sql)
                    q.exec(QLatin1String(sql));
            QStringList tables;
            q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"));
            while (q.next())
                tables.append(q.value(0).toString());
            for (const QString &t : tables) {
                q.exec(QStringLiteral("PRAGMA table_info(%1)").arg(t));
                QStringList columns;
                while (q.next())
                    columns.append(q.value(1).toString());
                out.insert(t, columns);
            }
        }
    }
    QSqlDatabase::removeDatabase(name);
    cache.insert(version, out);
    return out;
}

int Database::schemaVersion() const
{
    QSqlQuery q(handle());
    if (!m_postgres)
        return q.exec(QStringLiteral("PRAGMA user_version")) && q.next() ? q.value(0).toInt() : -1;
    if (!q.exec(QStringLiteral("SELECT to_regclass('sentinel_meta') IS NOT NULL")) || !q.next())
        return -1;
    if (!q.value(0).toBool())
        return 0;
    return q.exec(QStringLiteral("SELECT value FROM sentinel_meta WHERE key = 'user_version'")) && q.next() ? q.value(0).toInt() : -1;
}

Status Database::migrate(int targetVersion)
{
    if (Status s = migrateSteps(targetVersion); !s)
        return s;
    return checkSchema(schemaVersion());
}

Status Database::migrateSteps(int targetVersion)
{
    if (targetVersion < 0)
        targetVersion = latestVersion();
    QSqlDatabase db = handle();
    const auto &steps = migrations();
    for (;;) {
        if (!db.transaction())
            return Status::failure(QStringLiteral("cannot start a migration of %1: %2").arg(m_path, db.lastError().text()));
        QSqlQuery q(db);
        // Workstations sharing a PostgreSQL database migrate one at a time; each step
        // reads the version again under the lock (another may have done it).
        if (m_postgres && !q.exec(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kPgLock))) {
            const QString why = q.lastError().text();
            db.rollback();
            return Status::failure(QStringLiteral("cannot lock %1 for its migration: %2").arg(m_path, why));
        }
        const int v = schemaVersion();
        if (v < 0 || v >= targetVersion) {
            db.commit();
            if (v < 0)
                return Status::failure(QStringLiteral("cannot read the schema version of %1").arg(m_path));
            return {};
        }
        for (const QString &sql : stepStatements(steps[static_cast<std::size_t>(v)], m_postgres)) {
            if (!q.exec(sql)) {
                const QString why = q.lastError().text();
                db.rollback();
                return Status::failure(QStringLiteral("migration %1→%2 failed: %3").arg(v).arg(v + 1).arg(why));
            }
        }
        const QString setVersion = m_postgres ? QStringLiteral("UPDATE sentinel_meta SET value = '%1' WHERE key = 'user_version'").arg(v + 1)
                                              : QStringLiteral("PRAGMA user_version = %1").arg(v + 1);
        if (!q.exec(setVersion) || !db.commit()) {
            db.rollback();
            return Status::failure(QStringLiteral("migration %1→%2 could not be committed").arg(v).arg(v + 1));
        }
        qCInfo(lcDb) << "database migrated to schema version" << v + 1;
    }
}
