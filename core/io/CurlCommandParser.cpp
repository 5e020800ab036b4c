// Reading a curl command: its words (CurlShellWords) become the fields of an HTTP module.

#include "core/io/CurlCommand.h"
#include "core/io/CurlShellWords.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <optional>

namespace CurlCommand {

namespace {

using CurlShellWords::hexValue;
using CurlShellWords::isValidUtf8;

// ---------------------------------------------------------------------------------------
// Reading: curl's options

enum class Opt {
    Unknown,
    Request,
    Header,
    Data,
    DataRaw,
    DataBinary,
    DataAscii,
    DataUrlEncode,
    Json,
    Form,
    FormString,
    User,
    Get,
    Head,
    UserAgent,
    Referer,
    Cookie,
    Url,
    UrlQuery,
    Compressed,
    Insecure,
    Location,
    LocationTrusted,
    MaxTime,
    CaCert,
    OAuth2Bearer,
    Range,
    IgnoredFlag, // changes nothing in the request (output, verbosity, ...)
    IgnoredValue, // takes a value but changes nothing in the request
    UnsupportedFlag, // would change the request, but Scenarist has no such setting
    UnsupportedValue,
};

struct OptInfo
{
    Opt opt;
    bool takesValue;
};

const QHash<QByteArray, OptInfo> &longOptions()
{
    static const QHash<QByteArray, OptInfo> table = [] {
        QHash<QByteArray, OptInfo> t;
        auto add = [&](const char *name, Opt opt, bool value) { t.insert(name, {opt, value}); };
        add("request", Opt::Request, true);
        add("header", Opt::Header, true);
        add("data", Opt::Data, true);
        add("data-raw", Opt::DataRaw, true);
        add("data-binary", Opt::DataBinary, true);
        add("data-ascii", Opt::DataAscii, true);
        add("data-urlencode", Opt::DataUrlEncode, true);
        add("json", Opt::Json, true);
        add("form", Opt::Form, true);
        add("form-string", Opt::FormString, true);
        add("user", Opt::User, true);
        add("get", Opt::Get, false);
        add("head", Opt::Head, false);
        add("user-agent", Opt::UserAgent, true);
        add("referer", Opt::Referer, true);
        add("cookie", Opt::Cookie, true);
        add("url", Opt::Url, true);
        add("url-query", Opt::UrlQuery, true);
        add("compressed", Opt::Compressed, false);
        add("insecure", Opt::Insecure, false);
        add("location", Opt::Location, false);
        add("location-trusted", Opt::LocationTrusted, false);
        add("max-time", Opt::MaxTime, true);
        add("cacert", Opt::CaCert, true);
        add("oauth2-bearer", Opt::OAuth2Bearer, true);
        add("range", Opt::Range, true);
        for (const char *flag :
            {"silent", "show-error", "verbose", "include", "fail", "fail-with-body", "globoff",
                "http1.1", "http2", "http2-prior-knowledge", "http3", "no-buffer", "progress-bar",
                "remote-name", "remote-header-name", "path-as-is", "no-progress-meter", "ipv4",
                "ipv6", "tlsv1.2", "tlsv1.3", "tr-encoding", "raw", "no-keepalive", "styled-output",
                "no-styled-output", "disable", "create-dirs", "fail-early", "ssl-reqd", "ssl",
                "basic", "no-sessionid", "compressed-ssh", "parallel", "junk-session-cookies"})
            add(flag, Opt::IgnoredFlag, false);
        for (const char *value : {"output", "write-out", "dump-header", "stderr", "trace",
                 "trace-ascii", "connect-timeout", "retry", "retry-delay", "retry-max-time",
                 "max-redirs", "limit-rate", "speed-time", "speed-limit", "keepalive-time",
                 "output-dir", "max-filesize", "expect100-timeout", "happy-eyeballs-timeout-ms"})
            add(value, Opt::IgnoredValue, true);
        for (const char *flag :
            {"digest", "ntlm", "negotiate", "anyauth", "http1.0", "netrc", "netrc-optional",
                "post301", "post302", "post303", "proxy-insecure", "aws-sigv4-flag"})
            add(flag, Opt::UnsupportedFlag, false);
        for (const char *value : {"proxy", "proxy-user", "upload-file", "cert", "key", "key-type",
                 "cert-type", "pass", "resolve", "connect-to", "cookie-jar", "config", "time-cond",
                 "interface", "noproxy", "aws-sigv4", "capath", "pinnedpubkey", "unix-socket",
                 "abstract-unix-socket", "dns-servers", "continue-at", "netrc-file", "local-port",
                 "preproxy", "socks5", "socks5-hostname", "proxy-header"})
            add(value, Opt::UnsupportedValue, true);
        return t;
    }();
    return table;
}

QByteArray shortOptionName(char c)
{
    switch (c) {
    case 'X':
        return "request";
    case 'H':
        return "header";
    case 'd':
        return "data";
    case 'F':
        return "form";
    case 'u':
        return "user";
    case 'G':
        return "get";
    case 'I':
        return "head";
    case 'A':
        return "user-agent";
    case 'e':
        return "referer";
    case 'b':
        return "cookie";
    case 'k':
        return "insecure";
    case 'L':
        return "location";
    case 'm':
        return "max-time";
    case 's':
        return "silent";
    case 'S':
        return "show-error";
    case 'v':
        return "verbose";
    case 'i':
        return "include";
    case 'f':
        return "fail";
    case 'g':
        return "globoff";
    case 'N':
        return "no-buffer";
    case '#':
        return "progress-bar";
    case 'O':
        return "remote-name";
    case 'J':
        return "remote-header-name";
    case 'o':
        return "output";
    case 'w':
        return "write-out";
    case 'D':
        return "dump-header";
    case 'x':
        return "proxy";
    case 'U':
        return "proxy-user";
    case 'T':
        return "upload-file";
    case 'E':
        return "cert";
    case 'c':
        return "cookie-jar";
    case 'K':
        return "config";
    case 'z':
        return "time-cond";
    case 'r':
        return "range";
    case 'C':
        return "continue-at";
    case 'n':
        return "netrc";
    case '0':
        return "http1.0";
    case '4':
        return "ipv4";
    case '6':
        return "ipv6";
    case 'Z':
        return "parallel";
    case 'j':
        return "junk-session-cookies";
    case 'q':
        return "disable";
    case 'y':
        return "speed-time";
    case 'Y':
        return "speed-limit";
    }
    return {};
}

QString text(const QByteArray &bytes)
{
    return QString::fromUtf8(bytes);
}

struct DataPiece
{
    Opt kind;
    QByteArray value;
};

struct FormPart
{
    QByteArray spec;
    bool literal; // --form-string
};

class Parser
{
public:
    ParseResult result;

