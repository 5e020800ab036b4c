#include "ui/kinds/http/PaginationSection.h"

#include "ui/mapping/MappingField.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {

QLabel *boldLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

QLabel *hint(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 0.92);
    label->setFont(font);
    return label;
}

MappingField *oneLine(const QString &placeholder, const QString &tooltip, QWidget *parent)
{
    auto *field = new MappingField(MappingField::Mode::SingleLine, parent);
    field->setPlaceholderText(placeholder);
    field->setToolTip(tooltip);
    return field;
}

QString statusesText(const QList<int> &codes)
{
    QStringList texts;
    for (int code : codes)
        texts.append(QString::number(code));
    return texts.join(QStringLiteral(", "));
}

} // namespace

PaginationSection::PaginationSection(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("paginationSection"));
    m_form = new QFormLayout(this);
    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->setRowWrapPolicy(QFormLayout::WrapAllRows);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setVerticalSpacing(4);

    m_mode = new QComboBox(this);
    m_mode->addItem(
        tr("One request (the answer is not in pages)"), Pagination::modeKey(PaginationMode::None));
    m_mode->addItem(tr("Offset and page size (?offset=0&limit=50)"),
        Pagination::modeKey(PaginationMode::OffsetLimit));
    m_mode->addItem(
        tr("Page number (?page=1, 2, 3…)"), Pagination::modeKey(PaginationMode::PageNumber));
    m_mode->addItem(tr("Next page's address, given by each answer"),
        Pagination::modeKey(PaginationMode::NextUrl));
    m_mode->addItem(tr("Cursor, given by each answer and sent back"),
        Pagination::modeKey(PaginationMode::Cursor));
    m_mode->setToolTip(tr("How the API hands out a long list: the module then fetches every "
                          "page for you"));
    m_form->addRow(boldLabel(tr("Pages of results"), this), m_mode);
    m_intro = hint(this);
    m_form->addRow(m_intro);

    m_parameter = oneLine(tr("offset"),
        tr("The name of the parameter that says which page, as the API's documentation writes it"),
        this);
    m_form->addRow(boldLabel(tr("Page parameter"), this), m_parameter);
    m_sendIn = new QComboBox(this);
    m_sendIn->addItem(tr("in the query string (after ? in the address)"),
        Pagination::placeKey(PaginationPlace::Query));
    m_sendIn->addItem(tr("as a header"), Pagination::placeKey(PaginationPlace::Header));
    m_sendIn->addItem(tr("in the body"), Pagination::placeKey(PaginationPlace::Body));
    m_sendIn->setToolTip(tr("Where the request carries the page parameter"));
    m_form->addRow(boldLabel(tr("Send it"), this), m_sendIn);
    m_start = oneLine(tr("0"),
        tr("The first offset or page number; leave empty for 0 (offsets) or 1 (pages)"), this);
    m_form->addRow(boldLabel(tr("First page"), this), m_start);
    m_limitParameter = oneLine(tr("limit"),
        tr("The name of the parameter that says how many items a page holds; leave empty if the "
           "API has none"),
        this);
    m_form->addRow(boldLabel(tr("Page size parameter"), this), m_limitParameter);
    m_limit = oneLine(
        tr("50"), tr("How many items a page holds; the offset moves on by this much"), this);
    m_form->addRow(boldLabel(tr("Page size"), this), m_limit);

    m_next = oneLine(tr("next"),
        tr("Where the answer gives the next page: a field of its body, such as next or "
           "meta.next_cursor, or a value picked from this module's answer"),
        this);
    m_form->addRow(boldLabel(tr("The answer gives the next page in"), this), m_next);
    m_nextHint = hint(this);
    m_form->addRow(m_nextHint);
    m_items = oneLine(tr("items"),
        tr("Where the answer holds its list of items, such as items or data.results; leave empty "
           "when the answer is a list itself"),
        this);
    m_form->addRow(boldLabel(tr("The list of items is in"), this), m_items);
    m_output = new QComboBox(this);
    m_output->addItem(tr("one bundle per page"), Pagination::outputKey(PaginationOutput::PerPage));
    m_output->addItem(
        tr("one bundle per item of the list"), Pagination::outputKey(PaginationOutput::PerItem));
    m_output->setToolTip(
        tr("One bundle per item lets the next modules run once per item, without an iterator"));
    m_form->addRow(boldLabel(tr("Give out"), this), m_output);

    m_stopWhenEmpty = new QCheckBox(tr("Stop at a page with an empty list"), this);
    m_form->addRow(m_stopWhenEmpty);
    m_conditionRow = new QWidget(this);
    auto *conditionBox = new QVBoxLayout(m_conditionRow);
    conditionBox->setContentsMargins(0, 0, 0, 0);
    conditionBox->setSpacing(4);
    auto *compareBox = new QHBoxLayout;
    compareBox->setSpacing(4);
    m_stopA = oneLine(tr("a value of the page"),
        tr("A value of each page's answer, e.g. has_more, picked from this module's answer"),
        m_conditionRow);
    m_stopOperator = new QComboBox(m_conditionRow);
    for (const QString &o : Filter::knownOperators())
        m_stopOperator->addItem(Filter::operatorChoice(o), o);
    m_stopOperator->setCurrentIndex(
        qMax(0, m_stopOperator->findData(QStringLiteral("boolean:equal"))));
    m_stopOperator->setToolTip(tr("How to compare"));
    m_stopB = oneLine(tr("false"), tr("What to compare it with"), m_conditionRow);
    conditionBox->addWidget(m_stopA);
    compareBox->addWidget(m_stopOperator, 3);
    compareBox->addWidget(m_stopB, 2);
    conditionBox->addLayout(compareBox);
    m_form->addRow(boldLabel(tr("Stop after a page when"), this), m_conditionRow);
    m_conditionNote = hint(this);
    m_form->addRow(m_conditionNote);
    m_stopStatuses = new QLineEdit(this);
    m_stopStatuses->setPlaceholderText(tr("e.g. 404"));
    m_stopStatuses->setToolTip(tr("Statuses that mean there are no more pages (separated by "
                                  "commas): the pages end there, without an error"));
    m_form->addRow(
        boldLabel(tr("Stop, without error, when the server answers"), this), m_stopStatuses);
    m_maxPages = new QSpinBox(this);
    m_maxPages->setRange(1, Pagination::MaxPagesCap);
    m_maxPages->setPrefix(tr("at most "));
    m_maxPages->setSuffix(tr(" pages"));
    m_maxPages->setToolTip(tr("The most pages to fetch (1 to 10,000)"));
    m_maxItems = new QSpinBox(this);
    m_maxItems->setRange(0, Pagination::MaxItemsCap);
    m_maxItems->setSpecialValueText(tr("any number of items"));
    m_maxItems->setPrefix(tr("at most "));
    m_maxItems->setSuffix(tr(" items"));
    m_maxItems->setToolTip(tr("The most items to give out; 0 for no limit"));
    auto *mostBox = new QHBoxLayout;
    mostBox->addWidget(m_maxPages);
    mostBox->addWidget(m_maxItems);
    mostBox->addStretch(1);
    m_form->addRow(mostBox);

    // Boxes without a label of their own, for screen readers.
    m_stopA->setAccessibleName(tr("Stop after a page when this value"));
    m_stopOperator->setAccessibleName(tr("compared this way"));
    m_stopB->setAccessibleName(tr("with this value"));
    m_maxPages->setAccessibleName(tr("The most pages"));
    m_maxItems->setAccessibleName(tr("The most items"));
    m_stopWhenEmpty->setAccessibleName(m_stopWhenEmpty->text());

    // The settings panel is narrow: long choices are cut in the closed box, not the panel.
    for (QComboBox *box : {m_mode, m_sendIn, m_output, m_stopOperator}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(10);
    }

    connect(m_mode, &QComboBox::currentIndexChanged, this, [this] {
        bool ok = false;
        const PaginationMode mode = Pagination::modeFromKey(m_mode->currentData().toString(), &ok);
        change(QStringLiteral("pagination.mode"), [mode](Pagination &p) { p.mode = mode; });
        updateRows();
    });
    const auto text = [this](MappingField *field, const QString &key, QString Pagination::*member) {
        connect(field, &MappingField::textEdited, this, [this, key, member](const QString &value) {
            change(key, [member, &value](Pagination &p) { p.*member = value; });
        });
    };
    text(m_parameter, QStringLiteral("pagination.parameter"), &Pagination::parameter);
    text(m_start, QStringLiteral("pagination.start"), &Pagination::start);
    text(
        m_limitParameter, QStringLiteral("pagination.limitParameter"), &Pagination::limitParameter);
    text(m_limit, QStringLiteral("pagination.limit"), &Pagination::limit);
    text(m_next, QStringLiteral("pagination.nextField"), &Pagination::nextField);
    text(m_items, QStringLiteral("pagination.itemsField"), &Pagination::itemsField);
    connect(m_sendIn, &QComboBox::currentIndexChanged, this, [this] {
        bool ok = false;
        const PaginationPlace place
            = Pagination::placeFromKey(m_sendIn->currentData().toString(), &ok);
        change(QStringLiteral("pagination.sendIn"), [place](Pagination &p) { p.sendIn = place; });
    });
    connect(m_output, &QComboBox::currentIndexChanged, this, [this] {
        bool ok = false;
        const PaginationOutput output
            = Pagination::outputFromKey(m_output->currentData().toString(), &ok);
        change(QStringLiteral("pagination.output"), [output](Pagination &p) { p.output = output; });
    });
    connect(m_stopWhenEmpty, &QCheckBox::toggled, this, [this](bool on) {
        change(QStringLiteral("pagination.stopWhenEmpty"),
            [on](Pagination &p) { p.stopWhenEmpty = on; });
    });
    connect(m_maxPages, &QSpinBox::valueChanged, this, [this](int pages) {
        change(
            QStringLiteral("pagination.maxPages"), [pages](Pagination &p) { p.maxPages = pages; });
    });
    connect(m_maxItems, &QSpinBox::valueChanged, this, [this](int items) {
        change(
            QStringLiteral("pagination.maxItems"), [items](Pagination &p) { p.maxItems = items; });
    });
    connect(m_stopStatuses, &QLineEdit::editingFinished, this, [this] {
        QList<int> codes;
        static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
        for (const QString &part : m_stopStatuses->text().split(separators, Qt::SkipEmptyParts)) {
            bool ok = false;
            const int code = part.toInt(&ok);
            if (ok && code >= 100 && code <= 599 && !codes.contains(code))
                codes.append(code);
        }
        m_stopStatuses->setText(statusesText(codes));
        change(QStringLiteral("pagination.stopStatusCodes"),
            [&codes](Pagination &p) { p.stopStatusCodes = codes; });
    });
    const auto conditionEdited = [this](const QString &key) {
        const QString a = m_stopA->text();
        const QString o = m_stopOperator->currentData().toString();
        const QString b = m_stopB->text();
        change(key, [&](Pagination &p) {
            Filter filter;
            if (!a.trimmed().isEmpty()) {
                FilterCondition condition;
                condition.a = a;
                condition.o = o;
                if (Filter::operatorTakesSecondValue(o))
                    condition.b = b;
                filter.conditions = {{condition}};
            }
            p.stopCondition = filter;
        });
        m_stopB->setEnabled(Filter::operatorTakesSecondValue(o));
    };
    connect(m_stopA, &MappingField::textEdited, this,
        [conditionEdited] { conditionEdited(QStringLiteral("pagination.stopCondition.a")); });
    connect(m_stopB, &MappingField::textEdited, this,
        [conditionEdited] { conditionEdited(QStringLiteral("pagination.stopCondition.b")); });
    connect(m_stopOperator, &QComboBox::currentIndexChanged, this,
        [conditionEdited] { conditionEdited(QStringLiteral("pagination.stopCondition.o")); });

    updateRows();
}

