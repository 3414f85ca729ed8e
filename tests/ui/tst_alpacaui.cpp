// SPDX-License-Identifier: GPL-3.0-or-later
// The window on Alpaca paper (the local fake): the status bar says PAPER, the
// Reconciliation dock shows a position and an order Sentinel did not make,
// flattening asks first (default Cancel) and never cancels without a Yes,
// adopting resolves; the connect dialog tests the keys and shows the account.
#include "alpacaconnectdialog.h"
#include "data/exchangecalendar.h"
#include "fakealpaca.h"
#include "mainwindow.h"
#include "models/reconciliationmodel.h"
#include "pipeline/enginecontroller.h"
#include "screenshots.h"
#include "reconciliationpanel.h"

#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

class TestAlpacaUi : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    static bool startFake(FakeAlpaca &fake)
    {
        fake.generateHistory({QStringLiteral("SPY"), QStringLiteral("MSFT"), QStringLiteral("NVDA")}, QDate(2026, 6, 1), QDate(2026, 11, 27));
        fake.setNow(QDateTime(QDate(2026, 11, 30), QTime(15, 0), Qt::UTC));
        fake.seedPosition(QStringLiteral("NVDA"), Decimal::fromInt(12));
        fake.placeExternalOrder(QStringLiteral("MSFT"), QStringLiteral("buy"), Decimal::fromInt(5), Decimal::fromInt(1));
        return fake.start();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("sentinel-test"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_alpacaui"));
        QSettings().clear();
    }

    void paperWindowShowsAndResolvesDifferences()
    {
        FakeAlpaca fake;
        QVERIFY(startFake(fake));
        EngineOptions o;
        o.dbPath = m_dir.filePath(QStringLiteral("paper.db"));
        o.venue = EngineOptions::VenueKind::Alpaca;
        o.alpaca = fake.endpoints();
        o.universe = {QStringLiteral("SPY"), QStringLiteral("MSFT"), QStringLiteral("NVDA")};
        o.market.historySessions = 100;
        o.alpacaClockPollMs = 300;
        o.alpacaCloseDelayS = 0;
        EngineController controller(o, 500);
        MainWindow window(&controller, nullptr);
        window.resize(1500, 950);
        window.show();
        controller.start();
        auto *mode = window.findChild<QLabel *>(QStringLiteral("modeLabel"));
        QTRY_VERIFY_WITH_TIMEOUT(mode->text().startsWith(QLatin1String("PAPER")), 10000);
        QVERIFY(mode->styleSheet().contains(QLatin1String("#1f618d")));
        ReconciliationPanel *panel = window.reconciliationPanel();
        QTRY_COMPARE_WITH_TIMEOUT(panel->model()->openCount(), 2, 10000);
        QVERIFY(!window.findChild<QDockWidget *>(QStringLiteral("reconciliationDock"))->visibleRegion().isEmpty());
        shoot(&window, "paper-window");
        shoot(panel, "reconciliation-dock");

        auto *view = panel->findChild<QTableView *>(QStringLiteral("reconciliationView"));
        int externalRow = -1, positionRow = -1;
        for (int r = 0; r < panel->model()->rowCount(); ++r) {
            if (panel->model()->at(r)->kind == ReconDifference::Kind::OrderExternal)
                externalRow = r;
            if (panel->model()->at(r)->kind == ReconDifference::Kind::PositionUnknown)
                positionRow = r;
        }
        QVERIFY(externalRow >= 0 && positionRow >= 0);
        const auto button = [panel](const QString &prefix) {
            for (QPushButton *b : panel->findChildren<QPushButton *>())
                if (b->text().startsWith(prefix))
                    return b;
            return static_cast<QPushButton *>(nullptr);
        };
        // Flatten the external order: asked first, Cancel is the default and cancels nothing.
        view->selectRow(externalRow);
        button(QStringLiteral("Flatten"))->click();
        QMessageBox *confirm = nullptr;
        QTRY_VERIFY((confirm = panel->findChild<QMessageBox *>(QStringLiteral("flattenConfirm"))) != nullptr);
        QCOMPARE(confirm->defaultButton(), confirm->button(QMessageBox::Cancel));
        confirm->button(QMessageBox::Cancel)->click();
        QTest::qWait(500);
        QCOMPARE(fake.requestCount("DELETE", QStringLiteral("/v2/orders/")), 0);
        view->selectRow(externalRow);
        button(QStringLiteral("Flatten"))->click();
        QTRY_VERIFY((confirm = panel->findChild<QMessageBox *>(QStringLiteral("flattenConfirm"))) != nullptr);
        confirm->button(QMessageBox::Yes)->click();
        QTRY_COMPARE_WITH_TIMEOUT(fake.requestCount("DELETE", QStringLiteral("/v2/orders/")), 1, 5000);
        // Adopt the position Sentinel did not open: the record follows the broker.
        QTRY_COMPARE_WITH_TIMEOUT(panel->model()->openCount(), 1, 5000);
        for (int r = 0; r < panel->model()->rowCount(); ++r)
            if (panel->model()->at(r)->isOpen())
                view->selectRow(r);
        button(QStringLiteral("Adopt"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(panel->model()->openCount(), 0, 5000);
        auto *summary = panel->findChild<QLabel *>(QStringLiteral("reconciliationSummary"));
        QVERIFY(summary->text().contains(QLatin1String("agree")));
        shoot(panel, "reconciliation-resolved");
    }

    void connectDialogTestsTheKeys()
    {
        FakeAlpaca fake;
        QVERIFY(startFake(fake));
        AlpacaEndpoints e = fake.endpoints();
        e.secret = QStringLiteral("not-the-secret");
        AlpacaConnectDialog dialog(e);
        dialog.show();
        auto *result = dialog.findChild<QLabel *>(QStringLiteral("connectionResult"));
        auto *save = dialog.findChild<QPushButton *>(QStringLiteral("saveConnectButton"));
        dialog.testConnection();
        QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(QLatin1String("refused the keys")), 5000);
        QVERIFY(!result->text().contains(QLatin1String("not-the-secret")));
        QVERIFY(!save->isEnabled());
        dialog.findChild<QLineEdit *>(QStringLiteral("secretEdit"))->setText(fake.secret());
        dialog.testConnection();
        QTRY_VERIFY_WITH_TIMEOUT(result->text().startsWith(QLatin1String("Connected")), 5000);
        QVERIFY(result->text().contains(QLatin1String("PA3FAKE0001")));
        QVERIFY(save->isEnabled());
        shoot(&dialog, "connect-dialog");
        // The live host is refused here.
        dialog.findChild<QLineEdit *>(QStringLiteral("tradingUrlEdit"))->setText(QStringLiteral("https://api.alpaca.markets"));
        dialog.testConnection();
        QVERIFY(result->text().contains(QLatin1String("live host")));
    }
};

QTEST_MAIN(TestAlpacaUi)
#include "tst_alpacaui.moc"
