// SPDX-License-Identifier: GPL-3.0-or-later
#include "tableviews.h"

#include <QHeaderView>
#include <QTableView>

QTableView *makeTableView(QAbstractItemModel *model, const QString &objectName, QWidget *parent)
{
    auto *v = new QTableView(parent);
    v->setObjectName(objectName);
    v->setModel(model);
    v->setSelectionBehavior(QAbstractItemView::SelectRows);
    v->setSelectionMode(QAbstractItemView::SingleSelection);
    v->setEditTriggers(QAbstractItemView::NoEditTriggers);
    v->verticalHeader()->hide();
    v->verticalHeader()->setDefaultSectionSize(22);
    v->horizontalHeader()->setStretchLastSection(true);
    v->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    v->setAlternatingRowColors(true);
    v->setWordWrap(false);
    return v;
}
