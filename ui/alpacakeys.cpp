// SPDX-License-Identifier: GPL-3.0-or-later
#include "alpacakeys.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <qt6keychain/keychain.h>

namespace {
const QString kService = QStringLiteral("Sentinel");
const QString kEntry = QStringLiteral("alpaca-paper");
} // namespace

void AlpacaKeys::store(const QString &keyId, const QString &secret, std::function<void(bool, const QString &)> done)
{
    auto *job = new QKeychain::WritePasswordJob(kService);
    job->setAutoDelete(true);
    job->setKey(kEntry);
    job->setTextData(QString::fromUtf8(
        QJsonDocument(QJsonObject{{QStringLiteral("key_id"), keyId}, {QStringLiteral("secret"), secret}}).toJson(QJsonDocument::Compact)));
    QObject::connect(job, &QKeychain::Job::finished, job, [done](QKeychain::Job *j) {
        done(j->error() == QKeychain::NoError, j->errorString());
    });
    job->start();
}

void AlpacaKeys::load(std::function<void(const QString &, const QString &, const QString &)> done)
{
    auto *job = new QKeychain::ReadPasswordJob(kService);
    job->setAutoDelete(true);
    job->setKey(kEntry);
    QObject::connect(job, &QKeychain::Job::finished, job, [done](QKeychain::Job *j) {
        auto *r = static_cast<QKeychain::ReadPasswordJob *>(j);
        if (r->error() != QKeychain::NoError) {
            done({}, {}, r->errorString());
            return;
        }
        const QJsonObject o = QJsonDocument::fromJson(r->textData().toUtf8()).object();
        done(o.value(QStringLiteral("key_id")).toString(), o.value(QStringLiteral("secret")).toString(), QString());
    });
    job->start();
}
