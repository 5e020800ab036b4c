#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

/// The words of a command pasted from a terminal, as bash (or Windows cmd) would split them
/// before curl sees them. Used by CurlCommand's parser; not part of its public interface.
namespace CurlShellWords {

/// The words of one command, or an error in plain words when the text cannot be split.
struct Words
{
    QList<QByteArray> words;
    QString error;
};

/// Splits `command` into words: single quotes, double quotes with escapes, $'…' ANSI-C
/// quoting, backslash-newline continuations, and Windows cmd's ^ escapes and continuations.
Words split(QByteArray command);

/// The value of one hexadecimal digit, or -1 when `c` is not one.
int hexValue(char c);

/// True when `bytes` are well-formed UTF-8.
bool isValidUtf8(const QByteArray &bytes);

} // namespace CurlShellWords
