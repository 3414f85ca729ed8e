// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QComboBox;
class QDialogButtonBox;

/// Asks why the trader vetoes a proposal; OK stays disabled until a reason is given.
class VetoDialog : public QDialog
{
    Q_OBJECT
public:
    VetoDialog(const QString &summary, QWidget *parent = nullptr);
    QString reason() const;
    void setReason(const QString &reason);

private:
    void updateButtons();
    QComboBox *m_reason;
    QDialogButtonBox *m_buttons;
};
