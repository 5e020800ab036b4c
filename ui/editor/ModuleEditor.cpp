#include "ui/editor/ModuleEditor.h"

#include "core/kinds/KindRegistry.h"

#include "ui/AccessibleNames.h"
#include "ui/editor/ModuleHeader.h"

#include "core/mapping/FieldTemplate.h"
#include "core/mapping/ModuleReferenceCheck.h"
#include "core/model/Scenario.h"
#include "core/run/SecretFields.h"
#include "core/trust/Origin.h"
#include "ui/commands/EditModuleConfigCommand.h"
#include "ui/commands/RenameModuleCommand.h"
#include "ui/connections/AuthenticationChooser.h"
#include "ui/connections/KeychainSecretProvider.h"
#include "ui/editor/JsonCheck.h"
#include "ui/editor/KeyValueTable.h"
#include "ui/editor/WheelGuard.h"
#include "ui/kinds/KindForms.h"
#include "ui/kinds/KindSettingsPage.h"
#include "ui/kinds/http/PaginationSection.h"
#include "ui/mapping/MappingField.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTimer>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

namespace {

struct ContentTypeChoice
{
    const char *label;
    const char *type;
};

const ContentTypeChoice contentTypes[] = {
    {QT_TRANSLATE_NOOP("ModuleEditor", "JSON (application/json)"), "application/json"},
    {QT_TRANSLATE_NOOP("ModuleEditor", "Text (text/plain)"), "text/plain"},
    {"XML (application/xml)", "application/xml"},
    {"XML (text/xml)", "text/xml"},
    {"HTML (text/html)", "text/html"},
};

QLabel *fieldLabel(const QString &text, const QString &tooltip, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    label->setToolTip(tooltip);
    return label;
}

QLabel *hintLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 0.92);
    label->setFont(font);
    return label;
}

QFormLayout *newForm(QWidget *parent)
{
    auto *form = new QFormLayout(parent);
    // Labels above their fields: the panel is narrow, and this is how Make lays it out.
    form->setRowWrapPolicy(QFormLayout::WrapAllRows);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignLeft);
    form->setVerticalSpacing(4);
    return form;
}

/// Every mappable text of a configuration.
QStringList mappableTexts(const HttpRequestSpec &config)
{
    QStringList texts {config.url, config.rawContent, config.username, config.password};
    for (const QList<NameValue> *list : {&config.headers, &config.query, &config.urlEncodedFields})
        for (const NameValue &pair : *list)
            texts << pair.name << pair.value;
    for (const MultipartField &field : config.multipartFields)
        texts << field.name << field.value;
    return texts;
}

} // namespace

ModuleEditor::ModuleEditor(QWidget *parent)
    : QWidget(parent)
    , m_pages(new QStackedWidget(this))
    , m_placeholder(new QLabel(this))
    , m_scroll(new QScrollArea(this))
{
    m_placeholder->setText(tr("Select a module on the canvas to change its settings."));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);

    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setWidget(buildForm());
    m_scroll->setAccessibleName(tr("Module settings"));
    AccessibleNames::nameFormFields(m_scroll->widget());

    m_pages->addWidget(m_placeholder);
    m_pages->addWidget(m_scroll);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    // The secret offer stays above the form, in sight while the person types the secret in a
    // field further down (in the form it was scrolled away).
    m_secretOffer->setParent(this);
    m_secretOffer->layout()->setContentsMargins(14, 8, 14, 8);
    layout->addWidget(m_secretOffer);
    layout->addWidget(m_pages);
    // The form scrolls inside: its full height is no reason for the window to scroll it too.
    m_pages->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Ignored);
    // The wheel scrolls the form; it changes a drop-down only once the person clicked into it.
    WheelGuard::install(m_scroll->widget());
    // The field being typed into stays in sight, also a row just added at the bottom.
    connect(qApp, &QApplication::focusChanged, this, [this] { keepFocusInSight(); });
    setModule(0);
}

void ModuleEditor::keepFocusInSight()
{
    QWidget *focus = QApplication::focusWidget();
    if (!focus || !m_scroll->widget()->isAncestorOf(focus))
        return;
    // After the layout has placed a row just added, or made room for the secret offer.
    QTimer::singleShot(0, focus, [this, focus] {
        m_scroll->widget()->layout()->activate();
        m_scroll->ensureWidgetVisible(focus, 0, 8);
    });
}

