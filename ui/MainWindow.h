#pragma once

#include "core/model/Module.h"
#include "core/run/RunResult.h"
#include "core/sandbox/SandboxServer.h"
#include "ui/kinds/KindPicker.h"

#include <QMainWindow>
#include <QPointer>

#include <functional>
#include <optional>

class CanvasView;
class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QStackedWidget;
class QTimer;
class QToolButton;
class QUndoStack;
class EditingSession;
class FilterEditor;
class Scenario;
class ScenarioRunner;
class ScenarioScene;
class WelcomePage;
class ModuleEditor;
class MappingPanel;
class InspectorPanel;
class QFrame;
class TrustGuard;
class HistoryPanel;
class HistoryWriter;
struct HistoryRun;

/// The editor window: the canvas in the middle, module settings and the inspector beside
/// it, menus with the standard shortcuts, files with autosave and recovery.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    struct Options
    {
        /// Where autosaves go; empty: the app's data folder.
        QString recoveryDirectory;
        /// Milliseconds between autosaves of unsaved changes.
        int autosaveIntervalMs = 30000;
        /// Port of the built-in sandbox; if taken, another free port is used.
        quint16 sandboxPort = SandboxServer::defaultPort;
        /// Asks which kind of module "+", "Add a module" and "Add error handler" add (its
        /// type name; empty: none). Null: the kind picker.
        std::function<QString(QWidget *parent, KindPicker::Place place)> chooseKind;
        /// Asks where File › Export as image writes, given the suggested path (empty: do
        /// not export). Null: a save dialog.
        std::function<QString(QWidget *parent, const QString &suggestion)> chooseImageFile;
        /// The run history the app records into and lists (docs/run-history.md); empty:
        /// RunHistory::locationFromEnvironment().
        QString historyLocation;
    };

    explicit MainWindow(QWidget *parent = nullptr);
    MainWindow(const Options &options, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Opens a scenario file; on failure shows why and keeps what was open.
    bool openFile(const QString &path);
    /// Imports a Make blueprint as a new, unsaved scenario and shows what was not converted.
    bool importBlueprint(const QString &path);
    /// True when the app saved `path` as it is now from a scenario of the user's own.
    static bool isOwnFile(const QString &path);
    /// Writes the scenario as a Make blueprint; false (with a message) on failure.
    bool exportBlueprint(const QString &path);
    /// Writes the whole canvas as a picture, PNG or SVG by the file's ending; false (with a
    /// message) on failure.
    bool exportImage(const QString &path);
    /// Fills a module from a curl command: onto `target` (0: a new module after the last).
    /// Files the command reads (@file) are read only if the person says yes when asked.
    /// Returns the module's id, 0 if the command could not be read.
    ModuleId importCurl(const QString &command, ModuleId target = 0);
    /// The configured request of a module as a curl command, its mappings resolved from the
    /// latest run where possible (secrets masked).
    QString curlForModule(ModuleId id) const;
    bool saveTo(const QString &path);
    /// Shows the example scenario (not tied to a file: Save asks where).
    void openExample();
    void newScenario();

    /// The open document: scenario, undo stack, run results, file, autosave.
    EditingSession *session() const { return m_session; }
    Scenario *scenario() const { return m_scenario; }
    QUndoStack *undoStack() const { return m_undoStack; }
    ScenarioScene *scene() const { return m_scene; }
    CanvasView *canvasView() const { return m_view; }
    ScenarioRunner *runner() const { return m_runner; }
    TrustGuard *trustGuard() const { return m_trust; }
    SandboxServer *sandbox() const { return m_sandbox; }
    WelcomePage *welcomePage() const { return m_welcome; }
    ModuleEditor *moduleEditor() const { return m_editor; }
    MappingPanel *mappingPanel() const { return m_mappingPanel; }
    QDockWidget *settingsDock() const { return m_settingsDock; }
    QDockWidget *mappingDock() const { return m_mappingDock; }
    InspectorPanel *inspector() const { return m_inspector; }
    QDockWidget *inspectorDock() const { return m_inspectorDock; }
    /// Shows a module's latest operation in the inspector.
    void inspectModule(ModuleId id);
    /// Shows the settings of a module (0: none) and selects it on the canvas.
    void editModule(ModuleId id);
    QString filePath() const;
    bool isShowingWelcome() const;
    /// The recovery notice ("Restore the unsaved scenario …") is shown.
    bool isOfferingRecovery() const;
    /// Scenario › Schedule…: runs the saved file on its own (docs/schedules.md).
    QAction *scheduleAction() const { return m_schedule; }
    QAction *runOnceAction() const { return m_runOnce; }
    QAction *stopAction() const { return m_stop; }
    /// Scenario › Scenario inputs…: declares what the scenario asks for before it runs.
    QAction *scenarioInputsAction() const { return m_scenarioInputs; }
    /// The run's outcome in the status bar; after a failure, a link to the failed module.
    QLabel *runStatusLabel() const { return m_runStatus; }

    /// The History panel (docs/run-history.md) and its dock.
    HistoryPanel *historyPanel() const { return m_historyPanel; }
    QDockWidget *historyDock() const { return m_historyDock; }
    HistoryWriter *historyWriter() const { return m_historyWriter; }
    /// Run › Record runs in the history (on unless the person turned it off).
    QAction *recordHistoryAction() const { return m_recordHistory; }
    /// Run › Delete this scenario's history…, after asking.
    QAction *deleteHistoryAction() const { return m_deleteHistory; }
    /// Shows the team's history at `url` in the History panel, only read; empty: this
    /// computer's history again (docs/run-history.md).
    void showTeamHistory(const QString &url);
    /// Shows a recorded run read-only: its bubbles on the canvas, its operations in the
    /// inspector, a banner with "Back to the editor"; editing is off until leavePastRun().
    /// False (with a status message) when its operations cannot be read.
    bool showPastRun(const HistoryRun &run);
    /// Back to the editor and the live run's results.
    void leavePastRun();
    bool isShowingPastRun() const { return m_pastResults.has_value(); }
    /// The banner over the canvas while a recorded run shows.
    QFrame *pastRunBanner() const { return m_pastBanner; }

    /// Writes the autosave now (the timer does this every autosaveIntervalMs).
    void autosaveNow();
    /// Restores the newest leftover autosave; false if there is none.
    bool restoreRecovery();

    /// Adds a new HTTP module after `after` (0: after the last module), as one undo step.
    ModuleId addModule(ModuleId after = 0, const QPointF &position = QPointF(qQNaN(), qQNaN()),
        const QString &type = Module::httpRequestType());
    /// Asks which kind of module to add (the kind picker), then adds it as addModule() does;
    /// 0 when the person chose none.
    ModuleId chooseAndAddModule(
        ModuleId after = 0, const QPointF &position = QPointF(qQNaN(), qQNaN()));
    /// Asks which kind of module handles `of`'s errors (directives first), then adds it on
    /// `of`'s error route; 0 when the person chose none or it could not be added.
    ModuleId chooseAndAddErrorHandler(ModuleId of);
    /// Shows the routes of `router` to put them in order; one undo step when changed.
    void orderRoutes(ModuleId router);
    /// Copies the given modules (with the links between them) to the clipboard.
    void copyModules(const QList<ModuleId> &ids);
    /// Adds the modules on the clipboard with new ids, as one undo step; returns their ids.
    QList<ModuleId> pasteModules();
    /// Runs the whole scenario; when it declares inputs, asks for them first (a form that
    /// Cancel closes without running).
    void runOnce();
    /// Opens the Scenario inputs dialog; OK is one undo step.
    void editScenarioInputs();
    void runModule(ModuleId id);
    void stopRun();

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void createDocks();
    /// Shows "Map a value" only while a field of the settings is being filled in.
    void updateMappingDock();
    /// The settings are shown, not behind another dock's tab.
    bool isSettingsInFront() const;
    void scheduleReferenceCheck();
    void checkReferences();
    void createMenus();
    /// The History dock, its actions, the recording of runs and the read-only view of a
    /// recorded run (MainWindowHistory.cpp).
    void createHistory();
    void recordFinishedRun();
    void deleteHistoryWithQuestion();
    void updatePastRunBanner(const HistoryRun &run);
    QWidget *createCanvasPage();
    void showCanvas();
    void fitCanvasSoon();
    void updateTitle();
    void updateActions();
    void startSandbox();
    void onDocumentReplaced();
    void updateRunStatus();
    /// Shows a module's latest run on the canvas and in the picker.
    void showModuleRun(ModuleId id);
    void showFilterCounts(const FlowRecord &flow);
    void showInspector();
    void showFirstFailedModule();
    /// A module just added: selected, its settings in front, scrolled into view.
    void showNewModule(ModuleId id);
    void addRecentFile(const QString &path);
    void rebuildRecentMenu();
    bool maybeSave();
    bool save();
    bool saveAs();
    void openWithDialog();
    void importWithDialog();
    void exportWithDialog();
    void exportImageWithDialog();
    void pasteCurlWithDialog();
    void checkRecovery();
    void renameModule(ModuleId id);
    void editNote(ModuleId id);
    void renameScenario();
    /// Asks to save an unsaved scenario first, then shows the schedule dialog.
    void scheduleWithDialog();
    void showStatus(const QString &message);

    Options m_options;
    EditingSession *m_session;
    // The session's, kept at hand.
    Scenario *m_scenario;
    QUndoStack *m_undoStack;
    ScenarioRunner *m_runner;
    SandboxServer *m_sandbox;
    TrustGuard *m_trust;

    QStackedWidget *m_pages;
    WelcomePage *m_welcome;
    ScenarioScene *m_scene;
    CanvasView *m_view;
    QFrame *m_notice;
    QLabel *m_noticeText;
    QLabel *m_runStatus;
    ModuleEditor *m_editor;
    MappingPanel *m_mappingPanel;
    QDockWidget *m_settingsDock;
    QDockWidget *m_mappingDock;
    InspectorPanel *m_inspector;
    QDockWidget *m_inspectorDock;
    ModuleId m_inspected = 0;
    QPointer<FilterEditor> m_filterEditor; ///< the filter editor open, if any
    QTimer *m_referenceCheck;

    bool m_fitPending = false;

    QAction *m_new;
    QAction *m_open;
    QAction *m_openExample;
    QAction *m_save;
    QAction *m_saveAs;
    QAction *m_import;
    QAction *m_export;
    QAction *m_exportImage;
    QAction *m_pasteCurl;
    QAction *m_copyCurl;
    QAction *m_quit;
    QAction *m_undo;
    QAction *m_redo;
    QAction *m_addModule;
    QAction *m_delete;
    QAction *m_copy;
    QAction *m_paste;
    QAction *m_selectAll;
    QAction *m_runOnce;
    QAction *m_runSelected;
    QAction *m_schedule;
    QAction *m_stop;
    QAction *m_scenarioSettings;
    QAction *m_scenarioInputs;
    QMenu *m_recentMenu;

    HistoryPanel *m_historyPanel = nullptr;
    QDockWidget *m_historyDock = nullptr;
    HistoryWriter *m_historyWriter = nullptr;
    QAction *m_recordHistory = nullptr;
    QAction *m_deleteHistory = nullptr;
    QAction *m_teamHistory = nullptr;
    QAction *m_localHistory = nullptr;
    QFrame *m_pastBanner = nullptr;
    QLabel *m_pastBannerText = nullptr;
    QObject *m_readOnlyCanvas = nullptr; ///< the canvas's event filter while a past run shows
    /// The results of the recorded run shown instead of the live ones, if any.
    std::optional<RunResult> m_pastResults;
    QDateTime m_runStartedAt;
};
