#pragma once

#include <QHash>
#include <QObject>
#include <QProcessEnvironment>
#include <QString>

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

    void lookup(const QString &name, QObject *context, Callback done) override;
    QString howToSet(const QString &name) const override;

private:
    QProcessEnvironment m_environment;
    QHash<QString, QString> m_values;
    QString m_fileName;
};
