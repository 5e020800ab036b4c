#include "core/mapping/MappingPathText.h"

#include <QSet>

namespace {

/// Names that mean something of their own in an expression; as keys they go in backticks
/// so that nobody reads `1.data.null` as "nothing".
bool isKeyword(const QString &name)
{
    static const QSet<QString> keywords {QStringLiteral("true"), QStringLiteral("false"),
        QStringLiteral("null"), QStringLiteral("emptystring"), QStringLiteral("newline"),
        QStringLiteral("space"), QStringLiteral("tab"), QStringLiteral("carriagereturn")};
    return keywords.contains(name);
}

/// The lexer's identifier rule (MappingLexer.cpp), limited to characters of one UTF-16 unit.
bool isPlainName(const QString &key)
{
    if (key.isEmpty() || isKeyword(key))
        return false;
    for (qsizetype i = 0; i < key.size(); ++i) {
        const QChar c = key.at(i);
        if (c.isSurrogate())
            return false;
        const bool name = c.isLetter() || c == QLatin1Char('_') || c == QLatin1Char('$');
        if (!name && (i == 0 || !c.isDigit()))
            return false;
    }
    return true;
}

} // namespace

QString MappingPathText::keySegment(const QString &key)
{
    if (isPlainName(key))
        return key;
    QString escaped = key;
    escaped.replace(QLatin1Char('`'), QLatin1String("``"));
    return QLatin1Char('`') + escaped + QLatin1Char('`');
}

QString MappingPathText::appendKey(const QString &path, const QString &key)
{
    return path.isEmpty() ? keySegment(key) : path + QLatin1Char('.') + keySegment(key);
}
