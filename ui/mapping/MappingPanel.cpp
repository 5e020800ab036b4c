#include "ui/mapping/MappingPanel.h"

#include "core/kinds/KindRegistry.h"
#include "core/model/Scenario.h"
#include "ui/mapping/MappingField.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTreeView>
#include <QVBoxLayout>

MappingPanel::MappingPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new MappingTreeModel(this))
    , m_filter(new QSortFilterProxyModel(this))
    , m_view(new QTreeView(this))
    , m_hint(new QLabel(this))
    , m_runBox(new QWidget(this))
    , m_search(new QLineEdit(this))
{
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);

    auto *runLayout = new QVBoxLayout(m_runBox);
    runLayout->setContentsMargins(0, 0, 0, 0);
    runLayout->setSpacing(4);
    m_runBox->hide();

    m_search->setPlaceholderText(tr("Search values and functions"));
    m_search->setAccessibleName(tr("Search values and functions"));
    m_view->setAccessibleName(tr("Values of earlier modules and functions to insert"));
    m_search->setClearButtonEnabled(true);
    m_search->setToolTip(tr("Type part of a name to show only matching items"));

    m_filter->setSourceModel(m_model);
    m_filter->setRecursiveFilteringEnabled(true);
    m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filter->setFilterKeyColumn(MappingTreeModel::NameColumn);

    m_view->setModel(m_filter);
    m_view->setHeaderHidden(true);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(false);
    m_view->setDragEnabled(true);
    m_view->setDragDropMode(QAbstractItemView::DragOnly);
    m_view->setExpandsOnDoubleClick(false);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->header()->setSectionResizeMode(
        MappingTreeModel::NameColumn, QHeaderView::ResizeToContents);
    m_view->header()->setStretchLastSection(true);
    m_view->installEventFilter(this);
    m_view->setToolTip(QString());

    // No title of its own: the dock's title names it, and at 1024×640 a second one took the
    // room of two rows of values.
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);
    layout->addWidget(m_hint);
    layout->addWidget(m_runBox);
    layout->addWidget(m_search);
    layout->addWidget(m_view, 1);

    connect(m_view, &QTreeView::clicked, this, [this](const QModelIndex &index) {
        if (!insertItem(index)) {
            const QModelIndex first = index.siblingAtColumn(0);
            m_view->setExpanded(first, !m_view->isExpanded(first));
        }
    });
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setFilterFixedString(text);
        if (!text.isEmpty())
            m_view->expandAll();
    });
    connect(static_cast<MappingFieldFocusNotifier *>(MappingField::focusNotifier()),
        &MappingFieldFocusNotifier::fieldFocused, this,
        [this](MappingField *field) { setTargetField(field); });

    rebuild();
}

void MappingPanel::setScenario(Scenario *scenario)
{
    if (m_scenario)
        m_scenario->disconnect(this);
    m_scenario = scenario;
    if (m_scenario) {
        // Labels and module order change while the panel is open.
        connect(m_scenario, &Scenario::moduleChanged, this, &MappingPanel::rebuild);
        connect(m_scenario, &Scenario::moduleRemoved, this, [this](ModuleId id) {
            m_outputs.remove(id);
            ++m_generation;
            rebuild();
        });
        // Queued: the editor updates which modules a field may use in the same signals.
        for (auto signal : {&Scenario::linkAdded, &Scenario::linkRemoved})
            connect(m_scenario, signal, this, &MappingPanel::rebuild, Qt::QueuedConnection);
        connect(
            m_scenario, &Scenario::moduleAdded, this, &MappingPanel::rebuild, Qt::QueuedConnection);
        connect(m_scenario, &Scenario::inputsChanged, this, [this] {
            ++m_generation;
            rebuild();
        });
        connect(m_scenario, &Scenario::scenarioReset, this, [this] {
            m_outputs.clear();
            ++m_generation;
            rebuild();
        });
    }
    rebuild();
}

void MappingPanel::setModuleOutput(ModuleId id, const QString &label, const QJsonObject &output)
{
    m_outputs.insert(id, Output {label, output});
    ++m_generation;
    rebuild();
}

void MappingPanel::copyOutputsFrom(const MappingPanel &other)
{
    m_outputs = other.m_outputs;
    ++m_generation;
    rebuild();
}

void MappingPanel::clearModuleOutputs()
{
    m_outputs.clear();
    ++m_generation;
    rebuild();
}

void MappingPanel::setTargetField(MappingField *field)
{
    if (m_target == field) {
        // Same field, but the modules before it may have changed (a link was added).
        rebuild();
        return;
    }
    if (m_target)
        m_target->disconnect(this);
    m_target = field;
    if (m_target)
        connect(m_target, &QObject::destroyed, this, [this] {
            // Cleared before use: while `destroyed` is emitted the QPointer still holds the
            // object, no longer a MappingField (UBSan: downcast of a destroyed object).
            m_target.clear();
            updateHint();
        });
    rebuild();
    emit targetFieldChanged(field);
}

void MappingPanel::setEditedModule(ModuleId id)
{
    if (m_edited == id)
        return;
    m_edited = id;
    rebuild();
}

