#pragma once

#include "core/model/Scenario.h"
#include "ui/commands/MergeIds.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QUndoCommand>

#include <functional>

/// An edit that swaps one value of the scenario (Tiled's ChangeValue idea): it reads the value
/// before through a getter, and puts either value back through the model's setter. Module
/// settings, labels, notes, positions, connections and the scenario's name are all edited
/// through it; the named commands beside it only choose the getter, the setter and the words.
///
/// Two commands merge into one undo step when they have the same merge id and the same
/// non-empty merge key, and the second comes within one typing burst of the first. Typing
/// and then erasing the same text leaves nothing to undo.
template <typename T> class ChangeValue : public QUndoCommand
{
public:
    using Getter = std::function<T(const Scenario &)>;
    using Setter = std::function<void(Scenario &, const T &)>;

    /// Edits closer together than this, in milliseconds, belong to one typing burst.
    static constexpr int TypingBurstMs = 2000;

    /// `mergeKey` says what is being typed in ("<module>/<field>", ...); empty never merges.
    ChangeValue(Scenario *scenario, const Getter &get, const Setter &set, const T &value,
        const QString &text, int mergeId = MergeId::None, const QString &mergeKey = QString(),
        QUndoCommand *parent = nullptr)
        : QUndoCommand(text, parent)
        , m_scenario(scenario)
        , m_set(set)
        , m_old(scenario ? get(*scenario) : T())
        , m_new(value)
        , m_mergeId(mergeKey.isEmpty() ? int(MergeId::None) : mergeId)
        , m_mergeKey(mergeKey)
    {
        m_lastEdit.start();
    }

    const T &oldValue() const { return m_old; }
    const T &newValue() const { return m_new; }
    QString mergeKey() const { return m_mergeKey; }

    int id() const override { return m_mergeId; }

    bool mergeWith(const QUndoCommand *other) override
    {
        const auto *next = dynamic_cast<const ChangeValue<T> *>(other);
        if (!next || next->m_mergeId != m_mergeId || next->m_mergeKey != m_mergeKey
            || next->m_scenario != m_scenario || m_lastEdit.elapsed() > TypingBurstMs)
            return false;
        m_new = next->m_new;
        m_lastEdit.start();
        setObsolete(m_new == m_old);
        return true;
    }

    void redo() override
    {
        if (m_scenario)
            m_set(*m_scenario, m_new);
    }

    void undo() override
    {
        if (m_scenario)
            m_set(*m_scenario, m_old);
    }

private:
    QPointer<Scenario> m_scenario;
    Setter m_set;
    T m_old;
    T m_new;
    int m_mergeId;
    QString m_mergeKey;
    QElapsedTimer m_lastEdit;
};
