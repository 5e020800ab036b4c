#pragma once

#include "core/model/KindConfig.h"

/// The common part of each kind's config: its type name, display name and equality come from
/// `Derived`, which provides `static QString typeName()`, `static QString displayName()` and
/// `operator==`.
template <class Derived> class KindConfigBase : public KindConfigData
{
public:
    QString type() const override { return Derived::typeName(); }
    QString kindName() const override { return Derived::displayName(); }
    bool equals(const KindConfigData &other) const override
    {
        const auto *same = dynamic_cast<const Derived *>(&other);
        return same && static_cast<const Derived &>(*this) == *same;
    }
};
