// Make blueprints <-> the native scenario JSON of version 2, the whole flow tree
// (docs/make-blueprints.md, docs/scenario-file.md).
//
// A converted module keeps its original Make JSON in `foreign`, apart from what the native
// file holds as structure (the flows of its routes, its error route, the filter that sits on
// the link into it). Export starts from that JSON and writes only the settings whose native
// value differs from what the original converts to, so that a module nobody changed is
// written back key for key, in Make's own representation ("3" stays a text, false stays).

#include "core/io/MakeBlueprint.h"

#include "core/io/MakeBlueprintDetail.h"
#include "core/io/ScenarioFile.h"
#include "core/kinds/KindRegistry.h"
#include "core/model/Scenario.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <optional>

namespace MakeBlueprint {

namespace {

// Looked up without building a QString each time: a blueprint may hold 100,000 modules.
QLatin1String key(const char *name)
{
    return QLatin1String(name);
}

const QString ForeignType = QStringLiteral("foreign");
const QString HttpType = QStringLiteral("http.request");
const QString RouterType = QStringLiteral("flow.router");
const QString RouterModule = QStringLiteral("builtin:BasicRouter");

/// A Make mapper value as a native field: text as it is, numbers and booleans as their text,
/// structures as compact JSON.
QString fieldText(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (std::floor(d) == d && std::abs(d) < 9007199254740992.0) // 2^53
            return QString::number(static_cast<qint64>(d));
        return QString::number(d, 'g', 17);
    }
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    default:
        return {};
    }
}

/// A whole number written as a number or as a text holding one ("3").
std::optional<qint64> wholeNumber(const QJsonValue &v)
{
    double d = 0;
    bool ok = false;
    if (v.isDouble()) {
        d = v.toDouble();
        ok = true;
    } else if (v.isString()) {
        d = v.toString().trimmed().toDouble(&ok);
    }
    if (!ok || !std::isfinite(d) || std::floor(d) != d || std::abs(d) > 1e15)
        return std::nullopt;
    return static_cast<qint64>(d);
}

/// A number written the way the original wrote its value: a text unless it was a number.
QJsonValue likeOriginal(qint64 n, const QJsonValue &original)
{
    return original.isDouble() ? QJsonValue(n) : QJsonValue(QString::number(n));
}

bool truthy(const QJsonValue &v)
{
    return v.toBool() || (v.isString() && v.toString() == QLatin1String("true"));
}

QJsonObject part(const QJsonObject &module, const char *name)
{
    return module.value(key(name)).toObject();
}

void setIn(QJsonObject &module, const char *name, const QString &field, const QJsonValue &value)
{
    QJsonObject o = part(module, name);
    o.insert(field, value);
    module.insert(key(name), o);
}

void removeIn(QJsonObject &module, const char *name, const QString &field)
{
    QJsonObject o = part(module, name);
    if (!o.contains(field))
        return;
    o.remove(field);
    module.insert(key(name), o);
}

bool changed(const QJsonObject &config, const QJsonObject &base, const char *name)
{
    return config.value(key(name)) != base.value(key(name));
}

/// Report lines about one module.
class Notes
{
public:
    Notes(QStringList *report, const QJsonObject &module)
        : m_report(report)
        , m_module(module)
    {
    }
    void add(const QString &what) const
    {
        if (m_report)
            m_report->append(QStringLiteral("%1: %2").arg(detail::describeModule(m_module), what));
    }

private:
    QStringList *m_report;
    QJsonObject m_module;
};

/// Every key of an object as {name, value} fields.
QJsonArray namedFields(const QJsonObject &o)
{
    QJsonArray fields;
    for (auto it = o.begin(); it != o.end(); ++it)
        fields.append(QJsonObject {{key("name"), it.key()}, {key("value"), fieldText(it.value())}});
    return fields;
}

/// Writes {name, value} fields into the object `name` of `module`: a field whose value did
/// not change keeps its original JSON; fields no longer there are removed.
void writeNamedFields(
    QJsonObject &module, const char *name, const QJsonArray &before, const QJsonArray &now)
{
    QJsonObject o = part(module, name);
    QHash<QString, QString> old;
    for (const QJsonValue &f : before)
        old.insert(f.toObject().value(key("name")).toString(),
            fieldText(f.toObject().value(key("value"))));
    QSet<QString> names;
    for (const QJsonValue &f : now) {
        const QString field = f.toObject().value(key("name")).toString();
        const QString value = fieldText(f.toObject().value(key("value")));
        names.insert(field);
        if (old.contains(field) && old.value(field) == value && o.contains(field))
            continue;
        o.insert(field, value);
    }
    for (auto it = old.cbegin(); it != old.cend(); ++it) {
        if (!names.contains(it.key()))
            o.remove(it.key());
    }
    module.insert(key(name), o);
}

// ---------------------------------------------------------------------------------------
// One conversion per kind: `read` gives the native config of a Make module; `write` puts into
// `module` (the original Make JSON, or a fresh one) what differs between `config` and `base`
// (what the original reads as; empty for a module made in Scenarist).

using ReadConfig = QJsonObject (*)(const QJsonObject &module, const Notes &notes);
using WriteConfig = void (*)(
    const QJsonObject &config, const QJsonObject &base, QJsonObject &module, const Notes &notes);

struct FlowKind
{
    QString type;
    /// The Make modules read as this kind; the first is written for a module made in Scenarist.
    QStringList makeNames;
    ReadConfig read;
    WriteConfig write;
};

QJsonObject readIterator(const QJsonObject &m, const Notes &)
{
    return {{key("array"), fieldText(part(m, "mapper").value(key("array")))}};
}

void writeIterator(const QJsonObject &c, const QJsonObject &base, QJsonObject &m, const Notes &)
{
    if (changed(c, base, "array"))
        setIn(m, "mapper", key("array"), fieldText(c.value(key("array"))));
}

int feeder(const QJsonObject &m)
{
    const std::optional<qint64> id = wholeNumber(part(m, "parameters").value(key("feeder")));
    return id && *id > 0 && *id <= Scenario::maxModuleId ? static_cast<int>(*id) : 0;
}

void writeFeeder(const QJsonObject &c, const QJsonObject &base, QJsonObject &m)
{
    if (!changed(c, base, "source"))
        return;
    const QJsonValue before = part(m, "parameters").value(key("feeder"));
    setIn(m, "parameters", key("feeder"),
        likeOriginal(
            c.value(key("source")).toInteger(), before.isUndefined() ? QJsonValue(0) : before));
}

