// SPDX-License-Identifier: GPL-3.0-or-later
#include "deskmodels.h"

#include "format.h"

#include <QBrush>
#include <QColor>

namespace {

QString rate(int n, int of)
{
    return of > 0 ? QStringLiteral("%1 (%2 %)").arg(n).arg(100.0 * n / of, 0, 'f', 0) : QString::number(n);
}

QVariant pnlBrush(Decimal pnl)
{
    if (pnl.isZero())
        return {};
    return QBrush(pnl.isPositive() ? QColor(0x1b, 0x8a, 0x3a) : QColor(0xc0, 0x39, 0x2b));
}

QString when(const QDateTime &t)
{
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QString();
}

} // namespace

QStringList DecisionStatsModel::headers() const
{
    return {m_reasons ? tr("Reason") : tr("Strategy"), m_reasons ? tr("Count") : tr("Decided"), tr("Approved"), tr("Vetoed"), tr("Expired"),
            tr("Automatic"), tr("Median decide"), tr("Shadows (open)"), tr("Shadow P&L"), tr("Not trading them")};
}

int DecisionStatsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant DecisionStatsModel::data(const QModelIndex &index, int role) const
{
    const DecisionStatsRow *r = rowAt(index.row());
    if (!r)
        return {};
    if (role == Qt::ForegroundRole && (index.column() == ShadowPnl || index.column() == Verdict))
        return pnlBrush(-r->shadowPnl); // green: the vetoes saved money
    if (role == Qt::TextAlignmentRole && index.column() != Group && index.column() != Verdict)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Group: return r->group;
    case Decided: return r->decided;
    case Approved: return m_reasons ? QString() : rate(r->approved, r->decided);
    case Vetoed: return rate(r->vetoed, r->decided);
    case Expired: return rate(r->expired, r->decided);
    case Automatic: return m_reasons ? QString() : QString::number(r->automatic);
    case MedianDecide: return r->medianDecideS >= 0 ? tr("%1 s").arg(r->medianDecideS, 0, 'f', 1) : QStringLiteral("—");
    case Shadows: return QStringLiteral("%1 (%2)").arg(r->shadows).arg(r->shadowsOpen);
    case ShadowPnl: return r->shadows > 0 ? Format::money(r->shadowPnl.rounded(2)) : QString();
    case Verdict:
        if (r->shadows == 0)
            return QString();
        return r->shadowPnl.isPositive() ? tr("cost %1").arg(Format::money(r->shadowPnl.rounded(2)))
               : r->shadowPnl.isNegative() ? tr("saved %1").arg(Format::money((-r->shadowPnl).rounded(2)))
                                           : tr("even");
    }
    return {};
}

void DecisionStatsModel::setRows(const QList<DecisionStatsRow> &rows)
{
    QStringList oldKeys, newKeys;
    for (const DecisionStatsRow &r : m_rows)
        oldKeys.append(r.group);
    for (const DecisionStatsRow &r : rows)
        newKeys.append(r.group);
    applyRows(oldKeys, newKeys, [&] { m_rows = rows; });
}

QStringList ShadowModel::headers() const
{
    return {tr("Symbol"), tr("Strategy"), tr("Why not traded"), tr("Qty"), tr("Entry"), tr("Stop"), tr("Last close / exit"), tr("Exit rule"), tr("P&L")};
}

int ShadowModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant ShadowModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const ShadowPosition &s = m_rows.at(index.row());
    if (role == Qt::ForegroundRole && index.column() == Pnl)
        return pnlBrush(s.pnl());
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Symbol: return s.symbol;
    case Strategy: return s.strategy;
    case Cause:
        return s.cause == QLatin1String("vetoed") ? tr("vetoed: %1").arg(vetoreason::label(s.reasonCode.isEmpty() ? QStringLiteral("other") : s.reasonCode))
                                                  : tr("expired");
    case Qty: return Format::quantity(s.qty);
    case Entry: return Format::number(s.entryPrice, 2);
    case Stop: return s.stop.isPositive() ? Format::number(s.stop, 2) : QString();
    case Price: return Format::number(s.isOpen() ? s.lastPrice : s.exitPrice, 2);
    case ExitRule: return s.isOpen() ? (s.exitRule.isEmpty() ? tr("open") : tr("%1 at the next open").arg(s.exitRule)) : s.exitRule;
    case Pnl: return Format::money(s.pnl().rounded(2));
    }
    return {};
}

void ShadowModel::setShadows(const QList<ShadowPosition> &shadows)
{
    QStringList oldKeys, newKeys;
    for (const ShadowPosition &s : m_rows)
        oldKeys.append(s.proposalId);
    for (const ShadowPosition &s : shadows)
        newKeys.append(s.proposalId);
    applyRows(oldKeys, newKeys, [&] { m_rows = shadows; });
}

QStringList StandingModel::headers() const
{
    return {tr("Id"), tr("Approves without asking"), tr("Set by"), tr("Since"), tr("Until"), tr("State")};
}

int StandingModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant StandingModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const StandingApproval &a = m_rows.at(index.row());
    const bool active = a.activeAt(QDateTime::currentDateTimeUtc());
    if (role == IdRole)
        return a.id;
    if (role == ActiveRole)
        return active;
    if (role == Qt::ForegroundRole && index.column() == State)
        return QBrush(active ? QColor(0x1b, 0x8a, 0x3a) : QColor(0x80, 0x80, 0x80));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Id: return a.id;
    case Rule: return a.describe();
    case SetBy: return a.actor;
    case Since: return when(a.createdAt);
    case Until: return a.expiresAt.isValid() ? when(a.expiresAt) : tr("until ended");
    case State: return active ? tr("standing") : tr("ended %1: %2").arg(when(a.endedAt.isValid() ? a.endedAt : a.expiresAt), a.endReason.isEmpty() ? tr("expired") : a.endReason);
    }
    return {};
}

void StandingModel::setRules(const QList<StandingApproval> &rules)
{
    QStringList oldKeys, newKeys;
    for (const StandingApproval &a : m_rows)
        oldKeys.append(a.id + (a.endedAt.isValid() ? QStringLiteral("|ended") : QString()));
    for (const StandingApproval &a : rules)
        newKeys.append(a.id + (a.endedAt.isValid() ? QStringLiteral("|ended") : QString()));
    applyRows(oldKeys, newKeys, [&] { m_rows = rules; });
}
