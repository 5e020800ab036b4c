#pragma once

#include "core/model/HttpRequestSpec.h"
#include "core/model/KindConfig.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

/// Reads one module's `config` object with checked types, the way the scenario file reads
/// everything: the first mistake is kept with its key ("config.repeats") and what is wrong
/// in plain words; the file reader puts the module's name in front (docs/scenario-file.md).
/// A missing key takes its default.
class KindConfigReader
{
public:
    explicit KindConfigReader(QJsonObject config);

    const QJsonObject &config() const { return m_config; }
    bool failed() const { return !m_errorKey.isEmpty(); }
    /// The key of the first mistake, e.g. "config.repeats"; empty when none.
    QString errorKey() const { return m_errorKey; }
    /// What is wrong with it, e.g. "must be a whole number from 1 to 10000, but is 12000."
    QString errorText() const { return m_errorText; }
    /// Keys of the config that no reader asked for, e.g. "config.colour".
    QStringList unknownKeys() const;

    /// Records a mistake at `key` (relative to config, e.g. "repeats" or "fields[2].name").
    void fail(const QString &key, const QString &what);

    QString text(const QString &key, const QString &fallback = {});
    bool boolean(const QString &key, bool fallback);
    int integer(const QString &key, int fallback, int min, int max);
    QJsonArray array(const QString &key);
    /// Any JSON value; Undefined when missing.
    QJsonValue value(const QString &key);
    /// A list of {"name", "value"} objects, both text.
    QList<NameValue> nameValues(const QString &key);
    /// A list of text.
    QStringList texts(const QString &key);
    /// A field (text that may hold mappings) that, when it holds no mapping, must be a whole
    /// number from min to max: "repeats": "10" or "{{1.count}}".
    QString wholeNumberField(const QString &key, const QString &fallback, qint64 min, qint64 max);
    /// The same for any number (start and step of a repeater).
    QString numberField(const QString &key, const QString &fallback);

    /// An aggregator's "source": a module number that must be given (the file reader then
    /// checks that the module runs before the aggregator).
    ModuleId aggregationSource();

    /// "a number", "text", … for messages.
    static QString typeName(const QJsonValue &v);

private:
    QJsonObject m_config;
    QStringList m_read;
    QString m_errorKey;
    QString m_errorText;
};
