#include "ui/editor/KeyValueTable.h"

#include "ui/editor/WheelGuard.h"
#include "ui/mapping/MappingField.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QShortcut>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

KeyValueTable::KeyValueTable(Kind kind, QWidget *parent)
    : QWidget(parent)
    , m_kind(kind)
    , m_itemName(tr("Item"))
    , m_rowsLayout(new QVBoxLayout)
    , m_empty(new QLabel(this))
    , m_add(new QPushButton(tr("Add item"), this))
{
    m_rowsLayout->setContentsMargins(0, 0, 0, 0);
    m_rowsLayout->setSpacing(6);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_empty->setText(tr("None yet."));
    m_add->setText(QStringLiteral("+ ") + m_add->text());
    m_add->setAutoDefault(false);

    auto *addRowLayout = new QHBoxLayout;
    addRowLayout->setContentsMargins(0, 0, 0, 0);
    addRowLayout->addWidget(m_add);
    addRowLayout->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(m_empty);
    layout->addLayout(m_rowsLayout);
    layout->addLayout(addRowLayout);

    connect(m_add, &QPushButton::clicked, this, [this] {
        addRow();
        if (MappingField *field = nameField(rowCount() - 1))
            field->setFocus(Qt::OtherFocusReason);
    });
}

void KeyValueTable::setItemWords(const QString &itemName, const QString &addText)
{
    m_itemName = itemName;
    m_add->setText(QStringLiteral("+ ") + addText);
    updateTitles();
}

int KeyValueTable::indexOf(const QObject *sender) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        const Row &row = m_rows.at(i);
        if (sender == row.name || sender == row.value || sender == row.up || sender == row.down
            || sender == row.remove || sender == row.fieldType || sender == row.file
            || sender == row.fileName || sender == row.contentType || sender == row.frame)
            return i;
    }
    return -1;
}

