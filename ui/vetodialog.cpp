// SPDX-License-Identifier: GPL-3.0-or-later
#include "vetodialog.h"

#include "domain/desk.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

VetoDialog::VetoDialog(const QString &summary, QWidget *parent)
    : QDialog(parent)
    , m_code(new QComboBox(this))
    , m_note(new QLineEdit(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("vetoDialog"));
    setWindowTitle(tr("Veto proposal"));
    auto *layout = new QVBoxLayout(this);
    auto *label = new QLabel(tr("Veto %1?\nThe reason is recorded with the decision, and Sentinel follows the order as a shadow "
                                "position to show what the veto saved or cost.")
                                 .arg(summary),
                             this);
    label->setWordWrap(true);
    layout->addWidget(label);
    m_code->setObjectName(QStringLiteral("vetoReason"));
    m_code->addItem(tr("Choose a reason…"), QString());
    for (const QString &c : vetoreason::codes())
        m_code->addItem(vetoreason::label(c), c);
    m_note->setObjectName(QStringLiteral("vetoNote"));
    m_note->setPlaceholderText(tr("Note (optional; required for Other)"));
    m_note->setMaxLength(500);
    auto *form = new QFormLayout;
    form->addRow(tr("&Reason"), m_code);
    form->addRow(tr("&Note"), m_note);
    layout->addLayout(form);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Veto"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("vetoConfirmButton"));
    m_buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_code, &QComboBox::currentIndexChanged, this, &VetoDialog::updateButtons);
    connect(m_note, &QLineEdit::textChanged, this, &VetoDialog::updateButtons);
    updateButtons();
}

QString VetoDialog::code() const
{
    return m_code->currentData().toString();
}

QString VetoDialog::note() const
{
    return m_note->text().trimmed();
}

void VetoDialog::setReason(const QString &code, const QString &note)
{
    m_code->setCurrentIndex(std::max(0, m_code->findData(code)));
    m_note->setText(note);
}

void VetoDialog::updateButtons()
{
    const QString c = code();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!c.isEmpty() && (c != QLatin1String("other") || !note().isEmpty()));
}