QWidget *ModuleEditor::buildForm()
{
    auto *content = new QWidget;
    auto *outer = new QVBoxLayout(content);
    outer->setContentsMargins(14, 12, 14, 14);
    outer->setSpacing(10);

    // Header: what this module is, and its number (the number mappings use).
    m_title = ModuleHeader::makeTitle(content);
    m_title->setText(tr("HTTP"));
    auto *subtitle = new QLabel(tr("Make a request"), content);
    subtitle->setForegroundRole(QPalette::PlaceholderText);
    m_badge = ModuleHeader::makeBadge(content);
    auto *titles = new QVBoxLayout;
    titles->setSpacing(0);
    titles->addWidget(m_title);
    titles->addWidget(subtitle);
    auto *header = new QHBoxLayout;
    header->addLayout(titles, 1);
    header->addWidget(m_badge, 0, Qt::AlignTop);
    outer->addLayout(header);

    m_banner = new QLabel(content);
    m_banner->setWordWrap(true);
    m_banner->setTextFormat(Qt::PlainText);
    m_banner->setStyleSheet(QStringLiteral(
        "QLabel { background: rgba(198, 40, 40, 0.10); border: 1px solid rgba(198, 40, 40, 0.55);"
        " border-radius: 6px; padding: 8px; color: palette(text); }"));
    m_banner->hide();
    outer->addWidget(m_banner);

    // A secret typed into a field would be saved in the file: offer to move it, never block.
    m_secretOffer = new QWidget(content);
    m_secretOfferText = new QLabel(m_secretOffer);
    m_secretOfferText->setWordWrap(true);
    m_secretOfferText->setTextFormat(Qt::PlainText);
    m_keepSecret = new QPushButton(tr("Keep it out of the file"), m_secretOffer);
    m_keepSecret->setToolTip(tr("Stores the value in this computer's keychain and puts "
                                "{{secrets.NAME}} in the field instead"));
    auto *offerLayout = new QHBoxLayout(m_secretOffer);
    offerLayout->setContentsMargins(0, 0, 0, 0);
    offerLayout->addWidget(m_secretOfferText, 1);
    offerLayout->addWidget(m_keepSecret, 0, Qt::AlignTop);
    m_secretOffer->hide();
    connect(m_keepSecret, &QPushButton::clicked, this, &ModuleEditor::keepSecretOutOfFile);

    auto *main = new QWidget(content);
    QFormLayout *form = newForm(main);
    form->setContentsMargins(0, 0, 0, 0);
    form->setVerticalSpacing(6);

    m_label = new QLineEdit(main);
    m_label->setPlaceholderText(tr("Make a request"));
    m_label->setToolTip(tr("The name shown under the module on the canvas"));
    form->addRow(fieldLabel(tr("Name on the canvas"), m_label->toolTip(), main), m_label);

    m_url = new MappingField(MappingField::Mode::SingleLine, main);
    m_url->setPlaceholderText(tr("https://api.example.com/items"));
    m_url->setToolTip(tr("The address to send the request to. Click the value picker to use a "
                         "value from an earlier module."));
    form->addRow(
        fieldLabel(tr("URL *"), tr("Required: the address to send the request to"), main), m_url);
    // An address typed as a browser takes it ("api.example.com/items") cannot be sent: offer
    // the missing https:// right under the field, one click, one undo step.
    m_urlSchemeHint = new QPushButton(main);
    m_urlSchemeHint->setObjectName(QStringLiteral("urlSchemeHint"));
    m_urlSchemeHint->setFlat(true);
    m_urlSchemeHint->setCursor(Qt::PointingHandCursor);
    m_urlSchemeHint->setStyleSheet(QStringLiteral("text-align: left; padding: 0 2px;"));
    m_urlSchemeHint->setAccessibleName(tr("Add https:// to the address"));
    m_urlSchemeHint->hide();
    form->addRow(QString(), m_urlSchemeHint);

    m_method = new QComboBox(main);
    m_method->addItems(HttpRequestSpec::methods());
    m_method->setToolTip(tr("GET reads, POST creates or sends, PUT and PATCH change, DELETE "
                            "removes"));
    form->addRow(fieldLabel(tr("Method *"), m_method->toolTip(), main), m_method);

    m_headers = new KeyValueTable(KeyValueTable::Kind::NameValue, main);
    m_headers->setItemWords(tr("Header"), tr("Add a header"));
    form->addRow(fieldLabel(tr("Headers"),
                     tr("Extra information sent with the request, such as "
                        "Authorization"),
                     main),
        m_headers);

    m_query = new KeyValueTable(KeyValueTable::Kind::NameValue, main);
    m_query->setItemWords(tr("Parameter"), tr("Add a parameter"));
    form->addRow(
        fieldLabel(tr("Query String"), tr("Values added to the end of the URL, after a ?"), main),
        m_query);

    m_bodyType = new QComboBox(main);
    // Plain words in the list; the MIME type a programmer would look for is in each tooltip.
    const struct
    {
        QString text;
        BodyType type;
        QString mime;
    } bodyTypes[] = {
        {tr("None"), BodyType::None, tr("No body is sent")},
        {tr("Raw (JSON, text, XML)"), BodyType::Raw,
            tr("Sent as you write it, e.g. application/json")},
        {tr("Form fields"), BodyType::UrlEncoded,
            QStringLiteral("application/x-www-form-urlencoded")},
        {tr("Form with files"), BodyType::Multipart, QStringLiteral("multipart/form-data")},
    };
    for (const auto &bodyType : bodyTypes) {
        m_bodyType->addItem(bodyType.text, HttpRequestSpec::bodyTypeKey(bodyType.type));
        m_bodyType->setItemData(m_bodyType->count() - 1, bodyType.mime, Qt::ToolTipRole);
    }
    m_bodyType->setToolTip(tr("What the request carries: Raw for JSON or text you write, "
                              "Form fields for a simple form (name and value), Form with files "
                              "to upload files"));
    form->addRow(fieldLabel(tr("Body type"), m_bodyType->toolTip(), main), m_bodyType);

    // The body's sub-forms.
    m_bodyPages = new QStackedWidget(main);
    m_nonePage = new QWidget(m_bodyPages);
    m_bodyPages->addWidget(m_nonePage);

    m_rawPage = new QWidget(m_bodyPages);
    QFormLayout *rawForm = newForm(m_rawPage);
    rawForm->setContentsMargins(0, 0, 0, 0);
    m_contentType = new QComboBox(m_rawPage);
    for (const ContentTypeChoice &choice : contentTypes)
        m_contentType->addItem(tr(choice.label), QLatin1String(choice.type));
    m_contentType->addItem(tr("Custom"), QString());
    m_contentType->setToolTip(tr("Tells the server what kind of content you send"));
    rawForm->addRow(
        fieldLabel(tr("Content type"), m_contentType->toolTip(), m_rawPage), m_contentType);
    m_customContentType = new QLineEdit(m_rawPage);
    m_customContentType->setPlaceholderText(tr("e.g. application/vnd.api+json"));
    m_customContentTypeLabel
        = fieldLabel(tr("Custom content type"), tr("The exact content type to send"), m_rawPage);
    rawForm->addRow(m_customContentTypeLabel, m_customContentType);
    m_rawContent = new MappingField(MappingField::Mode::MultiLine, m_rawPage);
    m_rawContent->setPlaceholderText(
        tr("{\"grant_type\": \"client_credentials\", \"client_id\": \"…\"}"));
    m_rawContent->setToolTip(tr("The content to send. Values from earlier modules can go "
                                "anywhere in it."));
    rawForm->addRow(
        fieldLabel(tr("Request content"), m_rawContent->toolTip(), m_rawPage), m_rawContent);
    m_jsonNote = new QLabel(m_rawPage);
    m_jsonNote->setWordWrap(true);
    m_jsonNote->setStyleSheet(QStringLiteral("QLabel { color: #c62828; }"));
    m_jsonNote->hide();
    rawForm->addRow(m_jsonNote);
    m_bodyPages->addWidget(m_rawPage);

    m_urlEncoded = new KeyValueTable(KeyValueTable::Kind::NameValue, m_bodyPages);
    m_urlEncoded->setItemWords(tr("Field"), tr("Add a field"));
    m_bodyPages->addWidget(m_urlEncoded);
    m_multipart = new KeyValueTable(KeyValueTable::Kind::Multipart, m_bodyPages);
    m_multipart->setItemWords(tr("Field"), tr("Add a field"));
    m_bodyPages->addWidget(m_multipart);
    form->addRow(m_bodyPages);

    // Each table's rows come right after the field above it when Tab moves through the form.
    m_headers->setTabAnchor(m_method);
    m_query->setTabAnchor(m_headers->addButton());
    m_urlEncoded->setTabAnchor(m_bodyType);
    m_multipart->setTabAnchor(m_bodyType);

    m_parseResponse = new QCheckBox(tr("Parse response"), main);
    m_parseResponse->setToolTip(tr("Turn JSON answers into values you can pick in later "
                                   "modules. Off: the answer stays plain text."));
    form->addRow(m_parseResponse);
    form->addRow(
        hintLabel(tr("Turns JSON answers into values you can pick in later modules."), main));

    // Authentication: none, Basic (fields under advanced settings) or a connection.
    m_authentication = new AuthenticationChooser(main);
    form->addRow(fieldLabel(tr("Authentication"), m_authentication->combo()->toolTip(), main),
        m_authentication);
    connect(m_authentication, &AuthenticationChooser::edited, this,
        [this](AuthType type, const QString &connection) {
            edit(QStringLiteral("authentication"), [&](HttpRequestSpec &c) {
                c.authentication = type;
                c.connection = type == AuthType::Connection ? connection : QString();
                if (type != AuthType::Basic) {
                    c.username.clear();
                    c.password.clear();
                }
            });
            if (type == AuthType::Basic && !m_advancedToggle->isChecked())
                m_advancedToggle->setChecked(true);
        });
    connect(m_authentication, &AuthenticationChooser::manageConnectionsRequested, this,
        &ModuleEditor::manageConnectionsRequested);
    outer->addWidget(main);

    m_pagination = new PaginationSection(content);
    outer->addWidget(m_pagination);
    connect(m_pagination, &PaginationSection::edited, this,
        [this](const QString &key, const Pagination &pagination) {
            edit(key, [&pagination](HttpRequestSpec &c) { c.pagination = pagination; });
        });

    m_advancedToggle = new QToolButton(content);
    m_advancedToggle->setText(tr("Show advanced settings"));
    m_advancedToggle->setCheckable(true);
    m_advancedToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_advancedToggle->setArrowType(Qt::RightArrow);
    m_advancedToggle->setAutoRaise(true);
    m_advancedToggle->setToolTip(tr("Sign-in, time limit, redirects, cookies and certificates"));
    outer->addWidget(m_advancedToggle);
    m_advanced = buildAdvanced();
    m_advanced->setParent(content);
    m_advanced->hide();
    outer->addWidget(m_advanced);
    outer->addStretch(1);

    connect(m_advancedToggle, &QToolButton::toggled, this, [this](bool open) {
        m_advanced->setVisible(open);
        m_advancedToggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
        m_advancedToggle->setText(
            open ? tr("Hide advanced settings") : tr("Show advanced settings"));
    });

    // Every edit becomes an undoable command named after its field.
    connect(m_label, &QLineEdit::editingFinished, this, &ModuleEditor::rename);
    connect(m_url, &MappingField::textEdited, this, [this](const QString &text) {
        edit(QStringLiteral("url"), [&text](HttpRequestSpec &c) { c.url = text; });
        updateUrlSchemeHint();
    });
    connect(m_urlSchemeHint, &QPushButton::clicked, this, [this] {
        edit(QStringLiteral("url.scheme"),
            [](HttpRequestSpec &c) { c.url = QStringLiteral("https://") + c.url.trimmed(); });
        updateUrlSchemeHint();
    });
    connect(m_method, &QComboBox::currentTextChanged, this, [this](const QString &text) {
        edit(QStringLiteral("method"), [&text](HttpRequestSpec &c) { c.method = text; });
    });
    auto connectTable = [this](KeyValueTable *table, const QString &key,
                            const std::function<void(HttpRequestSpec &)> &apply) {
        connect(table, &KeyValueTable::rowsEdited, this, [this, key, apply] { edit(key, apply); });
        // Adding, removing or moving an item is its own undo step.
        connect(table, &KeyValueTable::rowsRestructured, this,
            [this, apply] { edit(QString(), apply); });
    };
    connectTable(m_headers, QStringLiteral("headers"),
        [this](HttpRequestSpec &c) { c.headers = m_headers->rows(); });
    connectTable(m_query, QStringLiteral("query"),
        [this](HttpRequestSpec &c) { c.query = m_query->rows(); });
    connectTable(m_urlEncoded, QStringLiteral("body.fields"),
        [this](HttpRequestSpec &c) { c.urlEncodedFields = m_urlEncoded->rows(); });
    connectTable(m_multipart, QStringLiteral("body.fields"),
        [this](HttpRequestSpec &c) { c.multipartFields = m_multipart->multipartRows(); });
    connect(m_bodyType, &QComboBox::currentIndexChanged, this, [this] {
        updateBodyPage();
        bool ok = false;
        const BodyType type
            = HttpRequestSpec::bodyTypeFromKey(m_bodyType->currentData().toString(), &ok);
        if (ok)
            edit(QStringLiteral("body.type"), [type](HttpRequestSpec &c) { c.bodyType = type; });
    });
    connect(m_contentType, &QComboBox::currentIndexChanged, this, [this] {
        const QString type = m_contentType->currentData().toString();
        const bool custom = type.isEmpty();
        m_customContentType->setVisible(custom);
        m_customContentTypeLabel->setVisible(custom);
        if (m_loading)
            return;
        if (custom)
            m_customContentType->clear();
        edit(QStringLiteral("body.contentType"),
            [type](HttpRequestSpec &c) { c.rawContentType = type; });
        if (custom)
            m_customContentType->setFocus(Qt::OtherFocusReason);
    });
    connect(m_customContentType, &QLineEdit::textEdited, this, [this](const QString &text) {
        edit(QStringLiteral("body.contentType"),
            [&text](HttpRequestSpec &c) { c.rawContentType = text.trimmed(); });
    });
    connect(m_rawContent, &MappingField::textEdited, this, [this](const QString &text) {
        edit(QStringLiteral("body.content"), [&text](HttpRequestSpec &c) { c.rawContent = text; });
        updateJsonNote();
    });
    connect(m_parseResponse, &QCheckBox::toggled, this, [this](bool on) {
        edit(QStringLiteral("parseResponse"), [on](HttpRequestSpec &c) { c.parseResponse = on; });
    });

    for (MappingField *field : mappingFields())
        connect(field, &MappingField::problemsChanged, this, &ModuleEditor::updateBanner);
    for (KeyValueTable *table : {m_headers, m_query, m_urlEncoded, m_multipart}) {
        // New rows bring new fields; their problems count too.
        connect(table, &KeyValueTable::rowsEdited, this, &ModuleEditor::updateBanner);
        connect(table, &KeyValueTable::rowsRestructured, this, &ModuleEditor::updateBanner);
    }
    return content;
}

