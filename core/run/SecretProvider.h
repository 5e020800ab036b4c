#pragma once

#include <QHash>
#include <QObject>
#include <QProcessEnvironment>
#include <QSet>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

/// Where the values of secrets come from. A secret has a name and is referenced from any
/// field as {{secrets.NAME}}; files keep the reference only. The desktop app asks the OS
/// keychain, scenarist-run the environment and a secrets file.
class SecretProvider : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const std::optional<QString> &value)>;

    explicit SecretProvider(QObject *parent = nullptr);

    /// Looks a secret up and calls `done` once with its value, or with nothing when it has
    /// none. `done` may be called before lookup() returns, or later (a keychain answers
    /// asynchronously); it is not called when `context` was destroyed meanwhile.
    virtual void lookup(const QString &name, QObject *context, Callback done) = 0;
    /// Plain words that say how to give `name` a value, for "has no value" messages.
    virtual QString howToSet(const QString &name) const = 0;

    /// Where a secret's value may be sent (docs/sharing-scenarios-safely.md).
    struct Reach
    {
        bool anywhere = true; ///< a value the operator gave for this run, unrestricted
        bool recorded = true; ///< false: a keychain secret with no record of places yet
        QStringList origins; ///< the origins it may go to, unless `anywhere`
    };
    /// Asked after lookup() found a value. The default: anywhere.
    virtual Reach reach(const QString &name) const;
    /// Lets `name` go to `origin` from now on (the user allowed it, or the user's own
    /// scenario sent a secret that had no record yet). Does nothing for unrestricted values.
    virtual void allowOrigin(const QString &name, const QString &origin);

    /// "The secret “NAME” has no value. " followed by howToSet(): the module error.
    QString missingMessage(const QString &name) const;
    /// The same sentence for whoever has no provider at all.
    static QString missingMessageWithoutProvider(const QString &name);
};

/// The secrets of scenarist-run: environment variables SCENARIST_SECRET_<NAME> (the name
/// upper-cased, every character but A-Z and 0-9 turned into '_'), then the values of a
/// secrets file (--secrets FILE). The environment wins over the file. An empty value
/// counts as no value.
class HeadlessSecretProvider : public SecretProvider
{
    Q_OBJECT
public:
    explicit HeadlessSecretProvider(
        const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
        QObject *parent = nullptr);

    /// "client_secret" -> "SCENARIST_SECRET_CLIENT_SECRET".
    static QString environmentVariable(const QString &name);

    /// Reads NAME=value lines (blank lines and lines starting with # are ignored; spaces
    /// around the name and the value are dropped; a value in matching quotes loses them).
    /// On failure returns false and says what and where in *error.
    bool loadFile(const QString &path, QString *error);
    /// Parses the text of a secrets file (see loadFile).
    bool loadText(const QByteArray &text, QString *error, const QString &where = {});
    /// Gives a secret a value directly (tests, embedding).
    void setValue(const QString &name, const QString &value);
    /// The value as this provider knows it, synchronously.
    std::optional<QString> value(const QString &name) const;
    /// Restricts where the secret `name` (case-insensitive) may go (--secret-hosts).
    void restrictTo(const QString &name, const QStringList &origins);
    /// Also looks secrets up in the system keychain (scenarist-run --keychain), after the
    /// environment and the secrets file. Keychain secrets go only where they are bound.
    void setUseKeychain(bool use) { m_useKeychain = use; }

    void lookup(const QString &name, QObject *context, Callback done) override;
    QString howToSet(const QString &name) const override;
    Reach reach(const QString &name) const override;
    void allowOrigin(const QString &name, const QString &origin) override;

private:
    QProcessEnvironment m_environment;
    QHash<QString, QString> m_values;
    QHash<QString, QStringList> m_restrictions; ///< lower-case name -> origins
    QSet<QString> m_fromKeychain;
    bool m_useKeychain = false;
    QString m_fileName;
};
