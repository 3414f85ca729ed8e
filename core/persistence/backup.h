// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/result.h"

#include <QString>

/// A consistent copy of a record while it may be in use: a read-only
/// connection of its own takes one snapshot (`VACUUM INTO`), so a running
/// engine goes on writing. The copy is checked (quick_check, Sentinel's
/// application id) before it is reported done. Refuses to overwrite a file.
/// A PostgreSQL record (`from` a postgresql:// URL) is copied into a new SQLite
/// file from one repeatable-read snapshot: a record to keep or review offline.
/// Safe to call from any thread.
Status backupRecord(const QString &from, const QString &to);