QWidget *ModuleEditor::buildAdvanced()
{
    auto *section = new QWidget;
    QFormLayout *form = newForm(section);
    form->setContentsMargins(0, 0, 0, 0);
    form->setVerticalSpacing(6);

    m_username = new MappingField(MappingField::Mode::SingleLine, section);
    m_username->setToolTip(tr("For servers that ask for a user name and password (HTTP Basic "
                              "sign-in)"));
    form->addRow(fieldLabel(tr("User name"), m_username->toolTip(), section), m_username);

    m_password = new QLineEdit(section);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setToolTip(tr("The password is hidden as you type; click Show to check it"));
    m_showPassword = new QToolButton(section);
    m_showPassword->setText(tr("Show"));
    m_showPassword->setCheckable(true);
    m_showPassword->setToolTip(tr("Show or hide the password"));
    auto *passwordRow = new QHBoxLayout;
    passwordRow->setSpacing(4);
    passwordRow->addWidget(m_password, 1);
    passwordRow->addWidget(m_showPassword);
    form->addRow(fieldLabel(tr("Password"), m_password->toolTip(), section), passwordRow);

    m_timeout = new QSpinBox(section);
    m_timeout->setRange(1, 300);
    m_timeout->setSuffix(tr(" seconds"));
    m_timeout->setToolTip(tr("How long to wait for an answer before giving up (1 to 300 "
                             "seconds)"));
    form->addRow(fieldLabel(tr("Timeout"), m_timeout->toolTip(), section), m_timeout);

    m_shareCookies = new QCheckBox(tr("Share cookies with other HTTP modules"), section);
    m_shareCookies->setToolTip(tr("Cookies this module receives are sent by later modules in "
                                  "the same run, like a browser does"));
    form->addRow(m_shareCookies);

    m_rejectUnverified = new QCheckBox(tr("Reject unverified certificates"), section);
    m_rejectUnverified->setToolTip(tr("Reject connections that are using unverified "
                                      "(self-signed) certificates"));
    form->addRow(m_rejectUnverified);
    form->addRow(hintLabel(tr("Refuses servers whose certificate is self-signed or not "
                              "trusted. Safer when on; turn it off only for a test server you "
                              "trust."),
        section));

    m_caCertificate = new QPlainTextEdit(section);
    m_caCertificate->setPlaceholderText(tr("Paste a certificate (-----BEGIN CERTIFICATE-----…) "
                                           "or choose its file"));
    m_caCertificate->setToolTip(tr("A certificate authority to trust for this module, for "
                                   "servers with their own certificates"));
    m_caCertificate->setTabChangesFocus(true);
    m_caCertificate->setFixedHeight(m_caCertificate->fontMetrics().lineSpacing() * 3 + 12);
    auto *chooseCa = new QPushButton(tr("Choose file…"), section);
    chooseCa->setAutoDefault(false);
    chooseCa->setToolTip(tr("Pick a certificate file (.pem or .crt) from your computer"));
    auto *caBox = new QVBoxLayout;
    caBox->setSpacing(4);
    caBox->addWidget(m_caCertificate);
    caBox->addWidget(chooseCa, 0, Qt::AlignLeft);
    form->addRow(
        fieldLabel(tr("Self-signed certificate"), m_caCertificate->toolTip(), section), caBox);

    m_followRedirects = new QCheckBox(tr("Follow redirect"), section);
    m_followRedirects->setToolTip(tr("When the server says the answer is elsewhere (3xx), go "
                                     "there"));
    form->addRow(m_followRedirects);
    m_followAllRedirects = new QCheckBox(tr("Follow all redirect"), section);
    m_followAllRedirects->setToolTip(tr("Also follow redirects for POST, PUT, PATCH and DELETE, "
                                        "not only for GET"));
    form->addRow(m_followAllRedirects);

    m_errorOnStatus = new QCheckBox(tr("Evaluate all states as errors"), section);
    m_errorOnStatus->setToolTip(tr("Evaluate all states as errors (except for 2xx and 3xx)"));
    form->addRow(m_errorOnStatus);
    form->addRow(hintLabel(tr("Stops the run when the server answers with an error such as "
                              "404 or 500 (anything but 2xx and 3xx)."),
        section));

    m_requestCompressed = new QCheckBox(tr("Request compressed content"), section);
    m_requestCompressed->setToolTip(tr("Ask the server to compress its answer, which is "
                                       "faster; Scenarist unpacks it for you"));
    form->addRow(m_requestCompressed);

    m_retryWhenBusy = new QCheckBox(tr("Retry when the server is busy"), section);
    m_retryWhenBusy->setToolTip(tr("Send the request again when the server says it is busy "
                                   "(429, 502, 503, 504) or the connection fails"));
    form->addRow(m_retryWhenBusy);
    m_retryTries = new QSpinBox(section);
    m_retryTries->setRange(HttpRequestSpec::MinRetryTries, HttpRequestSpec::MaxRetryTries);
    m_retryTries->setPrefix(tr("up to "));
    m_retryTries->setSuffix(tr(" tries"));
    m_retryTries->setToolTip(tr("How many times to send the request in all, the first time "
                                "included (2 to 10)"));
    m_retryWait = new QSpinBox(section);
    m_retryWait->setRange(
        HttpRequestSpec::MinRetryWaitSeconds, HttpRequestSpec::MaxRetryWaitSeconds);
    m_retryWait->setPrefix(tr("wait at most "));
    m_retryWait->setSuffix(tr(" seconds"));
    m_retryWait->setToolTip(tr("The longest wait between two tries (1 to 600 seconds), even "
                               "when the server asks for longer"));
    auto *retryBox = new QHBoxLayout;
    retryBox->addWidget(m_retryTries);
    retryBox->addWidget(m_retryWait);
    retryBox->addStretch(1);
    form->addRow(retryBox);
    form->addRow(hintLabel(tr("Waits a little longer after each busy answer, or as long as the "
                              "server asks. Stop ends a wait at once. The error route, if any, "
                              "runs only when every try failed."),
        section));

    connect(m_username, &MappingField::textEdited, this, [this](const QString &text) {
        edit(QStringLiteral("username"), [&text](HttpRequestSpec &c) { c.username = text; });
    });
    connect(m_password, &QLineEdit::textEdited, this, [this](const QString &text) {
        edit(QStringLiteral("password"), [&text](HttpRequestSpec &c) { c.password = text; });
    });
    connect(m_showPassword, &QToolButton::toggled, this, [this](bool show) {
        m_password->setEchoMode(show ? QLineEdit::Normal : QLineEdit::Password);
        m_showPassword->setText(show ? tr("Hide") : tr("Show"));
    });
    connect(m_timeout, &QSpinBox::valueChanged, this, [this](int seconds) {
        edit(QStringLiteral("timeoutSeconds"),
            [seconds](HttpRequestSpec &c) { c.timeoutSeconds = seconds; });
    });
    auto connectCheck
        = [this](QCheckBox *check, const QString &key, bool HttpRequestSpec::*member) {
              connect(check, &QCheckBox::toggled, this, [this, key, member](bool on) {
                  edit(key, [member, on](HttpRequestSpec &c) { c.*member = on; });
              });
          };
    connectCheck(m_shareCookies, QStringLiteral("shareCookies"), &HttpRequestSpec::shareCookies);
    connectCheck(m_rejectUnverified, QStringLiteral("rejectUnverifiedCertificates"),
        &HttpRequestSpec::rejectUnverifiedCertificates);
    connectCheck(
        m_followRedirects, QStringLiteral("followRedirects"), &HttpRequestSpec::followRedirects);
    connectCheck(m_followAllRedirects, QStringLiteral("followAllRedirects"),
        &HttpRequestSpec::followAllRedirects);
    connectCheck(
        m_errorOnStatus, QStringLiteral("errorOnHttpStatus"), &HttpRequestSpec::errorOnHttpStatus);
    connectCheck(m_requestCompressed, QStringLiteral("requestCompressed"),
        &HttpRequestSpec::requestCompressed);
    connect(m_followRedirects, &QCheckBox::toggled, m_followAllRedirects, &QWidget::setEnabled);
    connectCheck(m_retryWhenBusy, QStringLiteral("retryWhenBusy"), &HttpRequestSpec::retryWhenBusy);
    connect(m_retryWhenBusy, &QCheckBox::toggled, m_retryTries, &QWidget::setEnabled);
    connect(m_retryWhenBusy, &QCheckBox::toggled, m_retryWait, &QWidget::setEnabled);
    connect(m_retryTries, &QSpinBox::valueChanged, this, [this](int tries) {
        edit(QStringLiteral("retryMaxTries"),
            [tries](HttpRequestSpec &c) { c.retryMaxTries = tries; });
    });
    connect(m_retryWait, &QSpinBox::valueChanged, this, [this](int seconds) {
        edit(QStringLiteral("retryMaxWaitSeconds"),
            [seconds](HttpRequestSpec &c) { c.retryMaxWaitSeconds = seconds; });
    });
    connect(m_caCertificate, &QPlainTextEdit::textChanged, this, [this] {
        const QString text = m_caCertificate->toPlainText();
        edit(QStringLiteral("caCertificate"),
            [&text](HttpRequestSpec &c) { c.caCertificate = text; });
    });
    connect(chooseCa, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Choose a certificate"),
            QString(), tr("Certificates (*.pem *.crt *.cer);;All files (*)"));
        if (!path.isEmpty())
            m_caCertificate->setPlainText(path);
    });
    return section;
}

