#include "core/model/Module.h"

#include <QCoreApplication>

QString Module::displayName() const
{
    if (!label.trimmed().isEmpty())
        return label;
    if (type == httpRequestType())
        return QCoreApplication::translate("KindRegistry", "Make a request");
    if (const KindConfigData *kind = settings.data())
        return kind->kindName();
    return type;
}
