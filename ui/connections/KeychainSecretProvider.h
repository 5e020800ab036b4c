#pragma once

#include "core/run/SecretProvider.h"

#include <QDialog>
#include <QHash>
#include <QList>
#include <QPointer>

class QWidget;

/// The desktop app's secrets: values live in the OS keychain through QtKeychain (service
/// "Scenarist", one entry per secret name). Where no keychain answers, the app asks for a
/// value for this session, says why it cannot remember it, and keeps it in memory only.
class KeychainSecretProvider : public SecretProvider
{
    Q_OBJECT
public:
    static QString serviceName();

    explicit KeychainSecretProvider(QObject *parent = nullptr);

    /// The window over which the app asks for a value when no keychain answers; without
    /// one it never asks.
    void setDialogParent(QWidget *parent);
    /// How long to wait for the keychain before treating it as unavailable (default 10 s).
    void setKeychainTimeoutMs(int ms) { m_timeoutMs = ms; }

    /// Session value, then the keychain; where the keychain cannot answer, asks.
    void lookup(const QString &name, QObject *context, Callback done) override;
    QString howToSet(const QString &name) const override;
    /// Keychain secrets go only to the origins recorded for them (SecretBindings).
    Reach reach(const QString &name) const override;
    void allowOrigin(const QString &name, const QString &origin) override;

    /// Like lookup(), but never asks: for showing whether a secret has a value.
    void peek(const QString &name, QObject *context, Callback done);

    using StoreCallback = std::function<void(bool remembered, const QString &why)>;
    /// Saves a value in the keychain. When no keychain answers, the value is kept for this
    /// session and `done` gets false with the reason in plain words.
    void store(const QString &name, const QString &value, QObject *context, StoreCallback done);
    /// Removes a value from the keychain and the session.
    void forget(const QString &name, QObject *context, std::function<void()> done);

    void setSessionValue(const QString &name, const QString &value);
    /// True once a keychain request failed because no keychain answered.
    bool keychainUnavailable() const { return !m_unavailableReason.isEmpty(); }
    QString unavailableReason() const { return m_unavailableReason; }
    /// The "type the value for this session" dialog, while it is shown.
    QDialog *prompt() const { return m_prompt; }

signals:
    /// The app is asking for a secret's value (tests answer the dialog).
    void promptShown(QDialog *dialog, const QString &name);
    /// A secret's value was stored, forgotten or entered for the session.
    void secretChanged(const QString &name);

private:
    struct Waiter
    {
        QPointer<QObject> context;
        bool hasContext = false;
        Callback done;
    };
    enum class Answer { Found, NotFound, Unavailable };
    using ReadCallback = std::function<void(Answer, const QString &value)>;

    void read(const QString &name, ReadCallback done);
    void ask(const QString &name, QObject *context, Callback done);
    void showNextPrompt();
    void finishPrompt(const QString &name, const std::optional<QString> &value);
    static void call(const Waiter &waiter, const std::optional<QString> &value);

    QPointer<QWidget> m_dialogParent;
    QHash<QString, QString> m_session;
    QString m_unavailableReason;
    int m_timeoutMs = 10000;
    QHash<QString, QList<Waiter>> m_asking; ///< names waiting for a prompt, with callers
    QStringList m_promptQueue;
    QPointer<QDialog> m_prompt;
};
