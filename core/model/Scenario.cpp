#include "core/model/Scenario.h"

#include <QCoreApplication>
#include <QSet>

#include <algorithm>
#include <functional>
#include <queue>
#include <utility>
#include <vector>

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
    return m_index.contains(id);
}

Module Scenario::module(ModuleId id) const
{
    const Module *m = findModule(id);
    return m ? *m : Module {};
}

const Module *Scenario::findModule(ModuleId id) const
{
    const auto it = m_index.constFind(id);
    return it == m_index.constEnd() ? nullptr : &m_modules.at(*it);
}

Module *Scenario::findModuleMutable(ModuleId id)
{
    const auto it = m_index.constFind(id);
    return it == m_index.constEnd() ? nullptr : &m_modules[*it];
}

void Scenario::reindexFrom(qsizetype from)
{
    for (qsizetype i = from; i < m_modules.size(); ++i)
        m_index.insert(m_modules.at(i).id, i);
}

bool Scenario::canAddModules(int count, QString *why) const
{
    QString reason;
    if (m_modules.size() + qint64(count) > maxModules) {
        reason = QCoreApplication::translate("Scenario",
            "A scenario holds at most %L1 modules, and this one has %L2, so "
            "no more can be added. Split it into several scenarios.")
                     .arg(maxModules)
                     .arg(m_modules.size());
    } else if (qint64(m_nextId) + count - 1 > maxModuleId) {
        // Ids are never reused (mappings such as {{1.data}} name them), so once the numbers
        // run out nothing can be added; writing a larger id would make a file that does not
        // open again.
        reason = QCoreApplication::translate("Scenario",
            "Module numbers in this scenario have reached %L1, the largest "
            "a scenario may use, so no module can be added. Start a new "
            "scenario for more modules.")
                     .arg(maxModuleId);
    }
    if (why)
        *why = reason;
    return reason.isEmpty();
}

