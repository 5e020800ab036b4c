#include "ui/inputs/ScenarioInputsDialog.h"

#include "ui/inputs/InputValueEditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

ScenarioInputsDialog::ScenarioInputsDialog(const QList<ScenarioInput> &inputs, QWidget *parent)
    : QDialog(parent)
    , m_inputs(inputs)
    , m_list(new QListWidget(this))
    , m_add(new QPushButton(tr("&Add"), this))
    , m_remove(new QPushButton(tr("&Remove"), this))
    , m_up(new QPushButton(tr("&Up"), this))
    , m_down(new QPushButton(tr("Do&wn"), this))
    , m_details(new QWidget(this))
    , m_name(new QLineEdit(m_details))
    , m_type(new QComboBox(m_details))
    , m_required(new QCheckBox(tr("Required: a run cannot start without it"), m_details))
    , m_defaultBox(new QVBoxLayout)
    , m_description(new QLineEdit(m_details))
    , m_optionsLabel(new QLabel(tr("&Options:"), m_details))
    , m_options(new QPlainTextEdit(m_details))
    , m_problem(new QLabel(this))
{
    setWindowTitle(tr("Scenario inputs"));
    auto *intro = new QLabel(tr("Values the scenario asks for each time it runs. Modules use "
                                "them as {{var.input.NAME}}: pick them in the mapping panel "
                                "under Variables \u203a Scenario inputs."),
        this);
    intro->setWordWrap(true);

    m_list->setAccessibleName(tr("Scenario inputs"));
    m_list->setMinimumWidth(160);
    auto *listButtons = new QHBoxLayout;
    for (QPushButton *button : {m_add, m_remove, m_up, m_down})
        listButtons->addWidget(button);
    auto *left = new QVBoxLayout;
    left->addWidget(m_list, 1);
    left->addLayout(listButtons);

    m_name->setPlaceholderText(tr("letters, digits and _, such as pageSize"));
    for (ScenarioInput::Type type : ScenarioInputs::types())
        m_type->addItem(ScenarioInputs::typeLabel(type), int(type));
    m_description->setPlaceholderText(tr("What to enter, in a few words"));
    m_options->setPlaceholderText(tr("One option per line"));
    m_options->setTabChangesFocus(true);
    m_options->setFixedHeight(m_options->fontMetrics().lineSpacing() * 4 + 12);
    m_optionsLabel->setBuddy(m_options);
    m_defaultBox->setContentsMargins(0, 0, 0, 0);
    auto *defaultHolder = new QWidget(m_details);
    defaultHolder->setLayout(m_defaultBox);

    auto *form = new QFormLayout(m_details);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Type:"), m_type);
    form->addRow(QString(), m_required);
    form->addRow(m_optionsLabel, m_options);
    form->addRow(tr("De&fault:"), defaultHolder);
    form->addRow(tr("&Description:"), m_description);

    auto *columns = new QHBoxLayout;
    columns->addLayout(left, 2);
    columns->addWidget(m_details, 3);

    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #c62828;"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(columns, 1);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);

    connect(m_list, &QListWidget::currentRowChanged, this, &ScenarioInputsDialog::showInput);
    connect(m_add, &QPushButton::clicked, this, [this] {
        ScenarioInput input;
        QStringList names;
        for (const ScenarioInput &other : std::as_const(m_inputs))
            names.append(other.name);
        int n = int(m_inputs.size()) + 1;
        while (names.contains(QStringLiteral("input%1").arg(n)))
            ++n;
        input.name = QStringLiteral("input%1").arg(n);
        m_inputs.append(input);
        refreshList();
        m_list->setCurrentRow(int(m_inputs.size()) - 1);
        m_name->setFocus();
        m_name->selectAll();
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (m_current < 0)
            return;
        m_inputs.removeAt(m_current);
        const int next = qMin(m_current, int(m_inputs.size()) - 1);
        m_current = -1;
        refreshList();
        m_list->setCurrentRow(next);
        showInput(next);
    });
    connect(m_up, &QPushButton::clicked, this, [this] { move(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { move(1); });
    connect(m_name, &QLineEdit::textChanged, this, [this] {
        readFields();
        if (QListWidgetItem *item = m_list->item(m_current))
            item->setText(m_name->text());
    });
    connect(m_type, &QComboBox::currentIndexChanged, this, [this] {
        if (m_loading)
            return;
        readFields();
        // A default of another type means nothing for the new one.
        if (m_current >= 0)
            m_inputs[m_current].defaultValue = QJsonValue(QJsonValue::Undefined);
        rebuildDefault();
        check();
    });
    connect(m_required, &QCheckBox::toggled, this, &ScenarioInputsDialog::readFields);
    connect(m_description, &QLineEdit::textChanged, this, &ScenarioInputsDialog::readFields);
    connect(m_options, &QPlainTextEdit::textChanged, this, [this] {
        if (m_loading)
            return;
        readFields();
        rebuildDefault(); // the default is chosen among the options
        check();
    });

    refreshList();
    m_list->setCurrentRow(m_inputs.isEmpty() ? -1 : 0);
    showInput(m_list->currentRow());
    resize(720, 440);
}

QString ScenarioInputsDialog::problem() const
{
    return m_problem->text();
}

void ScenarioInputsDialog::refreshList()
{
    const QSignalBlocker blocker(m_list);
    m_list->clear();
    for (const ScenarioInput &input : std::as_const(m_inputs))
        m_list->addItem(input.name);
    m_list->setCurrentRow(m_current);
}

void ScenarioInputsDialog::showInput(int row)
{
    m_current = row;
    const bool has = row >= 0 && row < m_inputs.size();
    m_details->setEnabled(has);
    m_remove->setEnabled(has);
    m_up->setEnabled(has && row > 0);
    m_down->setEnabled(has && row < m_inputs.size() - 1);
    m_loading = true;
    const ScenarioInput input = has ? m_inputs.at(row) : ScenarioInput();
    m_name->setText(input.name);
    m_type->setCurrentIndex(m_type->findData(int(input.type)));
    m_required->setChecked(input.required);
    m_description->setText(input.description);
    m_options->setPlainText(input.options.join(QLatin1Char('\n')));
    m_loading = false;
    rebuildDefault();
    check();
}

void ScenarioInputsDialog::readFields()
{
    if (m_loading || m_current < 0 || m_current >= m_inputs.size())
        return;
    ScenarioInput &input = m_inputs[m_current];
    input.name = m_name->text().trimmed();
    input.type = ScenarioInput::Type(m_type->currentData().toInt());
    input.required = m_required->isChecked();
    input.description = m_description->text();
    input.options.clear();
    if (input.type == ScenarioInput::Type::Select) {
        for (const QString &line : m_options->toPlainText().split(QLatin1Char('\n'))) {
            if (!line.trimmed().isEmpty())
                input.options.append(line.trimmed());
        }
    }
    if (m_default) {
        // The default as the run form reads a value: text typed into a number field becomes
        // a number, or stays text that check() then refuses in plain words.
        QJsonValue value = m_default->value();
        if (value.isString() && input.type != ScenarioInput::Type::Text) {
            QString ignored;
            value = ScenarioInputs::fromText(input, value.toString(), &ignored).value_or(value);
        }
        input.defaultValue = value;
    }
    check();
}

void ScenarioInputsDialog::rebuildDefault()
{
    delete m_default;
    m_default = nullptr;
    const bool has = m_current >= 0 && m_current < m_inputs.size();
    const ScenarioInput input = has ? m_inputs.at(m_current) : ScenarioInput();
    const bool select = input.type == ScenarioInput::Type::Select;
    m_optionsLabel->setVisible(select);
    m_options->setVisible(select);
    m_default = new InputValueEditor(input, true, m_details);
    m_default->setObjectName(QStringLiteral("defaultValue"));
    m_default->field()->setAccessibleName(tr("Default"));
    m_defaultBox->addWidget(m_default);
    if (!input.defaultValue.isUndefined()) {
        m_loading = true;
        m_default->setValue(input.defaultValue);
        m_loading = false;
    }
    connect(m_default, &InputValueEditor::changed, this, &ScenarioInputsDialog::readFields);
}

void ScenarioInputsDialog::move(int by)
{
    const int to = m_current + by;
    if (m_current < 0 || to < 0 || to >= m_inputs.size())
        return;
    m_inputs.move(m_current, to);
    m_current = to;
    refreshList();
    showInput(to);
}

void ScenarioInputsDialog::check()
{
    const ScenarioInputs::Problem problem = ScenarioInputs::check(m_inputs);
    QString text = problem.what;
    if (!text.isEmpty())
        text[0] = text.at(0).toUpper();
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
    m_ok->setEnabled(problem.isEmpty());
}
