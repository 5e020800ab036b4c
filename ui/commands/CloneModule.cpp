#include "ui/commands/CloneModule.h"

#include "core/model/Scenario.h"
#include "ui/commands/AddModuleCommand.h"

#include <QCoreApplication>

AddModuleCommand *CloneModule::makeCommand(
    Scenario *scenario, ModuleId source, const QPointF &offset)
{
    const Module *original = scenario ? scenario->findModule(source) : nullptr;
    if (!original)
        return nullptr;
    Module copy = *original;
    copy.id = 0;
    copy.position = original->position + offset;
    auto *command = new AddModuleCommand(scenario, copy);
    command->setText(QCoreApplication::translate("CloneModule", "Clone module %1").arg(source));
    return command;
}
