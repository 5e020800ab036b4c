#include "ui/session/EditingSession.h"

#include "core/io/ScenarioDocument.h"
#include "core/io/ScenarioFile.h"
#include "core/kinds/KindRegistry.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "ui/canvas/ScenarioScene.h"
#include "ui/commands/AddModuleCommand.h"
#include "ui/commands/LinkCommand.h"
#include "ui/trust/TrustGuard.h"

#include <QClipboard>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QMimeData>
#include <QTimer>
#include <QUndoStack>

namespace {

const QString clipboardFormat = QStringLiteral("application/x-scenarist-scenario");

} // namespace

EditingSession::EditingSession(QWidget *window, const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_scenario(new Scenario(this))
    , m_undoStack(new QUndoStack(this))
    , m_runner(new ScenarioRunner(this))
    , m_trust(new TrustGuard(window, m_runner, this))
    , m_recovery(new RecoveryStore(options.recoveryDirectory))
    , m_autosaveTimer(new QTimer(this))
{
    m_autosaveTimer->setSingleShot(true);
    m_autosaveTimer->setInterval(m_options.autosaveIntervalMs);
    connect(m_autosaveTimer, &QTimer::timeout, this, [this] {
        QString error;
        if (!autosaveNow(&error))
            emit autosaveFailed(error);
    });
    connect(m_undoStack, &QUndoStack::cleanChanged, this, &EditingSession::cleanChanged);
    connect(m_undoStack, &QUndoStack::indexChanged, this, [this] {
        if (!m_undoStack->isClean() && !m_autosaveTimer->isActive())
            m_autosaveTimer->start();
    });

    connect(m_runner, &ScenarioRunner::runStarted, this, [this] {
        setRunState(RunState::Running);
        emit runStarted();
    });
    connect(m_runner, &ScenarioRunner::moduleStarted, this, &EditingSession::moduleStarted);
    connect(m_runner, &ScenarioRunner::moduleFinished, this,
        [this](ModuleId id) { emit moduleRunChanged(id); });
    connect(m_runner, &ScenarioRunner::runFinished, this, [this](bool ok) {
        setRunState(ok ? RunState::Succeeded : RunState::Failed);
        emit runFinished(ok);
    });
    // Ids are never reused, so a module that comes back (an undone delete, a redone add)
    // is the one that ran: its results come back with it. Queued, so that every panel has
    // its own copy of the module first.
    connect(m_scenario, &Scenario::moduleAdded, this, [this](ModuleId id) {
        QTimer::singleShot(0, this, [this, id] {
            if (m_scenario->contains(id) && hasRun(id))
                emit moduleRunChanged(id);
        });
    });
}

EditingSession::~EditingSession()
{
    m_runner->disconnect(this);
    m_undoStack->disconnect(this);
    m_scenario->disconnect(this);
    delete m_recovery;
}

void EditingSession::replaceDocument(const ScenarioDocument &document, const Origin &origin)
{
    m_runner->cancel();
    m_runner->clearResults();
    document.applyTo(*m_scenario);
    m_undoStack->clear();
    if (origin.unsaved)
        m_undoStack->resetClean();
    m_trust->setDocument(
        origin.trusted, origin.sourcePath.isEmpty() ? origin.filePath : origin.sourcePath);
    setRunState(RunState::NeverRun);
    setFilePath(origin.filePath);
    emit cleanChanged(m_undoStack->isClean());
    emit documentReplaced();
}

QString EditingSession::displayName() const
{
    return m_filePath.isEmpty() ? m_scenario->name() : QFileInfo(m_filePath).fileName();
}

bool EditingSession::isClean() const
{
    return m_undoStack->isClean();
}

bool EditingSession::isOwnFile(const QString &path)
{
    // As much as the scenario reader accepts, and one byte more (then it is not a scenario).
    constexpr qint64 readerCap = 64LL * 1024 * 1024;
    QFile file(path);
    return file.open(QIODevice::ReadOnly) && TrustGuard::isTrustedFile(file.read(readerCap + 1));
}

bool EditingSession::saveTo(const QString &path, QString *error)
{
    const QByteArray bytes = ScenarioFile::serialize(ScenarioDocument::fromScenario(*m_scenario));
    if (!ScenarioFile::writeAtomically(path, bytes, error))
        return false;
    m_trust->documentSaved(path, bytes);
    m_undoStack->setClean();
    m_recovery->discard();
    setFilePath(path);
    return true;
}

void EditingSession::setFilePath(const QString &path)
{
    m_filePath = path;
    emit filePathChanged(path);
}

void EditingSession::setRunState(RunState state)
{
    if (m_runState == state)
        return;
    m_runState = state;
    emit runStateChanged();
}

ModuleId EditingSession::firstFailedModule() const
{
    for (ModuleId id : m_scenario->runOrder()) {
        if (m_runner->results().status(id) == ModuleRunStatus::Failed)
            return id;
    }
    return 0;
}

bool EditingSession::hasRun(ModuleId id) const
{
    return m_runner->results().contains(id);
}

ModuleRun EditingSession::run(ModuleId id) const
{
    return m_runner->results().run(id);
}

void EditingSession::runAll()
{
    if (m_runner->isRunning() || m_scenario->modules().isEmpty())
        return;
    m_trust->beforeRun(*m_scenario, m_scenario->runOrder(), [this] {
        if (!m_runner->isRunning()) {
            m_wholeRun = true;
            m_runner->runAll(*m_scenario);
        }
    });
}

void EditingSession::runAllWithInputs(const QJsonObject &inputs)
{
    if (m_runner->isRunning())
        return;
    m_runner->setNamedRoot(
        QStringLiteral("var"), QJsonObject {{QStringLiteral("input"), QJsonValue(inputs)}});
    runAll();
}

QJsonObject EditingSession::runInputs() const
{
    return m_runner->namedRoot(QStringLiteral("var"))
        .toObject()
        .value(QStringLiteral("input"))
        .toObject();
}

void EditingSession::runModule(ModuleId id)
{
    if (m_runner->isRunning())
        return;
    m_trust->beforeRun(*m_scenario, {id}, [this, id] {
        if (!m_runner->isRunning()) {
            m_wholeRun = false;
            m_runner->runModule(*m_scenario, id);
        }
    });
}

void EditingSession::retryIncomplete(const IncompleteRecord &incomplete)
{
    retryIncomplete(incomplete, m_runner->namedRoot(QStringLiteral("var")).toObject(), {});
}

void EditingSession::retryIncomplete(const IncompleteRecord &incomplete,
    const QJsonObject &variables, const std::function<void()> &started)
{
    if (m_runner->isRunning() || !m_scenario->contains(incomplete.module))
        return;
    m_trust->beforeRun(*m_scenario, m_scenario->runOrder(), [this, incomplete, variables, started] {
        if (m_runner->isRunning())
            return;
        m_wholeRun = false;
        m_runner->setNamedRoot(QStringLiteral("var"), variables);
        if (started)
            started();
        m_runner->retryIncomplete(*m_scenario, incomplete);
    });
}

void EditingSession::stopRun()
{
    m_runner->cancel();
}

namespace {

/// A new module of kind `type`, with that kind's default settings.
Module newModule(const QString &type)
{
    Module module;
    module.type = type;
    if (const KindInfo *kind = KindRegistry::find(type); kind && kind->makeDefault)
        module.settings = kind->makeDefault();
    return module;
}

} // namespace

ModuleId EditingSession::addModule(
    ModuleId after, const QPointF &position, QString *why, const QString &type)
{
    // A full scenario (docs/scenario-file-limits.md) says so instead of saving a file that
    // would not open again.
    if (!m_scenario->canAddModules(1, why))
        return 0;
    const QList<ModuleId> order = m_scenario->runOrder();
    if (after == 0 && !order.isEmpty())
        after = order.last();
    Module module = newModule(type);
    if (!qIsNaN(position.x())) {
        module.position = position;
    } else if (after != 0) {
        module.position
            = m_scenario->module(after).position + QPointF(ScenarioScene::ModuleSpacing, 0);
    }
    auto *command = new AddModuleCommand(m_scenario, module, after);
    m_undoStack->push(command);
    return command->moduleId();
}

ModuleId EditingSession::addErrorHandler(ModuleId of, QString *why, const QString &type)
{
    if (!m_scenario->canAddModules(1, why))
        return 0;
    if (const Link *route = m_scenario->errorRoute(of)) {
        if (why)
            *why = tr("Module %1 has an error handler already: module %2.").arg(of).arg(route->to);
        return 0;
    }
    Module module = newModule(type);
    // Below and to the right of the module, where Make draws error handlers.
    module.position = m_scenario->module(of).position
        + QPointF(ScenarioScene::ModuleSpacing * 0.6, ScenarioScene::ModuleSpacing * 0.6);
    Link incoming;
    incoming.from = of;
    incoming.onError = true;
    auto *command = new AddModuleCommand(m_scenario, module, incoming);
    m_undoStack->push(command);
    return command->moduleId();
}

void EditingSession::copyModules(const QList<ModuleId> &ids)
{
    if (ids.isEmpty())
        return;
    // The clipboard holds a small scenario file: readable, and pasteable into any scenario.
    ScenarioDocument doc;
    doc.name = m_scenario->name();
    for (ModuleId id : ids) {
        if (const Module *module = m_scenario->findModule(id))
            doc.modules.append(*module);
    }
    for (const Link &link : m_scenario->links()) {
        if (ids.contains(link.from) && ids.contains(link.to))
            doc.links.append(link);
    }
    auto *mime = new QMimeData;
    const QByteArray bytes = ScenarioFile::serialize(doc);
    mime->setData(clipboardFormat, bytes);
    mime->setText(QString::fromUtf8(bytes));
    QGuiApplication::clipboard()->setMimeData(mime);
}

QList<ModuleId> EditingSession::pasteModules(QString *message)
{
    const QMimeData *mime = QGuiApplication::clipboard()->mimeData();
    if (!mime)
        return {};
    const bool ours = mime->hasFormat(clipboardFormat);
    const QByteArray bytes = ours ? mime->data(clipboardFormat) : mime->text().toUtf8();
    QString error;
    const std::optional<ScenarioDocument> doc = ScenarioFile::parse(bytes, &error);
    if (!doc || doc->modules.isEmpty()) {
        if (message)
            *message = tr("The clipboard holds no Scenarist modules to paste.");
        return {};
    }
    // A pasted scenario is a parsed file: at most Scenario::maxModules modules.
    if (!m_scenario->canAddModules(int(doc->modules.size()), message))
        return {};
    // New ids (ids are never reused), links between the pasted modules kept, and a small
    // offset so the copies do not hide the originals.
    QHash<ModuleId, ModuleId> newIds;
    QList<ModuleId> pasted;
    ModuleId next = m_scenario->nextId();
    for (const Module &module : doc->modules) {
        newIds.insert(module.id, next);
        pasted.append(next++);
    }
    m_undoStack->beginMacro(doc->modules.size() == 1
            ? tr("Paste a module")
            : tr("Paste %1 modules").arg(doc->modules.size()));
    for (Module module : doc->modules) {
        module.id = newIds.value(module.id);
        module.position += QPointF(40, 40);
        m_undoStack->push(new AddModuleCommand(m_scenario, module));
    }
    for (const Link &link : doc->links)
        m_undoStack->push(
            new LinkCommand(m_scenario, newIds.value(link.from), newIds.value(link.to)));
    m_undoStack->endMacro();
    // Modules pasted as text come from anywhere (a web page, a chat): the scenario now holds
    // someone else's settings, so it asks again before reading files.
    if (!ours)
        m_trust->setDocument(false, m_filePath);
    return pasted;
}

bool EditingSession::autosaveNow(QString *error)
{
    if (m_undoStack->isClean())
        return true;
    return m_recovery->save(ScenarioDocument::fromScenario(*m_scenario), m_filePath, error);
}

QList<RecoveryStore::Entry> EditingSession::leftovers() const
{
    return m_recovery->leftovers();
}

bool EditingSession::restoreRecovery(QString *error)
{
    const QList<RecoveryStore::Entry> entries = m_recovery->leftovers();
    if (entries.isEmpty())
        return false;
    const RecoveryStore::Entry entry = entries.first();
    const std::optional<ScenarioDocument> doc = ScenarioFile::load(entry.autosavePath, error);
    if (!doc)
        return false;
    // The restored work is not saved yet: it stays marked as changed, and keeps its autosave
    // until it is saved, under this session's name. Trusted only when it belongs to a file of
    // the user's own (an autosave records nothing of where its content came from).
    Origin origin;
    origin.filePath = entry.originalPath;
    origin.trusted = !entry.originalPath.isEmpty() && isOwnFile(entry.originalPath);
    origin.unsaved = true;
    replaceDocument(*doc, origin);
    RecoveryStore::remove(entry);
    autosaveNow();
    return true;
}

void EditingSession::discardLeftovers()
{
    for (const RecoveryStore::Entry &entry : m_recovery->leftovers())
        RecoveryStore::remove(entry);
}

void EditingSession::discardAutosave()
{
    m_recovery->discard();
}
