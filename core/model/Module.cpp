#include "core/model/Module.h"

QString Module::displayName() const
{
    if (!label.trimmed().isEmpty())
        return label;
    if (type == httpRequestType())
        return QStringLiteral("Make a request");
    if (const KindConfigData *kind = settings.data())
        return kind->kindName();
    return type;
}
