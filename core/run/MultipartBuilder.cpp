#include "run/MultipartBuilder.h"

#include <QFile>
#include <QFileInfo>
#include <QMimeDatabase>
#include <QRandomGenerator>

namespace {

// The HTML form-data encoding: quotes and line breaks in names would end the header.
QByteArray quotedParameter(const QString &text)
{
    QByteArray out = text.toUtf8();
    out.replace('"', "%22");
    out.replace('\r', "%0D");
    out.replace('\n', "%0A");
    return '"' + out + '"';
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

bool MultipartBuilder::build(const QList<MultipartField> &fields, QString *error)
{
    m_body.clear();
    for (const MultipartField &field : fields) {
        if (field.name.isEmpty() && !field.isFile() && field.value.isEmpty())
            continue; // an empty row left in the editor
        QByteArray content;
        QByteArray headers = QByteArrayLiteral("Content-Disposition: form-data; name=")
            + quotedParameter(field.name);
        if (field.isFile()) {
            QFile file(field.file);
            if (!file.open(QIODevice::ReadOnly)) {
                if (error) {
                    *error = QStringLiteral("The file \"%1\" for the multipart field \"%2\" "
                                            "could not be read (%3). Check the path.")
                                 .arg(field.file, field.name, file.errorString());
                }
                return false;
            }
            content = file.readAll();
            const QString fileName
                = field.fileName.isEmpty() ? QFileInfo(field.file).fileName() : field.fileName;
            QString type = field.contentType.trimmed();
            if (type.isEmpty())
                type = QMimeDatabase().mimeTypeForFile(field.file).name();
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
