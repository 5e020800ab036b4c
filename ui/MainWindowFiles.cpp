#include "ui/MainWindow.h"

#include "core/io/CurlCommand.h"
#include "core/io/MakeBlueprint.h"
#include "core/io/ScenarioFile.h"
#include "core/io/ScenarioOpener.h"
#include "core/model/Scenario.h"
#include "core/run/MappingContextBuilder.h"
#include "core/run/RequestMapper.h"
#include "core/run/ScenarioRunner.h"
#include "core/run/SecretFields.h"
#include "core/sandbox/SandboxServer.h"
#include "ui/canvas/CanvasPicture.h"
#include "ui/canvas/ScenarioScene.h"
#include "ui/commands/EditModuleConfigCommand.h"
#include "ui/session/EditingSession.h"

#include <QApplication>
#include <QClipboard>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTimer>
#include <QUndoStack>
#include <QVBoxLayout>

// Files: open, import, save, export, autosave and recovery, and curl commands. What they do
// to the document is the session's; here are the dialogs around it.

namespace {

const QString exampleResource
    = QStringLiteral(":/examples/oauth2-client-credentials.scenario.json");

QString fileFilter()
{
    return QObject::tr("Scenarist scenarios (*.scenario.json *.json);;All files (*)");
}

} // namespace

void MainWindow::newScenario()
{
    m_session->replaceDocument(ScenarioDocument(), EditingSession::Origin());
}

void MainWindow::openExample()
{
    QString error;
    QFile file(exampleResource);
    std::optional<ScenarioDocument> doc;
    if (file.open(QIODevice::ReadOnly))
        doc = ScenarioFile::parse(file.readAll(), &error);
    else
        error = tr("The example is missing from this build of Scenarist.");
    if (!doc) {
        QMessageBox::warning(this, tr("Could not open the example"), error);
        return;
    }
    // Not tied to a file (Save asks where), and trusted: it comes with the app.
    m_session->replaceDocument(*doc, EditingSession::Origin());
    showStatus(tr("This example runs against the built-in sandbox. Press \u201cRun once\u201d."));
}

bool MainWindow::openFile(const QString &path)
{
    // A scenario file or a Make blueprint, read as scenarist-run reads it.
    const ScenarioOpener::Opened opened = ScenarioOpener::open(path);
    if (!opened.document) {
        QMessageBox::warning(this,
            opened.isBlueprint ? tr("Could not import the blueprint")
                               : tr("Could not open the scenario"),
            opened.error);
        return false;
    }
    EditingSession::Origin origin;
    if (opened.isBlueprint) {
        // A new scenario that is not saved yet, made elsewhere by definition: Save asks
        // where, and closing asks first.
        origin.trusted = false;
        origin.sourcePath = path;
        origin.unsaved = true;
    } else {
        origin.filePath = path;
        origin.trusted = isOwnFile(path);
    }
    m_session->replaceDocument(*opened.document, origin);
    if (!opened.isBlueprint) {
        if (!opened.document->warnings.isEmpty())
            showStatus(opened.document->warnings.join(QLatin1Char(' ')));
    } else if (opened.report.isEmpty()) {
        showStatus(tr("Imported every module of %1.").arg(QFileInfo(path).fileName()));
    } else {
        // Nothing is dropped silently: say what could not be converted.
        QMessageBox box(QMessageBox::Information, tr("Imported from Make"),
            tr("The blueprint was imported. %n thing(s) could not be converted "
               "and are kept as they were (grey modules on the canvas cannot run "
               "here):",
                nullptr, int(opened.report.size())),
            QMessageBox::Ok, this);
        box.setInformativeText(
            QStringLiteral("\u2022 ") + opened.report.join(QStringLiteral("\n\u2022 ")));
        box.setObjectName(QStringLiteral("importReport"));
        box.exec();
    }
    return true;
}

bool MainWindow::isOwnFile(const QString &path)
{
    return EditingSession::isOwnFile(path);
}

bool MainWindow::importBlueprint(const QString &path)
{
    if (!MakeBlueprint::isBlueprintFile(path)) {
        QMessageBox::warning(
            this, tr("Could not import the blueprint"), ScenarioOpener::openBlueprint(path).error);
        return false;
    }
    return openFile(path);
}

void MainWindow::importWithDialog()
{
    if (!maybeSave())
        return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Import a Make blueprint"),
        QString(), tr("Make blueprints (*.json *.blueprint.json);;All files (*)"));
    if (!path.isEmpty())
        importBlueprint(path);
}

bool MainWindow::exportBlueprint(const QString &path)
{
    QStringList report;
    const QJsonObject blueprint
        = MakeBlueprint::exportScenario(ScenarioDocument::fromScenario(*m_scenario), &report);
    QString error;
    if (!ScenarioFile::writeAtomically(path, QJsonDocument(blueprint).toJson(), &error)) {
        QMessageBox::warning(this, tr("Could not export"), error);
        return false;
    }
    if (!report.isEmpty()) {
        QMessageBox::information(this, tr("Exported for Make"),
            tr("The blueprint was written. Make cannot hold everything:")
                + QStringLiteral("\n\u2022 ") + report.join(QStringLiteral("\n\u2022 ")));
    } else {
        showStatus(tr("Exported to %1").arg(QDir::toNativeSeparators(path)));
    }
    return true;
}