KeyValueTable::Row KeyValueTable::createRow()
{
    Row row;
    row.frame = new QFrame(this);
    row.frame->setFrameShape(QFrame::StyledPanel);
    row.frame->setFrameShadow(QFrame::Plain);
    auto *grid = new QGridLayout(row.frame);
    grid->setContentsMargins(8, 6, 6, 8);
    grid->setHorizontalSpacing(8);
    grid->setVerticalSpacing(4);

    row.title = new QLabel(row.frame);
    QFont bold = row.title->font();
    bold.setBold(true);
    row.title->setFont(bold);

    auto makeButton = [&row](QStyle::StandardPixmap icon, const QString &tip) {
        auto *button = new QToolButton(row.frame);
        button->setIcon(row.frame->style()->standardIcon(icon));
        button->setToolTip(tip);
        button->setAutoRaise(true);
        // Out of the Tab chain: Tab from a value would land on "Remove" with a faint frame,
        // and a Space typed there deleted the row. The mouse reaches them; so does the
        // keyboard, through the row's shortcuts below.
        button->setFocusPolicy(Qt::NoFocus);
        return button;
    };
    row.up = makeButton(QStyle::SP_ArrowUp, tr("Move this item up"));
    row.down = makeButton(QStyle::SP_ArrowDown, tr("Move this item down"));
    row.remove = makeButton(QStyle::SP_DialogDiscardButton, tr("Remove this item"));

    auto *top = new QHBoxLayout;
    top->setSpacing(0);
    top->addWidget(row.title);
    top->addStretch(1);
    top->addWidget(row.up);
    top->addWidget(row.down);
    top->addWidget(row.remove);
    grid->addLayout(top, 0, 0, 1, 2);

    row.name = new MappingField(MappingField::Mode::SingleLine, row.frame);
    row.value = new MappingField(MappingField::Mode::SingleLine, row.frame);
    row.name->setPlaceholderText(tr("Name"));
    row.value->setPlaceholderText(tr("Value"));
    if (m_scoped) {
        row.name->setAvailableModules(m_earlier, m_all, m_own);
        row.value->setAvailableModules(m_earlier, m_all, m_own);
    }
    int line = 1;
    if (m_kind == Kind::Multipart) {
        row.fieldType = new QComboBox(row.frame);
        row.fieldType->addItem(tr("Text"));
        row.fieldType->addItem(tr("File"));
        row.fieldType->setToolTip(tr("Send a piece of text, or the contents of a file"));
        WheelGuard::install(row.fieldType);
        grid->addWidget(new QLabel(tr("Field type"), row.frame), line, 0);
        grid->addWidget(row.fieldType, line++, 1);
    }
    grid->addWidget(new QLabel(tr("Name"), row.frame), line, 0);
    grid->addWidget(row.name, line++, 1);
    row.valueLabel = new QLabel(tr("Value"), row.frame);
    grid->addWidget(row.valueLabel, line, 0);
    grid->addWidget(row.value, line++, 1);
    grid->setColumnStretch(1, 1);

    if (m_kind == Kind::Multipart) {
        row.filePart = new QWidget(row.frame);
        auto *fileGrid = new QGridLayout(row.filePart);
        fileGrid->setContentsMargins(0, 0, 0, 0);
        fileGrid->setHorizontalSpacing(8);
        fileGrid->setVerticalSpacing(4);
        row.file = new QLineEdit(row.filePart);
        row.file->setObjectName(QStringLiteral("file"));
        row.file->setPlaceholderText(tr("Choose a file to send"));
        auto *browse = new QPushButton(tr("Choose…"), row.filePart);
        browse->setAutoDefault(false);
        browse->setToolTip(tr("Pick the file to send from your computer"));
        auto *fileLine = new QHBoxLayout;
        fileLine->setSpacing(4);
        fileLine->addWidget(row.file, 1);
        fileLine->addWidget(browse);
        row.fileName = new QLineEdit(row.filePart);
        row.fileName->setPlaceholderText(tr("Same as the file's name"));
        row.fileName->setToolTip(tr("The file name the server is told; leave empty to use the "
                                    "real one"));
        row.contentType = new QLineEdit(row.filePart);
        row.contentType->setPlaceholderText(tr("Guessed from the file"));
        row.contentType->setToolTip(tr("What kind of file it is, e.g. image/png; leave empty "
                                       "to let Scenarist guess"));
        fileGrid->addWidget(new QLabel(tr("File"), row.filePart), 0, 0);
        fileGrid->addLayout(fileLine, 0, 1);
        fileGrid->addWidget(new QLabel(tr("File name"), row.filePart), 1, 0);
        fileGrid->addWidget(row.fileName, 1, 1);
        fileGrid->addWidget(new QLabel(tr("Content type"), row.filePart), 2, 0);
        fileGrid->addWidget(row.contentType, 2, 1);
        fileGrid->setColumnStretch(1, 1);
        grid->addWidget(row.filePart, line++, 0, 1, 2);
        row.filePart->hide();

        connect(
            row.fieldType, &QComboBox::currentIndexChanged, this, [this, sender = row.fieldType] {
                const int index = indexOf(sender);
                if (index < 0 || m_loading)
                    return;
                updateFileRow(m_rows[index], m_rows[index].fieldType->currentIndex() == 1);
                emit rowsRestructured();
            });
        connect(browse, &QPushButton::clicked, this, [this, edit = row.file] {
            const QString path
                = QFileDialog::getOpenFileName(this, tr("Choose a file to send"), edit->text());
            if (!path.isEmpty()) {
                edit->setText(path);
                emit rowsEdited();
            }
        });
        for (QLineEdit *edit : {row.file, row.fileName, row.contentType}) {
            connect(edit, &QLineEdit::textEdited, this, [this] {
                if (!m_loading)
                    emit rowsEdited();
            });
        }
    }

    for (MappingField *field : {row.name, row.value}) {
        connect(field, &MappingField::textEdited, this, [this] {
            if (!m_loading)
                emit rowsEdited();
        });
    }
    connect(row.up, &QToolButton::clicked, this, [this, sender = row.up] {
        const int index = indexOf(sender);
        moveRow(index, index - 1);
    });
    connect(row.down, &QToolButton::clicked, this, [this, sender = row.down] {
        const int index = indexOf(sender);
        moveRow(index, index + 1);
    });
    connect(row.remove, &QToolButton::clicked, this,
        [this, sender = row.remove] { removeRow(indexOf(sender)); });
    // Anywhere in the row: Ctrl+Shift+Delete removes it, Alt+Shift+Up/Down move it.
    auto rowShortcut = [&row](const QKeySequence &keys, QToolButton *button) {
        auto *shortcut = new QShortcut(keys, row.frame);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, button, [button] {
            if (button->isEnabled())
                button->click();
        });
        button->setProperty("shortcutText", keys.toString(QKeySequence::NativeText));
        button->setToolTip(QStringLiteral("%1 (%2)").arg(
            button->toolTip(), keys.toString(QKeySequence::NativeText)));
    };
    rowShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Delete), row.remove);
    rowShortcut(QKeySequence(Qt::ALT | Qt::SHIFT | Qt::Key_Up), row.up);
    rowShortcut(QKeySequence(Qt::ALT | Qt::SHIFT | Qt::Key_Down), row.down);
    return row;
}

