// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "barsource.h"

#include <QHash>
#include <QString>

/// Reads `date,open,high,low,close,volume` files, one per symbol (the file name).
/// Unparseable rows are reported with file and line and skipped; the bars are
/// kept as read so the data stage validates them like any other source.
class CsvBarLoader : public BarSource
{
public:
    struct RowError
    {
        QString file;
        int line = 0;
        QString reason;
    };

    /// Loads one file; parse problems are appended to `errors`.
    static QList<Bar> loadFile(const QString &path, const QString &symbol, QList<RowError> &errors);
    /// Loads every *.csv in `dir`.
    bool loadDirectory(const QString &dir);

    QStringList symbols() const override;
    QList<Bar> recentBars(const QString &symbol, int count) const override;
    bool isFractionable(const QString &) const override { return true; }

    const QList<RowError> &errors() const { return m_errors; }

private:
    QHash<QString, QList<Bar>> m_bars;
    QList<RowError> m_errors;
};
