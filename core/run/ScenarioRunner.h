#pragma once

#include "model/Module.h"
#include "run/RunResult.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonValue>
#include <QObject>
#include <QPointer>

class HttpExecutor;
class QNetworkAccessManager;
class QNetworkCookieJar;
class Scenario;

/// Runs a scenario's modules in link order, one at a time, asynchronously (SPEC §6). The
/// first failing module stops the run and later modules are marked skipped. Results live in
/// results(), beside the scenario, and are never saved.
class ScenarioRunner : public QObject
{
    Q_OBJECT
public:
    explicit ScenarioRunner(QObject *parent = nullptr);
    ~ScenarioRunner() override;

    /// Runs every module, from a fresh result. Does nothing if a run is under way.
    void runAll(const Scenario &scenario);
    /// Runs one module, mapping from the latest outputs of the modules before it.
    void runModule(const Scenario &scenario, ModuleId id);
    /// Stops the run at once: the running module fails with "stopped", the rest are skipped.
    void cancel();
    bool isRunning() const { return m_running; }

    const RunResult &results() const { return m_results; }
    /// Forgets every result (e.g. when another scenario is opened).
    void clearResults();

    /// Named mapping roots such as "secrets" ({{secrets.NAME}}).
    void setNamedRoot(const QString &name, const QJsonValue &value);
    void setMaxResponseBytes(qint64 bytes);
    QNetworkAccessManager *network() const { return m_network; }

signals:
    void runStarted();
    void moduleStarted(ModuleId id);
    void moduleFinished(ModuleId id, ModuleRunStatus status);
    /// The run ended: `ok` when every module that ran succeeded and none was skipped.
    void runFinished(bool ok);

private:
    void start(const Scenario &scenario, const QList<ModuleId> &order, bool fresh);
    void runNext();
    void finishModule(const HttpExchange &exchange);
    void failCurrent(const QString &error);
    void skipRest();
    void endRun();

    QNetworkAccessManager *m_network = nullptr;
    HttpExecutor *m_executor = nullptr;
    QNetworkCookieJar *m_cookies = nullptr;
    RunResult m_results;
    QHash<QString, QJsonValue> m_namedRoots;

    QList<Module> m_queue; ///< snapshot of the modules still to run
    ModuleId m_current = 0;
    QElapsedTimer m_clock;
    bool m_running = false;
    bool m_failed = false;
    quint64 m_runGeneration = 0; ///< tells a stale start of an earlier run from this one
};
