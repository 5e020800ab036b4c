#pragma once

class ConnectionsPanel;
class ModuleEditor;
class QMainWindow;
class QUndoStack;
class Scenario;
class ScenarioRunner;

/// Adds connections and secrets to the main window in one call: the keychain secret
/// provider for the runner, the "Connections" dock (hidden until asked for), Run ›
/// Connections… (Ctrl+Shift+K) and the module editor's "Connections…" button.
ConnectionsPanel *installConnections(QMainWindow *window, Scenario *scenario, QUndoStack *undoStack,
    ScenarioRunner *runner, ModuleEditor *editor);
