#include "core/mapping/ModuleReferenceCheck.h"

#include <QCoreApplication>

ModuleReferenceCheck::Problem ModuleReferenceCheck::check(
    int target, int ownModule, const QSet<int> &existing, const QList<int> &earlier)
{
    if (target == ownModule && target != 0)
        return Problem::OwnOutput;
    if (!existing.contains(target))
        return Problem::Deleted;
    if (!earlier.contains(target))
        return Problem::RunsLater;
    return Problem::None;
}

QString ModuleReferenceCheck::message(Problem problem, int target)
{
    switch (problem) {
    case Problem::None:
        break;
    case Problem::OwnOutput:
        return QCoreApplication::translate("ModuleReferenceCheck",
            "A module cannot use its own output. Pick a value from a module "
            "that runs before this one.");
    case Problem::Deleted:
        return QCoreApplication::translate("ModuleReferenceCheck",
            "Module %1 was deleted, so there is nothing to take from it. "
            "Remove this mapping or pick another value.")
            .arg(target);
    case Problem::RunsLater:
        return QCoreApplication::translate("ModuleReferenceCheck",
            "Module %1 runs after this one, so its output is not available "
            "here.")
            .arg(target);
    }
    return QString();
}

QString ModuleReferenceCheck::problem(
    int target, int ownModule, const QSet<int> &existing, const QList<int> &earlier)
{
    return message(check(target, ownModule, existing, earlier), target);
}

QString ModuleReferenceCheck::inputProblem(const QString &name, const QStringList &declared)
{
    if (declared.contains(name))
        return QString();
    return QCoreApplication::translate("ModuleReferenceCheck",
        "The scenario has no input called \u201c%1\u201d, so {{var.input.%1}} stays empty. "
        "Declare it under Scenario \u203a Scenario inputs\u2026, or pick another value.")
        .arg(name);
}
