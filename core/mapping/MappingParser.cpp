#include "core/mapping/MappingParser.h"

#include "core/mapping/MappingFunctions.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>

namespace {

/// Keywords that stand for a fixed value (Make's emptystring, newline, space, …).
std::optional<QJsonValue> keywordValue(const QString &name)
{
    struct Keyword
    {
        const char *name;
        QJsonValue value;
    };
    static const Keyword keywords[] = {
        {"true", QJsonValue(true)},
        {"false", QJsonValue(false)},
        {"null", QJsonValue(QJsonValue::Null)},
        {"emptystring", QJsonValue(QString())},
        {"newline", QJsonValue(QStringLiteral("\n"))},
        {"space", QJsonValue(QStringLiteral(" "))},
        {"tab", QJsonValue(QStringLiteral("\t"))},
        {"carriagereturn", QJsonValue(QStringLiteral("\r"))},
        {"nbsp", QJsonValue(QString(QChar(0x00A0)))},
        {"emptyarray", QJsonValue(QJsonArray())},
        // A field mapped to ignore is left empty, as one that was never filled in; erase
        // empties a value on purpose. Scenarist sends both as nothing (docs/mapping-functions.md).
        {"ignore", QJsonValue(QJsonValue::Null)},
        {"erase", QJsonValue(QString())},
        {"pi", QJsonValue(3.141592653589793)},
    };
    for (const Keyword &keyword : keywords) {
        if (name == QLatin1String(keyword.name))
            return keyword.value;
    }
    return std::nullopt;
}

QString valuesWord(int count)
{
    return count == 1 ? QStringLiteral("1 value") : QStringLiteral("%1 values").arg(count);
}

} // namespace

MappingParser::MappingParser(const QString &field, int begin, int end)
    : m_field(field)
    , m_begin(begin)
    , m_end(end)
    , m_lexer(field, begin, end)
    , m_lastEnd(begin)
{
}

const MappingToken &MappingParser::tokenAt(size_t index)
{
    while (index >= m_tokens.size() && (m_tokens.empty() || m_tokens.back().kind != Kind::End)) {
        m_tokens.push_back(m_lexer.next());
    }
    return m_tokens[std::min(index, m_tokens.size() - 1)];
}

MappingToken MappingParser::take()
{
    const MappingToken token = peek();
    if (token.kind != Kind::End)
        ++m_index;
    m_lastEnd = token.start + token.length;
    return token;
}

bool MappingParser::fail(const QString &message, int start, int length)
{
    // One error per expression: later ones are usually echoes of the first.
    if (m_errors.isEmpty())
        m_errors.append(MappingIssue {message, start, std::max(length, 1)});
    return false;
}

bool MappingParser::fail(const QString &message, const MappingToken &token)
{
    return fail(message, token.start, token.length);
}

QString MappingParser::tokenText(const MappingToken &token) const
{
    return m_field.mid(token.start, token.length);
}

MappingExpressionPtr MappingParser::parse()
{
    // Error tokens stay in the stream: inside a function's values, Make reads what is not an
    // expression as plain text (formatDate(now; YYYY-MM-DD)); elsewhere they are errors.
    MappingExpressionPtr expression = parseOr();
    if (m_tooDeep)
        return nullptr; // what lies beyond was never read, so it cannot be blamed
    // A character that means nothing, or an unclosed quote, is the root cause of whatever
    // else failed, unless it was part of a function's unquoted text. What was not parsed yet
    // is lexed one token at a time, and not kept.
    auto rootCause = [&](const MappingToken &token) {
        if (token.kind != Kind::Error)
            return false;
        const bool inText = std::any_of(
            m_textRanges.begin(), m_textRanges.end(), [&](const std::pair<int, int> &r) {
                return token.start >= r.first && token.start < r.second;
            });
        if (inText)
            return false;
        m_errors.clear();
        fail(token.text, token);
        return true;
    };
    peek(); // the token after the expression is looked at below: keep it
    for (const MappingToken &token : m_tokens) {
        if (rootCause(token))
            return nullptr;
    }
    if (m_tokens.empty() || m_tokens.back().kind != Kind::End) {
        for (;;) {
            const MappingToken token = m_lexer.next();
            if (token.kind == Kind::End)
                break;
            if (rootCause(token))
                return nullptr;
        }
    }
    if (!expression)
        return nullptr;
    if (!at(Kind::End)) {
        fail(QCoreApplication::translate("MappingParser",
                 "Unexpected '%1' here. Join values with an operator such as +, "
                 "or separate a function's values with ;")
                 .arg(tokenText(peek())),
            peek());
        return nullptr;
    }
    return expression;
}

