#pragma once

#include "core/model/Module.h"

#include <QPointer>
#include <QWidget>

#include <functional>

class AuthenticationChooser;
class KeychainSecretProvider;
class KeyValueTable;
class KindSettingsPage;
class MappingField;
class PaginationSection;
class QCheckBox;
class QComboBox;
class QPushButton;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QScrollArea;
class QSpinBox;
class QStackedWidget;
class QToolButton;
class QUndoStack;
class Scenario;

/// The settings form of one HTTP "Make a request" module, in Make's order and words. Every
/// change becomes an EditModuleConfigCommand on the undo stack (typing in one field merges
/// into one step); the form follows the scenario when something else (undo) changes it.
class ModuleEditor : public QWidget
{
    Q_OBJECT
public:
    explicit ModuleEditor(QWidget *parent = nullptr);

    /// Edits go on `undoStack`, the session's; without one (null) the form edits nothing.
    void setScenario(Scenario *scenario, QUndoStack *undoStack);
    /// Shows this module's settings; 0 shows a short "select a module" note.
    void setModule(ModuleId id);
    ModuleId module() const { return m_id; }

    /// Plain-language problems of `id`'s references to other modules, e.g. "This module refers
    /// to module 3, which was deleted." Empty when every reference can work.
    static QStringList brokenReferences(const Scenario &scenario, ModuleId id);
    static bool hasBrokenReferences(const Scenario &scenario, ModuleId id)
    {
        return !brokenReferences(scenario, id).isEmpty();
    }

    // The form's parts, for tests and for the window to focus or inspect.
    QLineEdit *labelEdit() const { return m_label; }
    MappingField *urlField() const { return m_url; }
    /// Shown under the URL when it has no scheme; a click adds https://.
    QPushButton *urlSchemeHint() const { return m_urlSchemeHint; }
    /// "https://api.example.com" for "api.example.com"; empty when the address needs no
    /// scheme added (it has one, starts with a mapping, or is empty).
    static QString urlWithScheme(const QString &url);
    QComboBox *methodCombo() const { return m_method; }
    KeyValueTable *headersTable() const { return m_headers; }
    KeyValueTable *queryTable() const { return m_query; }
    QComboBox *bodyTypeCombo() const { return m_bodyType; }
    /// The sub-form shown for the body type: one of rawForm(), urlEncodedTable(),
    /// multipartTable(), or the empty page for "none".
    QWidget *currentBodyForm() const;
    QWidget *rawForm() const { return m_rawPage; }
    QComboBox *contentTypeCombo() const { return m_contentType; }
    QLineEdit *customContentTypeEdit() const { return m_customContentType; }
    MappingField *rawContentField() const { return m_rawContent; }
    /// The "This JSON is not valid…" note under the request content.
    QLabel *jsonNote() const { return m_jsonNote; }
    KeyValueTable *urlEncodedTable() const { return m_urlEncoded; }
    KeyValueTable *multipartTable() const { return m_multipart; }
    QCheckBox *parseResponseCheck() const { return m_parseResponse; }
    /// The Authentication choice: none, HTTP Basic or a connection.
    AuthenticationChooser *authenticationChooser() const { return m_authentication; }
    QToolButton *advancedToggle() const { return m_advancedToggle; }
    QWidget *advancedSection() const { return m_advanced; }
    MappingField *usernameField() const { return m_username; }
    QLineEdit *passwordEdit() const { return m_password; }
    QSpinBox *timeoutSpin() const { return m_timeout; }
    QCheckBox *followRedirectsCheck() const { return m_followRedirects; }
    QCheckBox *followAllRedirectsCheck() const { return m_followAllRedirects; }
    QCheckBox *shareCookiesCheck() const { return m_shareCookies; }
    QCheckBox *errorOnStatusCheck() const { return m_errorOnStatus; }
    QCheckBox *rejectUnverifiedCheck() const { return m_rejectUnverified; }
    QPlainTextEdit *caCertificateEdit() const { return m_caCertificate; }
    QCheckBox *requestCompressedCheck() const { return m_requestCompressed; }
    QCheckBox *retryWhenBusyCheck() const { return m_retryWhenBusy; }
    QSpinBox *retryTriesSpin() const { return m_retryTries; }
    QSpinBox *retryWaitSpin() const { return m_retryWait; }
    /// Pages of results (docs/pagination.md).
    PaginationSection *paginationSection() const { return m_pagination; }
    /// The red summary at the top ("This module refers to module 3, which was deleted.").
    QLabel *problemBanner() const { return m_banner; }
    /// Where "Keep it out of the file" stores a secret typed into a field (the app's keychain).
    void setSecretStore(KeychainSecretProvider *secrets);
    /// The line that offers to move a typed-in secret to the keychain, and its button.
    QLabel *secretOfferText() const { return m_secretOfferText; }
    QPushButton *keepSecretButton() const { return m_keepSecret; }
    /// Every mappable field of the form, for the mapping panel and tests.
    QList<MappingField *> mappingFields() const;
    /// The page shown instead of the request form for a module of a flow kind; null until
    /// the first such module is shown.
    KindSettingsPage *kindPage() const { return m_kindPage; }

private:
    QWidget *buildForm();
    QWidget *buildAdvanced();
    void loadForm();
    void updateScope();
    void updateBanner();
    void updateSecretOffer();
    /// Scrolls the form so that the field with the keyboard focus can be seen whole.
    void keepFocusInSight();
    void keepSecretOutOfFile();
    void updateJsonNote();
    void updateBodyPage();
    /// Applies `change` to a copy of the module's settings and pushes it as one command.
    void edit(const QString &fieldKey, const std::function<void(HttpRequestSpec &)> &change);
    void updateUrlSchemeHint();
    void rename();

signals:
    /// The person asked to manage connections (the Authentication choice's button).
    void manageConnectionsRequested();

private:
    QPointer<Scenario> m_scenario;
    QPointer<QUndoStack> m_undoStack;
    ModuleId m_id = 0;
    bool m_loading = false;