/// Which key of `parameters` holds "stop processing after an empty aggregation".
QString stopKey(const QJsonObject &m)
{
    return part(m, "parameters").contains(key("stopIfEmpty")) ? key("stopIfEmpty")
                                                              : key("stopProcessingOnEmpty");
}

QJsonObject readArrayAggregator(const QJsonObject &m, const Notes &)
{
    const QJsonObject parameters = part(m, "parameters");
    return {{key("source"), feeder(m)}, {key("fields"), namedFields(part(m, "mapper"))},
        {key("groupBy"), fieldText(parameters.value(key("groupBy")))},
        {key("stopIfEmpty"), truthy(parameters.value(stopKey(m)))}};
}

void writeArrayAggregator(
    const QJsonObject &c, const QJsonObject &base, QJsonObject &m, const Notes &)
{
    writeFeeder(c, base, m);
    if (changed(c, base, "fields"))
        writeNamedFields(
            m, "mapper", base.value(key("fields")).toArray(), c.value(key("fields")).toArray());
    if (changed(c, base, "groupBy")) {
        const QString groupBy = fieldText(c.value(key("groupBy")));
        if (groupBy.isEmpty())
            removeIn(m, "parameters", key("groupBy"));
        else
            setIn(m, "parameters", key("groupBy"), groupBy);
    }
    if (changed(c, base, "stopIfEmpty")) {
        const bool stop = truthy(c.value(key("stopIfEmpty")));
        const QString name = stopKey(m);
        if (stop || part(m, "parameters").contains(name))
            setIn(m, "parameters", name, stop);
    }
}

QJsonObject readTextAggregator(const QJsonObject &m, const Notes &)
{
    const QJsonObject parameters = part(m, "parameters");
    QString separator = fieldText(parameters.value(key("rowSeparator")));
    if (separator == QLatin1String("other"))
        separator = fieldText(parameters.value(key("otherRowSeparator")));
    return {{key("source"), feeder(m)},
        {key("text"), fieldText(part(m, "mapper").value(key("value")))},
        {key("rowSeparator"), separator}};
}

void writeTextAggregator(
    const QJsonObject &c, const QJsonObject &base, QJsonObject &m, const Notes &)
{
    writeFeeder(c, base, m);
    if (changed(c, base, "text"))
        setIn(m, "mapper", key("value"), fieldText(c.value(key("text"))));
    if (changed(c, base, "rowSeparator")) {
        // Make offers a new row and a tab by name; anything else is "other".
        const QString separator = fieldText(c.value(key("rowSeparator")));
        if (separator.isEmpty() || separator == QLatin1String("\n")
            || separator == QLatin1String("\t")) {
            setIn(m, "parameters", key("rowSeparator"), separator);
            removeIn(m, "parameters", key("otherRowSeparator"));
        } else {
            setIn(m, "parameters", key("rowSeparator"), QStringLiteral("other"));
            setIn(m, "parameters", key("otherRowSeparator"), separator);
        }
    }
}

QJsonObject readNothing(const QJsonObject &, const Notes &)
{
    return {};
}

void writeNothing(const QJsonObject &, const QJsonObject &, QJsonObject &, const Notes &)
{
}

QJsonObject readRepeater(const QJsonObject &m, const Notes &notes)
{
    const QJsonObject mapper = part(m, "mapper");
    QJsonObject config;
    for (const char *name : {"start", "repeats", "step"}) {
        QString value = fieldText(mapper.value(key(name)));
        if (value.isEmpty()) {
            notes.add(QCoreApplication::translate(
                "MakeBlueprintFlow", "has no \u201c%1\u201d; it was set to 1.")
                          .arg(key(name)));
            value = QStringLiteral("1");
        }
        config.insert(key(name), value);
    }
    return config;
}

void writeRepeater(const QJsonObject &c, const QJsonObject &base, QJsonObject &m, const Notes &)
{
    for (const char *name : {"start", "repeats", "step"}) {
        if (changed(c, base, name))
            setIn(m, "mapper", key(name), fieldText(c.value(key(name))));
    }
}

QString nativeScope(const QJsonValue &makeScope, const Notes &notes)
{
    const QString scope = fieldText(makeScope);
    if (makeScope.isString() && scope == QLatin1String("execution"))
        return scope;
    if (!scope.isEmpty() && !(makeScope.isString() && scope == QLatin1String("roundtrip")))
        notes.add(QCoreApplication::translate("MakeBlueprintFlow",
            "its variable lifetime \u201c%1\u201d is unknown; it was set "
            "to one cycle.")
                      .arg(fieldText(makeScope)));
    return QStringLiteral("cycle");
}

bool isSingleSet(const QJsonObject &m)
{
    const QString name = m.value(key("module")).toString();
    return name == QLatin1String("util:SetVariable2") || name == QLatin1String("util:SetVariable");
}

QJsonObject readSetVariables(const QJsonObject &m, const Notes &notes)
{
    const QJsonObject mapper = part(m, "mapper");
    QJsonArray variables;
    if (isSingleSet(m)) {
        variables.append(QJsonObject {{key("name"), fieldText(mapper.value(key("name")))},
            {key("value"), fieldText(mapper.value(key("value")))}});
    } else {
        for (const QJsonValue &v : mapper.value(key("variables")).toArray()) {
            const QJsonObject variable = v.toObject();
            variables.append(QJsonObject {{key("name"), fieldText(variable.value(key("name")))},
                {key("value"), fieldText(variable.value(key("value")))}});
        }
    }
    return {{key("scope"), nativeScope(mapper.value(key("scope")), notes)},
        {key("variables"), variables}};
}

void writeSetVariables(
    const QJsonObject &c, const QJsonObject &base, QJsonObject &m, const Notes &notes)
{
    if (changed(c, base, "scope"))
        setIn(m, "mapper", key("scope"),
            c.value(key("scope")).toString() == QLatin1String("execution")
                ? QStringLiteral("execution")
                : QStringLiteral("roundtrip"));
    if (!changed(c, base, "variables"))
        return;
    const QJsonArray variables = c.value(key("variables")).toArray();
    if (isSingleSet(m) && variables.size() == 1) {
        const QJsonObject variable = variables.first().toObject();
        setIn(m, "mapper", key("name"), fieldText(variable.value(key("name"))));
        setIn(m, "mapper", key("value"), fieldText(variable.value(key("value"))));
        return;
    }
    if (isSingleSet(m)) {
        notes.add(QCoreApplication::translate("MakeBlueprintFlow",
            "now sets %1 variables; it was written as Make's \u201cSet "
            "multiple variables\u201d (util:SetVariables).")
                      .arg(variables.size()));
        m.insert(key("module"), QStringLiteral("util:SetVariables"));
        m.insert(key("version"), 1);
        removeIn(m, "mapper", key("name"));
        removeIn(m, "mapper", key("value"));
    }
    QJsonArray list;
    for (const QJsonValue &v : variables)
        list.append(QJsonObject {{key("name"), fieldText(v.toObject().value(key("name")))},
            {key("value"), fieldText(v.toObject().value(key("value")))}});
    setIn(m, "mapper", key("variables"), list);
}

