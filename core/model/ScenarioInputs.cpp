#include "core/model/ScenarioInputs.h"

#include "core/model/JsonChecks.h"

#include <QDate>
#include <QDateTime>
#include <QJsonDocument>
#include <QLocale>
#include <QRegularExpression>
#include <QSet>

#include <cmath>

bool ScenarioInput::operator==(const ScenarioInput &other) const
{
    return name == other.name && type == other.type && required == other.required
        && defaultValue == other.defaultValue && description == other.description
        && options == other.options;
}

namespace {

/// A value as a message quotes it: text in quotes, cut short; other values by their kind.
QString quoted(const QJsonValue &value)
{
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (!value.isString())
        return JsonChecks::typeName(value);
    QString text = value.toString();
    if (text.size() > 60)
        text = text.left(57) + QStringLiteral("...");
    return QStringLiteral("'%1'").arg(text);
}

bool isDateText(const QString &text)
{
    return QDate::fromString(text, Qt::ISODate).isValid()
        || QDateTime::fromString(text, Qt::ISODateWithMs).isValid();
}

} // namespace

QList<ScenarioInput::Type> ScenarioInputs::types()
{
    using T = ScenarioInput::Type;
    return {T::Text, T::Number, T::Boolean, T::Date, T::Select, T::Array, T::Collection};
}

QString ScenarioInputs::typeKey(ScenarioInput::Type type)
{
    switch (type) {
    case ScenarioInput::Type::Text:
        return QStringLiteral("text");
    case ScenarioInput::Type::Number:
        return QStringLiteral("number");
    case ScenarioInput::Type::Boolean:
        return QStringLiteral("boolean");
    case ScenarioInput::Type::Date:
        return QStringLiteral("date");
    case ScenarioInput::Type::Select:
        return QStringLiteral("select");
    case ScenarioInput::Type::Array:
        return QStringLiteral("array");
    case ScenarioInput::Type::Collection:
        return QStringLiteral("collection");
    }
    return QStringLiteral("text");
}

std::optional<ScenarioInput::Type> ScenarioInputs::typeFromKey(const QString &key)
{
    for (ScenarioInput::Type type : types()) {
        if (typeKey(type) == key)
            return type;
    }
    return std::nullopt;
}

QString ScenarioInputs::typeLabel(ScenarioInput::Type type)
{
    switch (type) {
    case ScenarioInput::Type::Text:
        return tr("Text");
    case ScenarioInput::Type::Number:
        return tr("Number");
    case ScenarioInput::Type::Boolean:
        return tr("Yes or no");
    case ScenarioInput::Type::Date:
        return tr("Date");
    case ScenarioInput::Type::Select:
        return tr("Choice from a list");
    case ScenarioInput::Type::Array:
        return tr("List");
    case ScenarioInput::Type::Collection:
        return tr("Collection (names and values)");
    }
    return QString();
}

QString ScenarioInputs::expectation(const ScenarioInput &input)
{
    switch (input.type) {
    case ScenarioInput::Type::Text:
        return tr("text");
    case ScenarioInput::Type::Number:
        return tr("a number");
    case ScenarioInput::Type::Boolean:
        return tr("true or false (or yes or no)");
    case ScenarioInput::Type::Date:
        return tr("a date such as 2026-12-31 or 2026-12-31T09:30:00Z");
    case ScenarioInput::Type::Select:
        return input.options.isEmpty()
            ? tr("one of its options")
            : tr("one of %1").arg(input.options.join(QStringLiteral(", ")));
    case ScenarioInput::Type::Array:
        return tr("a list (items separated by commas, or a JSON list such as [\"a\", \"b\"])");
    case ScenarioInput::Type::Collection:
        return tr("a collection (a JSON object such as {\"key\": \"value\"})");
    }
    return QString();
}

QString ScenarioInputs::nameProblem(const QString &name)
{
    if (name.isEmpty())
        return tr("an input needs a name.");
    if (name.size() > maxNameLength)
        return tr("the name \u201c%1\u2026\u201d is longer than %2 characters.")
            .arg(name.left(20))
            .arg(maxNameLength);
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    static const QRegularExpression digitAfterUnderscore(QStringLiteral("^_[0-9]"));
    if (!valid.match(name).hasMatch() || digitAfterUnderscore.match(name).hasMatch())
        return tr("\u201c%1\u201d cannot name an input: use letters, digits and _ only, without "
                  "spaces, and do not start with a digit.")
            .arg(name);
    return QString();
}

