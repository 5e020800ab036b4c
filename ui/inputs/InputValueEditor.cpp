#include "ui/inputs/InputValueEditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDoubleValidator>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QTableWidget>

namespace {

/// The earliest date the date field shows: it stands for "no date" (shown as special text).
QDateTime noDate()
{
    return QDateTime(QDate(1900, 1, 1), QTime(0, 0));
}

} // namespace

InputValueEditor::InputValueEditor(const ScenarioInput &input, bool optional, QWidget *parent)
    : QWidget(parent)
    , m_input(input)
    , m_optional(optional)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    switch (input.type) {
    case ScenarioInput::Type::Text:
        m_line = new QLineEdit(this);
        connect(m_line, &QLineEdit::textChanged, this, &InputValueEditor::changed);
        m_field = m_line;
        break;
    case ScenarioInput::Type::Number: {
        m_line = new QLineEdit(this);
        auto *validator = new QDoubleValidator(m_line);
        validator->setLocale(QLocale::c());
        validator->setNotation(QDoubleValidator::StandardNotation);
        m_line->setValidator(validator);
        m_line->setPlaceholderText(tr("a number, such as 10 or 2.5"));
        m_line->setMinimumWidth(m_line->fontMetrics().horizontalAdvance(QLatin1Char('9')) * 16);
        connect(m_line, &QLineEdit::textChanged, this, &InputValueEditor::changed);
        m_field = m_line;
        break;
    }
    case ScenarioInput::Type::Boolean:
        m_check = new QCheckBox(tr("Yes"), this);
        connect(m_check, &QCheckBox::toggled, this, &InputValueEditor::changed);
        m_field = m_check;
        break;
    case ScenarioInput::Type::Date:
        m_date = new QDateTimeEdit(this);
        m_date->setCalendarPopup(true);
        m_date->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        if (optional) {
            m_date->setMinimumDateTime(noDate());
            m_date->setSpecialValueText(tr("(no date)"));
            m_date->setDateTime(noDate());
        } else {
            m_date->setDateTime(QDateTime(QDate::currentDate(), QTime(0, 0)));
        }
        connect(m_date, &QDateTimeEdit::dateTimeChanged, this, &InputValueEditor::changed);
        m_field = m_date;
        break;
    case ScenarioInput::Type::Select:
        m_combo = new QComboBox(this);
        if (optional)
            m_combo->addItem(tr("(none)"), QVariant());
        for (const QString &option : input.options)
            m_combo->addItem(option, option);
        connect(m_combo, &QComboBox::currentIndexChanged, this, &InputValueEditor::changed);
        m_field = m_combo;
        break;
    case ScenarioInput::Type::Array:
        m_lines = new QPlainTextEdit(this);
        m_lines->setPlaceholderText(tr("One item per line"));
        m_lines->setTabChangesFocus(true);
        m_lines->setFixedHeight(m_lines->fontMetrics().lineSpacing() * 4 + 12);
        connect(m_lines, &QPlainTextEdit::textChanged, this, &InputValueEditor::changed);
        m_field = m_lines;
        break;
    case ScenarioInput::Type::Collection:
        m_table = new QTableWidget(1, 2, this);
        m_table->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
        m_table->horizontalHeader()->setStretchLastSection(true);
        m_table->verticalHeader()->hide();
        m_table->setTabKeyNavigation(false);
        m_table->setFixedHeight(m_table->fontMetrics().lineSpacing() * 6 + 16);
        connect(m_table, &QTableWidget::itemChanged, this, [this] {
            addCollectionRowIfFull();
            emit changed();
        });
        m_field = m_table;
        break;
    }
    layout->addWidget(m_field, 1);
    setFocusProxy(m_field);
    // As tall as its field: the form's rows stay together.
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void InputValueEditor::addCollectionRowIfFull()
{
    // There is always one empty row to type the next name and value into.
    const int last = m_table->rowCount() - 1;
    const QTableWidgetItem *name = m_table->item(last, 0);
    if (name && !name->text().trimmed().isEmpty())
        m_table->insertRow(m_table->rowCount());
}

