#include "core/io/ScenarioDocument.h"

#include "core/model/Scenario.h"

ScenarioDocument ScenarioDocument::fromScenario(const Scenario &scenario)
{
    ScenarioDocument doc;
    doc.name = scenario.name();
    doc.timeZone = scenario.timeZone();
    doc.modules = scenario.modules();
    doc.links = scenario.links();
    doc.connections = scenario.connections();
    doc.inputs = scenario.inputs();
    doc.nextId = scenario.nextId();
    return doc;
}

void ScenarioDocument::applyTo(Scenario &scenario) const
{
    scenario.reset(name, modules, links, nextId, connections, timeZone, inputs);
}
