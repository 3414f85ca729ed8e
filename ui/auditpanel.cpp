// SPDX-License-Identifier: GPL-3.0-or-later
#include "auditpanel.h"

#include "models/auditmodel.h"
#include "tableviews.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QTextBlock>
#include <QTextCursor>
#include <QVBoxLayout>


AuditPanel::AuditPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new AuditModel(this))
{
    setObjectName(QStringLiteral("auditPanel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("auditStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    auto *split = new QSplitter(Qt::Vertical, this);
    m_view = makeTableView(m_model, QStringLiteral("auditView"));
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->horizontalHeader()->setStretchLastSection(true);
    split->addWidget(m_view);
    auto *detail = new QWidget(this);
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    m_header = new QLabel(detail);
    m_header->setObjectName(QStringLiteral("auditHeader"));
    m_header->setWordWrap(true);
    m_header->setTextFormat(Qt::PlainText);
    detailLayout->addWidget(m_header);
    auto *sideBySide = new QSplitter(Qt::Horizontal, detail);
    m_text = new QPlainTextEdit(sideBySide);
    m_text->setObjectName(QStringLiteral("auditText"));
    m_text->setReadOnly(true);
    m_metrics = new QTableWidget(0, 3, sideBySide);
    m_metrics->setObjectName(QStringLiteral("auditMetrics"));
    m_metrics->setHorizontalHeaderLabels({tr("Metric (computed by code)"), tr("Value"), tr("In the narrative")});
    m_metrics->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_metrics->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_metrics->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_metrics->verticalHeader()->setDefaultSectionSize(m_metrics->fontMetrics().height() + 6);
    m_metrics->verticalHeader()->hide();
    m_metrics->setEditTriggers(QAbstractItemView::NoEditTriggers);
    sideBySide->addWidget(m_text);
    sideBySide->addWidget(m_metrics);
    sideBySide->setStretchFactor(0, 3);
    sideBySide->setStretchFactor(1, 2);
    detailLayout->addWidget(sideBySide, 1);
    split->addWidget(detail);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (!current.isValid())
            return;
        m_followNewest = current.row() == 0;
        showRow(current.row());
    });
}

void AuditPanel::applySnapshot(const EngineSnapshot &s)
{
    m_model->setNarratives(s.narratives);
    int flagged = 0;
    for (const AuditNarrative &n : s.narratives)
        flagged += n.flagged() ? 1 : 0;
    m_status->setText(tr("Narratives by %1 · model breaker %2 · %3 shown, %4 with numbers code did not compute")
                          .arg(s.narrator, s.modelBreaker)
                          .arg(s.narratives.size())
                          .arg(flagged));
    if (s.narratives.isEmpty())
        return;
    int row = 0;
    if (!m_followNewest)
        for (int i = 0; i < s.narratives.size(); ++i)
            if (s.narratives[i].id == m_shownId)
                row = i;
    if (s.narratives[row].id != m_shownId)
        showRow(row);
}

void AuditPanel::showRow(int row)
{
    const AuditNarrative *n = m_model->at(row);
    if (!n)
        return;
    m_shownId = n->id;
    m_header->setText(tr("%1 · %2 · written by %3%4")
                          .arg(n->session.toString(Qt::ISODate),
                               n->kind == QLatin1String("daily") ? tr("daily report") : tr("iteration"),
                               n->source == QLatin1String("offline") ? tr("the offline narrator") : n->source,
                               n->note.isEmpty() ? QString() : QStringLiteral(" — ") + n->note));
    QString body = n->text;
    if (n->flagged()) {
        QStringList bad;
        for (const modelprompt::Claim &c : n->claims)
            if (!c.matched)
                bad.append(c.text);
        body += QStringLiteral("\n\n") + tr("⚠ Not computed by code: %1. The metrics beside are the facts.").arg(bad.join(QStringLiteral(", ")));
    }
    m_text->setPlainText(body); // plain text: the model's words are never rendered as markup
    // Mark each number that matches no metric.
    QList<QTextEdit::ExtraSelection> marks;
    QTextCharFormat bad;
    bad.setBackground(QColor(0xf5, 0xb7, 0xb1));
    bad.setFontWeight(QFont::Bold);
    QTextDocument *doc = m_text->document();
    int from = 0;
    for (const modelprompt::Claim &c : n->claims) {
        const int at = n->text.indexOf(c.text, from);
        if (at < 0)
            continue;
        from = at + static_cast<int>(c.text.size());
        if (c.matched)
            continue;
        QTextCursor cursor(doc);
        cursor.setPosition(at);
        cursor.setPosition(at + static_cast<int>(c.text.size()), QTextCursor::KeepAnchor);
        marks.append({cursor, bad});
    }
    m_text->setExtraSelections(marks);
    m_metrics->setRowCount(static_cast<int>(n->metrics.size()));
    for (int i = 0; i < n->metrics.size(); ++i) {
        const modelprompt::Metric &m = n->metrics[i];
        QStringList quoted;
        for (const modelprompt::Claim &c : n->claims)
            if (c.matched && c.metric == m.key)
                quoted.append(c.text);
        m_metrics->setItem(i, 0, new QTableWidgetItem(m.label));
        m_metrics->setItem(i, 1, new QTableWidgetItem(modelprompt::formatMetric(m)));
        m_metrics->setItem(i, 2, new QTableWidgetItem(quoted.isEmpty() ? QStringLiteral("—") : quoted.join(QStringLiteral(", "))));
    }
}
