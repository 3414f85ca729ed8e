// SPDX-License-Identifier: GPL-3.0-or-later
#include "theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace Theme {
namespace {

struct Platform
{
    QPalette palette;
    QString style;
};

Platform &platform()
{
    static Platform p{QApplication::palette(), QApplication::style() ? QApplication::style()->name() : QString()};
    return p;
}

Choice &chosen()
{
    static Choice c = Choice::System;
    return c;
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31), base(0x1e, 0x1f, 0x22), text(0xe6, 0xe6, 0xe6), disabled(0x80, 0x80, 0x80);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2b));
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x37, 0x3c));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x45, 0x47, 0x4c));
    p.setColor(QPalette::Midlight, QColor(0x3a, 0x3c, 0x41));
    p.setColor(QPalette::Mid, QColor(0x25, 0x26, 0x29));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xd6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xa8, 0xf0));
    for (QPalette::ColorRole r : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, r, disabled);
    return p;
}

QPalette lightPalette()
{
    QPalette p = QStyleFactory::create(QStringLiteral("Fusion"))->standardPalette();
    return p;
}

} // namespace

QString id(Choice c)
{
    switch (c) {
    case Choice::System: return QStringLiteral("system");
    case Choice::Light: return QStringLiteral("light");
    case Choice::Dark: return QStringLiteral("dark");
    }
    return QStringLiteral("system");
}

Choice fromId(const QString &text)
{
    return text == QLatin1String("light") ? Choice::Light : text == QLatin1String("dark") ? Choice::Dark : Choice::System;
}

void apply(Choice c)
{
    const Platform &sys = platform(); // taken before the first change
    static bool overridden = false;   // a light or dark palette was set in this process
    chosen() = c;
    if (c == Choice::System) {
        // Untouched, Qt keeps following the platform's palette; after a switch, the platform's look comes back.
        if (!overridden)
            return;
        if (!sys.style.isEmpty() && QApplication::style()->name() != sys.style)
            QApplication::setStyle(sys.style);
        QApplication::setPalette(sys.palette);
        overridden = false;
        return;
    }
    overridden = true;
    if (QApplication::style()->name().compare(QLatin1String("fusion"), Qt::CaseInsensitive) != 0)
        QApplication::setStyle(QStringLiteral("Fusion"));
    QApplication::setPalette(c == Choice::Dark ? darkPalette() : lightPalette());
}

Choice current()
{
    return chosen();
}

bool isDark()
{
    return QApplication::palette().color(QPalette::Window).lightness() < 128;
}

} // namespace Theme
