// scenarist-run: runs a scenario file with no display and prints what every module sent and
// received (docs/headless-runner.md). Its exit codes are ExitCode below, each explained in
// --help (app/CommandLineHelp.cpp).

#include "CommandLineHelp.h"
#include "HeadlessReport.h"
#include "core/Version.h"
#include "core/history/RunHistory.h"
#include "core/history/RunRecorder.h"
#include "core/io/MakeBlueprint.h"
#include "core/io/ScenarioFile.h"
#include "core/io/ScenarioOpener.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "core/run/SecretProvider.h"
#include "core/sandbox/SandboxServer.h"
#include "core/trust/FileConsent.h"
#include "core/trust/KeychainStore.h"
#include "core/trust/LocalFileAccess.h"
#include "core/trust/Origin.h"
#include "core/trust/SecretBindings.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace {

enum ExitCode { Succeeded = 0, ModuleFailed = 1, Unusable = 2, FinishedWithWarnings = 3 };

struct Options
{
    QString file;
    bool json = false;
    bool sandbox = false;
    quint16 sandboxPort = SandboxServer::defaultPort;
    bool sandboxPortChosen = false; ///< --sandbox-port was given
    int tokenTtl = 0;
    int repeat = 1;
    int maxResponseMb = 100;
    QString secretsFile;
    bool keychain = false;
    QString setSecret; ///< --set-secret NAME: store NAME in the keychain and exit
    QStringList setSecretOrigins;
    QHash<QString, QStringList> secretHosts; ///< --secret-hosts NAME=HOST,…
    QStringList allowFiles;
    int maxFileMb = 100;
    bool convert = false; ///< --convert: write the file converted, do not run it
    bool toBlueprint = false; ///< --to blueprint
    bool history = true; ///< record the run (docs/run-history.md); --no-history: false
    QString historyDb; ///< --history-db, SCENARIST_HISTORY_DB, or the shared file
    int keepRuns = RunHistory::DefaultKeepRuns;
    bool deleteHistory = false; ///< --delete-history: forget FILE's runs and exit
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
        "output (the exit status below says how the run went)."));
    const QCommandLineOption help = parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The scenario to run."));
    const QCommandLineOption output(QStringLiteral("output"),
        QStringLiteral("Output format: text (default) or json."), QStringLiteral("FORMAT"),
        QStringLiteral("text"));
    const QCommandLineOption sandbox(QStringLiteral("sandbox"),
        QStringLiteral("Start the built-in sandbox API on "
                       "127.0.0.1 first."));
    const QCommandLineOption sandboxPort(QStringLiteral("sandbox-port"),
        QStringLiteral("Port of the sandbox API (default %1; if it is taken, a free one).")
            .arg(SandboxServer::defaultPort),
        QStringLiteral("N"));
    const QCommandLineOption tokenTtl(QStringLiteral("sandbox-token-ttl"),
        QStringLiteral("Lifetime of the sandbox's tokens in "
                       "seconds (default 3600)."),
        QStringLiteral("SECONDS"));
    const QCommandLineOption repeat(QStringLiteral("repeat"),
        QStringLiteral("Run the scenario N times in this process "
                       "(for benchmarks); prints the last run."),
        QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption secrets(QStringLiteral("secrets"),
        QStringLiteral("Read secret values from FILE: NAME=value lines, # starts a comment. "
                       "Environment variables SCENARIST_SECRET_<NAME> win over the file."),
        QStringLiteral("FILE"));
    const QCommandLineOption maxResponse(QStringLiteral("max-response-mb"),
        QStringLiteral("Largest response a module accepts, in MB (default 100); a larger one "
                       "fails the module with a message saying so."),
        QStringLiteral("MB"), QStringLiteral("100"));
    const QCommandLineOption keychain(QStringLiteral("keychain"),
        QStringLiteral("Also take secrets from the system keychain (after the environment and "
                       "--secrets). A keychain secret goes only to the hosts it is bound to."));
    const QCommandLineOption setSecret(QStringLiteral("set-secret"),
        QStringLiteral("Store the secret NAME in the system keychain, its value read from "
                       "standard input, bound to the hosts of --secret-hosts; then exit."),
        QStringLiteral("NAME"));
    const QCommandLineOption secretHosts(QStringLiteral("secret-hosts"),
        QStringLiteral("Where a secret may be sent: NAME=HOST[:PORT],… (HOST may be a full "
                       "origin such as https://host:port); repeat it, one secret each. With "
                       "--set-secret: HOST,…"),
        QStringLiteral("NAME=HOSTS"));
    const QCommandLineOption allowFiles(QStringLiteral("allow-files"),
        QStringLiteral("Let the scenario read local files inside DIR too (by default only "
                       "inside the scenario file's folder); repeatable."),
        QStringLiteral("DIR"));
    const QCommandLineOption maxFile(QStringLiteral("max-file-mb"),
        QStringLiteral("Largest local file a module may send, in MB (default 100)."),
        QStringLiteral("MB"), QStringLiteral("100"));
    const QCommandLineOption convert(QStringLiteral("convert"),
        QStringLiteral("Do not run FILE: write it converted to standard output (a Make "
                       "blueprint or a scenario of any version, as a scenario of this version "
                       "unless --to says otherwise); what could not be converted goes to "
                       "standard error."));
    const QCommandLineOption to(QStringLiteral("to"),
        QStringLiteral("With --convert: scenario (the default) or blueprint (Make)."),
        QStringLiteral("FORMAT"), QStringLiteral("scenario"));
    const QCommandLineOption noHistory(
        QStringLiteral("no-history"), QStringLiteral("Do not record this run in the run history."));
    const QCommandLineOption historyDb(QStringLiteral("history-db"),
        QStringLiteral("Record into this run history: an SQLite file, or "
                       "postgresql://USER@HOST:PORT/DATABASE for one history shared by a team "
                       "(default: SCENARIST_HISTORY_DB, else the app's own history)."),
        QStringLiteral("PATH_OR_URL"));
    const QCommandLineOption keepRuns(QStringLiteral("keep-runs"),
        QStringLiteral("How many runs of this scenario the history keeps (default %1); older "
                       "ones are deleted.")
            .arg(RunHistory::DefaultKeepRuns),
        QStringLiteral("N"));
    const QCommandLineOption deleteHistory(QStringLiteral("delete-history"),
        QStringLiteral("Do not run FILE: delete its runs from the run history, then exit."));
    parser.addOptions({output, sandbox, sandboxPort, tokenTtl, repeat, secrets, maxResponse,
        keychain, setSecret, secretHosts, allowFiles, maxFile, convert, to, noHistory, historyDb,
        keepRuns, deleteHistory});
    // A command line that cannot be used exits 2, as the exit status in --help says.
    if (!parser.parse(app.arguments())) {
        printError(parser.errorText() + QStringLiteral(" See scenarist-run --help."));
        return false;
    }
    if (parser.isSet(help)) {
        CommandLineHelp::print(parser, CommandLineHelp::Program::Runner);
        std::exit(Succeeded);
    }
    parser.process(app); // --version, --help-all

    options->convert = parser.isSet(convert);
    const QString target = parser.value(to);
    if (target != QLatin1String("scenario") && target != QLatin1String("blueprint")) {
        printError(
            QStringLiteral("--to is \u201c%1\u201d; use scenario or blueprint.").arg(target));
        return false;
    }
    if (parser.isSet(to) && !options->convert) {
        printError(QStringLiteral("--to goes with --convert."));
        return false;
    }
    options->toBlueprint = target == QLatin1String("blueprint");

    options->history = !parser.isSet(noHistory);
    options->historyDb
        = parser.isSet(historyDb) ? parser.value(historyDb) : RunHistory::locationFromEnvironment();
    options->deleteHistory = parser.isSet(deleteHistory);
    if (parser.isSet(keepRuns)) {
        bool keepOk = false;
        options->keepRuns = parser.value(keepRuns).toInt(&keepOk);
        if (!keepOk || options->keepRuns < 1) {
            printError(QStringLiteral("--keep-runs must be a whole number, 1 or more."));
            return false;
        }
    }

    options->keychain = parser.isSet(keychain);
    for (const QString &folder : parser.values(allowFiles)) {
        if (!QFileInfo(folder).isDir()) {
            printError(QStringLiteral("--allow-files %1: there is no such folder.").arg(folder));
            return false;
        }
        options->allowFiles.append(QFileInfo(folder).absoluteFilePath());
    }
    bool numberOk = false;
    options->maxFileMb = parser.value(maxFile).toInt(&numberOk);
    if (!numberOk || options->maxFileMb < 1 || options->maxFileMb > 4096) {
        printError(QStringLiteral("--max-file-mb must be a whole number of megabytes, from 1 "
                                  "to 4096."));
        return false;
    }
    const auto parseHosts = [](const QString &list, QStringList *origins) {
        for (const QString &host : list.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            QString error;
            const QStringList parsed = Origin::parseAllowed(host, &error);
            if (parsed.isEmpty()) {
                printError(QStringLiteral("--secret-hosts: %1").arg(error));
                return false;
            }
            *origins += parsed;
        }
        return true;
    };
    if (parser.isSet(setSecret)) {
        options->setSecret = parser.value(setSecret).trimmed();
        const QStringList given = parser.values(secretHosts);
        if (options->setSecret.isEmpty() || given.size() != 1) {
            printError(QStringLiteral("--set-secret NAME needs --secret-hosts HOST,… once: the "
                                      "hosts the secret may be sent to."));
            return false;
        }
        QString hosts = given.first();
        const qsizetype equals = hosts.indexOf(QLatin1Char('='));
        if (equals > 0 && !hosts.left(equals).contains(QLatin1Char('/')))
            hosts = hosts.mid(equals + 1);
        return parseHosts(hosts, &options->setSecretOrigins)
            && !options->setSecretOrigins.isEmpty();
    }
    for (const QString &value : parser.values(secretHosts)) {
        const qsizetype equals = value.indexOf(QLatin1Char('='));
        if (equals <= 0) {
            printError(QStringLiteral("--secret-hosts %1: write NAME=HOST,… (for example "
                                      "client_secret=auth.example.com).")
                           .arg(value));
            return false;
        }
        QStringList origins;
        if (!parseHosts(value.mid(equals + 1), &origins))
            return false;
        options->secretHosts[value.left(equals).trimmed()] += origins;
    }

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
        options->sandboxPortChosen = true;
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

/// --convert FILE [--to scenario|blueprint]: the file converted on standard output, what
/// could not be converted on standard error (docs/make-blueprints.md).
int convertFile(const Options &options)
{
    const LocalFileRead read = LocalFileAccess::readChosen(options.file, 64LL * 1024 * 1024);
    if (!read.ok()) {
        printError(read.error);
        return Unusable;
    }
    QJsonParseError parseError;
    const QJsonDocument json = QJsonDocument::fromJson(read.data, &parseError);
    if (!json.isObject()) {
        printError(QStringLiteral("%1 is not a scenario or a Make blueprint: %2")
                       .arg(options.file,
                           parseError.error != QJsonParseError::NoError
                               ? ScenarioFile::describeOffset(read.data, parseError.offset)
                                   + QStringLiteral(": ") + parseError.errorString()
                               : QStringLiteral("it is not a JSON object.")));
        return Unusable;
    }
    QString error;
    QStringList report;
    std::optional<ScenarioDocument> document;
    if (MakeBlueprint::isBlueprint(json.object())) {
        // Read as the editor and a run read it (ScenarioOpener).
        document = MakeBlueprint::importScenario(json.object(), &report, &error);
    } else {
        document = ScenarioFile::parse(read.data, &error);
    }
    for (const QString &item : std::as_const(report))
        printError(QStringLiteral("not converted: %1").arg(item));
    if (!document) {
        printError(error);
        return Unusable;
    }
    for (const QString &warning : document->warnings)
        printError(QStringLiteral("warning: %1").arg(warning));
    QByteArray out;
    if (options.toBlueprint) {
        QStringList exportReport;
        const QJsonObject blueprint
            = MakeBlueprint::fromScenarioJson(ScenarioFile::toJson(*document), &exportReport);
        for (const QString &item : std::as_const(exportReport))
            printError(QStringLiteral("not converted: %1").arg(item));
        out = QJsonDocument(blueprint).toJson(QJsonDocument::Indented);
    } else {
        out = ScenarioFile::serialize(*document);
    }
    QFile output;
    if (!output.open(stdout, QIODevice::WriteOnly) || output.write(out) != out.size()) {
        printError(QStringLiteral("could not write to standard output."));
        return Unusable;
    }
    return Succeeded;
}

/// --delete-history FILE: forgets FILE's runs (docs/run-history.md).
int deleteHistory(const Options &options)
{
    RunHistory history(options.historyDb);
    QString error;
    const int deleted = history.deleteHistory(RunHistory::scenarioKey(options.file), &error);
    if (deleted < 0) {
        printError(error);
        return Unusable;
    }
    QTextStream(stdout) << QStringLiteral("Deleted %1 run(s) of %2 from the history at %3.\n")
                               .arg(deleted)
                               .arg(options.file, history.displayLocation());
    return Succeeded;
}

/// --set-secret NAME: the value from standard input into the keychain, bound to its hosts.
int storeSecret(QCoreApplication &app, const Options &options)
{
    QFile input;
    if (!input.open(stdin, QIODevice::ReadOnly)) {
        printError(QStringLiteral("could not read the secret's value from standard input."));
        return Unusable;
    }
    QString value = QString::fromUtf8(input.read(1024 * 1024));
    while (value.endsWith(QLatin1Char('\n')) || value.endsWith(QLatin1Char('\r')))
        value.chop(1);
    if (value.isEmpty()) {
        printError(QStringLiteral("the secret's value is empty: give it on standard input."));
        return Unusable;
    }
    int code = Unusable;
    KeychainStore::write(
        options.setSecret, value, &app, [&](bool stored, bool, const QString &reason) {
            if (stored) {
                SecretBindings::setAllowedOrigins(options.setSecret, options.setSecretOrigins);
                QTextStream(stdout) << QStringLiteral("Stored the secret “%1”; it may be "
                                                      "sent to %2.\n")
                                           .arg(options.setSecret,
                                               options.setSecretOrigins.join(QLatin1String(", ")));
                code = Succeeded;
            } else {
                printError(
                    QStringLiteral("the keychain did not store the secret: %1.").arg(reason));
            }
            app.quit();
        });
    app.exec();
    return code;
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("scenarist-run"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SCENARIST_VERSION));

    Options options;
    if (!parseOptions(app, &options))
        return Unusable;
    if (!options.setSecret.isEmpty())
        return storeSecret(app, options);
    if (options.convert)
        return convertFile(options);
    if (options.deleteHistory)
        return deleteHistory(options);

    QString error;
    // The same reading as the editor's: a Make blueprint runs as imported, and what could
    // not be converted is said on stderr.
    ScenarioOpener::Opened opened = ScenarioOpener::open(options.file);
    const bool blueprint = opened.isBlueprint;
    for (const QString &item : opened.report)
        printError(QStringLiteral("warning: not converted from the Make blueprint: %1").arg(item));
    std::optional<ScenarioDocument> document = std::move(opened.document);
    error = opened.error;
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
            // A port the person chose is theirs to change; the usual one may be held by the
            // app: then any free port, said on stderr.
            if (options.sandboxPortChosen || !sandbox.start(0, &error)) {
                printError(error);
                return Unusable;
            }
            printError(QStringLiteral("note: port %1 is in use, so the sandbox runs at %2 "
                                      "(scenarios reach it as {{sandbox.url}})")
                           .arg(options.sandboxPort)
                           .arg(sandbox.baseUrl().toString()));
        }
        // The https port that asks for a client certificate: {{sandbox.tlsUrl}}.
        if (!sandbox.startTls(0, &error))
            printError(QStringLiteral("note: %1").arg(error));
    }

    // Secrets come from the environment and the secrets file, never from the scenario.
    HeadlessSecretProvider secrets;
    if (!options.secretsFile.isEmpty() && !secrets.loadFile(options.secretsFile, &error)) {
        printError(error);
        return Unusable;
    }

    secrets.setUseKeychain(options.keychain);
    for (auto it = options.secretHosts.constBegin(); it != options.secretHosts.constEnd(); ++it)
        secrets.restrictTo(it.key(), it.value());

    // Signing in through a browser needs a person: headless runs use the refresh token the
    // app kept, or one given as a secret (docs/connections.md).
    for (const Connection &connection : scenario.connections()) {
        const QString name = connection.refreshTokenSecretName();
        if (!connection.isAuthorizationCode() || options.keychain
            || (!name.isEmpty() && secrets.value(name).has_value()))
            continue;
        printError(name.isEmpty()
                ? QStringLiteral("The connection \u201c%1\u201d signs in through a browser, "
                                 "which scenarist-run cannot open, and it names no refresh "
                                 "token secret. Sign in once in the Scenarist app and save the "
                                 "scenario.")
                      .arg(connection.displayName())
                : QStringLiteral("The connection \u201c%1\u201d signs in through a browser, "
                                 "which scenarist-run cannot open. Sign in once in the Scenarist "
                                 "app and run with --keychain, or set %2 to a refresh token.")
                      .arg(connection.displayName(),
                          HeadlessSecretProvider::environmentVariable(name)));
        return Unusable;
    }

    // Local files: only inside the scenario's folder and the --allow-files folders; a Make
    // blueprint comes from elsewhere, so its own folder is not implied.
    FileConsent files;
    files.headless = true;
    files.trusted = false;
    files.scenarioFolder = QFileInfo(options.file).absolutePath();
    files.scenarioFolderAllowed = !blueprint;
    files.allowedFolders = options.allowFiles;
    files.maxBytes = qint64(options.maxFileMb) * 1024 * 1024;

    ScenarioRunner runner;
    runner.setSecretProvider(&secrets);
    runner.setFileConsent(files);
    runner.setBindSecretsOnFirstUse(false);
    runner.setMaxResponseBytes(qint64(options.maxResponseMb) * 1024 * 1024);
    if (sandbox.isRunning()) {
        runner.setNamedRoot(QStringLiteral("sandbox"), sandbox.namedRoot());
        runner.setInProcessSandbox(sandbox.baseUrl());
    }
    // Every run is recorded (docs/run-history.md); a history that cannot be written is a
    // warning, never a different exit status.
    std::unique_ptr<RunHistory> history;
    if (options.history) {
        history = std::make_unique<RunHistory>(options.historyDb);
        history->setKeepRuns(options.keepRuns);
        if (!history->open(&error)) {
            printError(
                QStringLiteral("warning: this run is not recorded in the history: %1").arg(error));
            history.reset();
        }
    }
    const QString contentHash = history
        ? RunHistory::contentHash(LocalFileAccess::readChosen(options.file, 64LL << 20).data)
        : QString();
    QDateTime startedAt;
    int remaining = options.repeat;
    int exitCode = Succeeded;
    QObject::connect(&runner, &ScenarioRunner::runFinished, &app, [&](bool ok) {
        if (!ok)
            exitCode
                = runner.lastStatus() == FlowStatus::Warning ? FinishedWithWarnings : ModuleFailed;
        const auto runOrder = [&] {
            return RunRecorder::reportOrder(
                scenario.runOrder(), scenario.modules(), runner.results());
        };
        if (history) {
            RunRecorder::FinishedRun finished;
            finished.scenarioPath = RunHistory::scenarioKey(options.file);
            finished.scenarioName = scenario.name();
            finished.contentHash = contentHash;
            finished.startedAt = startedAt;
            finished.endedAt = QDateTime::currentDateTimeUtc();
            finished.trigger = RunTrigger::Headless;
            finished.inputs = runner.namedRoot(QStringLiteral("var"))
                                  .toObject()
                                  .value(QStringLiteral("input"))
                                  .toObject();
            finished.modules = scenario.modules();
            finished.runOrder = scenario.runOrder();
            finished.results = runner.results();
            finished.status = runner.lastStatus();
            const HistoryRun record = RunRecorder::toHistoryRun(finished);
            QString recordError;
            if (history->record(record, &recordError) < 0) {
                printError(QStringLiteral("warning: this run is not recorded in the history: %1")
                               .arg(recordError));
                history.reset();
            }
        }
        if (--remaining > 0 && ok) {
            startedAt = QDateTime::currentDateTimeUtc();
            runner.runAll(scenario);
            return;
        }
        const QList<ModuleId> order = runOrder();
        QTextStream out(stdout);
        if (options.json) {
            out << HeadlessReport::toJsonText(
                scenario.name(), scenario.modules(), order, runner.results());
        } else {
            HeadlessReport::writeText(
                out, scenario.name(), scenario.modules(), order, runner.results());
        }
        out.flush();
        // The commonest first stumble: running the examples without their sandbox.
        if (!options.sandbox) {
            const QString sandboxUrl
                = QStringLiteral("http://127.0.0.1:%1").arg(SandboxServer::defaultPort);
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
    startedAt = QDateTime::currentDateTimeUtc();
    runner.runAll(scenario);
    return app.exec();
}
