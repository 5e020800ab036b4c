// Writing a request back as a curl command for bash.

#include "core/io/CurlCommand.h"
#include "core/io/CurlShellWords.h"
#include "core/model/UrlEncoding.h"

#include <algorithm>

namespace CurlCommand {

namespace {

using CurlShellWords::isValidUtf8;

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
    const QByteArray query = UrlEncoding::encodePairs(spec.query);
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