bool isSingleGet(const QJsonObject &m)
{
    const QString name = m.value(key("module")).toString();
    return name == QLatin1String("util:GetVariable2") || name == QLatin1String("util:GetVariable");
}

QJsonObject readGetVariables(const QJsonObject &m, const Notes &)
{
    const QJsonObject mapper = part(m, "mapper");
    QJsonArray names;
    if (isSingleGet(m)) {
        names.append(fieldText(mapper.value(key("name"))));
    } else {
        // Seen as a list of names and as a list of {name} objects.
        for (const QJsonValue &v : mapper.value(key("variables")).toArray())
            names.append(v.isObject() ? fieldText(v.toObject().value(key("name"))) : fieldText(v));
    }
    return {{key("names"), names}};
}

void writeGetVariables(
    const QJsonObject &c, const QJsonObject &base, QJsonObject &m, const Notes &notes)
{
    if (!changed(c, base, "names"))
        return;
    const QJsonArray names = c.value(key("names")).toArray();
    if (isSingleGet(m) && names.size() == 1) {
        setIn(m, "mapper", key("name"), fieldText(names.first()));
        return;
    }
    if (isSingleGet(m)) {
        notes.add(QCoreApplication::translate("MakeBlueprintFlow",
            "now reads %1 variables; it was written as Make's \u201cGet "
            "multiple variables\u201d (util:GetVariables).")
                      .arg(names.size()));
        m.insert(key("module"), QStringLiteral("util:GetVariables"));
        m.insert(key("version"), 1);
        removeIn(m, "mapper", key("name"));
    }
    const QJsonArray before = part(m, "mapper").value(key("variables")).toArray();
    const bool asObjects = !before.isEmpty() && before.first().isObject();
    QJsonArray list;
    for (const QJsonValue &v : names) {
        if (asObjects)
            list.append(QJsonObject {{key("name"), fieldText(v)}});
        else
            list.append(fieldText(v));
    }
    setIn(m, "mapper", key("variables"), list);
}

QJsonObject readSleep(const QJsonObject &m, const Notes &)
{
    return {{key("seconds"), fieldText(part(m, "mapper").value(key("duration")))}};
}

void writeSleep(const QJsonObject &c, const QJsonObject &base, QJsonObject &m, const Notes &)
{
    if (changed(c, base, "seconds"))
        setIn(m, "mapper", key("duration"), fieldText(c.value(key("seconds"))));
}

QJsonObject readParseJson(const QJsonObject &m, const Notes &)
{
    return {{key("json"), fieldText(part(m, "mapper").value(key("json")))}};
}

void writeParseJson(const QJsonObject &c, const QJsonObject &base, QJsonObject &m, const Notes &)
{
    if (changed(c, base, "json"))
        setIn(m, "mapper", key("json"), fieldText(c.value(key("json"))));
}

QJsonObject readCreateJson(const QJsonObject &m, const Notes &notes)
{
    const QJsonValue type = part(m, "parameters").value(key("type"));
    if (!type.isUndefined() && !type.isNull() && !fieldText(type).isEmpty())
        notes.add(QCoreApplication::translate("MakeBlueprintFlow",
            "builds its JSON with Make's data structure %1; Scenarist "
            "writes the fields as they are mapped, without the "
            "structure's types. Kept for export.")
                      .arg(fieldText(type)));
    const QJsonValue mapper = m.value(key("mapper"));
    return {{key("value"), mapper.isUndefined() ? QJsonValue(QJsonObject {}) : mapper}};
}

void writeCreateJson(const QJsonObject &c, const QJsonObject &base, QJsonObject &m, const Notes &)
{
    if (changed(c, base, "value"))
        m.insert(key("mapper"), c.value(key("value")));
}

QJsonObject readThrow(const QJsonObject &m, const Notes &)
{
    return {{key("message"), fieldText(part(m, "mapper").value(key("message")))}};
}

void writeThrow(const QJsonObject &c, const QJsonObject &base, QJsonObject &m, const Notes &notes)
{
    if (base.isEmpty())
        notes.add(QCoreApplication::translate("MakeBlueprintFlow",
            "fails on purpose (Throw), which Make has no module for; Make "
            "will refuse it. Use an error directive there instead."));
    if (changed(c, base, "message"))
        setIn(m, "mapper", key("message"), fieldText(c.value(key("message"))));
}

QJsonObject readResume(const QJsonObject &m, const Notes &)
{
    return {{key("output"), namedFields(part(m, "mapper"))}};
}

void writeResume(const QJsonObject &c, const QJsonObject &base, QJsonObject &m, const Notes &)
{
    if (changed(c, base, "output"))
        writeNamedFields(
            m, "mapper", base.value(key("output")).toArray(), c.value(key("output")).toArray());
}

constexpr qint64 defaultBreakCount = 3;
constexpr qint64 defaultBreakMinutes = 15;

QJsonObject readBreak(const QJsonObject &m, const Notes &notes)
{
    const QJsonObject mapper = part(m, "mapper");
    const auto read = [&](const char *name, qint64 fallback, qint64 largest) {
        const QJsonValue v = mapper.value(key(name));
        const std::optional<qint64> n = wholeNumber(v);
        if (n && *n >= 0 && *n <= largest)
            return *n;
        if (!v.isUndefined() && !(v.isString() && v.toString().isEmpty()))
            notes.add(QCoreApplication::translate("MakeBlueprintFlow",
                "its \u201c%1\u201d (%2) is not a whole number from 0 to "
                "%L3; Scenarist uses %4. Kept for export.")
                          .arg(key(name), fieldText(v))
                          .arg(largest)
                          .arg(fallback));
        return fallback;
    };
    // Make writes the interval in minutes (docs/make-blueprints.md).
    return {{key("count"), read("count", defaultBreakCount, 10000)},
        {key("intervalSeconds"), read("interval", defaultBreakMinutes, 44640) * 60}};
}

