// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// Dark and light themes. "system" follows the platform's palette as it was when
/// the app started (and as it changes); "light" and "dark" are Fusion palettes.
namespace Theme {
enum class Choice { System, Light, Dark };
QString id(Choice c);
Choice fromId(const QString &id);
/// Applies a choice to the whole application (remembers the platform's look the first time).
void apply(Choice c);
Choice current();
/// Whether the application now shows dark colours.
bool isDark();
} // namespace Theme
