// SPDX-License-Identifier: GPL-3.0-or-later
// sentinel-cli: Sentinel without a GUI. Links the core only.
#include "backtestcommand.h"
#include "backupcommand.h"
#include "democommand.h"
#include "journalcommand.h"
#include "reviewcommand.h"
#include "riskcheckcommand.h"
#include "runcommand.h"
#include "domain/metatypes.h"

#include <QCoreApplication>
#include <QGuiApplication>

#include <memory>
#include <QTextStream>

namespace {
void usage(QTextStream &out)
{
    out << "usage: sentinel-cli <command> [options]\n"
           "commands:\n"
           "  demo --sessions N --approve all|none --db PATH [--seed S] [--settings FILE]\n"
           "       run the demo pipeline headless and print a JSON summary\n"
           "  run --broker alpaca|sim [--approve none|reducing|all] [--iterations N] [--strategy NAME]\n"
           "      [--symbols A,B,...] [--timeframe 1Day] [--db PATH] [--trading-url URL] [--data-url URL]\n"
           "      [--data-stream-url URL] [--settle-s S] [--json] [--live]\n"
           "       run the live pipeline without a GUI (Alpaca keys from APCA_API_KEY_ID / APCA_API_SECRET_KEY)\n"
           "  risk-check --account A.json --positions P.json --proposals X.json [--config R.json]\n"
           "       decide proposals against an Alpaca account and positions; print the verdicts as JSON\n"
           "  backtest --data DIR --strategy NAME [--param k=v ...] [--qty N | --sizing risk] [--cash X]\n"
           "           [--stop-loss-pct P] [--risk on|off] [--approve all|reducing] [--trades-out FILE]\n"
           "           [--equity-out FILE] [--json]   (see backtest --help for costs and --config)\n"
           "       run a strategy over one CSV per symbol\n"
           "  sweep --data DIR --strategy NAME --grid fast=5:20:5 --grid slow=20:60:10 [--jobs N]\n"
           "        [--rank sharpe|sortino|cagr|total_return|max_drawdown|win_rate|profit_factor]\n"
           "        [--walk-forward F | --oos-from DATE] --out FILE [--json]   (and the backtest options)\n"
           "       backtest every combination of a grid on worker threads, one CSV row each\n"
           "  backup --db PATH --to PATH\n"
           "       copy a record consistently, also while Sentinel runs on it\n"
           "  journal verify --db PATH [--json]\n"
           "       check the hash-chained journal and the records it covers (exit 0 intact, 1 broken)\n"
           "  --version   print the version\n";
}
} // namespace

int main(int argc, char *argv[])
{
    // The review's printable report draws with QPainter: that needs a GUI application,
    // on the offscreen platform (the command line never opens a window).
    const bool review = argc > 1 && qstrcmp(argv[1], "review") == 0;
    if (review && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    std::unique_ptr<QCoreApplication> application = review ? std::make_unique<QGuiApplication>(argc, argv)
                                                           : std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication &app = *application;
    QCoreApplication::setApplicationName(QStringLiteral("sentinel"));
    QCoreApplication::setOrganizationName(QStringLiteral("sentinel"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SENTINEL_VERSION));
    registerSentinelMetaTypes();
    const QStringList args = app.arguments();
    QTextStream out(stdout), err(stderr);
    if (args.size() < 2) {
        usage(err);
        return 2;
    }
    const QString command = args.at(1);
    if (command == QLatin1String("--version") || command == QLatin1String("-v")) {
        out << "sentinel-cli " << SENTINEL_VERSION << Qt::endl;
        return 0;
    }
    if (command == QLatin1String("--help") || command == QLatin1String("-h")) {
        usage(out);
        return 0;
    }
    if (command == QLatin1String("demo"))
        return runDemoCommand(args);
    if (command == QLatin1String("backtest"))
        return runBacktestCommand(args);
    if (command == QLatin1String("sweep"))
        return runSweepCommand(args);
    if (command == QLatin1String("run"))
        return runRunCommand(args);
    if (command == QLatin1String("backup"))
        return runBackupCommand(args);
    if (command == QLatin1String("review"))
        return runReviewCommand(args);
    if (command == QLatin1String("journal"))
        return runJournalCommand(args);
    if (command == QLatin1String("risk-check"))
        return runRiskCheckCommand(args);
    err << "sentinel-cli: unknown command '" << command << "'\n";
    usage(err);
    return 2;
}
