// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: see tests/fuzz/fuzzentries.h and `make fuzz`.
#include "fuzzentries.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    fuzz::settings(data, size);
    return 0;
}
