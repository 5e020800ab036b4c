#include "ui/commands/EditModuleConfigCommand.h"

#include "core/model/Scenario.h"

#include <QCoreApplication>
#include <QHash>

namespace {

QString editText(ModuleId id, const QString &fieldKey)
{
    if (fieldKey.isEmpty()) {
        return QCoreApplication::translate("EditModuleConfigCommand", "Edit settings of module %1")
            .arg(id);
    }
    return QCoreApplication::translate("EditModuleConfigCommand", "Edit %1 of module %2")
        .arg(EditModuleConfigCommand::fieldName(fieldKey))
        .arg(id);
}

} // namespace

EditModuleConfigCommand::EditModuleConfigCommand(Scenario *scenario, ModuleId id,
    const HttpRequestSpec &config, const QString &fieldKey, QUndoCommand *parent)
    : ChangeValue(
        scenario, [id](const Scenario &s) { return s.module(id).config; },
        [id](Scenario &s, const HttpRequestSpec &value) { s.setModuleConfig(id, value); }, config,
        editText(id, fieldKey), MergeId::ModuleConfig,
        fieldKey.isEmpty() ? QString() : QString::number(id) + QLatin1Char('/') + fieldKey, parent)
    , m_id(id)
    , m_fieldKey(fieldKey)
{
}

QString EditModuleConfigCommand::fieldName(const QString &fieldKey)
{
    static const QHash<QString, const char *> names = {
        {QStringLiteral("url"), QT_TRANSLATE_NOOP("EditModuleConfigCommand", "URL")},
        {QStringLiteral("method"), QT_TRANSLATE_NOOP("EditModuleConfigCommand", "method")},
        {QStringLiteral("headers"), QT_TRANSLATE_NOOP("EditModuleConfigCommand", "headers")},
        {QStringLiteral("query"), QT_TRANSLATE_NOOP("EditModuleConfigCommand", "query string")},
        {QStringLiteral("body"), QT_TRANSLATE_NOOP("EditModuleConfigCommand", "body")},
        {QStringLiteral("body.type"), QT_TRANSLATE_NOOP("EditModuleConfigCommand", "body type")},
        {QStringLiteral("body.contentType"),
            QT_TRANSLATE_NOOP("EditModuleConfigCommand", "content type")},
        {QStringLiteral("body.content"),
            QT_TRANSLATE_NOOP("EditModuleConfigCommand", "request content")},
        {QStringLiteral("body.fields"), QT_TRANSLATE_NOOP("EditModuleConfigCommand", "fields")},
        {QStringLiteral("parseResponse"),
            QT_TRANSLATE_NOOP("EditModuleConfigCommand", "parse response")},
        {QStringLiteral("username"), QT_TRANSLATE_NOOP("EditModuleConfigCommand", "user name")},
        {QStringLiteral("password"), QT_TRANSLATE_NOOP("EditModuleConfigCommand", "password")},
        {QStringLiteral("timeoutSeconds"), QT_TRANSLATE_NOOP("EditModuleConfigCommand", "timeout")},
        {QStringLiteral("caCertificate"),
            QT_TRANSLATE_NOOP("EditModuleConfigCommand", "CA certificate")},
    };
    const auto it = names.constFind(fieldKey);
    if (it == names.constEnd())
        return fieldKey;
    return QCoreApplication::translate("EditModuleConfigCommand", it.value());
}
