#include "ui/mapping/MappingTreeModel.h"

#include "core/kinds/iterator/IteratorKind.h"
#include "core/mapping/MappingFunctions.h"
#include "core/mapping/MappingPathText.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QMimeData>
#include <QRegularExpression>

namespace {

QString preview(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String: {
        const QString text = value.toString();
        if (text.isEmpty())
            return QCoreApplication::translate("MappingTreeModel", "(empty text)");
        QString line = text.simplified();
        return line.size() > 80 ? line.left(79) + QChar(0x2026) : line;
    }
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', 15);
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null:
        return QStringLiteral("(nothing)");
    case QJsonValue::Array: {
        const int count = int(value.toArray().size());
        if (count == 0)
            return QCoreApplication::translate("MappingTreeModel", "empty list");
        return count == 1
            ? QCoreApplication::translate("MappingTreeModel", "list of 1 item")
            : QCoreApplication::translate("MappingTreeModel", "list of %1 items").arg(count);
    }
    case QJsonValue::Object:
        return QCoreApplication::translate("MappingTreeModel", "group of %1 values")
            .arg(value.toObject().size());
    case QJsonValue::Undefined:
        break;
    }
    return QString();
}

} // namespace

MappingTreeModel::MappingTreeModel(QObject *parent)
    : QStandardItemModel(parent)
{
    setColumnCount(2);
    setHorizontalHeaderLabels({tr("Item"), tr("Value")});
}

QString MappingTreeModel::keySegment(const QString &key)
{
    return MappingPathText::keySegment(key);
}

QStandardItem *MappingTreeModel::addRow(QStandardItem *parent, const QString &name,
    const QString &value, const QString &expression, const QString &tooltip, int cursor)
{
    auto *nameItem = new QStandardItem(name);
    auto *valueItem = new QStandardItem(value);
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (!expression.isEmpty()) {
        flags |= Qt::ItemIsDragEnabled;
        nameItem->setData(expression, ExpressionRole);
        nameItem->setData(cursor, CursorRole);
        valueItem->setData(expression, ExpressionRole);
        valueItem->setData(cursor, CursorRole);
    }
    nameItem->setFlags(flags);
    valueItem->setFlags(flags);
    QString tip = tooltip;
    if (tip.isEmpty() && !expression.isEmpty())
        tip = tr("Click to put {{%1}} into the field").arg(expression);
    nameItem->setToolTip(tip);
    valueItem->setToolTip(tip);
    --m_budget;
    (parent ? parent : invisibleRootItem())->appendRow({nameItem, valueItem});
    return nameItem;
}

void MappingTreeModel::addValue(
    QStandardItem *parent, const QString &name, const QJsonValue &value, const QString &expression)
{
    QStandardItem *item = addRow(parent, name, preview(value), expression);
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        addRow(item, QStringLiteral("[]"), tr("the whole list"), expression + QStringLiteral("[]"),
            tr("Click to put the whole list {{%1[]}} into the field").arg(expression));
        const int shown = int(qMin<qsizetype>(array.size(), MaxArrayItems));
        for (int i = 0; i < shown && m_budget > 0; ++i)
            addValue(item, QString::number(i + 1), array.at(i),
                QStringLiteral("%1[%2]").arg(expression).arg(i + 1));
        if (array.size() > shown)
            addRow(item, tr("… %1 more").arg(array.size() - shown), QString(), QString());
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        int shown = 0;
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            if (shown == MaxObjectKeys || m_budget <= 0)
                break;
            addValue(
                item, it.key(), it.value(), expression + QLatin1Char('.') + keySegment(it.key()));
            ++shown;
        }
        if (object.size() > shown)
            addRow(item, tr("… %1 more").arg(object.size() - shown), QString(), QString());
    }
}

