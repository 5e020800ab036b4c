#pragma once

#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

/// Whether a mapping in one module may take a value from another: not from itself, not from a
/// deleted module, not from one that runs later. The field's red underline, the settings
/// panel's banner and the canvas all use these words, so a person reads one explanation.
namespace ModuleReferenceCheck {

enum class Problem {
    None,
    OwnOutput, ///< the module refers to itself
    Deleted, ///< no such module (any more)
    RunsLater, ///< the module exists but does not run before
};

/// What is wrong with a reference from module `ownModule` to module `target`, given the
/// modules that exist and those that run before `ownModule`.
Problem check(int target, int ownModule, const QSet<int> &existing, const QList<int> &earlier);

/// Plain words for `problem` about module `target`, saying what to do; empty for None.
QString message(Problem problem, int target);

/// check() and message() in one.
QString problem(int target, int ownModule, const QSet<int> &existing, const QList<int> &earlier);

/// Plain words for a mapping {{var.input.NAME}} when the scenario declares no input `name`
/// (docs/scenario-inputs.md), saying what to do; empty when `declared` holds it.
QString inputProblem(const QString &name, const QStringList &declared);

} // namespace ModuleReferenceCheck
