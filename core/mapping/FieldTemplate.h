#pragma once

#include "core/mapping/MappingContext.h"

#include <QJsonValue>
#include <QList>
#include <QSharedPointer>
#include <QString>
#include <QStringList>

/// A problem in a field's text, with where it is (0-based character offsets in the field).
struct MappingIssue
{
    QString message; ///< plain words, e.g. "Missing closing }} for the mapping that starts here"
    int start = 0;
    int length = 0;
};

/// A reference to a module's output inside a field, e.g. {{1.data.access_token}}.
struct ModuleReference
{
    int moduleId = 0;
    QStringList path; ///< e.g. {"data", "access_token"}; "items[1]" is {"items", "1"}
    int start = 0; ///< offset of the reference in the field
    int length = 0;
};

struct FieldTemplateData;

/// The text of one mappable field, parsed once: literal text and {{…}} expressions
/// Cheap to copy. Parsing never fails: errors are reported by errors().
class FieldTemplate
{
public:
    FieldTemplate();
    static FieldTemplate parse(const QString &text);
    /// The offset of the }} that closes a {{ opened before `from`, skipping "…" and `…` so
    /// that a }} inside quoted text does not end the mapping; -1 when there is none.
    static int findClosingBraces(const QString &text, int from);
    /// Like parse(text), but a root name that is not in `knownRoots` (e.g. a typo such as
    /// {{secret.id}} when only "secrets" exists) is a syntax error, so an editor can flag it
    /// while typing. parse(text) accepts any root and checks it when evaluating.
    static FieldTemplate parse(const QString &text, const QStringList &knownRoots);

    QString text() const;
    bool hasMappings() const; ///< true if the text holds any {{…}}
    QList<MappingIssue> errors() const; ///< syntax errors (unknown function, bad token, …)
    QList<ModuleReference> references() const; ///< every module reference, in text order
    /// The first keys used after a named root, e.g. the secrets' names for "secrets"; for
    /// "var.input", the scenario inputs' names ({{var.input.NAME}}).
    QStringList namedRootReferences(const QString &root) const;

    struct Result
    {
        QJsonValue value; ///< structured when the whole field is one expression
        QString text; ///< the value as text (objects/arrays as compact JSON)
        QStringList warnings; ///< e.g. a path that is missing at run time
        QString error; ///< non-empty when evaluation failed (syntax error, bad call)
        /// The names of the secrets ({{secrets.NAME}}) the evaluation read, first read first;
        /// "*" when it took the whole `secrets` object. A secret named only in a branch that
        /// was not taken, or one that is missing, was not read. Set on failure too.
        QStringList secretsRead;
        /// For each {{…}} block that read a secret, in order, the text it produced: the value
        /// itself for {{secrets.a}}, the encoded text for {{base64(secrets.a)}}; the whole
        /// text when the field is one block. What to mask in reports and to bind, with the
        /// secrets read, to the hosts it may be sent to. Blocks that read none add nothing.
        QStringList secretDerivedTexts;
        bool ok() const { return error.isEmpty(); }
    };
    /// Evaluates the field. A missing path yields empty text plus a warning (Make's
    /// behaviour); a reference to a module that has no output yields an error.
    Result evaluate(const MappingContext &context) const;

private:
    static FieldTemplate parse(const QString &text, const QStringList *knownRoots);

    QSharedPointer<const FieldTemplateData> d;
};

/// Convenience: parse and evaluate to text in one go.
FieldTemplate::Result evaluateField(const QString &text, const MappingContext &context);
