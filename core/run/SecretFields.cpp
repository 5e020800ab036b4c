#include "core/run/SecretFields.h"

#include "core/model/Scenario.h"
#include "core/run/RequestMapper.h"

#include <QCoreApplication>
#include <QRegularExpression>

QString LiteralSecret::description() const
{
    switch (place) {
    case Place::Header:
        return QCoreApplication::translate("SecretFields", "the header \u201c%1\u201d")
            .arg(fieldName);
    case Place::Query:
        return QCoreApplication::translate("SecretFields", "the query parameter \u201c%1\u201d")
            .arg(fieldName);
    case Place::FormField:
    case Place::MultipartField:
        return QCoreApplication::translate("SecretFields", "the form field \u201c%1\u201d")
            .arg(fieldName);
    case Place::Password:
        break;
    }
    return QCoreApplication::translate("SecretFields", "the password");
}

bool SecretFields::looksSecret(const QString &name)
{
    return RequestMapper::looksSecret(name) || name.contains(u"token", Qt::CaseInsensitive)
        || name.contains(u"authorization", Qt::CaseInsensitive);
}

namespace {

bool isLiteral(const QString &value)
{
    return !value.trimmed().isEmpty() && !value.contains(u"{{");
}

} // namespace

QList<LiteralSecret> SecretFields::literalSecrets(const HttpRequestSpec &spec)
{
    QList<LiteralSecret> found;
    auto pairs = [&found](const QList<NameValue> &list, LiteralSecret::Place place) {
        for (int row = 0; row < list.size(); ++row) {
            if (looksSecret(list.at(row).name) && isLiteral(list.at(row).value))
                found.append({place, row, list.at(row).name, list.at(row).value});
        }
    };
    pairs(spec.headers, LiteralSecret::Place::Header);
    pairs(spec.query, LiteralSecret::Place::Query);
    if (spec.bodyType == BodyType::UrlEncoded)
        pairs(spec.urlEncodedFields, LiteralSecret::Place::FormField);
    if (spec.bodyType == BodyType::Multipart) {
        for (int row = 0; row < spec.multipartFields.size(); ++row) {
            const MultipartField &field = spec.multipartFields.at(row);
            if (field.file.isEmpty() && looksSecret(field.name) && isLiteral(field.value))
                found.append({LiteralSecret::Place::MultipartField, row, field.name, field.value});
        }
    }
    if (spec.effectiveAuthentication() == AuthType::Basic && isLiteral(spec.password))
        found.append(
            {LiteralSecret::Place::Password, -1, QStringLiteral("password"), spec.password});
    return found;
}

QString SecretFields::suggestName(const LiteralSecret &secret, const QStringList &taken)
{
    static const QRegularExpression notName(QStringLiteral("[^a-z0-9_]+"));
    QString base = secret.fieldName.toLower();
    base.replace(notName, QStringLiteral("_"));
    while (base.startsWith(u'_'))
        base.remove(0, 1);
    while (base.endsWith(u'_'))
        base.chop(1);
    if (base.isEmpty() || base.at(0).isDigit())
        base.prepend(QStringLiteral("secret_"));
    QString name = base;
    for (int n = 2; taken.contains(name); ++n)
        name = base + u'_' + QString::number(n);
    return name;
}

SecretFields::Replacement SecretFields::replacement(
    const LiteralSecret &secret, const QString &name)
{
    const QString reference = QStringLiteral("{{secrets.%1}}").arg(name);
    if (secret.place == LiteralSecret::Place::Header) {
        // "Bearer abc": the scheme is not secret and tells the reader what the header is.
        static const QRegularExpression scheme(
            QStringLiteral("^(Bearer|Basic|Token|Digest)\\s+(\\S.*)$"),
            QRegularExpression::CaseInsensitiveOption);
        const QRegularExpressionMatch match = scheme.match(secret.value);
        if (match.hasMatch())
            return {match.captured(2), match.captured(1) + u' ' + reference};
    }
    return {secret.value, reference};
}

void SecretFields::setFieldText(
    HttpRequestSpec &spec, const LiteralSecret &secret, const QString &text)
{
    auto set = [&](QList<NameValue> &list) {
        if (secret.row >= 0 && secret.row < list.size())
            list[secret.row].value = text;
    };
    switch (secret.place) {
    case LiteralSecret::Place::Header:
        set(spec.headers);
        break;
    case LiteralSecret::Place::Query:
        set(spec.query);
        break;
    case LiteralSecret::Place::FormField:
        set(spec.urlEncodedFields);
        break;
    case LiteralSecret::Place::MultipartField:
        if (secret.row >= 0 && secret.row < spec.multipartFields.size())
            spec.multipartFields[secret.row].value = text;
        break;
    case LiteralSecret::Place::Password:
        spec.password = text;
        break;
    }
}

QStringList SecretFields::namesInUse(const Scenario &scenario)
{
    QStringList names;
    for (const Module &module : scenario.modules())
        names += RequestMapper::secretNames(module.config);
    for (const Connection &connection : scenario.connections())
        names += RequestMapper::secretNames(connection);
    names.removeDuplicates();
    return names;
}

QString SecretFields::saveWarning(const Scenario &scenario)
{
    QString first;
    int count = 0;
    for (const Module &module : scenario.modules()) {
        const QList<LiteralSecret> secrets = literalSecrets(module.config);
        if (secrets.isEmpty())
            continue;
        if (first.isEmpty())
            first = QCoreApplication::translate("SecretFields", "%1 of module %2 \u201c%3\u201d")
                        .arg(secrets.first().description(), QString::number(module.id),
                            module.displayName());
        count += int(secrets.size());
    }
    if (count == 0)
        return QString();
    const QString more = count == 1 ? QString()
        : count == 2
        ? QStringLiteral(" (and 1 more field)")
        : QCoreApplication::translate("SecretFields", " (and %1 more fields)").arg(count - 1);
    first[0] = first.at(0).toUpper();
    return QCoreApplication::translate("SecretFields",
        "Saved. %1%2 holds a secret as plain text in the file: select the "
        "module and click \u201cKeep it out of the file\u201d.")
        .arg(first, more);
}