ModuleId Scenario::addModule(Module module)
{
    if (module.id <= 0 || contains(module.id)) {
        if (!canAddModules(1))
            return 0;
        module.id = m_nextId;
    } else if (module.id > maxModuleId || m_modules.size() >= maxModules) {
        return 0;
    }
    m_nextId = std::max(m_nextId, module.id + 1);
    // Keep modules sorted by id so that iteration order is stable.
    const auto at = std::lower_bound(m_modules.cbegin(), m_modules.cend(), module.id,
        [](const Module &m, ModuleId id) { return m.id < id; });
    const qsizetype position = at - m_modules.cbegin();
    const ModuleId id = module.id;
    m_modules.insert(position, std::move(module));
    // New modules take the next id, so they go at the end: only re-adding an old one by undo
    // shifts the positions after it.
    reindexFrom(position);
    emit moduleAdded(id);
    return id;
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
    // A receiver of the signals above may have changed the modules: look the position up now.
    const qsizetype position = m_index.value(id, -1);
    if (position >= 0) {
        m_modules.removeAt(position);
        m_index.remove(id);
        reindexFrom(position);
    }
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

void Scenario::setModuleSettings(ModuleId id, const KindConfig &settings)
{
    Module *m = findModuleMutable(id);
    if (!m || m->settings == settings)
        return;
    m->settings = settings;
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
    return link(Link {from, to});
}

bool Scenario::link(const Link &added, qsizetype at)
{
    const ModuleId from = added.from;
    const ModuleId to = added.to;
    if (from == to || !contains(from) || !contains(to) || m_linkSet.contains({from, to}))
        return false;
    // A circle of links has no module to run first, and a file with one is refused when
    // read: refuse the link that would close it, so that every saved file opens again.
    QHash<ModuleId, QList<ModuleId>> next;
    for (const Link &l : std::as_const(m_links))
        next[l.from].append(l.to);
    QSet<ModuleId> seen {to};
    QList<ModuleId> pending {to};
    while (!pending.isEmpty()) {
        const ModuleId id = pending.takeLast();
        if (id == from)
            return false;
        for (ModuleId after : next.value(id)) {
            if (!seen.contains(after)) {
                seen.insert(after);
                pending.append(after);
            }
        }
    }
    if (at < 0 || at > m_links.size())
        at = m_links.size();
    m_links.insert(at, added);
    m_linkSet.insert({from, to});
    emit linkAdded(from, to);
    return true;
}

bool Scenario::unlink(ModuleId from, ModuleId to)
{
    if (!m_linkSet.remove({from, to}))
        return false;
    m_links.removeIf([&](const Link &l) { return l.from == from && l.to == to; });
    emit linkRemoved(from, to);
    return true;
}

const Link *Scenario::findLink(ModuleId from, ModuleId to) const
{
    if (!m_linkSet.contains({from, to}))
        return nullptr;
    for (const Link &l : m_links) {
        if (l.from == from && l.to == to)
            return &l;
    }
    return nullptr;
}

const Link *Scenario::errorRoute(ModuleId from) const
{
    for (const Link &l : m_links) {
        if (l.from == from && l.onError)
            return &l;
    }
    return nullptr;
}

qsizetype Scenario::linkIndex(ModuleId from, ModuleId to) const
{
    if (!m_linkSet.contains({from, to}))
        return -1;
    for (qsizetype i = 0; i < m_links.size(); ++i) {
        if (m_links.at(i).from == from && m_links.at(i).to == to)
            return i;
    }
    return -1;
}

QList<ModuleId> Scenario::routeTargets(ModuleId from) const
{
    QList<ModuleId> targets;
    for (const Link &l : m_links) {
        if (l.from == from && !l.onError)
            targets.append(l.to);
    }
    return targets;
}

bool Scenario::setRouteOrder(ModuleId from, const QList<ModuleId> &targets)
{
    QList<qsizetype> places;
    QList<Link> routes;
    for (qsizetype i = 0; i < m_links.size(); ++i) {
        if (m_links.at(i).from == from && !m_links.at(i).onError) {
            places.append(i);
            routes.append(m_links.at(i));
        }
    }
    if (targets.size() != routes.size()
        || QSet<ModuleId>(targets.cbegin(), targets.cend()).size() != targets.size())
        return false;
    QList<Link> ordered;
    for (ModuleId to : targets) {
        const auto found = std::find_if(
            routes.cbegin(), routes.cend(), [to](const Link &l) { return l.to == to; });
        if (found == routes.cend())
            return false;
        ordered.append(*found);
    }
    if (ordered == routes)
        return true;
    for (qsizetype i = 0; i < places.size(); ++i)
        m_links[places.at(i)] = ordered.at(i);
    emit routesReordered(from);
    return true;
}

bool Scenario::updateLink(const Link &link)
{
    for (Link &l : m_links) {
        if (l.from == link.from && l.to == link.to) {
            if (l == link)
                return true;
            l = link;
            emit linkChanged(link.from, link.to);
            return true;
        }
    }
    return false;
}

void Scenario::setTimeZone(const QString &zone)
{
    if (zone == m_timeZone)
        return;
    m_timeZone = zone;
    emit timeZoneChanged(zone);
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

void Scenario::setInputs(const QList<ScenarioInput> &inputs)
{
    if (inputs == m_inputs)
        return;
    m_inputs = inputs;
    emit inputsChanged();
}

void Scenario::reset(const QString &name, QList<Module> modules, const QList<Link> &links,
    ModuleId nextId, const QList<Connection> &connections, const QString &timeZone,
    const QList<ScenarioInput> &inputs)
{
    m_name = name;
    m_timeZone = timeZone;
    m_connections = connections;
    m_inputs = inputs;
    // Files are written sorted: then the list stays shared with the caller's copy instead of
    // being copied module by module.
    m_modules = std::move(modules);
    const auto byId = [](const Module &a, const Module &b) { return a.id < b.id; };
    if (!std::is_sorted(m_modules.cbegin(), m_modules.cend(), byId))
        std::sort(m_modules.begin(), m_modules.end(), byId);
    m_index.clear();
    m_index.reserve(m_modules.size());
    reindexFrom(0);
    m_links.clear();
    m_linkSet.clear();
    m_linkSet.reserve(links.size());
    for (const Link &l : links) {
        if (l.from != l.to && contains(l.from) && contains(l.to)
            && !m_linkSet.contains({l.from, l.to})) {
            m_links.append(l);
            m_linkSet.insert({l.from, l.to});
        }
    }
    m_nextId = 1;
    for (const Module &m : std::as_const(m_modules))
        m_nextId = std::max(m_nextId, m.id + 1);
    m_nextId = std::max(m_nextId, nextId);
    emit scenarioReset();
}

QList<ModuleId> Scenario::runOrder() const
{
    return runOrder(m_modules, m_links);
}

QList<ModuleId> Scenario::runOrder(
    const QList<Module> &modules, const QList<Link> &links, QList<ModuleId> *cycle)
{
    const qsizetype count = modules.size();
    QList<ModuleId> order;
    order.reserve(count);
    if (links.isEmpty()) {
        for (const Module &m : modules)
            order.append(m.id);
        std::sort(order.begin(), order.end());
        return order;
    }
    // Kahn's algorithm over positions in `modules`, with the links in one flat list per
    // module (no per-module containers: 100,000 modules must not cost 100,000 allocations).
    // Among the modules that are ready, the smallest id goes first.
    QHash<ModuleId, qsizetype> slotOf;
    slotOf.reserve(count);
    for (qsizetype i = 0; i < count; ++i)
        slotOf.insert(modules.at(i).id, i);
    std::vector<qsizetype> usable; // links between two modules of the list, as (from, to) places
    usable.reserve(size_t(links.size()) * 2);
    std::vector<qsizetype> firstOut(size_t(count) + 1, 0);
    std::vector<int> incoming(size_t(count), 0);
    for (const Link &l : links) {
        const qsizetype from = slotOf.value(l.from, -1);
        const qsizetype to = slotOf.value(l.to, -1);
        if (from < 0 || to < 0 || from == to)
            continue;
        usable.push_back(from);
        usable.push_back(to);
        ++firstOut[from + 1];
        ++incoming[to];
    }
    for (qsizetype i = 0; i < count; ++i)
        firstOut[i + 1] += firstOut[i];
    std::vector<qsizetype> targets(usable.size() / 2);
    {
        std::vector<qsizetype> fill(firstOut.cbegin(), firstOut.cend() - 1);
        for (size_t k = 0; k < usable.size(); k += 2)
            targets[fill[usable[k]]++] = usable[k + 1];
    }
    using Ready = std::pair<ModuleId, qsizetype>;
    std::priority_queue<Ready, std::vector<Ready>, std::greater<Ready>> ready;
    for (qsizetype i = 0; i < count; ++i) {
        if (incoming[i] == 0)
            ready.push({modules.at(i).id, i});
    }
    std::vector<bool> done(size_t(count), false);
    while (!ready.empty()) {
        const auto [id, slot] = ready.top();
        ready.pop();
        order.append(id);
        done[slot] = true;
        for (qsizetype k = firstOut[slot]; k < firstOut[slot + 1]; ++k) {
            if (--incoming[targets[k]] == 0)
                ready.push({modules.at(targets[k]).id, targets[k]});
        }
    }
    if (order.size() == count)
        return order;

    // Modules on a circle never become ready: they come at the end in id order, so that
    // every module runs exactly once.
    QList<ModuleId> left;
    for (qsizetype i = 0; i < count; ++i) {
        if (!done[i])
            left.append(modules.at(i).id);
    }
    std::sort(left.begin(), left.end());
    order.append(left);
    if (cycle) {
        // Each module left has a link from another module left (else it would have become
        // ready), so walking those links backwards must come round: that is a circle.
        std::vector<qsizetype> before(size_t(count), -1);
        for (size_t k = 0; k < usable.size(); k += 2) {
            if (!done[usable[k]] && !done[usable[k + 1]])
                before[usable[k + 1]] = usable[k];
        }
        QHash<qsizetype, qsizetype> step; // slot -> its position in the walk
        std::vector<qsizetype> walk;
        qsizetype at = slotOf.value(left.first());
        while (!step.contains(at)) {
            step.insert(at, qsizetype(walk.size()));
            walk.push_back(at);
            at = before[at];
        }
        cycle->clear();
        for (qsizetype k = qsizetype(walk.size()) - 1; k >= step.value(at); --k)
            cycle->append(modules.at(walk[k]).id);
        // Start the circle at its smallest id so that messages read the same every time.
        const auto smallest = std::min_element(cycle->begin(), cycle->end());
        std::rotate(cycle->begin(), smallest, cycle->end());
    }
    return order;
}

QList<ModuleId> Scenario::modulesBefore(ModuleId id) const
{
    const QList<ModuleId> order = runOrder();
    const qsizetype at = order.indexOf(id);
    return at < 0 ? QList<ModuleId> {} : order.mid(0, at);
}
