// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "mainwindow.h"
#include "pipeline/enginecontroller.h"

class LogHub;

/// The real window over a real engine on its thread, recording to `db`, with a
/// fast clock (a session every 200 ms), shown and started.
struct RunningDemo
{
    explicit RunningDemo(const QString &db, LogHub *hub = nullptr)
        : RunningDemo(optionsAt(db), hub)
    {
    }
    explicit RunningDemo(const EngineOptions &options, LogHub *hub = nullptr)
        : controller(options, 200)
        , window(&controller, hub)
    {
        window.resize(1500, 950);
        window.show();
        controller.start();
    }
    static EngineOptions optionsAt(const QString &db)
    {
        EngineOptions o;
        o.dbPath = db;
        return calmDesk(o);
    }
    /// A desk that a test drives at machine speed: tickets wait a minute of wall-clock time
    /// (as in the app) and never re-price on drift; no pace or deliberate-confirm checks.
    /// The tests of those features turn them back on.
    static EngineOptions calmDesk(EngineOptions o)
    {
        o.proposalMinWaitMs = 60'000;
        o.desk.driftPct = Decimal();
        o.desk.minLookSeconds = 0;
        o.desk.blindStreak = 0;
        o.desk.deliberateShare = Decimal();
        o.desk.deliberateFirstInSymbol = false;
        o.desk.deliberateAfterReset = false;
        return o;
    }
    EngineController controller;
    MainWindow window;
};
