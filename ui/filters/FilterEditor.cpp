#include "ui/filters/FilterEditor.h"

#include "core/model/Scenario.h"
#include "ui/mapping/MappingField.h"
#include "ui/mapping/MappingPanel.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHash>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

constexpr int OperatorRole = Qt::UserRole + 1;

} // namespace

FilterEditor::FilterEditor(Scenario *scenario, const Link &link, QWidget *parent)
    : QDialog(parent)
    , m_scenario(scenario)
    , m_link(link)
{
    setObjectName(QStringLiteral("filterEditor"));
    const QString target
        = m_scenario ? m_scenario->module(link.to).displayName() : tr("module %1").arg(link.to);
    setWindowTitle(tr("Filter before %1").arg(target));
    if (m_scenario) {
        m_earlier = m_scenario->modulesBefore(link.to);
        for (const Module &module : m_scenario->modules())
            m_all.insert(module.id);
    }

    auto *form = new QWidget(this);
    auto *formLayout = new QVBoxLayout(form);
    formLayout->setContentsMargins(0, 0, 0, 0);

    auto *intro = new QLabel(tr("Only the bundles that pass the filter go on to module %1 "
                                "(%2). The others stop here, and the run says why.")
                                 .arg(link.to)
                                 .arg(target.toHtmlEscaped()),
        form);
    intro->setWordWrap(true);
    formLayout->addWidget(intro);

    auto *nameRow = new QFormLayout;
    m_name = new QLineEdit(link.filter.name, form);
    m_name->setObjectName(QStringLiteral("filterName"));
    m_name->setPlaceholderText(tr("For example: Only big orders"));
    m_name->setToolTip(tr("A name of your own, shown on the link"));
    nameRow->addRow(tr("&Name"), m_name);
    formLayout->addLayout(nameRow);

    m_groupsWidget = new QWidget;
    m_groupsLayout = new QVBoxLayout(m_groupsWidget);
    m_groupsLayout->setContentsMargins(0, 0, 0, 0);
    m_groupsLayout->addStretch(1);
    m_scroll = new QScrollArea(form);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setWidget(m_groupsWidget);
    formLayout->addWidget(m_scroll, 1);

    m_addOr = new QPushButton(tr("Add OR rule"), m_groupsWidget);
    m_addOr->setObjectName(QStringLiteral("addOrRule"));
    m_addOr->setToolTip(tr("Add another box of conditions: a bundle also passes when all of "
                           "the new box's conditions are true"));
    // Under the last box, where the next one goes.
    auto *orRow = new QHBoxLayout;
    orRow->addWidget(m_addOr);
    orRow->addStretch(1);
    m_groupsLayout->insertLayout(0, orRow);
    connect(m_addOr, &QPushButton::clicked, this, [this] {
        Row *row = addRow(addGroup());
        updateLabels();
        row->a->setFocus();
        QTimer::singleShot(0, this, [this, w = QPointer<QWidget>(row->widget)] {
            if (w)
                m_scroll->ensureWidgetVisible(w);
        });
    });

    m_summary = new QLabel(form);
    m_summary->setObjectName(QStringLiteral("filterProblems"));
    m_summary->setWordWrap(true);
    m_summary->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_summary->hide();
    formLayout->addWidget(m_summary);

    // The picker of earlier modules' values, as beside a module's settings.
    auto *pickerBox = new QWidget(this);
    auto *pickerLayout = new QVBoxLayout(pickerBox);
    pickerLayout->setContentsMargins(0, 0, 0, 0);
    auto *pickerTitle = new QLabel(tr("<b>Values of earlier modules</b>"), pickerBox);
    pickerLayout->addWidget(pickerTitle);
    m_picker = new MappingPanel(pickerBox);
    m_picker->setObjectName(QStringLiteral("filterPicker"));
    m_picker->setScenario(m_scenario);
    m_picker->setEditedModule(link.to);
    pickerLayout->addWidget(m_picker, 1);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(form);
    splitter->addWidget(pickerBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);
    splitter->setSizes({580, 340});

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &FilterEditor::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &FilterEditor::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_buttons);

    for (const QList<FilterCondition> &conditions : link.filter.conditions) {
        if (conditions.isEmpty())
            continue;
        Group *group = addGroup();
        for (const FilterCondition &condition : conditions)
            addRow(group, condition);
    }
    if (m_groups.isEmpty())
        addRow(addGroup());
    updateLabels();

    // Fits a 1024×640 screen with the picker beside the rows.
    resize(QSize(940, 560));
    m_groups.constFirst()->rows.constFirst()->a->setFocus();
}