void MainWindow::exportWithDialog()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export as a Make blueprint"),
        QDir::home().filePath(m_scenario->name() + QStringLiteral(".blueprint.json")),
        tr("Make blueprints (*.json)"));
    if (!path.isEmpty())
        exportBlueprint(path);
}

bool MainWindow::exportImage(const QString &path)
{
    QString error;
    if (!CanvasPicture::save(*m_scene, path, &error)) {
        QMessageBox::warning(this, tr("Could not export the picture"), error);
        return false;
    }
    showStatus(tr("Saved the picture of the canvas to %1").arg(QDir::toNativeSeparators(path)));
    return true;
}

void MainWindow::exportImageWithDialog()
{
    const QString suggestion = QDir::home().filePath(m_scenario->name() + QStringLiteral(".png"));
    QString path;
    if (m_options.chooseImageFile) {
        path = m_options.chooseImageFile(this, suggestion);
    } else {
        const QString png = tr("PNG picture (*.png)");
        const QString svg = tr("SVG drawing (*.svg)");
        QString chosenType;
        path = QFileDialog::getSaveFileName(this, tr("Export the canvas as an image"), suggestion,
            png + QStringLiteral(";;") + svg, &chosenType);
        // A name typed without an ending gets the one of the chosen type.
        if (!path.isEmpty() && QFileInfo(path).suffix().isEmpty())
            path += chosenType == svg ? QStringLiteral(".svg") : QStringLiteral(".png");
    }
    if (!path.isEmpty())
        exportImage(path);
}

ModuleId MainWindow::importCurl(const QString &command, ModuleId target)
{
    CurlCommand::ParseResult parsed = CurlCommand::parse(command);
    if (!parsed.error.isEmpty()) {
        QMessageBox::warning(this, tr("Could not read the curl command"), parsed.error);
        return 0;
    }
    // A pasted command comes from someone else: its @file options are read only once the
    // person has seen which files they are (docs/sharing-scenarios-safely.md). Nothing of a
    // file is in the module, hence in an autosave, unless they say yes.
    const QStringList files = parsed.inlinedFiles();
    if (!files.isEmpty()) {
        QStringList listed;
        // A relative path is read from the home folder (where a terminal usually starts):
        // show where that is.
        for (const QString &file : files)
            listed.append(QStringLiteral("\u2022 ")
                + (QDir::isAbsolutePath(file) ? file : QDir::home().absoluteFilePath(file)));
        const QMessageBox::StandardButton answer
            = QMessageBox::question(this, tr("Read files from this computer?"),
                tr("This command reads these files from your computer:\n%1\n\nRead them into "
                   "the module? Their contents become part of the scenario, and anyone you share "
                   "it with can read them.")
                    .arg(listed.join(QLatin1Char('\n'))),
                QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer == QMessageBox::Yes) {
            // Any file the person agreed to, but never a device, a pipe or a system file.
            FileAccessPolicy policy;
            policy.anywhere = true;
            policy.baseFolder = QDir::homePath();
            CurlCommand::readFiles(parsed, policy);
        } else {
            parsed.warnings.append(
                tr("The files were not read: the module holds a placeholder where their "
                   "contents would go."));
        }
    }
    if (target != 0 && m_scenario->contains(target)) {
        m_undoStack->push(new EditModuleConfigCommand(m_scenario, target, parsed.spec));
    } else {
        // One undo step for "a new module with these settings".
        m_undoStack->beginMacro(tr("Add a module from a curl command"));
        target = addModule();
        if (target != 0)
            m_undoStack->push(new EditModuleConfigCommand(m_scenario, target, parsed.spec));
        m_undoStack->endMacro();
        if (target == 0)
            return 0;
    }
    editModule(target);
    if (!parsed.warnings.isEmpty())
        showStatus(parsed.warnings.join(QLatin1Char(' ')));
    return target;
}

