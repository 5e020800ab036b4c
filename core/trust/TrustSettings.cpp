#include "core/trust/TrustSettings.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace {

QString path()
{
    const QString given = qEnvironmentVariable("SCENARIST_TRUST_FILE");
    if (!given.isEmpty())
        return given;
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
        + QLatin1String("/Scenarist/trust.conf");
}

} // namespace

std::unique_ptr<QSettings> TrustSettings::open()
{
    const QString file = path();
    const QString folder = QFileInfo(file).absolutePath();
    if (!QFileInfo::exists(folder)) {
        QDir().mkpath(folder);
        QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    return std::make_unique<QSettings>(file, QSettings::IniFormat);
}

void TrustSettings::close(QSettings &settings)
{
    settings.sync();
    QFile::setPermissions(settings.fileName(), QFile::ReadOwner | QFile::WriteOwner);
}