QList<MappingField *> ModuleEditor::mappingFields() const
{
    QList<MappingField *> fields {m_url, m_rawContent, m_username};
    for (KeyValueTable *table : {m_headers, m_query, m_urlEncoded, m_multipart})
        fields += table->mappingFields();
    fields += m_pagination->mappingFields();
    return fields;
}

void ModuleEditor::setScenario(Scenario *scenario, QUndoStack *undoStack)
{
    if (m_scenario)
        m_scenario->disconnect(this);
    m_scenario = scenario;
    m_undoStack = undoStack;
    Q_ASSERT(!scenario || undoStack);
    m_id = 0;
    m_authentication->setScenario(scenario);
    if (m_kindPage)
        m_kindPage->setScenario(scenario, undoStack);
    if (m_scenario) {
        connect(m_scenario, &Scenario::moduleChanged, this, [this](ModuleId id) {
            if (id == m_id)
                loadForm();
        });
        connect(m_scenario, &Scenario::moduleAboutToBeRemoved, this, [this](ModuleId id) {
            if (id == m_id)
                setModule(0);
        });
        // Which modules run before this one decides which references work.
        connect(m_scenario, &Scenario::moduleAdded, this, &ModuleEditor::updateScope);
        connect(m_scenario, &Scenario::moduleRemoved, this, &ModuleEditor::updateScope);
        connect(m_scenario, &Scenario::linkAdded, this, &ModuleEditor::updateScope);
        connect(m_scenario, &Scenario::linkRemoved, this, &ModuleEditor::updateScope);
        connect(m_scenario, &Scenario::inputsChanged, this, &ModuleEditor::updateBanner);
        connect(m_scenario, &Scenario::scenarioReset, this, [this] { setModule(0); });
    }
    setModule(0);
}

