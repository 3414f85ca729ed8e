// SPDX-License-Identifier: GPL-3.0-or-later
// Every input the fuzzers found (tests/fuzz/regressions/<target>/) goes through
// the same entry points in the ordinary build: none may crash or break the
// entry's own checks again. A few hand-made hostile inputs ride along.
#include "../fuzz/fuzzentries.h"

#include <QDir>
#include <QFile>
#include <QTest>

namespace {
// A literal's bytes, embedded NULs included.
template<std::size_t N>
QByteArray bytesOf(const char (&s)[N])
{
    return QByteArray(s, static_cast<qsizetype>(N - 1));
}
} // namespace

class TestFuzzRegressions : public QObject
{
    Q_OBJECT

    static int replay(const QString &target, void (*entry)(const std::uint8_t *, std::size_t))
    {
        const QDir dir(QStringLiteral(SENTINEL_SOURCE_DIR "/tests/fuzz/regressions/") + target);
        int n = 0;
        for (const QString &name : dir.entryList(QDir::Files)) {
            QFile f(dir.filePath(name));
            if (!f.open(QIODevice::ReadOnly))
                continue;
            const QByteArray bytes = f.readAll();
            entry(reinterpret_cast<const std::uint8_t *>(bytes.constData()), static_cast<std::size_t>(bytes.size()));
            ++n;
        }
        return n;
    }
    static void feed(void (*entry)(const std::uint8_t *, std::size_t), const QByteArray &bytes)
    {
        entry(reinterpret_cast<const std::uint8_t *>(bytes.constData()), static_cast<std::size_t>(bytes.size()));
    }

private Q_SLOTS:
    void csv()
    {
        replay(QStringLiteral("csv"), fuzz::csv);
        feed(fuzz::csv, QByteArray());
        feed(fuzz::csv, QByteArray("\xEF\xBB\xBF"));
        feed(fuzz::csv, QByteArray(",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,\n1,2,3"));
        feed(fuzz::csv, QByteArray("date,open,high,low,close,volume\r\r\r2024-01-02,1,1,1,1,") + QByteArray(5000, '9'));
        feed(fuzz::csv, QByteArray("volume,volume,volume,volume,volume,volume\n1,1,1,1,1,1"));
    }
    void riskCheck()
    {
        replay(QStringLiteral("riskcheck"), fuzz::riskCheck);
        feed(fuzz::riskCheck, bytesOf("{\"equity\":1e308,\"cash\":-1e308,\"buying_power\":\"NaN\"}"));
        feed(fuzz::riskCheck, bytesOf("{\"equity\":\"1\",\"cash\":\"1\",\"buying_power\":\"1\"}\0[{\"symbol\":\"\\u0000\",\"qty\":1,\"market_value\":1}]\0[]"));
        feed(fuzz::riskCheck, bytesOf("{\"equity\":\"1\",\"cash\":\"1\",\"buying_power\":\"1\"}\0[]\0[{\"symbol\":\"ko \",\"side\":\"BUY\",\"price\":1e-20,\"confidence\":1e400,\"strategy\":\"x\"}]"));
    }
    void settings()
    {
        replay(QStringLiteral("settings"), fuzz::settings);
        feed(fuzz::settings, QByteArray("{\"risk\":{\"per_position_cap_pct\":1e999},\"seed\":-1,\"proposal_ttl_sessions\":0.5}"));
        feed(fuzz::settings, QByteArray("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]"));
    }
};

QTEST_GUILESS_MAIN(TestFuzzRegressions)
#include "tst_fuzzregressions.moc"
