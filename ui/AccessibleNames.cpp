#include "ui/AccessibleNames.h"

#include <QFormLayout>
#include <QLabel>
#include <QWidget>

namespace {

QString labelWords(const QLabel *label)
{
    QString text = label->text();
    text.remove(QLatin1Char('&'));
    text.remove(QLatin1Char('*'));
    text = text.trimmed();
    if (text.endsWith(QLatin1Char(':')))
        text.chop(1);
    return text;
}

QWidget *focusTarget(QWidget *field)
{
    if (field->focusPolicy() != Qt::NoFocus)
        return field;
    for (QWidget *child : field->findChildren<QWidget *>()) {
        if (child->focusPolicy() != Qt::NoFocus)
            return child;
    }
    return nullptr;
}

} // namespace

void AccessibleNames::nameFormFields(QWidget *root)
{
    for (QFormLayout *form : root->findChildren<QFormLayout *>()) {
        for (int row = 0; row < form->rowCount(); ++row) {
            QLayoutItem *labelItem = form->itemAt(row, QFormLayout::LabelRole);
            QLayoutItem *fieldItem = form->itemAt(row, QFormLayout::FieldRole);
            auto *label = labelItem ? qobject_cast<QLabel *>(labelItem->widget()) : nullptr;
            QWidget *field = fieldItem ? fieldItem->widget() : nullptr;
            if (!label || !field || labelWords(label).isEmpty())
                continue;
            QWidget *target = focusTarget(field);
            if (!target)
                continue;
            if (!label->buddy())
                label->setBuddy(target);
            if (target->accessibleName().isEmpty())
                target->setAccessibleName(labelWords(label));
        }
    }
}