void writeBreak(const QJsonObject &c, const QJsonObject &base, QJsonObject &m, const Notes &notes)
{
    const QJsonObject mapper = part(m, "mapper");
    if (changed(c, base, "count"))
        setIn(m, "mapper", key("count"),
            likeOriginal(c.value(key("count")).toInteger(), mapper.value(key("count"))));
    if (changed(c, base, "intervalSeconds")) {
        const qint64 seconds = std::max<qint64>(0, c.value(key("intervalSeconds")).toInteger());
        const qint64 minutes = (seconds + 59) / 60;
        if (minutes * 60 != seconds)
            notes.add(QCoreApplication::translate("MakeBlueprintFlow",
                "waits %1 seconds between attempts; Make counts whole "
                "minutes, so it was written as %2 minutes.")
                          .arg(seconds)
                          .arg(minutes));
        setIn(m, "mapper", key("interval"), likeOriginal(minutes, mapper.value(key("interval"))));
    }
    if (base.isEmpty())
        setIn(m, "mapper", key("retry"), true);
}

const QList<FlowKind> &flowKinds()
{
    static const QList<FlowKind> kinds {
        {QStringLiteral("flow.iterator"), {QStringLiteral("builtin:BasicFeeder")}, readIterator,
            writeIterator},
        {QStringLiteral("flow.arrayAggregator"), {QStringLiteral("builtin:BasicAggregator")},
            readArrayAggregator, writeArrayAggregator},
        {QStringLiteral("flow.textAggregator"), {QStringLiteral("util:TextAggregator")},
            readTextAggregator, writeTextAggregator},
        {RouterType, {RouterModule}, readNothing, writeNothing},
        {QStringLiteral("flow.repeater"), {QStringLiteral("builtin:BasicRepeater")}, readRepeater,
            writeRepeater},
        {QStringLiteral("flow.setVariables"),
            {QStringLiteral("util:SetVariables"), QStringLiteral("util:SetVariable2"),
                QStringLiteral("util:SetVariable")},
            readSetVariables, writeSetVariables},
        {QStringLiteral("flow.getVariables"),
            {QStringLiteral("util:GetVariables"), QStringLiteral("util:GetVariable2"),
                QStringLiteral("util:GetVariable")},
            readGetVariables, writeGetVariables},
        {QStringLiteral("flow.sleep"), {QStringLiteral("util:FunctionSleep")}, readSleep,
            writeSleep},
        {QStringLiteral("json.parse"), {QStringLiteral("json:ParseJSON")}, readParseJson,
            writeParseJson},
        {QStringLiteral("json.create"), {QStringLiteral("json:CreateJSON")}, readCreateJson,
            writeCreateJson},
        {QStringLiteral("flow.throw"), {QStringLiteral("scenarist:Throw")}, readThrow, writeThrow},
        {QStringLiteral("flow.ignore"), {QStringLiteral("builtin:Ignore")}, readNothing,
            writeNothing},
        {QStringLiteral("flow.resume"), {QStringLiteral("builtin:Resume")}, readResume,
            writeResume},
        {QStringLiteral("flow.break"), {QStringLiteral("builtin:Break")}, readBreak, writeBreak},
        {QStringLiteral("flow.commit"), {QStringLiteral("builtin:Commit")}, readNothing,
            writeNothing},
        {QStringLiteral("flow.rollback"), {QStringLiteral("builtin:Rollback")}, readNothing,
            writeNothing},
    };
    return kinds;
}

const FlowKind *kindForMake(const QString &makeName)
{
    for (const FlowKind &kind : flowKinds()) {
        if (kind.makeNames.contains(makeName))
            return &kind;
    }
    return nullptr;
}

const FlowKind *kindForType(const QString &type)
{
    for (const FlowKind &kind : flowKinds()) {
        if (kind.type == type)
            return &kind;
    }
    return nullptr;
}

/// The native config of an HTTP request, as ScenarioFile writes it.
QJsonObject httpConfigJson(const HttpRequestSpec &spec)
{
    ScenarioDocument one;
    Module module;
    module.id = 1;
    module.config = spec;
    one.modules.append(module);
    return ScenarioFile::toJson(one)
        .value(key("modules"))
        .toArray()
        .first()
        .toObject()
        .value(key("config"))
        .toObject();
}

/// Reads an HTTP module's native config with ScenarioFile's own checks.
std::optional<HttpRequestSpec> httpSpec(
    const QJsonObject &config, const QJsonValue &connections, QString *error, int id = 1)
{
    QJsonObject scenario {{key("format"), ScenarioFile::formatName()}, {key("version"), 1},
        {key("modules"),
            QJsonArray {
                QJsonObject {{key("id"), id}, {key("type"), HttpType}, {key("label"), QString()},
                    {key("position"), QJsonArray {0, 0}}, {key("config"), config}}}},
        {key("links"), QJsonArray {}}};
    if (connections.isArray())
        scenario.insert(key("connections"), connections);
    const std::optional<ScenarioDocument> doc = ScenarioFile::fromJson(scenario, error);
    if (!doc || doc->modules.isEmpty())
        return std::nullopt;
    return doc->modules.first().config;
}

QJsonValue coordinate(double v)
{
    const bool whole = std::floor(v) == v && std::abs(v) < 9007199254740992.0; // 2^53
    return whole ? QJsonValue(static_cast<qint64>(v)) : QJsonValue(v);
}

/// Label and position into metadata.designer; a module that had no designer data, no label
/// and sits at 0,0 gets none (blueprints written by hand often have none).
void placeModule(
    QJsonObject &json, const Module &module, const QJsonObject &foreign, bool defaultLabel)
{
    const QJsonObject metadata = part(foreign, "metadata");
    if (metadata.contains(key("designer")) || !defaultLabel || !module.position.isNull()
        || foreign.isEmpty())
        return;
    if (foreign.contains(key("metadata")))
        json.insert(key("metadata"), foreign.value(key("metadata")));
    else
        json.remove(key("metadata"));
}

bool isObjectFilter(const QJsonValue &filter)
{
    return filter.isObject();
}

/// A message to go inside another sentence: without its full stop.
QString clause(QString message)
{
    if (message.endsWith(QLatin1Char('.')))
        message.chop(1);
    return message;
}

/// True for a filter the scenario file can hold; import keeps any other in `foreign`.
bool isReadableFilter(const QJsonValue &filter, QString *why)
{
    return isObjectFilter(filter) && Filter::fromJson(filter, why).has_value();
}

