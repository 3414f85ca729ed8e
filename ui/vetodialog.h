// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLineEdit;

/// Asks why the trader vetoes a proposal: a reason code (price, size, news,
/// strategy distrust, other) and an optional note ("other" needs one). Veto stays
/// disabled until the reason is complete; the default button is Cancel.
class VetoDialog : public QDialog
{
    Q_OBJECT
public:
    VetoDialog(const QString &summary, QWidget *parent = nullptr);
    /// The chosen code (vetoreason::codes()), or empty.
    QString code() const;
    QString note() const;
    void setReason(const QString &code, const QString &note = {});

private:
    void updateButtons();
    QComboBox *m_code;
    QLineEdit *m_note;
    QDialogButtonBox *m_buttons;
};
