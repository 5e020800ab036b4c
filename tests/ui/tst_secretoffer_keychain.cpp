// A secret typed into a field: the settings panel offers "Keep it out of the file", which
// moves the value to the keychain and puts {{secrets.NAME}} in the field as one undo step;
// saving a file that still holds one says so in the status bar without stopping the save.
// Its name has "keychain" in it, so ctest runs it in a private keyring session.

#include "UiTestSupport.h"
#include "core/model/Scenario.h"
#include "ui/MainWindow.h"
#include "ui/connections/KeychainSecretProvider.h"
#include "ui/editor/ModuleEditor.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

class TestSecretOffer : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void offerMovesTheSecretOutOfTheFile();
    void noOfferForMappedValues();
    void savingWarnsWithoutBlocking();

private:
    QTemporaryDir m_dir;
};

void TestSecretOffer::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

void TestSecretOffer::offerMovesTheSecretOutOfTheFile()
{
    QWidget window;
    Scenario scenario;
    QUndoStack stack;
    Module api;
    api.config.url = QStringLiteral("https://api.example.com/me");
    api.config.headers = {{QStringLiteral("Accept"), QStringLiteral("*/*")}};
    scenario.addModule(api);
    auto *editor = new ModuleEditor(&window);
    editor->setScenario(&scenario, &stack);
    KeychainSecretProvider secrets;
    secrets.setKeychainTimeoutMs(500);
    editor->setSecretStore(&secrets);
    editor->setModule(1);
    auto *layout = new QHBoxLayout(&window);
    layout->addWidget(editor);
    window.resize(480, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(!editor->keepSecretButton()->isVisible());

    // As if typed: the header gets a token.
    HttpRequestSpec typed = scenario.module(1).config;
    typed.headers.append({QStringLiteral("Authorization"), QStringLiteral("Bearer abc123")});
    stack.push(new QUndoCommand); // something before, so that one step is visible
    scenario.setModuleConfig(1, typed);
    QVERIFY(editor->keepSecretButton()->isVisible());
    QVERIFY(editor->secretOfferText()->text().contains(
        QStringLiteral("The header \u201cAuthorization\u201d holds a secret")));
    const int before = stack.count();

    QTest::mouseClick(editor->keepSecretButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(scenario.module(1).config.headers.at(1).value,
        QStringLiteral("Bearer {{secrets.authorization}}"), 5000);
    QCOMPARE(scenario.module(1).config.headers.at(0).value, QStringLiteral("*/*"));
    QCOMPARE(stack.count(), before + 1);
    // The value is kept (in the keychain, or for this session where there is none).
    std::optional<QString> value;
    bool answered = false;
    secrets.peek(QStringLiteral("authorization"), this, [&](const std::optional<QString> &v) {
        value = v;
        answered = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(answered, 5000);
    QCOMPARE(value.value_or(QString()), QStringLiteral("abc123"));
    QTRY_VERIFY(
        !editor->keepSecretButton()->isEnabled() || !editor->keepSecretButton()->isVisible());

    // One undo step brings the typed text back, and the offer with it.
    stack.undo();
    QCOMPARE(scenario.module(1).config.headers.at(1).value, QStringLiteral("Bearer abc123"));
    QVERIFY(editor->keepSecretButton()->isVisible());
    QVERIFY(editor->keepSecretButton()->isEnabled());

    bool forgotten = false;
    secrets.forget(QStringLiteral("authorization"), this, [&] { forgotten = true; });
    QTRY_VERIFY_WITH_TIMEOUT(forgotten, 5000);
}

void TestSecretOffer::noOfferForMappedValues()
{
    Scenario scenario;
    QUndoStack stack;
    Module api;
    api.config.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer {{1.data.t}}")},
        {QStringLiteral("X-API-Key"), QStringLiteral("{{secrets.api_key}}")}};
    scenario.addModule(api);
    ModuleEditor editor;
    editor.setScenario(&scenario, &stack);
    editor.setModule(1);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    QVERIFY(!editor.keepSecretButton()->isVisible());
}

void TestSecretOffer::savingWarnsWithoutBlocking()
{
    MainWindow window(UiTestSupport::windowOptions(m_dir, 100));
    window.openExample();
    window.scenario()->removeModule(1); // its demo client secret is typed in, on purpose
    HttpRequestSpec config = window.scenario()->module(2).config;
    config.headers.append({QStringLiteral("X-API-Key"), QStringLiteral("k-123")});
    window.scenario()->setModuleConfig(2, config);
    const QString path = m_dir.filePath(QStringLiteral("with-secret.scenario.json"));
    QVERIFY(window.saveTo(path)); // saved, no dialog
    QVERIFY(QFile::exists(path));
    const QString message = window.statusBar()->currentMessage();
    QVERIFY2(
        message.contains(QStringLiteral("\u201cX-API-Key\u201d of module 2")), qPrintable(message));
    QVERIFY(message.contains(QStringLiteral("Keep it out of the file")));

    // Without one, the usual "Saved to".
    config.headers.removeLast();
    window.scenario()->setModuleConfig(2, config);
    QVERIFY(window.saveTo(path));
    QVERIFY(window.statusBar()->currentMessage().startsWith(QStringLiteral("Saved to")));
}

QTEST_MAIN(TestSecretOffer)
#include "tst_secretoffer_keychain.moc"
