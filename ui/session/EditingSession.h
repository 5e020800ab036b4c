#pragma once

#include "core/model/Module.h"
#include "core/run/RunResult.h"
#include "ui/RecoveryStore.h"

#include <QJsonObject>
#include <QObject>
#include <QPointF>
#include <QString>

#include <cmath>
#include <functional>

class QByteArray;
class QTimer;
class QUndoStack;
class QWidget;
class Scenario;
class ScenarioRunner;
class TrustGuard;
struct ScenarioDocument;

/// One open scenario and everything that belongs to it (Tiled's Document): the Scenario, its
/// undo stack, the runner with the latest run's results, the file it is saved in, whether it
/// has unsaved changes, its autosave, copy and paste of modules, and whether it is trusted
/// (docs/sharing-scenarios-safely.md). The whole document is only ever replaced through
/// replaceDocument(), so nothing of the previous one (results, a failed run, a file name)
/// outlives it. Panels listen to the signals; they keep no copy of their own.
class EditingSession : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        /// Where autosaves go; empty: the app's data folder.
        QString recoveryDirectory;
        /// Milliseconds between autosaves of unsaved changes.
        int autosaveIntervalMs = 30000;
    };

    /// Where a new document comes from.
    struct Origin
    {
        /// The file it is saved in; empty: not saved yet (Save asks where).
        QString filePath;
        /// The user's own (docs/sharing-scenarios-safely.md).
        bool trusted = true;
        /// Where it was read from, for the trust notice (a blueprint's file, say).
        QString sourcePath;
        /// Starts as changed: closing asks first (an import, a restored autosave).
        bool unsaved = false;
    };

    /// How the latest run of this document went.
    enum class RunState { NeverRun, Running, Succeeded, Failed };

    /// `window` parents the trust questions.
    EditingSession(QWidget *window, const Options &options, QObject *parent = nullptr);
    ~EditingSession() override;

    Scenario *scenario() const { return m_scenario; }
    QUndoStack *undoStack() const { return m_undoStack; }
    ScenarioRunner *runner() const { return m_runner; }
    TrustGuard *trustGuard() const { return m_trust; }

    /// The one way to replace the whole document: the results of the previous one, its undo
    /// history, its file and its trust are gone; documentReplaced() follows.
    void replaceDocument(const ScenarioDocument &document, const Origin &origin);

    QString filePath() const { return m_filePath; }
    /// What people call this document: the file's name once saved, else the scenario's name.
    QString displayName() const;
    bool isClean() const;
    /// True when the app saved `path` as it is now from a scenario of the user's own.
    static bool isOwnFile(const QString &path);

    /// Saves to `path` (atomically); the document is then clean and belongs to that file.
    bool saveTo(const QString &path, QString *error);

    RunState runState() const { return m_runState; }
    /// The first module (in run order) whose latest run failed; 0 if none.
    ModuleId firstFailedModule() const;
    /// The module's latest run, if it has one.
    bool hasRun(ModuleId id) const;
    ModuleRun run(ModuleId id) const;

    /// Runs every module once (after the trust questions, if any), with the scenario inputs
    /// the run before had.
    void runAll();
    /// Runs every module once with `inputs` as the scenario's inputs ({{var.input.NAME}},
    /// docs/scenario-inputs.md), without asking for them.
    void runAllWithInputs(const QJsonObject &inputs);
    /// The scenario inputs of the latest run (or of the next, once runAllWithInputs() began).
    QJsonObject runInputs() const;
    /// True when the latest run ran the whole scenario (runAll(), runAllWithInputs()), not
    /// one module or a retried bundle: the runs the history records (docs/run-history.md).
    bool latestRunWasWhole() const { return m_wholeRun; }
    /// Runs one module with the latest results of the ones before it.
    void runModule(ModuleId id);
    /// Runs a bundle the last run could not finish again, from the module that failed on it
    /// (after the trust questions, if any).
    void retryIncomplete(const IncompleteRecord &incomplete);
    /// The same for a bundle kept in the run history (docs/run-history.md): mappings see
    /// `variables` as {{var.…}} (the scenario inputs its run had), and `started` is called
    /// just before it starts (never when the trust questions were declined).
    void retryIncomplete(const IncompleteRecord &incomplete, const QJsonObject &variables,
        const std::function<void()> &started);
    void stopRun();

    /// Adds a new module of kind `type` (with its default settings) after `after` (0: after
    /// the last module), as one undo step. Returns 0 and says why in *why when the scenario
    /// is full.
    ModuleId addModule(ModuleId after = 0, const QPointF &position = QPointF(NAN, NAN),
        QString *why = nullptr, const QString &type = Module::httpRequestType());
    /// Adds a new module of kind `type` on the error route of `of` (docs/flow-control.md):
    /// it runs when `of` fails. One undo step; 0 (and *why) when the scenario is full or
    /// `of` has an error route already.
    ModuleId addErrorHandler(
        ModuleId of, QString *why = nullptr, const QString &type = Module::httpRequestType());
    /// Copies the modules (with the links between them) to the clipboard.
    void copyModules(const QList<ModuleId> &ids);
    /// Adds the modules on the clipboard with new ids as one undo step; returns their ids.
    /// Empty with *message saying why when there was nothing to paste or no room.
    QList<ModuleId> pasteModules(QString *message = nullptr);

    /// Writes the autosave now if there are unsaved changes (a timer does it too).
    bool autosaveNow(QString *error = nullptr);
    /// Autosaves left by an earlier run of the app, newest first.
    QList<RecoveryStore::Entry> leftovers() const;
    /// Replaces the document with the newest leftover autosave.
    bool restoreRecovery(QString *error);
    void discardLeftovers();
    /// Forgets this session's own autosave (a clean close).
    void discardAutosave();

signals:
    /// Another document replaced the previous one (new, open, import, example, restore).
    void documentReplaced();
    void filePathChanged(const QString &path);
    void cleanChanged(bool clean);
    void runStarted();
    void moduleStarted(ModuleId id);
    /// A module's latest run is known: it just finished, or the module came back (an undone
    /// delete) with the results it had.
    void moduleRunChanged(ModuleId id);
    void runFinished(bool ok);
    void runStateChanged();
    void autosaveFailed(const QString &error);

private:
    void setFilePath(const QString &path);
    void setRunState(RunState state);

    Options m_options;
    Scenario *m_scenario;
    QUndoStack *m_undoStack;
    ScenarioRunner *m_runner;
    TrustGuard *m_trust;
    RecoveryStore *m_recovery;
    QTimer *m_autosaveTimer;
    QString m_filePath;
    RunState m_runState = RunState::NeverRun;
    bool m_wholeRun = false;
};
