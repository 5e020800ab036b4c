// Make's scenario inputs (a blueprint's `interface: {input: [...]}`) <-> the `inputs` list of
// a scenario file (docs/scenario-inputs.md, docs/make-blueprints.md).

#include "core/io/MakeBlueprintDetail.h"
#include "core/model/ScenarioInputs.h"

#include <QCoreApplication>
#include <QSet>

namespace MakeBlueprint::detail {

namespace {

/// Make's parameter types that have no type of their own here, and the one they become.
std::optional<ScenarioInput::Type> nearestType(const QString &makeType)
{
    using T = ScenarioInput::Type;
    if (const std::optional<T> same = ScenarioInputs::typeFromKey(makeType))
        return same;
    if (makeType == QLatin1String("integer") || makeType == QLatin1String("uinteger"))
        return T::Number;
    if (makeType == QLatin1String("email") || makeType == QLatin1String("url")
        || makeType == QLatin1String("filename") || makeType == QLatin1String("time")
        || makeType == QLatin1String("timezone") || makeType == QLatin1String("color")
        || makeType == QLatin1String("password") || makeType == QLatin1String("uuid")
        || makeType == QLatin1String("json") || makeType == QLatin1String("path"))
        return T::Text;
    return std::nullopt;
}

QJsonArray makeInputList(const QJsonObject &blueprint)
{
    for (const QJsonObject &holder :
        {blueprint, blueprint.value(QStringLiteral("metadata")).toObject()}) {
        const QJsonValue interface = holder.value(QStringLiteral("interface"));
        if (interface.isObject())
            return interface.toObject().value(QStringLiteral("input")).toArray();
    }
    return {};
}

} // namespace

QJsonArray inputsFromMake(const QJsonObject &blueprint, QStringList *report)
{
    const auto note = [report](const QString &line) {
        if (report)
            report->append(line);
    };
    const QJsonArray list = makeInputList(blueprint);
    QList<ScenarioInput> inputs;
    QSet<QString> names;
    static const QStringList kept {QStringLiteral("name"), QStringLiteral("type"),
        QStringLiteral("required"), QStringLiteral("default"), QStringLiteral("description"),
        QStringLiteral("options"), QStringLiteral("label")};
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (inputs.size() == ScenarioInputs::maxInputs) {
            note(QCoreApplication::translate("MakeBlueprint",
                "Scenario inputs: only the first %1 were kept; a scenario may "
                "have at most %1.")
                     .arg(ScenarioInputs::maxInputs));
            break;
        }
        const QJsonObject o = list.at(i).toObject();
        ScenarioInput input;
        input.name = o.value(QStringLiteral("name")).toString();
        const QString who
            = QCoreApplication::translate("MakeBlueprint", "Scenario input \u201c%1\u201d")
                  .arg(input.name);
        if (const QString problem = ScenarioInputs::nameProblem(input.name); !problem.isEmpty()) {
            note(QCoreApplication::translate("MakeBlueprint", "Scenario input %1 was left out: %2")
                     .arg(i + 1)
                     .arg(problem));
            continue;
        }
        if (names.contains(input.name)) {
            note(QCoreApplication::translate(
                "MakeBlueprint", "%1 is declared twice; the second was left out.")
                     .arg(who));
            continue;
        }
        const QString makeType = o.value(QStringLiteral("type")).toString();
        const std::optional<ScenarioInput::Type> type = nearestType(makeType);
        input.type = type.value_or(ScenarioInput::Type::Text);
        if (!type || ScenarioInputs::typeKey(input.type) != makeType)
            note(QCoreApplication::translate(
                "MakeBlueprint", "%1: Make's type \u201c%2\u201d became %3.")
                     .arg(who, makeType, ScenarioInputs::typeKey(input.type)));
        input.required = o.value(QStringLiteral("required")).toBool();
        input.description = o.value(QStringLiteral("description")).toString();
        if (input.description.isEmpty())
            input.description = o.value(QStringLiteral("label")).toString();
        bool labelsLost = false;
        for (const QJsonValue &option : o.value(QStringLiteral("options")).toArray()) {
            if (input.options.size() == ScenarioInputs::maxOptions) {
                note(QCoreApplication::translate(
                    "MakeBlueprint", "%1: only the first %2 options were kept.")
                         .arg(who)
                         .arg(ScenarioInputs::maxOptions));
                break;
            }
            // Make writes options as {label, value}; the value is what a run receives.
            const QJsonValue value
                = option.isObject() ? option.toObject().value(QStringLiteral("value")) : option;
            const QString text = value.isString() ? value.toString() : value.toVariant().toString();
            if (text.trimmed().isEmpty() || input.options.contains(text))
                continue;
            if (option.isObject()) {
                const QString label = option.toObject().value(QStringLiteral("label")).toString();
                labelsLost = labelsLost || (!label.isEmpty() && label != text);
            }
            input.options.append(text);
        }
        if (labelsLost)
            note(QCoreApplication::translate("MakeBlueprint",
                "%1: the options' labels were not kept; the list shows their "
                "values.")
                     .arg(who));
        if (input.type == ScenarioInput::Type::Select && input.options.isEmpty()) {
            input.type = ScenarioInput::Type::Text;
            note(QCoreApplication::translate(
                "MakeBlueprint", "%1 is a choice from a list without options; it became text.")
                     .arg(who));
        }
        const QJsonValue defaultValue = o.value(QStringLiteral("default"));
        if (!defaultValue.isUndefined() && !defaultValue.isNull()
            && !(defaultValue.isString() && defaultValue.toString().isEmpty())) {
            QJsonValue value = defaultValue;
            QString problem;
            if (value.isString() && input.type != ScenarioInput::Type::Text) {
                const std::optional<QJsonValue> read
                    = ScenarioInputs::fromText(input, value.toString(), &problem);
                value = read.value_or(QJsonValue(QJsonValue::Undefined));
            }
            if (problem.isEmpty())
                problem = ScenarioInputs::valueProblem(input, value);
            if (problem.isEmpty())
                input.defaultValue = value;
            else
                note(QCoreApplication::translate(
                    "MakeBlueprint", "%1: the default was left out (%2).")
                         .arg(who, problem));
        }
        for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
            if (!kept.contains(it.key()))
                note(
                    QCoreApplication::translate("MakeBlueprint", "%1: \u201c%2\u201d was not kept.")
                        .arg(who, it.key()));
        }
        names.insert(input.name);
        inputs.append(input);
    }
    return ScenarioInputs::toJson(inputs);
}

QJsonObject interfaceToMake(const QJsonArray &inputs)
{
    QJsonArray list;
    for (const QJsonValue &item : inputs) {
        QJsonObject input = item.toObject();
        // Make's select lists its options as {label, value}.
        const QJsonArray options = input.value(QStringLiteral("options")).toArray();
        if (!options.isEmpty()) {
            QJsonArray made;
            for (const QJsonValue &option : options)
                made.append(QJsonObject {
                    {QStringLiteral("label"), option}, {QStringLiteral("value"), option}});
            input.insert(QStringLiteral("options"), made);
        }
        list.append(input);
    }
    return QJsonObject {{QStringLiteral("input"), list}};
}

} // namespace MakeBlueprint::detail
