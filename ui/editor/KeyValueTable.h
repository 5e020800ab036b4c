#pragma once

#include "core/model/HttpRequestSpec.h"
#include "core/model/Module.h"

#include <QList>
#include <QPointer>
#include <QSet>
#include <QWidget>

class MappingField;
class QComboBox;
class QFrame;
class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;
class QVBoxLayout;

/// An editable list of name/value items (headers, query parameters, form fields), shown as
/// Make does: one small card per item with its name and value stacked, buttons to move or
/// remove it, and an "Add" button below. Names and values are MappingFields. The multipart
/// kind adds a "Text or file" choice per item with a file picker.
class KeyValueTable : public QWidget
{
    Q_OBJECT
public:
    enum class Kind { NameValue, Multipart };

    explicit KeyValueTable(Kind kind = Kind::NameValue, QWidget *parent = nullptr);

    /// Words for one item ("Header") and the add button ("Add a header").
    void setItemWords(const QString &itemName, const QString &addText);

    Kind kind() const { return m_kind; }
    int rowCount() const { return int(m_rows.size()); }

    /// Updates the rows in place (cursor kept) when their number is unchanged.
    void setRows(const QList<NameValue> &rows);
    QList<NameValue> rows() const;
    void setMultipartRows(const QList<MultipartField> &rows);
    QList<MultipartField> multipartRows() const;

    void setAvailableModules(
        const QList<ModuleId> &earlier, const QSet<ModuleId> &all, ModuleId ownModule);
    QList<MappingField *> mappingFields() const;

    MappingField *nameField(int row) const;
    MappingField *valueField(int row) const;
    QPushButton *addButton() const { return m_add; }
    /// The control Tab visits just before this table's first row (the form's previous field).
    /// Without one the table guesses from the focus chain, which other tables also reorder.
    void setTabAnchor(QWidget *anchor);

    void addRow();
    void removeRow(int row);
    void moveRow(int from, int to);

signals:
    /// Text in an item changed (typing: one undo step per burst).
    void rowsEdited();
    /// Items were added, removed, moved, or switched between text and file.
    void rowsRestructured();

private:
    void updateTabOrder();

    QPointer<QWidget> m_tabAnchor;

    struct Row
    {
        QFrame *frame = nullptr;
        QLabel *title = nullptr;
        QToolButton *up = nullptr;
        QToolButton *down = nullptr;
        QToolButton *remove = nullptr;
        MappingField *name = nullptr;
        MappingField *value = nullptr;
        QLabel *valueLabel = nullptr;
        // multipart only
        QComboBox *fieldType = nullptr;
        QWidget *filePart = nullptr;
        QLineEdit *file = nullptr;
        QLineEdit *fileName = nullptr;
        QLineEdit *contentType = nullptr;
    };

    void resize(int count);
    Row createRow();
    void updateTitles();
    void updateFileRow(Row &row, bool isFile);
    int indexOf(const QObject *sender) const;

    Kind m_kind;
    QString m_itemName;
    QList<Row> m_rows;
    QVBoxLayout *m_rowsLayout;
    QLabel *m_empty;
    QPushButton *m_add;
    QList<ModuleId> m_earlier;
    QSet<ModuleId> m_all;
    ModuleId m_own = 0;
    bool m_scoped = false;
    bool m_loading = false;
};
