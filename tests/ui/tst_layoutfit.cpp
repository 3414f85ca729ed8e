// SPDX-License-Identifier: GPL-3.0-or-later
// The main window on the screens traders have: at 1366×768 and 1920×1080,
// with every dock shown, it fits the screen, no two visible docks overlap, and
// the status bar and the Approve button are on the screen. Each size runs in a
// child process whose offscreen screen has that size.
#include "loghub.h"
#include "mainwindow.h"
#include "runningdemo.h"
#include "pipeline/enginecontroller.h"

#include <QDockWidget>
#include <QFile>
#include <QProcess>
#include <QPushButton>
#include <QScreen>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

namespace {
QRect globalRect(const QWidget *w)
{
    return QRect(w->mapToGlobal(QPoint(0, 0)), w->size());
}
} // namespace

class TestLayoutFit : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    static QString childSize() { return qEnvironmentVariable("SENTINEL_LAYOUT_CHILD"); }

    void runChild(int width, int height)
    {
        const QString config = m_dir.filePath(QStringLiteral("screen-%1x%2.json").arg(width).arg(height));
        QFile f(config);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral(R"({"screens": [{"name": "test", "x": 0, "y": 0, "width": %1, "height": %2, "logicalDpi": 96}]})")
                    .arg(width)
                    .arg(height)
                    .toUtf8());
        f.close();
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SENTINEL_LAYOUT_CHILD"), QStringLiteral("%1x%2").arg(width).arg(height));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen:configfile=") + config);
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.info=false"));
        child.setProcessEnvironment(env);
        child.setProcessChannelMode(QProcess::MergedChannels);
        child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("fitsTheScreen")});
        QVERIFY(child.waitForFinished(120000));
        QStringList failures;
        for (const QString &line : QString::fromUtf8(child.readAll()).split(QLatin1Char('\n')))
            if (line.contains(QLatin1String("FAIL")) || line.contains(QLatin1String("Loc:")))
                failures.append(line);
        QVERIFY2(child.exitCode() == 0, qPrintable(failures.join(QLatin1Char('\n'))));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("sentinel-test"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_layoutfit"));
    }
    void laptopScreen()
    {
        if (!childSize().isEmpty())
            QSKIP("runs in the parent");
        runChild(1366, 768);
    }
    void deskScreen()
    {
        if (!childSize().isEmpty())
            QSKIP("runs in the parent");
        runChild(1920, 1080);
    }
    void fitsTheScreen()
    {
        if (childSize().isEmpty())
            QSKIP("runs in a child process with a screen of the size under test");
        const QRect screen = QGuiApplication::primaryScreen()->availableGeometry();
        QCOMPARE(QStringLiteral("%1x%2").arg(screen.width()).arg(screen.height()), childSize());
        EngineOptions options;
        options.dbPath = QDir(QStandardPaths::writableLocation(QStandardPaths::TempLocation)).filePath(QStringLiteral("layoutfit-%1.db").arg(childSize()));
        QFile::remove(options.dbPath);
        options = RunningDemo::calmDesk(options);
        EngineController controller(options, 300);
        MainWindow w(&controller, nullptr);
        w.resetLayout(); // every dock shown, in its default place
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        controller.start();
        QTest::qWait(1500); // a few sessions: proposals, positions, text in the tables
        const QSize min = w.minimumSizeHint();
        QString parts;
        for (QDockWidget *d : w.findChildren<QDockWidget *>())
            parts += QStringLiteral(" %1 %2×%3;").arg(d->objectName()).arg(d->minimumSizeHint().width()).arg(d->minimumSizeHint().height());
        parts += QStringLiteral(" centre %1×%2").arg(w.centralWidget()->minimumSizeHint().width()).arg(w.centralWidget()->minimumSizeHint().height());
        QVERIFY2(min.width() <= 1280 && min.height() <= 720,
                 qPrintable(QStringLiteral("minimum size %1×%2:%3").arg(min.width()).arg(min.height()).arg(parts)));
        const QRect frame = w.frameGeometry();
        QVERIFY2(screen.contains(frame), qPrintable(QStringLiteral("window %1,%2 %3×%4 on a %5×%6 screen")
                                                        .arg(frame.x()).arg(frame.y()).arg(frame.width()).arg(frame.height())
                                                        .arg(screen.width()).arg(screen.height())));
        // A tabbed dock that is not the current tab is parked outside the window by Qt; it is not on view.
        QList<QDockWidget *> visible;
        for (QDockWidget *d : w.findChildren<QDockWidget *>()) {
            QVERIFY2(!d->isHidden() && !d->isFloating(), qPrintable(d->objectName() + QStringLiteral(" is not shown")));
            if (globalRect(d).intersects(globalRect(&w)))
                visible.append(d);
            else
                QVERIFY2(!w.tabifiedDockWidgets(d).isEmpty(), qPrintable(d->objectName() + QStringLiteral(" is outside the window")));
        }
        QVERIFY(visible.size() >= 4); // risk, breakers, approval and the current bottom tab
        for (qsizetype i = 0; i < visible.size(); ++i) {
            const QRect r = globalRect(visible[i]);
            QVERIFY2(screen.contains(r), qPrintable(visible[i]->objectName() + QStringLiteral(" is off the screen: %1,%2 %3×%4")
                                                                                  .arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height())));
            for (qsizetype j = i + 1; j < visible.size(); ++j)
                QVERIFY2(!globalRect(visible[i]).intersects(globalRect(visible[j])),
                         qPrintable(visible[i]->objectName() + QStringLiteral(" overlaps ") + visible[j]->objectName()));
        }
        QVERIFY(screen.contains(globalRect(w.statusBar())));
        auto *approve = w.findChild<QPushButton *>(QStringLiteral("approveButton"));
        QVERIFY(approve && approve->isVisible());
        QVERIFY2(screen.contains(globalRect(approve)), "the Approve button is off the screen");
        if (qEnvironmentVariableIsSet("SENTINEL_SCREENSHOT_DIR"))
            w.grab().save(qEnvironmentVariable("SENTINEL_SCREENSHOT_DIR") + QStringLiteral("/main-%1.png").arg(childSize()));
    }
};

QTEST_MAIN(TestLayoutFit)
#include "tst_layoutfit.moc"
