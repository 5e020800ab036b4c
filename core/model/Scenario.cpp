#include "model/Scenario.h"

#include <QSet>

#include <algorithm>

Scenario::Scenario(QObject *parent)
    : QObject(parent)
{
}

void Scenario::setName(const QString &name)
{
    if (name == m_name)
        return;
    m_name = name;
    emit nameChanged(name);
}

bool Scenario::contains(ModuleId id) const
{
    return findModule(id) != nullptr;
}

Module Scenario::module(ModuleId id) const
{
    const Module *m = findModule(id);
    return m ? *m : Module{};
}

const Module *Scenario::findModule(ModuleId id) const
{
    for (const Module &m : m_modules) {
        if (m.id == id)
            return &m;
    }
    return nullptr;
}

Module *Scenario::findModuleMutable(ModuleId id)
{
    for (Module &m : m_modules) {
        if (m.id == id)
            return &m;
    }
    return nullptr;
}

ModuleId Scenario::addModule(Module module)
{
    if (module.id <= 0 || contains(module.id))
        module.id = m_nextId;
    m_nextId = std::max(m_nextId, module.id + 1);
    // Keep modules sorted by id so that iteration order is stable.
    auto at = std::lower_bound(m_modules.begin(), m_modules.end(), module.id,
                               [](const Module &m, ModuleId id) { return m.id < id; });
    m_modules.insert(at, module);
    emit moduleAdded(module.id);
    return module.id;
}

bool Scenario::removeModule(ModuleId id)
{
    if (!contains(id))
        return false;
    emit moduleAboutToBeRemoved(id);
    const QList<Link> links = m_links;
    for (const Link &l : links) {
        if (l.from == id || l.to == id)
            unlink(l.from, l.to);
    }
    m_modules.erase(std::remove_if(m_modules.begin(), m_modules.end(),
                                   [id](const Module &m) { return m.id == id; }),
                    m_modules.end());
    emit moduleRemoved(id);
    return true;
}

void Scenario::setModuleConfig(ModuleId id, const HttpRequestSpec &config)
{
    Module *m = findModuleMutable(id);
    if (!m || m->config == config)
        return;
    m->config = config;
    emit moduleChanged(id);
}

void Scenario::setModuleLabel(ModuleId id, const QString &label)
{
    Module *m = findModuleMutable(id);
    if (!m || m->label == label)
        return;
    m->label = label;
    emit moduleChanged(id);
}

void Scenario::setModuleNote(ModuleId id, const QString &note)
{
    Module *m = findModuleMutable(id);
    if (!m || m->note == note)
        return;
    m->note = note;
    emit moduleChanged(id);
}

void Scenario::moveModule(ModuleId id, const QPointF &position)
{
    Module *m = findModuleMutable(id);
    if (!m || m->position == position)
        return;
    m->position = position;
    emit moduleMoved(id, position);
}

void Scenario::replaceModule(const Module &module)
{
    Module *m = findModuleMutable(module.id);
    if (!m || *m == module)
        return;
    const bool moved = m->position != module.position;
    *m = module;
    emit moduleChanged(module.id);
    if (moved)
        emit moduleMoved(module.id, module.position);
}

bool Scenario::link(ModuleId from, ModuleId to)
{
    if (from == to || !contains(from) || !contains(to) || m_links.contains(Link{from, to}))
        return false;
    m_links.append(Link{from, to});
    emit linkAdded(from, to);
    return true;
}

bool Scenario::unlink(ModuleId from, ModuleId to)
{
    if (!m_links.removeOne(Link{from, to}))
        return false;
    emit linkRemoved(from, to);
    return true;
}

const Connection *Scenario::findConnection(const QString &id) const
{
    for (const Connection &c : m_connections) {
        if (c.id == id)
            return &c;
    }
    return nullptr;
}

void Scenario::setConnections(const QList<Connection> &connections)
{
    if (connections == m_connections)
        return;
    m_connections = connections;
    emit connectionsChanged();
}

void Scenario::reset(const QString &name, const QList<Module> &modules, const QList<Link> &links,
                     ModuleId nextId, const QList<Connection> &connections)
{
    m_name = name;
    m_connections = connections;
    m_modules = modules;
    std::sort(m_modules.begin(), m_modules.end(),
              [](const Module &a, const Module &b) { return a.id < b.id; });
    m_links.clear();
    for (const Link &l : links) {
        if (l.from != l.to && contains(l.from) && contains(l.to) && !m_links.contains(l))
            m_links.append(l);
    }
    m_nextId = 1;
    for (const Module &m : m_modules)
        m_nextId = std::max(m_nextId, m.id + 1);
    m_nextId = std::max(m_nextId, nextId);
    emit scenarioReset();
}

QList<ModuleId> Scenario::runOrder() const
{
    QList<ModuleId> order;
    if (m_links.isEmpty()) {
        for (const Module &m : m_modules)
            order.append(m.id);
        return order;
    }
    // Kahn's algorithm; among the modules that are ready, the smallest id goes first.
    // Modules on a cycle never become ready: they are appended at the end in id order,
    // so that every module runs exactly once.
    QHash<ModuleId, int> incoming;
    for (const Module &m : m_modules)
        incoming.insert(m.id, 0);
    for (const Link &l : m_links)
        ++incoming[l.to];
    QList<ModuleId> ready;
    for (const Module &m : m_modules) {
        if (incoming.value(m.id) == 0)
            ready.append(m.id);
    }
    QSet<ModuleId> done;
    while (!ready.isEmpty()) {
        std::sort(ready.begin(), ready.end());
        const ModuleId id = ready.takeFirst();
        order.append(id);
        done.insert(id);
        for (const Link &l : m_links) {
            if (l.from == id && --incoming[l.to] == 0)
                ready.append(l.to);
        }
    }
    for (const Module &m : m_modules) {
        if (!done.contains(m.id))
            order.append(m.id);
    }
    return order;
}

QList<ModuleId> Scenario::modulesBefore(ModuleId id) const
{
    const QList<ModuleId> order = runOrder();
    const qsizetype at = order.indexOf(id);
    return at < 0 ? QList<ModuleId>{} : order.mid(0, at);
}