void PaginationSection::change(const QString &key, const std::function<void(Pagination &)> &apply)
{
    if (m_loading)
        return;
    Pagination next = m_value;
    apply(next);
    if (next == m_value)
        return;
    m_value = next;
    emit edited(key, m_value);
}

void PaginationSection::setPagination(const Pagination &pagination)
{
    m_loading = true;
    m_value = pagination;
    m_mode->setCurrentIndex(qMax(0, m_mode->findData(Pagination::modeKey(pagination.mode))));
    m_parameter->setText(pagination.parameter);
    m_sendIn->setCurrentIndex(qMax(0, m_sendIn->findData(Pagination::placeKey(pagination.sendIn))));
    m_start->setText(pagination.start);
    m_limitParameter->setText(pagination.limitParameter);
    m_limit->setText(pagination.limit);
    m_next->setText(pagination.nextField);
    m_items->setText(pagination.itemsField);
    m_output->setCurrentIndex(
        qMax(0, m_output->findData(Pagination::outputKey(pagination.output))));
    m_stopWhenEmpty->setChecked(pagination.stopWhenEmpty);
    m_stopStatuses->setText(statusesText(pagination.stopStatusCodes));
    m_maxPages->setValue(pagination.maxPages);
    m_maxItems->setValue(pagination.maxItems);
    updateCondition();
    updateRows();
    m_loading = false;
}

