// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <functional>

/// Alpaca's keys in the system keychain (QtKeychain): service "Sentinel",
/// entry "alpaca-paper". They are never written to the settings, the record
/// or the log. Both calls return at once; the answer comes to `done` later.
namespace AlpacaKeys {
void store(const QString &keyId, const QString &secret, std::function<void(bool ok, const QString &why)> done);
void load(std::function<void(const QString &keyId, const QString &secret, const QString &why)> done);
} // namespace AlpacaKeys
