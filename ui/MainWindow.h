#pragma once

#include <QMainWindow>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class SandboxServer;
class Scenario;
class ScenarioRunner;

/// The main window. For now a simple view of a scenario's modules with "Run once"; the
/// canvas editor replaces it.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);

    /// Opens a scenario file; on failure shows why and keeps what was open.
    bool openFile(const QString &path);

private:
    void refreshModules();
    void runOnce();

    Scenario *m_scenario;
    ScenarioRunner *m_runner;
    SandboxServer *m_sandbox;
    QLabel *m_title;
    QListWidget *m_modules;
    QPlainTextEdit *m_log;
    QPushButton *m_run;
};
