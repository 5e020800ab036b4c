#include "ui/history/HistoryPanel.h"

#include "core/history/RunHistory.h"
#include "ui/history/HistoryListModel.h"

#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

HistoryPanel::HistoryPanel(const QString &location, QWidget *parent)
    : QWidget(parent)
    , m_history(std::make_unique<RunHistory>(location))
    , m_model(new HistoryListModel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 4);
    layout->setSpacing(4);
    auto *top = new QHBoxLayout;
    auto *show = new QLabel(tr("Show:"), this);
    m_filter = new QComboBox(this);
    m_filter->setObjectName(QStringLiteral("historyStatusFilter"));
    m_filter->setAccessibleName(tr("Show runs that ended as"));
    // The data is the status as the history keeps it (outcomeKey()).
    m_filter->addItem(tr("All runs"), QString());
    m_filter->addItem(tr("Success"), outcomeKey(HistoryStatus::Success));
    m_filter->addItem(tr("Warning"), outcomeKey(HistoryStatus::Warning));
    m_filter->addItem(tr("Error"), outcomeKey(HistoryStatus::Error));
    show->setBuddy(m_filter);
    m_refresh = new QPushButton(tr("Refresh"), this);
    m_refresh->setObjectName(QStringLiteral("historyRefresh"));
    m_refresh->setToolTip(tr("Read the history again, with runs that scenarist-run or a "
                             "schedule recorded since"));

    m_teamLabel = new QLabel(this);
    m_teamLabel->setObjectName(QStringLiteral("historyTeamLabel"));
    m_teamLabel->setWordWrap(true);
    m_teamLabel->hide();

    m_stack = new QStackedWidget(this);
    m_view = new QTableView(m_stack);
    m_view->setObjectName(QStringLiteral("historyList"));
    m_view->setAccessibleName(tr("Runs of this scenario"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    // Uniform rows and fixed column widths: 10,000 runs need no measuring of each row.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    // Two runs at least; the dock grows for more.
    m_view->setMinimumHeight(m_view->horizontalHeader()->sizeHint().height()
        + 2 * m_view->verticalHeader()->defaultSectionSize() + 2 * m_view->frameWidth());
    QHeaderView *header = m_view->horizontalHeader();
    header->setStretchLastSection(true);
    const int digit = m_view->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    header->resizeSection(HistoryListModel::WhenColumn, digit * 22);
    header->resizeSection(HistoryListModel::StatusColumn, digit * 11);
    header->resizeSection(HistoryListModel::DurationColumn, digit * 10);
    header->resizeSection(HistoryListModel::OperationsColumn, digit * 11);
    header->resizeSection(HistoryListModel::TriggerColumn, digit * 11);
    m_message = new QLabel(m_stack);
    m_message->setObjectName(QStringLiteral("historyMessage"));
    m_message->setWordWrap(true);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setMargin(12);
    m_stack->addWidget(m_view);
    m_stack->addWidget(m_message);
    layout->addWidget(m_teamLabel);
    layout->addWidget(m_stack, 1);

    m_open = new QPushButton(tr("Open"), this);
    m_open->setObjectName(QStringLiteral("historyOpen"));
    m_open->setToolTip(tr("Show this run on the canvas and in the inspector, read-only"));
    m_runAgain = new QPushButton(tr("Run again with the same inputs"), this);
    m_runAgain->setObjectName(QStringLiteral("historyRunAgain"));
    // One row of controls above the list: under the canvas of a 1024×640 window there is room
    // for little more.
    top->addWidget(show);
    top->addWidget(m_filter);
    top->addSpacing(12);
    top->addWidget(m_open);
    top->addWidget(m_runAgain);
    top->addStretch(1);
    top->addWidget(m_refresh);
    layout->insertLayout(0, top);

    connect(m_filter, &QComboBox::currentIndexChanged, this, &HistoryPanel::refresh);
    connect(m_refresh, &QPushButton::clicked, this, &HistoryPanel::refresh);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &HistoryPanel::updateButtons);
    connect(m_view, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        if (index.isValid())
            emit openRequested(m_model->run(index.row()));
    });
    connect(m_open, &QPushButton::clicked, this, [this] {
        if (const HistoryRun *run = selectedRun())
            emit openRequested(*run);
    });
    connect(m_runAgain, &QPushButton::clicked, this, [this] {
        if (const HistoryRun *run = selectedRun())
            emit runAgainRequested(*run);
    });
    setScenario({});
}

HistoryPanel::~HistoryPanel() = default;

void HistoryPanel::setLocation(const QString &location, bool team)
{
    m_history = std::make_unique<RunHistory>(location);
    m_team = team;
    m_teamLabel->setVisible(team);
    refresh();
}

QString HistoryPanel::location() const
{
    return m_history->location();
}

void HistoryPanel::setScenario(const QString &scenarioKey)
{
    m_scenario = scenarioKey;
    refresh();
}

void HistoryPanel::refresh()
{
    m_teamLabel->setText(tr("The team's history at %1: runs of files named \u201c%2\u201d "
                            "from every machine. Only read: this computer's runs are kept in "
                            "its own history.")
                             .arg(m_history->displayLocation(), QFileInfo(m_scenario).fileName()));
    if (m_scenario.isEmpty()) {
        m_model->setRuns({});
        showMessage(tr("This scenario is not saved yet. Save it, and every run of it from then "
                       "on is kept here."));
        return;
    }
    // Keep the selected run selected when it is still listed.
    const qint64 selected = selectedRun() ? selectedRun()->id : 0;
    QString error;
    const QList<HistoryRun> runs
        = m_history->runList(m_scenario, m_filter->currentData().toString(), 0, &error, m_team);
    m_model->setRuns(runs);
    if (!error.isEmpty()) {
        showMessage(tr("The run history cannot be read: %1\nCheck that the file or server is "
                       "there, then click Refresh.")
                        .arg(error));
        return;
    }
    if (runs.isEmpty()) {
        showMessage(m_filter->currentIndex() == 0
                ? tr("No runs of this scenario yet. Click Run once, and the run shows here.")
                : tr("No run of this scenario ended that way. Choose \"All runs\" to see "
                     "every run."));
        return;
    }
    m_stack->setCurrentWidget(m_view);
    for (int row = 0; row < runs.size() && selected != 0; ++row) {
        if (runs.at(row).id == selected) {
            selectRow(row);
            break;
        }
    }
    updateButtons();
}

const HistoryRun *HistoryPanel::selectedRun() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty() || m_stack->currentWidget() != m_view)
        return nullptr;
    return &m_model->run(rows.first().row());
}

void HistoryPanel::selectRow(int row)
{
    m_view->selectRow(row);
    updateButtons();
}

void HistoryPanel::updateButtons()
{
    const bool chosen = selectedRun() != nullptr;
    m_open->setEnabled(chosen);
    m_runAgain->setEnabled(chosen);
}

void HistoryPanel::showMessage(const QString &text)
{
    m_message->setText(text);
    m_stack->setCurrentWidget(m_message);
    updateButtons();
}