void MappingTreeModel::addModule(const MappingSource &source)
{
    const QString root = QString::number(source.id);
    const QString title = source.label.isEmpty() ? tr("Module %1").arg(source.id)
                                                 : tr("%1. %2").arg(source.id).arg(source.label);
    const bool request = source.type == Module::httpRequestType();
    QString summary = tr("not run yet");
    if (source.hasOutput) {
        summary = request
            ? tr("status %1").arg(source.output.value(QStringLiteral("statusCode")).toInt())
            : tr("latest bundle");
    }
    QStandardItem *module = addRow(nullptr, title, summary, QString(),
        source.hasOutput ? tr("What module %1 returned in its latest run").arg(source.id)
                         : tr("Module %1 has not run yet. Run it once to see what it "
                              "returns; until then you can pick the parts every answer has.")
                               .arg(source.id));
    module->setData(source.id, Qt::UserRole + 10);

    if (source.type != Module::httpRequestType()) {
        addBundle(module, source);
        return;
    }
    if (!source.hasOutput) {
        // Its answer is unknown until it runs (the panel offers to run it); the parts every
        // answer has can be picked already.
        addRow(module, QStringLiteral("statusCode"), tr("e.g. 200"),
            root + QStringLiteral(".statusCode"));
        QStandardItem *headers = addRow(
            module, QStringLiteral("headers"), tr("by name"), root + QStringLiteral(".headers"));
        addRow(headers, QStringLiteral("[]"), tr("the whole list"),
            root + QStringLiteral(".headers[]"));
        addRow(module, QStringLiteral("cookies"), QString(), root + QStringLiteral(".cookies"));
        return;
    }

    const QJsonObject &output = source.output;
    addValue(module, QStringLiteral("statusCode"), output.value(QStringLiteral("statusCode")),
        root + QStringLiteral(".statusCode"));
    // Headers are a list of {name, value}; people pick them by name, as in Make.
    const QJsonArray headerList = output.value(QStringLiteral("headers")).toArray();
    QStandardItem *headers = addRow(module, QStringLiteral("headers"),
        headerList.size() == 1 ? tr("1 header") : tr("%1 headers").arg(headerList.size()),
        root + QStringLiteral(".headers"));
    addRow(
        headers, QStringLiteral("[]"), tr("the whole list"), root + QStringLiteral(".headers[]"));
    QStringList seen;
    for (const QJsonValue &header : headerList) {
        const QString name = header.toObject().value(QStringLiteral("name")).toString().toLower();
        if (name.isEmpty() || seen.contains(name) || m_budget <= 0)
            continue;
        seen.append(name);
        addRow(headers, name, preview(header.toObject().value(QStringLiteral("value"))),
            root + QStringLiteral(".headers.") + keySegment(name));
    }
    addValue(module, QStringLiteral("cookies"), output.value(QStringLiteral("cookies")),
        root + QStringLiteral(".cookies"));
    addValue(module, QStringLiteral("data"), output.value(QStringLiteral("data")),
        root + QStringLiteral(".data"));
}

void MappingTreeModel::addBundle(QStandardItem *module, const MappingSource &source)
{
    const QString root = QString::number(source.id);
    const bool iterator = source.type == IteratorConfig::typeName();
    QStringList own;
    if (iterator) {
        // Make's names for them, rather than __IMTINDEX__; the mapping inserted is the same.
        for (const IteratorField &field : iteratorFields()) {
            own.append(field.key);
            const QString words = tr(field.words);
            const QJsonValue value = source.output.value(field.key);
            addRow(module, words, source.hasOutput ? preview(value) : tr("a number"),
                root + QLatin1Char('.') + keySegment(field.key),
                tr("%1: click to put {{%2.%3}} into the field").arg(words, root, field.key));
        }
    }
    if (!source.hasOutput) {
        addRow(module, tr("Run once to see its fields"), QString(), QString(),
            tr("Module %1 has not run yet: run the scenario once and its fields show here.")
                .arg(source.id));
        return;
    }
    for (auto it = source.output.constBegin(); it != source.output.constEnd(); ++it) {
        if (m_budget <= 0)
            break;
        if (!own.contains(it.key()))
            addValue(module, it.key(), it.value(), root + QLatin1Char('.') + keySegment(it.key()));
    }
}

void MappingTreeModel::addFunctions()
{
    QStandardItem *top = addRow(nullptr, tr("Functions"), QString(), QString(),
        tr("Change values: make text lower case, add dates, pick list "
           "items…"));
    // The library is the one list of functions: the panel, the Help reference and the
    // evaluator cannot disagree (docs/mapping-functions.md).
    QHash<QString, QStandardItem *> categories;
    for (const MappingFunction *function : MappingFunctions::all()) {
        const QString category = QCoreApplication::translate(
            "MappingFunctions", qPrintable(MappingFunctions::category(*function)));
        QStandardItem *&categoryItem = categories[category];
        if (!categoryItem)
            categoryItem = addRow(top, category, QString(), QString(), QString());
        const QString name = QLatin1String(function->name);
        QString expression = name;
        int cursor = -1;
        if (!(function->keyword && function->minArguments == 0)) {
            QStringList separators;
            for (int i = 0; i < function->minArguments; ++i)
                separators.append(QString());
            expression = name + QLatin1Char('(') + separators.join(QStringLiteral("; "))
                + QLatin1Char(')');
            cursor = int(name.size()) + 1;
        }
        QString help = QCoreApplication::translate("MappingFunctions", function->description);
        if (function->example && *function->example)
            help += QLatin1Char('\n') + tr("Example: %1").arg(QString::fromUtf8(function->example));
        addRow(categoryItem, name,
            QCoreApplication::translate("MappingFunctions", function->description), expression,
            help, cursor);
    }
}

