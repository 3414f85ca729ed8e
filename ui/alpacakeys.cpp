// SPDX-License-Identifier: GPL-3.0-or-later
#include "alpacakeys.h"

#include "keychain.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace {
const QString kEntry = QStringLiteral("alpaca-paper");
} // namespace

void AlpacaKeys::store(const QString &keyId, const QString &secret, std::function<void(bool, const QString &)> done)
{
    Keychain::storeText(kEntry,
                        QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("key_id"), keyId}, {QStringLiteral("secret"), secret}})
                                              .toJson(QJsonDocument::Compact)),
                        std::move(done));
}

void AlpacaKeys::load(std::function<void(const QString &, const QString &, const QString &)> done)
{
    Keychain::loadText(kEntry, [done](const QString &text, const QString &why) {
        if (!why.isEmpty()) {
            done({}, {}, why);
            return;
        }
        const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
        done(o.value(QStringLiteral("key_id")).toString(), o.value(QStringLiteral("secret")).toString(), QString());
    });
}