template <typename Parse>
MappingExpressionPtr MappingParser::nested(int start, int length, Parse parse)
{
    // A pasted or generated field with thousands of ((( must not exhaust the stack: whatever
    // is inside is at least one more level, so stop here rather than descend.
    if (m_tooDeep)
        return nullptr;
    if (m_depth + 1 >= maxMappingDepth) {
        m_tooDeep = true;
        m_errors.clear(); // the root cause, whatever else was reported
        fail(mappingTooDeepMessage(), start, length);
        return nullptr;
    }
    ++m_depth;
    MappingExpressionPtr expression = parse();
    --m_depth;
    return expression;
}

bool MappingParser::fits(const MappingExpression &node, int start, int length)
{
    if (m_tooDeep)
        return false;
    if (m_depth + node.depth <= maxMappingDepth)
        return true;
    m_tooDeep = true;
    m_errors.clear();
    return fail(mappingTooDeepMessage(), start, length);
}

MappingExpressionPtr MappingParser::parseOr()
{
    MappingExpressionPtr left = parseAnd();
    while (left && at(Kind::Or)) {
        const MappingToken op = take();
        MappingExpressionPtr right = parseAnd();
        if (!right)
            return nullptr;
        left = std::make_unique<MappingBinary>(
            MappingBinary::Operator::Or, std::move(left), std::move(right));
        if (!fits(*left, op.start, op.length))
            return nullptr;
    }
    return left;
}

MappingExpressionPtr MappingParser::parseAnd()
{
    MappingExpressionPtr left = parseComparison();
    while (left && at(Kind::And)) {
        const MappingToken op = take();
        MappingExpressionPtr right = parseComparison();
        if (!right)
            return nullptr;
        left = std::make_unique<MappingBinary>(
            MappingBinary::Operator::And, std::move(left), std::move(right));
        if (!fits(*left, op.start, op.length))
            return nullptr;
    }
    return left;
}

MappingExpressionPtr MappingParser::parseComparison()
{
    MappingExpressionPtr left = parseAdditive();
    for (;;) {
        if (!left)
            return nullptr;
        MappingBinary::Operator op;
        switch (peek().kind) {
        case Kind::Equal:
            op = MappingBinary::Operator::Equal;
            break;
        case Kind::NotEqual:
            op = MappingBinary::Operator::NotEqual;
            break;
        case Kind::Less:
            op = MappingBinary::Operator::Less;
            break;
        case Kind::Greater:
            op = MappingBinary::Operator::Greater;
            break;
        case Kind::LessEqual:
            op = MappingBinary::Operator::LessEqual;
            break;
        case Kind::GreaterEqual:
            op = MappingBinary::Operator::GreaterEqual;
            break;
        default:
            return left;
        }
        const MappingToken opToken = take();
        MappingExpressionPtr right = parseAdditive();
        if (!right)
            return nullptr;
        left = std::make_unique<MappingBinary>(op, std::move(left), std::move(right));
        if (!fits(*left, opToken.start, opToken.length))
            return nullptr;
    }
}

MappingExpressionPtr MappingParser::parseAdditive()
{
    MappingExpressionPtr left = parseMultiplicative();
    while (left && (at(Kind::Plus) || at(Kind::Minus))) {
        const MappingToken opToken = take();
        const auto op = opToken.kind == Kind::Plus ? MappingBinary::Operator::Add
                                                   : MappingBinary::Operator::Subtract;
        MappingExpressionPtr right = parseMultiplicative();
        if (!right)
            return nullptr;
        // A chain 1+1+…+1 is as deep as it is long, however flat it looks.
        left = std::make_unique<MappingBinary>(op, std::move(left), std::move(right));
        if (!fits(*left, opToken.start, opToken.length))
            return nullptr;
    }
    return left;
}

