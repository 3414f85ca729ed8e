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
        : controller(optionsAt(db), 200)
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
        return o;
    }
    EngineController controller;
    MainWindow window;
};
