// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/modelclient.h"

#include <QDialog>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

/// File → Model settings…: the provider (none by default: the deterministic
/// selector and the offline narrator), its URL and model, and a key that goes
/// to the system keychain only. "Test connection" asks the model for a short
/// narrative; the answer comes back asynchronously and the window stays live.
class ModelSettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ModelSettingsDialog(const ModelConfig &current, QWidget *parent = nullptr);
    /// The configuration chosen (its key in memory only).
    ModelConfig config() const;
    void testConnection();
    QLabel *resultLabel() const { return m_result; }

private:
    void providerChanged();

    QComboBox *m_provider;
    QLineEdit *m_url;
    QLineEdit *m_model;
    QLineEdit *m_key;
    QLabel *m_result;
    QPushButton *m_test;
    std::unique_ptr<ModelClient> m_client;
};
