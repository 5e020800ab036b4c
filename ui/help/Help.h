#pragma once

#include <QString>

class QMainWindow;
class QMenu;
class QWidget;

/// The Help menu's pages, shown in the app: the user guide (the pages of docs/, built into
/// the app so that docs/ and the menu are one source; getting started is one of them), the
/// mapping reference (generated from the function table) and the keyboard shortcuts
/// (generated from the window's actions).
namespace Help {

enum class Page { GettingStarted, UserGuide, MappingReference, KeyboardShortcuts };

/// Adds the pages to `menu`. F1 opens the page that fits where the keyboard is: the
/// mapping reference in a mapping field of `settingsPanel`, getting started otherwise.
void addActions(QMenu *menu, QMainWindow *window, QWidget *settingsPanel);
/// Shows `page` in the window's help dialog (one per window, created on first use).
void show(Page page, QMainWindow *window);
/// The page F1 opens with the keyboard focus on `focus`.
Page pageFor(const QWidget *focus, const QWidget *settingsPanel);

/// Every mapping function with its description, an example and what the example gives.
QString mappingReferenceHtml();
/// Every action of the window that has a shortcut, menu by menu.
QString keyboardShortcutsHtml(const QMainWindow *window);

} // namespace Help
