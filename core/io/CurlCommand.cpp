#include "io/CurlCommand.h"

#include <QHash>
#include <QSet>
#include <QStringDecoder>

#include <algorithm>
#include <cmath>
#include <optional>

namespace CurlCommand {

namespace {

// ---------------------------------------------------------------------------------------
// Reading: bash words

struct Words
{
    QList<QByteArray> words;
    QString error;
};

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void appendCodePoint(QByteArray &out, uint codePoint)
{
    const char32_t c = static_cast<char32_t>(codePoint);
    out += QString::fromUcs4(&c, 1).toUtf8();
}

// Bash's $'…' escapes. Returns the index of the closing quote, or -1 when there is none.
qsizetype readAnsiC(const QByteArray &in, qsizetype i, QByteArray &out)
{
    for (; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '\'')
            return i;
        if (c != '\\' || i + 1 >= in.size()) {
            out += c;
            continue;
        }
        const char e = in[++i];
        switch (e) {
        case 'n':
            out += '\n';
            break;
        case 't':
            out += '\t';
            break;
        case 'r':
            out += '\r';
            break;
        case 'a':
            out += '\a';
            break;
        case 'b':
            out += '\b';
            break;
        case 'f':
            out += '\f';
            break;
        case 'v':
            out += '\v';
            break;
        case 'e':
        case 'E':
            out += '\x1b';
            break;
        case '\\':
            out += '\\';
            break;
        case '\'':
            out += '\'';
            break;
        case '"':
            out += '"';
            break;
        case '?':
            out += '?';
            break;
        case 'x': {
            int value = 0;
            int digits = 0;
            while (digits < 2 && i + 1 < in.size() && hexValue(in[i + 1]) >= 0) {
                value = value * 16 + hexValue(in[++i]);
                ++digits;
            }
            if (digits == 0)
                out += "\\x";
            else
                out += static_cast<char>(value);
            break;
        }
        case 'u':
        case 'U': {
            const int maxDigits = e == 'u' ? 4 : 8;
            uint value = 0;
            int digits = 0;
            while (digits < maxDigits && i + 1 < in.size() && hexValue(in[i + 1]) >= 0) {
                value = value * 16 + static_cast<uint>(hexValue(in[++i]));
                ++digits;
            }
            if (digits == 0) {
                out += '\\';
                out += e;
            } else {
                appendCodePoint(out, value);
            }
            break;
        }
        case 'c':
            if (i + 1 < in.size())
                out += static_cast<char>(in[++i] & 0x1f);
            break;
        default:
            if (e >= '0' && e <= '7') {
                int value = e - '0';
                int digits = 1;
                while (digits < 3 && i + 1 < in.size() && in[i + 1] >= '0' && in[i + 1] <= '7') {
                    value = value * 8 + (in[++i] - '0');
                    ++digits;
                }
                out += static_cast<char>(value & 0xff);
            } else {
                out += '\\';
                out += e;
            }
        }
    }
    return -1;
}

// Windows cmd (Chrome's "Copy as cURL (cmd)"): ^ escapes the next character and ^ at the
// end of a line continues it. Removing the carets leaves text that reads like bash with
// double quotes, which is what the bash reader below then handles.
QByteArray fromCmdSyntax(const QByteArray &in)
{
    QByteArray out;
    for (qsizetype i = 0; i < in.size(); ++i) {
        if (in[i] != '^' || i + 1 >= in.size()) {
            out += in[i];
            continue;
        }
        const char next = in[++i];
        if (next == '\r' && i + 1 < in.size() && in[i + 1] == '\n')
            ++i;
        if (next == '\n' || next == '\r')
            out += ' ';
        else
            out += next;
    }
    return out;
}

bool looksLikeCmdSyntax(const QByteArray &in)
{
    return in.contains("^\n") || in.contains("^\r\n") || in.contains(" ^\"");
}

Words splitWords(QByteArray in)
{
    Words result;
    if (looksLikeCmdSyntax(in))
        in = fromCmdSyntax(in);
    QByteArray word;
    bool inWord = false;
    auto endWord = [&] {
        if (inWord)
            result.words.append(word);
        word.clear();
        inWord = false;
    };
    for (qsizetype i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '\\') {
            if (i + 1 < in.size() && in[i + 1] == '\n') {
                ++i; // a line continuation
                continue;
            }
            if (i + 2 < in.size() && in[i + 1] == '\r' && in[i + 2] == '\n') {
                i += 2;
                continue;
            }
            if (i + 1 < in.size()) {
                word += in[++i];
                inWord = true;
            }
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            endWord();
            continue;
        }
        if (c == '#' && !inWord) {
            while (i < in.size() && in[i] != '\n')
                ++i;
            continue;
        }
        if (c == '\'') {
            const qsizetype close = in.indexOf('\'', i + 1);
            if (close < 0) {
                result.error = QStringLiteral("A single quote (') is opened but never closed. "
                                              "Check that the whole command was copied.");
                return result;
            }
            word += in.mid(i + 1, close - i - 1);
            inWord = true;
            i = close;
            continue;
        }
        if (c == '$' && i + 1 < in.size() && in[i + 1] == '\'') {
            const qsizetype close = readAnsiC(in, i + 2, word);
            if (close < 0) {
                result.error = QStringLiteral("A $'…' quote is opened but never closed. Check "
                                              "that the whole command was copied.");
                return result;
            }
            inWord = true;
            i = close;
            continue;
        }
        if (c == '"') {
            qsizetype j = i + 1;
            bool closed = false;
            for (; j < in.size(); ++j) {
                const char d = in[j];
                if (d == '"') {
                    closed = true;
                    break;
                }
                if (d == '\\' && j + 1 < in.size()) {
                    const char e = in[j + 1];
                    if (e == '"' || e == '\\' || e == '$' || e == '`') {
                        word += e;
                        ++j;
                        continue;
                    }
                    if (e == '\n') {
                        ++j;
                        continue;
                    }
                }
                word += d;
            }
            if (!closed) {
                result.error = QStringLiteral("A double quote (\") is opened but never closed. "
                                              "Check that the whole command was copied.");
                return result;
            }
            inWord = true;
            i = j;
            continue;
        }
        word += c;
        inWord = true;
    }
    endWord();
    return result;
}

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

