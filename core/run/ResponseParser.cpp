#include "core/run/ResponseParser.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QStringDecoder>

namespace {

QByteArray mediaType(const QByteArray &contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.left(semicolon)).trimmed().toLower();
}

QByteArray charsetOf(const QByteArray &contentType)
{
    const QList<QByteArray> parts = contentType.split(';');
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QByteArray part = parts.at(i).trimmed();
        if (part.toLower().startsWith("charset=")) {
            QByteArray value = part.mid(8).trimmed();
            if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
                value = value.mid(1, value.size() - 2);
            return value;
        }
    }
    return QByteArray();
}

bool isAscii(const QByteArray &bytes)
{
    for (const char c : bytes) {
        if (uchar(c) >= 0x80)
            return false;
    }
    return true;
}

/// The encoding the Content-Type names; none (read as UTF-8) when it names none or one Qt does
/// not know, which adds a warning.
std::optional<QStringConverter::Encoding> encodingOf(
    const QByteArray &charset, QStringList *warnings)
{
    if (charset.isEmpty())
        return std::nullopt;
    const std::optional<QStringConverter::Encoding> encoding
        = QStringConverter::encodingForName(charset.constData());
    if (!encoding && warnings) {
        warnings->append(QCoreApplication::translate("ResponseParser",
            "The response uses the character set \"%1\", which "
            "Scenarist does not know; it was read as UTF-8.")
                             .arg(QString::fromLatin1(charset)));
    }
    return encoding;
}

QString invalidBytesWarning(const QByteArray &charset, bool known)
{
    return QCoreApplication::translate("ResponseParser",
        "The response is not valid %1 text; the bytes that could not be read "
        "were replaced with \uFFFD.")
        .arg(known ? QString::fromLatin1(charset) : QStringLiteral("UTF-8"));
}

QString notJsonMessage(const QString &reason, qsizetype offset)
{
    return QCoreApplication::translate("ResponseParser",
        "The server said it sent JSON, but the response is not valid JSON "
        "(%1 at character %2). Turn off 'Parse response' to get the raw text.")
        .arg(reason)
        .arg(qMax<qsizetype>(0, offset));
}

} // namespace

namespace ResponseParser {

bool isJsonContentType(const QByteArray &contentType)
{
    const QByteArray type = mediaType(contentType);
    return type == "application/json" || type == "text/json" || type.endsWith("+json");
}

QString decodeText(const QByteArray &body, const QByteArray &contentType, QStringList *warnings)
{
    const QByteArray charset = charsetOf(contentType);
    const std::optional<QStringConverter::Encoding> encoding = encodingOf(charset, warnings);
    QStringDecoder decoder(encoding.value_or(QStringConverter::Utf8));
    QString text = decoder.decode(body);
    if (decoder.hasError() && warnings)
        warnings->append(invalidBytesWarning(charset, encoding.has_value()));
    return text;
}

namespace {

/// A large body kept as text: checked for bytes that are not valid in its character set
/// piece by piece, without holding the decoded text.
void keepLargeText(ParsedBody &result, const QByteArray &body, const QByteArray &contentType)
{
    const QByteArray charset = charsetOf(contentType);
    const std::optional<QStringConverter::Encoding> encoding
        = encodingOf(charset, &result.warnings);
    if (!isAscii(body)) {
        QStringDecoder decoder(encoding.value_or(QStringConverter::Utf8));
        constexpr qsizetype Piece = 1024 * 1024;
        for (qsizetype at = 0; at < body.size() && !decoder.hasError(); at += Piece) {
            const QString piece = decoder.decode(
                QByteArrayView(body.constData() + at, qMin(Piece, body.size() - at)));
            Q_UNUSED(piece);
        }
        if (decoder.hasError())
            result.warnings.append(invalidBytesWarning(charset, encoding.has_value()));
    }
    result.large = LargeBody::fromText(body, encoding ? charset : QByteArray());
    result.data = QJsonValue(QJsonValue::Undefined);
}

} // namespace

ParsedBody parse(const QByteArray &body, const QByteArray &contentType, bool parseResponse,
    qsizetype largeThreshold)
{
    ParsedBody result;
    const bool large = body.size() >= largeThreshold;
    if (!parseResponse || body.isEmpty() || !isJsonContentType(contentType)) {
        if (large) {
            keepLargeText(result, body, contentType);
            return result;
        }
        const QByteArray charset = charsetOf(contentType).toLower();
        if ((charset.isEmpty() || charset == "utf-8" || charset == "us-ascii"
                || charset == "iso-8859-1")
            && isAscii(body)) {
            // Plain ASCII reads the same in all of these: hand the bytes over as they are.
            // Decoding into a QString first would briefly take twice the body's size again.
            result.data = QJsonValue(QLatin1String(body.constData(), body.size()));
            return result;
        }
        result.data = decodeText(body, contentType, &result.warnings);
        return result;
    }

    // QJsonDocument only takes an object or an array at the top; a scalar such as "abc" or 42
    // is valid JSON too, so it is parsed inside an array of one.
    const qsizetype first = [&body] {
        for (qsizetype i = 0; i < body.size(); ++i) {
            const char c = body.at(i);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
                return i;
        }
        return body.size();
    }();
    if (large && first < body.size()) {
        QString reason;
        qsizetype offset = 0;
        result.large = LargeBody::fromJson(body, &reason, &offset);
        if (!result.large) {
            result.errorMessage = notJsonMessage(reason, offset);
            keepLargeText(result, body, contentType);
            return result;
        }
        result.isJson = true;
        result.data = QJsonValue(QJsonValue::Undefined);
        return result;
    }
    const bool wrapped = first < body.size() && body.at(first) != '{' && body.at(first) != '[';
    QJsonParseError error;
    const QJsonDocument document
        = QJsonDocument::fromJson(wrapped ? '[' + body + ']' : body, &error);
    bool ok = error.error == QJsonParseError::NoError;
    int offset = error.offset - (wrapped ? 1 : 0);
    QString reason = error.errorString();
    if (ok && wrapped && document.array().size() != 1) {
        // "1, 2" parses as two elements once wrapped; on its own it is not one JSON value.
        ok = false;
        reason
            = QCoreApplication::translate("ResponseParser", "garbage at the end of the document");
        offset = int(body.indexOf(',', first));
    }
    if (first == body.size()) {
        ok = false;
        reason = QCoreApplication::translate("ResponseParser", "the body is only spaces");
        offset = 0;
    }
    if (!ok) {
        result.errorMessage = notJsonMessage(reason, offset);
        result.data = decodeText(body, contentType, &result.warnings);
        return result;
    }
    result.isJson = true;
    if (wrapped)
        result.data = document.array().at(0);
    else if (document.isArray())
        result.data = document.array();
    else
        result.data = document.object();
    return result;
}

} // namespace ResponseParser
