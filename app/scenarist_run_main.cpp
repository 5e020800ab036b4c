// scenarist-run: runs a scenario file with no display and prints what every module sent and
// received (docs/headless-runner.md). Its exit codes are ExitCode below, each explained in
// --help (app/CommandLineHelp.cpp).

#include "CommandLineHelp.h"
#include "HeadlessReport.h"
#include "ScheduleOptions.h"
#include "core/Version.h"
#include "core/history/IncompleteRetry.h"
#include "core/history/RunHistory.h"
#include "core/history/RunRecorder.h"
#include "core/i18n/Translations.h"
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
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>

namespace {

enum ExitCode { Succeeded = 0, ModuleFailed = 1, Unusable = 2, FinishedWithWarnings = 3 };

struct Options
{
    QString file;
    ScheduleOptions schedule; ///< --trigger; --systemd-units: write a timer, do not run
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
    bool retryIncomplete = false; ///< --retry-incomplete: retry FILE's open incomplete bundles
    QString inputsFile; ///< --inputs FILE.json: the scenario inputs as one JSON object
    QStringList inputs; ///< --input NAME=VALUE, in the order given
};

void printError(const QString &message)
{
    QTextStream(stderr) << "scenarist-run: " << message << '\n';
}

bool parseOptions(const QCoreApplication &app, Options *options)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("ScenaristRun",
        "Runs a Scenarist scenario without a window and prints each module's input and "
        "output (the exit status below says how the run went)."));
    const QCommandLineOption help = parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("FILE"),
        QCoreApplication::translate("ScenaristRun", "The scenario to run."));
    const QCommandLineOption output(QStringLiteral("output"),
        QCoreApplication::translate("ScenaristRun", "Output format: text (default) or json."),
        QStringLiteral("FORMAT"), QStringLiteral("text"));
    const QCommandLineOption sandbox(QStringLiteral("sandbox"),
        QCoreApplication::translate("ScenaristRun",
            "Start the built-in sandbox API on "
            "127.0.0.1 first."));
    const QCommandLineOption sandboxPort(QStringLiteral("sandbox-port"),
        QCoreApplication::translate(
            "ScenaristRun", "Port of the sandbox API (default %1; if it is taken, a free one).")
            .arg(SandboxServer::defaultPort),
        QStringLiteral("N"));
    const QCommandLineOption tokenTtl(QStringLiteral("sandbox-token-ttl"),
        QCoreApplication::translate("ScenaristRun",
            "Lifetime of the sandbox's tokens in "
            "seconds (default 3600)."),
        QStringLiteral("SECONDS"));
    const QCommandLineOption repeat(QStringLiteral("repeat"),
        QCoreApplication::translate("ScenaristRun",
            "Run the scenario N times in this process "
            "(for benchmarks); prints the last run."),
        QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption secrets(QStringLiteral("secrets"),
        QCoreApplication::translate("ScenaristRun",
            "Read secret values from FILE: NAME=value lines, # starts a comment. "
            "Environment variables SCENARIST_SECRET_<NAME> win over the file."),
        QStringLiteral("FILE"));
    const QCommandLineOption maxResponse(QStringLiteral("max-response-mb"),
        QCoreApplication::translate("ScenaristRun",
            "Largest response a module accepts, in MB (default 100); a larger one "
            "fails the module with a message saying so."),
        QStringLiteral("MB"), QStringLiteral("100"));
    const QCommandLineOption keychain(QStringLiteral("keychain"),
        QCoreApplication::translate("ScenaristRun",
            "Also take secrets from the system keychain (after the environment and "
            "--secrets). A keychain secret goes only to the hosts it is bound to."));
    const QCommandLineOption setSecret(QStringLiteral("set-secret"),
        QCoreApplication::translate("ScenaristRun",
            "Store the secret NAME in the system keychain, its value read from "
            "standard input, bound to the hosts of --secret-hosts; then exit."),
        QStringLiteral("NAME"));
    const QCommandLineOption secretHosts(QStringLiteral("secret-hosts"),
        QCoreApplication::translate("ScenaristRun",
            "Where a secret may be sent: NAME=HOST[:PORT],… (HOST may be a full "
            "origin such as https://host:port); repeat it, one secret each. With "
            "--set-secret: HOST,…"),
        QStringLiteral("NAME=HOSTS"));
    const QCommandLineOption allowFiles(QStringLiteral("allow-files"),
        QCoreApplication::translate("ScenaristRun",
            "Let the scenario read local files inside DIR too (by default only "
            "inside the scenario file's folder); repeatable."),
        QStringLiteral("DIR"));
    const QCommandLineOption maxFile(QStringLiteral("max-file-mb"),
        QCoreApplication::translate(
            "ScenaristRun", "Largest local file a module may send, in MB (default 100)."),
        QStringLiteral("MB"), QStringLiteral("100"));
    const QCommandLineOption convert(QStringLiteral("convert"),
        QCoreApplication::translate("ScenaristRun",
            "Do not run FILE: write it converted to standard output (a Make "
            "blueprint or a scenario of any version, as a scenario of this version "
            "unless --to says otherwise); what could not be converted goes to "
            "standard error."));
    const QCommandLineOption to(QStringLiteral("to"),
        QCoreApplication::translate(
            "ScenaristRun", "With --convert: scenario (the default) or blueprint (Make)."),
        QStringLiteral("FORMAT"), QStringLiteral("scenario"));
    const QCommandLineOption noHistory(QStringLiteral("no-history"),
        QCoreApplication::translate("ScenaristRun", "Do not record this run in the run history."));
    const QCommandLineOption historyDb(QStringLiteral("history-db"),
        QCoreApplication::translate("ScenaristRun",
            "Record into this run history: an SQLite file, or "
            "postgresql://USER@HOST:PORT/DATABASE for one history shared by a team "
            "(default: SCENARIST_HISTORY_DB, else the app's own history)."),
        QStringLiteral("PATH_OR_URL"));
    const QCommandLineOption keepRuns(QStringLiteral("keep-runs"),
        QCoreApplication::translate("ScenaristRun",
            "How many runs of this scenario the history keeps (default %1); older "
            "ones are deleted.")
            .arg(RunHistory::DefaultKeepRuns),
        QStringLiteral("N"));
    const QCommandLineOption deleteHistory(QStringLiteral("delete-history"),
        QCoreApplication::translate(
            "ScenaristRun", "Do not run FILE: delete its runs from the run history, then exit."));
    const QCommandLineOption retryIncomplete(QStringLiteral("retry-incomplete"),
        QCoreApplication::translate("ScenaristRun",
            "Do not run FILE: retry each of its incomplete executions (bundles Break gave up on, "
            "kept in the run history), one after another."));
    const QCommandLineOption input(QStringLiteral("input"),
        QCoreApplication::translate("ScenaristRun",
            "Give the scenario input NAME this value (modules read it as "
            "{{var.input.NAME}}); repeat it, one input each. VALUE is read by the "
            "input's type: a number, true/false/yes/no, a date such as 2026-12-31, "
            "JSON for a collection, JSON or a comma list for an array. It wins over "
            "--inputs."),
        QStringLiteral("NAME=VALUE"));
    const QCommandLineOption inputsFile(QStringLiteral("inputs"),
        QCoreApplication::translate("ScenaristRun",
            "Read the scenario inputs from FILE, a JSON object of NAME: value. A "
            "missing required input or a value of the wrong type stops before any "
            "request is sent (exit status 2)."),
        QStringLiteral("FILE"));
    parser.addOptions({output, sandbox, sandboxPort, tokenTtl, repeat, secrets, maxResponse,
        keychain, setSecret, secretHosts, allowFiles, maxFile, convert, to, noHistory, historyDb,
        keepRuns, deleteHistory, retryIncomplete, input, inputsFile});
    // A command line that cannot be used exits 2, as the exit status in --help says.
    ScheduleOptions::addTo(parser); // --trigger, --systemd-units (docs/schedules.md)
    if (!parser.parse(app.arguments())) {
        printError(parser.errorText()
            + QCoreApplication::translate("ScenaristRun", " See scenarist-run --help."));
        return false;
    }
    if (parser.isSet(help)) {
        CommandLineHelp::print(parser, CommandLineHelp::Program::Runner);
        std::exit(Succeeded);
    }
    parser.process(app); // --version, --help-all
    if (QString error; !options->schedule.read(parser, &error)) {
        printError(error);
        return false;
    }

    options->convert = parser.isSet(convert);
    const QString target = parser.value(to);
    if (target != QLatin1String("scenario") && target != QLatin1String("blueprint")) {
        printError(QCoreApplication::translate(
            "ScenaristRun", "--to is \u201c%1\u201d; use scenario or blueprint.")
                       .arg(target));
        return false;
    }
    if (parser.isSet(to) && !options->convert) {
        printError(QCoreApplication::translate("ScenaristRun", "--to goes with --convert."));
        return false;
    }
    options->toBlueprint = target == QLatin1String("blueprint");

    options->history = !parser.isSet(noHistory);
    options->historyDb
        = parser.isSet(historyDb) ? parser.value(historyDb) : RunHistory::locationFromEnvironment();
    options->deleteHistory = parser.isSet(deleteHistory);
    options->retryIncomplete = parser.isSet(retryIncomplete);
    if (options->retryIncomplete && !options->history) {
        printError(QCoreApplication::translate("ScenaristRun",
            "--retry-incomplete reads the run history: leave out "
            "--no-history."));
        return false;
    }
    options->inputsFile = parser.value(inputsFile);
    options->inputs = parser.values(input);
    for (const QString &given : std::as_const(options->inputs)) {
        if (given.indexOf(QLatin1Char('=')) <= 0) {
            printError(QCoreApplication::translate("ScenaristRun",
                "--input %1: write NAME=VALUE (for example --input "
                "word=apple).")
                           .arg(given));
            return false;
        }
    }
    if (parser.isSet(keepRuns)) {
        bool keepOk = false;
        options->keepRuns = parser.value(keepRuns).toInt(&keepOk);
        if (!keepOk || options->keepRuns < 1) {
            printError(QCoreApplication::translate(
                "ScenaristRun", "--keep-runs must be a whole number, 1 or more."));
            return false;
        }
    }

    options->keychain = parser.isSet(keychain);
    for (const QString &folder : parser.values(allowFiles)) {
        if (!QFileInfo(folder).isDir()) {
            printError(QCoreApplication::translate(
                "ScenaristRun", "--allow-files %1: there is no such folder.")
                           .arg(folder));
            return false;
        }
        options->allowFiles.append(QFileInfo(folder).absoluteFilePath());
    }
    bool numberOk = false;
    options->maxFileMb = parser.value(maxFile).toInt(&numberOk);
    if (!numberOk || options->maxFileMb < 1 || options->maxFileMb > 4096) {
        printError(QCoreApplication::translate("ScenaristRun",
            "--max-file-mb must be a whole number of megabytes, from 1 "
            "to 4096."));
        return false;
    }
    const auto parseHosts = [](const QString &list, QStringList *origins) {
        for (const QString &host : list.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            QString error;
            const QStringList parsed = Origin::parseAllowed(host, &error);
            if (parsed.isEmpty()) {
                printError(
                    QCoreApplication::translate("ScenaristRun", "--secret-hosts: %1").arg(error));
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
            printError(QCoreApplication::translate("ScenaristRun",
                "--set-secret NAME needs --secret-hosts HOST,… once: the "
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
            printError(QCoreApplication::translate("ScenaristRun",
                "--secret-hosts %1: write NAME=HOST,… (for example "
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
        printError(QCoreApplication::translate("ScenaristRun",
            "give exactly one scenario file, e.g. scenarist-run "
            "my.scenario.json (see --help)."));
        return false;
    }
    options->file = files.first();
    const QString format = parser.value(output);
    if (format != QLatin1String("text") && format != QLatin1String("json")) {
        printError(QCoreApplication::translate(
            "ScenaristRun", "--output is \u201c%1\u201d; use text or json.")
                       .arg(format));
        return false;
    }
    options->json = format == QLatin1String("json");
    options->secretsFile = parser.value(secrets);
    options->sandbox = parser.isSet(sandbox) || parser.isSet(sandboxPort);
    if (parser.isSet(sandboxPort)) {
        bool ok = false;
        const uint port = parser.value(sandboxPort).toUInt(&ok);
        if (!ok || port == 0 || port > 65535) {
            printError(QCoreApplication::translate(
                "ScenaristRun", "--sandbox-port must be a port number from 1 to 65535."));
            return false;
        }
        options->sandboxPort = static_cast<quint16>(port);
        options->sandboxPortChosen = true;
    }
    if (parser.isSet(tokenTtl)) {
        bool ok = false;
        options->tokenTtl = parser.value(tokenTtl).toInt(&ok);
        if (!ok || options->tokenTtl < 1) {
            printError(QCoreApplication::translate("ScenaristRun",
                "--sandbox-token-ttl must be a number of seconds, 1 or "
                "more."));
            return false;
        }
    }
    bool ok = false;
    options->repeat = parser.value(repeat).toInt(&ok);
    if (!ok || options->repeat < 1) {
        printError(QCoreApplication::translate(
            "ScenaristRun", "--repeat must be a whole number, 1 or more."));
        return false;
    }
    options->maxResponseMb = parser.value(maxResponse).toInt(&ok);
    if (!ok || options->maxResponseMb < 1 || options->maxResponseMb > 4096) {
        printError(QCoreApplication::translate("ScenaristRun",
            "--max-response-mb must be a whole number of megabytes, from "
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
        printError(
            QCoreApplication::translate(
                "ScenaristRun", "%1 is not a scenario or a Make blueprint: %2")
                .arg(options.file,
                    parseError.error != QJsonParseError::NoError
                        ? ScenarioFile::describeOffset(read.data, parseError.offset)
                            + QStringLiteral(": ") + parseError.errorString()
                        : QCoreApplication::translate("ScenaristRun", "it is not a JSON object.")));
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
        printError(QCoreApplication::translate("ScenaristRun", "not converted: %1").arg(item));
    if (!document) {
        printError(error);
        return Unusable;
    }
    for (const QString &warning : document->warnings)
        printError(QCoreApplication::translate("ScenaristRun", "warning: %1").arg(warning));
    QByteArray out;
    if (options.toBlueprint) {
        QStringList exportReport;
        const QJsonObject blueprint
            = MakeBlueprint::fromScenarioJson(ScenarioFile::toJson(*document), &exportReport);
        for (const QString &item : std::as_const(exportReport))
            printError(QCoreApplication::translate("ScenaristRun", "not converted: %1").arg(item));
        out = QJsonDocument(blueprint).toJson(QJsonDocument::Indented);
    } else {
        out = ScenarioFile::serialize(*document);
    }
    QFile output;
    if (!output.open(stdout, QIODevice::WriteOnly) || output.write(out) != out.size()) {
        printError(
            QCoreApplication::translate("ScenaristRun", "could not write to standard output."));
        return Unusable;
    }
    return Succeeded;
}

/// What the history keeps of the run `runner` just finished of FILE (docs/run-history.md).
RunRecorder::FinishedRun finishedRun(const Options &options, const Scenario &scenario,
    const ScenarioRunner &runner, const QString &contentHash, const QDateTime &startedAt,
    const QJsonObject &inputs)
{
    RunRecorder::FinishedRun finished;
    finished.scenarioPath = RunHistory::scenarioKey(options.file);
    finished.scenarioName = scenario.name();
    finished.contentHash = contentHash;
    finished.startedAt = startedAt;
    finished.endedAt = QDateTime::currentDateTimeUtc();
    finished.trigger = options.schedule.trigger();
    finished.inputs = inputs;
    finished.modules = scenario.modules();
    finished.runOrder = scenario.runOrder();
    finished.results = runner.results();
    finished.status = runner.lastStatus();
    return finished;
}

/// The scenario inputs of this run (docs/scenario-inputs.md): --inputs FILE, then each --input
/// over it, checked against what the scenario declares. Nothing, with each problem said on
/// stderr, when one is missing or of the wrong type.
std::optional<QJsonObject> runInputs(const Options &options, const QList<ScenarioInput> &declared)
{
    QJsonObject given;
    if (!options.inputsFile.isEmpty()) {
        const LocalFileRead read = LocalFileAccess::readChosen(options.inputsFile, 16LL << 20);
        if (!read.ok()) {
            printError(QCoreApplication::translate("ScenaristRun", "--inputs %1: %2")
                           .arg(options.inputsFile, read.error));
            return std::nullopt;
        }
        QJsonParseError parseError;
        const QJsonDocument json = QJsonDocument::fromJson(read.data, &parseError);
        if (!json.isObject()) {
            printError(
                QCoreApplication::translate("ScenaristRun",
                    "--inputs %1: write one JSON object of NAME: value, such as "
                    "{\"word\": \"apple\", \"pageSize\": 10}%2")
                    .arg(options.inputsFile,
                        parseError.error != QJsonParseError::NoError
                            ? QStringLiteral(" (%1: %2).")
                                  .arg(ScenarioFile::describeOffset(read.data, parseError.offset),
                                      parseError.errorString())
                            : QStringLiteral(".")));
            return std::nullopt;
        }
        given = json.object();
    }
    for (const QString &pair : options.inputs) {
        const qsizetype equals = pair.indexOf(QLatin1Char('='));
        given.insert(pair.left(equals).trimmed(), pair.mid(equals + 1));
    }
    const ScenarioInputs::Checked checked = ScenarioInputs::validate(declared, given);
    for (const QString &problem : checked.problems)
        printError(problem);
    if (!checked.ok())
        return std::nullopt;
    return checked.values;
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
    QTextStream(stdout) << QCoreApplication::translate(
        "ScenaristRun", "Deleted %1 run(s) of %2 from the history at %3.\n")
                               .arg(deleted)
                               .arg(options.file, history.displayLocation());
    return Succeeded;
}

/// --retry-incomplete FILE: retries FILE's open incomplete executions one after another, each
/// a run of its own in the history (docs/run-history.md). Succeeded when every one succeeded
/// (or there was none), FinishedWithWarnings when some are still open.
int retryIncompleteBundles(
    QCoreApplication &app, const Options &options, const Scenario &scenario, ScenarioRunner &runner)
{
    RunHistory history(options.historyDb);
    history.setKeepRuns(options.keepRuns);
    QString error;
    QList<HistoryIncomplete> open
        = history.incomplete(RunHistory::scenarioKey(options.file), true, &error);
    if (!error.isEmpty()) {
        printError(error);
        return Unusable;
    }
    QTextStream out(stdout);
    if (open.isEmpty()) {
        out << QCoreApplication::translate(
            "ScenaristRun", "%1 has no incomplete executions to retry in the history at %2.\n")
                   .arg(options.file, history.displayLocation());
        return Succeeded;
    }
    std::reverse(open.begin(), open.end()); // oldest first, as they happened
    const QString contentHash
        = RunHistory::contentHash(LocalFileAccess::readChosen(options.file, 64LL << 20).data);
    int retried = 0;
    int stillOpen = 0;
    qsizetype next = 0;
    QDateTime startedAt;
    const auto describe = [&](const HistoryIncomplete &bundle) {
        const QString name = scenario.contains(bundle.moduleId)
            ? scenario.module(bundle.moduleId).displayName()
            : QString();
        return QCoreApplication::translate("ScenaristRun", "Bundle %1 at module %2%3")
            .arg(bundle.bundle)
            .arg(bundle.moduleId)
            .arg(name.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(name));
    };
    std::function<void()> startNext = [&] {
        while (next < open.size()) {
            const HistoryIncomplete &bundle = open.at(next);
            QString why;
            const std::optional<IncompleteRecord> record
                = IncompleteRetry::prepare(bundle, scenario, &why);
            if (record) {
                runner.setNamedRoot(QStringLiteral("var"), IncompleteRetry::variables(bundle));
                startedAt = QDateTime::currentDateTimeUtc();
                runner.retryIncomplete(scenario, *record);
                return;
            }
            out << describe(bundle)
                << QCoreApplication::translate("ScenaristRun", ": not retried. ") << why << '\n';
            out.flush();
            ++stillOpen;
            ++next;
        }
        app.exit(stillOpen > 0 ? FinishedWithWarnings : Succeeded);
    };
    QObject::connect(&runner, &ScenarioRunner::runFinished, &app, [&](bool) {
        const HistoryIncomplete &bundle = open.at(next);
        const RunRecorder::FinishedRun finished
            = finishedRun(options, scenario, runner, contentHash, startedAt, bundle.inputs);
        QString historyError;
        const QString left = IncompleteRetry::finish(
            history, bundle, RunRecorder::toHistoryRun(finished), &historyError);
        if (left.isEmpty()) {
            ++retried;
            out << describe(bundle)
                << QCoreApplication::translate("ScenaristRun", ": retried, it succeeded.\n");
        } else {
            ++stillOpen;
            out << describe(bundle)
                << QCoreApplication::translate(
                       "ScenaristRun", ": failed again, it stays incomplete. ")
                << left << '\n';
        }
        out.flush();
        if (!historyError.isEmpty())
            printError(QCoreApplication::translate(
                "ScenaristRun", "warning: the history could not keep this retry: %1")
                           .arg(historyError));
        ++next;
        // The next one starts once this run has wound down.
        QTimer::singleShot(0, &app, startNext);
    });
    QTimer::singleShot(0, &app, startNext);
    const int code = app.exec();
    out << QCoreApplication::translate(
        "ScenaristRun", "%1 of %2 incomplete execution(s) retried successfully.\n")
               .arg(retried)
               .arg(open.size());
    return code;
}

/// --set-secret NAME: the value from standard input into the keychain, bound to its hosts.
int storeSecret(QCoreApplication &app, const Options &options)
{
    QFile input;
    if (!input.open(stdin, QIODevice::ReadOnly)) {
        printError(QCoreApplication::translate(
            "ScenaristRun", "could not read the secret's value from standard input."));
        return Unusable;
    }
    QString value = QString::fromUtf8(input.read(1024 * 1024));
    while (value.endsWith(QLatin1Char('\n')) || value.endsWith(QLatin1Char('\r')))
        value.chop(1);
    if (value.isEmpty()) {
        printError(QCoreApplication::translate(
            "ScenaristRun", "the secret's value is empty: give it on standard input."));
        return Unusable;
    }
    int code = Unusable;
    KeychainStore::write(
        options.setSecret, value, &app, [&](bool stored, bool, const QString &reason) {
            if (stored) {
                SecretBindings::setAllowedOrigins(options.setSecret, options.setSecretOrigins);
                QTextStream(stdout) << QCoreApplication::translate("ScenaristRun",
                    "Stored the secret “%1”; it may be "
                    "sent to %2.\n")
                                           .arg(options.setSecret,
                                               options.setSecretOrigins.join(QLatin1String(", ")));
                code = Succeeded;
            } else {
                printError(QCoreApplication::translate(
                    "ScenaristRun", "the keychain did not store the secret: %1.")
                               .arg(reason));
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
    Translations::install(app);

    Options options;
    if (!parseOptions(app, &options))
        return Unusable;
    if (!options.setSecret.isEmpty())
        return storeSecret(app, options);
    if (options.convert)
        return convertFile(options);
    if (options.deleteHistory)
        return deleteHistory(options);
    if (options.schedule.writesUnits())
        return options.schedule.writeUnits(app, options.file, printError);

    QString error;
    // The same reading as the editor's: a Make blueprint runs as imported, and what could
    // not be converted is said on stderr.
    ScenarioOpener::Opened opened = ScenarioOpener::open(options.file);
    const bool blueprint = opened.isBlueprint;
    for (const QString &item : opened.report)
        printError(QCoreApplication::translate(
            "ScenaristRun", "warning: not converted from the Make blueprint: %1")
                       .arg(item));
    std::optional<ScenarioDocument> document = std::move(opened.document);
    error = opened.error;
    if (!document) {
        printError(error);
        return Unusable;
    }
    for (const QString &warning : document->warnings)
        printError(QCoreApplication::translate("ScenaristRun", "warning: %1").arg(warning));

    Scenario scenario;
    document->applyTo(scenario);
    // The scenario shares the modules; what is left of the document is not needed again.
    document.reset();
    // Checked before anything starts: a wrong input must not send half a run's requests.
    const std::optional<QJsonObject> inputs = runInputs(options, scenario.inputs());
    if (!inputs)
        return Unusable;

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
            printError(QCoreApplication::translate("ScenaristRun",
                "note: port %1 is in use, so the sandbox runs at %2 "
                "(scenarios reach it as {{sandbox.url}})")
                           .arg(options.sandboxPort)
                           .arg(sandbox.baseUrl().toString()));
        }
        // The https port that asks for a client certificate: {{sandbox.tlsUrl}}.
        if (!sandbox.startTls(0, &error))
            printError(QCoreApplication::translate("ScenaristRun", "note: %1").arg(error));
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
                ? QCoreApplication::translate("ScenaristRun",
                    "The connection \u201c%1\u201d signs in through a browser, "
                    "which scenarist-run cannot open, and it names no refresh "
                    "token secret. Sign in once in the Scenarist app and save the "
                    "scenario.")
                      .arg(connection.displayName())
                : QCoreApplication::translate("ScenaristRun",
                    "The connection \u201c%1\u201d signs in through a browser, "
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
    if (options.retryIncomplete)
        return retryIncompleteBundles(app, options, scenario, runner);
    runner.setNamedRoot(QStringLiteral("var"), QJsonObject {{QStringLiteral("input"), *inputs}});
    // Every run is recorded (docs/run-history.md); a history that cannot be written is a
    // warning, never a different exit status.
    std::unique_ptr<RunHistory> history;
    if (options.history) {
        history = std::make_unique<RunHistory>(options.historyDb);
        history->setKeepRuns(options.keepRuns);
        if (!history->open(&error)) {
            printError(QCoreApplication::translate(
                "ScenaristRun", "warning: this run is not recorded in the history: %1")
                           .arg(error));
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
            const RunRecorder::FinishedRun finished
                = finishedRun(options, scenario, runner, contentHash, startedAt, *inputs);
            const HistoryRun record = RunRecorder::toHistoryRun(finished);
            QString recordError;
            if (history->record(record, &recordError) < 0) {
                printError(QCoreApplication::translate(
                    "ScenaristRun", "warning: this run is not recorded in the history: %1")
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
                scenario.name(), scenario.modules(), order, runner.results(), *inputs);
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
                    printError(QCoreApplication::translate("ScenaristRun",
                        "hint: this scenario calls the built-in sandbox; "
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
