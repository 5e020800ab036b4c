#include "ui/mapping/MappingAnalysis.h"

#include "core/mapping/FieldTemplate.h"
#include "core/mapping/MappingFunctions.h"
#include "core/mapping/MappingLexer.h"
#include "core/mapping/ModuleReferenceCheck.h"

#include <QCoreApplication>

namespace {

/// The }} that closes a {{ opened before `from`, as the parser finds it; while typing, an
/// unfinished quote should not hide a later }}.
int findClose(const QString &text, int from)
{
    const int close = FieldTemplate::findClosingBraces(text, from);
    return close >= 0 ? close : text.indexOf(QLatin1String("}}"), from);
}

bool isKeyword(const QString &name)
{
    static const QStringList keywords = {QStringLiteral("true"), QStringLiteral("false"),
        QStringLiteral("null"), QStringLiteral("emptystring"), QStringLiteral("newline"),
        QStringLiteral("space"), QStringLiteral("tab"), QStringLiteral("carriagereturn")};
    return keywords.contains(name);
}

} // namespace

QStringList MappingScope::defaultRoots()
{
    return {QStringLiteral("sandbox"), QStringLiteral("secrets"), QStringLiteral("var")};
}

QString MappingAnalysis::referenceProblem(ModuleId target, const MappingScope &scope)
{
    if (!scope.checksModules)
        return QString();
    return ModuleReferenceCheck::problem(
        target, scope.ownModule, scope.allModules, scope.earlierModules);
}

MappingAnalysis MappingAnalysis::analyze(const QString &text, const MappingScope &scope)
{
    MappingAnalysis analysis;
    if (!text.contains(QLatin1String("{{")))
        return analysis;

    int pos = 0;
    while (pos < text.size()) {
        const int open = text.indexOf(QLatin1String("{{"), pos);
        if (open < 0)
            break;
        const int close = findClose(text, open + 2);
        const int end = close < 0 ? int(text.size()) : close + 2;
        analysis.m_spans.append({MappingSpan::Kind::Expression, open, end - open, QString()});
        if (close < 0)
            break;
        // Colour function names and keywords; the lexer knows quoting and backticks.
        MappingLexer lexer(text, open + 2, close);
        MappingToken previous;
        for (MappingToken token = lexer.next(); token.kind != MappingToken::Kind::End;
             token = lexer.next()) {
            if (previous.kind == MappingToken::Kind::Identifier) {
                const bool call = token.kind == MappingToken::Kind::LeftParen;
                if (call || MappingFunctions::find(previous.text)) {
                    if (call || token.kind != MappingToken::Kind::Dot)
                        analysis.m_spans.append({MappingSpan::Kind::Function, previous.start,
                            previous.length, QString()});
                } else if (isKeyword(previous.text)) {
                    analysis.m_spans.append(
                        {MappingSpan::Kind::Keyword, previous.start, previous.length, QString()});
                }
            }
            if (token.kind == MappingToken::Kind::Error)
                break;
            previous = token;
        }
        if (previous.kind == MappingToken::Kind::Identifier && isKeyword(previous.text))
            analysis.m_spans.append(
                {MappingSpan::Kind::Keyword, previous.start, previous.length, QString()});
        pos = end;
    }

    const QList<MappingSpan> expressions = analysis.m_spans;
    auto insideExpression = [&expressions](int position) {
        for (const MappingSpan &span : expressions) {
            if (span.kind == MappingSpan::Kind::Expression && position > span.start
                && position < span.start + span.length)
                return true;
        }
        return false;
    };

    const FieldTemplate parsed = FieldTemplate::parse(text, scope.knownRoots);
    for (const ModuleReference &reference : parsed.references()) {
        const QString problem = referenceProblem(reference.moduleId, scope);
        if (problem.isEmpty()) {
            analysis.m_spans.append(
                {MappingSpan::Kind::ModuleReference, reference.start, reference.length,
                    QCoreApplication::translate(
                        "MappingAnalysis", "The value %1 from module %2's output.")
                        .arg(reference.path.join(QStringLiteral(" › ")))
                        .arg(reference.moduleId)});
        } else {
            analysis.m_brokenReference = true;
            analysis.m_spans.append(
                {MappingSpan::Kind::Problem, reference.start, reference.length, problem});
        }
    }
    for (const QString &root : scope.knownRoots) {
        if (parsed.namedRootReferences(root).isEmpty())
            continue;
        // Mark every "root." occurrence inside expressions; names are short and distinct.
        const QString prefix = root + QLatin1Char('.');
        for (int i = text.indexOf(prefix); i >= 0; i = text.indexOf(prefix, i + 1)) {
            if (i > 0 && (text.at(i - 1).isLetterOrNumber() || text.at(i - 1) == QLatin1Char('.')))
                continue;
            if (!insideExpression(i))
                continue;
            int j = i + int(prefix.size());
            while (j < text.size()
                && (text.at(j).isLetterOrNumber() || text.at(j) == QLatin1Char('_')))
                ++j;
            analysis.m_spans.append({MappingSpan::Kind::NamedRoot, i, j - i, QString()});
        }
    }
    for (const MappingIssue &issue : parsed.errors())
        analysis.m_spans.append(
            {MappingSpan::Kind::Problem, issue.start, qMax(1, issue.length), issue.message});
    return analysis;
}

QList<MappingSpan> MappingAnalysis::problems() const
{
    QList<MappingSpan> result;
    for (const MappingSpan &span : m_spans) {
        if (span.kind == MappingSpan::Kind::Problem)
            result.append(span);
    }
    return result;
}
