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

QString StandingApproval::describe() const
{
    switch (kind) {
    case Kind::Reducing: return QStringLiteral("orders that only reduce risk");
    case Kind::EntriesUnder:
        return minAccuracy > 0 ? QStringLiteral("entries under $%1 from strategies in good health (not suspended, at least %2 % right)")
                                     .arg(maxNotional.toString(2))
                                     .arg(minAccuracy * 100, 0, 'f', 0)
                               : QStringLiteral("entries under $%1 from strategies in good health (not suspended)").arg(maxNotional.toString(2));
    case Kind::All: return QStringLiteral("every order");
    case Kind::NoAutomaticAfterTrip: return QStringLiteral("nothing automatic after a breaker trip");
    }
    return {};
}