FilterEditor::~FilterEditor()
{
    for (Group *group : std::as_const(m_groups)) {
        qDeleteAll(group->rows);
        delete group;
    }
}

QComboBox *FilterEditor::createOperatorBox(QWidget *parent) const
{
    // Headings ("Text", "Number"…) that cannot be chosen, each followed by its operators in
    // words; the words and headings come from core/flow/Filter, their one home.
    auto *box = new QComboBox(parent);
    auto *model = new QStandardItemModel(box);
    // Each heading once, in the order its first operator comes (a list's length and a list's
    // contents are apart in Make's order).
    QStringList headings;
    QHash<QString, QStringList> byHeading;
    for (const QString &o : Filter::knownOperators()) {
        const QString group = Filter::operatorGroup(o);
        if (!headings.contains(group))
            headings.append(group);
        byHeading[group].append(o);
    }
    QFont bold = box->font();
    bold.setBold(true);
    for (const QString &heading : std::as_const(headings)) {
        auto *title = new QStandardItem(heading);
        title->setFlags(Qt::NoItemFlags);
        title->setFont(bold);
        // A heading, not an operator that cannot be chosen: full contrast on a band.
        title->setForeground(box->palette().brush(QPalette::Active, QPalette::WindowText));
        title->setBackground(box->palette().brush(QPalette::Active, QPalette::AlternateBase));
        model->appendRow(title);
        for (const QString &o : byHeading.value(heading)) {
            auto *item = new QStandardItem(Filter::operatorChoice(o));
            item->setData(o, OperatorRole);
            model->appendRow(item);
        }
    }
    box->setModel(model);
    box->setMaxVisibleItems(20);
    box->setToolTip(tr("How to compare the two values"));
    // A narrow window cuts the closed box's words: its tooltip says them whole.
    connect(box, &QComboBox::currentIndexChanged, box, [box] {
        box->setToolTip(
            box->currentText() + QLatin1Char('\n') + tr("How to compare the two values"));
    });
    box->setAccessibleName(tr("Operator"));
    // The closed box fits the usual words; the open list is as wide as the longest.
    box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    box->setMinimumContentsLength(18);
    box->view()->setMinimumWidth(box->view()->sizeHintForColumn(0) + 24);
    return box;
}

bool FilterEditor::chooseOperator(QComboBox *box, const QString &o)
{
    const int index = box->findData(o, OperatorRole);
    if (index < 0)
        return false;
    box->setCurrentIndex(index);
    return true;
}

void FilterEditor::setUpField(MappingField *field) const
{
    field->setAvailableModules(m_earlier, m_all, m_link.to);
}

FilterEditor::Group *FilterEditor::addGroup()
{
    auto *group = new Group;
    group->box = new QGroupBox(m_groupsWidget);
    auto *boxLayout = new QVBoxLayout(group->box);
    group->rowsLayout = new QVBoxLayout;
    group->rowsLayout->setSpacing(2);
    boxLayout->addLayout(group->rowsLayout);
    group->addAnd = new QPushButton(tr("Add AND rule"), group->box);
    group->addAnd->setToolTip(
        tr("Add a condition to this box: a bundle passes only when all of them are true"));
    auto *andRow = new QHBoxLayout;
    andRow->addWidget(group->addAnd);
    andRow->addStretch(1);
    boxLayout->addLayout(andRow);
    connect(group->addAnd, &QPushButton::clicked, this, [this, group] {
        Row *row = addRow(group);
        updateLabels();
        row->a->setFocus();
    });
    // Before the "Add OR rule" row and the stretch at the end.
    m_groupsLayout->insertWidget(m_groupsLayout->count() - 2, group->box);
    m_groups.append(group);
    return group;
}