void ModuleEditor::setModule(ModuleId id)
{
    if (!m_scenario || !m_scenario->contains(id))
        id = 0;
    // Another module's settings open at their top, not where the last ones were scrolled to.
    if (id != m_id)
        m_scroll->verticalScrollBar()->setValue(0);
    m_id = id;
    const Module module = id ? m_scenario->module(id) : Module();
    const bool request = id && module.type == Module::httpRequestType();
    // Other kinds show their own form (ui/kinds/) when they have one; the page for them is
    // made the first time one is shown.
    if (id && !request && !m_kindPage && KindForms::makesForm(module.type)) {
        m_kindPage = new KindSettingsPage(m_pages);
        m_kindPage->setScenario(m_scenario, m_undoStack);
        m_pages->addWidget(m_kindPage);
        WheelGuard::install(m_kindPage->widget());
    }
    const bool kindForm = id && !request && m_kindPage && m_kindPage->showModule(id);
    if (!kindForm && m_kindPage)
        m_kindPage->showModule(0);
    m_pages->setCurrentWidget(request ? static_cast<QWidget *>(m_scroll)
            : kindForm                ? static_cast<QWidget *>(m_kindPage)
                                      : m_placeholder);
    if (kindForm) {
        m_secretOffer->hide();
        m_banner->hide();
        return;
    }
    if (!request) {
        if (!id) {
            m_placeholder->setText(tr("Select a module on the canvas to change its settings."));
        } else if (module.type == Module::foreignType()) {
            m_placeholder->setText(
                tr("\u201c%1\u201d stands for a module of another app. It keeps that module's "
                   "settings for export, and it does not run in Scenarist.")
                    .arg(module.displayName()));
        } else {
            m_placeholder->setText(
                tr("\u201c%1\u201d is a module of the kind \u201c%2\u201d. Its settings cannot "
                   "be changed here yet: it runs as the scenario file says.")
                    .arg(module.displayName(), KindRegistry::displayName(module.type)));
        }
        m_secretOffer->hide();
        return;
    }
    loadForm();
    updateScope();
}