MappingExpressionPtr MappingParser::parseMultiplicative()
{
    MappingExpressionPtr left = parseUnary();
    while (left && (at(Kind::Star) || at(Kind::Slash) || at(Kind::Percent))) {
        const MappingToken opToken = take();
        const Kind kind = opToken.kind;
        const auto op = kind == Kind::Star ? MappingBinary::Operator::Multiply
            : kind == Kind::Slash          ? MappingBinary::Operator::Divide
                                           : MappingBinary::Operator::Modulo;
        MappingExpressionPtr right = parseUnary();
        if (!right)
            return nullptr;
        left = std::make_unique<MappingBinary>(op, std::move(left), std::move(right));
        if (!fits(*left, opToken.start, opToken.length))
            return nullptr;
    }
    return left;
}

MappingExpressionPtr MappingParser::parseUnary()
{
    if (at(Kind::Minus)) {
        const MappingToken minus = take();
        MappingExpressionPtr operand
            = nested(minus.start, minus.length, [this] { return parseUnary(); });
        if (!operand)
            return nullptr;
        auto node = std::make_unique<MappingUnary>(std::move(operand));
        node->start = minus.start;
        node->length = m_lastEnd - minus.start;
        return node;
    }
    return parsePrimary();
}

MappingExpressionPtr MappingParser::parsePrimary()
{
    const MappingToken &token = peek();
    if (token.kind == Kind::Error) {
        fail(token.text, token);
        return nullptr;
    }
    switch (token.kind) {
    case Kind::Integer: {
        const MappingToken number = take();
        const MappingToken &dot = peek();
        const MappingToken &after = peek(1);
        const bool dotAdjacent = dot.kind == Kind::Dot && dot.start == number.start + number.length;
        if (dotAdjacent && after.kind == Kind::Integer && after.start == dot.start + 1) {
            take();
            const MappingToken fraction = take(); // 1.5 is a decimal number
            auto literal = std::make_unique<MappingLiteral>(
                (number.text + QLatin1Char('.') + fraction.text).toDouble());
            literal->start = number.start;
            literal->length = m_lastEnd - number.start;
            return literal;
        }
        if (dot.kind == Kind::Dot || dot.kind == Kind::LeftBracket) {
            bool ok = false;
            const int moduleId = number.text.toInt(&ok);
            if (!ok || moduleId <= 0) {
                fail(QCoreApplication::translate(
                         "MappingParser", "'%1' is not a module number. Module numbers start at 1.")
                         .arg(number.text),
                    number);
                return nullptr;
            }
            auto path = std::make_unique<MappingPath>();
            path->moduleId = moduleId;
            path = parseSegments(std::move(path), number.start);
            if (!path)
                return nullptr;
            ModuleReference reference;
            reference.moduleId = moduleId;
            for (const MappingPath::Segment &segment : path->segments) {
                if (segment.kind == MappingPath::Segment::Kind::Key)
                    reference.path.append(segment.key);
                else if (segment.kind == MappingPath::Segment::Kind::Index)
                    reference.path.append(segment.indexExpr
                            ? segment.source.mid(1, segment.source.size() - 2)
                            : QString::number(segment.index));
            }
            reference.start = path->start;
            reference.length = path->length;
            m_references.append(reference);
            return path;
        }
        auto literal = std::make_unique<MappingLiteral>(number.text.toDouble());
        literal->start = number.start;
        literal->length = number.length;
        return literal;
    }
    case Kind::String: {
        const MappingToken string = take();
        auto literal = std::make_unique<MappingLiteral>(string.text);
        literal->start = string.start;
        literal->length = string.length;
        return finishPostfix(std::move(literal));
    }
    case Kind::LeftParen: {
        const MappingToken open = take();
        MappingExpressionPtr inner = nested(open.start, open.length, [this] { return parseOr(); });
        if (!inner)
            return nullptr;
        if (!at(Kind::RightParen)) {
            fail(QCoreApplication::translate(
                     "MappingParser", "This ( has no matching ). Add a ) to close it."),
                open);
            return nullptr;
        }
        take();
        inner->start = open.start;
        inner->length = m_lastEnd - open.start;
        ++inner->depth; // parentheses are a level too, as they were while parsing inside
        return finishPostfix(std::move(inner));
    }
    case Kind::Identifier:
        return parseIdentifier();
    case Kind::End:
        fail(m_tokens.size() == 1 ? QCoreApplication::translate("MappingParser",
                 "Empty mapping: put a value between {{ and }}, or remove "
                 "them.")
                                  : QCoreApplication::translate("MappingParser",
                                      "A value is missing at the end of this mapping."),
            m_tokens.size() == 1 ? m_begin : m_lastEnd, 1);
        return nullptr;
    default:
        fail(QCoreApplication::translate("MappingParser",
                 "Expected a value (a module's output, text in quotes, a number or a "
                 "function) but found '%1'.")
                 .arg(tokenText(token)),
            token);
        return nullptr;
    }
}