/// Why the scenario file would refuse a converted module's config (docs/scenario-file-limits.md),
/// in plain words; empty when it reads.
QString refusedConfig(const QString &type, const QJsonObject &config, int id)
{
    if (type == HttpType) {
        QString error;
        if (httpSpec(config, QJsonValue(), &error, id))
            return {};
        // "Module 3, key “config.body.contentType”: must be …" said of the module itself.
        static const QRegularExpression where(
            QStringLiteral("^Module \\d+[^,]*, key \u201cconfig\\.([^\u201d]*)\u201d: "));
        const QRegularExpressionMatch match = where.match(error);
        if (match.hasMatch())
            error = QCoreApplication::translate("MakeBlueprintFlow", "its setting \u201c%1\u201d ")
                        .arg(match.captured(1))
                + error.mid(match.capturedLength());
        return clause(error);
    }
    const KindInfo *kind = KindRegistry::find(type);
    if (!kind || !kind->read)
        return {};
    KindConfigReader reader(config);
    kind->read(reader);
    if (!reader.failed())
        return {};
    QString setting = reader.errorKey();
    if (setting.startsWith(QLatin1String("config.")))
        setting.remove(0, 7);
    return QCoreApplication::translate("MakeBlueprintFlow", "its setting \u201c%1\u201d %2")
        .arg(setting, clause(reader.errorText()));
}

// ---------------------------------------------------------------------------------------
// Blueprint -> scenario

class FlowImport
{
public:
    explicit FlowImport(QStringList *report)
        : m_report(report)
    {
    }

    QJsonObject convert(const QJsonObject &blueprint)
    {
        const QJsonArray flow = detail::flowOf(blueprint);
        for (int id : detail::nestedIds(flow)) {
            if (usableId(id)) {
                m_largest = std::max(m_largest, id);
                m_reserved.insert(id);
            }
        }
        readFlow(flow, Incoming {}, 0);
        if (flow.isEmpty())
            note(QCoreApplication::translate("MakeBlueprintFlow", "The blueprint has no modules."));

        std::sort(m_order.begin(), m_order.end());
        QJsonArray modules;
        for (const auto &[id, index] : std::as_const(m_order))
            modules.append(m_modules.at(index));
        const int largestModule = m_order.isEmpty() ? 0 : m_order.last().first;
        const QString name = blueprint.value(key("name")).toString();
        QJsonObject scenario {{key("format"), ScenarioFile::formatName()}, {key("version"), 2},
            {key("name"),
                name.isEmpty()
                    ? QCoreApplication::translate("MakeBlueprintFlow", "Imported Make scenario")
                    : name},
            {key("modules"), modules}, {key("links"), m_links}};
        // Modules kept inside a placeholder keep their numbers: a new module must not take one.
        if (m_largest > largestModule && m_largest < Scenario::maxModuleId)
            scenario.insert(key("nextModuleId"), m_largest + 1);
        return scenario;
    }

private:
    /// The link into the first module of a flow (none for the scenario's first module).
    struct Incoming
    {
        int from = 0;
        bool onError = false;
        bool fallback = false;
    };

    /// Back to the first `size` modules of the path, at the end of a route.
    void leavePath(qsizetype size)
    {
        while (m_path.size() > size)
            m_onPath.remove(m_path.takeLast());
    }

    static bool usableId(int id) { return id > 0 && id <= Scenario::maxModuleId; }

    void note(const QString &line)
    {
        if (m_report)
            m_report->append(line);
    }

    int freeId()
    {
        if (m_largest < Scenario::maxModuleId)
            return ++m_largest;
        int id = 1; // the numbers above are used up: take the smallest free one
        while (m_reserved.contains(id) || m_used.contains(id))
            ++id;
        return id;
    }

    void readFlow(const QJsonArray &flow, Incoming incoming, int depth)
    {
        int previous = incoming.from;
        bool first = true;
        bool afterRouter = false;
        for (const QJsonValue &value : flow) {
            if (m_modules.size() >= Scenario::maxModules) {
                if (!m_tooMany)
                    note(QCoreApplication::translate("MakeBlueprintFlow",
                        "The blueprint has more than %L1 modules, the most a "
                        "scenario may have; the rest were not imported.")
                             .arg(Scenario::maxModules));
                m_tooMany = true;
                return;
            }
            if (!value.isObject()) {
                note(QCoreApplication::translate("MakeBlueprintFlow",
                    "An item of a flow is not a module (it is %1) and was "
                    "skipped.")
                         .arg(fieldText(value).left(40)));
                continue;
            }
            const QJsonObject json = value.toObject();
            if (afterRouter)
                note(QCoreApplication::translate("MakeBlueprintFlow",
                    "%1 comes after a router in the same flow, which Make does "
                    "not do; it became one more route of that router.")
                         .arg(detail::describeModule(json)));
            const Incoming in = first ? incoming : Incoming {previous};
            bool isRouter = false;
            previous = readModule(json, in, depth, &isRouter);
            afterRouter = isRouter;
            first = false;
        }
    }

    int assignId(const QJsonObject &json)
    {
        const QJsonValue given = json.value(key("id"));
        int id = given.isDouble() && std::floor(given.toDouble()) == given.toDouble()
                && std::abs(given.toDouble()) <= Scenario::maxModuleId
            ? given.toInt()
            : 0;
        if (usableId(id) && !m_used.contains(id))
            return id;
        const int fresh = freeId();
        QString had;
        if (usableId(id))
            had = QCoreApplication::translate(
                "MakeBlueprintFlow", "the number %1 of another module")
                      .arg(id);
        else if (given.isDouble())
            had = QCoreApplication::translate(
                "MakeBlueprintFlow", "the number %1, which a scenario cannot use")
                      .arg(fieldText(given));
        else
            had = QCoreApplication::translate("MakeBlueprintFlow", "no number");
        note(QCoreApplication::translate("MakeBlueprintFlow",
            "A module (%1) had %2; it was given the number %3, so mappings to "
            "it must be checked.")
                 .arg(fieldText(json.value(key("module"))), had)
                 .arg(fresh));
        return fresh;
    }

    /// Why a router's routes cannot be followed, or nothing.
    static QString badRoutes(const QJsonValue &routes)
    {
        if (!routes.isArray())
            return QCoreApplication::translate("MakeBlueprintFlow", "its routes are not a list");
        for (const QJsonValue &route : routes.toArray()) {
            if (!route.isObject() || !route.toObject().value(key("flow")).isArray())
                return QCoreApplication::translate(
                    "MakeBlueprintFlow", "one of its routes is not a route with a flow");
        }
        return {};
    }