    void warn(const QString &message)
    {
        if (!result.warnings.contains(message))
            result.warnings.append(message);
    }

    // Never opens the file: the contents come from readFiles() (`provided`), or a placeholder
    // stands for them.
    QByteArray readFile(const QByteArray &name, const QString &option)
    {
        if (name == "-") {
            warn(QCoreApplication::translate("CurlCommandParser",
                "%1 reads from standard input (@-), which a pasted command "
                "cannot give; that part of the body is empty.")
                     .arg(option));
            return {};
        }
        const QString path = QString::fromLocal8Bit(name);
        noteFile(path, option, true);
        const auto it = provided.constFind(path);
        if (it != provided.cend())
            return *it;
        return placeholder(path).toUtf8();
    }

    void noteFile(const QString &path, const QString &option, bool inlined)
    {
        const FileReference reference {path, option, inlined};
        for (const FileReference &known : std::as_const(result.files)) {
            if (known.path == path && known.inlined == inlined)
                return;
        }
        result.files.append(reference);
    }

    QHash<QString, QByteArray> provided; ///< the contents readFiles() read, by path

    // curl's --data-urlencode forms: content, =content, name=content, @file, name@file.
    QByteArray urlEncodeData(const QByteArray &arg, const QString &option)
    {
        const qsizetype eq = arg.indexOf('=');
        const qsizetype at = arg.indexOf('@');
        if (eq >= 0 && (at < 0 || eq < at)) {
            const QByteArray name = arg.left(eq);
            const QByteArray encoded = arg.mid(eq + 1).toPercentEncoding();
            return name.isEmpty() ? encoded : name + '=' + encoded;
        }
        if (at >= 0) {
            const QByteArray name = arg.left(at);
            const QByteArray encoded = readFile(arg.mid(at + 1), option).toPercentEncoding();
            return name.isEmpty() ? encoded : name + '=' + encoded;
        }
        return arg.toPercentEncoding();
    }

