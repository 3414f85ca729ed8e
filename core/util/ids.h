// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// Unique ids for records: a short type prefix and a random UUID.
QString newId(const char *prefix);