void MappingTreeModel::addKeywords()
{
    QStandardItem *top = addRow(nullptr, tr("Keywords"), QString(), QString(),
        tr("Special characters that are hard to type in a field"));
    addRow(top, QStringLiteral("emptystring"), tr("empty text"), QStringLiteral("emptystring"));
    addRow(top, QStringLiteral("newline"), tr("a line break"), QStringLiteral("newline"));
    addRow(top, QStringLiteral("space"), tr("a space"), QStringLiteral("space"));
    addRow(top, QStringLiteral("tab"), tr("a tab character"), QStringLiteral("tab"));
}

void MappingTreeModel::addSandbox()
{
    QStandardItem *top = addRow(nullptr, tr("Sandbox"), tr("the built-in demo API"), QString(),
        tr("The demo API that Scenarist runs on this computer"));
    addRow(
        top, QStringLiteral("url"), tr("address of the demo API"), QStringLiteral("sandbox.url"));
}

void MappingTreeModel::addVariables(const QList<ScenarioInput> &inputs)
{
    QStandardItem *top = addRow(nullptr, tr("Variables"), tr("values that come from no module"),
        QString(), tr("Values the scenario gets from elsewhere, such as its inputs"));
    QStandardItem *group = addRow(top, tr("Scenario inputs"),
        inputs.isEmpty() ? tr("none yet: declare them under Scenario \u203a Scenario inputs\u2026")
                         : tr("asked for when the scenario runs"),
        QString(), tr("What Run once asks for before it starts"));
    for (const ScenarioInput &input : inputs) {
        const QString expression = QStringLiteral("var.input.") + keySegment(input.name);
        QString tip = tr("Click to put {{%1}} into the field").arg(expression);
        if (!input.description.isEmpty())
            tip = input.description + QLatin1Char('\n') + tip;
        addRow(group, input.name,
            input.required ? tr("%1, required").arg(ScenarioInputs::typeLabel(input.type))
                           : ScenarioInputs::typeLabel(input.type),
            expression, tip);
    }
}

void MappingTreeModel::setSources(
    const QList<MappingSource> &sources, const QList<ScenarioInput> &inputs)
{
    beginResetModel();
    blockSignals(true); // one reset instead of a signal per row
    removeRows(0, rowCount());
    m_budget = MaxItems;
    for (const MappingSource &source : sources)
        addModule(source);
    addVariables(inputs);
    addSandbox();
    addFunctions();
    addKeywords();
    blockSignals(false);
    endResetModel();
}

QStandardItem *MappingTreeModel::moduleItem(ModuleId id) const
{
    for (int row = 0; row < rowCount(); ++row) {
        QStandardItem *candidate = item(row);
        if (candidate->data(Qt::UserRole + 10).toInt() == id)
            return candidate;
    }
    return nullptr;
}

QStandardItem *MappingTreeModel::child(const QStandardItem *parent, const QString &name)
{
    if (!parent)
        return nullptr;
    for (int row = 0; row < parent->rowCount(); ++row) {
        if (parent->child(row)->text() == name)
            return parent->child(row);
    }
    return nullptr;
}

QStandardItem *MappingTreeModel::topLevel(const QString &name) const
{
    return child(invisibleRootItem(), name);
}

QStringList MappingTreeModel::mimeTypes() const
{
    return {QStringLiteral("text/plain")};
}

QMimeData *MappingTreeModel::mimeData(const QModelIndexList &indexes) const
{
    for (const QModelIndex &index : indexes) {
        const QString expression = index.data(ExpressionRole).toString();
        if (expression.isEmpty())
            continue;
        auto *mime = new QMimeData;
        mime->setText(QStringLiteral("{{%1}}").arg(expression));
        return mime;
    }
    return nullptr;
}
