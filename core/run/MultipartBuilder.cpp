#include "core/run/MultipartBuilder.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QMimeDatabase>
#include <QRandomGenerator>

namespace {

// The HTML form-data encoding: a quote would end the parameter. Line breaks never get here.
QByteArray quotedParameter(const QString &text)
{
    QByteArray out = text.toUtf8();
    out.replace('"', "%22");
    return '"' + out + '"';
}

bool hasLineBreak(const QString &text)
{
    return text.contains(QLatin1Char('\r')) || text.contains(QLatin1Char('\n'))
        || text.contains(QChar(0));
}

QString shown(const QString &text)
{
    QString out = text;
    out.replace(QLatin1Char('\r'), QLatin1String("\\r"))
        .replace(QLatin1Char('\n'), QLatin1String("\\n"))
        .replace(QChar(0), QLatin1String("\\0"));
    return out.size() > 60 ? out.left(60) + QStringLiteral("…") : out;
}

} // namespace

MultipartBuilder::MultipartBuilder()
    : m_boundary(randomBoundary())
{
}

MultipartBuilder::MultipartBuilder(const QByteArray &boundary)
    : m_boundary(boundary)
{
}

QByteArray MultipartBuilder::randomBoundary()
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    QByteArray boundary = QByteArrayLiteral("----ScenaristFormBoundary");
    for (int i = 0; i < 24; ++i)
        boundary += alphabet[QRandomGenerator::global()->bounded(int(sizeof(alphabet) - 1))];
    return boundary;
}

QByteArray MultipartBuilder::contentType() const
{
    return QByteArrayLiteral("multipart/form-data; boundary=") + m_boundary;
}

bool MultipartBuilder::build(
    const QList<MultipartField> &fields, const FileAccessPolicy &policy, QString *error)
{
    m_body.clear();
    const auto fail = [&](const QString &message) {
        m_body.clear();
        if (error)
            *error = message;
        return false;
    };
    // A line break in a part header would end it and let the rest be read as headers or
    // parts of the attacker's choosing (docs/sharing-scenarios-safely.md).
    const auto lineBreakIn = [](const QString &what, const QString &field, const QString &text) {
        return QCoreApplication::translate("MultipartBuilder",
            "The %1 of the multipart field \"%2\" contains a line break, which "
            "a part of the body may not hold (\"%3\"). Remove it (check what "
            "was mapped into it).")
            .arg(what, shown(field), shown(text));
    };
    // Every field is checked before any file is read: a refused field costs no file read.
    for (const MultipartField &field : fields) {
        if (hasLineBreak(field.name))
            return fail(lineBreakIn(QStringLiteral("name"), field.name, field.name));
        if (!field.isFile())
            continue;
        if (hasLineBreak(field.fileName))
            return fail(lineBreakIn(QCoreApplication::translate("MultipartBuilder", "file name"),
                field.name, field.fileName));
        if (hasLineBreak(field.contentType))
            return fail(lineBreakIn(QCoreApplication::translate("MultipartBuilder", "content type"),
                field.name, field.contentType));
        if (field.fileName.isEmpty() && hasLineBreak(QFileInfo(field.file).fileName()))
            return fail(lineBreakIn(QCoreApplication::translate("MultipartBuilder", "file name"),
                field.name, QFileInfo(field.file).fileName()));
    }
    for (const MultipartField &field : fields) {
        if (field.name.isEmpty() && !field.isFile() && field.value.isEmpty())
            continue; // an empty row left in the editor
        QByteArray content;
        QByteArray headers = QByteArrayLiteral("Content-Disposition: form-data; name=")
            + quotedParameter(field.name);
        if (field.isFile()) {
            const LocalFileRead file = LocalFileAccess::read(field.file, policy);
            if (!file.ok()) {
                return fail(QCoreApplication::translate(
                    "MultipartBuilder", "The file of the multipart field \"%1\" was not sent. %2")
                                .arg(field.name, file.error));
            }
            content = file.data;
            const QString fileName
                = field.fileName.isEmpty() ? QFileInfo(field.file).fileName() : field.fileName;
            QString type = field.contentType.trimmed();
            // Guessed from the bytes already read: the file is not opened a second time.
            if (type.isEmpty())
                type = QMimeDatabase()
                           .mimeTypeForFileNameAndData(QFileInfo(field.file).fileName(), content)
                           .name();
            if (type.isEmpty())
                type = QStringLiteral("application/octet-stream");
            headers += QByteArrayLiteral("; filename=") + quotedParameter(fileName);
            headers += QByteArrayLiteral("\r\nContent-Type: ") + type.toUtf8();
        } else {
            content = field.value.toUtf8();
        }
        m_body += "--" + m_boundary + "\r\n" + headers + "\r\n\r\n" + content + "\r\n";
    }
    m_body += "--" + m_boundary + "--\r\n";
    return true;
}
