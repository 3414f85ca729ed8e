// SPDX-License-Identifier: GPL-3.0-or-later
#include "vetodialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

VetoDialog::VetoDialog(const QString &summary, QWidget *parent)
    : QDialog(parent)
    , m_reason(new QComboBox(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("vetoDialog"));
    setWindowTitle(tr("Veto proposal"));
    auto *layout = new QVBoxLayout(this);
    auto *label = new QLabel(tr("Veto %1?\nThe reason is recorded with the decision.").arg(summary), this);
    label->setWordWrap(true);
    layout->addWidget(label);
    m_reason->setObjectName(QStringLiteral("vetoReason"));
    m_reason->setEditable(true);
    m_reason->setInsertPolicy(QComboBox::NoInsert);
    m_reason->addItems({QString(), tr("Disagree with the signal"), tr("Too much exposure to this sector"),
                        tr("Event or news risk"), tr("Price moved too far"), tr("Position too large for my plan")});
    m_reason->lineEdit()->setPlaceholderText(tr("Reason (required)"));
    layout->addWidget(m_reason);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Veto"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("vetoConfirmButton"));
    m_buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reason, &QComboBox::currentTextChanged, this, &VetoDialog::updateButtons);
    updateButtons();
}

QString VetoDialog::reason() const
{
    return m_reason->currentText().trimmed();
}

void VetoDialog::setReason(const QString &reason)
{
    m_reason->setEditText(reason);
}

void VetoDialog::updateButtons()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!reason().isEmpty());
}