void PaginationSection::updateCondition()
{
    const Filter &filter = m_value.stopCondition;
    int count = 0;
    for (const QList<FilterCondition> &group : filter.conditions)
        count += int(group.size());
    // One condition is edited here; a file may hold more, which are kept as they are.
    const bool single = count <= 1;
    FilterCondition shown;
    for (const QList<FilterCondition> &group : filter.conditions) {
        if (!group.isEmpty()) {
            shown = group.first();
            break;
        }
    }
    m_stopA->setText(shown.a);
    if (!shown.o.isEmpty())
        m_stopOperator->setCurrentIndex(qMax(0, m_stopOperator->findData(shown.o)));
    m_stopB->setText(shown.b.value_or(QString()));
    m_stopB->setEnabled(Filter::operatorTakesSecondValue(m_stopOperator->currentData().toString()));
    m_conditionRow->setEnabled(single);
    m_conditionNote->setText(single ? tr("Leave the first box empty for no condition.")
                                    : tr("This module stops on %1 conditions, written in its file: "
                                         "they are kept as they are.")
                                          .arg(count));
}

void PaginationSection::setAvailableModules(
    const QList<ModuleId> &earlier, const QSet<ModuleId> &all, ModuleId own)
{
    for (MappingField *field : {m_parameter, m_start, m_limitParameter, m_limit})
        field->setAvailableModules(earlier, all, own);
    // What reads the answer may name the module itself: its number stands for each page.
    QList<ModuleId> withOwn = earlier;
    if (own && !withOwn.contains(own))
        withOwn.append(own);
    for (MappingField *field : {m_next, m_items, m_stopA, m_stopB})
        field->setAvailableModules(withOwn, all);
}

