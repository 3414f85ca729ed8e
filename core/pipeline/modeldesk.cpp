// SPDX-License-Identifier: GPL-3.0-or-later
#include "modeldesk.h"

#include "persistence/tradestore.h"
#include "risk/tradingguard.h"
#include "util/ids.h"
#include "util/logging.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QUuid>

namespace {
constexpr std::size_t kRecentNarratives = 200;

QString replayKey(const QString &version, const QString &hash)
{
    return version + QLatin1Char('|') + hash;
}
} // namespace

ModelDesk::ModelDesk(TradeStore &store, const TradingGuard &guard, ModelConfig config, const QString &replayPath, Hooks hooks)
    : m_store(store)
    , m_guard(guard)
    , m_config(std::move(config))
    , m_hooks(std::move(hooks))
{
    if (!replayPath.isEmpty()) {
        // A recording answers the prompts it holds, exactly as they were answered.
        const QString name = QStringLiteral("replay-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
        {
            const Result<QSqlDatabase> db = Database::openReadOnly(replayPath, name);
            if (db) {
                QSqlQuery q(db.value());
                q.exec(QStringLiteral("SELECT prompt_version, input_hash, provider, model, answer, id, purpose FROM model_exchanges"
                                      " WHERE outcome = 'ok' ORDER BY created_at, rowid"));
                while (q.next()) {
                    ModelExchange x;
                    x.promptVersion = q.value(0).toString();
                    x.inputHash = q.value(1).toString();
                    x.provider = q.value(2).toString();
                    x.model = q.value(3).toString();
                    x.answer = q.value(4).toString();
                    x.id = q.value(5).toString();
                    x.purpose = q.value(6).toString();
                    x.outcome = ModelExchange::Outcome::Replayed;
                    m_replay.insert(replayKey(x.promptVersion, x.inputHash), x);
                    m_replayLabel = x.provider + QLatin1Char('/') + x.model;
                }
            } else {
                qCWarning(lcModel).noquote() << QStringLiteral("the recording %1 could not be opened: the deterministic selector stands in").arg(replayPath);
            }
        }
        QSqlDatabase::removeDatabase(name);
        qCInfo(lcModel).noquote() << QStringLiteral("replaying %1 recorded model answers from %2").arg(m_replay.size()).arg(replayPath);
    }
    if (m_config.enabled()) {
        m_service = std::make_unique<ModelService>(m_config);
        m_context = std::make_unique<QObject>();
        QObject::connect(m_service.get(), &ModelService::answered, m_context.get(), [this](const ModelExchange &x) { onAnswered(x); });
    }
}

ModelDesk::~ModelDesk() = default;

QString ModelDesk::label() const
{
    if (m_config.enabled())
        return m_config.label();
    if (!m_replay.isEmpty())
        return QStringLiteral("replay of %1").arg(m_replayLabel);
    return QStringLiteral("deterministic");
}

bool ModelDesk::breakerOpen() const
{
    return m_guard.breaker(TradingGuard::Model).state() == BreakerState::Open;
}

std::optional<ModelExchange> ModelDesk::replayOf(const modelprompt::Prompt &p) const
{
    if (const auto it = m_replay.constFind(replayKey(p.version, p.inputHash)); it != m_replay.cend())
        return *it;
    // After a restart this record may hold the answer already: it is not asked twice.
    if (m_config.enabled())
        if (auto x = m_store.findReplay(p.version, p.inputHash))
            return x;
    return std::nullopt;
}

Status ModelDesk::record(const ModelExchange &x, int sessionIndex)
{
    return m_hooks.transaction([&] { return m_store.recordModelExchange(x, sessionIndex); });
}

bool ModelDesk::beginSelection(const QDate &session, int sessionIndex, const QList<modelprompt::SelectionItem> &items)
{
    Pipeline::ModelSelection sel;
    sel.asked = true;
    sel.selector = label();
    if (items.isEmpty()) {
        m_ready.insert(session, sel);
        return false;
    }
    const QStringList enabled = modelprompt::selectableStrategies();
    const int size = std::max(1, m_config.batchSize);
    bool waiting = false;
    for (qsizetype first = 0; first < items.size(); first += size) {
        const QList<modelprompt::SelectionItem> batch = items.mid(first, size);
        QStringList symbols;
        for (const auto &i : batch)
            symbols.append(i.symbol);
        const modelprompt::Prompt prompt = modelprompt::selectionPrompt(batch, enabled);
        if (const std::optional<ModelExchange> replay = replayOf(prompt)) {
            ++m_counters.replayed;
            const modelprompt::SelectionAnswer a = modelprompt::parseSelection(replay->answer, symbols, enabled);
            for (auto it = a.choices.cbegin(); it != a.choices.cend(); ++it)
                sel.choices.insert(it.key(), it.value());
            for (auto it = a.rejected.cbegin(); it != a.rejected.cend(); ++it)
                sel.fallbackWhy.insert(it.key(), it.value());
            if (!a.error.isEmpty())
                for (const QString &s : symbols)
                    sel.fallbackWhy.insert(s, a.error);
            if (!m_config.enabled())
                sel.selector = QStringLiteral("replay of %1/%2").arg(replay->provider, replay->model);
            continue;
        }
        if (!m_config.enabled()) {
            for (const QString &s : symbols)
                sel.fallbackWhy.insert(s, QStringLiteral("not in the recording"));
            continue;
        }
        if (breakerOpen()) {
            for (const QString &s : symbols)
                sel.fallbackWhy.insert(s, QStringLiteral("the model breaker is open"));
            continue;
        }
        const QString id = newId("mx");
        m_pending.insert(id, Pending{session, sessionIndex, symbols, {}, {}, {}, false});
        ++m_pendingBatches;
        ++m_counters.calls;
        m_service->ask(id, prompt);
        waiting = true;
    }
    m_ready.insert(session, sel);
    return waiting;
}

Pipeline::ModelSelection ModelDesk::takeSelection(const QDate &session)
{
    return m_ready.take(session);
}

void ModelDesk::onAnswered(const ModelExchange &x)
{
    const auto it = m_pending.constFind(x.id);
    if (it == m_pending.cend())
        return;
    if (it->narrative)
        finishNarrative(x.id, x);
    else
        finishSelection(x.id, x);
}

void ModelDesk::finishSelection(const QString &id, const ModelExchange &xIn)
{
    const Pending p = m_pending.take(id);
    ModelExchange x = xIn;
    const QStringList enabled = modelprompt::selectableStrategies();
    QString why;
    modelprompt::SelectionAnswer a;
    if (x.ok()) {
        a = modelprompt::parseSelection(x.answer, p.symbols, enabled);
        if (!a.error.isEmpty()) {
            x.outcome = ModelExchange::Outcome::Invalid;
            x.reason = why = a.error;
        } else if (!a.rejected.isEmpty()) {
            why = QStringLiteral("%1 of %2 choices refused").arg(a.rejected.size()).arg(p.symbols.size());
            x.reason = why + QStringLiteral(" (") + a.rejected.cbegin().key() + QStringLiteral(": ") + a.rejected.cbegin().value() + QLatin1Char(')');
        }
    } else {
        why = x.reason;
    }
    if (Status s = record(x, p.sessionIndex); !s) {
        if (m_hooks.recordFailed)
            m_hooks.recordFailed(s.error());
    }
    const bool good = x.ok() && a.error.isEmpty() && a.rejected.isEmpty();
    if (!good) {
        ++m_counters.failures;
        qCWarning(lcModel).noquote() << QStringLiteral("strategy selection by %1: %2; the deterministic selector stands in").arg(label(), why);
    }
    if (m_hooks.modelResult)
        if (Status s = m_hooks.modelResult(good, why); !s && m_hooks.recordFailed)
            m_hooks.recordFailed(s.error());
    Pipeline::ModelSelection &sel = m_ready[p.session];
    for (auto c = a.choices.cbegin(); c != a.choices.cend(); ++c)
        sel.choices.insert(c.key(), c.value());
    for (const QString &s : p.symbols)
        if (!a.choices.contains(s))
            sel.fallbackWhy.insert(s, a.rejected.value(s, why.isEmpty() ? QStringLiteral("no model choice") : why));
    --m_pendingBatches;
    if (m_pendingBatches == 0 && m_hooks.selectionReady)
        m_hooks.selectionReady();
}

void ModelDesk::narrate(const QString &kind, const QString &title, int sessionIndex, const QDate &session, const QList<modelprompt::Metric> &metrics)
{
    if (m_config.enabled() && !breakerOpen()) {
        const QString id = newId("mx");
        m_pending.insert(id, Pending{session, sessionIndex, {}, kind, title, metrics, true});
        ++m_counters.calls;
        m_service->ask(id, modelprompt::narrativePrompt(kind, title, metrics));
        return;
    }
    AuditNarrative n;
    n.id = newId("nar");
    n.at = QDateTime::currentDateTimeUtc();
    n.sessionIndex = sessionIndex;
    n.session = session;
    n.kind = kind;
    n.source = QStringLiteral("offline");
    n.text = modelprompt::offlineNarrative(kind, title, metrics);
    n.metrics = metrics;
    if (m_config.enabled())
        n.note = QStringLiteral("the model breaker is open: the offline narrator wrote this");
    recordNarrative(std::move(n));
}

void ModelDesk::finishNarrative(const QString &id, const ModelExchange &xIn)
{
    const Pending p = m_pending.take(id);
    ModelExchange x = xIn;
    AuditNarrative n;
    n.id = newId("nar");
    n.at = QDateTime::currentDateTimeUtc();
    n.sessionIndex = p.sessionIndex;
    n.session = p.session;
    n.kind = p.kind;
    n.metrics = p.metrics;
    n.exchangeId = x.id;
    QString why = x.reason;
    if (x.ok()) {
        // Every provider is asked for JSON (a schema, a forced tool or JSON mode): prose instead is a format failure.
        n.text = modelprompt::parseNarrative(x.answer, true, &why);
        if (n.text.isEmpty()) {
            x.outcome = ModelExchange::Outcome::Invalid;
            x.reason = why;
        }
    }
    if (Status s = record(x, p.sessionIndex); !s && m_hooks.recordFailed)
        m_hooks.recordFailed(s.error());
    const bool good = x.ok();
    if (!good)
        ++m_counters.failures;
    if (m_hooks.modelResult)
        if (Status s = m_hooks.modelResult(good, why); !s && m_hooks.recordFailed)
            m_hooks.recordFailed(s.error());
    if (good) {
        n.source = m_config.label();
    } else {
        n.source = QStringLiteral("offline");
        n.text = modelprompt::offlineNarrative(p.kind, p.title, p.metrics);
        n.note = QStringLiteral("the model failed (%1): the offline narrator wrote this").arg(why);
    }
    recordNarrative(std::move(n));
}

void ModelDesk::recordNarrative(AuditNarrative n)
{
    n.claims = modelprompt::checkNarrative(n.text, n.metrics);
    if (Status s = m_hooks.transaction([&] { return m_store.recordNarrative(n); }); !s && m_hooks.recordFailed)
        m_hooks.recordFailed(s.error());
    ++m_counters.narratives;
    if (n.flagged()) {
        ++m_counters.narrativesFlagged;
        qCWarning(lcModel).noquote() << QStringLiteral("the %1 narrative of %2 states %3 number(s) that code did not compute")
                                            .arg(n.kind, n.session.toString(Qt::ISODate))
                                            .arg(n.flaggedClaims());
    }
    m_recent.push_front(std::move(n));
    while (m_recent.size() > kRecentNarratives)
        m_recent.pop_back();
}
