// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pipeline/enginesnapshot.h"

#include <QWidget>

class AuditModel;
class QLabel;
class QPlainTextEdit;
class QTableView;
class QTableWidget;

/// The Audit dock: narratives by time; the selected one's text (plain text,
/// never HTML or rich text) with every number code did not compute marked,
/// beside the metrics code computed and what the narrative quoted of them.
class AuditPanel : public QWidget
{
    Q_OBJECT
public:
    explicit AuditPanel(QWidget *parent = nullptr);
    void applySnapshot(const EngineSnapshot &snapshot);
    AuditModel *model() const { return m_model; }
    /// Shows the narrative in this row (the newest is shown until the trader picks one).
    void showRow(int row);

private:
    AuditModel *m_model;
    QTableView *m_view;
    QLabel *m_status;
    QLabel *m_header;
    QPlainTextEdit *m_text;
    QTableWidget *m_metrics;
    QString m_shownId;
    bool m_followNewest = true;
};
