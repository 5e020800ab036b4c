#include "commands/EditModuleConfigCommand.h"

#include "model/Scenario.h"

#include <QCoreApplication>
#include <QHash>

EditModuleConfigCommand::EditModuleConfigCommand(Scenario *scenario, ModuleId id,
    const HttpRequestSpec &config, const QString &fieldKey, QUndoCommand *parent)
    : QUndoCommand(parent)
    , m_scenario(scenario)
    , m_id(id)
    , m_fieldKey(fieldKey)
    , m_old(scenario->module(id).config)
    , m_new(config)
{
    m_lastEdit.start();
    if (fieldKey.isEmpty()) {
        setText(QCoreApplication::translate("EditModuleConfigCommand", "Edit settings of module %1")
                    .arg(id));
    } else {
        setText(QCoreApplication::translate("EditModuleConfigCommand", "Edit %1 of module %2")
                    .arg(fieldName(fieldKey))
                    .arg(id));
    }
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

bool EditModuleConfigCommand::mergeWith(const QUndoCommand *other)
{
    if (other->id() != id())
        return false;
    const auto *edit = static_cast<const EditModuleConfigCommand *>(other);
    if (m_fieldKey.isEmpty() || edit->m_id != m_id || edit->m_fieldKey != m_fieldKey
        || edit->m_scenario != m_scenario || m_lastEdit.elapsed() > TypingBurstMs)
        return false;
    m_new = edit->m_new;
    m_lastEdit.start();
    // Typing and then erasing the same text leaves nothing to undo.
    setObsolete(m_new == m_old);
    return true;
}

void EditModuleConfigCommand::redo()
{
    if (m_scenario)
        m_scenario->setModuleConfig(m_id, m_new);
}

void EditModuleConfigCommand::undo()
{
    if (m_scenario)
        m_scenario->setModuleConfig(m_id, m_old);
}
