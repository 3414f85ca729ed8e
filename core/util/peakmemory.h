// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

/// This process's peak resident memory in KiB (VmHWM of /proc/self/status: the
/// high-water mark of this program's own address space), or -1 where unknown.
long peakResidentKb();