QString ScenarioInputs::valueProblem(const ScenarioInput &input, const QJsonValue &value)
{
    bool fits = false;
    switch (input.type) {
    case ScenarioInput::Type::Text:
        fits = value.isString();
        break;
    case ScenarioInput::Type::Number:
        fits = value.isDouble();
        break;
    case ScenarioInput::Type::Boolean:
        fits = value.isBool();
        break;
    case ScenarioInput::Type::Date:
        fits = value.isString() && isDateText(value.toString());
        break;
    case ScenarioInput::Type::Select:
        fits = value.isString()
            && (input.options.isEmpty() || input.options.contains(value.toString()));
        break;
    case ScenarioInput::Type::Array:
        fits = value.isArray();
        break;
    case ScenarioInput::Type::Collection:
        fits = value.isObject();
        break;
    }
    if (fits)
        return QString();
    return tr("expected %1, got %2").arg(expectation(input), quoted(value));
}

std::optional<QJsonValue> ScenarioInputs::fromText(
    const ScenarioInput &input, const QString &text, QString *problem)
{
    const QString trimmed = text.trimmed();
    const auto fail = [&]() -> std::optional<QJsonValue> {
        if (problem)
            *problem = tr("expected %1, got %2").arg(expectation(input), quoted(text));
        return std::nullopt;
    };
    switch (input.type) {
    case ScenarioInput::Type::Text:
        return QJsonValue(text);
    case ScenarioInput::Type::Number: {
        bool ok = false;
        double number = QLocale::c().toDouble(trimmed, &ok);
        if (!ok)
            number = QLocale().toDouble(trimmed, &ok);
        if (!ok || !std::isfinite(number))
            return fail();
        return QJsonValue(number);
    }
    case ScenarioInput::Type::Boolean: {
        const QString word = trimmed.toLower();
        if (word == QLatin1String("true") || word == QLatin1String("yes")
            || word == QLatin1String("1") || word == QLatin1String("on"))
            return QJsonValue(true);
        if (word == QLatin1String("false") || word == QLatin1String("no")
            || word == QLatin1String("0") || word == QLatin1String("off"))
            return QJsonValue(false);
        return fail();
    }
    case ScenarioInput::Type::Date:
        if (!isDateText(trimmed))
            return fail();
        return QJsonValue(trimmed);
    case ScenarioInput::Type::Select:
        if (!input.options.contains(trimmed))
            return fail();
        return QJsonValue(trimmed);
    case ScenarioInput::Type::Array: {
        if (trimmed.startsWith(QLatin1Char('['))) {
            const QJsonDocument json = QJsonDocument::fromJson(trimmed.toUtf8());
            if (!json.isArray())
                return fail();
            return QJsonValue(json.array());
        }
        const QChar separator
            = trimmed.contains(QLatin1Char('\n')) ? QLatin1Char('\n') : QLatin1Char(',');
        QJsonArray items;
        for (const QString &item : trimmed.split(separator, Qt::SkipEmptyParts)) {
            if (!item.trimmed().isEmpty())
                items.append(item.trimmed());
        }
        return QJsonValue(items);
    }
    case ScenarioInput::Type::Collection: {
        const QJsonDocument json = QJsonDocument::fromJson(trimmed.toUtf8());
        if (!json.isObject())
            return fail();
        return QJsonValue(json.object());
    }
    }
    return fail();
}

