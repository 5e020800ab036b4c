#include "core/mapping/FunctionReference.h"

#include "core/mapping/FieldTemplate.h"
#include "core/mapping/MappingFunctions.h"

namespace FunctionReference {

namespace {

/// Text inside a Markdown table cell: a | would end the cell, a line break the row.
QString cell(QString text)
{
    text.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    text.replace(QLatin1Char('|'), QStringLiteral("\\|"));
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return text;
}

/// Code in a cell: backticks inside it need a longer fence.
QString code(const QString &text)
{
    if (text.isEmpty())
        return QStringLiteral("*(empty)*");
    const QString fence
        = text.contains(QLatin1Char('`')) ? QStringLiteral("`` ") : QStringLiteral("`");
    const QString close
        = text.contains(QLatin1Char('`')) ? QStringLiteral(" ``") : QStringLiteral("`");
    return fence + cell(text) + close;
}

} // namespace

QList<Entry> entries()
{
    const MappingContext context = MappingFunctions::exampleContext();
    QList<Entry> list;
    for (const MappingFunction *function : MappingFunctions::all()) {
        Entry entry;
        entry.function = function;
        entry.name = QString::fromLatin1(function->name);
        entry.category = MappingFunctions::category(*function);
        entry.example = QString::fromUtf8(function->example);
        const FieldTemplate::Result result = evaluateField(entry.example, context);
        entry.failed = !result.ok();
        entry.result = entry.failed ? result.error : result.text;
        list.append(entry);
    }
    return list;
}

QString markdown()
{
    QString text = QStringLiteral(
        "## All functions at a glance\n\n"
        "Every function of the mapping language with one example, worked out as above. This "
        "list is made from the app's own table of functions (Help › Mapping reference shows the "
        "same); the sections after it say more about each.\n\n"
        "| Function | Group | What it does | Example | Gives |\n"
        "|---|---|---|---|---|\n");
    for (const Entry &entry : entries()) {
        text += QStringLiteral("| `%1` | %2 | %3 | %4 | %5 |\n")
                    .arg(entry.name, entry.category,
                        cell(QString::fromUtf8(entry.function->description)), code(entry.example),
                        entry.failed ? QStringLiteral("error: ") + cell(entry.result)
                            : entry.function->random ? QStringLiteral("*(different each time)*")
                                                     : code(entry.result));
    }
    return text;
}

QString withGeneratedList(const QString &document)
{
    const qsizetype begin = document.indexOf(QLatin1String(BeginMarker));
    const qsizetype end = document.indexOf(QLatin1String(EndMarker));
    if (begin < 0 || end < begin)
        return {};
    const qsizetype from = begin + qsizetype(qstrlen(BeginMarker));
    return document.left(from) + QStringLiteral("\n") + markdown() + QStringLiteral("\n")
        + document.mid(end);
}

} // namespace FunctionReference
