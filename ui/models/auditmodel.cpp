// SPDX-License-Identifier: GPL-3.0-or-later
#include "auditmodel.h"

#include <QBrush>
#include <QColor>

QStringList AuditModel::headers() const
{
    return {tr("Session"), tr("Kind"), tr("Written by"), tr("Numbers checked"), tr("Narrative")};
}

int AuditModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant AuditModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const AuditNarrative &n = m_rows.at(index.row());
    if (role == Qt::BackgroundRole && index.column() == Check && n.flagged())
        return QBrush(QColor(0xfa, 0xdb, 0xd8));
    if (role == Qt::ToolTipRole && index.column() == Source && !n.note.isEmpty())
        return n.note;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Session: return n.session.toString(Qt::ISODate);
    case Kind: return n.kind == QLatin1String("daily") ? tr("daily report") : tr("iteration");
    case Source: return n.source == QLatin1String("offline") ? tr("offline narrator") : n.source;
    case Check:
        if (n.claims.isEmpty())
            return tr("no numbers");
        return n.flagged() ? tr("%1 of %2 NOT computed by code").arg(n.flaggedClaims()).arg(n.claims.size())
                           : tr("all %1 match the metrics").arg(n.claims.size());
    case Text: {
        // One line of plain text: the model's words are never markup here.
        QString line = n.text.simplified();
        return line.size() > 160 ? line.left(159) + QChar(0x2026) : line;
    }
    }
    return {};
}

void AuditModel::setNarratives(const QList<AuditNarrative> &narratives)
{
    QStringList oldKeys, newKeys;
    for (const AuditNarrative &n : m_rows)
        oldKeys.append(n.id);
    for (const AuditNarrative &n : narratives)
        newKeys.append(n.id);
    applyRows(oldKeys, newKeys, [&] { m_rows = narratives; });
}
