#pragma once

#include "core/model/HttpRequestSpec.h"
#include "core/trust/LocalFileAccess.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

/// cURL interop: reads the bash command that browsers' "Copy as cURL" and API docs give into
/// an HTTP module's configuration, and writes a request back as a curl command for bash.
///
/// For a request that was executed, see run/CurlForRun.h (fromSentRequest, fromModuleRun),
/// which builds on fromRequest() below.
namespace CurlCommand {

/// A local file a command names (curl's @file and <file). parse() never opens it: a pasted
/// command comes from someone else (docs/sharing-scenarios-safely.md).
struct FileReference
{
    QString path; ///< as written in the command
    QString option; ///< the option that names it: "-d", "--data-binary", "-F", ...
    /// True when its contents go into the module (readFiles() reads them); false for a
    /// multipart file field (-F name=@file), which keeps the path and is read when the
    /// module runs, under the run's file policy.
    bool inlined = true;

    bool operator==(const FileReference &other) const
    {
        return path == other.path && option == other.option && inlined == other.inlined;
    }
};

/// What parse() understood.
struct ParseResult
{
    HttpRequestSpec spec; ///< the request, in the fields of an HTTP module
    QStringList warnings; ///< what was ignored or guessed, in plain words
    QString error; ///< set when the text is not a usable curl command
    /// The local files the command reads, in order, each once. Those with `inlined` are
    /// placeholders in `spec` (see placeholder()) until readFiles() reads them.
    QList<FileReference> files;
    QString command; ///< the command as given, which readFiles() reads again

    bool ok() const { return error.isEmpty(); }
    /// The files whose contents readFiles() would put into the module.
    QStringList inlinedFiles() const;
};

/// Parses a curl command in bash syntax: single quotes, double quotes with escapes, $'…'
/// ANSI-C quoting, backslash-newline continuations (and Windows cmd's ^ continuations).
/// Understands -X, -H, -d/--data/--data-raw/--data-binary/--data-ascii/--data-urlencode,
/// --json, -F/--form/--form-string, -u, -G, -I, -A, -e, -b, --url, --compressed, -k, -L,
/// -m/--max-time and --cacert; other options become warnings. The method defaults like curl's
/// (GET; POST with data; HEAD with -I). The URL's query is split into the query list.
/// A body with a JSON content type becomes Raw JSON; other data becomes urlencoded fields
/// when it reads cleanly as name=value&…, else Raw with its content type; -F gives multipart.
/// Never reads a file: each @file or <file whose contents curl would send becomes
/// placeholder(path) and is listed in ParseResult::files.
ParseResult parse(const QString &command);

/// What stands in the request for the contents of a file that was not read.
QString placeholder(const QString &path);

/// The explicit second step, after the person agreed: reads the inlined files of `result`
/// under `policy` (never /proc, /sys, /dev, pipes or folders; not larger than its limit) and
/// reads the command again with their contents, as curl would send them. A refused file
/// stays a placeholder; the refusals (plain words naming each file) are returned and added
/// to the warnings.
QStringList readFiles(ParseResult &result, const FileAccessPolicy &policy);

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
