#pragma once

#include "core/model/Module.h"

#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

/// One coloured stretch of a mappable field's text.
struct MappingSpan
{
    enum class Kind {
        Expression, ///< a whole {{…}}, drawn as a pill
        ModuleReference, ///< 1.data.access_token
        NamedRoot, ///< sandbox.url, secrets.token
        Function, ///< lower, formatDate
        Keyword, ///< emptystring, newline, space
        Problem, ///< a syntax error or a reference that cannot work here
    };
    Kind kind = Kind::Expression;
    int start = 0;
    int length = 0;
    QString message; ///< plain words for problems; a description for references
};

/// Where a field lives, so that references can be checked: which modules run before the
/// field's module, which exist at all, and which named roots ({{sandbox.url}}) exist.
struct MappingScope
{
    ModuleId ownModule = 0;
    QList<ModuleId> earlierModules;
    QSet<ModuleId> allModules;
    QStringList knownRoots = defaultRoots();
    /// When false (nothing told the field about modules), module references are not checked.
    bool checksModules = false;

    static QStringList defaultRoots();
};

/// The mapping expressions, functions, references and problems of one field's text, with
/// their positions: what MappingField colours and what the editor summarises.
class MappingAnalysis
{
public:
    static MappingAnalysis analyze(const QString &text, const MappingScope &scope);

    const QList<MappingSpan> &spans() const { return m_spans; }
    QList<MappingSpan> problems() const;
    /// True when a reference names a deleted module, a later module or the module itself.
    bool hasBrokenReference() const { return m_brokenReference; }

    /// Plain words for why a reference to `target` cannot work in `scope`, or empty.
    static QString referenceProblem(ModuleId target, const MappingScope &scope);

private:
    QList<MappingSpan> m_spans;
    bool m_brokenReference = false;
};