void KeyValueTable::updateFileRow(Row &row, bool isFile)
{
    if (!row.filePart)
        return;
    row.filePart->setVisible(isFile);
    row.value->setVisible(!isFile);
    row.valueLabel->setVisible(!isFile);
}

void KeyValueTable::resize(int count)
{
    while (m_rows.size() > count) {
        Row row = m_rows.takeLast();
        delete row.frame;
    }
    while (m_rows.size() < count) {
        Row row = createRow();
        m_rowsLayout->addWidget(row.frame);
        // Shown now rather than on the next event loop pass, so "Add" can focus its field.
        row.frame->show();
        m_rows.append(row);
    }
    updateTitles();
    // The form around the table sizes itself by height-for-width: tell it the height changed
    // now, or a new row is squeezed over the one above until the next resize.
    updateGeometry();
    updateTabOrder();
}

void KeyValueTable::setTabAnchor(QWidget *anchor)
{
    m_tabAnchor = anchor;
    updateTabOrder();
}

void KeyValueTable::updateTabOrder()
{
    // Rows are created after the form around the table, so Qt would put them at the end of
    // the window's Tab chain: the keyboard would skip from the Method to the body. Chain them
    // where the table is, row by row, fields before the row's buttons, then "Add".
    QWidget *before = m_tabAnchor;
    if (!before) {
        before = m_add->previousInFocusChain();
        while (before && before != m_add && isAncestorOf(before))
            before = before->previousInFocusChain();
    }
    QList<QWidget *> chain;
    for (const Row &row : std::as_const(m_rows)) {
        for (QWidget *widget : std::initializer_list<QWidget *> {row.name, row.value, row.fieldType,
                 row.file, row.fileName, row.up, row.down, row.remove}) {
            if (widget && widget->focusPolicy() != Qt::NoFocus)
                chain.append(widget);
        }
    }
    chain.append(m_add);
    if (before && !isAncestorOf(before))
        chain.prepend(before);
    for (int i = 1; i < chain.size(); ++i)
        QWidget::setTabOrder(chain.at(i - 1), chain.at(i));
}

void KeyValueTable::updateTitles()
{
    for (int i = 0; i < m_rows.size(); ++i) {
        const Row &row = m_rows.at(i);
        row.title->setText(tr("%1 %2").arg(m_itemName).arg(i + 1));
        row.up->setEnabled(i > 0);
        row.down->setEnabled(i + 1 < m_rows.size());
        const QString remove = tr("Remove %1 %2").arg(m_itemName.toLower()).arg(i + 1);
        row.remove->setToolTip(
            QStringLiteral("%1 (%2)").arg(remove, row.remove->property("shortcutText").toString()));
        // Names a screen reader says, e.g. "Header 2, name".
        const QString item = row.title->text();
        row.name->setAccessibleName(tr("%1, name").arg(item));
        row.value->setAccessibleName(tr("%1, value").arg(item));
        row.up->setAccessibleName(tr("Move %1 up").arg(item));
        row.down->setAccessibleName(tr("Move %1 down").arg(item));
        row.remove->setAccessibleName(remove);
        if (row.fieldType)
            row.fieldType->setAccessibleName(tr("%1, text or file").arg(item));
        if (row.file)
            row.file->setAccessibleName(tr("%1, file").arg(item));
        if (row.fileName)
            row.fileName->setAccessibleName(tr("%1, file name sent").arg(item));
    }
    m_empty->setVisible(m_rows.isEmpty());
}

