#pragma once

#include "core/model/HttpRequestSpec.h"
#include "core/trust/LocalFileAccess.h"

#include <QByteArray>
#include <QList>
#include <QString>

/// Builds a multipart/form-data body (RFC 7578) byte by byte, so that the bytes shown in the
/// inspector are exactly the bytes sent. Text fields carry no Content-Type, as browsers and
/// Node's form-data send them; file parts carry a filename and a Content-Type.
class MultipartBuilder
{
public:
    /// Uses a random boundary.
    MultipartBuilder();
    explicit MultipartBuilder(const QByteArray &boundary);

    /// Builds the body from `fields`, reading files from disk under `policy`. Returns false
    /// and sets `error` (plain words, naming the field or the file) when a file is refused or
    /// cannot be read, or when a part header (name, file name, content type) holds a line
    /// break or a NUL byte.
    bool build(const QList<MultipartField> &fields, const FileAccessPolicy &policy, QString *error);

    QByteArray body() const { return m_body; }
    QByteArray boundary() const { return m_boundary; }
    /// "multipart/form-data; boundary=…"
    QByteArray contentType() const;

    static QByteArray randomBoundary();

private:
    QByteArray m_boundary;
    QByteArray m_body;
};
