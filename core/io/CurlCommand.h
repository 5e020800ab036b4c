#pragma once

#include "model/HttpRequestSpec.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

/// cURL interop: reads the bash command that browsers' "Copy as cURL" and API docs give into
/// an HTTP module's configuration, and writes a request back as a curl command for bash.
///
/// For a request that was executed, see CurlCommandForRun.h (fromSentRequest, fromModuleRun),
/// which builds on fromRequest() below.
namespace CurlCommand {

/// What parse() understood.
struct ParseResult
{
    HttpRequestSpec spec; ///< the request, in the fields of an HTTP module (SPEC §3)
    QStringList warnings; ///< what was ignored or guessed, in plain words
    QString error; ///< set when the text is not a usable curl command

    bool ok() const { return error.isEmpty(); }
};

/// Parses a curl command in bash syntax: single quotes, double quotes with escapes, $'…'
/// ANSI-C quoting, backslash-newline continuations (and Windows cmd's ^ continuations).
/// Understands -X, -H, -d/--data/--data-raw/--data-binary/--data-ascii/--data-urlencode,
/// --json, -F/--form/--form-string, -u, -G, -I, -A, -e, -b, --url, --compressed, -k, -L,
/// -m/--max-time and --cacert; other options become warnings. The method defaults like curl's
/// (GET; POST with data; HEAD with -I). The URL's query is split into the query list.
/// A body with a JSON content type becomes Raw JSON; other data becomes urlencoded fields
/// when it reads cleanly as name=value&…, else Raw with its content type; -F gives multipart.
ParseResult parse(const QString &command);

/// One header as sent.
using Header = QPair<QByteArray, QByteArray>;

/// Options of a generated command that are not part of the bytes sent.
struct Options
{
    bool followRedirects = false; ///< adds -L
    bool insecure = false; ///< adds -k
    int maxTimeSeconds = 0; ///< adds --max-time when > 0
    QString caCertificateFile; ///< adds --cacert when set
};

/// A curl command that sends exactly this request: the method, the URL, every header in
/// order (Content-Length, which curl computes itself, is left out; curl's own Accept and
/// Content-Type are suppressed when the request had none), and the body's exact bytes with
/// --data-binary ($'…' quoting for bytes that are not printable; a body holding NUL bytes is
/// piped in with printf). One option per line, joined with backslash continuations.
/// Unless `reveal`, each of `secrets` (and every Authorization credential) is shown as
/// ********, as the inspector does.
QString fromRequest(const QByteArray &method, const QUrl &url, const QList<Header> &headers,
    const QByteArray &body, const QStringList &secrets, bool reveal, const Options &options = {});

/// A curl command for a configured request (mappings already resolved by the caller): -X, the
/// URL with its query, -H per header, -u, the body (--data-raw, --data-urlencode per field,
/// -F/--form-string per multipart field), and --compressed, -L, -k, --cacert, --max-time as
/// configured. `secrets` are masked unless `reveal`.
QString fromSpec(const HttpRequestSpec &spec, const QStringList &secrets = {}, bool reveal = true);

/// One argument quoted for bash: as is when safe, in '…' when printable, else in $'…'.
QString quoteForBash(const QByteArray &argument);

} // namespace CurlCommand
