#pragma once

#include <QString>

/// One token of a {{…}} expression. Offsets are in the whole field's text.
struct MappingToken
{
    enum class Kind {
        End,
        Error, ///< `text` holds the message
        Integer, ///< digits only; decimals are assembled by the parser (1.5 vs 1.data)
        Identifier,
        String, ///< "…", `text` holds the unescaped value
        Backtick, ///< `…`, `text` holds the key
        Dot,
        LeftBracket,
        RightBracket,
        LeftParen,
        RightParen,
        Semicolon,
        Plus,
        Minus,
        Star,
        Slash,
        Percent,
        Equal,
        NotEqual,
        Less,
        Greater,
        LessEqual,
        GreaterEqual,
        And,
        Or,
    };
    Kind kind = Kind::End;
    int start = 0;
    int length = 0;
    QString text;
};

/// Splits the text of one expression (between {{ and }}) into tokens.
class MappingLexer
{
public:
    /// Lexes `field` from `begin` up to (not including) `end`.
    MappingLexer(const QString &field, int begin, int end);

    MappingToken next();

private:
    MappingToken make(MappingToken::Kind kind, int start, int length) const;
    MappingToken lexQuoted(QChar quote, MappingToken::Kind kind);

    const QString &m_field;
    int m_pos;
    int m_end;
};