QWidget *ModuleEditor::currentBodyForm() const
{
    return m_bodyPages->currentWidget();
}

void ModuleEditor::loadForm()
{
    if (!m_scenario || !m_id)
        return;
    const Module module = m_scenario->module(m_id);
    const HttpRequestSpec &c = module.config;
    m_loading = true;

    m_badge->setText(QStringLiteral("#%1").arg(m_id));
    if (m_label->text() != module.label)
        m_label->setText(module.label);
    m_url->setText(c.url);
    updateUrlSchemeHint();
    m_method->setCurrentIndex(qMax(0, m_method->findText(c.method)));
    m_headers->setRows(c.headers);
    m_query->setRows(c.query);
    m_bodyType->setCurrentIndex(
        qMax(0, m_bodyType->findData(HttpRequestSpec::bodyTypeKey(c.bodyType))));
    updateBodyPage();

    int typeIndex = m_contentType->findData(c.rawContentType);
    if (typeIndex < 0 || c.rawContentType.isEmpty())
        typeIndex = m_contentType->count() - 1; // Custom
    m_contentType->setCurrentIndex(typeIndex);
    const bool custom = typeIndex == m_contentType->count() - 1;
    m_customContentType->setVisible(custom);
    m_customContentTypeLabel->setVisible(custom);
    if (custom && m_customContentType->text().trimmed() != c.rawContentType)
        m_customContentType->setText(c.rawContentType);
    m_rawContent->setText(c.rawContent);
    m_urlEncoded->setRows(c.urlEncodedFields);
    m_multipart->setMultipartRows(c.multipartFields);
    m_parseResponse->setChecked(c.parseResponse);
    m_authentication->load(c);

    m_username->setText(c.username);
    if (m_password->text() != c.password)
        m_password->setText(c.password);
    m_timeout->setValue(c.timeoutSeconds);
    m_shareCookies->setChecked(c.shareCookies);
    m_rejectUnverified->setChecked(c.rejectUnverifiedCertificates);
    if (m_caCertificate->toPlainText() != c.caCertificate)
        m_caCertificate->setPlainText(c.caCertificate);
    m_followRedirects->setChecked(c.followRedirects);
    m_followAllRedirects->setChecked(c.followAllRedirects);
    m_followAllRedirects->setEnabled(c.followRedirects);
    m_errorOnStatus->setChecked(c.errorOnHttpStatus);
    m_requestCompressed->setChecked(c.requestCompressed);
    m_retryWhenBusy->setChecked(c.retryWhenBusy);
    m_retryTries->setValue(c.retryMaxTries);
    m_retryWait->setValue(c.retryMaxWaitSeconds);
    m_retryTries->setEnabled(c.retryWhenBusy);
    m_retryWait->setEnabled(c.retryWhenBusy);
    m_pagination->setPagination(c.pagination);

    m_loading = false;
    // Rows may have been created: give them the scope, then recount problems.
    updateScope();
    updateJsonNote();
}

