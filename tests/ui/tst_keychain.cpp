#include "core/io/ScenarioFile.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "core/sandbox/SandboxServer.h"
#include "ui/connections/KeychainSecretProvider.h"

#include <QJsonObject>
#include <QSignalSpy>
#include <QUuid>
#include <QWidget>
#include <QtTest>

/// Secrets in a real OS keychain through QtKeychain. ctest runs this test through
/// tests/support/with-keyring.sh: a private D-Bus session with an unlocked gnome-keyring.
/// It skips only when that keyring could not be started.
class TestKeychain : public QObject
{
    Q_OBJECT

private:
    SandboxServer m_sandbox;
    QString m_name; ///< a secret name of this test run only

    static std::optional<bool> store(
        KeychainSecretProvider &provider, const QString &name, const QString &value, QString *why)
    {
        std::optional<bool> remembered;
        provider.store(name, value, &provider, [&](bool ok, const QString &reason) {
            remembered = ok;
            *why = reason;
        });
        // No answer in time leaves nullopt, which the caller checks.
        (void)QTest::qWaitFor([&] { return remembered.has_value(); }, 20000);
        return remembered;
    }
    static std::optional<std::optional<QString>> peek(
        KeychainSecretProvider &provider, const QString &name)
    {
        std::optional<std::optional<QString>> answer;
        provider.peek(
            name, &provider, [&](const std::optional<QString> &value) { answer = value; });
        // No answer in time leaves nullopt, which the caller checks.
        (void)QTest::qWaitFor([&] { return answer.has_value(); }, 20000);
        return answer;
    }
    bool runExample(KeychainSecretProvider &provider, ScenarioRunner &runner)
    {
        QString error;
        const auto document
            = ScenarioFile::load(QStringLiteral(SCENARIST_SOURCE_DIR
                                     "/resources/examples/oauth2-connection.scenario.json"),
                &error);
        if (!document)
            return false;
        Scenario scenario;
        document->applyTo(scenario);
        // The example's secret is client_secret; this test's own name keeps the user's alone.
        QList<Connection> connections = scenario.connections();
        connections.first().clientSecret = QStringLiteral("{{secrets.%1}}").arg(m_name);
        scenario.setConnections(connections);
        runner.setNamedRoot(QStringLiteral("sandbox"),
            QJsonObject {{QStringLiteral("url"), m_sandbox.baseUrl().toString()}});
        runner.setSecretProvider(&provider);
        QSignalSpy finished(&runner, &ScenarioRunner::runFinished);
        runner.runAll(scenario);
        return finished.wait(30000) && finished.first().first().toBool();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_sandbox.start(0));
        m_name = QStringLiteral("scenarist_test_%1")
                     .arg(QUuid::createUuid().toString(QUuid::Id128).left(12));
        KeychainSecretProvider probe;
        QString why;
        const std::optional<bool> remembered = store(probe, m_name, QStringLiteral("probe"), &why);
        QVERIFY2(remembered.has_value(), "the keychain did not answer at all");
        if (!*remembered) {
            if (qEnvironmentVariableIsSet("SCENARIST_KEYRING_STARTED"))
                QFAIL(qPrintable(
                    QStringLiteral("gnome-keyring runs, but storing failed: %1").arg(why)));
            QSKIP(qPrintable(QStringLiteral("No keychain could be started here (%1); run this "
                                            "test through ctest, which starts gnome-keyring in "
                                            "a private D-Bus session.")
                                 .arg(why)));
        }
    }

    void valueSurvivesTheProvider()
    {
        QWidget window; // a dialog parent: the test fails if the app asks instead of reading
        {
            KeychainSecretProvider first;
            QString why;
            QCOMPARE(store(first, m_name, SandboxServer::demoClientSecret(), &why),
                std::optional<bool>(true));
            QVERIFY(!first.keychainUnavailable());
        }
        KeychainSecretProvider second;
        second.setDialogParent(&window);
        QSignalSpy prompted(&second, &KeychainSecretProvider::promptShown);
        QCOMPARE(peek(second, m_name),
            std::optional<std::optional<QString>>(SandboxServer::demoClientSecret()));

        ScenarioRunner runner;
        QVERIFY(runExample(second, runner));
        QCOMPARE(m_sandbox.tokensIssued(), 1);
        QCOMPARE(prompted.size(), 0);
    }

    void forgottenValueFailsTheModuleWithoutAsking()
    {
        QWidget window;
        KeychainSecretProvider provider;
        provider.setDialogParent(&window);
        bool forgotten = false;
        provider.forget(m_name, &provider, [&] { forgotten = true; });
        QTRY_VERIFY_WITH_TIMEOUT(forgotten, 20000);
        const auto afterForget = peek(provider, m_name);
        QVERIFY(afterForget.has_value()); // the keychain answered
        QVERIFY(!afterForget->has_value()); // with nothing

        QSignalSpy prompted(&provider, &KeychainSecretProvider::promptShown);
        ScenarioRunner runner;
        QVERIFY(!runExample(provider, runner));
        const QString error = runner.results().run(1).error;
        QVERIFY2(
            error.startsWith(QStringLiteral("The secret \u201c%1\u201d has no value.").arg(m_name)),
            qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("keychain")), qPrintable(error));
        QCOMPARE(prompted.size(), 0);
    }
};

QTEST_MAIN(TestKeychain)
#include "tst_keychain.moc"
