// ModuleEditor: every field of a module as a form; each edit is an undo step (typing in one
// field is one step), undo updates the form, and broken references are reported.

#include "core/kinds/KindRegistry.h"
#include "core/model/Scenario.h"
#include "ui/editor/KeyValueTable.h"
#include "ui/editor/ModuleEditor.h"
#include "ui/kinds/KindForm.h"
#include "ui/kinds/KindSettingsPage.h"
#include "ui/mapping/MappingField.h"
#include "ui/mapping/MappingPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTest>
#include <QToolButton>
#include <QUndoStack>

#include <memory>

class TestModuleEditor : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void showsTheModule();
    void otherKindsShowTheirOwnFormInsteadOfARequestForm();
    void editingUrlChangesTheScenario();
    void typingIsOneUndoStep();
    void urlWithoutSchemeOffersHttps();
    void undoRestoresTheForm();
    void cursorStaysWhileTyping();
    void methodIsAnUndoStep();
    void bodyTypeShowsItsForm_data();
    void bodyTypeShowsItsForm();
    void jsonNoteIgnoresMappings_data();
    void jsonNoteIgnoresMappings();
    void customContentType();
    void headersTable();
    void tabVisitsEveryRow();
    void multipartFileRow();
    void advancedIsFoldedAway();
    void advancedFieldsRoundTrip();
    void retryWhenBusyIsEditedAndUndone();
    void deletedModuleIsReported();
    void laterModuleIsReported();
    void removedModuleClearsTheForm();
    void render();

private:
    HttpRequestSpec config() const { return m_scenario->module(2).config; }

    std::unique_ptr<QWidget> m_window;
    Scenario *m_scenario = nullptr;
    QUndoStack *m_stack = nullptr;
    ModuleEditor *m_editor = nullptr;
};

