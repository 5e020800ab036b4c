#include "ui/commands/EditLinkCommand.h"

#include "core/model/Scenario.h"

#include <QCoreApplication>

EditLinkCommand::EditLinkCommand(Scenario *scenario, const Link &before, const Link &after,
    const QString &text, QUndoCommand *parent)
    : QUndoCommand(text, parent)
    , m_scenario(scenario)
    , m_before(before)
    , m_after(after)
{
}

QString EditLinkCommand::describe(const Link &before, const Link &after)
{
    const auto named = [](const char *withName, const char *without, const QString &name) {
        return name.isEmpty() ? QCoreApplication::translate("EditLinkCommand", without)
                              : QCoreApplication::translate("EditLinkCommand", withName)
                                    .arg(QChar(0x2018) + name + QChar(0x2019));
    };
    const bool had = before.filter != Filter {};
    const bool has = after.filter != Filter {};
    if (!has)
        return named(QT_TRANSLATE_NOOP("EditLinkCommand", "Remove the filter %1"),
            QT_TRANSLATE_NOOP("EditLinkCommand", "Remove the filter"), before.filter.name);
    if (!had)
        return named(QT_TRANSLATE_NOOP("EditLinkCommand", "Set up the filter %1"),
            QT_TRANSLATE_NOOP("EditLinkCommand", "Set up a filter"), after.filter.name);
    return named(QT_TRANSLATE_NOOP("EditLinkCommand", "Edit the filter %1"),
        QT_TRANSLATE_NOOP("EditLinkCommand", "Edit the filter"), after.filter.name);
}

void EditLinkCommand::redo()
{
    if (m_scenario)
        m_scenario->updateLink(m_after);
}

void EditLinkCommand::undo()
{
    if (m_scenario)
        m_scenario->updateLink(m_before);
}