void KeyValueTable::setRows(const QList<NameValue> &rows)
{
    m_loading = true;
    resize(int(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
        m_rows[i].name->setText(rows.at(i).name);
        m_rows[i].value->setText(rows.at(i).value);
    }
    m_loading = false;
}

QList<NameValue> KeyValueTable::rows() const
{
    QList<NameValue> result;
    for (const Row &row : m_rows)
        result.append(NameValue {row.name->text(), row.value->text()});
    return result;
}

void KeyValueTable::setMultipartRows(const QList<MultipartField> &rows)
{
    m_loading = true;
    resize(int(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
        Row &row = m_rows[i];
        const MultipartField &field = rows.at(i);
        row.name->setText(field.name);
        row.value->setText(field.value);
        if (row.fieldType) {
            // A file row with no path yet is still a file row in the form.
            const bool isFile = field.isFile() || row.fieldType->currentIndex() == 1;
            const bool keepFile = isFile && field.value.isEmpty();
            row.fieldType->setCurrentIndex(keepFile || field.isFile() ? 1 : 0);
            updateFileRow(row, row.fieldType->currentIndex() == 1);
            if (row.file->text() != field.file)
                row.file->setText(field.file);
            if (row.fileName->text() != field.fileName)
                row.fileName->setText(field.fileName);
            if (row.contentType->text() != field.contentType)
                row.contentType->setText(field.contentType);
        }
    }
    m_loading = false;
}

QList<MultipartField> KeyValueTable::multipartRows() const
{
    QList<MultipartField> result;
    for (const Row &row : m_rows) {
        MultipartField field;
        field.name = row.name->text();
        if (row.fieldType && row.fieldType->currentIndex() == 1) {
            field.file = row.file->text();
            field.fileName = row.fileName->text();
            field.contentType = row.contentType->text();
        } else {
            field.value = row.value->text();
        }
        result.append(field);
    }
    return result;
}

void KeyValueTable::setAvailableModules(
    const QList<ModuleId> &earlier, const QSet<ModuleId> &all, ModuleId ownModule)
{
    m_earlier = earlier;
    m_all = all;
    m_own = ownModule;
    m_scoped = true;
    for (MappingField *field : mappingFields())
        field->setAvailableModules(earlier, all, ownModule);
}

QList<MappingField *> KeyValueTable::mappingFields() const
{
    QList<MappingField *> fields;
    for (const Row &row : m_rows)
        fields << row.name << row.value;
    return fields;
}

MappingField *KeyValueTable::nameField(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).name : nullptr;
}

MappingField *KeyValueTable::valueField(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).value : nullptr;
}

void KeyValueTable::addRow()
{
    m_loading = true;
    resize(rowCount() + 1);
    m_loading = false;
    emit rowsRestructured();
}

void KeyValueTable::removeRow(int row)
{
    if (row < 0 || row >= rowCount())
        return;
    Row removed = m_rows.takeAt(row);
    // Deleting later: the click that asked for it is still being handled by its button.
    removed.frame->hide();
    removed.frame->deleteLater();
    updateTitles();
    emit rowsRestructured();
}

void KeyValueTable::moveRow(int from, int to)
{
    if (from < 0 || to < 0 || from >= rowCount() || to >= rowCount() || from == to)
        return;
    // Move the texts rather than the widgets, so the layout order never goes stale.
    if (m_kind == Kind::Multipart) {
        QList<MultipartField> fields = multipartRows();
        fields.move(from, to);
        QList<int> types;
        for (const Row &row : std::as_const(m_rows))
            types.append(row.fieldType->currentIndex());
        types.move(from, to);
        m_loading = true;
        for (int i = 0; i < m_rows.size(); ++i)
            m_rows[i].fieldType->setCurrentIndex(types.at(i));
        m_loading = false;
        setMultipartRows(fields);
    } else {
        QList<NameValue> values = rows();
        values.move(from, to);
        setRows(values);
    }
    emit rowsRestructured();
}
