#include "core/io/ScenarioOpener.h"

#include "core/io/MakeBlueprint.h"
#include "core/io/ScenarioFile.h"
#include "core/trust/LocalFileAccess.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>

namespace ScenarioOpener {

Opened open(const QString &path)
{
    if (MakeBlueprint::isBlueprintFile(path))
        return openBlueprint(path);
    Opened opened;
    opened.document = ScenarioFile::load(path, &opened.error);
    return opened;
}

Opened openBlueprint(const QString &path)
{
    Opened opened;
    opened.isBlueprint = true;
    const QString name = QFileInfo(path).fileName();
    if (!QFileInfo::exists(path)) {
        opened.error = QCoreApplication::translate("ScenarioOpener", "There is no file at %1.")
                           .arg(QDir::toNativeSeparators(path));
        return opened;
    }
    // The same cap as scenario files; only a regular file (a pipe must not hang the import).
    const LocalFileRead read = LocalFileAccess::readChosen(path, 64LL * 1024 * 1024);
    if (!read.ok()) {
        opened.error = read.error;
        return opened;
    }
    QJsonParseError parseError;
    const QJsonDocument json = QJsonDocument::fromJson(read.data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        opened.error
            = QCoreApplication::translate("ScenarioOpener", "%1 is not valid JSON: %2 at %3.")
                  .arg(name, parseError.errorString(),
                      ScenarioFile::describeOffset(read.data, parseError.offset));
        return opened;
    }
    if (!json.isObject() || !MakeBlueprint::isBlueprint(json.object())) {
        opened.error = QCoreApplication::translate("ScenarioOpener",
            "%1 is not a Make blueprint: it has no “flow\u201d of "
            "modules.")
                           .arg(name);
        return opened;
    }
    QString error;
    opened.document = MakeBlueprint::importScenario(json.object(), &opened.report, &error);
    if (!opened.document)
        opened.error = QStringLiteral("%1: %2").arg(name, error);
    return opened;
}

} // namespace ScenarioOpener
