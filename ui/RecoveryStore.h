#pragma once

#include "core/io/ScenarioDocument.h"

#include <QDateTime>
#include <QList>
#include <QString>

/// Autosave files for crash recovery: while a scenario has unsaved changes the main window
/// writes it here now and then; a clean close or a save removes it. What is left at start-up
/// was cut short (a crash, a kill) and is offered back.
class RecoveryStore
{
public:
    struct Entry
    {
        QString autosavePath; ///< the autosaved scenario
        QString originalPath; ///< the file it belongs to; empty for a never-saved scenario
        QString scenarioName;
        QDateTime savedAt;
    };

    /// `directory` empty: the app's data folder (QStandardPaths::AppDataLocation)/recovery.
    explicit RecoveryStore(const QString &directory = QString());

    QString directory() const { return m_directory; }

    /// Writes the autosave of this window's scenario (atomically). False with *error on failure.
    bool save(const ScenarioDocument &document, const QString &originalPath, QString *error);
    /// Removes this window's autosave (after a save or a clean close).
    void discard();

    /// Autosaves left by earlier runs of the app (not this window's own).
    QList<Entry> leftovers() const;
    static void remove(const Entry &entry);

    /// The autosave file this window writes to.
    QString ownPath() const { return m_ownPath; }

private:
    QString m_directory;
    QString m_ownPath;
};
