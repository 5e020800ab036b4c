#include "core/mapping/MappingLexer.h"

#include <QCoreApplication>

namespace {

bool isIdentifierStart(QChar c)
{
    return c.isLetter() || c == QLatin1Char('_') || c == QLatin1Char('$');
}

bool isIdentifierPart(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('$');
}

} // namespace

MappingLexer::MappingLexer(const QString &field, int begin, int end)
    : m_field(field)
    , m_pos(begin)
    , m_end(end)
{
}

MappingToken MappingLexer::make(MappingToken::Kind kind, int start, int length) const
{
    MappingToken token;
    token.kind = kind;
    token.start = start;
    token.length = length;
    return token;
}

MappingToken MappingLexer::lexQuoted(QChar quote, MappingToken::Kind kind)
{
    const int start = m_pos;
    ++m_pos;
    QString value;
    while (m_pos < m_end) {
        const QChar c = m_field.at(m_pos);
        if (c == quote && kind == MappingToken::Kind::Backtick && m_pos + 1 < m_end
            && m_field.at(m_pos + 1) == quote) {
            value += c; // a doubled backtick is a backtick inside the name
            m_pos += 2;
            continue;
        }
        if (c == quote) {
            ++m_pos;
            MappingToken token = make(kind, start, m_pos - start);
            token.text = value;
            return token;
        }
        if (c == QLatin1Char('\\') && kind == MappingToken::Kind::String && m_pos + 1 < m_end) {
            const QChar escaped = m_field.at(m_pos + 1);
            if (escaped == QLatin1Char('n'))
                value += QLatin1Char('\n');
            else if (escaped == QLatin1Char('t'))
                value += QLatin1Char('\t');
            else if (escaped == QLatin1Char('r'))
                value += QLatin1Char('\r');
            else if (escaped == QLatin1Char('"') || escaped == QLatin1Char('\\'))
                value += escaped;
            else // keep other backslashes, so "/\d+/" reaches replace() as written
                value += c, value += escaped;
            m_pos += 2;
            continue;
        }
        value += c;
        ++m_pos;
    }
    MappingToken token = make(MappingToken::Kind::Error, start, m_end - start);
    token.text = kind == MappingToken::Kind::String
        ? QCoreApplication::translate(
            "MappingLexer", "This text has no closing quote (\"). Add one to end the text.")
        : QCoreApplication::translate(
            "MappingLexer", "This name has no closing backtick (`). Add one to end the name.");
    m_pos = m_end;
    return token;
}

MappingToken MappingLexer::next()
{
    using Kind = MappingToken::Kind;
    while (m_pos < m_end && m_field.at(m_pos).isSpace())
        ++m_pos;
    if (m_pos >= m_end)
        return make(Kind::End, m_end, 0);

    const int start = m_pos;
    const QChar c = m_field.at(m_pos);
    const QChar n = m_pos + 1 < m_end ? m_field.at(m_pos + 1) : QChar();

    if (c.isDigit()) {
        while (m_pos < m_end && m_field.at(m_pos).isDigit())
            ++m_pos;
        MappingToken token = make(Kind::Integer, start, m_pos - start);
        token.text = m_field.mid(start, m_pos - start);
        return token;
    }
    if (isIdentifierStart(c)) {
        while (m_pos < m_end && isIdentifierPart(m_field.at(m_pos)))
            ++m_pos;
        MappingToken token = make(Kind::Identifier, start, m_pos - start);
        token.text = m_field.mid(start, m_pos - start);
        return token;
    }
    if (c == QLatin1Char('"'))
        return lexQuoted(c, Kind::String);
    if (c == QLatin1Char('`'))
        return lexQuoted(c, Kind::Backtick);

    auto single = [&](Kind kind) {
        ++m_pos;
        return make(kind, start, 1);
    };
    auto pair = [&](Kind kind) {
        m_pos += 2;
        return make(kind, start, 2);
    };
    switch (c.unicode()) {
    case '.':
        return single(Kind::Dot);
    case '[':
        return single(Kind::LeftBracket);
    case ']':
        return single(Kind::RightBracket);
    case '(':
        return single(Kind::LeftParen);
    case ')':
        return single(Kind::RightParen);
    case ';':
        return single(Kind::Semicolon);
    case '+':
        return single(Kind::Plus);
    case '-':
        return single(Kind::Minus);
    case '*':
        return single(Kind::Star);
    case '/':
        return single(Kind::Slash);
    case '%':
        return single(Kind::Percent);
    case '=':
        // People coming from other languages write ==; it means the same here.
        return n == QLatin1Char('=') ? pair(Kind::Equal) : single(Kind::Equal);
    case '!':
        if (n == QLatin1Char('='))
            return pair(Kind::NotEqual);
        break;
    case '<':
        if (n == QLatin1Char('='))
            return pair(Kind::LessEqual);
        if (n == QLatin1Char('>'))
            return pair(Kind::NotEqual);
        return single(Kind::Less);
    case '>':
        return n == QLatin1Char('=') ? pair(Kind::GreaterEqual) : single(Kind::Greater);
    case '&':
        return n == QLatin1Char('&') ? pair(Kind::And) : single(Kind::And);
    case '|':
        return n == QLatin1Char('|') ? pair(Kind::Or) : single(Kind::Or);
    default:
        break;
    }
    ++m_pos;
    MappingToken token = make(Kind::Error, start, 1);
    token.text = QCoreApplication::translate("MappingLexer",
        "The character '%1' has no meaning here. Remove it, or put text "
        "in double quotes.")
                     .arg(c);
    return token;
}
