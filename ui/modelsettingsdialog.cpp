// SPDX-License-Identifier: GPL-3.0-or-later
#include "modelsettingsdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

ModelSettingsDialog::ModelSettingsDialog(const ModelConfig &current, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("modelSettingsDialog"));
    setWindowTitle(tr("Model settings"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("A language model may pick which coded strategy suits each symbol and write the audit narratives. "
                                "It never sizes, submits or approves an order, and cannot move a limit. With no model, the "
                                "deterministic selector and the offline narrator do this work."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    m_provider = new QComboBox(this);
    m_provider->setObjectName(QStringLiteral("modelProvider"));
    for (ModelConfig::Provider p : {ModelConfig::Provider::None, ModelConfig::Provider::OpenAI, ModelConfig::Provider::Groq,
                                    ModelConfig::Provider::Anthropic, ModelConfig::Provider::Ollama})
        m_provider->addItem(p == ModelConfig::Provider::None ? tr("none (offline)") : ModelConfig::providerName(p), ModelConfig::providerName(p));
    m_url = new QLineEdit(current.baseUrl, this);
    m_url->setObjectName(QStringLiteral("modelUrl"));
    m_model = new QLineEdit(current.model, this);
    m_model->setObjectName(QStringLiteral("modelName"));
    m_key = new QLineEdit(this);
    m_key->setObjectName(QStringLiteral("modelKey"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(tr("stored in the system keychain, never in the settings"));
    form->addRow(tr("Provider"), m_provider);
    form->addRow(tr("Base URL"), m_url);
    form->addRow(tr("Model"), m_model);
    form->addRow(tr("Key"), m_key);
    layout->addLayout(form);
    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("modelTestResult"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::PlainText);
    layout->addWidget(m_result);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_test = buttons->addButton(tr("Test connection"), QDialogButtonBox::ActionRole);
    m_test->setObjectName(QStringLiteral("modelTest"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_test, &QPushButton::clicked, this, &ModelSettingsDialog::testConnection);
    m_provider->setCurrentIndex(std::max(0, m_provider->findData(ModelConfig::providerName(current.provider))));
    connect(m_provider, &QComboBox::currentIndexChanged, this, &ModelSettingsDialog::providerChanged);
    m_key->setText(current.apiKey);
    providerChanged();
    m_url->setText(current.enabled() ? current.baseUrl : m_url->text());
    m_model->setText(current.enabled() ? current.model : m_model->text());
}

void ModelSettingsDialog::providerChanged()
{
    const auto p = ModelConfig::providerFromString(m_provider->currentData().toString()).value_or(ModelConfig::Provider::None);
    const ModelConfig defaults = ModelConfig::forProvider(p);
    m_url->setText(defaults.baseUrl);
    m_model->setText(defaults.model);
    const bool on = p != ModelConfig::Provider::None;
    for (QWidget *w : {static_cast<QWidget *>(m_url), static_cast<QWidget *>(m_model), static_cast<QWidget *>(m_test)})
        w->setEnabled(on);
    m_key->setEnabled(defaults.needsKey());
    m_result->setText(on ? (defaults.needsKey() ? tr("The key may also come from %1.").arg(defaults.keyVariable()) : QString())
                         : tr("Offline: the deterministic selector and the offline narrator."));
}

ModelConfig ModelSettingsDialog::config() const
{
    const auto p = ModelConfig::providerFromString(m_provider->currentData().toString()).value_or(ModelConfig::Provider::None);
    ModelConfig c = ModelConfig::forProvider(p, m_url->text().trimmed(), m_model->text().trimmed());
    c.apiKey = m_key->text().trimmed();
    if (c.apiKey.isEmpty() && c.needsKey())
        c.apiKey = qEnvironmentVariable(c.keyVariable().toLatin1().constData());
    return c;
}

void ModelSettingsDialog::testConnection()
{
    ModelConfig c = config();
    c.timeoutMs = 15000;
    c.maxRetries = 0;
    m_client = std::make_unique<ModelClient>(c);
    m_test->setEnabled(false);
    m_result->setText(tr("Asking %1…").arg(c.label()));
    connect(m_client.get(), &ModelClient::answered, this, [this](const ModelExchange &x) {
        m_test->setEnabled(true);
        QString why;
        const QString text = x.ok() ? modelprompt::parseNarrative(x.answer, true, &why) : QString();
        if (x.ok() && !text.isEmpty())
            m_result->setText(tr("Connected: %1 answered in %2 ms (%3 + %4 tokens%5).")
                                  .arg(x.model)
                                  .arg(x.latencyMs)
                                  .arg(x.promptTokens)
                                  .arg(x.completionTokens)
                                  .arg(x.costUsd ? tr(", about $%1").arg(*x.costUsd, 0, 'f', 5) : QString()));
        else
            m_result->setText(tr("Not usable: %1").arg(x.ok() ? why : x.reason));
    });
    const QList<modelprompt::Metric> probe{{QStringLiteral("probe"), QStringLiteral("Connection test"), 1, 0, {}}};
    m_client->ask(QStringLiteral("probe"), modelprompt::narrativePrompt(QStringLiteral("probe"), QStringLiteral("connection test"), probe));
}
