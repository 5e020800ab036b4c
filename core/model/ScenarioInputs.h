#pragma once

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

/// One value a scenario asks for before it runs, as Make's scenario inputs: its modules read
/// it as {{var.input.NAME}} (docs/scenario-inputs.md).
struct ScenarioInput
{
    enum class Type { Text, Number, Boolean, Date, Select, Array, Collection };

    QString name;
    Type type = Type::Text;
    bool required = false;
    /// The value when none is given; undefined when there is no default.
    QJsonValue defaultValue = QJsonValue(QJsonValue::Undefined);
    QString description;
    QStringList options; ///< the choices of a Select, in the order shown

    bool operator==(const ScenarioInput &other) const;
    bool operator!=(const ScenarioInput &other) const { return !(*this == other); }
};

/// The one place that knows what a scenario input accepts: the file reader, the Make
/// blueprint converter, the declare dialog, the run form and scenarist-run all check with
/// these functions, so they say the same words (docs/scenario-inputs.md).
class ScenarioInputs
{
    Q_DECLARE_TR_FUNCTIONS(ScenarioInputs)
public:
    /// Limits that keep a hostile file from building huge forms (docs/scenario-file-limits.md).
    static constexpr int maxInputs = 100;
    static constexpr int maxOptions = 1000;
    static constexpr int maxNameLength = 64;

    /// Every type, in the order the declare dialog offers them.
    static QList<ScenarioInput::Type> types();
    /// The type's name in files and blueprints: "text", "number", … "collection".
    static QString typeKey(ScenarioInput::Type type);
    static std::optional<ScenarioInput::Type> typeFromKey(const QString &key);
    /// The type in plain words, for the dialog and the mapping panel ("Number", "Yes or no").
    static QString typeLabel(ScenarioInput::Type type);
    /// What a value of the type looks like, for messages: "a number", "a date such as …".
    static QString expectation(const ScenarioInput &input);

    /// Why `name` cannot name an input (letters, digits and _, not starting with a digit, as
    /// in Make), or empty when it can.
    static QString nameProblem(const QString &name);
    /// Why `value` does not fit `input` ("expected a number, got 'abc'"), or empty.
    static QString valueProblem(const ScenarioInput &input, const QJsonValue &value);
    /// Reads a value typed as text (a command line, a form field) by the input's type:
    /// numbers, true/false/yes/no, ISO dates, JSON for a collection, JSON or a comma (or line)
    /// separated list for an array. Nothing, and *problem set, when it cannot be read.
    static std::optional<QJsonValue> fromText(
        const ScenarioInput &input, const QString &text, QString *problem);

    /// The first thing wrong with a list of declarations (duplicate or invalid names, too
    /// many, a select without options, a default of the wrong type), as the key it is about
    /// ("inputs[2].default") and plain words; both empty when the list is fine.
    struct Problem
    {
        QString key;
        QString what;
        bool isEmpty() const { return what.isEmpty(); }
    };
    static Problem check(const QList<ScenarioInput> &inputs);

    /// The values of a run: `given` (typed values, or text read as fromText() reads it) checked
    /// against `declared`, defaults filled in. Each problem reads "input NAME: expected …".
    struct Checked
    {
        QJsonObject values;
        QStringList problems;
        bool ok() const { return problems.isEmpty(); }
    };
    static Checked validate(const QList<ScenarioInput> &declared, const QJsonObject &given);

    /// The `inputs` list of a scenario file (docs/scenario-file.md), keys in a stable order.
    static QJsonArray toJson(const QList<ScenarioInput> &inputs);
    static QJsonObject toJson(const ScenarioInput &input);
    /// Reads the `inputs` list of a scenario file, with check(); nothing and *problem set (its
    /// key such as "inputs[2].type") when it is wrong. Keys an input should not have go to
    /// *unknownKeys (as "inputs[2].multiline").
    static std::optional<QList<ScenarioInput>> fromJson(
        const QJsonValue &json, Problem *problem, QStringList *unknownKeys = nullptr);
};
