#pragma once

#include <QDialog>

class QLineEdit;
class QListWidget;
class QListWidgetItem;

/// Asks which kind of module to add: every kind of KindRegistry but foreign placeholders,
/// grouped as Make groups them (ui/kinds/KindForms.h), each with its icon and one line of
/// plain words. Typing filters by name; the arrows move, Enter chooses.
class KindPicker : public QDialog
{
    Q_OBJECT
public:
    /// Where the new module goes. Ignore, Resume, Break, Commit and Rollback end error routes
    /// only (docs/flow-control.md): on an error route they come first, elsewhere they are not
    /// offered.
    enum class Place { Flow, ErrorRoute };

    explicit KindPicker(QWidget *parent = nullptr, Place place = Place::Flow);

    /// Shows the picker; the chosen kind's type name, empty when the person cancelled.
    static QString choose(QWidget *parent, Place place = Place::Flow);

    /// The type name of the highlighted kind; empty when none.
    QString currentType() const;
    /// The type names listed now (the search hides the others), in order.
    QStringList visibleTypes() const;
    QLineEdit *searchField() const { return m_search; }
    QListWidget *list() const { return m_list; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void filter(const QString &text);
    /// Moves the highlight to the next visible kind in `direction` (+1 or -1).
    void step(int direction);
    bool isKind(const QListWidgetItem *item) const;

    QLineEdit *m_search;
    QListWidget *m_list;
};