void TestModuleEditor::init()
{
    m_window = std::make_unique<QWidget>();
    m_scenario = new Scenario(m_window.get());
    m_stack = new QUndoStack(m_window.get());
    Module token;
    token.label = QStringLiteral("Get token");
    token.config.method = QStringLiteral("POST");
    token.config.url = QStringLiteral("{{sandbox.url}}/oauth/token");
    Module api;
    api.label = QStringLiteral("Who am I");
    m_scenario->addModule(token);
    m_scenario->addModule(api);
    m_scenario->link(1, 2);

    m_editor = new ModuleEditor(m_window.get());
    m_editor->setScenario(m_scenario, m_stack);
    m_editor->setModule(2);
    auto *layout = new QHBoxLayout(m_window.get());
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_editor);
    m_window->resize(420, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

void TestModuleEditor::cleanup()
{
    m_window.reset();
}

void TestModuleEditor::otherKindsShowTheirOwnFormInsteadOfARequestForm()
{
    Module iterator;
    iterator.type = QStringLiteral("flow.iterator");
    iterator.label = QStringLiteral("Each item");
    iterator.settings = KindRegistry::find(iterator.type)->makeDefault();
    const ModuleId id = m_scenario->addModule(iterator);
    m_editor->setModule(id);
    QVERIFY(!m_editor->labelEdit()->isVisible()); // no request form for an iterator
    const QList<QLabel *> labels = m_editor->findChildren<QLabel *>();
    const auto says = [&](const QString &words) {
        for (QLabel *label : labels) {
            if (label->isVisible() && label->text().contains(words))
                return true;
        }
        return false;
    };
    // Its own form, with its kind, its name and its list to go through.
    QVERIFY(m_editor->kindPage() && m_editor->kindPage()->isVisible());
    QVERIFY(says(QStringLiteral("Iterator")));
    QCOMPARE(m_editor->kindPage()->labelEdit()->text(), QStringLiteral("Each item"));
    QVERIFY(m_editor->kindPage()->form()->findChild<MappingField *>(QStringLiteral("array")));
    // A request still gets its form.
    m_editor->setModule(2);
    QVERIFY(m_editor->labelEdit()->isVisible());
    QVERIFY(!m_editor->kindPage()->isVisible());
}

void TestModuleEditor::showsTheModule()
{
    QCOMPARE(m_editor->module(), 2);
    QCOMPARE(m_editor->labelEdit()->text(), QStringLiteral("Who am I"));
    QCOMPARE(m_editor->methodCombo()->currentText(), QStringLiteral("GET"));
    m_editor->setModule(1);
    QCOMPARE(m_editor->urlField()->text(), QStringLiteral("{{sandbox.url}}/oauth/token"));
    QCOMPARE(m_editor->methodCombo()->currentText(), QStringLiteral("POST"));
    QVERIFY(!m_editor->urlField()->hasProblems());
}

void TestModuleEditor::editingUrlChangesTheScenario()
{
    m_editor->urlField()->setFocus();
    QTest::keyClicks(m_editor->urlField(), QStringLiteral("https://api.example.com/me"));
    QCOMPARE(config().url, QStringLiteral("https://api.example.com/me"));
}

void TestModuleEditor::urlWithoutSchemeOffersHttps()
{
    QPushButton *hint = m_editor->urlSchemeHint();
    QVERIFY(!hint->isVisible());
    m_editor->urlField()->setFocus();
    QTest::keyClicks(m_editor->urlField(), QStringLiteral("api.example.com/items"));
    QVERIFY(hint->isVisible());
    QVERIFY(hint->text().contains(QStringLiteral("https://api.example.com/items")));
    const int steps = m_stack->count();

    QTest::mouseClick(hint, Qt::LeftButton);
    QCOMPARE(config().url, QStringLiteral("https://api.example.com/items"));
    QCOMPARE(m_editor->urlField()->text(), QStringLiteral("https://api.example.com/items"));
    QVERIFY(!hint->isVisible());
    QCOMPARE(m_stack->count(), steps + 1); // one undo step of its own
    m_stack->undo();
    QCOMPARE(config().url, QStringLiteral("api.example.com/items"));
    QVERIFY(hint->isVisible());

    // No offer where the scheme is there or comes from a mapping.
    QCOMPARE(ModuleEditor::urlWithScheme(QStringLiteral("http://x.org")), QString());
    QCOMPARE(ModuleEditor::urlWithScheme(QStringLiteral("{{sandbox.url}}/api/me")), QString());
    QCOMPARE(ModuleEditor::urlWithScheme(QString()), QString());
    QCOMPARE(ModuleEditor::urlWithScheme(QStringLiteral(" localhost:8080/a ")),
        QStringLiteral("https://localhost:8080/a"));
}

void TestModuleEditor::typingIsOneUndoStep()
{
    m_editor->urlField()->setFocus();
    QTest::keyClicks(m_editor->urlField(), QStringLiteral("abcde"));
    QCOMPARE(config().url, QStringLiteral("abcde"));
    QCOMPARE(m_stack->count(), 1);
    m_stack->undo();
    QCOMPARE(config().url, QString());
    QCOMPARE(m_editor->urlField()->text(), QString());
}

void TestModuleEditor::undoRestoresTheForm()
{
    m_editor->urlField()->setFocus();
    QTest::keyClicks(m_editor->urlField(), QStringLiteral("https://x"));
    m_editor->timeoutSpin()->setValue(90);
    m_editor->bodyTypeCombo()->setCurrentIndex(1);
    QCOMPARE(m_stack->count(), 3);
    m_stack->undo();
    QCOMPARE(m_editor->currentBodyForm()->isVisible(), false);
    m_stack->undo();
    QCOMPARE(m_editor->timeoutSpin()->value(), 40);
    m_stack->undo();
    QCOMPARE(m_editor->urlField()->text(), QString());
    m_stack->redo();
    QCOMPARE(m_editor->urlField()->text(), QStringLiteral("https://x"));
}

void TestModuleEditor::cursorStaysWhileTyping()
{
    MappingField *url = m_editor->urlField();
    url->setFocus();
    QTest::keyClicks(url, QStringLiteral("https://example.com/items"));
    QTextCursor cursor = url->textCursor();
    cursor.setPosition(8); // after https://
    url->setTextCursor(cursor);
    QTest::keyClicks(url, QStringLiteral("api."));
    QCOMPARE(config().url, QStringLiteral("https://api.example.com/items"));
    QCOMPARE(url->textCursor().position(), 12);
}

void TestModuleEditor::methodIsAnUndoStep()
{
    m_editor->methodCombo()->setCurrentText(QStringLiteral("DELETE"));
    QCOMPARE(config().method, QStringLiteral("DELETE"));
    m_stack->undo();
    QCOMPARE(m_editor->methodCombo()->currentText(), QStringLiteral("GET"));
}

void TestModuleEditor::bodyTypeShowsItsForm_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("form");
    QTest::addColumn<QString>("words");
    QTest::addColumn<QString>("tooltip");
    QTest::newRow("raw") << 1 << int(BodyType::Raw) << QStringLiteral("raw")
                         << "Raw (JSON, text, XML)"
                         << "application/json";
    QTest::newRow("urlencoded") << 2 << int(BodyType::UrlEncoded) << QStringLiteral("urlencoded")
                                << "Form fields"
                                << "application/x-www-form-urlencoded";
    QTest::newRow("multipart") << 3 << int(BodyType::Multipart) << QStringLiteral("multipart")
                               << "Form with files"
                               << "multipart/form-data";
    QTest::newRow("none") << 0 << int(BodyType::None) << QString() << "None"
                          << "No body";
}

