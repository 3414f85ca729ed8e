// SPDX-License-Identifier: GPL-3.0-or-later
#include "alpacaconnectdialog.h"

#include "alpacakeys.h"
#include "venue/alpaca/alpacajson.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

AlpacaConnectDialog::AlpacaConnectDialog(const AlpacaEndpoints &d, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("alpacaConnectDialog"));
    setWindowTitle(tr("Connect to Alpaca paper"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Paper trading: Alpaca's simulated account with your paper keys. The keys are kept in the system "
                                "keychain, never in the settings, the record or the log."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    m_keyId = new QLineEdit(d.keyId, this);
    m_keyId->setObjectName(QStringLiteral("keyIdEdit"));
    m_secret = new QLineEdit(d.secret, this);
    m_secret->setObjectName(QStringLiteral("secretEdit"));
    m_secret->setEchoMode(QLineEdit::Password);
    m_trading = new QLineEdit(d.trading.toString(), this);
    m_trading->setObjectName(QStringLiteral("tradingUrlEdit"));
    m_data = new QLineEdit(d.data.toString(), this);
    m_data->setObjectName(QStringLiteral("dataUrlEdit"));
    m_stream = new QLineEdit(d.dataStream.toString(), this);
    m_stream->setObjectName(QStringLiteral("dataStreamUrlEdit"));
    form->addRow(tr("API key ID"), m_keyId);
    form->addRow(tr("Secret key"), m_secret);
    form->addRow(tr("Trading URL"), m_trading);
    form->addRow(tr("Market data URL"), m_data);
    form->addRow(tr("Market data stream"), m_stream);
    layout->addLayout(form);
    m_result = new QLabel(tr("Test the connection before saving."), this);
    m_result->setObjectName(QStringLiteral("connectionResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_result);
    auto *buttons = new QDialogButtonBox(this);
    m_test = buttons->addButton(tr("Test connection"), QDialogButtonBox::ActionRole);
    m_test->setObjectName(QStringLiteral("testConnectionButton"));
    m_save = buttons->addButton(tr("Save and connect"), QDialogButtonBox::AcceptRole);
    m_save->setObjectName(QStringLiteral("saveConnectButton"));
    m_save->setEnabled(false);
    buttons->addButton(QDialogButtonBox::Cancel);
    layout->addWidget(buttons);
    connect(m_test, &QPushButton::clicked, this, &AlpacaConnectDialog::testConnection);
    connect(m_save, &QPushButton::clicked, this, &AlpacaConnectDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QLineEdit *e : {m_keyId, m_secret, m_trading, m_data, m_stream})
        connect(e, &QLineEdit::textEdited, this, [this] {
            m_tested = false;
            m_save->setEnabled(false);
        });
    resize(560, sizeHint().height());
}

AlpacaEndpoints AlpacaConnectDialog::endpoints() const
{
    AlpacaEndpoints e;
    e.keyId = m_keyId->text().trimmed();
    e.secret = m_secret->text().trimmed();
    e.trading = QUrl(m_trading->text().trimmed());
    e.data = QUrl(m_data->text().trimmed());
    e.dataStream = QUrl(m_stream->text().trimmed());
    return e;
}

void AlpacaConnectDialog::testConnection()
{
    const AlpacaEndpoints e = endpoints();
    if (e.keyId.isEmpty() || e.secret.isEmpty()) {
        m_result->setText(tr("Enter the key ID and the secret key."));
        return;
    }
    if (!e.trading.isValid() || e.trading.host().isEmpty() || !e.data.isValid() || e.data.host().isEmpty()) {
        m_result->setText(tr("The URLs are not valid."));
        return;
    }
    if (e.isLiveHost()) {
        m_result->setText(tr("%1 is Alpaca's live host. This dialog connects paper accounts only; live trading needs the setting "
                             "\"live\": true and a typed confirmation at every start.")
                              .arg(e.trading.host()));
        return;
    }
    m_test->setEnabled(false);
    m_result->setText(tr("Testing…"));
    m_client = std::make_unique<AlpacaClient>(e);
    m_client->setTimeoutMs(10'000);
    AlpacaClient::Request req;
    req.path = QStringLiteral("/v2/account");
    req.kind = QStringLiteral("account");
    m_client->send(req, [this](const AlpacaClient::Reply &r) {
        m_test->setEnabled(true);
        if (!r.ok()) {
            m_result->setText(r.status == 401 ? tr("Alpaca refused the keys: %1").arg(r.describe()) : tr("No connection: %1").arg(r.describe()));
            return;
        }
        const auto account = alpaca::parseAccount(r.body);
        if (!account) {
            m_result->setText(tr("The account did not read: %1").arg(account.error()));
            return;
        }
        const QJsonObject o = QJsonDocument::fromJson(r.body).object();
        m_result->setText(tr("Connected: account %1, %2. Equity $%3, cash $%4, buying power $%5.")
                              .arg(o.value(QStringLiteral("account_number")).toString(), o.value(QStringLiteral("status")).toString(),
                                   account->equity.toString(2), account->cash.toString(2), account->buyingPower.toString(2)));
        m_tested = true;
        m_save->setEnabled(true);
    });
}

void AlpacaConnectDialog::save()
{
    if (!m_tested)
        return;
    m_save->setEnabled(false);
    m_result->setText(tr("Storing the keys in the system keychain…"));
    const AlpacaEndpoints e = endpoints();
    AlpacaKeys::store(e.keyId, e.secret, [this](bool ok, const QString &why) {
        m_stored = ok;
        m_storeProblem = why;
        accept();
    });
}
