#include "core/trust/LocalFileAccess.h"

#include "core/trust/ByteSize.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

namespace {

// Folders whose "files" are the computer itself: process memory and environment, devices
// that never end (/dev/zero) or block (/dev/tty). See docs/sharing-scenarios-safely.md.
const char *const SystemFolders[] = {"/proc", "/sys", "/dev"};

// The kernel's own file systems, wherever they are mounted: their "regular files" are the
// computer's memory, environment and settings (/proc/self/environ is a regular file).
bool isKernelFileSystem(const struct statfs &fs)
{
    switch (static_cast<unsigned long>(fs.f_type)) {
    case PROC_SUPER_MAGIC:
    case SYSFS_MAGIC:
    case DEBUGFS_MAGIC:
    case TRACEFS_MAGIC:
    case SECURITYFS_MAGIC:
    case CGROUP_SUPER_MAGIC:
    case CGROUP2_SUPER_MAGIC:
    case EFIVARFS_MAGIC:
    case BPF_FS_MAGIC:
    case DEVPTS_SUPER_MAGIC:
        return true;
    default:
        return false;
    }
}

bool isInside(const QString &path, const QString &folder)
{
    if (folder.isEmpty())
        return false;
    if (path == folder)
        return true;
    const QString prefix = folder.endsWith(QLatin1Char('/')) ? folder : folder + QLatin1Char('/');
    return path.startsWith(prefix);
}

// The file as the person wrote it, and where it really is when that differs (a symlink or
// a relative path), so that a refusal shows both.
QString named(const QString &path, const QString &canonical)
{
    if (canonical.isEmpty() || canonical == path)
        return QStringLiteral("\"%1\"").arg(path);
    return QCoreApplication::translate("LocalFileAccess", "\"%1\" (which is \"%2\")")
        .arg(path, canonical);
}

QString notRegularReason(mode_t mode)
{
    if (S_ISDIR(mode))
        return QCoreApplication::translate("LocalFileAccess", "it is a folder, not a file");
    if (S_ISFIFO(mode))
        return QCoreApplication::translate("LocalFileAccess",
            "it is not a regular file but a pipe, which could make Scenarist "
            "wait for ever");
    if (S_ISSOCK(mode))
        return QCoreApplication::translate(
            "LocalFileAccess", "it is not a regular file but a socket");
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return QCoreApplication::translate(
            "LocalFileAccess", "it is not a regular file but a device");
    return QCoreApplication::translate("LocalFileAccess", "it is not a regular file");
}

QString refusal(const QString &path, const QString &canonical, const QString &why)
{
    return QCoreApplication::translate("LocalFileAccess", "Scenarist did not read %1: %2")
        .arg(named(path, canonical), why);
}

} // namespace

QString LocalFileAccess::resolve(const QString &path, const FileAccessPolicy &policy)
{
    if (path.isEmpty())
        return QString();
    const QString absolute = QDir::isAbsolutePath(path)
        ? path
        : QDir(policy.baseFolder.isEmpty() ? QDir::currentPath() : policy.baseFolder)
              .absoluteFilePath(path);
    // canonicalFilePath resolves every symlink and .. so the checks below see the real place.
    return QFileInfo(absolute).canonicalFilePath();
}

