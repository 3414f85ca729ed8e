// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

/// Registers every domain value that crosses threads. Idempotent.
void registerSentinelMetaTypes();
