#include "HeadlessProcess.h"
#include "TestHttpServer.h"
#include "core/io/ScenarioFile.h"
#include "core/trust/Origin.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

/// scenarist-run --keychain with a real Secret Service (a private D-Bus session with an
/// unlocked gnome-keyring, tests/support/with-keyring.sh): --set-secret stores a value bound
/// to its hosts; a run sends it there and nowhere else (docs/sharing-scenarios-safely.md).
class TestHeadlessKeychain : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    static constexpr auto Secret = "keychain-value-9000";

    QString scenarioFor(const QUrl &url, const QString &name)
    {
        ScenarioDocument document;
        Module module;
        module.id = 1;
        module.config.url = url.toString();
        module.config.headers
            = {{QStringLiteral("X-Api-Key"), QStringLiteral("{{secrets.kc_key}}")}};
        document.modules.append(module);
        const QString path = m_dir.filePath(name);
        QString error;
        if (!ScenarioFile::save(document, path, &error))
            qWarning("%s", qPrintable(error));
        return path;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void aStoredSecretGoesOnlyToItsHosts()
    {
        TestHttpServer bound;
        TestHttpServer other;
        QVERIFY(bound.listen());
        QVERIFY(other.listen());
        const HeadlessOutcome stored = runHeadless(
            {QStringLiteral("--set-secret"), QStringLiteral("kc_key"),
                QStringLiteral("--secret-hosts"), QStringLiteral("127.0.0.1:%1").arg(bound.port())},
            {}, QByteArray(Secret) + '\n');
        QVERIFY2(stored.exitCode == 0, stored.out + stored.err);
        QVERIFY(stored.out.contains(Origin::of(bound.url()).toUtf8()));

        HeadlessOutcome o = runHeadless({QStringLiteral("--keychain"),
            scenarioFor(bound.url(), QStringLiteral("ok.scenario.json"))});
        QVERIFY2(o.exitCode == 0, o.out + o.err);
        QVERIFY(bound.lastRequest().raw.contains(QByteArray("X-Api-Key: ") + Secret));
        QVERIFY(!o.out.contains(Secret));

        o = runHeadless({QStringLiteral("--keychain"),
            scenarioFor(other.url(), QStringLiteral("steal.scenario.json"))});
        QCOMPARE(o.exitCode, 1);
        // A bare host:port stands for both schemes.
        const QByteArray port = QByteArray::number(bound.port());
        QVERIFY2(o.out.contains("may be sent to https://127.0.0.1:" + port + ", http://127.0.0.1:"
                     + port + " only; this module sends it to " + Origin::of(other.url()).toUtf8()),
            o.out);
        QTest::qWait(50);
        QCOMPARE(other.requestCount(), 0);

        // Without --keychain the keychain is not asked at all.
        o = runHeadless({scenarioFor(bound.url(), QStringLiteral("plain.scenario.json"))});
        QCOMPARE(o.exitCode, 1);
        QVERIFY2(o.out.contains("has no value"), o.out);
    }
};

QTEST_GUILESS_MAIN(TestHeadlessKeychain)
#include "tst_headless_keychain.moc"
