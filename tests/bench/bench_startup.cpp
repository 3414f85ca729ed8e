// SPDX-License-Identifier: GPL-3.0-or-later
// Time from process start to the first painted main window. Runs the GUI with
// --measure-startup several times on a fresh profile and prints the median of
// the wall time measured here (spawn → first-paint line) and of the app's own
// figure (main() → first paint).
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const int runs = 7;
    std::vector<double> wall, inApp;
    const QString platform = qEnvironmentVariable("QT_QPA_PLATFORM", QStringLiteral("offscreen"));
    for (int i = 0; i < runs; ++i) {
        QTemporaryDir home;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), platform);
        QProcess p;
        p.setProcessEnvironment(env);
        QElapsedTimer t;
        t.start();
        p.start(QStringLiteral(SENTINEL_APP), {QStringLiteral("--measure-startup")});
        double seen = -1;
        QByteArray buffer;
        while (p.waitForReadyRead(10000)) {
            buffer += p.readAllStandardOutput();
            const int at = buffer.indexOf("first-paint-ms ");
            if (at >= 0 && buffer.indexOf('\n', at) > at) {
                seen = t.nsecsElapsed() / 1e6;
                inApp.push_back(buffer.mid(at + 15, buffer.indexOf('\n', at) - at - 15).trimmed().toDouble());
                break;
            }
        }
        p.waitForFinished(10000);
        if (seen < 0) {
            out << "bench_startup: no first-paint line (exit " << p.exitCode() << "): " << p.readAllStandardError() << "\n";
            return 1;
        }
        wall.push_back(seen);
    }
    std::sort(wall.begin(), wall.end());
    std::sort(inApp.begin(), inApp.end());
    out << "bench_startup: " << runs << " runs, QT_QPA_PLATFORM=" << platform << "\n";
    out << QStringLiteral("  process start -> first paint   median %1 ms   max %2 ms\n").arg(wall[runs / 2], 0, 'f', 1).arg(wall.back(), 0, 'f', 1);
    out << QStringLiteral("  main() -> first paint          median %1 ms\n").arg(inApp[runs / 2], 0, 'f', 1);
    return 0;
}
