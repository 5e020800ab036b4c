#include "core/io/PrivateFiles.h"

#include "core/io/ScenarioFile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>
#include <QStringList>

namespace PrivateFiles {

namespace {

constexpr QFileDevice::Permissions folderPermissions = QFileDevice::ReadOwner
    | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ReadUser
    | QFileDevice::WriteUser | QFileDevice::ExeUser;
constexpr QFileDevice::Permissions filePermissions = QFileDevice::ReadOwner
    | QFileDevice::WriteOwner | QFileDevice::ReadUser | QFileDevice::WriteUser;

} // namespace

bool makeFolder(const QString &folder, QString *error)
{
    const QString absolute = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    // The folders that do not exist yet are the app's own: they are the ones made private.
    // Existing parents (the home folder, ~/.local/share) are left as they are.
    QStringList missing;
    for (QString path = absolute; !path.isEmpty() && !QFileInfo::exists(path);) {
        missing.prepend(path);
        const QString parent = QFileInfo(path).path();
        if (parent == path)
            break;
        path = parent;
    }
    if (!QDir().mkpath(absolute)) {
        *error = QCoreApplication::translate("PrivateFiles", "Could not create the folder %1.")
                     .arg(QDir::toNativeSeparators(absolute));
        return false;
    }
    for (const QString &path : std::as_const(missing))
        QFile::setPermissions(path, folderPermissions);
    if (!QFile::setPermissions(absolute, folderPermissions)) {
        *error = QCoreApplication::translate(
            "PrivateFiles", "Could not make the folder %1 private to you.")
                     .arg(QDir::toNativeSeparators(absolute));
        return false;
    }
    return true;
}

bool write(const QString &path, const QByteArray &bytes, QString *error)
{
    return ScenarioFile::writeAtomically(path, bytes, error, filePermissions);
}

void protectSettings(QSettings &settings)
{
    settings.sync();
    const QString path = settings.fileName();
    if (path.isEmpty() || !QDir::isAbsolutePath(path))
        return; // not a file (another format)
    // The folder is the app's own (~/.config/Scenarist), unless the settings lie directly
    // in a shared one, which is left as it is.
    const QString folder = QFileInfo(path).absolutePath();
    const QStringList shared {
        QDir::homePath(), QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)};
    QString error;
    if (shared.contains(folder) ? !QDir().mkpath(folder) : !makeFolder(folder, &error))
        return;
    if (!QFileInfo::exists(path)) {
        // An empty settings file, so that the first real write keeps these permissions.
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return;
        file.setPermissions(filePermissions);
        file.close();
    }
    QFile::setPermissions(path, filePermissions);
}

} // namespace PrivateFiles
