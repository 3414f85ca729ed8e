// SPDX-License-Identifier: GPL-3.0-or-later
#include "csvbarloader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

QList<Bar> CsvBarLoader::loadFile(const QString &path, const QString &symbol, QList<RowError> &errors)
{
    QList<Bar> bars;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        errors.append({path, 0, QStringLiteral("cannot open: %1").arg(file.errorString())});
        return bars;
    }
    int lineNo = 0;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        ++lineNo;
        if (line.isEmpty())
            continue;
        const QStringList cells = line.split(QLatin1Char(','));
        if (lineNo == 1 && cells.value(0).trimmed().compare(QLatin1String("date"), Qt::CaseInsensitive) == 0)
            continue;
        if (cells.size() != 6) {
            errors.append({path, lineNo, QStringLiteral("expected 6 fields, found %1").arg(cells.size())});
            continue;
        }
        Bar bar;
        bar.symbol = symbol;
        bar.session = QDate::fromString(cells[0].trimmed().left(10), Qt::ISODate);
        if (!bar.session.isValid()) {
            errors.append({path, lineNo, QStringLiteral("invalid date '%1'").arg(cells[0])});
            continue;
        }
        // Unparseable prices (NaN, "inf", text) become invalid decimals; the
        // validator rejects them with the field's name.
        bar.open = Decimal::parse(cells[1]).value_or(Decimal::invalid());
        bar.high = Decimal::parse(cells[2]).value_or(Decimal::invalid());
        bar.low = Decimal::parse(cells[3]).value_or(Decimal::invalid());
        bar.close = Decimal::parse(cells[4]).value_or(Decimal::invalid());
        bool ok = false;
        const QString vol = cells[5].trimmed();
        bar.volume = vol.toLongLong(&ok);
        if (!ok) {
            const double dv = vol.toDouble(&ok);
            if (!ok || !(dv >= -9e18 && dv <= 9e18)) {
                errors.append({path, lineNo, QStringLiteral("invalid volume '%1'").arg(vol)});
                continue;
            }
            bar.volume = static_cast<qint64>(dv);
        }
        bars.append(bar);
    }
    return bars;
}

bool CsvBarLoader::loadDirectory(const QString &dir)
{
    const QDir d(dir);
    if (!d.exists()) {
        m_errors.append({dir, 0, QStringLiteral("folder does not exist")});
        return false;
    }
    const QStringList files = d.entryList({QStringLiteral("*.csv")}, QDir::Files, QDir::Name);
    for (const QString &name : files) {
        const QString symbol = QFileInfo(name).completeBaseName().toUpper();
        m_bars.insert(symbol, loadFile(d.filePath(name), symbol, m_errors));
    }
    return true;
}

QStringList CsvBarLoader::symbols() const
{
    QStringList s = m_bars.keys();
    s.sort();
    return s;
}

QList<Bar> CsvBarLoader::recentBars(const QString &symbol, int count) const
{
    const QList<Bar> all = m_bars.value(symbol);
    return count >= all.size() ? all : all.mid(all.size() - count);
}