    /// True when a route of the router holds a module, so that the router has a link going out.
    static bool hasFollowableRoute(const QJsonValue &routes)
    {
        for (const QJsonValue &route : routes.toArray()) {
            for (const QJsonValue &item : route.toObject().value(key("flow")).toArray()) {
                if (item.isObject())
                    return true;
            }
        }
        return false;
    }

    int readModule(const QJsonObject &json, const Incoming &in, int depth, bool *isRouter)
    {
        const int id = assignId(json);
        m_used.insert(id);
        m_reserved.insert(id);
        const Notes notes(m_report, json);
        const QString makeName = json.value(key("module")).toString();
        const QJsonObject designer = part(part(json, "metadata"), "designer");
        const QString designerName = designer.value(key("name")).toString();
        const QJsonValue routes = json.value(key("routes"));
        const QJsonValue onError = json.value(key("onerror"));
        const bool hasRoutes = routes.isArray() && !routes.toArray().isEmpty();
        const bool hasErrorRoute = onError.isArray() && !onError.toArray().isEmpty();

        QString type = ForeignType;
        QJsonObject config;
        const FlowKind *kind = kindForMake(makeName);
        // Too deep to follow: the module keeps what is below it, untouched, for export.
        const bool tooDeep = depth >= maxRouteDepth && (hasRoutes || hasErrorRoute);
        if (tooDeep) {
            notes.add(QCoreApplication::translate("MakeBlueprintFlow",
                "its routes go deeper than %1 levels, more than Scenarist "
                "follows; it is a placeholder that keeps them (and will "
                "not run), so export gives them back.")
                          .arg(maxRouteDepth));
        } else if (makeName == RouterModule && !badRoutes(routes).isEmpty()
            && !(routes.isUndefined() || routes.isNull())) {
            notes.add(QCoreApplication::translate("MakeBlueprintFlow",
                "%1; the router is a placeholder that keeps them as they "
                "are, and will not run.")
                          .arg(badRoutes(routes)));
        } else if (MakeBlueprint::httpModuleNames().contains(makeName)) {
            type = HttpType;
            config = httpConfigJson(detail::httpFromMake(json, m_report));
        } else if (kind
            && (kind->type == QLatin1String("flow.arrayAggregator")
                || kind->type == QLatin1String("flow.textAggregator"))
            && !m_onPath.contains(feeder(json))) {
            notes.add(QCoreApplication::translate("MakeBlueprintFlow",
                "collects the bundles of module %1, which is not before it "
                "in its route; it is a placeholder that keeps its settings, "
                "and will not run. Choose its source module again.")
                          .arg(fieldText(part(json, "parameters").value(key("feeder")))));
        } else if (kind) {
            type = kind->type;
            config = kind->read(json, notes);
        } else {
            notes.add(QCoreApplication::translate("MakeBlueprintFlow",
                "belongs to another app; it stays a placeholder that keeps "
                "its settings for export, and will not run."));
        }
        // What a scenario file refuses (a repeater asked for 10^9 steps, a line break in a
        // content type, a router without a route) must not keep the rest of the blueprint
        // out: that module alone stays as it came.
        QString refused;
        if (type == RouterType && !hasFollowableRoute(routes))
            refused = QCoreApplication::translate(
                "MakeBlueprintFlow", "it has no route with a module in it");
        else if (type != ForeignType)
            refused = refusedConfig(type, config, id);
        if (!refused.isEmpty()) {
            notes.add(QCoreApplication::translate("MakeBlueprintFlow",
                "%1; it is a placeholder that keeps its settings for "
                "export, and will not run.")
                          .arg(refused));
            type = ForeignType;
            config = {};
        }
        const bool followRoutes = type == RouterType;
        const bool followErrorRoute = !tooDeep && hasErrorRoute;

        // What the native file does not hold as structure stays in `foreign`.
        QJsonObject foreign = json;
        QJsonObject link;
        if (in.from != 0) {
            link = {{key("from"), in.from}, {key("to"), id}};
            QString why;
            if (isReadableFilter(json.value(key("filter")), &why)) {
                link.insert(key("filter"), json.value(key("filter")));
                foreign.remove(key("filter"));
            } else if (isObjectFilter(json.value(key("filter")))) {
                notes.add(QCoreApplication::translate("MakeBlueprintFlow",
                    "its filter cannot be used in Scenarist (%1), so the "
                    "module gets every bundle; the filter is kept for "
                    "export.")
                              .arg(clause(why)));
            }
            if (in.fallback)
                link.insert(key("fallback"), true);
            if (in.onError)
                link.insert(key("onError"), true);
        } else if (isObjectFilter(json.value(key("filter")))) {
            notes.add(QCoreApplication::translate("MakeBlueprintFlow",
                "has a filter, but it is the first module of the scenario, "
                "so no link comes into it to hold the filter; the filter "
                "is kept for export and does not stop anything in "
                "Scenarist."));
        }
        if (followErrorRoute)
            foreign.remove(key("onerror"));
        if (followRoutes && routes.isArray()) {
            // Routes whose flow is empty have no link: they stay in `foreign` so that export
            // writes them back at their place.
            QJsonArray templates;
            bool keep = false;
            for (const QJsonValue &route : routes.toArray()) {
                QJsonObject t = route.toObject();
                if (t.value(key("flow")).toArray().isEmpty()) {
                    keep = true;
                } else {
                    t.remove(key("flow"));
                    keep = keep || !t.isEmpty();
                }
                templates.append(t);
            }
            if (keep)
                foreign.insert(key("routes"), templates);
            else
                foreign.remove(key("routes"));
        }

        QJsonObject module {{key("id"), id}, {key("type"), type},
            {key("label"), type == ForeignType && designerName.isEmpty() ? makeName : designerName},
            {key("position"),
                QJsonArray {coordinate(designer.value(key("x")).toDouble()),
                    coordinate(designer.value(key("y")).toDouble())}},
            {key("config"), config}, {key("foreign"), foreign}};
        m_order.append({id, m_modules.size()});
        m_modules.append(module);
        if (!link.isEmpty())
            m_links.append(link);

        m_path.append(id);
        m_onPath.insert(id);
        if (followRoutes) {
            const std::optional<qint64> fallback
                = wholeNumber(part(json, "parameters").value(key("else")));
            const QJsonArray list = routes.toArray();
            for (qsizetype i = 0; i < list.size(); ++i) {
                const qsizetype size = m_path.size();
                readFlow(list.at(i).toObject().value(key("flow")).toArray(),
                    Incoming {id, false, fallback && *fallback == i}, depth + 1);
                leavePath(size);
            }
            if (fallback && (*fallback < 0 || *fallback >= list.size()))
                notes.add(QCoreApplication::translate("MakeBlueprintFlow",
                    "its fallback route is number %1, but it has %2 routes; "
                    "no route is the fallback.")
                              .arg(*fallback + 1)
                              .arg(list.size()));
        }
        if (followErrorRoute) {
            const qsizetype size = m_path.size();
            readFlow(onError.toArray(), Incoming {id, true, false}, depth + 1);
            leavePath(size);
        }
        *isRouter = followRoutes;
        return id;
    }

