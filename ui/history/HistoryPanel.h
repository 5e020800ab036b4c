#pragma once

#include <QWidget>

#include <memory>

class HistoryListModel;
class QComboBox;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTableView;
class RunHistory;
struct HistoryRun;

/// Make's History tab (docs/run-history.md): the runs of the open scenario, newest first,
/// with how each ended, how long it took, its operations, what started it and its inputs;
/// a filter by status; "Open" shows a run on the canvas and in the inspector; "Run again
/// with the same inputs". It reads the history on the window's thread: a few milliseconds
/// even for 10,000 runs.
class HistoryPanel : public QWidget
{
    Q_OBJECT
public:
    /// The history at `location` (RunHistory: a file or a postgresql:// URL).
    explicit HistoryPanel(const QString &location, QWidget *parent = nullptr);
    ~HistoryPanel() override;

    /// Reads the history at `location` from now on. A team's history (docs/run-history.md) is
    /// only read: it lists the runs of files of the scenario's name from every machine, and
    /// says so over the list.
    void setLocation(const QString &location, bool team);
    QString location() const;
    bool showsTeamHistory() const { return m_team; }
    /// The line over the list while a team's history shows.
    QLabel *teamLabel() const { return m_teamLabel; }

    /// Lists the runs of the scenario saved at `scenarioKey` (RunHistory::scenarioKey());
    /// empty: the scenario is not saved, and the panel says that it keeps no history.
    void setScenario(const QString &scenarioKey);
    QString scenario() const { return m_scenario; }
    /// Reads the runs again (a run finished, or another program recorded one).
    void refresh();

    /// The run selected in the list; null when none is.
    const HistoryRun *selectedRun() const;
    void selectRow(int row);

    HistoryListModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QComboBox *statusFilter() const { return m_filter; }
    QPushButton *openButton() const { return m_open; }
    QPushButton *runAgainButton() const { return m_runAgain; }
    /// What the panel says instead of the list (no file, no runs, a history it cannot read).
    QLabel *messageLabel() const { return m_message; }

signals:
    /// "Open" or a double-click on a run.
    void openRequested(const HistoryRun &run);
    /// "Run again with the same inputs".
    void runAgainRequested(const HistoryRun &run);

private:
    void updateButtons();
    void showMessage(const QString &text);

    std::unique_ptr<RunHistory> m_history;
    bool m_team = false;
    QLabel *m_teamLabel;
    QString m_scenario;
    HistoryListModel *m_model;
    QComboBox *m_filter;
    QPushButton *m_refresh;
    QStackedWidget *m_stack;
    QTableView *m_view;
    QLabel *m_message;
    QPushButton *m_open;
    QPushButton *m_runAgain;
};
