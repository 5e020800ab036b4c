#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

/// Which local files a run may read (multipart file fields, CA certificates, client keys,
/// cURL @file). A scenario from someone else must not read the user's files without consent;
/// see docs/sharing-scenarios-safely.md.
struct FileAccessPolicy
{
    /// Relative paths are read relative to this folder (the scenario file's folder).
    QString baseFolder;
    /// Files inside these folders (and their subfolders) may be read. Canonical paths.
    QStringList allowedFolders;
    /// These files may be read (the user consented to each). Canonical paths.
    QStringList allowedFiles;
    /// Any regular file may be read (a trusted scenario's own paths); the system folders,
    /// special files and the size limit still apply.
    bool anywhere = false;
    /// Larger files are refused before any of their bytes are sent.
    qint64 maxBytes = 100LL * 1024 * 1024;
};

/// The outcome of reading a local file under a policy.
struct LocalFileRead
{
    QByteArray data;
    QString canonicalPath; ///< symlinks and .. resolved
    QString error; ///< plain words naming the file and what to do
    bool ok() const { return error.isEmpty(); }
};

namespace LocalFileAccess {

/// The absolute, canonical path of `path` (relative to policy.baseFolder), with symlinks
/// and .. resolved; empty when the file does not exist.
QString resolve(const QString &path, const FileAccessPolicy &policy);
/// Checks `path` against the policy without reading it: never /proc, /sys, /dev, FIFOs,
/// sockets or anything that is not a regular file; inside the allowed folders or files
/// unless `anywhere`; not larger than maxBytes. Returns the error, or empty when allowed.
QString check(const QString &path, const FileAccessPolicy &policy, QString *canonical = nullptr);
/// check(), then reads at most maxBytes (whatever the file claims) and refuses a file that
/// turns out larger.
LocalFileRead read(const QString &path, const FileAccessPolicy &policy);
/// A file the person named themselves (on the command line, in a file dialog): any regular
/// file outside the system folders, at most `maxBytes`, relative to the working folder. A
/// pipe or a device given as a scenario must not hang the program or fill its memory.
LocalFileRead readChosen(const QString &path, qint64 maxBytes);

} // namespace LocalFileAccess
