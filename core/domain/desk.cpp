// SPDX-License-Identifier: GPL-3.0-or-later
#include "desk.h"

namespace vetoreason {

const QStringList &codes()
{
    static const QStringList list{QStringLiteral("price"), QStringLiteral("size"), QStringLiteral("news"), QStringLiteral("strategy"),
                                  QStringLiteral("other")};
    return list;
}

QString label(const QString &code)
{
    if (code == QLatin1String("price"))
        return QStringLiteral("Price");
    if (code == QLatin1String("size"))
        return QStringLiteral("Size");
    if (code == QLatin1String("news"))
        return QStringLiteral("News");
    if (code == QLatin1String("strategy"))
        return QStringLiteral("Strategy distrust");
    if (code == QLatin1String("other"))
        return QStringLiteral("Other");
    return code;
}

bool isCode(const QString &code)
{
    return codes().contains(code);
}

} // namespace vetoreason

QString StandingApproval::kindId(Kind kind)
{
    switch (kind) {
    case Kind::Reducing: return QStringLiteral("reducing");
    case Kind::EntriesUnder: return QStringLiteral("entries_under");
    case Kind::All: return QStringLiteral("all");
    case Kind::NoAutomaticAfterTrip: return QStringLiteral("none_after_trip");
    }
    return QStringLiteral("reducing");
}

std::optional<StandingApproval::Kind> StandingApproval::kindFrom(const QString &id)
{
    for (Kind k : {Kind::Reducing, Kind::EntriesUnder, Kind::All, Kind::NoAutomaticAfterTrip})
        if (kindId(k) == id)
            return k;
    return std::nullopt;
}

namespace {
/// "1,000,000.00": the exact amount with thousands separators.
QString grouped(Decimal amount)
{
    QString text = amount.toString(2);
    const qsizetype dot = text.indexOf(QLatin1Char('.'));
    const qsizetype start = text.startsWith(QLatin1Char('-')) ? 1 : 0;
    for (qsizetype i = (dot < 0 ? text.size() : dot) - 3; i > start; i -= 3)
        text.insert(i, QLatin1Char(','));
    return text;
}
} // namespace

QString StandingApproval::describe() const
{
    switch (kind) {
    case Kind::Reducing: return QStringLiteral("orders that only reduce risk");
    case Kind::EntriesUnder:
        return minAccuracy > 0 ? QStringLiteral("entries under $%1 from strategies in good health (not suspended, at least %2 % right)")
                                     .arg(grouped(maxNotional))
                                     .arg(minAccuracy * 100, 0, 'f', 0)
                               : QStringLiteral("entries under $%1 from strategies in good health (not suspended)").arg(grouped(maxNotional));
    case Kind::All: return QStringLiteral("every order");
    case Kind::NoAutomaticAfterTrip: return QStringLiteral("nothing automatic after a breaker trip");
    }
    return {};
}