QJsonValue InputValueEditor::value() const
{
    const QJsonValue none(QJsonValue::Undefined);
    switch (m_input.type) {
    case ScenarioInput::Type::Text:
        return m_line->text().isEmpty() ? none : QJsonValue(m_line->text());
    case ScenarioInput::Type::Number:
        return m_line->text().trimmed().isEmpty() ? none : QJsonValue(m_line->text());
    case ScenarioInput::Type::Boolean:
        return m_check->isChecked();
    case ScenarioInput::Type::Date:
        if (m_optional && m_date->dateTime() == noDate())
            return none;
        return m_date->time() == QTime(0, 0) ? m_date->date().toString(Qt::ISODate)
                                             : m_date->dateTime().toString(Qt::ISODate);
    case ScenarioInput::Type::Select:
        return m_combo->currentData().isValid() ? QJsonValue(m_combo->currentData().toString())
                                                : none;
    case ScenarioInput::Type::Array: {
        QJsonArray items;
        for (const QString &line : m_lines->toPlainText().split(QLatin1Char('\n'))) {
            if (!line.trimmed().isEmpty())
                items.append(line.trimmed());
        }
        return items.isEmpty() ? none : QJsonValue(items);
    }
    case ScenarioInput::Type::Collection: {
        QJsonObject object;
        for (int row = 0; row < m_table->rowCount(); ++row) {
            const QTableWidgetItem *name = m_table->item(row, 0);
            const QTableWidgetItem *value = m_table->item(row, 1);
            if (name && !name->text().trimmed().isEmpty())
                object.insert(name->text().trimmed(), value ? value->text() : QString());
        }
        return object.isEmpty() ? none : QJsonValue(object);
    }
    }
    return none;
}

void InputValueEditor::setValue(const QJsonValue &value)
{
    switch (m_input.type) {
    case ScenarioInput::Type::Text:
        m_line->setText(value.toString());
        break;
    case ScenarioInput::Type::Number:
        m_line->setText(
            value.isDouble() ? QString::number(value.toDouble(), 'g', 15) : value.toString());
        break;
    case ScenarioInput::Type::Boolean:
        m_check->setChecked(value.toBool());
        break;
    case ScenarioInput::Type::Date: {
        const QString text = value.toString();
        QDateTime when = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (!when.isValid() && QDate::fromString(text, Qt::ISODate).isValid())
            when = QDateTime(QDate::fromString(text, Qt::ISODate), QTime(0, 0));
        if (when.isValid())
            m_date->setDateTime(when.toLocalTime());
        else if (m_optional)
            m_date->setDateTime(noDate());
        break;
    }
    case ScenarioInput::Type::Select: {
        const int index = m_combo->findData(value.toString());
        m_combo->setCurrentIndex(index >= 0 ? index : 0);
        break;
    }
    case ScenarioInput::Type::Array: {
        QStringList lines;
        for (const QJsonValue &item : value.toArray())
            lines.append(item.isString() ? item.toString() : item.toVariant().toString());
        m_lines->setPlainText(lines.join(QLatin1Char('\n')));
        break;
    }
    case ScenarioInput::Type::Collection: {
        const QJsonObject object = value.toObject();
        QSignalBlocker blocker(m_table);
        m_table->setRowCount(0);
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            const int row = m_table->rowCount();
            m_table->insertRow(row);
            m_table->setItem(row, 0, new QTableWidgetItem(it.key()));
            m_table->setItem(row, 1,
                new QTableWidgetItem(it.value().isString() ? it.value().toString()
                                                           : it.value().toVariant().toString()));
        }
        m_table->insertRow(m_table->rowCount());
        blocker.unblock();
        emit changed();
        break;
    }
    }
}
