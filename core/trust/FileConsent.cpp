#include "core/trust/FileConsent.h"

#include <QFileInfo>

namespace {

void addFolder(QStringList &folders, const QString &folder)
{
    if (folder.isEmpty())
        return;
    const QString canonical = QFileInfo(folder).canonicalFilePath();
    if (!canonical.isEmpty() && !folders.contains(canonical))
        folders.append(canonical);
}

} // namespace

FileAccessPolicy FileConsent::policyFor(bool computed) const
{
    FileAccessPolicy policy;
    policy.baseFolder = scenarioFolder;
    policy.maxBytes = maxBytes;
    for (const QString &folder : allowedFolders)
        addFolder(policy.allowedFolders, folder);
    if (headless) {
        if (scenarioFolderAllowed)
            addFolder(policy.allowedFolders, scenarioFolder);
        return policy;
    }
    if (trusted) {
        if (computed)
            addFolder(policy.allowedFolders, scenarioFolder);
        else
            policy.anywhere = true;
        return policy;
    }
    if (!computed)
        policy.allowedFiles = consentedFiles;
    return policy;
}
