// SPDX-License-Identifier: GPL-3.0-or-later
#include "barvalidator.h"

#include "domain/symbol.h"

#include <algorithm>

namespace {
QString where(const Bar &bar)
{
    return QStringLiteral("%1 %2").arg(bar.symbol, bar.session.toString(Qt::ISODate));
}
} // namespace

Status BarValidator::validate(const Bar &bar, const Bar *previous)
{
    if (!bar.session.isValid())
        return Status::failure(QStringLiteral("%1: missing or invalid date").arg(bar.symbol));
    for (const auto &[name, value] : {std::pair{"open", bar.open}, std::pair{"high", bar.high},
                                      std::pair{"low", bar.low}, std::pair{"close", bar.close}}) {
        if (!value.isValid())
            return Status::failure(QStringLiteral("%1: %2 is not a finite number").arg(where(bar), QLatin1String(name)));
        if (!value.isPositive())
            return Status::failure(QStringLiteral("%1: %2 %3 is not positive").arg(where(bar), QLatin1String(name), value.toString()));
    }
    if (bar.high < bar.low)
        return Status::failure(QStringLiteral("%1: high %2 is below low %3").arg(where(bar), bar.high.toString(), bar.low.toString()));
    if (bar.high < std::max(bar.open, bar.close))
        return Status::failure(QStringLiteral("%1: high %2 is below open/close").arg(where(bar), bar.high.toString()));
    if (bar.low > std::min(bar.open, bar.close))
        return Status::failure(QStringLiteral("%1: low %2 is above open/close").arg(where(bar), bar.low.toString()));
    if (bar.volume < 0)
        return Status::failure(QStringLiteral("%1: negative volume %2").arg(where(bar)).arg(bar.volume));
    if (previous) {
        if (previous->session == bar.session)
            return Status::failure(QStringLiteral("%1: duplicate bar").arg(where(bar)));
        if (previous->session > bar.session)
            return Status::failure(QStringLiteral("%1: out of order after %2").arg(where(bar), previous->session.toString(Qt::ISODate)));
    }
    return {};
}

Status BarValidator::validateSeries(const QList<Bar> &bars)
{
    const Bar *previous = nullptr;
    for (const Bar &bar : bars) {
        if (Status s = validate(bar, previous); !s)
            return s;
        previous = &bar;
    }
    return {};
}

bool BarValidator::isValidSymbol(const QString &symbol)
{
    // One rule for symbols everywhere (domain/symbol.h): valid and already in its normal spelling.
    const Result<QString> normal = normalizeSymbol(symbol);
    return normal && normal.value() == symbol;
}
