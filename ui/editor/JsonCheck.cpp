#include "ui/editor/JsonCheck.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonParseError>

QString JsonCheck::withPlaceholders(const QString &content)
{
    QString result = content;
    bool inString = false;
    int i = 0;
    while (i < result.size()) {
        const QChar c = result.at(i);
        if (c == QLatin1Char('{') && i + 1 < result.size()
            && result.at(i + 1) == QLatin1Char('{')) {
            const int close = result.indexOf(QLatin1String("}}"), i + 2);
            const int end = close < 0 ? int(result.size()) : close + 2;
            for (int j = i; j < end; ++j) {
                if (result.at(j) == QLatin1Char('\n'))
                    continue; // keep line numbers right
                // Inside "…" the value becomes text; elsewhere a number stands for whatever
                // the mapping gives (a number, true, an object…).
                result[j]
                    = inString ? QLatin1Char('x') : (j == i ? QLatin1Char('0') : QLatin1Char(' '));
            }
            i = end;
            continue;
        }
        if (inString && c == QLatin1Char('\\')) {
            i += 2;
            continue;
        }
        if (c == QLatin1Char('"'))
            inString = !inString;
        ++i;
    }
    return result;
}

QString JsonCheck::problem(const QString &content)
{
    if (content.trimmed().isEmpty())
        return QString();
    const QString checked = withPlaceholders(content);
    const QByteArray utf8 = checked.toUtf8();
    QJsonParseError error;
    QJsonDocument::fromJson(utf8, &error);
    if (error.error == QJsonParseError::NoError)
        return QString();

    QString what;
    switch (error.error) {
    case QJsonParseError::UnterminatedObject:
        what = QCoreApplication::translate("JsonCheck",
            "a } is missing at the end of a group, or a comma between two "
            "values");
        break;
    case QJsonParseError::MissingNameSeparator:
        what = QCoreApplication::translate("JsonCheck", "a colon (:) is missing after a name");
        break;
    case QJsonParseError::UnterminatedArray:
        what = QCoreApplication::translate("JsonCheck",
            "a ] is missing at the end of a list, or a comma between two "
            "items");
        break;
    case QJsonParseError::MissingValueSeparator:
        what = QCoreApplication::translate("JsonCheck", "a comma is missing between two values");
        break;
    case QJsonParseError::IllegalValue:
    case QJsonParseError::IllegalNumber: // what Qt says for unquoted words
        what = QCoreApplication::translate("JsonCheck",
            "there is a value JSON does not understand (text must be in "
            "double quotes, and there must be no comma before a } or ])");
        break;
    case QJsonParseError::TerminationByNumber:
        what = QCoreApplication::translate("JsonCheck", "a number is not written correctly");
        break;
    case QJsonParseError::IllegalEscapeSequence:
    case QJsonParseError::IllegalUTF8String:
        what = QCoreApplication::translate(
            "JsonCheck", "a backslash (\\) in a text is not followed by a valid character");
        break;
    case QJsonParseError::UnterminatedString:
        what = QCoreApplication::translate("JsonCheck", "a text has no closing double quote (\")");
        break;
    case QJsonParseError::MissingObject:
        // Qt says this both for a missing value ([1,]) and for a text that is no JSON at all.
        what = QCoreApplication::translate(
            "JsonCheck", "a value is missing, for example after a comma");
        break;
    case QJsonParseError::DeepNesting:
        what = QCoreApplication::translate("JsonCheck", "it is nested too deeply");
        break;
    case QJsonParseError::DocumentTooLarge:
        what = QCoreApplication::translate("JsonCheck", "it is too large");
        break;
    case QJsonParseError::GarbageAtEnd:
        what = QCoreApplication::translate("JsonCheck", "there is more text after the end");
        break;
    case QJsonParseError::NoError:
        break;
    }

    // The parser counts UTF-8 bytes; people count characters on lines.
    const int offset = int(QString::fromUtf8(utf8.left(error.offset)).size());
    int line = 1;
    int column = 1;
    for (int i = 0; i < offset && i < content.size(); ++i) {
        if (content.at(i) == QLatin1Char('\n')) {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return QCoreApplication::translate(
        "JsonCheck", "This JSON is not valid: %1 (line %2, column %3).")
        .arg(what)
        .arg(line)
        .arg(column);
}
