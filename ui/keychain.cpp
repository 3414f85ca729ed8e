// SPDX-License-Identifier: GPL-3.0-or-later
#include "keychain.h"

#include <qt6keychain/keychain.h>

namespace {
const QString kService = QStringLiteral("Sentinel");
} // namespace

void Keychain::storeText(const QString &entry, const QString &text, std::function<void(bool, const QString &)> done)
{
    auto *job = new QKeychain::WritePasswordJob(kService);
    job->setAutoDelete(true);
    job->setKey(entry);
    job->setTextData(text);
    QObject::connect(job, &QKeychain::Job::finished, job, [done](QKeychain::Job *j) { done(j->error() == QKeychain::NoError, j->errorString()); });
    job->start();
}

void Keychain::loadText(const QString &entry, std::function<void(const QString &, const QString &)> done)
{
    auto *job = new QKeychain::ReadPasswordJob(kService);
    job->setAutoDelete(true);
    job->setKey(entry);
    QObject::connect(job, &QKeychain::Job::finished, job, [done](QKeychain::Job *j) {
        auto *r = static_cast<QKeychain::ReadPasswordJob *>(j);
        if (r->error() != QKeychain::NoError)
            done({}, r->errorString());
        else
            done(r->textData(), QString());
    });
    job->start();
}

void ModelKeys::store(const QString &provider, const QString &key, std::function<void(bool, const QString &)> done)
{
    Keychain::storeText(QStringLiteral("model-") + provider, key, std::move(done));
}

void ModelKeys::load(const QString &provider, std::function<void(const QString &, const QString &)> done)
{
    Keychain::loadText(QStringLiteral("model-") + provider, std::move(done));
}
