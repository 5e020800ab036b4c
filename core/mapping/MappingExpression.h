#pragma once

#include "core/mapping/MappingContext.h"

#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <memory>
#include <vector>

/// How deeply one {{…}} expression may nest. Every operator (a chain 1+1+1 is one level per
/// +), minus sign, function call, path and pair of parentheses is a level. A field nested
/// deeper is refused when it is parsed, so parsing, evaluating and freeing it all stay far
/// from the end of the stack whatever a shared scenario file holds.
constexpr int maxMappingDepth = 128;

/// What a mapping nested deeper than maxMappingDepth says, when parsed or evaluated.
QString mappingTooDeepMessage();

/// The deepest nesting (MappingEvaluation::deepest) the evaluations on this thread reached
/// since resetDeepestMappingEvaluation(), for checks such as the fuzzers'.
int deepestMappingEvaluation();
void resetDeepestMappingEvaluation();

/// What one evaluation carries along: the context, warnings, and the first error (which
/// stops the evaluation).
struct MappingEvaluation
{
    explicit MappingEvaluation(const MappingContext &context)
        : context(context)
    {
    }
    ~MappingEvaluation();
    MappingEvaluation(const MappingEvaluation &) = delete;
    MappingEvaluation &operator=(const MappingEvaluation &) = delete;

    const MappingContext &context;
    QStringList *warnings = nullptr;
    QString error;
    /// Composite nodes (paths, operators, calls) being evaluated right now, and the most
    /// there ever were. The parser already refuses deeper fields; this is the second guard.
    int depth = 0;
    int deepest = 0;
    /// The names of the secrets ({{secrets.NAME}}) read so far, first read first; "*" when
    /// the whole `secrets` object was taken (secrets[], get(secrets[]; …)).
    QStringList secretsRead;
    /// How many times a secret was read, repeats included (a block read one if it grew).
    int secretReads = 0;

    bool failed() const { return !error.isEmpty(); }
    void fail(const QString &message)
    {
        if (error.isEmpty())
            error = message;
    }
    void warn(const QString &message)
    {
        if (warnings)
            warnings->append(message);
    }
    /// The time `now` stands for, in UTC.
    QDateTime now() const;
    /// The zone dates are read and shown in: the context's, or the system's.
    QTimeZone timeZone() const;

    /// Enters one composite node; false, with the evaluation failed, past maxMappingDepth.
    bool enter()
    {
        if (++depth > deepest)
            deepest = depth;
        if (depth <= maxMappingDepth)
            return true;
        fail(mappingTooDeepMessage());
        return false;
    }
    void leave() { --depth; }
    /// Notes that the secret `name` ("*" for all of them) was read.
    void readSecret(const QString &name)
    {
        ++secretReads;
        if (!secretsRead.contains(name))
            secretsRead.append(name);
    }
};

/// A node of a parsed {{…}} expression. Evaluating never re-parses.
class MappingExpression
{
public:
    virtual ~MappingExpression() = default;
    /// The value, or null with `evaluation.error` set.
    virtual QJsonValue evaluate(MappingEvaluation &evaluation) const = 0;

    int start = 0; ///< offset of the expression in the field
    int length = 0;
    /// Levels of nesting, this node's included (1 for a value); see maxMappingDepth.
    int depth = 1;
};

using MappingExpressionPtr = std::unique_ptr<MappingExpression>;

class MappingLiteral final : public MappingExpression
{
public:
    explicit MappingLiteral(QJsonValue value)
        : m_value(std::move(value))
    {
    }
    QJsonValue evaluate(MappingEvaluation &) const override { return m_value; }

private:
    QJsonValue m_value;
};

/// A path: a root (module output, named root such as `secrets`, or any expression) followed
/// by keys, 1-based indexes and [].
class MappingPath final : public MappingExpression
{
public:
    struct Segment
    {
        enum class Kind { Key, Index, All };
        Kind kind = Kind::Key;
        QString key; ///< Key
        bool numericKey = false; ///< .1 also works as a 1-based index on a list
        int index = 0; ///< Index given as a number literal (1-based)
        MappingExpressionPtr indexExpr; ///< Index given as an expression
        QString source; ///< how it was written, for messages
    };

    int moduleId = 0; ///< > 0 for a module root
    QString rootName; ///< a named root such as "secrets"
    MappingExpressionPtr base; ///< otherwise: the expression the path starts from
    std::vector<Segment> segments;
    QString source; ///< the path as written, e.g. 1.data.access_token

    QJsonValue evaluate(MappingEvaluation &evaluation) const override;
    /// Sets `depth` from the base and the index expressions, once they are all in place.
    void updateDepth();

private:
    QString ownerName() const;
    QString segmentsText(size_t count) const;
    QJsonValue missing(MappingEvaluation &evaluation, size_t segment, const QString &detail) const;
    /// Walks {{N.data...}} in a large body's bytes while the part reached is large, then reads
    /// the rest into `current`; `next` is the first segment left to walk. False when the path
    /// is missing (`current` then holds the result).
    bool walkLargeBody(MappingEvaluation &evaluation, const LargeBody &body, QJsonValue &current,
        size_t &next, LargeBody::Range *reached = nullptr) const;

public:
    /// For length(): the number of items when the path reaches a large list of a large body,
    /// counted without reading the list; nothing otherwise (then evaluate as usual).
    std::optional<qint64> largeListLength(const MappingEvaluation &evaluation) const;
};

class MappingUnary final : public MappingExpression
{
public:
    explicit MappingUnary(MappingExpressionPtr operand)
        : m_operand(std::move(operand))
    {
        depth = m_operand->depth + 1;
    }
    QJsonValue evaluate(MappingEvaluation &evaluation) const override;

private:
    MappingExpressionPtr m_operand;
};

class MappingBinary final : public MappingExpression
{
public:
    enum class Operator {
        Add,
        Subtract,
        Multiply,
        Divide,
        Modulo,
        Equal,
        NotEqual,
        Less,
        Greater,
        LessEqual,
        GreaterEqual,
        And,
        Or,
    };
    MappingBinary(Operator op, MappingExpressionPtr left, MappingExpressionPtr right)
        : m_op(op)
        , m_left(std::move(left))
        , m_right(std::move(right))
    {
        depth = std::max(m_left->depth, m_right->depth) + 1;
    }
    QJsonValue evaluate(MappingEvaluation &evaluation) const override;

private:
    Operator m_op;
    MappingExpressionPtr m_left;
    MappingExpressionPtr m_right;
};

struct MappingFunction;

/// A call of a library function, e.g. lower(1.data.name).
class MappingCall final : public MappingExpression
{
public:
    MappingCall(const MappingFunction *function, std::vector<MappingExpressionPtr> arguments)
        : m_function(function)
        , m_arguments(std::move(arguments))
    {
        for (const MappingExpressionPtr &argument : m_arguments)
            depth = std::max(depth, argument->depth + 1);
    }
    QJsonValue evaluate(MappingEvaluation &evaluation) const override;

private:
    const MappingFunction *m_function;
    std::vector<MappingExpressionPtr> m_arguments;
};
