// SPDX-License-Identifier: GPL-3.0-or-later
#include "format.h"

namespace {
QString group(const QString &digits)
{
    QString out;
    const qsizetype n = digits.size();
    for (qsizetype i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % 3 == 0)
            out += QLatin1Char(',');
        out += digits.at(i);
    }
    return out;
}
} // namespace

QString Format::number(Decimal value, int places)
{
    if (!value.isValid())
        return QStringLiteral("—");
    QString s = value.abs().toString(places);
    const qsizetype dot = s.indexOf(QLatin1Char('.'));
    const QString whole = dot < 0 ? s : s.left(dot);
    const QString frac = dot < 0 ? QString() : s.mid(dot);
    return (value.isNegative() ? QStringLiteral("-") : QString()) + group(whole) + frac;
}

QString Format::money(Decimal value)
{
    if (!value.isValid())
        return QStringLiteral("—");
    const QString n = number(value.abs(), 2);
    return value.isNegative() && !value.rounded(2).isZero() ? QStringLiteral("-$") + n : QStringLiteral("$") + n;
}

QString Format::quantity(Decimal value)
{
    if (!value.isValid())
        return QStringLiteral("—");
    return value.isInteger() ? number(value, 0) : value.toString();
}

QString Format::percent(double fraction, int places)
{
    return QString::number(fraction * 100.0, 'f', places) + QStringLiteral(" %");
}