QList<MappingField *> PaginationSection::mappingFields() const
{
    return {m_parameter, m_start, m_limitParameter, m_limit, m_next, m_items, m_stopA, m_stopB};
}

void PaginationSection::updateRows()
{
    bool ok = false;
    const PaginationMode mode = Pagination::modeFromKey(m_mode->currentData().toString(), &ok);
    const bool on = mode != PaginationMode::None;
    const bool offset = mode == PaginationMode::OffsetLimit;
    const bool numbered = offset || mode == PaginationMode::PageNumber;
    const bool cursor = mode == PaginationMode::Cursor;
    const bool next = mode == PaginationMode::NextUrl;
    switch (mode) {
    case PaginationMode::None:
        m_intro->setText(tr("Choose how the API hands out a long list, and the module fetches "
                            "every page, each one an operation of its own."));
        break;
    case PaginationMode::OffsetLimit:
        m_intro->setText(tr("Asks for offset 0, then 0 + the page size, and so on, until a "
                            "page is empty or shorter than the page size."));
        break;
    case PaginationMode::PageNumber:
        m_intro->setText(tr("Asks for page 1, 2, 3… until a page is empty or a rule below "
                            "stops it."));
        break;
    case PaginationMode::NextUrl:
        m_intro->setText(tr("Goes to the address each answer gives for the next page, until "
                            "an answer gives none."));
        break;
    case PaginationMode::Cursor:
        m_intro->setText(tr("Sends back the cursor (token) each answer gives, until an answer "
                            "gives none."));
        break;
    }
    m_form->setRowVisible(m_parameter, numbered || cursor);
    m_form->setRowVisible(m_sendIn, numbered || cursor);
    m_form->setRowVisible(m_start, numbered);
    m_form->setRowVisible(m_limitParameter, offset);
    m_form->setRowVisible(m_limit, offset);
    m_form->setRowVisible(m_next, next || cursor);
    m_form->setRowVisible(m_nextHint, next || cursor);
    m_nextHint->setText(next ? tr("Leave it empty when the next page is in the answer's Link "
                                  "header (as on GitHub).")
                             : tr("A field of the answer's body, such as next_cursor."));
    if (auto *label = qobject_cast<QLabel *>(m_form->labelForField(m_parameter)))
        label->setText(cursor ? tr("Cursor parameter")
                : offset      ? tr("Offset parameter")
                              : tr("Page parameter"));
    if (auto *label = qobject_cast<QLabel *>(m_form->labelForField(m_start)))
        label->setText(offset ? tr("First offset") : tr("First page"));
    m_parameter->setPlaceholderText(cursor ? tr("cursor") : offset ? tr("offset") : tr("page"));
    m_start->setPlaceholderText(offset ? tr("0") : tr("1"));
    for (QWidget *field : {static_cast<QWidget *>(m_items), static_cast<QWidget *>(m_output),
             static_cast<QWidget *>(m_stopWhenEmpty), m_conditionRow,
             static_cast<QWidget *>(m_conditionNote), static_cast<QWidget *>(m_stopStatuses)})
        m_form->setRowVisible(field, on);
    m_maxPages->setVisible(on);
    m_maxItems->setVisible(on);
}