bool isValidUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder.decode(bytes); // decoding runs on conversion
    Q_UNUSED(decoded);
    return !decoder.hasError();
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
            warn(QStringLiteral("%1 reads from standard input (@-), which a pasted command "
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
        result.error = QStringLiteral("This is not a curl command: it should start with "
                                      "\u201ccurl\u201d, like curl 'https://example.com'.");
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
                warn(QStringLiteral("The command names more than one URL; only the first, %1, "
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
                warn(QStringLiteral("Ignored the option %1, which Scenarist does not know.")
                         .arg(text(word)));
                continue;
            }
            QByteArray value;
            if (it->takesValue) {
                if (i + 1 >= words.size()) {
                    result.error
                        = QStringLiteral("The option %1 needs a value after it.").arg(text(word));
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
                warn(QStringLiteral("Ignored the option %1, which Scenarist does not know.")
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
                    result.error
                        = QStringLiteral("The option %1 needs a value after it.").arg(text(shown));
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
            warn(QStringLiteral("-u gives no password (curl would ask for one); the password "
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
            warn(QStringLiteral("%1 %2 reads cookies from a file, which Scenarist cannot do "
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
            warn(QStringLiteral("The command names more than one URL; only the first, %1, was "
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
        warn(QStringLiteral("--location-trusted: Scenarist follows redirects but does not "
                            "send the credentials to other hosts."));
        break;
    case Opt::MaxTime: {
        bool ok = false;
        const double seconds = value.toDouble(&ok);
        if (!ok || !(seconds > 0)) { // !(> 0) also refuses nan
            warn(QStringLiteral("%1 %2 is not a number of seconds; the timeout stays %3 "
                                "seconds.")
                     .arg(option, text(value))
                     .arg(result.spec.timeoutSeconds));
            break;
        }
        // Clamped before converting: 1e20 seconds does not fit in an int.
        const double whole = std::ceil(seconds);
        result.spec.timeoutSeconds = static_cast<int>(std::clamp(whole, 1.0, 300.0));
        if (whole != result.spec.timeoutSeconds) {
            warn(QStringLiteral("A timeout of %1 seconds is outside 1 to 300; it was set to "
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
        warn(QStringLiteral("Ignored %1: Scenarist has no such setting.").arg(option));
        break;
    case Opt::UnsupportedValue:
        warn(QStringLiteral("Ignored %1 %2: Scenarist has no such setting.")
                 .arg(option, text(value)));
        break;
    case Opt::Unknown:
        warn(QStringLiteral("Ignored the option %1, which Scenarist does not know.").arg(option));
        break;
    }
}

void Parser::addHeader(const QByteArray &line)
{
    if (line.startsWith('@')) {
        warn(QStringLiteral("-H %1 reads headers from a file, which Scenarist cannot do here.")
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
        warn(QStringLiteral("Ignored the header \u201c%1\u201d: a header is \u201cName: "
                            "value\u201d.")
                 .arg(text(line)));
        return;
    }
    const QByteArray name = line.left(colon).trimmed();
    const QByteArray value = line.mid(colon + 1).trimmed();
    if (value.isEmpty()) {
        warn(QStringLiteral("-H '%1:' tells curl not to send its own %1 header; Scenarist "
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
        warn(QStringLiteral("The URL has no scheme; like curl, http:// was assumed."));
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
        result.error = QStringLiteral("The curl command has no URL.");
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
        warn(QStringLiteral("The URL has [ ] or { } characters, which curl reads as a range "
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
        warn(QStringLiteral("The method %1 is not one Scenarist can send (%2); it was set "
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
            warn(QStringLiteral("The command sets Content-Type more than once; the last one "
                                "(%1) was kept.")
                     .arg(kept));
        }
    }

    if (hasForm) {
        if (hasData)
            warn(QStringLiteral("The command has both -F and -d, which curl refuses; the -d "
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
        warn(QStringLiteral("The body holds bytes that are not text; Scenarist's raw body is "
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
            warn(QStringLiteral("The body looks like JSON, but the command sets no "
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
            warn(QStringLiteral("Ignored the form field \u201c%1\u201d: a field is "
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
                warn(QStringLiteral("Ignored \u201c%1\u201d in the form field %2.")
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
                warn(QStringLiteral("The text field %1 has its own content type (%2), which "
                                    "Scenarist does not send for text fields.")
                         .arg(field.name, type));
            }
        }
        spec.multipartFields.append(field);
    }
}

// ---------------------------------------------------------------------------------------
// Writing

const QByteArray Mask = QByteArrayLiteral("********");

QByteArray maskBytes(QByteArray bytes, const QStringList &secrets)
{
    QStringList sorted = secrets;
    std::sort(sorted.begin(), sorted.end(),
        [](const QString &a, const QString &b) { return a.size() > b.size(); });
    for (const QString &secret : std::as_const(sorted)) {
        if (secret.isEmpty())
            continue;
        const QByteArray plain = secret.toUtf8();
        bytes.replace(plain, Mask);
        const QByteArray encoded = plain.toPercentEncoding();
        if (encoded != plain)
            bytes.replace(encoded, Mask);
    }
    return bytes;
}

// Like the inspector: the scheme stays visible ("Bearer", "Basic"), the credential does not.
QByteArray maskCredential(const QByteArray &value)
{
    const qsizetype space = value.indexOf(' ');
    return space > 0 ? value.left(space) + ' ' + Mask : Mask;
}

bool isCredentialHeader(const QByteArray &name)
{
    return name.compare("authorization", Qt::CaseInsensitive) == 0
        || name.compare("proxy-authorization", Qt::CaseInsensitive) == 0;
}

bool needsAnsiC(const QByteArray &bytes)
{
    for (char c : bytes) {
        const uchar u = static_cast<uchar>(c);
        if (u < 0x20 || u == 0x7f)
            return true;
    }
    return !isValidUtf8(bytes);
}

QByteArray ansiC(const QByteArray &bytes)
{
    // Valid UTF-8 sequences stay readable; anything else is written as \xHH.
    QByteArray out("$'");
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const uchar u = static_cast<uchar>(bytes[i]);
        switch (u) {
        case '\n':
            out += "\\n";
            continue;
        case '\r':
            out += "\\r";
            continue;
        case '\t':
            out += "\\t";
            continue;
        case '\\':
            out += "\\\\";
            continue;
        case '\'':
            out += "\\'";
            continue;
        default:
            break;
        }
        if (u >= 0x20 && u < 0x7f) {
            out += static_cast<char>(u);
            continue;
        }
        if (u >= 0xc2 && u <= 0xf4) {
            const int length = u >= 0xf0 ? 4 : u >= 0xe0 ? 3 : 2;
            const QByteArray sequence = bytes.mid(i, length);
            if (sequence.size() == length && isValidUtf8(sequence)) {
                out += sequence;
                i += length - 1;
                continue;
            }
        }
        out += "\\x" + QByteArray::number(u, 16).rightJustified(2, '0');
    }
    out += '\'';
    return out;
}

QByteArray singleQuoted(const QByteArray &bytes)
{
    QByteArray out("'");
    for (char c : bytes) {
        if (c == '\'')
            out += "'\\''";
        else
            out += c;
    }
    out += '\'';
    return out;
}

// printf's format language for bytes that bash cannot hold in an argument (NUL).
QByteArray printfFormat(const QByteArray &bytes)
{
    QByteArray format;
    for (char c : bytes) {
        const uchar u = static_cast<uchar>(c);
        if (c == '%')
            format += "%%";
        else if (c == '\\')
            format += "\\\\";
        else if (u >= 0x20 && u < 0x7f)
            format += c;
        else
            format += "\\x" + QByteArray::number(u, 16).rightJustified(2, '0');
    }
    return singleQuoted(format);
}

bool containsAny(const QByteArray &text, const char *characters)
{
    for (const char *c = characters; *c; ++c) {
        if (text.contains(*c))
            return true;
    }
    return false;
}

class CommandWriter
{
public:
    void setUrl(const QByteArray &url)
    {
        m_url = url;
        if (containsAny(url, "[]{}"))
            add("--globoff");
        if (url.contains("/./") || url.contains("/../") || url.endsWith("/.")
            || url.endsWith("/.."))
            add("--path-as-is");
    }
    void add(const QByteArray &option) { m_lines.append(option); }
    void add(const QByteArray &option, const QByteArray &value)
    {
        m_lines.append(option + ' ' + quoteForBash(value).toUtf8());
    }
    void setStdin(const QByteArray &bytes) { m_stdin = bytes; }

    QString command() const
    {
        QByteArray out;
        if (!m_stdin.isNull())
            out += "printf " + printfFormat(m_stdin) + " | ";
        // curl reads an argument that starts with - as an option, even quoted.
        out += m_url.startsWith('-') ? "curl --url " : "curl ";
        out += quoteForBash(m_url).toUtf8();
        for (const QByteArray &line : m_lines)
            out += " \\\n  " + line;
        return QString::fromUtf8(out);
    }

private:
    QByteArray m_url;
    QList<QByteArray> m_lines;
    QByteArray m_stdin;
};

void addMethod(CommandWriter &w, const QByteArray &method, bool hasBody)
{
    const QByteArray upper = method.trimmed().toUpper();
    if (upper == "HEAD")
        w.add("--head");
    else if (upper == "GET" && !hasBody)
        return;
    else if (upper == "POST" && hasBody)
        return;
    else if (!upper.isEmpty())
        w.add("-X", upper);
}

bool acceptsCompression(const QByteArray &acceptEncoding)
{
    const QByteArray lower = acceptEncoding.toLower();
    return lower.contains("gzip") || lower.contains("deflate") || lower.contains("br")
        || lower.contains("zstd");
}

void addBody(CommandWriter &w, const QByteArray &body)
{
    if (body.contains('\0')) {
        // No shell argument can hold a NUL byte: pipe the body in.
        w.setStdin(body);
        w.add("--data-binary", "@-");
    } else {
        // --data-binary would read a file for a body starting with @; --data-raw does not.
        w.add(body.startsWith('@') ? "--data-raw" : "--data-binary", body);
    }
}

QByteArray encodePairs(const QList<NameValue> &pairs)
{
    QByteArray out;
    for (const NameValue &pair : pairs) {
        if (pair.name.isEmpty())
            continue;
        if (!out.isEmpty())
            out += '&';
        out += pair.name.toUtf8().toPercentEncoding() + '='
            + pair.value.toUtf8().toPercentEncoding();
    }
    return out;
}

QByteArray formValue(const QString &value)
{
    const QByteArray bytes = value.toUtf8();
    if (!containsAny(bytes, ";,\"\\"))
        return bytes;
    QByteArray quoted("\"");
    for (char c : bytes) {
        if (c == '"' || c == '\\')
            quoted += '\\';
        quoted += c;
    }
    return quoted + '"';
}

} // namespace

ParseResult parse(const QString &command)
{
    ParseResult result;
    const QString trimmed = command.trimmed();
    if (trimmed.isEmpty()) {
        result.error = QStringLiteral("There is no command to read: paste a curl command, "
                                      "like curl 'https://example.com'.");
        return result;
    }
    const Words words = splitWords(trimmed.toUtf8());
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
    return QStringLiteral("[the file %1, not read]").arg(path);
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
        const Words words = splitWords(result.command.trimmed().toUtf8());
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

QString quoteForBash(const QByteArray &argument)
{
    return QString::fromUtf8(needsAnsiC(argument) ? ansiC(argument) : singleQuoted(argument));
}

QString fromRequest(const QByteArray &method, const QUrl &url, const QList<Header> &headers,
    const QByteArray &body, const QStringList &secrets, bool reveal, const Options &options)
{
    auto shown
        = [&](const QByteArray &bytes) { return reveal ? bytes : maskBytes(bytes, secrets); };
    CommandWriter w;
    w.setUrl(shown(url.toEncoded()));
    addMethod(w, method, !body.isEmpty());
    bool hasContentType = false;
    bool compressed = false;
    for (const Header &header : headers) {
        const QByteArray &name = header.first;
        if (name.compare("content-length", Qt::CaseInsensitive) == 0
            || name.compare("host", Qt::CaseInsensitive) == 0
            || name.compare("connection", Qt::CaseInsensitive) == 0)
            continue; // curl sends these itself, from the URL and the body
        if (name.compare("content-type", Qt::CaseInsensitive) == 0)
            hasContentType = true;
        if (name.compare("accept-encoding", Qt::CaseInsensitive) == 0)
            compressed = acceptsCompression(header.second);
        QByteArray value = header.second;
        if (!reveal && isCredentialHeader(name))
            value = maskCredential(value);
        value = shown(value);
        // "Name:" (or "Name:" and spaces, which curl trims) would remove the header in
        // curl; "Name;" sends it empty.
        w.add("-H", value.trimmed().isEmpty() ? name + ';' : name + ": " + value);
    }
    if (!body.isEmpty() && !hasContentType)
        w.add("-H", "Content-Type:"); // else curl would add its form content type
    if (body.size() > 1024)
        w.add("-H", "Expect:"); // curl asks for 100-continue on large bodies; the app did not
    // With its own Accept-Encoding header curl still sends ours, and --compressed makes it
    // decompress the answer for the terminal.
    if (compressed)
        w.add("--compressed");
    if (!body.isEmpty())
        addBody(w, shown(body));
    if (options.followRedirects)
        w.add("-L");
    if (options.insecure)
        w.add("-k");
    if (!options.caCertificateFile.isEmpty())
        w.add("--cacert", options.caCertificateFile.toUtf8());
    if (options.maxTimeSeconds > 0)
        w.add("--max-time " + QByteArray::number(options.maxTimeSeconds));
    return w.command();
}

QString fromSpec(const HttpRequestSpec &spec, const QStringList &secrets, bool reveal)
{
    auto shown = [&](const QString &value) {
        const QByteArray bytes = value.toUtf8();
        return reveal ? bytes : maskBytes(bytes, secrets);
    };
    CommandWriter w;
    QByteArray url = spec.url.trimmed().toUtf8();
    const QByteArray query = encodePairs(spec.query);
    if (!query.isEmpty())
        url += (url.contains('?') ? (url.endsWith('?') || url.endsWith('&') ? "" : "&") : "?")
            + query;
    w.setUrl(reveal ? url : maskBytes(url, secrets));
    // curl sends GET unless a data option follows, and fields without a name are not
    // written: a POST whose body has only such fields needs its -X POST.
    const auto anyNamed = [](const auto &fields) {
        return std::any_of(fields.cbegin(), fields.cend(),
            [](const auto &field) { return !field.name.isEmpty(); });
    };
    const bool hasBody = spec.bodyType == BodyType::Raw
        || (spec.bodyType == BodyType::UrlEncoded && anyNamed(spec.urlEncodedFields))
        || (spec.bodyType == BodyType::Multipart && anyNamed(spec.multipartFields));
    addMethod(w, spec.method.toUtf8(), hasBody);
    bool hasContentType = false;
    for (const NameValue &header : spec.headers) {
        const QByteArray name = header.name.trimmed().toUtf8();
        if (name.isEmpty())
            continue;
        if (name.compare("content-type", Qt::CaseInsensitive) == 0)
            hasContentType = true;
        QByteArray value = header.value.toUtf8();
        if (!reveal && isCredentialHeader(name))
            value = maskCredential(value);
        value = reveal ? value : maskBytes(value, secrets);
        // Blank counts as empty: "Name: " would remove the header in curl.
        w.add("-H", value.trimmed().isEmpty() ? name + ';' : name + ": " + value);
    }
    if (!spec.username.isEmpty() || !spec.password.isEmpty()) {
        const QByteArray password = reveal ? spec.password.toUtf8() : Mask;
        w.add("-u",
            spec.username.toUtf8() + ':' + (spec.password.isEmpty() ? QByteArray() : password));
    }
    switch (spec.bodyType) {
    case BodyType::None:
        break;
    case BodyType::Raw:
        if (!hasContentType) {
            const QByteArray type = spec.rawContentType.trimmed().toUtf8();
            w.add("-H", type.isEmpty() ? QByteArray("Content-Type:") : "Content-Type: " + type);
        }
        w.add("--data-raw", shown(spec.rawContent));
        break;
    case BodyType::UrlEncoded:
        for (const NameValue &field : spec.urlEncodedFields) {
            if (field.name.isEmpty())
                continue;
            const QByteArray name = field.name.toUtf8();
            // --data-urlencode encodes the value only, so a name that needs encoding is
            // written already encoded.
            if (name.toPercentEncoding() == name)
                w.add("--data-urlencode", name + '=' + shown(field.value));
            else
                w.add("--data-raw",
                    name.toPercentEncoding() + '=' + shown(field.value).toPercentEncoding());
        }
        break;
    case BodyType::Multipart:
        for (const MultipartField &field : spec.multipartFields) {
            if (field.name.isEmpty())
                continue;
            const QByteArray name = field.name.toUtf8();
            if (!field.isFile()) {
                w.add("--form-string", name + '=' + shown(field.value));
                continue;
            }
            QByteArray part = name + "=@" + formValue(field.file);
            if (!field.fileName.isEmpty())
                part += ";filename=" + formValue(field.fileName);
            if (!field.contentType.isEmpty())
                part += ";type=" + field.contentType.toUtf8();
            w.add("-F", part);
        }
        break;
    }
    if (spec.requestCompressed)
        w.add("--compressed");
    if (spec.followRedirects)
        w.add("-L");
    if (!spec.rejectUnverifiedCertificates)
        w.add("-k");
    const QString ca = spec.caCertificate.trimmed();
    if (!ca.isEmpty() && !ca.contains(QLatin1String("-----BEGIN")))
        w.add("--cacert", ca.toUtf8());
    if (spec.timeoutSeconds > 0)
        w.add("--max-time " + QByteArray::number(spec.timeoutSeconds));
    return w.command();
}

} // namespace CurlCommand