MappingExpressionPtr MappingParser::parseIdentifier()
{
    const MappingToken name = take();
    if (at(Kind::LeftParen))
        return parseCall(name);
    if (const std::optional<QJsonValue> value = keywordValue(name.text)) {
        auto literal = std::make_unique<MappingLiteral>(*value);
        literal->start = name.start;
        literal->length = name.length;
        return literal;
    }
    if (const MappingFunction *function = MappingFunctions::find(name.text)) {
        if (function->keyword) { // now, timestamp, uuid without parentheses, as in Make
            auto call
                = std::make_unique<MappingCall>(function, std::vector<MappingExpressionPtr>());
            call->start = name.start;
            call->length = name.length;
            return finishPostfix(std::move(call));
        }
        fail(QCoreApplication::translate("MappingParser",
                 "%1 is a function: write %1(…) with its values inside the "
                 "parentheses.")
                 .arg(QLatin1String(function->name)),
            name);
        return nullptr;
    }
    if ((at(Kind::Dot) || at(Kind::LeftBracket))
        && (!m_knownRoots || m_knownRoots->contains(name.text))) {
        auto path = std::make_unique<MappingPath>();
        path->rootName = name.text;
        path = parseSegments(std::move(path), name.start);
        if (!path)
            return nullptr;
        QString first;
        if (!path->segments.empty()
            && path->segments.front().kind == MappingPath::Segment::Kind::Key)
            first = path->segments.front().key;
        m_namedReferences.append(qMakePair(name.text, first));
        // A scenario input, {{var.input.NAME}}: its name, for the broken-reference check.
        if (name.text == QLatin1String("var") && first == QLatin1String("input")
            && path->segments.size() > 1
            && path->segments.at(1).kind == MappingPath::Segment::Kind::Key)
            m_namedReferences.append(
                qMakePair(QStringLiteral("var.input"), path->segments.at(1).key));
        return path;
    }
    QString hint;
    if (m_knownRoots && !m_knownRoots->isEmpty() && (at(Kind::Dot) || at(Kind::LeftBracket)))
        hint = QCoreApplication::translate(
            "MappingParser", " Names that can start a mapping here: %1.")
                   .arg(m_knownRoots->join(QLatin1String(", ")));
    fail(QCoreApplication::translate("MappingParser",
             "Unknown name '%1'. To write text, put it in double quotes: \"%1\". To use "
             "a module's output, start with its number, e.g. 1.data.%2")
             .arg(name.text, hint),
        name);
    return nullptr;
}