ScenarioInputs::Problem ScenarioInputs::check(const QList<ScenarioInput> &inputs)
{
    if (inputs.size() > maxInputs)
        return {QStringLiteral("inputs"),
            tr("holds %L1 inputs; a scenario may have at most %L2.")
                .arg(inputs.size())
                .arg(maxInputs)};
    QSet<QString> names;
    for (qsizetype i = 0; i < inputs.size(); ++i) {
        const ScenarioInput &input = inputs.at(i);
        const QString at = QStringLiteral("inputs[%1]").arg(i + 1);
        if (const QString problem = nameProblem(input.name); !problem.isEmpty())
            return {at + QStringLiteral(".name"), problem};
        if (names.contains(input.name))
            return {at + QStringLiteral(".name"),
                tr("\u201c%1\u201d is declared twice; give each input its own name.")
                    .arg(input.name)};
        names.insert(input.name);
        if (input.type == ScenarioInput::Type::Select) {
            if (input.options.isEmpty())
                return {at + QStringLiteral(".options"),
                    tr("the input \u201c%1\u201d is a choice from a list, but has no options; "
                       "give at least one.")
                        .arg(input.name)};
            if (input.options.size() > maxOptions)
                return {at + QStringLiteral(".options"),
                    tr("holds %L1 options; an input may have at most %L2.")
                        .arg(input.options.size())
                        .arg(maxOptions)};
            for (const QString &option : input.options) {
                if (option.trimmed().isEmpty())
                    return {at + QStringLiteral(".options"),
                        tr("the input \u201c%1\u201d has an empty option; remove it.")
                            .arg(input.name)};
            }
        }
        if (!input.defaultValue.isUndefined() && !input.defaultValue.isNull()) {
            if (const QString problem = valueProblem(input, input.defaultValue); !problem.isEmpty())
                return {at + QStringLiteral(".default"),
                    tr("the default of \u201c%1\u201d: %2.").arg(input.name, problem)};
        }
    }
    return {};
}

ScenarioInputs::Checked ScenarioInputs::validate(
    const QList<ScenarioInput> &declared, const QJsonObject &given)
{
    Checked checked;
    QStringList names;
    for (const ScenarioInput &input : declared)
        names.append(input.name);
    for (auto it = given.constBegin(); it != given.constEnd(); ++it) {
        if (!names.contains(it.key()))
            checked.problems.append(names.isEmpty()
                    ? tr("input %1: this scenario has no inputs.").arg(it.key())
                    : tr("input %1: this scenario has no input called that; its inputs are %2.")
                          .arg(it.key(), names.join(QStringLiteral(", "))));
    }
    for (const ScenarioInput &input : declared) {
        QJsonValue value = given.value(input.name);
        const bool empty = value.isUndefined() || value.isNull()
            || (value.isString() && value.toString().trimmed().isEmpty()
                && input.type != ScenarioInput::Type::Text)
            || (value.isString() && value.toString().isEmpty());
        if (empty) {
            if (!input.defaultValue.isUndefined() && !input.defaultValue.isNull()) {
                checked.values.insert(input.name, input.defaultValue);
            } else if (input.required) {
                checked.problems.append(
                    tr("input %1: a value is required (%2).").arg(input.name, expectation(input)));
            }
            continue;
        }
        // Text from a command line or a form field is read by the input's type.
        if (value.isString() && input.type != ScenarioInput::Type::Text) {
            QString problem;
            const std::optional<QJsonValue> read = fromText(input, value.toString(), &problem);
            if (!read) {
                checked.problems.append(tr("input %1: %2").arg(input.name, problem));
                continue;
            }
            value = *read;
        }
        if (const QString problem = valueProblem(input, value); !problem.isEmpty()) {
            checked.problems.append(tr("input %1: %2").arg(input.name, problem));
            continue;
        }
        checked.values.insert(input.name, value);
    }
    return checked;
}

QJsonObject ScenarioInputs::toJson(const ScenarioInput &input)
{
    QJsonObject json {
        {QStringLiteral("name"), input.name},
        {QStringLiteral("type"), typeKey(input.type)},
        {QStringLiteral("required"), input.required},
    };
    if (!input.defaultValue.isUndefined() && !input.defaultValue.isNull())
        json.insert(QStringLiteral("default"), input.defaultValue);
    if (!input.description.isEmpty())
        json.insert(QStringLiteral("description"), input.description);
    if (input.type == ScenarioInput::Type::Select)
        json.insert(QStringLiteral("options"), QJsonArray::fromStringList(input.options));
    return json;
}

QJsonArray ScenarioInputs::toJson(const QList<ScenarioInput> &inputs)
{
    QJsonArray list;
    for (const ScenarioInput &input : inputs)
        list.append(toJson(input));
    return list;
}

