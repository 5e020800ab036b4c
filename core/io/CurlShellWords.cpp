#include "core/io/CurlShellWords.h"

#include <QCoreApplication>
#include <QStringDecoder>

namespace CurlShellWords {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool isValidUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder.decode(bytes); // decoding runs on conversion
    Q_UNUSED(decoded);
    return !decoder.hasError();
}

namespace {

void appendCodePoint(QByteArray &out, uint codePoint)
{
    const char32_t c = static_cast<char32_t>(codePoint);
    out += QString::fromUcs4(&c, 1).toUtf8();
}

// Bash's $'…' escapes. Returns the index of the closing quote, or -1 when there is none.
qsizetype readAnsiC(const QByteArray &in, qsizetype i, QByteArray &out)
{
    for (; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '\'')
            return i;
        if (c != '\\' || i + 1 >= in.size()) {
            out += c;
            continue;
        }
        const char e = in[++i];
        switch (e) {
        case 'n':
            out += '\n';
            break;
        case 't':
            out += '\t';
            break;
        case 'r':
            out += '\r';
            break;
        case 'a':
            out += '\a';
            break;
        case 'b':
            out += '\b';
            break;
        case 'f':
            out += '\f';
            break;
        case 'v':
            out += '\v';
            break;
        case 'e':
        case 'E':
            out += '\x1b';
            break;
        case '\\':
            out += '\\';
            break;
        case '\'':
            out += '\'';
            break;
        case '"':
            out += '"';
            break;
        case '?':
            out += '?';
            break;
        case 'x': {
            int value = 0;
            int digits = 0;
            while (digits < 2 && i + 1 < in.size() && hexValue(in[i + 1]) >= 0) {
                value = value * 16 + hexValue(in[++i]);
                ++digits;
            }
            if (digits == 0)
                out += "\\x";
            else
                out += static_cast<char>(value);
            break;
        }
        case 'u':
        case 'U': {
            const int maxDigits = e == 'u' ? 4 : 8;
            uint value = 0;
            int digits = 0;
            while (digits < maxDigits && i + 1 < in.size() && hexValue(in[i + 1]) >= 0) {
                value = value * 16 + static_cast<uint>(hexValue(in[++i]));
                ++digits;
            }
            if (digits == 0) {
                out += '\\';
                out += e;
            } else {
                appendCodePoint(out, value);
            }
            break;
        }
        case 'c':
            if (i + 1 < in.size())
                out += static_cast<char>(in[++i] & 0x1f);
            break;
        default:
            if (e >= '0' && e <= '7') {
                int value = e - '0';
                int digits = 1;
                while (digits < 3 && i + 1 < in.size() && in[i + 1] >= '0' && in[i + 1] <= '7') {
                    value = value * 8 + (in[++i] - '0');
                    ++digits;
                }
                out += static_cast<char>(value & 0xff);
            } else {
                out += '\\';
                out += e;
            }
        }
    }
    return -1;
}

// Windows cmd (Chrome's "Copy as cURL (cmd)"): ^ escapes the next character and ^ at the
// end of a line continues it. Removing the carets leaves text that reads like bash with
// double quotes, which is what the bash reader below then handles.
QByteArray fromCmdSyntax(const QByteArray &in)
{
    QByteArray out;
    for (qsizetype i = 0; i < in.size(); ++i) {
        if (in[i] != '^' || i + 1 >= in.size()) {
            out += in[i];
            continue;
        }
        const char next = in[++i];
        if (next == '\r' && i + 1 < in.size() && in[i + 1] == '\n')
            ++i;
        if (next == '\n' || next == '\r')
            out += ' ';
        else
            out += next;
    }
    return out;
}

bool looksLikeCmdSyntax(const QByteArray &in)
{
    return in.contains("^\n") || in.contains("^\r\n") || in.contains(" ^\"");
}

} // namespace

Words split(QByteArray in)
{
    Words result;
    if (looksLikeCmdSyntax(in))
        in = fromCmdSyntax(in);
    QByteArray word;
    bool inWord = false;
    auto endWord = [&] {
        if (inWord)
            result.words.append(word);
        word.clear();
        inWord = false;
    };
    for (qsizetype i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '\\') {
            if (i + 1 < in.size() && in[i + 1] == '\n') {
                ++i; // a line continuation
                continue;
            }
            if (i + 2 < in.size() && in[i + 1] == '\r' && in[i + 2] == '\n') {
                i += 2;
                continue;
            }
            if (i + 1 < in.size()) {
                word += in[++i];
                inWord = true;
            }
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            endWord();
            continue;
        }
        if (c == '#' && !inWord) {
            while (i < in.size() && in[i] != '\n')
                ++i;
            continue;
        }
        if (c == '\'') {
            const qsizetype close = in.indexOf('\'', i + 1);
            if (close < 0) {
                result.error = QCoreApplication::translate("CurlShellWords",
                    "A single quote (') is opened but never closed. "
                    "Check that the whole command was copied.");
                return result;
            }
            word += in.mid(i + 1, close - i - 1);
            inWord = true;
            i = close;
            continue;
        }
        if (c == '$' && i + 1 < in.size() && in[i + 1] == '\'') {
            const qsizetype close = readAnsiC(in, i + 2, word);
            if (close < 0) {
                result.error = QCoreApplication::translate("CurlShellWords",
                    "A $'…' quote is opened but never closed. Check "
                    "that the whole command was copied.");
                return result;
            }
            inWord = true;
            i = close;
            continue;
        }
        if (c == '"') {
            qsizetype j = i + 1;
            bool closed = false;
            for (; j < in.size(); ++j) {
                const char d = in[j];
                if (d == '"') {
                    closed = true;
                    break;
                }
                if (d == '\\' && j + 1 < in.size()) {
                    const char e = in[j + 1];
                    if (e == '"' || e == '\\' || e == '$' || e == '`') {
                        word += e;
                        ++j;
                        continue;
                    }
                    if (e == '\n') {
                        ++j;
                        continue;
                    }
                }
                word += d;
            }
            if (!closed) {
                result.error = QCoreApplication::translate("CurlShellWords",
                    "A double quote (\") is opened but never closed. "
                    "Check that the whole command was copied.");
                return result;
            }
            inWord = true;
            i = j;
            continue;
        }
        word += c;
        inWord = true;
    }
    endWord();
    return result;
}

} // namespace CurlShellWords
