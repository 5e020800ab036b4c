#include "ui/kinds/KindPicker.h"

#include "core/kinds/KindRegistry.h"
#include "ui/kinds/KindForms.h"

#include <QDialogButtonBox>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace {

constexpr int TypeRole = Qt::UserRole;
constexpr int SearchRole = Qt::UserRole + 1;
constexpr int NameRole = Qt::UserRole + 2;

} // namespace

KindPicker::KindPicker(QWidget *parent, Place place)
    : QDialog(parent)
    , m_search(new QLineEdit(this))
    , m_list(new QListWidget(this))
{
    setWindowTitle(place == Place::ErrorRoute ? tr("Add an error handler") : tr("Add a module"));
    m_search->setPlaceholderText(tr("Search, e.g. iterator"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search the kinds of module"));
    m_list->setIconSize(QSize(32, 32));
    m_list->setSpacing(1);
    m_list->setAccessibleName(tr("Kinds of module"));
    m_list->setWordWrap(true);

    // Group by group, each in the registry's order; a kind the editor has no entry for goes
    // under Tools rather than missing.
    QStringList groups = KindForms::groups();
    if (place == Place::ErrorRoute)
        groups.move(groups.indexOf(KindForms::errorsGroup()), 0);
    for (const QString &group : std::as_const(groups)) {
        auto *header = new QListWidgetItem(group, m_list);
        QFont bold = header->font();
        bold.setBold(true);
        header->setFont(bold);
        header->setFlags(Qt::NoItemFlags);
        header->setForeground(palette().color(QPalette::WindowText));
        // On an error route the directives come first: most error handlers are one of them.
        QList<const KindInfo *> kinds;
        for (const KindInfo &kind : KindRegistry::kinds())
            kinds.append(&kind);
        if (place == Place::ErrorRoute) {
            std::stable_partition(kinds.begin(), kinds.end(),
                [](const KindInfo *kind) { return kind->directive != FlowDirective::None; });
        }
        for (const KindInfo *entryKind : std::as_const(kinds)) {
            const KindInfo &kind = *entryKind;
            if (kind.placeholder || (place == Place::Flow && kind.directive != FlowDirective::None))
                continue;
            const KindFormInfo *entry = KindForms::find(kind.type);
            if ((entry ? entry->group : KindForms::toolsGroup()) != group)
                continue;
            const QString description = entry ? entry->description : QString();
            auto *item = new QListWidgetItem(KindForms::icon(kind.type),
                description.isEmpty() ? kind.displayName
                                      : kind.displayName + QLatin1Char('\n') + description,
                m_list);
            item->setData(TypeRole, kind.type);
            item->setData(SearchRole, kind.displayName + QLatin1Char(' ') + description);
            item->setData(NameRole, kind.displayName);
            item->setToolTip(description);
        }
    }

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Add"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        if (isKind(item))
            accept();
    });
    connect(m_list, &QListWidget::currentItemChanged, this, [buttons, this] {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(!currentType().isEmpty());
    });
    connect(m_search, &QLineEdit::textChanged, this, &KindPicker::filter);
    m_search->installEventFilter(this);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_search);
    layout->addWidget(m_list, 1);
    layout->addWidget(buttons);
    resize(420, 520);
    filter(QString());
    m_search->setFocus();
}

QString KindPicker::choose(QWidget *parent, Place place)
{
    KindPicker picker(parent, place);
    return picker.exec() == QDialog::Accepted ? picker.currentType() : QString();
}

bool KindPicker::isKind(const QListWidgetItem *item) const
{
    return item && !item->data(TypeRole).toString().isEmpty();
}

QString KindPicker::currentType() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item && !item->isHidden() ? item->data(TypeRole).toString() : QString();
}

QStringList KindPicker::visibleTypes() const
{
    QStringList types;
    for (int row = 0; row < m_list->count(); ++row) {
        const QListWidgetItem *item = m_list->item(row);
        if (isKind(item) && !item->isHidden())
            types.append(item->data(TypeRole).toString());
    }
    return types;
}

void KindPicker::filter(const QString &text)
{
    const QString wanted = text.trimmed();
    // Names first: "it" finds Iterator, not every kind whose words hold "it". Only when no
    // name matches do the plain words count, so that "list" still finds something.
    auto matches = [&](const QListWidgetItem *item, int role) {
        return wanted.isEmpty()
            || item->data(role).toString().contains(wanted, Qt::CaseInsensitive);
    };
    bool anyName = false;
    for (int row = 0; row < m_list->count() && !anyName; ++row)
        anyName = isKind(m_list->item(row)) && matches(m_list->item(row), NameRole);
    const int role = anyName ? NameRole : SearchRole;
    QListWidgetItem *header = nullptr;
    bool headerUsed = false;
    QListWidgetItem *first = nullptr;
    QListWidgetItem *firstHeader = nullptr;
    auto closeGroup = [&] {
        if (header)
            header->setHidden(!headerUsed);
    };
    for (int row = 0; row < m_list->count(); ++row) {
        QListWidgetItem *item = m_list->item(row);
        if (!isKind(item)) {
            closeGroup();
            header = item;
            headerUsed = false;
            continue;
        }
        const bool shown = matches(item, role);
        item->setHidden(!shown);
        headerUsed = headerUsed || shown;
        if (shown && !first) {
            first = item;
            firstHeader = header;
        }
    }
    closeGroup();
    // Enter right after typing takes the first match.
    m_list->setCurrentItem(first);
    // The group's title stays in sight above the first match.
    if (firstHeader)
        m_list->scrollToItem(firstHeader, QAbstractItemView::PositionAtTop);
}

void KindPicker::step(int direction)
{
    int row = m_list->currentRow();
    for (row += direction; row >= 0 && row < m_list->count(); row += direction) {
        QListWidgetItem *item = m_list->item(row);
        if (isKind(item) && !item->isHidden()) {
            m_list->setCurrentItem(item);
            m_list->scrollToItem(item);
            return;
        }
    }
}

bool KindPicker::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        switch (key->key()) {
        case Qt::Key_Down:
            step(1);
            return true;
        case Qt::Key_Up:
            step(-1);
            return true;
        case Qt::Key_Return:
        case Qt::Key_Enter:
            if (!currentType().isEmpty())
                accept();
            return true;
        default:
            break;
        }
    }
    return QDialog::eventFilter(watched, event);
}