    QStringList *m_report;
    QList<QJsonObject> m_modules;
    /// (id, index in m_modules): the file lists modules in id order.
    QList<std::pair<int, qsizetype>> m_order;
    QJsonArray m_links;
    QSet<int> m_used;
    QSet<int> m_reserved;
    int m_largest = 0;
    bool m_tooMany = false;
    /// The modules before the one being read, on its way from the first module: the only
    /// ones an aggregator may collect from.
    QList<int> m_path;
    /// The same ids, to look one up at once (a flat flow may be 100,000 modules long).
    QSet<int> m_onPath;
};

// ---------------------------------------------------------------------------------------
// Scenario -> blueprint

class FlowExport
{
public:
    explicit FlowExport(QStringList *report)
        : m_report(report)
    {
    }

    QJsonObject convert(const QJsonObject &scenario)
    {
        m_connections = scenario.value(key("connections"));
        readModules(scenario.value(key("modules")).toArray());
        readLinks(scenario.value(key("links")).toArray());

        QList<int> ids = m_modules.keys();
        std::sort(ids.begin(), ids.end());
        QJsonArray flow;
        bool first = true;
        for (int id : std::as_const(ids)) {
            if (m_incoming.contains(id))
                continue;
            if (!first) {
                note(QCoreApplication::translate("MakeBlueprintFlow",
                    "Module %1 starts a chain of its own; a Make scenario has "
                    "one flow, so that chain was written after the first one.")
                         .arg(id));
            }
            for (const QJsonValue &m : buildFlow(id, 0))
                flow.append(m);
            first = false;
        }
        QStringList left;
        for (int id : std::as_const(ids)) {
            if (!m_written.contains(id))
                left.append(QString::number(id));
        }
        if (!left.isEmpty())
            note(QCoreApplication::translate("MakeBlueprintFlow",
                "Modules %1 were left out: their links go round in a circle, or "
                "they are too deep inside routes.")
                     .arg(left.join(QStringLiteral(", "))));
        const QString name = scenario.value(key("name")).toString();
        return QJsonObject {{key("name"), name}, {key("flow"), flow},
            {key("metadata"), detail::blueprintMetadata()}};
    }

private:
    struct Out
    {
        int to = 0;
        QJsonObject link;
    };

    void note(const QString &line)
    {
        if (m_report)
            m_report->append(line);
    }

    void readModules(const QJsonArray &modules)
    {
        for (qsizetype i = 0; i < modules.size(); ++i) {
            const QJsonObject m = modules.at(i).toObject();
            const QJsonValue id = m.value(key("id"));
            if (!modules.at(i).isObject() || !id.isDouble() || id.toInt() <= 0) {
                note(QCoreApplication::translate("MakeBlueprintFlow",
                    "Item %1 of the modules is not a module with a number; it was "
                    "left out.")
                         .arg(i + 1));
                continue;
            }
            if (m_modules.contains(id.toInt())) {
                note(QCoreApplication::translate(
                    "MakeBlueprintFlow", "Two modules have the number %1; the second was left out.")
                         .arg(id.toInt()));
                continue;
            }
            m_modules.insert(id.toInt(), m);
        }
    }

    void readLinks(const QJsonArray &links)
    {
        for (const QJsonValue &value : links) {
            const QJsonObject link = value.toObject();
            const int from = link.value(key("from")).toInt();
            const int to = link.value(key("to")).toInt();
            if (!m_modules.contains(from) || !m_modules.contains(to) || from == to) {
                note(QCoreApplication::translate("MakeBlueprintFlow",
                    "A link from module %1 to module %2 joins no two modules; it "
                    "was left out.")
                         .arg(from)
                         .arg(to));
                continue;
            }
            if (m_incoming.contains(to)) {
                note(QCoreApplication::translate("MakeBlueprintFlow",
                    "Module %1 has two links coming in; the one from module %2 "
                    "was left out.")
                         .arg(to)
                         .arg(from));
                continue;
            }
            m_incoming.insert(to, link);
            if (link.value(key("onError")).toBool()) {
                if (m_errorRoute.contains(from)) {
                    note(QCoreApplication::translate("MakeBlueprintFlow",
                        "Module %1 has two error routes; the one to module %2 was "
                        "left out.")
                             .arg(from)
                             .arg(to));
                    m_incoming.remove(to);
                    continue;
                }
                m_errorRoute.insert(from, to);
            } else {
                m_outgoing[from].append(to);
            }
        }
    }

    /// The modules of one flow, from `first` along its links.
    QJsonArray buildFlow(int first, int depth)
    {
        QJsonArray flow;
        if (depth > maxRouteDepth) {
            if (!m_tooDeep)
                note(QCoreApplication::translate("MakeBlueprintFlow",
                    "Routes are nested more than %1 deep; the deeper ones were "
                    "left out.")
                         .arg(maxRouteDepth));
            m_tooDeep = true;
            return flow;
        }
        int current = first;
        while (current != 0 && !m_written.contains(current)) {
            m_written.insert(current);
            const QJsonObject native = m_modules.value(current);
            QJsonObject json = toMake(native);
            const bool router = native.value(key("type")).toString() == RouterType;

            // The filter on the link into the module is the module's filter.
            if (m_incoming.contains(current)) {
                const QJsonValue filter = m_incoming.value(current).value(key("filter"));
                QString unreadable;
                if (filter.isObject())
                    json.insert(key("filter"), filter);
                else if (isReadableFilter(json.value(key("filter")), &unreadable))
                    json.remove(key("filter")); // taken off its link in Scenarist
                // A filter import could not read stayed with the module: written back.
            }
            const QList<int> next = m_outgoing.value(current);
            int following = 0;
            if (router) {
                writeRoutes(json, native, next, depth);
            } else if (!next.isEmpty()) {
                following = next.first();
                if (next.size() > 1)
                    note(QCoreApplication::translate("MakeBlueprintFlow",
                        "Module %1 is not a router but has %2 links going out; "
                        "only the one to module %3 was written.")
                             .arg(current)
                             .arg(next.size())
                             .arg(following));
            }
            if (m_errorRoute.contains(current))
                json.insert(key("onerror"), buildFlow(m_errorRoute.value(current), depth + 1));
            flow.append(json);
            current = following;
        }
        return flow;
    }