void TestModuleEditor::bodyTypeShowsItsForm()
{
    QFETCH(int, index);
    QFETCH(int, type);
    QFETCH(QString, form);
    QFETCH(QString, words);
    QFETCH(QString, tooltip);
    if (index == 0)
        m_editor->bodyTypeCombo()->setCurrentIndex(1); // from something to nothing
    m_editor->bodyTypeCombo()->setCurrentIndex(index);
    // Plain words in the list, the MIME type in the item's tooltip.
    QCOMPARE(m_editor->bodyTypeCombo()->currentText(), words);
    QVERIFY(
        m_editor->bodyTypeCombo()->itemData(index, Qt::ToolTipRole).toString().contains(tooltip));
    QCOMPARE(int(config().bodyType), type);
    QWidget *expected = nullptr;
    if (form == QLatin1String("raw"))
        expected = m_editor->rawForm();
    else if (form == QLatin1String("urlencoded"))
        expected = m_editor->urlEncodedTable();
    else if (form == QLatin1String("multipart"))
        expected = m_editor->multipartTable();
    for (QWidget *page : {m_editor->rawForm(), static_cast<QWidget *>(m_editor->urlEncodedTable()),
             static_cast<QWidget *>(m_editor->multipartTable())})
        QCOMPARE(page->isVisible(), page == expected);
}

void TestModuleEditor::jsonNoteIgnoresMappings_data()
{
    QTest::addColumn<QString>("content");
    QTest::addColumn<QString>("note");
    QTest::newRow("valid") << QStringLiteral("{\"grant_type\": \"client_credentials\"}")
                           << QString();
    QTest::newRow("mapping as value")
        << QStringLiteral("{\"n\": {{1.data.expires_in}}}") << QString();
    QTest::newRow("mapping in text")
        << QStringLiteral("{\"t\": \"Bearer {{1.data.access_token}}\",\n \"l\": [{{1.data}}]}")
        << QString();
    QTest::newRow("missing comma")
        << QStringLiteral("{\"a\": {{1.data.x}}\n \"b\": 2}")
        << QStringLiteral("This JSON is not valid: a } is missing at the end of a group, or a "
                          "comma between two values (line 2, column 3).");
    QTest::newRow("unquoted text")
        << QStringLiteral("{\"a\": hello}")
        << QStringLiteral("This JSON is not valid: there is a value JSON does not understand "
                          "(text must be in double quotes, and there must be no comma before a "
                          "} or ]) (line 1, column 7).");
    QTest::newRow("trailing comma")
        << QStringLiteral("[1, 2,]")
        << QStringLiteral("This JSON is not valid: a value is missing, for example after a "
                          "comma (line 1, column 8).");
    QTest::newRow("empty") << QString() << QString();
}