namespace {

// check(), giving the file's identity too, so that read() can tell that what it opened is
// what was checked.
QString checkFile(
    const QString &path, const FileAccessPolicy &policy, QString *canonical, struct stat *checked)
{
    const QString real = LocalFileAccess::resolve(path, policy);
    if (canonical)
        *canonical = real;
    if (real.isEmpty()) {
        return QCoreApplication::translate(
            "LocalFileAccess", "Scenarist could not find the file \"%1\". Check the path%2.")
            .arg(path,
                QDir::isAbsolutePath(path) || policy.baseFolder.isEmpty()
                    ? QString()
                    : QCoreApplication::translate(
                        "LocalFileAccess", " (it is read from the folder \"%1\")")
                          .arg(policy.baseFolder));
    }
    for (const char *folder : SystemFolders) {
        const QString system = QString::fromLatin1(folder);
        if (isInside(real, system)) {
            return refusal(path, real,
                QCoreApplication::translate("LocalFileAccess",
                    "it is in %1, a system folder that holds the "
                    "computer's devices and settings, not files to send.")
                    .arg(system));
        }
    }
    if (!policy.anywhere) {
        bool allowed = policy.allowedFiles.contains(real);
        for (const QString &folder : policy.allowedFolders) {
            if (allowed)
                break;
            // The policy should hold canonical folders; canonicalize anyway so that a folder
            // given through a symlink (/tmp on some systems) still matches.
            const QString canonicalFolder = QFileInfo(folder).canonicalFilePath();
            allowed = isInside(real, folder)
                || (!canonicalFolder.isEmpty() && isInside(real, canonicalFolder));
        }
        if (!allowed) {
            return refusal(path, real,
                QCoreApplication::translate("LocalFileAccess",
                    "it is outside the folders this scenario may read. "
                    "Put the file in the scenario's folder, or choose it "
                    "again yourself if you trust this scenario."));
        }
    }
    // lstat on the canonical path: no symlink is left in it, and lstat never opens the file,
    // so a pipe cannot block here.
    struct stat &info = *checked;
    if (::lstat(QFile::encodeName(real).constData(), &info) != 0) {
        return QCoreApplication::translate(
            "LocalFileAccess", "Scenarist could not read %1 (%2). Check the path.")
            .arg(named(path, real), QString::fromLocal8Bit(strerror(errno)));
    }
    struct statfs fs;
    if (::statfs(QFile::encodeName(real).constData(), &fs) == 0 && isKernelFileSystem(fs)) {
        return refusal(path, real,
            QCoreApplication::translate("LocalFileAccess",
                "it belongs to a system file system that holds the computer's "
                "memory and settings, not files to send."));
    }
    if (!S_ISREG(info.st_mode))
        return refusal(path, real, notRegularReason(info.st_mode) + QLatin1Char('.'));
    if (qint64(info.st_size) > policy.maxBytes) {
        return refusal(path, real,
            QCoreApplication::translate("LocalFileAccess",
                "it is larger than %1, the most Scenarist reads from a "
                "file (it has %2).")
                .arg(ByteSize::inWords(policy.maxBytes), ByteSize::inWords(info.st_size)));
    }
    return QString();
}

} // namespace

QString LocalFileAccess::check(
    const QString &path, const FileAccessPolicy &policy, QString *canonical)
{
    struct stat info;
    return checkFile(path, policy, canonical, &info);
}

LocalFileRead LocalFileAccess::read(const QString &path, const FileAccessPolicy &policy)
{
    LocalFileRead result;
    struct stat checked;
    result.error = checkFile(path, policy, &result.canonicalPath, &checked);
    if (!result.ok())
        return result;
    const QString &real = result.canonicalPath;
    // O_NONBLOCK and O_NOFOLLOW: if the file was swapped for a pipe or a symlink since the
    // check, opening neither waits nor follows it; fstat below then refuses it.
    const int fd = ::open(
        QFile::encodeName(real).constData(), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        result.error
            = QCoreApplication::translate("LocalFileAccess", "Scenarist could not read %1 (%2).")
                  .arg(named(path, real), QString::fromLocal8Bit(strerror(errno)));
        return result;
    }
    struct stat info;
    struct statfs fs;
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode) || info.st_dev != checked.st_dev
        || info.st_ino != checked.st_ino || ::fstatfs(fd, &fs) != 0 || isKernelFileSystem(fs)) {
        // Swapped since the check (a folder on the way replaced by a symlink, say).
        ::close(fd);
        result.error = refusal(path, real,
            QCoreApplication::translate(
                "LocalFileAccess", "it changed while Scenarist was reading it. Try again."));
        return result;
    }
    // Read at most maxBytes + 1 whatever the file claims: a file that grows while being read
    // (or lies about its size) is still refused without filling the memory.
    const qint64 limit = policy.maxBytes + 1;
    QByteArray data;
    data.reserve(qsizetype(qMin<qint64>(qMax<qint64>(info.st_size, 0) + 1, limit)));
    char buffer[64 * 1024];
    while (data.size() < limit) {
        const ssize_t wanted = ssize_t(qMin<qint64>(sizeof(buffer), limit - data.size()));
        const ssize_t got = ::read(fd, buffer, size_t(wanted));
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            const int error = errno;
            ::close(fd);
            result.error = QCoreApplication::translate(
                "LocalFileAccess", "Scenarist could not read %1 (%2).")
                               .arg(named(path, real), QString::fromLocal8Bit(strerror(error)));
            return result;
        }
        if (got == 0)
            break;
        data.append(buffer, qsizetype(got));
    }
    ::close(fd);
    if (data.size() > policy.maxBytes) {
        result.error = refusal(path, real,
            QCoreApplication::translate("LocalFileAccess",
                "it is larger than %1, the most Scenarist reads "
                "from a file.")
                .arg(ByteSize::inWords(policy.maxBytes)));
        return result;
    }
    result.data = data;
    return result;
}

LocalFileRead LocalFileAccess::readChosen(const QString &path, qint64 maxBytes)
{
    FileAccessPolicy policy;
    policy.anywhere = true;
    policy.baseFolder = QDir::currentPath();
    policy.maxBytes = maxBytes;
    return read(path, policy);
}
