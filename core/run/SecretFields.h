#pragma once

#include "core/model/HttpRequestSpec.h"

#include <QList>
#include <QString>
#include <QStringList>

class Scenario;

/// A field that holds a secret as plain text (a password, an API key, a token, an
/// Authorization value typed in), so that saving the scenario would write it into the file.
struct LiteralSecret
{
    enum class Place { Header, Query, FormField, MultipartField, Password };
    Place place = Place::Header;
    int row = -1; ///< the row of a header, parameter or form field; -1 for the password
    QString fieldName; ///< "Authorization", "api_key"; "password" for Basic auth
    QString value; ///< the text as typed

    /// Plain words for the field: "the header “Authorization”", "the password".
    QString description() const;
};

/// Which fields of a request hold a literal secret, and how to move one into the keychain.
/// The settings panel's "Keep it out of the file" and the warning when saving both ask here.
namespace SecretFields {

/// True for names that carry credentials: RequestMapper::looksSecret's names, and any name
/// with "token" or "authorization" in it.
bool looksSecret(const QString &name);

/// The fields of `spec` whose name looks secret and whose value is typed text (no {{…}}).
/// Basic auth's password counts when it is typed in.
QList<LiteralSecret> literalSecrets(const HttpRequestSpec &spec);

/// A secret name for `secret`, from its field ("X-API-Key" gives "x_api_key"), made unique
/// among `taken` by a number ("api_key_2").
QString suggestName(const LiteralSecret &secret, const QStringList &taken);

/// What goes to the keychain and what the field becomes: "Bearer abc" in an Authorization
/// header keeps its "Bearer " and stores "abc".
struct Replacement
{
    QString secretValue;
    QString fieldText; ///< e.g. "Bearer {{secrets.authorization}}"
};
Replacement replacement(const LiteralSecret &secret, const QString &name);

/// Puts `text` into the field `secret` points at.
void setFieldText(HttpRequestSpec &spec, const LiteralSecret &secret, const QString &text);

/// Every secret name the scenario's modules and connections use ({{secrets.NAME}}).
QStringList namesInUse(const Scenario &scenario);

/// One sentence naming the first module and field that still hold a literal secret (and how
/// many more), for the status bar after saving; empty when there is none.
QString saveWarning(const Scenario &scenario);

} // namespace SecretFields
