#pragma once

#include <QByteArray>
#include <QString>

class QSettings;

/// Files the app keeps for itself in the user's folders (autosaves, crash recovery,
/// settings, later the run history) hold the user's work: they are readable by the user only
/// (0600) in folders only the user can enter (0700), as XDG asks of the folders it creates.
/// Files the user saves where they choose keep ordinary permissions. See
/// docs/private-files.md.
namespace PrivateFiles {

/// Creates `folder` and any missing parent folders. Every folder created, and `folder`
/// itself, is made 0700. False with *error (plain words) when it cannot be created.
bool makeFolder(const QString &folder, QString *error);

/// Writes `bytes` atomically (QSaveFile) to `path`, the file 0600 before any byte is
/// written. Its folder must exist (makeFolder()).
bool write(const QString &path, const QByteArray &bytes, QString *error);

/// Makes the settings file 0600 and its folder 0700 (creating both if missing), after
/// writing what is pending. QSettings keeps a file's permissions when it rewrites it, so
/// every later write, by whichever part of the app, stays private.
void protectSettings(QSettings &settings);

} // namespace PrivateFiles
