#pragma once

#include <QDateTime>
#include <QString>
#include <QWidget>

#include <memory>

class EditingSession;
class QCheckBox;
class QDockWidget;
class QLabel;
class QMainWindow;
class QPushButton;
class QTreeWidget;

/// The "Incomplete executions" panel (docs/run-history.md): the bundles Break gave up on in
/// runs of the open scenario, as the run history keeps them, with their error and state.
/// "Retry" runs the chosen one again from the module that failed, with the context it had;
/// "Resolve" marks it done ("Show resolved" lists those again, to reopen one). A scenario not
/// saved yet has no history: the panel then lists the latest run's bundles, which only live
/// until the next run.
class IncompletePanel : public QWidget
{
    Q_OBJECT
public:
    /// `historyLocation`: the run history to read and write (RunHistory's location).
    IncompletePanel(
        EditingSession *session, const QString &historyLocation, QWidget *parent = nullptr);
    ~IncompletePanel() override;

    /// Puts a panel for `session` in a dock of its own in `window`, tabbed with the module
    /// settings, with an action in the Run and View menus; hidden until asked for.
    static IncompletePanel *install(
        QMainWindow *window, EditingSession *session, const QString &historyLocation);

    /// Shows its dock in front.
    void showInFront();
    /// Reads the list again from the history.
    void refresh();
    /// The window recorded a whole run of `scenarioPath` as `runId` (HistoryWriter::recorded):
    /// its incomplete bundles are now in the history.
    void runRecorded(qint64 runId, const QString &scenarioPath);

    QTreeWidget *list() const { return m_list; }
    QPushButton *retryButton() const { return m_retry; }
    QPushButton *resolveButton() const { return m_resolve; }
    QCheckBox *showResolvedBox() const { return m_showResolved; }

private:
    /// The scenario's key in the history (its file, as scenarist-run names it); empty when
    /// it is not saved yet.
    QString historyKey() const;
    void retrySelected();
    void resolveSelected();
    void updateButtons();
    void runStarted();
    void runFinished();
    /// Keeps the latest run's incomplete bundles in memory (a retry of one of them needs no
    /// masked value), and records a retry's outcome (docs/run-history.md). Why the history
    /// could not keep it, or nothing.
    QString recordRun();

    EditingSession *m_session;
    QString m_historyLocation;
    QLabel *m_note;
    QTreeWidget *m_list;
    QLabel *m_detail; ///< the chosen bundle's error, whole
    QPushButton *m_retry;
    QPushButton *m_resolve;
    QCheckBox *m_showResolved;
    /// The rows shown and the retry under way (kept out of this header: the run history's
    /// names would meet the inspector's RunOutcome in the files that include it).
    struct Rows;
    std::unique_ptr<Rows> m_rows;
    QDateTime m_startedAt;
};