void TestModuleEditor::jsonNoteIgnoresMappings()
{
    QFETCH(QString, content);
    QFETCH(QString, note);
    m_editor->bodyTypeCombo()->setCurrentIndex(1);
    QCOMPARE(
        m_editor->contentTypeCombo()->currentData().toString(), QStringLiteral("application/json"));
    m_editor->rawContentField()->setFocus();
    m_editor->rawContentField()->insertAtCursor(content);
    QCOMPARE(config().rawContent, content);
    QCOMPARE(m_editor->jsonNote()->isVisible(), !note.isEmpty());
    if (!note.isEmpty())
        QCOMPARE(m_editor->jsonNote()->text(), note);
    // Text/plain content is never checked as JSON.
    m_editor->contentTypeCombo()->setCurrentIndex(1);
    QCOMPARE(config().rawContentType, QStringLiteral("text/plain"));
    QVERIFY(!m_editor->jsonNote()->isVisible());
}

void TestModuleEditor::customContentType()
{
    m_editor->bodyTypeCombo()->setCurrentIndex(1);
    QVERIFY(!m_editor->customContentTypeEdit()->isVisible());
    m_editor->contentTypeCombo()->setCurrentIndex(m_editor->contentTypeCombo()->count() - 1);
    QVERIFY(m_editor->customContentTypeEdit()->isVisible());
    QTest::keyClicks(m_editor->customContentTypeEdit(), QStringLiteral("application/ld+json"));
    QCOMPARE(config().rawContentType, QStringLiteral("application/ld+json"));
    m_editor->setModule(1);
    m_editor->setModule(2);
    QCOMPARE(m_editor->contentTypeCombo()->currentText(), QStringLiteral("Custom"));
    QCOMPARE(m_editor->customContentTypeEdit()->text(), QStringLiteral("application/ld+json"));
}

void TestModuleEditor::headersTable()
{
    KeyValueTable *headers = m_editor->headersTable();
    QTest::mouseClick(headers->addButton(), Qt::LeftButton);
    QCOMPARE(config().headers.size(), 1);
    QVERIFY(headers->nameField(0)->hasFocus()); // ready for typing
    QTest::keyClicks(headers->nameField(0), QStringLiteral("Authorization"));
    QTest::keyClicks(headers->valueField(0), QStringLiteral("Bearer x"));
    QCOMPARE(config().headers.constFirst(),
        (NameValue {QStringLiteral("Authorization"), QStringLiteral("Bearer x")}));
    QCOMPARE(m_stack->count(), 2); // adding the row, then the typing
    QTest::mouseClick(headers->addButton(), Qt::LeftButton);
    QTest::keyClicks(headers->nameField(1), QStringLiteral("Accept"));
    headers->moveRow(1, 0);
    QCOMPARE(config().headers.at(0).name, QStringLiteral("Accept"));
    QCOMPARE(headers->nameField(0)->text(), QStringLiteral("Accept"));
    headers->removeRow(0);
    QCOMPARE(config().headers.size(), 1);
    m_stack->undo();
    QCOMPARE(headers->rowCount(), 2);
    QCOMPARE(headers->nameField(0)->text(), QStringLiteral("Accept"));
}

void TestModuleEditor::tabVisitsEveryRow()
{
    HttpRequestSpec c = config();
    c.headers = {{QStringLiteral("Accept"), QStringLiteral("a")},
        {QStringLiteral("Authorization"), QStringLiteral("b")}};
    c.query = {{QStringLiteral("page"), QStringLiteral("1")}};
    c.bodyType = BodyType::UrlEncoded;
    c.urlEncodedFields = {{QStringLiteral("grant_type"), QStringLiteral("x")},
        {QStringLiteral("scope"), QStringLiteral("y")}};
    m_scenario->setModuleConfig(2, c);
    QCOMPARE(m_editor->headersTable()->rowCount(), 2);

    // From Method, Tab goes through every row of headers, query and form fields, in order.
    m_editor->methodCombo()->setFocus();
    QTRY_VERIFY(m_editor->methodCombo()->hasFocus());
    QList<QWidget *> visited;
    for (int i = 0; i < 80; ++i) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        visited << QApplication::focusWidget();
    }
    QList<QWidget *> expected;
    for (KeyValueTable *table :
        {m_editor->headersTable(), m_editor->queryTable(), m_editor->urlEncodedTable()}) {
        for (int row = 0; row < table->rowCount(); ++row)
            expected << table->nameField(row) << table->valueField(row);
    }
    // All in the first round, before Tab comes back to the Method.
    const int round = visited.indexOf(m_editor->methodCombo());
    QVERIFY(round > 0);
    int last = -1;
    for (QWidget *field : expected) {
        const int at = visited.indexOf(field);
        QVERIFY2(at >= 0 && at < round, qPrintable(static_cast<MappingField *>(field)->text()));
        QVERIFY2(at > last, qPrintable(static_cast<MappingField *>(field)->text()));
        last = at;
    }
}