FilterEditor::Row *FilterEditor::addRow(Group *group, const FilterCondition &condition)
{
    auto *row = new Row;
    row->extra = condition.extra;
    row->widget = new QWidget(group->box);
    auto *grid = new QGridLayout(row->widget);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(6);
    grid->setVerticalSpacing(2);

    row->lead = new QLabel(row->widget);
    row->lead->setMinimumWidth(row->lead->fontMetrics().horizontalAdvance(tr("and")) + 8);
    row->a = new MappingField(MappingField::Mode::SingleLine, row->widget);
    row->a->setAccessibleName(tr("Value to check"));
    row->a->setPlaceholderText(tr("Value to check"));
    row->a->setToolTip(tr("The value to check, usually one of an earlier module's values: "
                          "click here, then click a value in the list on the right"));
    setUpField(row->a);
    row->a->setText(condition.a);
    row->op = createOperatorBox(row->widget);
    if (!chooseOperator(
            row->op, condition.o.isEmpty() ? QStringLiteral("text:equal") : condition.o))
        chooseOperator(row->op, QStringLiteral("text:equal"));
    row->b = new MappingField(MappingField::Mode::SingleLine, row->widget);
    row->b->setAccessibleName(tr("Value to compare with"));
    row->b->setPlaceholderText(tr("Value to compare with"));
    row->b->setToolTip(tr("What to compare the first value with: type it, or pick a value on "
                          "the right"));
    setUpField(row->b);
    row->b->setText(condition.b.value_or(QString()));
    row->remove = new QToolButton(row->widget);
    row->remove->setText(QStringLiteral("\u2715"));
    row->remove->setAutoRaise(true);
    row->remove->setToolTip(tr("Remove this condition"));
    row->remove->setAccessibleName(tr("Remove this condition"));
    row->problem = new QLabel(row->widget);
    row->problem->setWordWrap(true);
    row->problem->setStyleSheet(QStringLiteral("color: #c62828;"));
    row->problem->hide();

    grid->addWidget(row->lead, 0, 0);
    grid->addWidget(row->a, 0, 1);
    grid->addWidget(row->op, 0, 2);
    grid->addWidget(row->b, 0, 3);
    grid->addWidget(row->remove, 0, 4);
    grid->addWidget(row->problem, 1, 1, 1, 3);
    grid->setColumnStretch(1, 3);
    grid->setColumnStretch(3, 2);

    group->rowsLayout->addWidget(row->widget);
    group->rows.append(row);
    updateSecondValue(row);

    connect(row->op, &QComboBox::currentIndexChanged, this, [this, row] {
        updateSecondValue(row);
        if (!row->problem->isHidden())
            checkRows(true);
    });
    connect(row->a, &MappingField::textEdited, this, [this, row] {
        if (!row->problem->isHidden())
            checkRows(true);
    });
    connect(row->remove, &QToolButton::clicked, this, [this, row] { removeRow(row); });
    return row;
}

void FilterEditor::removeRow(Row *row)
{
    for (qsizetype g = 0; g < m_groups.size(); ++g) {
        Group *group = m_groups.at(g);
        const qsizetype index = group->rows.indexOf(row);
        if (index < 0)
            continue;
        group->rows.removeAt(index);
        for (QObject *part : {static_cast<QObject *>(row->a), static_cast<QObject *>(row->op),
                 static_cast<QObject *>(row->remove)})
            part->disconnect(this);
        row->widget->hide();
        row->widget->deleteLater();
        delete row;
        if (group->rows.isEmpty()) {
            if (m_groups.size() > 1) {
                m_groups.removeAt(g);
                group->box->hide();
                group->box->deleteLater();
                delete group;
            } else {
                // The last condition went: leave an empty row to start again from.
                addRow(group);
            }
        }
        updateLabels();
        if (!m_summary->isHidden())
            checkRows(true);
        return;
    }
}

void FilterEditor::updateLabels()
{
    for (qsizetype g = 0; g < m_groups.size(); ++g) {
        Group *group = m_groups.at(g);
        group->box->setTitle(g == 0 ? tr("Let a bundle through when all of these are true")
                                    : tr("or when all of these are true"));
        group->addAnd->setObjectName(QStringLiteral("addAndRule%1").arg(g + 1));
        for (qsizetype r = 0; r < group->rows.size(); ++r)
            group->rows.at(r)->lead->setText(r == 0 ? QString() : tr("and"));
    }
}

