// SPDX-License-Identifier: GPL-3.0-or-later
#include "metatypes.h"

#include "account.h"
#include "bar.h"
#include "fill.h"
#include "order.h"
#include "position.h"
#include "proposal.h"
#include "quote.h"
#include "recondifference.h"
#include "signal.h"

#include <QMetaType>

void registerSentinelMetaTypes()
{
    qRegisterMetaType<Decimal>();
    qRegisterMetaType<Bar>();
    qRegisterMetaType<Quote>();
    qRegisterMetaType<Order>();
    qRegisterMetaType<Fill>();
    qRegisterMetaType<Position>();
    qRegisterMetaType<Account>();
    qRegisterMetaType<Signal>();
    qRegisterMetaType<RuleResult>();
    qRegisterMetaType<RiskVerdict>();
    qRegisterMetaType<Proposal>();
    qRegisterMetaType<ReconDifference>();
    qRegisterMetaType<QList<ReconDifference>>();
    qRegisterMetaType<QList<Position>>();
    qRegisterMetaType<QList<Order>>();
}
