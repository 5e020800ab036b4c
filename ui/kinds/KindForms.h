#pragma once

#include <QColor>
#include <QIcon>
#include <QList>
#include <QString>
#include <QStringList>

class KindForm;
class QWidget;

/// What the editor knows of one kind of module (core/kinds/KindRegistry.h has the rest):
/// its group and one line of plain words for the picker, its icon, and its settings form.
/// Each kind's entry lives beside its form in ui/kinds/<kind>/; KindForms.cpp lists them.
struct KindFormInfo
{
    QString type; ///< the KindRegistry type name, e.g. "flow.iterator"
    QString group; ///< one of KindForms::groups()
    QString description; ///< one line of plain words: what it does
    QString glyph; ///< the short sign drawn on its icon
    QColor colour; ///< its icon's colour
    /// Makes its settings form; null for http.request, whose form is the module editor's.
    KindForm *(*makeForm)(QWidget *parent) = nullptr;
};

/// The one ui-side table of kinds. Adding a kind: a folder under ui/kinds/ with its form and
/// entry, and one line in KindForms.cpp; nothing else switches over kinds.
namespace KindForms {

/// Every entry, in the order the picker shows them within a group.
const QList<KindFormInfo> &entries();
/// The entry of `type`; null when the editor has none (foreign placeholders).
const KindFormInfo *find(const QString &type);
/// The groups in the picker's order: "HTTP", "Flow control", "Tools", "JSON", "Errors".
QStringList groups();
/// The kind's icon: its sign on a round badge of its colour.
QIcon icon(const QString &type);
/// True when `type` has a settings form of its own.
bool makesForm(const QString &type);
/// A new settings form for `type`; null when it has none.
KindForm *makeForm(const QString &type, QWidget *parent = nullptr);

QString httpGroup();
QString flowGroup();
QString toolsGroup();
QString jsonGroup();
QString errorsGroup();

} // namespace KindForms
