// SPDX-License-Identifier: GPL-3.0-or-later
#include "logging.h"

Q_LOGGING_CATEGORY(lcData, "sentinel.data")
Q_LOGGING_CATEGORY(lcPipeline, "sentinel.pipeline")
Q_LOGGING_CATEGORY(lcRisk, "sentinel.risk")
Q_LOGGING_CATEGORY(lcBroker, "sentinel.broker")
Q_LOGGING_CATEGORY(lcDb, "sentinel.db")
Q_LOGGING_CATEGORY(lcSettings, "sentinel.settings")
Q_LOGGING_CATEGORY(lcModel, "sentinel.model")
