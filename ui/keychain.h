// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <functional>

/// Secrets in the system keychain (QtKeychain), service "Sentinel". They are
/// never written to the settings, the record or the log. Both calls return at
/// once; the answer comes to `done` later, on the calling thread.
namespace Keychain {
void storeText(const QString &entry, const QString &text, std::function<void(bool ok, const QString &why)> done);
void loadText(const QString &entry, std::function<void(const QString &text, const QString &why)> done);
} // namespace Keychain

/// A model provider's key, entry "model-<provider>".
namespace ModelKeys {
void store(const QString &provider, const QString &key, std::function<void(bool ok, const QString &why)> done);
void load(const QString &provider, std::function<void(const QString &key, const QString &why)> done);
} // namespace ModelKeys
