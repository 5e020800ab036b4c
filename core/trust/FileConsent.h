#pragma once

#include "core/trust/LocalFileAccess.h"

#include <QString>
#include <QStringList>

/// What the person running a scenario lets it read from their computer, and so which
/// FileAccessPolicy applies to a path written in a field (docs/sharing-scenarios-safely.md):
/// - headless: files inside the scenario file's folder (and its subfolders) and the folders
///   given with --allow-files, whether the path is typed or computed;
/// - the app, a scenario of the user's own (trusted): any typed path; a computed path only
///   inside the scenario's folder and the allowed folders;
/// - the app, a scenario from elsewhere: only the typed paths the user allowed before the
///   run, and computed paths only inside the allowed folders.
/// Everywhere: never /proc, /sys, /dev or anything that is not a regular file, and no file
/// larger than maxBytes.
struct FileConsent
{
    bool headless = false;
    bool trusted = true; ///< the app: the scenario is the user's own
    QString scenarioFolder; ///< relative paths start here
    bool scenarioFolderAllowed = true; ///< false for a Make blueprint run headless
    QStringList allowedFolders; ///< --allow-files, or folders the user allowed
    QStringList consentedFiles; ///< typed paths the user allowed (canonical)
    qint64 maxBytes = 100LL * 1024 * 1024;

    /// The policy for a path as written in a field; `computed` when the field holds a mapping.
    FileAccessPolicy policyFor(bool computed) const;
};
