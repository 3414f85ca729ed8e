// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QAbstractItemModel;
class QTableView;
class QWidget;

/// A read-only, row-selecting table view styled like every table of the workstation.
QTableView *makeTableView(QAbstractItemModel *model, const QString &objectName, QWidget *parent = nullptr);