void ModuleEditor::updateBodyPage()
{
    bool ok = false;
    const BodyType type
        = HttpRequestSpec::bodyTypeFromKey(m_bodyType->currentData().toString(), &ok);
    QWidget *page = m_nonePage;
    if (type == BodyType::Raw)
        page = m_rawPage;
    else if (type == BodyType::UrlEncoded)
        page = m_urlEncoded;
    else if (type == BodyType::Multipart)
        page = m_multipart;
    m_bodyPages->setCurrentWidget(page);
    // A QStackedWidget is as tall as its tallest page; only the shown one should count.
    for (int i = 0; i < m_bodyPages->count(); ++i) {
        QWidget *candidate = m_bodyPages->widget(i);
        candidate->setSizePolicy(QSizePolicy::Preferred,
            candidate == page ? QSizePolicy::Preferred : QSizePolicy::Ignored);
    }
    m_bodyPages->setVisible(page != m_nonePage);
    m_bodyPages->adjustSize();
    updateJsonNote();
}

void ModuleEditor::updateJsonNote()
{
    QString problem;
    if (m_bodyPages->currentWidget() == m_rawPage
        && m_contentType->currentData().toString().contains(QLatin1String("json"))
        && !m_customContentType->isVisible())
        problem = JsonCheck::problem(m_rawContent->text());
    else if (m_bodyPages->currentWidget() == m_rawPage
        && m_customContentType->text().contains(QLatin1String("json")))
        problem = JsonCheck::problem(m_rawContent->text());
    m_jsonNote->setText(problem);
    m_jsonNote->setVisible(!problem.isEmpty());
}

void ModuleEditor::updateScope()
{
    if (!m_scenario || !m_id)
        return;
    const QList<ModuleId> earlier = m_scenario->modulesBefore(m_id);
    QSet<ModuleId> all;
    for (const Module &module : m_scenario->modules())
        all.insert(module.id);
    m_url->setAvailableModules(earlier, all, m_id);
    m_rawContent->setAvailableModules(earlier, all, m_id);
    m_username->setAvailableModules(earlier, all, m_id);
    for (KeyValueTable *table : {m_headers, m_query, m_urlEncoded, m_multipart})
        table->setAvailableModules(earlier, all, m_id);
    m_pagination->setAvailableModules(earlier, all, m_id);
    updateBanner();
}

void ModuleEditor::updateBanner()
{
    if (!m_scenario || !m_id) {
        m_banner->hide();
        return;
    }
    QStringList lines = brokenReferences(*m_scenario, m_id);
    int mistakes = 0;
    for (MappingField *field : mappingFields()) {
        if (field->isVisibleTo(this) && field->hasProblems() && !field->hasBrokenReference())
            ++mistakes;
    }
    if (mistakes == 1)
        lines << tr("One field has a mistake in a mapping; it is underlined in red. Point at "
                    "it to see why.");
    else if (mistakes > 1)
        lines << tr("%1 fields have mistakes in their mappings; they are underlined in red. "
                    "Point at them to see why.")
                     .arg(mistakes);
    m_banner->setText(lines.join(QLatin1Char('\n')));
    m_banner->setVisible(!lines.isEmpty());
    updateSecretOffer();
}

void ModuleEditor::setSecretStore(KeychainSecretProvider *secrets)
{
    m_secrets = secrets;
}

void ModuleEditor::updateSecretOffer()
{
    const QList<LiteralSecret> secrets = m_scenario && m_id
        ? SecretFields::literalSecrets(m_scenario->module(m_id).config)
        : QList<LiteralSecret>();
    if (secrets.isEmpty()) {
        m_secretOffer->hide();
        return;
    }
    QString field = secrets.first().description();
    field[0] = field.at(0).toUpper();
    m_secretOfferText->setText(
        tr("%1 holds a secret. As typed, it would be saved in the scenario file.").arg(field));
    m_keepSecret->setEnabled(true);
    if (m_secretOffer->isHidden()) {
        m_secretOffer->show();
        keepFocusInSight();
    }
}