    void writeRoutes(
        QJsonObject &json, const QJsonObject &native, const QList<int> &next, int depth)
    {
        const QJsonObject foreign = native.value(key("foreign")).toObject();
        const QJsonArray templates = foreign.value(key("routes")).toArray();
        QJsonArray routes;
        qsizetype used = 0;
        int fallback = -1;
        int emptyFallback = -1;
        const std::optional<qint64> before
            = wholeNumber(part(json, "parameters").value(key("else")));
        // A router read from a blueprint without routes (null) is written back so.
        if (next.isEmpty() && templates.isEmpty() && json.contains(key("routes"))
            && !json.value(key("routes")).isArray())
            return;
        const auto take = [&](QJsonObject route) {
            const int to = next.at(used++);
            if (m_incoming.value(to).value(key("fallback")).toBool()) {
                if (fallback >= 0)
                    note(QCoreApplication::translate("MakeBlueprintFlow",
                        "Router %1 has two fallback routes; Make has one, so only "
                        "the first stays the fallback.")
                             .arg(native.value(key("id")).toInt()));
                else
                    fallback = int(routes.size());
            }
            route.insert(key("flow"), buildFlow(to, depth + 1));
            routes.append(route);
        };
        for (const QJsonValue &t : templates) {
            const QJsonObject route = t.toObject();
            if (route.contains(key("flow"))) {
                // A route that had no modules: written back at its place.
                if (before && *before == routes.size())
                    emptyFallback = int(routes.size());
                routes.append(route);
            } else if (used < next.size()) {
                take(route);
            }
        }
        while (used < next.size())
            take(QJsonObject {});
        json.insert(key("routes"), routes);

        const int chosen = fallback >= 0 ? fallback : emptyFallback;
        if (chosen >= 0) {
            if (!before || *before != chosen)
                setIn(json, "parameters", key("else"), chosen);
        } else {
            removeIn(json, "parameters", key("else"));
        }
    }

    /// One module as Make writes it, without its routes or error route.
    QJsonObject toMake(const QJsonObject &native)
    {
        const int id = native.value(key("id")).toInt();
        const QString type = native.value(key("type")).toString();
        const QJsonObject foreign = native.value(key("foreign")).toObject();
        const QJsonObject config = native.value(key("config")).toObject();
        Module module;
        module.id = id;
        module.label = native.value(key("label")).toString();
        const QJsonArray position = native.value(key("position")).toArray();
        module.position = QPointF(position.at(0).toDouble(), position.at(1).toDouble());
        module.foreign = foreign;

        if (type == HttpType) {
            QString error;
            const std::optional<HttpRequestSpec> spec = httpSpec(config, m_connections, &error);
            if (spec) {
                module.config = *spec;
                QJsonObject json = detail::httpToMake(module, m_report);
                placeModule(json, module, foreign, module.label.isEmpty());
                return json;
            }
            note(QCoreApplication::translate("MakeBlueprintFlow",
                "Module %1: its request could not be read (%2); it was written as "
                "it was imported.")
                     .arg(id)
                     .arg(error));
        }
        const FlowKind *kind = kindForType(type);
        if (kind) {
            const bool fromMake = kind->makeNames.contains(foreign.value(key("module")).toString());
            QJsonObject json = fromMake ? foreign : QJsonObject {};
            if (!fromMake) {
                json.insert(key("module"), kind->makeNames.first());
                json.insert(key("version"), 1);
                json.insert(key("parameters"), QJsonObject {});
                json.insert(key("mapper"), type == RouterType ? QJsonValue() : QJsonObject {});
            }
            json.insert(key("id"), id);
            const Notes notes(m_report, json);
            const QJsonObject base
                = fromMake ? kind->read(foreign, Notes(nullptr, foreign)) : QJsonObject {};
            kind->write(config, base, json, notes);
            detail::writeDesigner(json, module, true);
            placeModule(json, module, foreign, module.label.isEmpty());
            return json;
        }
        // A placeholder (or a kind Make has no module for): its JSON as it was.
        QJsonObject json = foreign;
        json.insert(key("id"), id);
        const QString makeName = foreign.value(key("module")).toString();
        const QString designerName
            = part(part(foreign, "metadata"), "designer").value(key("name")).toString();
        detail::writeDesigner(
            json, module, module.label != (designerName.isEmpty() ? makeName : designerName));
        placeModule(json, module, foreign, designerName.isEmpty() && module.label == makeName);
        if (makeName.isEmpty())
            note(QCoreApplication::translate("MakeBlueprintFlow",
                "Module %1 (%2) has no Make counterpart and was written without "
                "one; Make will refuse it.")
                     .arg(id)
                     .arg(type));
        return json;
    }

    QStringList *m_report;
    QJsonValue m_connections;
    QHash<int, QJsonObject> m_modules;
    QHash<int, QJsonObject> m_incoming;
    QHash<int, QList<int>> m_outgoing;
    QHash<int, int> m_errorRoute;
    QSet<int> m_written;
    bool m_tooDeep = false;
};

} // namespace

QStringList flowModuleNames()
{
    QStringList names;
    for (const FlowKind &kind : flowKinds()) {
        for (const QString &name : kind.makeNames) {
            if (!name.startsWith(QLatin1String("scenarist:")))
                names.append(name);
        }
    }
    return names;
}

QJsonObject toScenarioJson(const QJsonObject &blueprint, QStringList *report)
{
    QJsonObject scenario = FlowImport(report).convert(blueprint);
    const QJsonArray inputs = detail::inputsFromMake(blueprint, report);
    if (!inputs.isEmpty())
        scenario.insert(key("inputs"), inputs);
    return scenario;
}

QJsonObject fromScenarioJson(const QJsonObject &scenario, QStringList *report)
{
    QJsonObject blueprint = FlowExport(report).convert(scenario);
    const QJsonArray inputs = scenario.value(key("inputs")).toArray();
    if (!inputs.isEmpty())
        blueprint.insert(key("interface"), detail::interfaceToMake(inputs));
    return blueprint;
}

} // namespace MakeBlueprint
