#pragma once

#include <QList>
#include <QString>

struct MappingFunction;

/// The reference of the mapping functions as people read it, made from the function table
/// (MappingFunctions::all()): the app's Help › Mapping reference shows it, and the list "All
/// functions at a glance" in docs/mapping-functions.md is generated from it, so that neither
/// can leave a function out or show an example that no longer gives what it says.
namespace FunctionReference {

/// One function as the reference shows it.
struct Entry
{
    const MappingFunction *function = nullptr;
    QString name;
    QString category; ///< MappingFunctions::category()
    QString example; ///< a field using it
    QString result; ///< what the example gives against MappingFunctions::exampleContext()
    bool failed = false; ///< the example gave an error (result is the message)
};

/// Every function, in the order of MappingFunctions::all(), with its example worked out.
QList<Entry> entries();

/// The Markdown of "All functions at a glance": one table per category, in English (the
/// descriptions as the table writes them).
QString markdown();

/// Where the generated list sits in docs/mapping-functions.md.
inline constexpr char BeginMarker[] = "<!-- generated from the function table: begin -->";
inline constexpr char EndMarker[] = "<!-- generated from the function table: end -->";

/// `document` with the text between the markers replaced by markdown(); empty when the
/// markers are missing.
QString withGeneratedList(const QString &document);

} // namespace FunctionReference
