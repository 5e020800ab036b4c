#pragma once

#include "core/mapping/FieldTemplate.h"
#include "core/mapping/MappingExpression.h"
#include "core/mapping/MappingLexer.h"

#include <QList>
#include <QPair>

#include <deque>
#include <vector>

/// Parses the text of one {{…}} expression into a MappingExpression tree, collecting
/// syntax errors (with their offsets in the field) and the references it makes.
class MappingParser
{
public:
    /// Parses `field` from `begin` up to (not including) `end`.
    MappingParser(const QString &field, int begin, int end);

    /// Only these named roots are accepted (nullptr: any, checked when evaluating).
    void setKnownRoots(const QStringList *roots) { m_knownRoots = roots; }

    /// The expression, or nullptr when it has a syntax error (see errors()).
    MappingExpressionPtr parse();

    QList<MappingIssue> errors() const { return m_errors; }
    /// Module references in the order they were found (callers sort by offset).
    QList<ModuleReference> references() const { return m_references; }
    /// Named-root references: (root, first key), e.g. ("secrets", "client_secret"); a
    /// scenario input {{var.input.word}} also gives ("var.input", "word").
    QList<QPair<QString, QString>> namedReferences() const { return m_namedReferences; }

private:
    using Kind = MappingToken::Kind;

    /// The token at `index`, lexed when first asked for; the End token past the end.
    const MappingToken &tokenAt(size_t index);
    const MappingToken &peek(int ahead = 0) { return tokenAt(m_index + ahead); }
    MappingToken take();
    bool at(Kind kind) { return peek().kind == kind; }
    bool fail(const QString &message, int start, int length);
    bool fail(const QString &message, const MappingToken &token);
    QString tokenText(const MappingToken &token) const;

    /// Parses with `parse` one level deeper (inside parentheses, a function's values, a list
    /// position, after a minus sign); fails at the opener (`start`, `length`) when that level
    /// would be past maxMappingDepth, without descending.
    template <typename Parse> MappingExpressionPtr nested(int start, int length, Parse parse);
    /// False, with the error at `start`, when `node` would put the expression past
    /// maxMappingDepth where it stands.
    bool fits(const MappingExpression &node, int start, int length);
    MappingExpressionPtr parseOr();
    MappingExpressionPtr parseAnd();
    MappingExpressionPtr parseComparison();
    MappingExpressionPtr parseAdditive();
    MappingExpressionPtr parseMultiplicative();
    MappingExpressionPtr parseUnary();
    MappingExpressionPtr parsePrimary();
    MappingExpressionPtr parseIdentifier();
    /// One value of a function call: an expression, or Make's unquoted text.
    MappingExpressionPtr parseArgument();
    MappingExpressionPtr parseCall(const MappingToken &name);
    /// Parses .key, [n], [] after a root; returns nullptr on error.
    std::unique_ptr<MappingPath> parseSegments(std::unique_ptr<MappingPath> path, int start);
    MappingExpressionPtr finishPostfix(MappingExpressionPtr base);

    const QString &m_field;
    int m_begin;
    int m_end;
    MappingLexer m_lexer;
    /// Tokens lexed so far: a deque, so that references to them stay valid as it grows, and
    /// filled on demand, so that a field refused early is not held whole as tokens.
    std::deque<MappingToken> m_tokens;
    size_t m_index = 0;
    int m_lastEnd = 0; ///< end offset of the last token taken
    const QStringList *m_knownRoots = nullptr;
    int m_depth = 0; ///< levels around what is being parsed (parentheses, calls, [], minus)
    bool m_tooDeep = false; ///< past maxMappingDepth: stop, and read nothing as plain text
    QList<MappingIssue> m_errors;
    /// Where function values were read as Make's unquoted text.
    std::vector<std::pair<int, int>> m_textRanges;
    QList<ModuleReference> m_references;
    QList<QPair<QString, QString>> m_namedReferences;
};