    QByteArray dataBytes(const DataPiece &piece)
    {
        switch (piece.kind) {
        case Opt::Data:
        case Opt::DataAscii:
            if (piece.value.startsWith('@')) {
                QByteArray bytes = readFile(piece.value.mid(1), QStringLiteral("-d"));
                bytes.replace('\r', QByteArray()).replace('\n', QByteArray());
                return bytes;
            }
            return piece.value;
        case Opt::DataBinary:
        case Opt::Json:
            if (piece.value.startsWith('@'))
                return readFile(piece.value.mid(1),
                    piece.kind == Opt::Json ? QStringLiteral("--json")
                                            : QStringLiteral("--data-binary"));
            return piece.value;
        case Opt::DataUrlEncode:
            return urlEncodeData(piece.value, QStringLiteral("--data-urlencode"));
        default:
            return piece.value;
        }
    }

    void run(const QList<QByteArray> &words);

private:
    void handle(Opt opt, const QByteArray &name, const QByteArray &value);
    void addHeader(const QByteArray &line);
    void setUrl(const QByteArray &url);
    void finish();
    void buildBody(const QByteArray &data);
    void buildMultipart();

    QByteArray m_url;
    QByteArray m_method;
    bool m_head = false;
    bool m_get = false;
    bool m_compressed = false;
    QList<DataPiece> m_data;
    QList<FormPart> m_form;
    QList<QByteArray> m_urlQuery;
    QList<NameValue> m_headers;
};

void Parser::run(const QList<QByteArray> &words)
{
    qsizetype i = 0;
    // A shell prompt or an absolute path may come first.
    if (i < words.size() && words[i] == "$")
        ++i;
    const QByteArray program = i < words.size() ? words[i] : QByteArray();
    const QByteArray base = program.mid(program.lastIndexOf('/') + 1);
    if (base != "curl" && base != "curl.exe") {
        result.error = QCoreApplication::translate("CurlCommandParser",
            "This is not a curl command: it should start with "
            "“curl\u201d, like curl 'https://example.com'.");
        return;
    }
    ++i;
    bool optionsEnded = false;
    for (; i < words.size() && result.ok(); ++i) {
        const QByteArray &word = words[i];
        if (optionsEnded || !word.startsWith('-') || word == "-") {
            if (m_url.isEmpty())
                setUrl(word);
            else
                warn(QCoreApplication::translate("CurlCommandParser",
                    "The command names more than one URL; only the first, %1, "
                    "was used.")
                         .arg(text(m_url)));
            continue;
        }
        if (word == "--") {
            optionsEnded = true;
            continue;
        }
        if (word.startsWith("--")) {
            QByteArray name = word.mid(2);
            if (name.startsWith("no-") && longOptions().contains(name.mid(3)))
                continue; // a negated flag: curl's defaults are what is read here
            const auto it = longOptions().constFind(name);
            if (it == longOptions().cend()) {
                warn(QCoreApplication::translate(
                    "CurlCommandParser", "Ignored the option %1, which Scenarist does not know.")
                         .arg(text(word)));
                continue;
            }
            QByteArray value;
            if (it->takesValue) {
                if (i + 1 >= words.size()) {
                    result.error = QCoreApplication::translate(
                        "CurlCommandParser", "The option %1 needs a value after it.")
                                       .arg(text(word));
                    return;
                }
                value = words[++i];
            }
            handle(it->opt, word, value);
            continue;
        }
        // A cluster of short options: -sSL, -XPOST, -H'…' or -H '…'.
        for (qsizetype k = 1; k < word.size() && result.ok(); ++k) {
            const QByteArray name = shortOptionName(word[k]);
            const QByteArray shown = QByteArray("-") + word[k];
            if (name.isEmpty()) {
                warn(QCoreApplication::translate(
                    "CurlCommandParser", "Ignored the option %1, which Scenarist does not know.")
                         .arg(text(shown)));
                continue;
            }
            const OptInfo info = longOptions().value(name);
            if (!info.takesValue) {
                handle(info.opt, shown, {});
                continue;
            }
            QByteArray value = word.mid(k + 1);
            if (value.isEmpty()) {
                if (i + 1 >= words.size()) {
                    result.error = QCoreApplication::translate(
                        "CurlCommandParser", "The option %1 needs a value after it.")
                                       .arg(text(shown));
                    return;
                }
                value = words[++i];
            }
            handle(info.opt, shown, value);
            break;
        }
    }
    if (result.ok())
        finish();
}

void Parser::handle(Opt opt, const QByteArray &name, const QByteArray &value)
{
    const QString option = text(name);
    switch (opt) {
    case Opt::Request:
        m_method = value.trimmed().toUpper();
        break;
    case Opt::Header:
        addHeader(value);
        break;
    case Opt::Data:
    case Opt::DataRaw:
    case Opt::DataBinary:
    case Opt::DataAscii:
    case Opt::DataUrlEncode:
        m_data.append({opt, value});
        break;
    case Opt::Json:
        m_data.append({opt, value});
        break;
    case Opt::Form:
        m_form.append({value, false});
        break;
    case Opt::FormString:
        m_form.append({value, true});
        break;
    case Opt::User: {
        const qsizetype colon = value.indexOf(':');
        if (colon < 0) {
            result.spec.username = text(value);
            warn(QCoreApplication::translate("CurlCommandParser",
                "-u gives no password (curl would ask for one); the password "
                "is empty."));
        } else {
            result.spec.username = text(value.left(colon));
            result.spec.password = text(value.mid(colon + 1));
        }
        break;
    }
    case Opt::Get:
        m_get = true;
        break;
    case Opt::Head:
        m_head = true;
        break;
    case Opt::UserAgent:
        m_headers.append({QStringLiteral("User-Agent"), text(value)});
        break;
    case Opt::Referer: {
        QByteArray referer = value;
        if (referer.endsWith(";auto"))
            referer.chop(5);
        if (!referer.isEmpty())
            m_headers.append({QStringLiteral("Referer"), text(referer)});
        break;
    }
    case Opt::Cookie:
        if (!value.contains('=')) {
            warn(QCoreApplication::translate("CurlCommandParser",
                "%1 %2 reads cookies from a file, which Scenarist cannot do "
                "here; no cookies were added.")
                     .arg(option, text(value)));
            break;
        }
        m_headers.append({QStringLiteral("Cookie"), text(value)});
        break;
    case Opt::Url:
        if (m_url.isEmpty())
            setUrl(value);
        else
            warn(QCoreApplication::translate("CurlCommandParser",
                "The command names more than one URL; only the first, %1, was "
                "used.")
                     .arg(text(m_url)));
        break;
    case Opt::UrlQuery:
        m_urlQuery.append(value.startsWith('+') ? value.mid(1) : urlEncodeData(value, option));
        break;
    case Opt::Compressed:
        m_compressed = true;
        break;
    case Opt::Insecure:
        result.spec.rejectUnverifiedCertificates = false;
        break;
    case Opt::Location:
        result.spec.followRedirects = true;
        break;
    case Opt::LocationTrusted:
        result.spec.followRedirects = true;
        warn(QCoreApplication::translate("CurlCommandParser",
            "--location-trusted: Scenarist follows redirects but does not "
            "send the credentials to other hosts."));
        break;
    case Opt::MaxTime: {
        bool ok = false;
        const double seconds = value.toDouble(&ok);
        if (!ok || !(seconds > 0)) { // !(> 0) also refuses nan
            warn(QCoreApplication::translate("CurlCommandParser",
                "%1 %2 is not a number of seconds; the timeout stays %3 "
                "seconds.")
                     .arg(option, text(value))
                     .arg(result.spec.timeoutSeconds));
            break;
        }
        // Clamped before converting: 1e20 seconds does not fit in an int.
        const double whole = std::ceil(seconds);
        result.spec.timeoutSeconds = static_cast<int>(std::clamp(whole, 1.0, 300.0));
        if (whole != result.spec.timeoutSeconds) {
            warn(QCoreApplication::translate("CurlCommandParser",
                "A timeout of %1 seconds is outside 1 to 300; it was set to "
                "%2 seconds.")
                     .arg(text(value))
                     .arg(result.spec.timeoutSeconds));
        }
        break;
    }
    case Opt::CaCert:
        result.spec.caCertificate = text(value);
        break;
    case Opt::OAuth2Bearer:
        m_headers.append(
            {QStringLiteral("Authorization"), QStringLiteral("Bearer ") + text(value)});
        break;
    case Opt::Range:
        m_headers.append({QStringLiteral("Range"), QStringLiteral("bytes=") + text(value)});
        break;
    case Opt::IgnoredFlag:
    case Opt::IgnoredValue:
        break;
    case Opt::UnsupportedFlag:
        warn(QCoreApplication::translate(
            "CurlCommandParser", "Ignored %1: Scenarist has no such setting.")
                 .arg(option));
        break;
    case Opt::UnsupportedValue:
        warn(QCoreApplication::translate(
            "CurlCommandParser", "Ignored %1 %2: Scenarist has no such setting.")
                 .arg(option, text(value)));
        break;
    case Opt::Unknown:
        warn(QCoreApplication::translate(
            "CurlCommandParser", "Ignored the option %1, which Scenarist does not know.")
                 .arg(option));
        break;
    }
}

void Parser::addHeader(const QByteArray &line)
{
    if (line.startsWith('@')) {
        warn(QCoreApplication::translate(
            "CurlCommandParser", "-H %1 reads headers from a file, which Scenarist cannot do here.")
                 .arg(text(line)));
        return;
    }
    const qsizetype colon = line.indexOf(':');
    const qsizetype semicolon = line.indexOf(';');
    if (colon < 0 && semicolon > 0 && line.mid(semicolon + 1).trimmed().isEmpty()) {
        // "Name;" is curl's way of sending a header with an empty value.
        m_headers.append({text(line.left(semicolon).trimmed()), QString()});
        return;
    }
    if (colon <= 0) {
        warn(QCoreApplication::translate("CurlCommandParser",
            "Ignored the header \u201c%1\u201d: a header is \u201cName: "
            "value\u201d.")
                 .arg(text(line)));
        return;
    }
    const QByteArray name = line.left(colon).trimmed();
    const QByteArray value = line.mid(colon + 1).trimmed();
    if (value.isEmpty()) {
        warn(QCoreApplication::translate("CurlCommandParser",
            "-H '%1:' tells curl not to send its own %1 header; Scenarist "
            "has nothing to remove, so it was ignored.")
                 .arg(text(name)));
        return;
    }
    m_headers.append({text(name), text(value)});
}

/// Like curl: a URL has a scheme when it starts with a letter, then letters, digits, + - .
/// and then :// (a :// further on, as in ?next=https://…, does not count).
bool hasScheme(const QByteArray &url)
{
    const qsizetype end = url.indexOf("://");
    if (end <= 0)
        return false;
    for (qsizetype k = 0; k < end; ++k) {
        const uchar c = static_cast<uchar>(url[k]);
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!letter && (k == 0 || !((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')))
            return false;
    }
    return true;
}

void Parser::setUrl(const QByteArray &url)
{
    m_url = url.trimmed();
    if (m_url.isEmpty())
        return;
    if (!hasScheme(m_url)) {
        m_url.prepend("http://");
        warn(QCoreApplication::translate(
            "CurlCommandParser", "The URL has no scheme; like curl, http:// was assumed."));
    }
}

// name=value&… as a list, or nothing when the text is not cleanly made of such pairs (then
// the caller keeps it as it is, so that nothing changes on the way).
std::optional<QList<NameValue>> splitPairs(const QByteArray &encoded, bool strict)
{
    QList<NameValue> pairs;
    for (const QByteArray &piece : encoded.split('&')) {
        if (piece.isEmpty())
            continue;
        const qsizetype eq = piece.indexOf('=');
        if (eq <= 0)
            return std::nullopt;
        for (qsizetype k = 0; k < piece.size(); ++k) {
            const uchar c = static_cast<uchar>(piece[k]);
            if (c < 0x20 || c == 0x7f)
                return std::nullopt;
            if (strict && (c == '"' || c == '{' || c == '}' || c == '<' || c == '>'))
                return std::nullopt;
            if (c == '%'
                && (k + 2 >= piece.size() || hexValue(piece[k + 1]) < 0
                    || hexValue(piece[k + 2]) < 0))
                return std::nullopt;
        }
        QByteArray name = piece.left(eq);
        QByteArray value = piece.mid(eq + 1);
        name.replace('+', ' ');
        value.replace('+', ' ');
        name = QByteArray::fromPercentEncoding(name);
        value = QByteArray::fromPercentEncoding(value);
        if (!isValidUtf8(name) || !isValidUtf8(value))
            return std::nullopt;
        pairs.append({text(name), text(value)});
    }
    if (pairs.isEmpty())
        return std::nullopt;
    return pairs;
}

qsizetype indexOfHeader(const QList<NameValue> &headers, const QString &name)
{
    for (qsizetype i = headers.size() - 1; i >= 0; --i) {
        if (headers.at(i).name.compare(name, Qt::CaseInsensitive) == 0)
            return i;
    }
    return -1;
}

QString mediaType(const QString &contentType)
{
    return contentType.section(QLatin1Char(';'), 0, 0).trimmed().toLower();
}

void Parser::finish()
{
    HttpRequestSpec &spec = result.spec;
    if (m_url.isEmpty()) {
        result.error
            = QCoreApplication::translate("CurlCommandParser", "The curl command has no URL.");
        return;
    }
    spec.requestCompressed = m_compressed;

    // The URL: the query goes to the query list when it reads cleanly as name=value pairs.
    QByteArray url = m_url;
    const qsizetype hash = url.indexOf('#');
    if (hash >= 0)
        url.truncate(hash); // curl never sends the fragment
    QByteArray query;
    const qsizetype question = url.indexOf('?');
    if (question >= 0) {
        query = url.mid(question + 1);
        url.truncate(question);
    }
    for (const QByteArray &extra : std::as_const(m_urlQuery))
        query += (query.isEmpty() ? "" : "&") + extra;

    QByteArray data;
    bool isJson = false;
    for (const DataPiece &piece : std::as_const(m_data)) {
        const QByteArray bytes = dataBytes(piece);
        if (piece.kind == Opt::Json) {
            isJson = true;
            data += bytes;
        } else {
            if (!data.isEmpty())
                data += '&';
            data += bytes;
        }
    }
    if (m_get && !m_data.isEmpty()) {
        // -G sends the data in the URL's query, as curl does.
        query += (query.isEmpty() ? "" : "&") + data;
        data.clear();
    }
    // A # in data added to the query starts curl's fragment, which curl never sends.
    if (const qsizetype queryHash = query.indexOf('#'); queryHash >= 0)
        query.truncate(queryHash);
    if (url.contains('[') || url.contains('{')) {
        warn(QCoreApplication::translate("CurlCommandParser",
            "The URL has [ ] or { } characters, which curl reads as a range "
            "or a list of URLs unless -g is given; Scenarist sends the URL "
            "as written."));
    }
    spec.url = text(url);
    if (!query.isEmpty()) {
        if (const auto pairs = splitPairs(query, false))
            spec.query = *pairs;
        else
            spec.url = text(url + '?' + query); // kept as written
    }

    // The method, as curl chooses it.
    const bool hasData = !m_data.isEmpty() && !m_get;
    const bool hasForm = !m_form.isEmpty();
    if (!m_method.isEmpty())
        spec.method = text(m_method);
    else if (m_head)
        spec.method = QStringLiteral("HEAD");
    else if (hasData || hasForm)
        spec.method = QStringLiteral("POST");
    else
        spec.method = QStringLiteral("GET");
    if (!HttpRequestSpec::methods().contains(spec.method.toUpper())) {
        // A module with another method could not be saved and opened again.
        warn(QCoreApplication::translate("CurlCommandParser",
            "The method %1 is not one Scenarist can send (%2); it was set "
            "to GET.")
                 .arg(spec.method, HttpRequestSpec::methods().join(QStringLiteral(", "))));
        spec.method = QStringLiteral("GET");
    }

    if (isJson) {
        // --json sets both of these unless the command gives its own.
        if (indexOfHeader(m_headers, QStringLiteral("Content-Type")) < 0)
            m_headers.append({QStringLiteral("Content-Type"), QStringLiteral("application/json")});
        if (indexOfHeader(m_headers, QStringLiteral("Accept")) < 0)
            m_headers.append({QStringLiteral("Accept"), QStringLiteral("application/json")});
    }
    spec.headers = m_headers;
    // A request has one content type: the last -H Content-Type, as the server would read it.
    if (const qsizetype lastType = indexOfHeader(spec.headers, QStringLiteral("Content-Type"));
        lastType > 0) {
        const QString kept = spec.headers.at(lastType).value;
        qsizetype removed = 0;
        for (qsizetype i = lastType - 1; i >= 0; --i) {
            if (spec.headers.at(i).name.compare(QLatin1String("Content-Type"), Qt::CaseInsensitive)
                == 0) {
                spec.headers.removeAt(i);
                ++removed;
            }
        }
        if (removed > 0) {
            warn(QCoreApplication::translate("CurlCommandParser",
                "The command sets Content-Type more than once; the last one "
                "(%1) was kept.")
                     .arg(kept));
        }
    }

    if (hasForm) {
        if (hasData)
            warn(QCoreApplication::translate("CurlCommandParser",
                "The command has both -F and -d, which curl refuses; the -d "
                "data was left out."));
        buildMultipart();
    } else if (hasData) {
        buildBody(data);
    }
}

void Parser::buildBody(const QByteArray &data)
{
    HttpRequestSpec &spec = result.spec;
    const qsizetype typeAt = indexOfHeader(spec.headers, QStringLiteral("Content-Type"));
    const QString contentType = typeAt >= 0 ? spec.headers.at(typeAt).value : QString();
    const QString media = mediaType(contentType);
    if (!isValidUtf8(data)) {
        warn(QCoreApplication::translate("CurlCommandParser",
            "The body holds bytes that are not text; Scenarist's raw body is "
            "text, so those bytes were replaced."));
    }
    if (media.contains(QLatin1String("json"))) {
        spec.bodyType = BodyType::Raw;
        spec.rawContentType = contentType;
        spec.rawContent = text(data);
        spec.headers.removeAt(typeAt);
        return;
    }
    const bool formType
        = media.isEmpty() || media == QLatin1String("application/x-www-form-urlencoded");
    if (formType) {
        if (const auto pairs = splitPairs(data, true)) {
            spec.bodyType = BodyType::UrlEncoded;
            spec.urlEncodedFields = *pairs;
            // The app sets this type itself; a type with parameters (charset) is kept.
            if (typeAt >= 0
                && contentType.trimmed().compare(
                       QLatin1String("application/x-www-form-urlencoded"), Qt::CaseInsensitive)
                    == 0) {
                spec.headers.removeAt(typeAt);
            }
            return;
        }
    }
    spec.bodyType = BodyType::Raw;
    spec.rawContent = text(data);
    if (typeAt >= 0) {
        spec.rawContentType = contentType;
        spec.headers.removeAt(typeAt);
    } else {
        spec.rawContentType = QStringLiteral("application/x-www-form-urlencoded");
        const QByteArray trimmed = data.trimmed();
        if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
            warn(QCoreApplication::translate("CurlCommandParser",
                "The body looks like JSON, but the command sets no "
                "Content-Type, so curl would send it as "
                "application/x-www-form-urlencoded; that was kept. Choose JSON "
                "if the server expects it."));
        }
    }
}

// One -F value: name=content;type=…;filename=…, where content is text, @file or <file.
void Parser::buildMultipart()
{
    HttpRequestSpec &spec = result.spec;
    spec.bodyType = BodyType::Multipart;
    const qsizetype typeAt = indexOfHeader(spec.headers, QStringLiteral("Content-Type"));
    if (typeAt >= 0
        && mediaType(spec.headers.at(typeAt).value) == QLatin1String("multipart/form-data"))
        spec.headers.removeAt(typeAt); // the app writes it with its own boundary
    for (const FormPart &part : std::as_const(m_form)) {
        const qsizetype eq = part.spec.indexOf('=');
        if (eq <= 0) {
            warn(QCoreApplication::translate("CurlCommandParser",
                "Ignored the form field \u201c%1\u201d: a field is "
                "name=value.")
                     .arg(text(part.spec)));
            continue;
        }
        MultipartField field;
        field.name = text(part.spec.left(eq));
        const QByteArray content = part.spec.mid(eq + 1);
        if (part.literal) {
            field.value = text(content);
            spec.multipartFields.append(field);
            continue;
        }
        // Split off ;type= and ;filename=, honouring "quoted" values.
        QList<QByteArray> pieces;
        QByteArray current;
        bool quoted = false;
        for (qsizetype k = 0; k < content.size(); ++k) {
            const char c = content[k];
            if (c == '\\' && quoted && k + 1 < content.size()) {
                current += content[++k];
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                pieces.append(current);
                current.clear();
            } else {
                current += c;
            }
        }
        pieces.append(current);
        QByteArray value = pieces.takeFirst();
        QString type;
        QString fileName;
        for (const QByteArray &piece : std::as_const(pieces)) {
            const QByteArray trimmed = piece.trimmed();
            if (trimmed.startsWith("type="))
                type = text(trimmed.mid(5));
            else if (trimmed.startsWith("filename="))
                fileName = text(trimmed.mid(9));
            else if (trimmed.startsWith("headers=") || trimmed.startsWith("encoder="))
                warn(QCoreApplication::translate(
                    "CurlCommandParser", "Ignored \u201c%1\u201d in the form field %2.")
                         .arg(text(trimmed), field.name));
            else if (!trimmed.isEmpty())
                value += ';' + piece; // not an attribute: part of the value
        }
        if (value.startsWith('@')) {
            field.file = text(value.mid(1));
            noteFile(field.file, QStringLiteral("-F"), false);
            field.fileName = fileName;
            field.contentType = type;
        } else if (value.startsWith('<')) {
            const QByteArray bytes = readFile(value.mid(1), QStringLiteral("-F"));
            field.value = text(bytes);
        } else {
            field.value = text(value);
            if (!type.isEmpty()) {
                warn(QCoreApplication::translate("CurlCommandParser",
                    "The text field %1 has its own content type (%2), which "
                    "Scenarist does not send for text fields.")
                         .arg(field.name, type));
            }
        }
        spec.multipartFields.append(field);
    }
}

} // namespace

ParseResult parse(const QString &command)
{
    ParseResult result;
    const QString trimmed = command.trimmed();
    if (trimmed.isEmpty()) {
        result.error = QCoreApplication::translate("CurlCommandParser",
            "There is no command to read: paste a curl command, "
            "like curl 'https://example.com'.");
        return result;
    }
    const CurlShellWords::Words words = CurlShellWords::split(trimmed.toUtf8());
    if (!words.error.isEmpty()) {
        result.error = words.error;
        return result;
    }
    Parser parser;
    // curl's own defaults, where they differ from a new module's.
    parser.result.spec.followRedirects = false;
    parser.result.command = command;
    parser.run(words.words);
    return parser.result;
}

QString placeholder(const QString &path)
{
    return QCoreApplication::translate("CurlCommandParser", "[the file %1, not read]").arg(path);
}

QStringList ParseResult::inlinedFiles() const
{
    QStringList paths;
    for (const FileReference &file : files) {
        if (file.inlined && !paths.contains(file.path))
            paths.append(file.path);
    }
    return paths;
}

QStringList readFiles(ParseResult &result, const FileAccessPolicy &policy)
{
    QHash<QString, QByteArray> contents;
    QStringList refusals;
    for (const QString &path : result.inlinedFiles()) {
        const LocalFileRead read = LocalFileAccess::read(path, policy);
        if (read.ok())
            contents.insert(path, read.data);
        else
            refusals.append(read.error);
    }
    if (!contents.isEmpty()) {
        // Read again rather than patch the placeholders: what a file holds decides how the
        // body reads (JSON or name=value pairs), as it does for curl.
        const CurlShellWords::Words words
            = CurlShellWords::split(result.command.trimmed().toUtf8());
        Parser parser;
        parser.result.spec.followRedirects = false;
        parser.result.command = result.command;
        parser.provided = contents;
        parser.run(words.words);
        result = parser.result;
    }
    for (const QString &refusal : std::as_const(refusals)) {
        if (!result.warnings.contains(refusal))
            result.warnings.append(refusal);
    }
    return refusals;
}

} // namespace CurlCommand
