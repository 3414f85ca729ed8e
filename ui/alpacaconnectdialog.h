// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "venue/alpaca/alpacaclient.h"

#include <QDialog>

#include <memory>

class QLabel;
class QLineEdit;
class QPushButton;

/// File → Connect to Alpaca paper…: asks for the keys, runs a connection test
/// (GET /v2/account, answered asynchronously), shows the account, and on
/// "Save and connect" stores the keys in the system keychain. Paper only: a
/// live host is refused here (live trading needs --live and a typed confirmation).
class AlpacaConnectDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AlpacaConnectDialog(const AlpacaEndpoints &defaults, QWidget *parent = nullptr);
    /// The endpoints and keys the trader tested and saved.
    AlpacaEndpoints endpoints() const;
    /// Whether the keys reached the keychain (false: this session only, and why).
    bool keysStored() const { return m_stored; }
    QString storeProblem() const { return m_storeProblem; }

    void testConnection();

private:
    void save();

    QLineEdit *m_keyId;
    QLineEdit *m_secret;
    QLineEdit *m_trading;
    QLineEdit *m_data;
    QLineEdit *m_stream;
    QLabel *m_result;
    QPushButton *m_test;
    QPushButton *m_save;
    std::unique_ptr<AlpacaClient> m_client;
    bool m_tested = false;
    bool m_stored = false;
    QString m_storeProblem;
};
