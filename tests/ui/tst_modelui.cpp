// SPDX-License-Identifier: GPL-3.0-or-later
// The Audit dock and the model settings: a demo window narrated by the local
// provider shows a narrative with a number code did not compute, marked, as
// plain text, beside the metrics; the settings dialog tests a connection
// without blocking and reports a refused key. File → Back up the record runs
// off the GUI thread while the engine writes, and never overwrites a file.
#include "auditpanel.h"
#include "fakellm.h"
#include "mainwindow.h"
#include "models/auditmodel.h"
#include "modelsettingsdialog.h"
#include "pipeline/enginecontroller.h"
#include "screenshots.h"

#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include "testsettings.h"

class TestModelUi : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        isolateSettings("tst_modelui");
        qRegisterMetaType<ModelExchange>();
    }

    void auditDockMarksANumberCodeDidNotCompute()
    {
        FakeLlm fake(FakeLlm::Shape::OpenAI);
        QVERIFY(fake.start());
        // A narrative that invents a number, and tries markup: both must stay visible as what they are.
        fake.setNarrative(QStringLiteral("<b>Great day!</b> Equity jumped to $250,000.00 while the desk took 3 fills."));
        EngineOptions o;
        o.dbPath = m_dir.filePath(QStringLiteral("audit.db"));
        o.model = ModelConfig::forProvider(ModelConfig::Provider::OpenAI, fake.baseUrl());
        o.model.apiKey = fake.key();
        EngineController controller(o, 300);
        MainWindow window(&controller, nullptr);
        window.resize(1500, 950);
        window.show();
        controller.start();
        AuditPanel *panel = window.auditPanel();
        QTRY_VERIFY_WITH_TIMEOUT(panel->model()->rowCount() >= 2, 20000);
        window.findChild<QDockWidget *>(QStringLiteral("auditDock"))->raise();
        int row = -1;
        for (int r = 0; r < panel->model()->rowCount(); ++r)
            if (panel->model()->at(r)->kind == QLatin1String("daily"))
                row = r;
        QVERIFY(row >= 0);
        panel->showRow(row);
        const AuditNarrative *n = panel->model()->at(row);
        QVERIFY(n->flagged());
        QCOMPARE(n->source, QStringLiteral("openai/gpt-4o-mini"));
        QVERIFY(panel->model()->data(panel->model()->index(row, AuditModel::Check)).toString().contains(QLatin1String("NOT computed by code")));
        auto *text = panel->findChild<QPlainTextEdit *>(QStringLiteral("auditText"));
        QVERIFY(text->toPlainText().contains(QLatin1String("<b>Great day!</b>"))); // shown as text, never rendered
        QVERIFY(text->toPlainText().contains(QLatin1String("Not computed by code: $250,000.00")));
        QVERIFY(!text->extraSelections().isEmpty());
        QCOMPARE(text->extraSelections().first().cursor.selectedText(), QStringLiteral("$250,000.00"));
        auto *metrics = panel->findChild<QTableWidget *>(QStringLiteral("auditMetrics"));
        QVERIFY(metrics->rowCount() >= 8);
        QCOMPARE(metrics->item(0, 0)->text(), QStringLiteral("Equity"));
        shoot(&window, "audit-window");
        shoot(panel, "audit-dock");
        // The model chosen is remembered in the settings; its key is not.
        window.applyModel(o.model);
        QSettings settings;
        settings.sync();
        QCOMPARE(settings.value(QStringLiteral("model/provider")).toString(), QStringLiteral("openai"));
        QFile file(settings.fileName());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray stored = file.readAll();
        QVERIFY(stored.contains("openai"));
        QVERIFY(!stored.contains(fake.key().toUtf8()));
    }

    void backupFromTheMenuRunsOffTheGuiThread()
    {
        EngineOptions o;
        o.dbPath = m_dir.filePath(QStringLiteral("menu.db"));
        EngineController controller(o, 200);
        MainWindow window(&controller, nullptr);
        window.show();
        controller.start();
        QTest::qWait(1500); // a few sessions recorded
        QSignalSpy done(&window, &MainWindow::backupFinished);
        const QString to = m_dir.filePath(QStringLiteral("menu-backup.db"));
        window.startBackup(o.dbPath, to);
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 15000);
        QVERIFY2(done.first().at(0).toBool(), qPrintable(done.first().at(1).toString()));
        QVERIFY(QFileInfo(to).size() > 0);
        // A second backup to the same file is refused, and says so.
        window.startBackup(o.dbPath, to);
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 2, 15000);
        QVERIFY(!done.at(1).at(0).toBool());
        QVERIFY(done.at(1).at(1).toString().contains(QLatin1String("never overwrites")));
    }

    void settingsDialogTestsWithoutBlockingAndReportsARefusedKey()
    {
        FakeLlm fake(FakeLlm::Shape::Anthropic);
        QVERIFY(fake.start());
        fake.setLatencyMs(400);
        ModelSettingsDialog dialog(ModelConfig{});
        dialog.show();
        auto *provider = dialog.findChild<QComboBox *>(QStringLiteral("modelProvider"));
        QCOMPARE(provider->currentData().toString(), QStringLiteral("none")); // offline by default
        provider->setCurrentIndex(provider->findData(QStringLiteral("anthropic")));
        QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("modelUrl"))->text(), QStringLiteral("https://api.anthropic.com/v1"));
        dialog.findChild<QLineEdit *>(QStringLiteral("modelUrl"))->setText(fake.baseUrl());
        auto *key = dialog.findChild<QLineEdit *>(QStringLiteral("modelKey"));
        QCOMPARE(key->echoMode(), QLineEdit::Password);
        key->setText(QStringLiteral("sk-ant-wrong"));
        dialog.testConnection();
        // The answer takes 400 ms; the dialog keeps painting and answering meanwhile.
        QTest::qWait(100);
        QVERIFY(dialog.resultLabel()->text().startsWith(QLatin1String("Asking")));
        QTRY_VERIFY_WITH_TIMEOUT(dialog.resultLabel()->text().startsWith(QLatin1String("Not usable: HTTP 401")), 10000);
        QVERIFY(!dialog.resultLabel()->text().contains(QLatin1String("sk-ant-wrong")));
        key->setText(fake.key());
        dialog.testConnection();
        QTRY_VERIFY_WITH_TIMEOUT(dialog.resultLabel()->text().startsWith(QLatin1String("Connected: claude-haiku-4-5")), 10000);
        shoot(&dialog, "model-settings");
        const ModelConfig c = dialog.config();
        QCOMPARE(c.provider, ModelConfig::Provider::Anthropic);
        QCOMPARE(c.baseUrl, fake.baseUrl());
    }
};

QTEST_MAIN(TestModelUi)
#include "tst_modelui.moc"