MappingExpressionPtr MappingParser::parseCall(const MappingToken &name)
{
    const MappingFunction *function = MappingFunctions::find(name.text);
    if (!function) {
        const QString suggestion = MappingFunctions::suggestion(name.text);
        fail(suggestion.isEmpty() ? QCoreApplication::translate(
                 "MappingParser", "Unknown function '%1'. Check its spelling.")
                                        .arg(name.text)
                                  : QCoreApplication::translate(
                                      "MappingParser", "Unknown function '%1'. Did you mean %2?")
                                        .arg(name.text, suggestion),
            name);
        return nullptr;
    }
    const MappingToken open = take();
    std::vector<MappingExpressionPtr> arguments;
    if (!at(Kind::RightParen)) {
        for (;;) {
            if (at(Kind::Semicolon) || (at(Kind::RightParen) && !arguments.empty())) {
                // A value left empty, as in Make's ifempty(1.data.x; ), is empty text.
                auto empty = std::make_unique<MappingLiteral>(QJsonValue(QString()));
                empty->start = peek().start;
                arguments.push_back(std::move(empty));
                if (at(Kind::RightParen))
                    break;
                take();
                continue;
            }
            MappingExpressionPtr argument = nested(
                name.start, open.start + 1 - name.start, [this] { return parseArgument(); });
            if (!argument)
                return nullptr;
            arguments.push_back(std::move(argument));
            if (at(Kind::Semicolon)) {
                take();
                continue;
            }
            if (at(Kind::RightParen))
                break;
            if (at(Kind::End)) {
                fail(QCoreApplication::translate(
                         "MappingParser", "%1( has no matching ). Add a ) after its values.")
                         .arg(name.text),
                    name.start, open.start + 1 - name.start);
            } else {
                fail(QCoreApplication::translate("MappingParser",
                         "Unexpected '%1' in %2(…). Separate values with ; and end "
                         "with ).")
                         .arg(tokenText(peek()), name.text),
                    peek());
            }
            return nullptr;
        }
    }
    take(); // )
    const int count = static_cast<int>(arguments.size());
    if (count < function->minArguments
        || (function->maxArguments >= 0 && count > function->maxArguments)) {
        const QString expected = function->minArguments == function->maxArguments
            ? valuesWord(function->minArguments)
            : function->maxArguments < 0
            ? QCoreApplication::translate("MappingParser", "at least %1")
                  .arg(valuesWord(function->minArguments))
            : QCoreApplication::translate("MappingParser", "%1 to %2 values")
                  .arg(function->minArguments)
                  .arg(function->maxArguments);
        fail(QCoreApplication::translate(
                 "MappingParser", "%1 takes %2, but %3 given. Separate values with ;")
                 .arg(QLatin1String(function->name), expected,
                     count == 1 ? QStringLiteral("1 was") : QStringLiteral("%1 were").arg(count)),
            name.start, m_lastEnd - name.start);
        return nullptr;
    }
    auto call = std::make_unique<MappingCall>(function, std::move(arguments));
    call->start = name.start;
    call->length = m_lastEnd - name.start;
    return finishPostfix(std::move(call));
}

