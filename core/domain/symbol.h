// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/result.h"

#include <QString>

/// Ticker symbols (SPEC §2.1): upper-case letters, digits, '.' and '-', at most
/// kMaxSymbolLength characters, starting with a letter (BRK.B is valid).
/// Every boundary where a symbol enters (files, settings, broker payloads, model
/// answers) normalises it the same way: surrounding ASCII white space is removed
/// and lower-case ASCII letters become upper-case, so "aapl" and "AAPL " are the
/// same symbol as "AAPL" and can never open a second position beside it. Anything
/// else is refused with the reason.
constexpr int kMaxSymbolLength = 12;

Result<QString> normalizeSymbol(const QString &raw);

/// At most `max` characters of a value for an error message, with control
/// characters made visible and the length noted when cut.
QString quoteForError(const QString &value, int max = 80);
