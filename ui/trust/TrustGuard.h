#pragma once

#include "core/model/Module.h"
#include "core/trust/FileConsent.h"

#include <QMessageBox>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>

class QFrame;
class QLabel;

class QPushButton;
class QWidget;
class Scenario;
class ScenarioRunner;

/// The app's side of docs/sharing-scenarios-safely.md. A scenario from elsewhere (a file
/// this user did not save here, a Make blueprint) opens as not trusted: a notice says so;
/// before a run, the local files it would read are listed and asked about; after a run, a
/// secret that was refused a new place is offered to be allowed there, with the risk in
/// plain words. Applies the answers to the runner before each run.
class TrustGuard : public QObject
{
    Q_OBJECT
public:
    /// `window` parents the questions; the notice is a bar to place above the canvas.
    TrustGuard(QWidget *window, ScenarioRunner *runner, QObject *parent = nullptr);

    QFrame *notice() const { return m_notice; }

    /// A new document: whether it is the user's own, and its file (empty: not saved yet).
    /// Forgets the files allowed for the previous one.
    void setDocument(bool trusted, const QString &filePath);
    bool isTrusted() const { return m_consent.trusted; }
    /// The user's own from now on (the notice's "Trust this scenario").
    void trustDocument();
    /// The document was saved to `path` as `bytes`: the file is the user's own if the
    /// document is.
    void documentSaved(const QString &path, const QByteArray &bytes);
    /// Where the scenario file was opened from: trusted when the app saved these bytes.
    static bool isTrustedFile(const QByteArray &bytes);

    /// Before running `modules`: for a scenario from elsewhere, asks about every typed local
    /// file not allowed yet (without a nested event loop), then calls `proceed`. For the
    /// user's own scenario, calls it at once.
    void beforeRun(
        const Scenario &scenario, const QList<ModuleId> &modules, std::function<void()> proceed);

    /// The question shown, while it is (tests answer it).
    QMessageBox *question() const { return m_question; }

signals:
    void trustChanged(bool trusted);

private:
    void applyToRunner();
    void offerRefusedSecrets();
    void updateNotice();

    QPointer<QWidget> m_window;
    ScenarioRunner *m_runner;
    FileConsent m_consent;
    QFrame *m_notice = nullptr;
    QLabel *m_noticeText = nullptr;
    QPushButton *m_trustButton = nullptr;
    QPointer<QMessageBox> m_question;
};
