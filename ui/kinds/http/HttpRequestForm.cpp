#include "ui/kinds/http/HttpRequestForm.h"

#include "core/model/Module.h"
#include "ui/kinds/KindForms.h"

#include <QCoreApplication>

const KindFormInfo &httpRequestForm()
{
    static const KindFormInfo info {Module::httpRequestType(), KindForms::httpGroup(),
        QCoreApplication::translate(
            "KindForms", "Calls a web address (an API) and gives back its answer."),
        QStringLiteral("⇄"), QColor(QStringLiteral("#1f6fd1")), nullptr};
    return info;
}