void TestModuleEditor::multipartFileRow()
{
    m_editor->bodyTypeCombo()->setCurrentIndex(3);
    KeyValueTable *table = m_editor->multipartTable();
    QTest::mouseClick(table->addButton(), Qt::LeftButton);
    QTest::keyClicks(table->nameField(0), QStringLiteral("upload"));
    auto *type = table->findChild<QComboBox *>();
    QVERIFY(type);
    type->setCurrentIndex(1); // File
    QVERIFY(!table->valueField(0)->isVisible());
    auto *path = table->findChild<QLineEdit *>(QStringLiteral("file"));
    QVERIFY(path);
    QVERIFY(path->isVisible());
    QTest::keyClicks(path, QStringLiteral("/tmp/report.pdf"));
    QCOMPARE(config().multipartFields.size(), 1);
    QCOMPARE(config().multipartFields.constFirst().name, QStringLiteral("upload"));
    QCOMPARE(config().multipartFields.constFirst().file, QStringLiteral("/tmp/report.pdf"));
    QVERIFY(config().multipartFields.constFirst().isFile());
}

void TestModuleEditor::advancedIsFoldedAway()
{
    QVERIFY(!m_editor->advancedSection()->isVisible());
    QTest::mouseClick(m_editor->advancedToggle(), Qt::LeftButton);
    QVERIFY(m_editor->advancedSection()->isVisible());
    QCOMPARE(m_editor->passwordEdit()->echoMode(), QLineEdit::Password);
    QCOMPARE(m_editor->timeoutSpin()->minimum(), 1);
    QCOMPARE(m_editor->timeoutSpin()->maximum(), 300);
}

void TestModuleEditor::retryWhenBusyIsEditedAndUndone()
{
    QTest::mouseClick(m_editor->advancedToggle(), Qt::LeftButton);
    QCheckBox *retry = m_editor->retryWhenBusyCheck();
    QVERIFY(retry->isVisible());
    QVERIFY(!retry->isChecked());
    // The numbers mean nothing until retrying is on.
    QVERIFY(!m_editor->retryTriesSpin()->isEnabled());
    QCOMPARE(m_editor->retryTriesSpin()->text(), QStringLiteral("up to 5 tries"));
    QCOMPARE(m_editor->retryWaitSpin()->text(), QStringLiteral("wait at most 60 seconds"));
    retry->click();
    QVERIFY(m_editor->retryTriesSpin()->isEnabled());
    m_editor->retryTriesSpin()->setValue(3);
    m_editor->retryWaitSpin()->setValue(10);
    QCOMPARE(config().retryWhenBusy, true);
    QCOMPARE(config().retryMaxTries, 3);
    QCOMPARE(config().retryMaxWaitSeconds, 10);
    QCOMPARE(m_stack->count(), 3);
    m_stack->undo();
    QCOMPARE(m_editor->retryWaitSpin()->value(), 60);
    m_stack->undo();
    QCOMPARE(m_editor->retryTriesSpin()->value(), 5);
    m_stack->undo();
    QVERIFY(!retry->isChecked());
    QVERIFY(!m_editor->retryTriesSpin()->isEnabled());
    QCOMPARE(config().retryWhenBusy, false);
}

