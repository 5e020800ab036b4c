#include "ui/trust/TrustGuard.h"

#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "core/run/SecretProvider.h"
#include "core/run/TypedFilePaths.h"
#include "core/trust/LocalFileAccess.h"
#include "core/trust/TrustStore.h"

#include <QDir>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>

namespace {

/// A typed path of a module that reads a local file: multipart files and CA certificate
/// files (a computed path is checked when it is known, under the stricter rules).
struct TypedFile
{
    ModuleId module = 0;
    QString path;
};

QList<TypedFile> typedFiles(const Module &module, const Connection *connection)
{
    QList<TypedFile> files;
    for (const QString &path : TypedFilePaths::of(module.config, connection))
        files.append({module.id, path});
    return files;
}

} // namespace

TrustGuard::TrustGuard(QWidget *window, ScenarioRunner *runner, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_runner(runner)
{
    m_notice = new QFrame(window);
    m_notice->setObjectName(QStringLiteral("trustNotice"));
    m_notice->setAutoFillBackground(true);
    QPalette palette = m_notice->palette();
    palette.setColor(QPalette::Window, QColor(255, 236, 214));
    palette.setColor(QPalette::WindowText, QColor(70, 35, 0));
    palette.setColor(QPalette::ButtonText, QColor(70, 35, 0));
    m_notice->setPalette(palette);
    auto *layout = new QHBoxLayout(m_notice);
    m_noticeText = new QLabel(m_notice);
    m_noticeText->setWordWrap(true);
    m_noticeText->setText(
        tr("This scenario comes from elsewhere. It can run, but Scenarist asks before it reads "
           "a file from your computer or sends one of your secrets somewhere new."));
    m_trustButton = new QPushButton(tr("I trust it"), m_notice);
    m_trustButton->setObjectName(QStringLiteral("trustButton"));
    m_trustButton->setToolTip(
        tr("Treat this scenario as your own: it may read the files it names without asking. "
           "Your secrets still go only to the places you allowed."));
    layout->addWidget(m_noticeText, 1);
    layout->addWidget(m_trustButton);
    connect(m_trustButton, &QPushButton::clicked, this, &TrustGuard::trustDocument);
    connect(runner, &ScenarioRunner::runFinished, this, [this] { offerRefusedSecrets(); });
    m_notice->hide();
    applyToRunner();
}

bool TrustGuard::isTrustedFile(const QByteArray &bytes)
{
    return TrustStore::isTrusted(bytes);
}

void TrustGuard::setDocument(bool trusted, const QString &filePath)
{
    m_consent = FileConsent {};
    m_consent.trusted = trusted;
    m_consent.scenarioFolder = filePath.isEmpty() ? QString() : QFileInfo(filePath).absolutePath();
    applyToRunner();
    updateNotice();
    emit trustChanged(trusted);
}

void TrustGuard::trustDocument()
{
    m_consent.trusted = true;
    applyToRunner();
    updateNotice();
    emit trustChanged(true);
}

void TrustGuard::documentSaved(const QString &path, const QByteArray &bytes)
{
    m_consent.scenarioFolder = QFileInfo(path).absolutePath();
    // Saving a scenario from elsewhere does not make it the user's own.
    if (m_consent.trusted)
        TrustStore::trust(bytes);
    applyToRunner();
}

void TrustGuard::updateNotice()
{
    m_notice->setVisible(!m_consent.trusted);
}

void TrustGuard::applyToRunner()
{
    m_runner->setFileConsent(m_consent);
    m_runner->setBindSecretsOnFirstUse(m_consent.trusted);
}

void TrustGuard::beforeRun(
    const Scenario &scenario, const QList<ModuleId> &modules, std::function<void()> proceed)
{
    applyToRunner();
    if (m_consent.trusted || m_question) {
        if (!m_question)
            proceed();
        return;
    }
    // Files already allowed, files that do not exist or may never be read (the run says
    // why on the module) are not asked about.
    const FileAccessPolicy anywhere = [this] {
        FileConsent own = m_consent;
        own.trusted = true;
        return own.policyFor(false);
    }();
    QStringList lines;
    QStringList toAllow;
    for (ModuleId id : modules) {
        const Module *module = scenario.findModule(id);
        if (!module)
            continue;
        for (const TypedFile &file :
            typedFiles(*module, scenario.findConnection(module->config.connection))) {
            QString canonical;
            if (!LocalFileAccess::check(file.path, anywhere, &canonical).isEmpty())
                continue;
            if (m_consent.consentedFiles.contains(canonical) || toAllow.contains(canonical))
                continue;
            toAllow.append(canonical);
            lines.append(tr("\u2022 %1 (module %2, \u201c%3\u201d)")
                             .arg(QDir::toNativeSeparators(canonical))
                             .arg(id)
                             .arg(module->displayName()));
        }
    }
    if (toAllow.isEmpty()) {
        proceed();
        return;
    }
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Read files from your computer?"),
        tr("This scenario comes from elsewhere and wants to read these files from your "
           "computer and send them to a server:"),
        QMessageBox::NoButton, m_window);
    box->setObjectName(QStringLiteral("fileConsent"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(lines.join(QLatin1Char('\n')) + QLatin1String("\n\n")
        + tr("Allow them only if you expected this scenario to send these files. If you do not "
             "allow them, the modules that need them fail and send nothing."));
    box->addButton(tr("Allow these files"), QMessageBox::YesRole)
        ->setObjectName(QStringLiteral("allowFiles"));
    QPushButton *refuse = box->addButton(tr("Don't allow"), QMessageBox::NoRole);
    box->setDefaultButton(refuse);
    box->setEscapeButton(refuse);
    m_question = box;
    connect(box, &QMessageBox::finished, this, [this, box, toAllow, proceed] {
        if (box->clickedButton() && box->buttonRole(box->clickedButton()) == QMessageBox::YesRole)
            m_consent.consentedFiles += toAllow;
        applyToRunner();
        proceed();
    });
    box->open();
}

void TrustGuard::offerRefusedSecrets()
{
    QList<ModuleRun::SecretRefusal> refused;
    QStringList lines;
    const RunResult &results = m_runner->results();
    for (ModuleId id : results.moduleIds()) {
        for (const ModuleRun::SecretRefusal &refusal : results.run(id).secretRefusals) {
            refused.append(refusal);
            lines.append(tr("\u2022 \u201c%1\u201d to %2 (module %3)")
                             .arg(refusal.secret, refusal.origin)
                             .arg(id));
        }
    }
    SecretProvider *secrets = m_runner->secretProvider();
    if (refused.isEmpty() || !secrets || m_question)
        return;
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Send your secret somewhere new?"),
        tr("This scenario tried to send a secret to a place it was never sent before. Nothing "
           "was sent:"),
        QMessageBox::NoButton, m_window);
    box->setObjectName(QStringLiteral("secretRefusal"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(lines.join(QLatin1Char('\n')) + QLatin1String("\n\n")
        + tr("Whoever runs that server gets the secret and can act as you. If someone else "
             "made this scenario, it may be trying to steal it. Allow it only if you know the "
             "place and meant to send the secret there; then run again."));
    const QString allowText = refused.size() == 1
        ? tr("Allow %1 for %2").arg(refused.first().origin, refused.first().secret)
        : tr("Allow these places");
    box->addButton(allowText, QMessageBox::YesRole)->setObjectName(QStringLiteral("allowSecret"));
    QPushButton *refuse = box->addButton(tr("Don't allow"), QMessageBox::NoRole);
    box->setDefaultButton(refuse);
    box->setEscapeButton(refuse);
    m_question = box;
    const QPointer<SecretProvider> provider(secrets);
    connect(box, &QMessageBox::finished, this, [box, refused, provider] {
        if (!provider || !box->clickedButton()
            || box->buttonRole(box->clickedButton()) != QMessageBox::YesRole)
            return;
        for (const ModuleRun::SecretRefusal &refusal : refused)
            provider->allowOrigin(refusal.secret, refusal.origin);
    });
    box->open();
}
