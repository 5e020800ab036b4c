#include "ui/RecoveryStore.h"

#include "core/io/PrivateFiles.h"
#include "core/io/ScenarioFile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QUuid>

namespace {
const QString metaSuffix = QStringLiteral(".meta.json");
const QString autosaveSuffix = QStringLiteral(".autosave.scenario.json");
} // namespace

RecoveryStore::RecoveryStore(const QString &directory)
    : m_directory(directory)
{
    if (m_directory.isEmpty()) {
        m_directory = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
            + QStringLiteral("/recovery");
    }
    // One file per window and process, so two windows never overwrite each other.
    m_ownPath = m_directory + QLatin1Char('/') + QUuid::createUuid().toString(QUuid::WithoutBraces)
        + autosaveSuffix;
}

bool RecoveryStore::save(
    const ScenarioDocument &document, const QString &originalPath, QString *error)
{
    // Autosaves are the user's unsaved work: only the user may read them
    // (docs/private-files.md).
    QString why;
    if (!PrivateFiles::makeFolder(m_directory, &why)) {
        *error = QCoreApplication::translate(
            "RecoveryStore", "Could not create the folder %1 for autosaves.")
                     .arg(m_directory);
        return false;
    }
    const QJsonObject meta {
        {QStringLiteral("originalPath"), originalPath},
        {QStringLiteral("scenarioName"), document.name},
        {QStringLiteral("savedAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
        {QStringLiteral("pid"), QCoreApplication::applicationPid()},
    };
    QString metaPath = m_ownPath;
    metaPath.replace(autosaveSuffix, metaSuffix);
    // The scenario first, then its description: a leftover without a description is ignored.
    return PrivateFiles::write(m_ownPath, ScenarioFile::serialize(document), error)
        && PrivateFiles::write(metaPath, QJsonDocument(meta).toJson(), error);
}

void RecoveryStore::discard()
{
    remove(Entry {m_ownPath, {}, {}, {}});
}

void RecoveryStore::remove(const Entry &entry)
{
    QString metaPath = entry.autosavePath;
    metaPath.replace(autosaveSuffix, metaSuffix);
    QFile::remove(metaPath);
    QFile::remove(entry.autosavePath);
}

QList<RecoveryStore::Entry> RecoveryStore::leftovers() const
{
    QList<Entry> entries;
    const QDir dir(m_directory);
    const QStringList metas
        = dir.entryList({QStringLiteral("*") + metaSuffix}, QDir::Files, QDir::Time);
    for (const QString &name : metas) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QJsonObject meta = QJsonDocument::fromJson(file.readAll()).object();
        Entry entry;
        entry.autosavePath = dir.filePath(QString(name).replace(metaSuffix, autosaveSuffix));
        if (entry.autosavePath == m_ownPath || !QFile::exists(entry.autosavePath))
            continue;
        // Another Scenarist that is still running owns this autosave: not a leftover.
        const qint64 pid = meta.value(QStringLiteral("pid")).toInteger();
        if (pid > 0 && pid != QCoreApplication::applicationPid()
            && QFileInfo::exists(QStringLiteral("/proc/%1").arg(pid)))
            continue;
        entry.originalPath = meta.value(QStringLiteral("originalPath")).toString();
        entry.scenarioName = meta.value(QStringLiteral("scenarioName")).toString();
        entry.savedAt
            = QDateTime::fromString(meta.value(QStringLiteral("savedAt")).toString(), Qt::ISODate);
        entries.append(entry);
    }
    return entries;
}