QList<ModuleId> MappingPanel::shownModules() const
{
    if (m_target && m_target->scope().checksModules)
        return m_target->scope().earlierModules;
    // No field yet: what any field of the module being edited could use, never its own output.
    if (m_scenario && m_edited != 0 && m_scenario->contains(m_edited))
        return m_scenario->modulesBefore(m_edited);
    QList<ModuleId> ids;
    if (m_scenario) {
        for (const Module &module : m_scenario->modules())
            ids.append(module.id);
    } else {
        ids = m_outputs.keys();
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

void MappingPanel::rebuild()
{
    // Refocusing a field after each insertion must not collapse the tree the person is
    // browsing, so the tree is rebuilt only when what it shows has changed.
    QStringList key {QString::number(m_generation)};
    for (ModuleId id : shownModules())
        key << QString::number(id)
            << (m_scenario ? m_scenario->module(id).displayName() : QString())
            << (m_scenario ? m_scenario->module(id).type : QString());
    if (key == m_shownKey) {
        updateHint();
        return;
    }
    m_shownKey = key;

    QList<MappingSource> sources;
    for (ModuleId id : shownModules()) {
        // A router or a directive has nothing of its own to pick, and nothing to run for.
        if (m_scenario && m_scenario->contains(id)
            && !KindRegistry::givesOwnOutput(m_scenario->module(id).type))
            continue;
        MappingSource source;
        source.id = id;
        const auto output = m_outputs.constFind(id);
        if (m_scenario && m_scenario->contains(id)) {
            source.label = m_scenario->module(id).displayName();
            source.type = m_scenario->module(id).type;
        } else if (output != m_outputs.constEnd())
            source.label = output->label;
        if (output != m_outputs.constEnd()) {
            source.output = output->output;
            source.hasOutput = true;
        }
        sources.append(source);
    }
    m_model->setSources(sources, m_scenario ? m_scenario->inputs() : QList<ScenarioInput>());
    rebuildRunButtons(sources);
    // Show each module's first level, and the data inside it, since that is what people map.
    for (int row = 0; row < m_filter->rowCount(); ++row) {
        const QModelIndex index = m_filter->index(row, 0);
        if (index.data(Qt::UserRole + 10).toInt() == 0)
            continue;
        m_view->expand(index);
        for (int childRow = 0; childRow < m_filter->rowCount(index); ++childRow) {
            const QModelIndex child = m_filter->index(childRow, 0, index);
            if (child.data().toString() == QLatin1String("data"))
                m_view->expand(child);
        }
    }
    // Declared scenario inputs are shown open, as the modules' data are.
    if (m_scenario && !m_scenario->inputs().isEmpty()) {
        if (QStandardItem *variables = m_model->topLevel(tr("Variables"))) {
            const QModelIndex top = m_filter->mapFromSource(variables->index());
            m_view->expand(top);
            m_view->expand(m_filter->index(0, 0, top));
        }
    }
    if (!m_search->text().isEmpty())
        m_view->expandAll();
    updateHint();
}

void MappingPanel::rebuildRunButtons(const QList<MappingSource> &sources)
{
    // A button about to go away (its module just ran) gives the focus back to the field, so
    // the person goes on typing where they were.
    if (m_target && m_runBox->isAncestorOf(QApplication::focusWidget()))
        m_target->setFocus(Qt::OtherFocusReason);
    qDeleteAll(m_runBox->findChildren<QWidget *>(QString(), Qt::FindDirectChildrenOnly));
    m_runButtons.clear();
    auto *layout = static_cast<QVBoxLayout *>(m_runBox->layout());
    for (const MappingSource &source : sources) {
        if (source.hasOutput)
            continue;
        const ModuleId id = source.id;
        auto *text = new QLabel(tr("Run module %1 once to see what it returns.").arg(id), m_runBox);
        text->setWordWrap(true);
        auto *button = new QPushButton(tr("Run module %1").arg(id), m_runBox);
        button->setToolTip(
            tr("Runs only module %1, then lists the values it returned here").arg(id));
        // A click keeps the keyboard in the field being edited; Tab still reaches the button.
        button->setFocusPolicy(Qt::TabFocus);
        connect(button, &QPushButton::clicked, this, [this, id] {
            if (m_target)
                m_target->setFocus(Qt::OtherFocusReason);
            emit runModuleRequested(id);
        });
        auto *row = new QWidget(m_runBox);
        auto *rowLayout = new QHBoxLayout(row);
        rowLayout->setContentsMargins(0, 0, 0, 0);
        text->setParent(row);
        button->setParent(row);
        rowLayout->addWidget(text, 1);
        rowLayout->addWidget(button, 0, Qt::AlignTop);
        layout->addWidget(row);
        m_runButtons.insert(id, button);
    }
    m_runBox->setVisible(!m_runButtons.isEmpty());
}

QPushButton *MappingPanel::runButton(ModuleId id) const
{
    return m_runButtons.value(id);
}

void MappingPanel::updateHint()
{
    if (!m_target && (m_edited == 0 || !shownModules().isEmpty())) {
        m_hint->setText(tr("Click into a field of a module, then click a value here to use "
                           "it there."));
    } else if (shownModules().isEmpty()) {
        m_hint->setText(tr("No module runs before this one, so there are no values to take "
                           "yet. Functions and keywords still work."));
    } else {
        m_hint->setText(tr("Click a value to put it into the field at the cursor, or drag it "
                           "there."));
    }
}

QModelIndex MappingPanel::viewIndex(const QModelIndex &modelIndex) const
{
    return m_filter->mapFromSource(modelIndex);
}

bool MappingPanel::insertItem(const QModelIndex &index)
{
    const QString expression = index.data(MappingTreeModel::ExpressionRole).toString();
    if (expression.isEmpty() || !m_target)
        return false;
    const int cursor = index.data(MappingTreeModel::CursorRole).toInt();
    // Give the focus back first, so that the field's cursor is where the person left it.
    m_target->setFocus(Qt::OtherFocusReason);
    m_target->insertExpression(expression, cursor);
    return true;
}

bool MappingPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if ((key == Qt::Key_Return || key == Qt::Key_Enter) && insertItem(m_view->currentIndex()))
            return true;
    }
    return QWidget::eventFilter(watched, event);
}
