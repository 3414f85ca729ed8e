// SPDX-License-Identifier: GPL-3.0-or-later
#include "symbol.h"

Result<QString> normalizeSymbol(const QString &raw)
{
    qsizetype begin = 0;
    qsizetype end = raw.size();
    const auto blank = [](QChar c) { return c == QLatin1Char(' ') || c == QLatin1Char('\t'); };
    while (begin < end && blank(raw[begin]))
        ++begin;
    while (end > begin && blank(raw[end - 1]))
        --end;
    if (begin == end)
        return Result<QString>::failure(QStringLiteral("the symbol is empty"));
    if (end - begin > kMaxSymbolLength)
        return Result<QString>::failure(QStringLiteral("the symbol %1 is longer than %2 characters")
                                            .arg(quoteForError(raw.mid(begin, end - begin), 20))
                                            .arg(kMaxSymbolLength));
    QString out;
    out.reserve(end - begin);
    for (qsizetype i = begin; i < end; ++i) {
        const char16_t c = raw[i].unicode();
        if (c >= u'a' && c <= u'z')
            out.append(QChar(c - u'a' + u'A'));
        else if ((c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'.' || c == u'-')
            out.append(QChar(c));
        else
            return Result<QString>::failure(QStringLiteral("the symbol %1 has a character that is not allowed (%2); symbols are letters, "
                                                           "digits, '.' and '-'")
                                                .arg(quoteForError(raw.mid(begin, end - begin), 20),
                                                     QStringLiteral("U+%1").arg(static_cast<int>(c), 4, 16, QLatin1Char('0')).toUpper()));
    }
    if (out.front() < QLatin1Char('A') || out.front() > QLatin1Char('Z'))
        return Result<QString>::failure(QStringLiteral("the symbol %1 must start with a letter").arg(quoteForError(out, 20)));
    return out;
}

QString quoteForError(const QString &value, int max)
{
    QString shown;
    for (qsizetype i = 0; i < value.size() && shown.size() < max; ++i) {
        const QChar c = value[i];
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            shown += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            shown += c;
    }
    QString out = QLatin1Char('"') + shown + QLatin1Char('"');
    if (shown.size() < value.size() && value.size() > max)
        out += QStringLiteral(" (%1 characters, cut)").arg(value.size());
    return out;
}
