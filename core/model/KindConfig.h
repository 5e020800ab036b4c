#pragma once

#include <QJsonObject>
#include <QString>

#include <memory>

using ModuleId = int;

/// The settings of one module of a flow kind (iterator, router, …; docs/scenario-file.md).
/// Each kind under core/kinds/ derives its config from this and registers it in KindRegistry.
/// A config is immutable once made: a change makes a new one (see KindConfig).
class KindConfigData
{
public:
    virtual ~KindConfigData() = default;
    /// The kind's type name, e.g. "flow.iterator".
    virtual QString type() const = 0;
    /// The kind's name in plain words, e.g. "Iterator" (what a module without a label shows).
    virtual QString kindName() const = 0;
    /// The config as the scenario file writes it: every key, values as read.
    virtual QJsonObject toJson() const = 0;
    /// True when `other` is of the same kind with the same values.
    virtual bool equals(const KindConfigData &other) const = 0;
    /// True for a kind whose outgoing links are routes (several allowed; one may be the
    /// fallback). The file reader and the runner ask this instead of naming the kind.
    virtual bool hasRoutes() const { return false; }
    /// For a kind that collects the bundles of another module's operation (an aggregator):
    /// that module's id; 0 for every other kind.
    virtual ModuleId aggregationSource() const { return 0; }
    /// For a kind that tries a failed module again (Break): how many more times, and the
    /// seconds between tries; {0, 0} for every other kind.
    struct Retries
    {
        int count = 0;
        int intervalSeconds = 0;
    };
    virtual Retries retries() const { return {}; }
};

/// A module's flow settings: a copyable value that shares one immutable KindConfigData.
/// Why not in Module::config: that is an HttpRequestSpec, which the whole editor and runner
/// of HTTP modules use directly; keeping it there leaves them untouched, while every other
/// kind keeps its own config type here without a union or a switch over kinds. Null for
/// http.request (its config is Module::config) and for foreign placeholders.
class KindConfig
{
public:
    KindConfig() = default;
    explicit KindConfig(std::shared_ptr<const KindConfigData> data)
        : m_data(std::move(data))
    {
    }
    /// Makes a config holding a copy of `value` (a type derived from KindConfigData).
    template <class T> static KindConfig of(T value)
    {
        return KindConfig(std::make_shared<const T>(std::move(value)));
    }

    bool isNull() const { return !m_data; }
    const KindConfigData *data() const { return m_data.get(); }
    /// The config as its own type; null when it is another kind's (or there is none).
    template <class T> const T *as() const { return dynamic_cast<const T *>(m_data.get()); }
    /// The JSON of the config, {} when null.
    QJsonObject toJson() const { return m_data ? m_data->toJson() : QJsonObject {}; }

    bool operator==(const KindConfig &other) const
    {
        if (m_data == other.m_data)
            return true;
        return m_data && other.m_data && m_data->equals(*other.m_data);
    }
    bool operator!=(const KindConfig &other) const { return !(*this == other); }

private:
    std::shared_ptr<const KindConfigData> m_data;
};
