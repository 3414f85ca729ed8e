// SPDX-License-Identifier: GPL-3.0-or-later
// core/ stays GUI-free: no Widgets, Gui or Charts header anywhere under it.
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

class TestCoreBoundary : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void coreIncludesNoGuiHeader()
    {
        const QRegularExpression gui(QStringLiteral("^\\s*#\\s*include\\s*[<\"](QtWidgets|QtGui|QtCharts|QtOpenGL|QWidget|QApplication|"
                                                    "QGuiApplication|QPainter|QColor|QBrush|QFont|QIcon|QPixmap|QImage|QChart\\w*|"
                                                    "QAbstractButton|QDialog|QMainWindow)\\b"),
            QRegularExpression::MultilineOption);
        QDirIterator it(QStringLiteral(SENTINEL_SOURCE_DIR "/core"), {QStringLiteral("*.h"), QStringLiteral("*.cpp")}, QDir::Files,
                        QDirIterator::Subdirectories);
        int files = 0;
        QStringList offenders;
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            ++files;
            const QString text = QString::fromUtf8(f.readAll());
            const auto m = gui.match(text);
            if (m.hasMatch())
                offenders.append(f.fileName() + QStringLiteral(": ") + m.captured(0).trimmed());
        }
        QVERIFY(files > 50);
        QVERIFY2(offenders.isEmpty(), qPrintable(offenders.join(QLatin1Char('\n'))));
    }
    void coreLinksNoGuiModule()
    {
        QFile f(QStringLiteral(SENTINEL_SOURCE_DIR "/core/CMakeLists.txt"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(f.readAll());
        for (const char *module : {"Qt6::Gui", "Qt6::Widgets", "Qt6::Charts"})
            QVERIFY2(!text.contains(QLatin1String(module)), module);
    }
};

QTEST_GUILESS_MAIN(TestCoreBoundary)
#include "tst_coreboundary.moc"