MappingExpressionPtr MappingParser::parseArgument()
{
    const size_t index = m_index;
    const qsizetype errors = m_errors.size();
    const int lastEnd = m_lastEnd;
    MappingExpressionPtr argument = parseOr();
    if (m_tooDeep)
        return argument;
    if (argument && (at(Kind::Semicolon) || at(Kind::RightParen))) {
        // Three numbers joined by the same - / or . and no space, as in
        // parseDate(2016-12-28; YYYY-MM-DD) or 28/12/2016, are a date written as Make writes
        // it, not a sum: 2016 - 12 - 28 with spaces still subtracts.
        const int textStart = m_tokens[index].start;
        const QString source = m_field.mid(textStart, m_lastEnd - textStart);
        static const QRegularExpression dateLike(QStringLiteral("^\\d+([-/.])\\d+\\1\\d+$"));
        if (source.isEmpty() || !source.at(0).isDigit() || !dateLike.match(source).hasMatch())
            return argument;
        m_textRanges.emplace_back(textStart, m_lastEnd);
        auto literal = std::make_unique<MappingLiteral>(QJsonValue(source));
        literal->start = textStart;
        literal->length = m_lastEnd - textStart;
        return literal;
    }

    // Make writes text in a function's values without quotes: formatDate(now; YYYY-MM-DD),
    // replace(1.text; foo; bar). What does not read as an expression is that text, up to the
    // next ; or ) of this call. A failed call inside it (an unknown function) stays an error,
    // so that typos are not silently turned into text.
    const size_t failedAt = m_index;
    m_index = index;
    int depth = 0;
    size_t end = index;
    bool hasCall = false;
    for (;; ++end) {
        const Kind kind = tokenAt(end).kind;
        if (kind == Kind::End)
            break;
        if (kind == Kind::LeftParen) {
            hasCall = true;
            ++depth;
        } else if (kind == Kind::RightParen) {
            if (depth == 0)
                break;
            --depth;
        } else if (kind == Kind::Semicolon && depth == 0) {
            break;
        }
    }
    const int textStart = m_tokens[index].start;
    const int textEnd = m_tokens[end].start;
    const QString text = m_field.mid(textStart, textEnd - textStart).trimmed();
    if (hasCall || text.isEmpty() || m_tokens[end].kind == Kind::End) {
        m_index = failedAt; // the error (or the unexpected token) stands as found
        return argument;
    }
    m_errors.resize(errors);
    m_lastEnd = lastEnd;
    while (m_index < end)
        take();
    m_textRanges.emplace_back(textStart, textEnd);
    auto literal = std::make_unique<MappingLiteral>(QJsonValue(text));
    literal->start = textStart;
    literal->length = textEnd - textStart;
    return literal;
}

MappingExpressionPtr MappingParser::finishPostfix(MappingExpressionPtr base)
{
    if (!at(Kind::Dot) && !at(Kind::LeftBracket))
        return base;
    const int start = base->start;
    auto path = std::make_unique<MappingPath>();
    path->base = std::move(base);
    return parseSegments(std::move(path), start);
}

std::unique_ptr<MappingPath> MappingParser::parseSegments(
    std::unique_ptr<MappingPath> path, int start)
{
    using Segment = MappingPath::Segment;
    while (at(Kind::Dot) || at(Kind::LeftBracket)) {
        const MappingToken opener = take();
        Segment segment;
        if (opener.kind == Kind::Dot) {
            const MappingToken key = take();
            if (key.kind != Kind::Identifier && key.kind != Kind::Integer
                && key.kind != Kind::Backtick) {
                fail(QCoreApplication::translate("MappingParser",
                         "Expected a name after the dot. Put names with spaces or "
                         "dashes in backticks, e.g. `x-request-id`."),
                    key.kind == Kind::End ? opener : key);
                return nullptr;
            }
            segment.kind = Segment::Kind::Key;
            segment.key = key.text;
            segment.numericKey = key.kind == Kind::Integer;
            segment.source = tokenText(key);
        } else if (at(Kind::RightBracket)) {
            take();
            segment.kind = Segment::Kind::All;
            segment.source = QStringLiteral("[]");
        } else {
            segment.kind = Segment::Kind::Index;
            if (peek().kind == Kind::Integer && peek(1).kind == Kind::RightBracket) {
                segment.index = take().text.toInt();
            } else {
                segment.indexExpr
                    = nested(opener.start, opener.length, [this] { return parseOr(); });
                if (!segment.indexExpr)
                    return nullptr;
            }
            if (!at(Kind::RightBracket)) {
                fail(QCoreApplication::translate("MappingParser",
                         "This [ has no matching ]. Write a position such as [1], "
                         "or [] for the whole list."),
                    opener);
                return nullptr;
            }
            take();
            segment.source = m_field.mid(opener.start, m_lastEnd - opener.start);
        }
        path->segments.push_back(std::move(segment));
    }
    path->start = start;
    path->length = m_lastEnd - start;
    path->updateDepth();
    // Index expressions were checked inside their [ ]; a base, as in (…).key, was not.
    if (!fits(*path, start, path->length))
        return nullptr;
    path->source = m_field.mid(start, path->length);
    return path;
}
