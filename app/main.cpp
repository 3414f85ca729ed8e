// SPDX-License-Identifier: GPL-3.0-or-later
// sentinel: the workstation GUI. Wires the core's EngineController to the ui.
#include "persistence/database.h"
#include "review/reviewwindow.h"
#include "domain/metatypes.h"
#include "loghub.h"
#include "mainwindow.h"
#include "pipeline/enginecontroller.h"
#include "settings/appsettings.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTextStream>
#include <QTimer>
#include <QInputDialog>
#include <QFileInfo>
#include <QLineEdit>
#include <QTranslator>

namespace {

/// Reports the first paint of the main window (for the start-up benchmark).
class FirstPaintProbe : public QObject
{
public:
    FirstPaintProbe(const QElapsedTimer &clock, bool quitAfter)
        : m_clock(clock)
        , m_quitAfter(quitAfter)
    {
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_done) {
            m_done = true;
            QTextStream(stdout) << "first-paint-ms " << m_clock.nsecsElapsed() / 1e6 << Qt::endl;
            if (m_quitAfter)
                QTimer::singleShot(0, qApp, &QApplication::quit);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    const QElapsedTimer &m_clock;
    bool m_quitAfter;
    bool m_done = false;
};

/// Saves a picture of the window after `ms` and quits (--screenshot).
void screenshotLater(QWidget *window, const QString &file, int ms)
{
    QTimer::singleShot(ms, window, [window, file] {
        const bool ok = window->grab().save(file);
        QTextStream(stdout) << (ok ? "screenshot saved: " : "screenshot failed: ") << file << Qt::endl;
        QApplication::quit();
    });
}

} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer clock;
    clock.start();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("sentinel"));
    QApplication::setOrganizationName(QStringLiteral("sentinel"));
    QApplication::setApplicationDisplayName(QStringLiteral("Sentinel"));
    QApplication::setApplicationVersion(QStringLiteral(SENTINEL_VERSION));
    registerSentinelMetaTypes();
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("sentinel"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Sentinel trading workstation"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(QStringLiteral("demo"), QStringLiteral("Demo mode: simulated market and broker (the default)."));
    const QCommandLineOption db(QStringLiteral("db"), QStringLiteral("Database file."), QStringLiteral("PATH"));
    const QCommandLineOption settingsFile(QStringLiteral("settings"), QStringLiteral("Settings JSON file."), QStringLiteral("FILE"));
    const QCommandLineOption sessionMs(QStringLiteral("session-ms"), QStringLiteral("Milliseconds per simulated session."), QStringLiteral("MS"));
    const QCommandLineOption measure(QStringLiteral("measure-startup"), QStringLiteral("Print the time to the first painted window and quit."));
    const QCommandLineOption shot(QStringLiteral("screenshot"), QStringLiteral("Save a screenshot of the window to FILE and quit."), QStringLiteral("FILE"));
    const QCommandLineOption shotAfter(QStringLiteral("screenshot-after-ms"), QStringLiteral("Delay before the screenshot."), QStringLiteral("MS"), QStringLiteral("8000"));
    const QCommandLineOption review(QStringLiteral("review"), QStringLiteral("Review a record offline, read-only (a SQLite file or a postgresql:// URL)."),
                                    QStringLiteral("FILE"));
    parser.addOptions({demo, db, settingsFile, sessionMs, measure, shot, shotAfter, review});
    parser.process(app);

    if (parser.isSet(review)) {
        // The review alone: no engine, no broker, no network; the record is only read.
        ReviewWindow window(Database::resolveLocation(parser.value(review)));
        window.show();
        if (parser.isSet(shot))
            screenshotLater(&window, parser.value(shot), parser.value(shotAfter).toInt());
        return app.exec();
    }

    LogHub logHub;
    logHub.install();
    logHub.setLogFolder(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/logs"));

    const QString settingsPath = parser.isSet(settingsFile) ? parser.value(settingsFile) : AppSettings::defaultPath();
    AppSettings settings = AppSettings::load(settingsPath, parser.isSet(settingsFile));
    EngineOptions options = settings.engineOptions(
        parser.isSet(db) ? Database::resolveLocation(parser.value(db))
        : !settings.database.isEmpty() ? Database::resolveLocation(settings.database)
                         : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/sentinel.db"));
    const int interval = parser.isSet(sessionMs) ? std::max(100, parser.value(sessionMs).toInt()) : settings.sessionIntervalMs;

    // Alpaca from the settings ("broker": "alpaca"): paper by default; live only with
    // "live": true, the live URL and the word LIVE typed at this start.
    const bool alpacaFromSettings = settings.broker == QLatin1String("alpaca") && !parser.isSet(demo);
    if (alpacaFromSettings && !options.alpaca.keyId.isEmpty()) {
        options.venue = EngineOptions::VenueKind::Alpaca;
        if (!Database::isPostgresUrl(options.dbPath)) // a shared record is chosen as it is
            options.dbPath = QFileInfo(options.dbPath).absolutePath() + (options.live ? QStringLiteral("/live.db") : QStringLiteral("/paper.db"));
        if (options.live) {
            bool ok = false;
            const QString typed = QInputDialog::getText(nullptr, QStringLiteral("Sentinel — LIVE trading"),
                                                        QStringLiteral("Live trading with real money at %1.\nType LIVE to continue:")
                                                            .arg(options.alpaca.trading.toString()),
                                                        QLineEdit::Normal, QString(), &ok);
            if (!ok || typed.trimmed() != QLatin1String("LIVE")) {
                QTextStream(stderr) << "live trading was not confirmed; starting in demo mode" << Qt::endl;
                options.venue = EngineOptions::VenueKind::Simulated;
                options.live = false;
                if (!Database::isPostgresUrl(options.dbPath))
                    options.dbPath = QFileInfo(options.dbPath).absolutePath() + QStringLiteral("/sentinel.db");
            }
        }
    } else {
        // Demo, or Alpaca with keys still to come from the keychain (resumeVenue).
        options.venue = EngineOptions::VenueKind::Simulated;
        options.live = false;
    }
    if (options.model.needsKey()) {
        // A model named in the settings file: its key from the environment only.
        options.model.apiKey = qEnvironmentVariable(options.model.keyVariable().toLatin1().constData());
        if (options.model.apiKey.isEmpty()) {
            settings.warnings.append(QStringLiteral("model %1 needs %2; the deterministic selector picks strategies")
                                         .arg(options.model.label(), options.model.keyVariable()));
            options.model = ModelConfig();
        }
    }
    EngineController controller(options, interval);
    MainWindow window(&controller, &logHub);
    FirstPaintProbe probe(clock, true);
    if (parser.isSet(measure))
        window.installEventFilter(&probe);
    window.show();
    window.showWarnings(settings.warnings);
    controller.start();
    if (!parser.isSet(demo) && options.venue == EngineOptions::VenueKind::Simulated)
        window.resumeVenue();
    if (!options.model.enabled())
        window.resumeModel();

    if (parser.isSet(shot))
        screenshotLater(&window, parser.value(shot), parser.value(shotAfter).toInt());
    return app.exec();
}