void FilterEditor::updateSecondValue(Row *row)
{
    const QString o = row->op->currentData(OperatorRole).toString();
    // "exists" and "does not exist" look at one value only.
    row->b->setVisible(Filter::operatorTakesSecondValue(o));
}

bool FilterEditor::isBlank(const Row *row)
{
    const QString o = row->op->currentData(OperatorRole).toString();
    return row->a->text().trimmed().isEmpty()
        && (!Filter::operatorTakesSecondValue(o) || row->b->text().trimmed().isEmpty());
}

bool FilterEditor::checkRows(bool showProblems)
{
    int problems = 0;
    Row *first = nullptr;
    for (Group *group : std::as_const(m_groups)) {
        for (Row *row : std::as_const(group->rows)) {
            QString problem;
            if (row->a->text().trimmed().isEmpty() && !isBlank(row)) {
                problem = tr("Choose the value to check first: click the empty field, then "
                             "pick a value on the right.");
            }
            if (!problem.isEmpty()) {
                ++problems;
                if (!first)
                    first = row;
            }
            if (showProblems) {
                row->problem->setText(problem);
                row->problem->setVisible(!problem.isEmpty());
            }
        }
    }
    if (showProblems) {
        m_summary->setText(problems == 0 ? QString()
                : problems == 1
                ? tr("One condition has no value to check yet; it says so above.")
                : tr("%1 conditions have no value to check yet; they say so above.").arg(problems));
        m_summary->setVisible(problems > 0);
        if (first) {
            m_scroll->ensureWidgetVisible(first->widget);
            first->a->setFocus();
        }
    }
    return problems == 0;
}

Filter FilterEditor::filter() const
{
    Filter result;
    result.name = m_name->text().trimmed();
    result.extra = m_link.filter.extra;
    for (const Group *group : m_groups) {
        QList<FilterCondition> conditions;
        for (const Row *row : group->rows) {
            if (isBlank(row))
                continue;
            FilterCondition condition;
            condition.a = row->a->text();
            condition.o = row->op->currentData(OperatorRole).toString();
            if (Filter::operatorTakesSecondValue(condition.o))
                condition.b = row->b->text();
            condition.extra = row->extra;
            conditions.append(condition);
        }
        if (!conditions.isEmpty())
            result.conditions.append(conditions);
    }
    if (result.conditions.isEmpty() && result.name.isEmpty())
        return Filter {};
    return result;
}

Link FilterEditor::link() const
{
    Link result = m_link;
    result.filter = filter();
    return result;
}

void FilterEditor::accept()
{
    if (!checkRows(true))
        return;
    QDialog::accept();
}

int FilterEditor::rowCount(int group) const
{
    return group >= 0 && group < m_groups.size() ? int(m_groups.at(group)->rows.size()) : 0;
}

QGroupBox *FilterEditor::groupBox(int group) const
{
    return group >= 0 && group < m_groups.size() ? m_groups.at(group)->box : nullptr;
}

MappingField *FilterEditor::firstValueField(int group, int row) const
{
    return row >= 0 && row < rowCount(group) ? m_groups.at(group)->rows.at(row)->a : nullptr;
}

QComboBox *FilterEditor::operatorBox(int group, int row) const
{
    return row >= 0 && row < rowCount(group) ? m_groups.at(group)->rows.at(row)->op : nullptr;
}

MappingField *FilterEditor::secondValueField(int group, int row) const
{
    return row >= 0 && row < rowCount(group) ? m_groups.at(group)->rows.at(row)->b : nullptr;
}

QToolButton *FilterEditor::removeButton(int group, int row) const
{
    return row >= 0 && row < rowCount(group) ? m_groups.at(group)->rows.at(row)->remove : nullptr;
}

QLabel *FilterEditor::problemLabel(int group, int row) const
{
    return row >= 0 && row < rowCount(group) ? m_groups.at(group)->rows.at(row)->problem : nullptr;
}

QPushButton *FilterEditor::addAndButton(int group) const
{
    return group >= 0 && group < m_groups.size() ? m_groups.at(group)->addAnd : nullptr;
}

QPushButton *FilterEditor::okButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}