std::optional<QList<ScenarioInput>> ScenarioInputs::fromJson(
    const QJsonValue &json, Problem *problem, QStringList *unknownKeys)
{
    const auto fail = [problem](const QString &key, const QString &what) {
        if (problem)
            *problem = {key, what};
        return std::nullopt;
    };
    if (json.isUndefined() || json.isNull())
        return QList<ScenarioInput>();
    if (!json.isArray())
        return fail(QStringLiteral("inputs"), JsonChecks::notList(json));
    const QJsonArray list = json.toArray();
    // Refused before reading any: a list of a million inputs would build a huge form.
    if (list.size() > maxInputs)
        return fail(QStringLiteral("inputs"),
            tr("holds %L1 inputs; a scenario may have at most %L2.")
                .arg(list.size())
                .arg(maxInputs));
    static const QStringList known {QStringLiteral("name"), QStringLiteral("type"),
        QStringLiteral("required"), QStringLiteral("default"), QStringLiteral("description"),
        QStringLiteral("options")};
    QList<ScenarioInput> inputs;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString at = QStringLiteral("inputs[%1]").arg(i + 1);
        if (!list.at(i).isObject())
            return fail(at,
                tr("must be an object describing an input, but is %1.")
                    .arg(JsonChecks::typeName(list.at(i))));
        const QJsonObject o = list.at(i).toObject();
        ScenarioInput input;
        const QJsonValue name = o.value(QStringLiteral("name"));
        if (const QString p = JsonChecks::notText(name); !p.isEmpty())
            return fail(at + QStringLiteral(".name"), p);
        input.name = name.toString();
        const QJsonValue type = o.value(QStringLiteral("type"));
        if (const QString p = JsonChecks::notText(type); !p.isEmpty())
            return fail(at + QStringLiteral(".type"), p);
        const std::optional<ScenarioInput::Type> known_type = typeFromKey(type.toString());
        if (!known_type) {
            QStringList keys;
            for (ScenarioInput::Type t : types())
                keys.append(typeKey(t));
            return fail(at + QStringLiteral(".type"),
                tr("\u201c%1\u201d is not a type of input; use one of %2.")
                    .arg(type.toString().left(40), keys.join(QStringLiteral(", "))));
        }
        input.type = *known_type;
        if (o.contains(QStringLiteral("required"))) {
            const QJsonValue required = o.value(QStringLiteral("required"));
            if (const QString p = JsonChecks::notBoolean(required); !p.isEmpty())
                return fail(at + QStringLiteral(".required"), p);
            input.required = required.toBool();
        }
        if (o.contains(QStringLiteral("description"))) {
            const QJsonValue description = o.value(QStringLiteral("description"));
            if (const QString p = JsonChecks::notText(description); !p.isEmpty())
                return fail(at + QStringLiteral(".description"), p);
            input.description = description.toString();
        }
        if (o.contains(QStringLiteral("options"))) {
            const QJsonValue options = o.value(QStringLiteral("options"));
            if (const QString p = JsonChecks::notList(options); !p.isEmpty())
                return fail(at + QStringLiteral(".options"), p);
            const QJsonArray items = options.toArray();
            if (items.size() > maxOptions)
                return fail(at + QStringLiteral(".options"),
                    tr("holds %L1 options; an input may have at most %L2.")
                        .arg(items.size())
                        .arg(maxOptions));
            for (qsizetype j = 0; j < items.size(); ++j) {
                if (const QString p = JsonChecks::notText(items.at(j)); !p.isEmpty())
                    return fail(at + QStringLiteral(".options[%1]").arg(j + 1), p);
                input.options.append(items.at(j).toString());
            }
        }
        input.defaultValue = o.value(QStringLiteral("default"));
        if (input.defaultValue.isNull())
            input.defaultValue = QJsonValue(QJsonValue::Undefined);
        if (unknownKeys) {
            for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
                if (!known.contains(it.key()))
                    unknownKeys->append(at + QLatin1Char('.') + it.key());
            }
        }
        inputs.append(input);
    }
    if (const Problem wrong = check(inputs); !wrong.isEmpty())
        return fail(wrong.key, wrong.what);
    return inputs;
}
