// SPDX-License-Identifier: GPL-3.0-or-later
#include "riskverdict.h"

namespace {
QString grouped(Decimal v, int places)
{
    QString s = v.abs().toString(places);
    const qsizetype dot = s.indexOf(QLatin1Char('.'));
    QString whole = dot < 0 ? s : s.left(dot);
    for (qsizetype i = whole.size() - 3; i > 0; i -= 3)
        whole.insert(i, QLatin1Char(','));
    return (v.isNegative() && !v.rounded(places).isZero() ? QStringLiteral("-") : QString()) + whole + (dot < 0 ? QString() : s.mid(dot));
}
} // namespace

QString RuleResult::format(RuleUnit unit, Decimal v)
{
    if (!v.isValid())
        return QStringLiteral("—");
    switch (unit) {
    case RuleUnit::Money: {
        const QString g = grouped(v, 2);
        return g.startsWith(QLatin1Char('-')) ? QStringLiteral("-$") + g.mid(1) : QStringLiteral("$") + g;
    }
    case RuleUnit::Shares: return v.toString() + QStringLiteral(" sh");
    case RuleUnit::Percent: return v.times(100).rounded(2).toString() + QStringLiteral(" %");
    case RuleUnit::Number: return v.rounded(3).toString();
    case RuleUnit::Count: return v.toString();
    case RuleUnit::Sessions: return v.toString() + (v == Decimal::fromInt(1) ? QStringLiteral(" session") : QStringLiteral(" sessions"));
    case RuleUnit::Seconds: return v.rounded(1).toString() + QStringLiteral(" s");
    case RuleUnit::None: return v.toString();
    }
    return v.toString();
}

const RuleResult *RiskVerdict::find(const QString &rule) const
{
    for (const RuleResult &r : rules)
        if (r.rule == rule)
            return &r;
    return nullptr;
}