void ModuleEditor::keepSecretOutOfFile()
{
    if (!m_scenario || !m_id)
        return;
    const QList<LiteralSecret> secrets
        = SecretFields::literalSecrets(m_scenario->module(m_id).config);
    if (secrets.isEmpty())
        return;
    if (!m_secrets) {
        m_secretOfferText->setText(tr("There is no keychain to keep the secret in here."));
        return;
    }
    const LiteralSecret secret = secrets.first();
    const QString name = SecretFields::suggestName(secret, SecretFields::namesInUse(*m_scenario));
    const SecretFields::Replacement replacement = SecretFields::replacement(secret, name);
    const ModuleId id = m_id;
    m_keepSecret->setEnabled(false);
    const QPointer<Scenario> scenario = m_scenario;
    m_secrets->store(name, replacement.secretValue, this,
        [this, scenario, id, secret, name, replacement](bool remembered, const QString &why) {
            if (!scenario || !scenario->contains(id))
                return;
            HttpRequestSpec config = scenario->module(id).config;
            // The person may have changed the field while the keychain answered.
            const QList<LiteralSecret> now = SecretFields::literalSecrets(config);
            const bool unchanged
                = std::any_of(now.cbegin(), now.cend(), [&secret](const LiteralSecret &s) {
                      return s.place == secret.place && s.row == secret.row
                          && s.value == secret.value;
                  });
            if (!unchanged) {
                updateSecretOffer();
                return;
            }
            // The value was typed for this module's address: it may go there.
            const QUrl url(config.url.trimmed(), QUrl::StrictMode);
            if (m_secrets && !config.url.contains(QLatin1String("{{")) && url.isValid()
                && !url.host().isEmpty())
                m_secrets->allowOrigin(name, Origin::of(url));
            SecretFields::setFieldText(config, secret, replacement.fieldText);
            if (m_undoStack)
                m_undoStack->push(new EditModuleConfigCommand(scenario, id, config));
            else
                scenario->setModuleConfig(id, config);
            if (!remembered && m_id == id) {
                m_secretOfferText->setText(
                    tr("The secret is out of the file, but kept only until Scenarist closes: "
                       "%1")
                        .arg(why));
                m_secretOffer->show();
                m_keepSecret->setEnabled(false);
            }
        });
}

void ModuleEditor::edit(
    const QString &fieldKey, const std::function<void(HttpRequestSpec &)> &change)
{
    if (m_loading || !m_scenario || !m_undoStack || !m_id)
        return;
    const HttpRequestSpec old = m_scenario->module(m_id).config;
    HttpRequestSpec config = old;
    change(config);
    if (config == old)
        return;
    m_undoStack->push(new EditModuleConfigCommand(m_scenario, m_id, config, fieldKey));
}

QString ModuleEditor::urlWithScheme(const QString &url)
{
    const QString trimmed = url.trimmed();
    // A mapping may hold the scheme ({{sandbox.url}}/…), a path alone is no address.
    if (trimmed.isEmpty() || trimmed.contains(QLatin1String("://"))
        || trimmed.startsWith(QLatin1String("{{")) || trimmed.startsWith(QLatin1Char('/'))
        || trimmed.contains(QLatin1Char(' ')))
        return QString();
    return QStringLiteral("https://") + trimmed;
}

void ModuleEditor::updateUrlSchemeHint()
{
    const QString fixed = m_id && m_scenario ? urlWithScheme(m_url->text()) : QString();
    if (!fixed.isEmpty()) {
        m_urlSchemeHint->setText(tr("The address needs http:// or https://. Use %1")
                                     .arg(fontMetrics().elidedText(fixed, Qt::ElideMiddle, 260)));
        m_urlSchemeHint->setToolTip(tr("Click to change the address to %1").arg(fixed));
    }
    m_urlSchemeHint->setVisible(!fixed.isEmpty());
}

void ModuleEditor::rename()
{
    if (m_loading || !m_scenario || !m_undoStack || !m_id)
        return;
    const QString label = m_label->text().trimmed();
    if (label == m_scenario->module(m_id).label)
        return;
    m_undoStack->push(new RenameModuleCommand(m_scenario, m_id, label));
}

QStringList ModuleEditor::brokenReferences(const Scenario &scenario, ModuleId id)
{
    QStringList problems;
    const Module *module = scenario.findModule(id);
    if (!module)
        return problems;
    const QList<ModuleId> before = scenario.modulesBefore(id);
    QSet<ModuleId> existing;
    for (const Module &other : scenario.modules())
        existing.insert(other.id);
    QList<ModuleId> reported;
    QStringList declaredInputs;
    for (const ScenarioInput &input : scenario.inputs())
        declaredInputs.append(input.name);
    QStringList reportedInputs;
    for (const QString &text : mappableTexts(module->config)) {
        if (!text.contains(QLatin1String("{{")))
            continue;
        const FieldTemplate parsed = FieldTemplate::parse(text);
        for (const ModuleReference &reference : parsed.references()) {
            const ModuleId target = reference.moduleId;
            if (reported.contains(target))
                continue;
            const QString problem = ModuleReferenceCheck::problem(target, id, existing, before);
            if (!problem.isEmpty()) {
                reported.append(target);
                problems.append(problem);
            }
        }
        // A renamed or removed scenario input leaves {{var.input.OLD}} behind.
        for (const QString &name : parsed.namedRootReferences(QStringLiteral("var.input"))) {
            const QString problem = ModuleReferenceCheck::inputProblem(name, declaredInputs);
            if (!problem.isEmpty() && !reportedInputs.contains(name)) {
                reportedInputs.append(name);
                problems.append(problem);
            }
        }
    }
    return problems;
}