void MainWindow::pasteCurlWithDialog()
{
    if (isShowingWelcome())
        newScenario();
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Paste a curl command"));
    auto *layout = new QVBoxLayout(&dialog);
    auto *hint = new QLabel(tr("Paste a curl command, for example from your browser's developer "
                               "tools (“Copy as cURL\u201d) or from an API's documentation."),
        &dialog);
    hint->setWordWrap(true);
    auto *text = new QPlainTextEdit(&dialog);
    text->setPlaceholderText(
        QStringLiteral("curl 'https://api.example.com/items' -H 'Accept: application/json'"));
    const QString clipboard = QGuiApplication::clipboard()->text();
    if (clipboard.trimmed().startsWith(QLatin1String("curl")))
        text->setPlainText(clipboard);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Create a module"));
    const QList<ModuleId> selected = m_scene->selectedModules();
    QPushButton *replace = nullptr;
    if (selected.size() == 1) {
        replace = buttons->addButton(
            tr("Replace module %1's settings").arg(selected.first()), QDialogButtonBox::ActionRole);
    }
    layout->addWidget(hint);
    layout->addWidget(text, 1);
    layout->addWidget(buttons);
    dialog.resize(640, 360);
    ModuleId target = 0;
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (replace) {
        connect(replace, &QPushButton::clicked, &dialog, [&] {
            // Replacing loses what the module had: ask first (it can be undone, too).
            if (QMessageBox::question(&dialog, tr("Replace the settings?"),
                    tr("Module %1's URL, headers and body will be replaced by "
                       "the curl command's. You can undo this.")
                        .arg(selected.first()))
                == QMessageBox::Yes) {
                target = selected.first();
                dialog.accept();
            }
        });
    }
    if (dialog.exec() == QDialog::Accepted)
        importCurl(text->toPlainText(), target);
}

QString MainWindow::curlForModule(ModuleId id) const
{
    const Module module = m_scenario->module(id);
    const MappingContext context
        = MappingContextBuilder::build(&m_runner->results(), m_runner->namedRoots());
    const RequestMapper::Result resolved = RequestMapper::resolve(module.config, context);
    return CurlCommand::fromSpec(resolved.request, resolved.secretValues, false);
}

void MainWindow::openWithDialog()
{
    if (!maybeSave())
        return;
    const QString path
        = QFileDialog::getOpenFileName(this, tr("Open a scenario"), QString(), fileFilter());
    if (!path.isEmpty())
        openFile(path);
}

bool MainWindow::saveTo(const QString &path)
{
    QString error;
    if (!m_session->saveTo(path, &error)) {
        QMessageBox::warning(this, tr("Could not save"), error);
        return false;
    }
    // Not a dialog: saving works, the status bar says once which field still holds a secret.
    const QString secretWarning = SecretFields::saveWarning(*m_scenario);
    showStatus(secretWarning.isEmpty() ? tr("Saved to %1").arg(QDir::toNativeSeparators(path))
                                       : secretWarning);
    return true;
}

bool MainWindow::save()
{
    if (m_session->filePath().isEmpty())
        return saveAs();
    return saveTo(m_session->filePath());
}

bool MainWindow::saveAs()
{
    QString suggestion = m_session->filePath();
    if (suggestion.isEmpty()) {
        suggestion = QDir::home().filePath(
            m_scenario->name().simplified().replace(QLatin1Char('/'), QLatin1Char('-'))
            + ScenarioFile::suggestedSuffix());
    }
    QString path
        = QFileDialog::getSaveFileName(this, tr("Save the scenario"), suggestion, fileFilter());
    if (path.isEmpty())
        return false;
    if (!path.endsWith(QLatin1String(".json")))
        path += ScenarioFile::suggestedSuffix();
    return saveTo(path);
}

bool MainWindow::maybeSave()
{
    if (m_session->isClean())
        return true;
    const QMessageBox::StandardButton answer = QMessageBox::question(this, tr("Save your changes?"),
        tr("\u201c%1\u201d has changes that are not saved. Save them before closing it?")
            .arg(m_session->displayName()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls() && event->mimeData()->urls().first().isLocalFile())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QString path = event->mimeData()->urls().first().toLocalFile();
    event->acceptProposedAction();
    // Open after the drop finishes, so that a question (save changes?) does not run inside
    // the drag and drop machinery.
    QTimer::singleShot(0, this, [this, path] {
        if (maybeSave())
            openFile(path);
    });
}

void MainWindow::autosaveNow()
{
    if (isShowingWelcome())
        return;
    QString error;
    if (!m_session->autosaveNow(&error))
        showStatus(tr("Autosave failed: %1").arg(error));
}

void MainWindow::checkRecovery()
{
    const QList<RecoveryStore::Entry> leftovers = m_session->leftovers();
    if (leftovers.isEmpty())
        return;
    const RecoveryStore::Entry &newest = leftovers.first();
    const QString what = newest.originalPath.isEmpty()
        ? tr("the unsaved scenario \u201c%1\u201d").arg(newest.scenarioName)
        : tr("unsaved changes to %1").arg(QFileInfo(newest.originalPath).fileName());
    m_noticeText->setText(
        tr("Scenarist was closed without saving %1 (autosaved %2). "
           "Restore it?")
            .arg(what, QLocale().toString(newest.savedAt.toLocalTime(), QLocale::ShortFormat)));
    m_notice->show();
}

bool MainWindow::restoreRecovery()
{
    QString error;
    if (m_session->restoreRecovery(&error)) {
        m_notice->hide();
        return true;
    }
    if (!error.isEmpty())
        QMessageBox::warning(this, tr("Could not restore"), error);
    return false;
}
