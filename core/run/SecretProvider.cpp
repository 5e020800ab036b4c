#include "core/run/SecretProvider.h"

#include "core/trust/KeychainStore.h"
#include "core/trust/LocalFileAccess.h"
#include "core/trust/SecretBindings.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

SecretProvider::SecretProvider(QObject *parent)
    : QObject(parent)
{
}

SecretProvider::Reach SecretProvider::reach(const QString &name) const
{
    Q_UNUSED(name)
    return Reach {};
}

void SecretProvider::allowOrigin(const QString &name, const QString &origin)
{
    Q_UNUSED(name)
    Q_UNUSED(origin)
}

QString SecretProvider::missingMessage(const QString &name) const
{
    return QCoreApplication::translate(
        "SecretProvider", "The secret \u201c%1\u201d has no value. %2")
        .arg(name, howToSet(name));
}

QString SecretProvider::missingMessageWithoutProvider(const QString &name)
{
    return QCoreApplication::translate("SecretProvider",
        "The secret \u201c%1\u201d has no value. In the app, give it one under "
        "Connections; for scenarist-run, set the environment variable %2 or "
        "give a secrets file with --secrets FILE.")
        .arg(name, HeadlessSecretProvider::environmentVariable(name));
}

HeadlessSecretProvider::HeadlessSecretProvider(
    const QProcessEnvironment &environment, QObject *parent)
    : SecretProvider(parent)
    , m_environment(environment)
{
}

QString HeadlessSecretProvider::environmentVariable(const QString &name)
{
    QString variable = QStringLiteral("SCENARIST_SECRET_");
    for (const QChar c : name.toUpper()) {
        const bool plain = (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
            || (c >= QLatin1Char('0') && c <= QLatin1Char('9'));
        variable += plain ? c : QLatin1Char('_');
    }
    return variable;
}

bool HeadlessSecretProvider::loadFile(const QString &path, QString *error)
{
    // A secrets file is a few lines; a pipe or a device must not hang the run.
    const LocalFileRead read = LocalFileAccess::readChosen(path, 1024 * 1024);
    if (!read.ok()) {
        *error = QCoreApplication::translate(
            "SecretProvider", "Could not read the secrets file %1: %2")
                     .arg(QDir::toNativeSeparators(path), read.error);
        return false;
    }
    if (!loadText(read.data, error, QDir::toNativeSeparators(path)))
        return false;
    m_fileName = QDir::toNativeSeparators(path);
    return true;
}

bool HeadlessSecretProvider::loadText(const QByteArray &text, QString *error, const QString &where)
{
    const QString prefix = where.isEmpty()
        ? QCoreApplication::translate("SecretProvider", "The secrets file")
        : where;
    const QStringList lines = QString::fromUtf8(text).split(QLatin1Char('\n'));
    QHash<QString, QString> values;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const qsizetype equals = line.indexOf(QLatin1Char('='));
        const QString name = equals > 0 ? line.left(equals).trimmed() : QString();
        if (name.isEmpty()) {
            // Never quote the line: it may be a secret typed without its name.
            *error = QCoreApplication::translate("SecretProvider",
                "%1, line %2: expected NAME=value (for example "
                "client_secret=…).")
                         .arg(prefix)
                         .arg(i + 1);
            return false;
        }
        QString value = line.mid(equals + 1).trimmed();
        if (value.size() >= 2
            && ((value.startsWith(QLatin1Char('"')) && value.endsWith(QLatin1Char('"')))
                || (value.startsWith(QLatin1Char('\'')) && value.endsWith(QLatin1Char('\''))))) {
            value = value.mid(1, value.size() - 2);
        }
        values.insert(name, value);
    }
    for (auto it = values.constBegin(); it != values.constEnd(); ++it)
        m_values.insert(it.key(), it.value());
    return true;
}

void HeadlessSecretProvider::setValue(const QString &name, const QString &value)
{
    m_values.insert(name, value);
}

std::optional<QString> HeadlessSecretProvider::value(const QString &name) const
{
    const QString fromEnvironment = m_environment.value(environmentVariable(name));
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    const QString fromFile = m_values.value(name);
    if (!fromFile.isEmpty())
        return fromFile;
    return std::nullopt;
}

void HeadlessSecretProvider::restrictTo(const QString &name, const QStringList &origins)
{
    m_restrictions.insert(name.toLower(), origins);
}

void HeadlessSecretProvider::lookup(const QString &name, QObject *context, Callback done)
{
    const std::optional<QString> given = value(name);
    if (given || !m_useKeychain) {
        m_fromKeychain.remove(name);
        done(given); // answered at once: the context cannot have gone away
        return;
    }
    KeychainStore::read(name, context,
        [this, name, done](KeychainStore::Answer answer, const QString &found, const QString &) {
            const bool ok = answer == KeychainStore::Answer::Found && !found.isEmpty();
            if (ok)
                m_fromKeychain.insert(name);
            done(ok ? std::optional<QString>(found) : std::nullopt);
        });
}

SecretProvider::Reach HeadlessSecretProvider::reach(const QString &name) const
{
    Reach reach;
    if (m_fromKeychain.contains(name)) {
        // Headless runs never bind a keychain secret on first use: --set-secret does.
        const std::optional<QStringList> bound = SecretBindings::allowedOrigins(name);
        reach.anywhere = false;
        reach.origins = bound.value_or(QStringList());
        return reach;
    }
    const auto restricted = m_restrictions.constFind(name.toLower());
    if (restricted != m_restrictions.constEnd()) {
        reach.anywhere = false;
        reach.origins = *restricted;
    }
    return reach;
}

void HeadlessSecretProvider::allowOrigin(const QString &name, const QString &origin)
{
    if (m_fromKeychain.contains(name))
        SecretBindings::allow(name, origin);
}

QString HeadlessSecretProvider::howToSet(const QString &name) const
{
    QString how = QCoreApplication::translate("SecretProvider",
        "Set the environment variable %1, or give a secrets file with "
        "--secrets FILE holding a line %2=…")
                      .arg(environmentVariable(name), name);
    if (!m_fileName.isEmpty())
        how += QCoreApplication::translate("SecretProvider", " (%1 has no such line)")
                   .arg(m_fileName);
    if (m_useKeychain)
        how += QCoreApplication::translate("SecretProvider",
            ", or store it in the keychain with scenarist-run --set-secret %1 "
            "--secret-hosts HOST")
                   .arg(name);
    return how + QLatin1Char('.');
}
