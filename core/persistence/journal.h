// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/result.h"

#include <QSqlDatabase>
#include <QString>

/// The hash-chained journal (table `journal`): every decision, order intent
/// (each change of it), breaker event and run start is appended with its
/// record's content and the hash of the entry before it. Editing, deleting or
/// inserting a journal row, or a covered record, by hand is detected by verify().
namespace journal {

/// The kinds and the records they cover.
struct Covered
{
    const char *kind;
    const char *table;
    const char *key;     ///< the record's identifying column
    const char *columns; ///< the content that is hashed, in order
};
const QList<Covered> &covered();

/// The first entry: where the chain starts, and which records predate it (not covered).
Status start(QSqlDatabase db);
/// Appends the record `key` of this kind (its content read back from the database).
Status append(QSqlDatabase db, const char *kind, const QString &key);

struct Verdict
{
    bool intact = true;
    qint64 entries = 0;
    qint64 records = 0;   ///< covered records checked against their latest entry
    QString firstBroken;  ///< e.g. "entry 42: its hash does not match its content"
};
/// Walks the chain and checks every covered record against it.
Result<Verdict> verify(QSqlDatabase db);

} // namespace journal
