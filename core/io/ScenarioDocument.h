#pragma once

#include "core/model/Connection.h"
#include "core/model/Module.h"
#include "core/model/ScenarioInputs.h"

#include <QList>
#include <QString>
#include <QStringList>

class Scenario;

/// A scenario as plain values: what a file holds, apart from the live Scenario object.
struct ScenarioDocument
{
    QString name = QStringLiteral("Untitled scenario");
    /// The zone in which dates without a zone are read (an IANA id); empty: the computer's.
    QString timeZone;
    QList<Module> modules;
    QList<Link> links;
    /// OAuth2 connections modules may sign in with; saved without secret values.
    QList<Connection> connections;
    /// What the scenario asks for before it runs (docs/scenario-inputs.md).
    QList<ScenarioInput> inputs;
    ModuleId nextId = 1;
    /// Things a reader noticed and ignored (unknown keys, ...), in plain words.
    QStringList warnings;

    static ScenarioDocument fromScenario(const Scenario &scenario);
    /// Replaces the scenario's content with this document.
    void applyTo(Scenario &scenario) const;
};