void TestModuleEditor::advancedFieldsRoundTrip()
{
    QTest::mouseClick(m_editor->advancedToggle(), Qt::LeftButton);
    QTest::keyClicks(m_editor->usernameField(), QStringLiteral("demo-client"));
    QTest::keyClicks(m_editor->passwordEdit(), QStringLiteral("demo-secret"));
    m_editor->timeoutSpin()->setValue(120);
    m_editor->parseResponseCheck()->click();
    m_editor->followRedirectsCheck()->click();
    QVERIFY(!m_editor->followAllRedirectsCheck()->isEnabled());
    m_editor->followRedirectsCheck()->click();
    m_editor->followAllRedirectsCheck()->click();
    m_editor->shareCookiesCheck()->click();
    m_editor->errorOnStatusCheck()->click();
    m_editor->rejectUnverifiedCheck()->click();
    m_editor->caCertificateEdit()->setPlainText(QStringLiteral("/etc/ssl/my-ca.pem"));
    m_editor->requestCompressedCheck()->click();

    HttpRequestSpec c = config();
    QCOMPARE(c.username, QStringLiteral("demo-client"));
    QCOMPARE(c.password, QStringLiteral("demo-secret"));
    QCOMPARE(c.timeoutSeconds, 120);
    QCOMPARE(c.parseResponse, false);
    QCOMPARE(c.followRedirects, true);
    QCOMPARE(c.followAllRedirects, true);
    QCOMPARE(c.shareCookies, true);
    QCOMPARE(c.errorOnHttpStatus, false);
    QCOMPARE(c.rejectUnverifiedCertificates, false);
    QCOMPARE(c.caCertificate, QStringLiteral("/etc/ssl/my-ca.pem"));
    QCOMPARE(c.requestCompressed, false);

    // And back: a module loaded with settings shows them.
    m_editor->setModule(1);
    QCOMPARE(m_editor->usernameField()->text(), QString());
    m_editor->setModule(2);
    QCOMPARE(m_editor->usernameField()->text(), QStringLiteral("demo-client"));
    QCOMPARE(m_editor->passwordEdit()->text(), QStringLiteral("demo-secret"));
    QCOMPARE(m_editor->timeoutSpin()->value(), 120);
    QVERIFY(!m_editor->parseResponseCheck()->isChecked());
    QVERIFY(m_editor->followAllRedirectsCheck()->isChecked());
    QVERIFY(m_editor->shareCookiesCheck()->isChecked());
    QVERIFY(!m_editor->errorOnStatusCheck()->isChecked());
    QVERIFY(!m_editor->rejectUnverifiedCheck()->isChecked());
    QCOMPARE(m_editor->caCertificateEdit()->toPlainText(), QStringLiteral("/etc/ssl/my-ca.pem"));
    QVERIFY(!m_editor->requestCompressedCheck()->isChecked());
}

void TestModuleEditor::deletedModuleIsReported()
{
    HttpRequestSpec c = config();
    c.headers = {{QStringLiteral("Authorization"),
        QStringLiteral("{{1.data.token_type}} {{1.data.access_token}}")}};
    m_scenario->setModuleConfig(2, c);
    QVERIFY(ModuleEditor::brokenReferences(*m_scenario, 2).isEmpty());
    QVERIFY(!m_editor->problemBanner()->isVisible());
    QVERIFY(!m_editor->headersTable()->valueField(0)->hasBrokenReference());

    m_scenario->removeModule(1);
    const QStringList problems = ModuleEditor::brokenReferences(*m_scenario, 2);
    QCOMPARE(problems,
        QStringList {QStringLiteral("Module 1 was deleted, so there is nothing to take from it. "
                                    "Remove this mapping or pick another value.")});
    QVERIFY(ModuleEditor::hasBrokenReferences(*m_scenario, 2));
    QVERIFY(m_editor->problemBanner()->isVisible());
    QVERIFY(m_editor->problemBanner()->text().contains(problems.constFirst()));
    QVERIFY(m_editor->headersTable()->valueField(0)->hasBrokenReference());
}