    QStackedWidget *m_pages;
    QLabel *m_placeholder;
    QScrollArea *m_scroll;
    KindSettingsPage *m_kindPage = nullptr;
    QLabel *m_title;
    QLabel *m_badge;
    QLabel *m_banner;
    QWidget *m_secretOffer;
    QLabel *m_secretOfferText;
    QPushButton *m_keepSecret;
    QPointer<KeychainSecretProvider> m_secrets;
    QLineEdit *m_label;
    MappingField *m_url;
    QPushButton *m_urlSchemeHint;
    QComboBox *m_method;
    KeyValueTable *m_headers;
    KeyValueTable *m_query;
    QComboBox *m_bodyType;
    QStackedWidget *m_bodyPages;
    QWidget *m_nonePage;
    QWidget *m_rawPage;
    QComboBox *m_contentType;
    QLineEdit *m_customContentType;
    QLabel *m_customContentTypeLabel;
    MappingField *m_rawContent;
    QLabel *m_jsonNote;
    KeyValueTable *m_urlEncoded;
    KeyValueTable *m_multipart;
    QCheckBox *m_parseResponse;
    AuthenticationChooser *m_authentication;
    PaginationSection *m_pagination;
    QToolButton *m_advancedToggle;
    QWidget *m_advanced;
    MappingField *m_username;
    QLineEdit *m_password;
    QToolButton *m_showPassword;
    QSpinBox *m_timeout;
    QCheckBox *m_followRedirects;
    QCheckBox *m_followAllRedirects;
    QCheckBox *m_shareCookies;
    QCheckBox *m_errorOnStatus;
    QCheckBox *m_rejectUnverified;
    QPlainTextEdit *m_caCertificate;
    QCheckBox *m_requestCompressed;
    QCheckBox *m_retryWhenBusy;
    QSpinBox *m_retryTries;
    QSpinBox *m_retryWait;
};
