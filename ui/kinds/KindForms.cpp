#include "ui/kinds/KindForms.h"

#include "ui/kinds/KindForm.h"
#include "ui/kinds/arrayaggregator/ArrayAggregatorForm.h"
#include "ui/kinds/break/BreakForm.h"
#include "ui/kinds/commit/CommitForm.h"
#include "ui/kinds/getvariables/GetVariablesForm.h"
#include "ui/kinds/http/HttpRequestForm.h"
#include "ui/kinds/ignore/IgnoreForm.h"
#include "ui/kinds/iterator/IteratorForm.h"
#include "ui/kinds/jsoncreate/JsonCreateForm.h"
#include "ui/kinds/jsonparse/JsonParseForm.h"
#include "ui/kinds/repeater/RepeaterForm.h"
#include "ui/kinds/resume/ResumeForm.h"
#include "ui/kinds/rollback/RollbackForm.h"
#include "ui/kinds/router/RouterForm.h"
#include "ui/kinds/setvariables/SetVariablesForm.h"
#include "ui/kinds/sleep/SleepForm.h"
#include "ui/kinds/textaggregator/TextAggregatorForm.h"
#include "ui/kinds/throw/ThrowForm.h"

#include <QCoreApplication>
#include <QHash>
#include <QPainter>
#include <QPixmap>

namespace KindForms {

QString httpGroup()
{
    return QCoreApplication::translate("KindForms", "HTTP");
}
QString flowGroup()
{
    return QCoreApplication::translate("KindForms", "Flow control");
}
QString toolsGroup()
{
    return QCoreApplication::translate("KindForms", "Tools");
}
QString jsonGroup()
{
    return QCoreApplication::translate("KindForms", "JSON");
}
QString errorsGroup()
{
    return QCoreApplication::translate("KindForms", "Errors");
}

const QList<KindFormInfo> &entries()
{
    static const QList<KindFormInfo> table {
        httpRequestForm(),
        iteratorForm(),
        arrayAggregatorForm(),
        textAggregatorForm(),
        routerForm(),
        repeaterForm(),
        setVariablesForm(),
        getVariablesForm(),
        sleepForm(),
        jsonParseForm(),
        jsonCreateForm(),
        throwForm(),
        ignoreForm(),
        resumeForm(),
        breakForm(),
        commitForm(),
        rollbackForm(),
    };
    return table;
}

const KindFormInfo *find(const QString &type)
{
    for (const KindFormInfo &entry : entries()) {
        if (entry.type == type)
            return &entry;
    }
    return nullptr;
}

QStringList groups()
{
    return {httpGroup(), flowGroup(), toolsGroup(), jsonGroup(), errorsGroup()};
}

QIcon icon(const QString &type)
{
    static QHash<QString, QIcon> cache;
    const auto cached = cache.constFind(type);
    if (cached != cache.constEnd())
        return *cached;
    const KindFormInfo *entry = find(type);
    QIcon result;
    for (int size : {16, 24, 32, 48}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(entry ? entry->colour : QColor(Qt::gray));
        painter.drawEllipse(QRectF(0.5, 0.5, size - 1, size - 1));
        QFont font = painter.font();
        const QString glyph = entry ? entry->glyph : QStringLiteral("?");
        font.setPixelSize(int(size * (glyph.size() > 2 ? 0.34 : 0.5)));
        font.setBold(true);
        painter.setFont(font);
        painter.setPen(Qt::white);
        painter.drawText(QRectF(0, 0, size, size), Qt::AlignCenter, glyph);
        painter.end();
        result.addPixmap(pixmap);
    }
    cache.insert(type, result);
    return result;
}

bool makesForm(const QString &type)
{
    const KindFormInfo *entry = find(type);
    return entry && entry->makeForm;
}

KindForm *makeForm(const QString &type, QWidget *parent)
{
    const KindFormInfo *entry = find(type);
    return entry && entry->makeForm ? entry->makeForm(parent) : nullptr;
}

} // namespace KindForms