void TestModuleEditor::laterModuleIsReported()
{
    Module later;
    m_scenario->addModule(later);
    m_scenario->link(2, 3);
    m_editor->urlField()->insertAtCursor(QStringLiteral("{{3.data.next}}"));
    QCOMPARE(ModuleEditor::brokenReferences(*m_scenario, 2),
        QStringList {
            QStringLiteral("Module 3 runs after this one, so its output is not available here.")});
    // The field's underline says the same words as the banner.
    QCOMPARE(m_editor->urlField()->problems(), ModuleEditor::brokenReferences(*m_scenario, 2));
    QVERIFY(m_editor->problemBanner()->isVisible());
    QVERIFY(m_editor->urlField()->hasBrokenReference());
    // Reordered so that 3 runs first: all is well again.
    m_scenario->unlink(2, 3);
    m_scenario->unlink(1, 2);
    m_scenario->link(3, 1);
    m_scenario->link(1, 2);
    QVERIFY(ModuleEditor::brokenReferences(*m_scenario, 2).isEmpty());
    QVERIFY(!m_editor->urlField()->hasBrokenReference());
    QVERIFY(!m_editor->problemBanner()->isVisible());
}

void TestModuleEditor::removedModuleClearsTheForm()
{
    m_scenario->removeModule(2);
    QCOMPARE(m_editor->module(), 0);
    QVERIFY(!m_editor->urlField()->isVisible());
}

void TestModuleEditor::render()
{
    // The journey's second module, with the panel beside it, for a person to look at.
    HttpRequestSpec c = config();
    c.url = QStringLiteral("{{sandbox.url}}/api/me");
    c.headers = {{QStringLiteral("Authorization"),
                     QStringLiteral("{{1.data.token_type}} {{1.data.access_token}}")},
        {QStringLiteral("X-Trace"), QStringLiteral("{{lower(4.data.id)}}")}};
    c.query = {{QStringLiteral("page"), QStringLiteral("1")}};
    c.bodyType = BodyType::Raw;
    c.rawContent = QStringLiteral("{\n  \"token\": \"{{1.data.access_token}}\",\n  \"ttl\": "
                                  "{{1.data.expires_in}}\n  \"scope\": \"read\"\n}");
    m_scenario->setModuleConfig(2, c);

    auto *panel = new MappingPanel(m_window.get());
    panel->setScenario(m_scenario);
    panel->setModuleOutput(1, QStringLiteral("Get token"),
        QJsonObject {{QStringLiteral("statusCode"), 200},
            {QStringLiteral("headers"),
                QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("Content-Type")},
                    {QStringLiteral("value"), QStringLiteral("application/json")}}}},
            {QStringLiteral("cookies"), QJsonArray()},
            {QStringLiteral("data"),
                QJsonObject {{QStringLiteral("access_token"), QStringLiteral("f3a9c2e1")},
                    {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                    {QStringLiteral("expires_in"), 3600},
                    {QStringLiteral("scope"), QStringLiteral("read")}}}});
    m_window->layout()->addWidget(panel);
    m_window->resize(860, 1000);
    m_editor->headersTable()->valueField(0)->setFocus();
    QTRY_COMPARE(panel->targetField(), m_editor->headersTable()->valueField(0));
    QTest::qWait(50);
    const QString path
        = QDir(QStringLiteral(SCENARIST_BINARY_DIR)).filePath(QStringLiteral("moduleeditor.png"));
    QVERIFY(m_window->grab().save(path));

    QTest::mouseClick(m_editor->advancedToggle(), Qt::LeftButton);
    m_editor->bodyTypeCombo()->setCurrentIndex(3);
    QTest::mouseClick(m_editor->multipartTable()->addButton(), Qt::LeftButton);
    // Narrow, as a side panel often is: nothing may be cut off on the right.
    m_window->layout()->removeWidget(panel);
    panel->hide();
    m_window->resize(380, 1900);
    QTest::qWait(50);
    QWidget *form = m_editor->urlField()->window() == m_window.get()
        ? m_editor->findChild<QScrollArea *>()->widget()
        : nullptr;
    QVERIFY(form);
    QVERIFY2(form->width() <= m_editor->width(), qPrintable(QString::number(form->width())));
    QVERIFY(m_editor->grab().save(QDir(QStringLiteral(SCENARIST_BINARY_DIR))
                                      .filePath(QStringLiteral("moduleeditor-advanced.png"))));
}

QTEST_MAIN(TestModuleEditor)
#include "tst_moduleeditor.moc"
