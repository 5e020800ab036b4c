#include "ui/inputs/RunInputsForm.h"

#include "core/io/PrivateFiles.h"
#include "ui/inputs/InputValueEditor.h"

#include <QCryptographicHash>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QVBoxLayout>

RunInputsForm::RunInputsForm(
    const QList<ScenarioInput> &inputs, const QString &scenarioKey, QWidget *parent)
    : QDialog(parent)
    , m_inputs(inputs)
    , m_key(scenarioKey)
{
    setWindowTitle(tr("Scenario inputs"));
    auto *intro = new QLabel(
        tr("This scenario asks for these values before it runs. Fields marked * are required."),
        this);
    intro->setWordWrap(true);

    const QJsonObject last
        = QJsonDocument::fromJson(QSettings().value(m_key).toString().toUtf8()).object();

    auto *fields = new QWidget;
    auto *form = new QFormLayout(fields);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    for (const ScenarioInput &input : inputs) {
        auto *editor = new InputValueEditor(input, !input.required, fields);
        editor->setObjectName(QStringLiteral("input_") + input.name);
        // The last values, when they still fit what is declared; else the default.
        const QJsonValue remembered = last.value(input.name);
        if (!remembered.isUndefined()
            && ScenarioInputs::validate({input}, {{input.name, remembered}}).ok())
            editor->setValue(remembered);
        else if (!input.defaultValue.isUndefined())
            editor->setValue(input.defaultValue);
        auto *column = new QWidget(fields);
        auto *stack = new QVBoxLayout(column);
        stack->setContentsMargins(0, 0, 0, 0);
        stack->setSpacing(2);
        stack->addWidget(editor);
        if (!input.description.isEmpty()) {
            auto *description = new QLabel(input.description, column);
            description->setWordWrap(true);
            description->setForegroundRole(QPalette::PlaceholderText);
            stack->addWidget(description);
        }
        auto *problem = new QLabel(column);
        problem->setWordWrap(true);
        problem->setStyleSheet(QStringLiteral("color: #c62828;"));
        problem->hide();
        stack->addWidget(problem);
        auto *label
            = new QLabel(input.required ? input.name + QStringLiteral(" *") : input.name, fields);
        label->setBuddy(editor->field());
        label->setToolTip(ScenarioInputs::typeLabel(input.type));
        form->addRow(label, column);
        editor->field()->setAccessibleName(input.name);
        m_editors.insert(input.name, editor);
        m_problems.insert(input.name, problem);
        connect(editor, &InputValueEditor::changed, this, &RunInputsForm::check);
    }
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(fields);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_run = buttons->addButton(tr("Run"), QDialogButtonBox::AcceptRole);
    m_run->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &RunInputsForm::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &RunInputsForm::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(scroll, 1);
    layout->addWidget(buttons);
    resize(520, qMin(560, 120 + 70 * int(inputs.size())));
    check();
}

QString RunInputsForm::problem(const QString &name) const
{
    const QLabel *label = m_problems.value(name);
    return label && !label->isHidden() ? label->text() : QString();
}

void RunInputsForm::check()
{
    QJsonObject given;
    bool ok = true;
    // The fields start with the defaults: what they show is what runs, so a field emptied by
    // hand is empty, not its default again.
    QList<ScenarioInput> shown = m_inputs;
    for (ScenarioInput &input : shown)
        input.defaultValue = QJsonValue(QJsonValue::Undefined);
    for (const ScenarioInput &input : std::as_const(shown)) {
        const QJsonValue value = m_editors.value(input.name)->value();
        // Each field checked alone, so that its words go under it.
        const ScenarioInputs::Checked one = ScenarioInputs::validate(
            {input}, value.isUndefined() ? QJsonObject() : QJsonObject {{input.name, value}});
        QLabel *label = m_problems.value(input.name);
        const QString prefix = tr("input %1: ").arg(input.name);
        QString text = one.problems.value(0);
        if (text.startsWith(prefix))
            text = text.mid(prefix.size());
        if (!text.isEmpty())
            text[0] = text.at(0).toUpper();
        label->setText(text);
        label->setVisible(!one.ok());
        ok = ok && one.ok();
        if (!value.isUndefined())
            given.insert(input.name, value);
    }
    const ScenarioInputs::Checked all = ScenarioInputs::validate(shown, given);
    m_values = all.ok() ? all.values : QJsonObject();
    m_run->setEnabled(ok && all.ok());
}

void RunInputsForm::accept()
{
    check();
    if (!m_run->isEnabled())
        return; // the fields say what is missing
    QSettings settings;
    settings.setValue(
        m_key, QString::fromUtf8(QJsonDocument(m_values).toJson(QJsonDocument::Compact)));
    PrivateFiles::protectSettings(settings);
    QDialog::accept();
}

QString RunInputsForm::lastValuesKey(const QString &filePath, const QString &name)
{
    const QByteArray what = filePath.isEmpty() ? QByteArray("name:") + name.toUtf8()
                                               : QByteArray("file:") + filePath.toUtf8();
    return QStringLiteral("scenarioInputs/")
        + QString::fromLatin1(QCryptographicHash::hash(what, QCryptographicHash::Sha1).toHex());
}
