// scenarist-run: runs a scenario file with no display and prints what every module sent and
// received (SPEC §9). Exit codes: 0 every module succeeded, 1 a module failed, 2 the file (or
// the command line) could not be used.

#include "HeadlessReport.h"
#include "io/MakeBlueprint.h"
#include "io/ScenarioFile.h"
#include "model/Scenario.h"
#include "run/ScenarioRunner.h"
#include "run/SecretProvider.h"
#include "sandbox/SandboxServer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>

namespace {

enum ExitCode { Succeeded = 0, ModuleFailed = 1, Unusable = 2 };

struct Options
{
    QString file;
    bool json = false;
    bool sandbox = false;
    quint16 sandboxPort = SandboxServer::defaultPort;
    int tokenTtl = 0;
    int repeat = 1;
    int maxResponseMb = 100;
    QString secretsFile;
};

void printError(const QString &message)
{
    QTextStream(stderr) << "scenarist-run: " << message << '\n';
}

bool parseOptions(const QCoreApplication &app, Options *options)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs a Scenarist scenario without a window and prints each module's input and "
        "output.\nExit code: 0 when every module succeeded, 1 when a module failed, 2 when "
        "the file could not be read."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The scenario to run."));
    const QCommandLineOption output(QStringLiteral("output"),
                                    QStringLiteral("Output format: text (default) or json."),
                                    QStringLiteral("FORMAT"), QStringLiteral("text"));
    const QCommandLineOption sandbox(QStringLiteral("sandbox"),
                                     QStringLiteral("Start the built-in sandbox API on "
                                                    "127.0.0.1 first."));
    const QCommandLineOption sandboxPort(QStringLiteral("sandbox-port"),
                                         QStringLiteral("Port of the sandbox API (default 8765)."),
                                         QStringLiteral("N"));
    const QCommandLineOption tokenTtl(QStringLiteral("sandbox-token-ttl"),
                                      QStringLiteral("Lifetime of the sandbox's tokens in "
                                                     "seconds (default 3600)."),
                                      QStringLiteral("SECONDS"));
    const QCommandLineOption repeat(QStringLiteral("repeat"),
                                    QStringLiteral("Run the scenario N times in this process "
                                                   "(for benchmarks); prints the last run."),
                                    QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption secrets(
        QStringLiteral("secrets"),
        QStringLiteral("Read secret values from FILE: NAME=value lines, # starts a comment. "
                       "Environment variables SCENARIST_SECRET_<NAME> win over the file."),
        QStringLiteral("FILE"));
    const QCommandLineOption maxResponse(
        QStringLiteral("max-response-mb"),
        QStringLiteral("Largest response a module accepts, in MB (default 100); a larger one "
                       "fails the module with a message saying so."),
        QStringLiteral("MB"), QStringLiteral("100"));
    parser.addOptions({output, sandbox, sandboxPort, tokenTtl, repeat, secrets, maxResponse});
    parser.process(app);

    const QStringList files = parser.positionalArguments();
    if (files.size() != 1) {
        printError(QStringLiteral("give exactly one scenario file, e.g. scenarist-run "
                                  "my.scenario.json (see --help)."));
        return false;
    }
    options->file = files.first();
    const QString format = parser.value(output);
    if (format != QLatin1String("text") && format != QLatin1String("json")) {
        printError(QStringLiteral("--output is \u201c%1\u201d; use text or json.").arg(format));
        return false;
    }
    options->json = format == QLatin1String("json");
    options->secretsFile = parser.value(secrets);
    options->sandbox = parser.isSet(sandbox) || parser.isSet(sandboxPort);
    if (parser.isSet(sandboxPort)) {
        bool ok = false;
        const uint port = parser.value(sandboxPort).toUInt(&ok);
        if (!ok || port == 0 || port > 65535) {
            printError(QStringLiteral("--sandbox-port must be a port number from 1 to 65535."));
            return false;
        }
        options->sandboxPort = static_cast<quint16>(port);
    }
    if (parser.isSet(tokenTtl)) {
        bool ok = false;
        options->tokenTtl = parser.value(tokenTtl).toInt(&ok);
        if (!ok || options->tokenTtl < 1) {
            printError(QStringLiteral("--sandbox-token-ttl must be a number of seconds, 1 or "
                                      "more."));
            return false;
        }
    }
    bool ok = false;
    options->repeat = parser.value(repeat).toInt(&ok);
    if (!ok || options->repeat < 1) {
        printError(QStringLiteral("--repeat must be a whole number, 1 or more."));
        return false;
    }
    options->maxResponseMb = parser.value(maxResponse).toInt(&ok);
    if (!ok || options->maxResponseMb < 1 || options->maxResponseMb > 4096) {
        printError(QStringLiteral("--max-response-mb must be a whole number of megabytes, from "
                                  "1 to 4096."));
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("scenarist-run"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SCENARIST_VERSION));

    Options options;
    if (!parseOptions(app, &options))
        return Unusable;

    QString error;
    std::optional<ScenarioDocument> document;
    if (MakeBlueprint::isBlueprintFile(options.file)) {
        // A Make blueprint runs as imported; what could not be converted is said on stderr.
        const std::optional<MakeBlueprint::ImportResult> imported =
            MakeBlueprint::importFile(options.file, &error);
        if (imported) {
            for (const QString &item : imported->report)
                printError(QStringLiteral("warning: not converted from the Make blueprint: %1")
                               .arg(item));
            document = imported->document;
        }
    } else {
        document = ScenarioFile::load(options.file, &error);
    }
    if (!document) {
        printError(error);
        return Unusable;
    }
    for (const QString &warning : document->warnings)
        printError(QStringLiteral("warning: %1").arg(warning));

    Scenario scenario;
    document->applyTo(scenario);
    // The scenario shares the modules; what is left of the document is not needed again.
    document.reset();

    SandboxServer sandbox;
    if (options.sandbox) {
        if (options.tokenTtl > 0)
            sandbox.setTokenLifetimeSeconds(options.tokenTtl);
        if (!sandbox.start(options.sandboxPort, &error)) {
            printError(error);
            return Unusable;
        }
    }

    // Secrets come from the environment and the secrets file, never from the scenario.
    HeadlessSecretProvider secrets;
    if (!options.secretsFile.isEmpty() && !secrets.loadFile(options.secretsFile, &error)) {
        printError(error);
        return Unusable;
    }

    ScenarioRunner runner;
    runner.setSecretProvider(&secrets);
    runner.setMaxResponseBytes(qint64(options.maxResponseMb) * 1024 * 1024);
    if (sandbox.isRunning()) {
        runner.setNamedRoot(QStringLiteral("sandbox"),
                            QJsonObject{{QStringLiteral("url"), sandbox.baseUrl().toString()}});
    }
    int remaining = options.repeat;
    int exitCode = Succeeded;
    QObject::connect(&runner, &ScenarioRunner::runFinished, &app, [&](bool ok) {
        if (!ok)
            exitCode = ModuleFailed;
        if (--remaining > 0 && ok) {
            runner.runAll(scenario);
            return;
        }
        const QList<ModuleId> order = scenario.runOrder();
        QTextStream out(stdout);
        if (options.json) {
            out << HeadlessReport::toJsonText(
                scenario.name(), scenario.modules(), order, runner.results());
        } else {
            HeadlessReport::writeText(out, scenario.name(), scenario.modules(), order,
                                      runner.results());
        }
        out.flush();
        // The commonest first stumble: running the examples without their sandbox.
        if (!options.sandbox) {
            const QString sandboxUrl = QStringLiteral("http://127.0.0.1:%1").arg(SandboxServer::defaultPort);
            for (ModuleId id : order) {
                const ModuleRun run = runner.results().run(id);
                if (run.status == ModuleRunStatus::Failed && !run.exchange.gotResponse
                    && run.request.url.startsWith(sandboxUrl)) {
                    printError(QStringLiteral("hint: this scenario calls the built-in sandbox; "
                                              "add --sandbox to start it."));
                    break;
                }
            }
        }
        app.exit(exitCode);
    });
    runner.runAll(scenario);
    return app.exec();
}
