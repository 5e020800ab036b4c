#include "MainWindow.h"

#include "io/ScenarioFile.h"
#include "model/Scenario.h"
#include "run/ScenarioRunner.h"
#include "sandbox/SandboxServer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_scenario(new Scenario(this))
    , m_runner(new ScenarioRunner(this))
    , m_sandbox(new SandboxServer(this))
    , m_title(new QLabel(this))
    , m_modules(new QListWidget(this))
    , m_log(new QPlainTextEdit(this))
    , m_run(new QPushButton(tr("Run once"), this))
{
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    m_title->setFont(titleFont);
    layout->addWidget(m_title);
    layout->addWidget(m_modules, 1);
    layout->addWidget(m_run);
    m_log->setReadOnly(true);
    layout->addWidget(m_log, 2);
    setCentralWidget(central);
    resize(900, 700);

    // The sandbox lets the example run with no internet; another port if 8765 is taken.
    if (!m_sandbox->start(SandboxServer::defaultPort))
        m_sandbox->start(0);
    if (m_sandbox->isRunning()) {
        m_runner->setNamedRoot(QStringLiteral("sandbox"),
                               QJsonObject{{QStringLiteral("url"), m_sandbox->baseUrl().toString()}});
    }

    connect(m_run, &QPushButton::clicked, this, &MainWindow::runOnce);
    connect(m_runner, &ScenarioRunner::moduleFinished, this,
            [this](ModuleId id, ModuleRunStatus status) {
                const ModuleRun run = m_runner->results().run(id);
                QString line = QStringLiteral("Module %1: %2").arg(id).arg(statusText(status));
                if (status == ModuleRunStatus::Failed)
                    line += QStringLiteral("\n  ") + run.error;
                if (status == ModuleRunStatus::Succeeded) {
                    line += QStringLiteral("\n") + QString::fromUtf8(
                        QJsonDocument(run.output).toJson(QJsonDocument::Indented));
                }
                m_log->appendPlainText(line);
            });
    connect(m_runner, &ScenarioRunner::runFinished, this, [this](bool ok) {
        m_run->setEnabled(true);
        m_log->appendPlainText(ok ? tr("Every module succeeded.") : tr("The run stopped."));
    });
    refreshModules();
}

bool MainWindow::openFile(const QString &path)
{
    QString error;
    const std::optional<ScenarioDocument> doc = ScenarioFile::load(path, &error);
    if (!doc) {
        QMessageBox::warning(this, tr("Could not open the scenario"), error);
        return false;
    }
    doc->applyTo(*m_scenario);
    refreshModules();
    return true;
}

void MainWindow::refreshModules()
{
    setWindowTitle(QStringLiteral("%1 \u2014 Scenarist").arg(m_scenario->name()));
    m_title->setText(m_scenario->name());
    m_modules->clear();
    for (ModuleId id : m_scenario->runOrder()) {
        const Module m = m_scenario->module(id);
        m_modules->addItem(QStringLiteral("%1. %2   %3 %4")
                               .arg(id)
                               .arg(m.displayName(), m.config.method, m.config.url));
    }
}

void MainWindow::runOnce()
{
    m_log->clear();
    m_run->setEnabled(false);
    m_runner->runAll(*m_scenario);
}
