// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

/// A named instant at which the crash drill may kill the process. With
/// SENTINEL_CRASH_AT=NAME:N in the environment, the N-th time the process
/// passes NAME it sends itself SIGKILL, as a power cut would. Without it,
/// this is one comparison. The names are listed in core/README.md.
void crashPoint(const char *name);
