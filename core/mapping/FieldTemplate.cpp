#include "core/mapping/FieldTemplate.h"

#include "core/mapping/MappingExpression.h"
#include "core/mapping/MappingParser.h"
#include "core/mapping/MappingValue.h"

#include <QCoreApplication>
#include <QJsonObject>

#include <algorithm>
#include <vector>

/// The parsed field: literal text and expressions, in order.
struct FieldTemplateData
{
    struct Part
    {
        QString literal; ///< used when `expression` is null
        MappingExpressionPtr expression;
    };

    QString text;
    std::vector<Part> parts;
    bool hasMappings = false;
    bool singleExpression = false; ///< the field is exactly one {{…}}
    int literalSize = 0;
    QList<MappingIssue> errors;
    QList<ModuleReference> references;
    QList<QPair<QString, QString>> namedReferences;
};

namespace {

/// Error messages quote values ("s3cr3t" is not a number); a secret must not reach a log or
/// a screen that way, so secret values are masked as the runner masks them elsewhere.
QString withoutSecrets(QString message, const MappingContext &context)
{
    const auto secrets = context.namedRoots.constFind(QStringLiteral("secrets"));
    if (secrets == context.namedRoots.constEnd() || !secrets->isObject())
        return message;
    const QJsonObject object = secrets->toObject();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QString secret = it.value().toString();
        if (secret.size() >= 3) // shorter values would mask unrelated text
            message.replace(secret, QStringLiteral("********"));
    }
    return message;
}

} // namespace

FieldTemplate::FieldTemplate() = default;

FieldTemplate FieldTemplate::parse(const QString &text)
{
    return parse(text, nullptr);
}

FieldTemplate FieldTemplate::parse(const QString &text, const QStringList &knownRoots)
{
    return parse(text, &knownRoots);
}

FieldTemplate FieldTemplate::parse(const QString &text, const QStringList *knownRoots)
{
    auto data = QSharedPointer<FieldTemplateData>::create();
    data->text = text;
    int pos = 0;
    int expressions = 0;
    while (pos < text.size()) {
        const int open = text.indexOf(QLatin1String("{{"), pos);
        if (open < 0)
            break;
        data->hasMappings = true;
        if (open > pos)
            data->parts.push_back({text.mid(pos, open - pos), nullptr});
        int close = FieldTemplate::findClosingBraces(text, open + 2);
        if (close < 0) // an unclosed quote inside; let the lexer report it precisely
            close = text.indexOf(QLatin1String("}}"), open + 2);
        if (close < 0) {
            data->errors.append(
                MappingIssue {QCoreApplication::translate("FieldTemplate",
                                  "Missing closing }} for the mapping that starts here. Add }} "
                                  "after it, or remove the {{."),
                    open, int(text.size()) - open});
            pos = text.size();
            break;
        }
        ++expressions;
        if (QStringView(text).mid(open + 2, close - open - 2).trimmed().isEmpty()) {
            data->errors.append(
                MappingIssue {QCoreApplication::translate("FieldTemplate",
                                  "Empty mapping {{}}: put a value between the braces, or "
                                  "remove them."),
                    open, close + 2 - open});
        } else {
            MappingParser parser(text, open + 2, close);
            parser.setKnownRoots(knownRoots);
            MappingExpressionPtr expression = parser.parse();
            data->errors += parser.errors();
            data->references += parser.references();
            data->namedReferences += parser.namedReferences();
            if (expression)
                data->parts.push_back({QString(), std::move(expression)});
        }
        pos = close + 2;
    }
    if (pos < text.size())
        data->parts.push_back({text.mid(pos), nullptr});

    data->singleExpression
        = expressions == 1 && data->parts.size() == 1 && data->parts.front().expression;
    for (const FieldTemplateData::Part &part : data->parts)
        data->literalSize += part.literal.size();
    std::stable_sort(data->references.begin(), data->references.end(),
        [](const ModuleReference &a, const ModuleReference &b) { return a.start < b.start; });

    FieldTemplate result;
    result.d = data;
    return result;
}

QString FieldTemplate::text() const
{
    return d ? d->text : QString();
}

bool FieldTemplate::hasMappings() const
{
    return d && d->hasMappings;
}

QList<MappingIssue> FieldTemplate::errors() const
{
    return d ? d->errors : QList<MappingIssue>();
}

QList<ModuleReference> FieldTemplate::references() const
{
    return d ? d->references : QList<ModuleReference>();
}

QStringList FieldTemplate::namedRootReferences(const QString &root) const
{
    QStringList names;
    if (!d)
        return names;
    for (const auto &reference : d->namedReferences) {
        if (reference.first == root && !reference.second.isEmpty()
            && !names.contains(reference.second))
            names.append(reference.second);
    }
    return names;
}

FieldTemplate::Result FieldTemplate::evaluate(const MappingContext &context) const
{
    Result result;
    if (!d) {
        result.value = QString();
        return result;
    }
    if (!d->errors.isEmpty()) {
        result.error = d->errors.constFirst().message;
        return result;
    }
    if (!d->hasMappings) {
        result.text = d->text;
        result.value = d->text;
        return result;
    }

    MappingEvaluation evaluation(context);
    evaluation.warnings = &result.warnings;
    if (d->singleExpression) {
        // The whole field is one value: keep it structured (an object for a JSON body).
        QJsonValue value = d->parts.front().expression->evaluate(evaluation);
        result.secretsRead = std::move(evaluation.secretsRead);
        if (evaluation.failed()) {
            result.error = withoutSecrets(evaluation.error, context);
            return result;
        }
        if (value.isUndefined())
            value = QJsonValue(QJsonValue::Null);
        result.text = MappingValue::toText(value);
        if (evaluation.secretReads > 0)
            result.secretDerivedTexts.append(result.text);
        result.value = std::move(value);
        return result;
    }

    QString text;
    text.reserve(d->literalSize + 32);
    for (const FieldTemplateData::Part &part : d->parts) {
        if (!part.expression) {
            text += part.literal;
            continue;
        }
        const int secretReads = evaluation.secretReads;
        const QJsonValue value = part.expression->evaluate(evaluation);
        if (evaluation.failed()) {
            result.secretsRead = std::move(evaluation.secretsRead);
            result.error = withoutSecrets(evaluation.error, context);
            return result;
        }
        if (evaluation.secretReads > secretReads) {
            // This block's own text: the field's text around it is no secret.
            const qsizetype before = text.size();
            MappingValue::appendText(text, value);
            result.secretDerivedTexts.append(text.mid(before));
        } else {
            MappingValue::appendText(text, value);
        }
    }
    result.secretsRead = std::move(evaluation.secretsRead);
    result.value = text;
    result.text = std::move(text);
    return result;
}

FieldTemplate::Result evaluateField(const QString &text, const MappingContext &context)
{
    return FieldTemplate::parse(text).evaluate(context);
}

int FieldTemplate::findClosingBraces(const QString &text, int from)
{
    QChar quote;
    for (int i = from; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (!quote.isNull()) {
            if (c == QLatin1Char('\\') && quote == QLatin1Char('"'))
                ++i;
            else if (c == quote)
                quote = QChar();
            continue;
        }
        if (c == QLatin1Char('"') || c == QLatin1Char('`'))
            quote = c;
        else if (c == QLatin1Char('}') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('}'))
            return i;
    }
    return -1;
}
