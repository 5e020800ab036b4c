#include "core/run/SecretProvider.h"

#include <QTemporaryDir>
#include <QtTest>

/// Where scenarist-run finds secret values: SCENARIST_SECRET_<NAME> and --secrets FILE.
class TestSecretProvider : public QObject
{
    Q_OBJECT

private slots:
    void environmentVariableNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("variable");
        QTest::newRow("snake") << "client_secret"
                               << "SCENARIST_SECRET_CLIENT_SECRET";
        QTest::newRow("camel") << "apiKey"
                               << "SCENARIST_SECRET_APIKEY";
        QTest::newRow("dashes and dots") << "my-api.key"
                                         << "SCENARIST_SECRET_MY_API_KEY";
        QTest::newRow("digits") << "token2"
                                << "SCENARIST_SECRET_TOKEN2";
        QTest::newRow("accents") << "clé"
                                 << "SCENARIST_SECRET_CL_";
    }
    void environmentVariableNames()
    {
        QFETCH(QString, name);
        QFETCH(QString, variable);
        QCOMPARE(HeadlessSecretProvider::environmentVariable(name), variable);
    }

    void readsTheEnvironment()
    {
        QProcessEnvironment environment;
        environment.insert(
            QStringLiteral("SCENARIST_SECRET_CLIENT_SECRET"), QStringLiteral("from-env"));
        environment.insert(QStringLiteral("SCENARIST_SECRET_EMPTY"), QString());
        HeadlessSecretProvider provider(environment);
        QCOMPARE(provider.value(QStringLiteral("client_secret")), QStringLiteral("from-env"));
        QVERIFY(!provider.value(QStringLiteral("empty")));
        QVERIFY(!provider.value(QStringLiteral("other")));

        std::optional<QString> answered;
        bool called = false;
        provider.lookup(
            QStringLiteral("client_secret"), this, [&](const std::optional<QString> &value) {
                called = true;
                answered = value;
            });
        QVERIFY(called);
        QCOMPARE(answered, QStringLiteral("from-env"));
    }

    void readsASecretsFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("secrets.env"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("# secrets for the demo\n"
                   "\n"
                   "client_secret = demo-secret\r\n"
                   "api_key=\"with spaces \"\n"
                   "quoted='x=y'\n"
                   "  # indented comment\n"
                   "shadowed=from-file\n");
        file.close();
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("SCENARIST_SECRET_SHADOWED"), QStringLiteral("env"));
        HeadlessSecretProvider provider(environment);
        QString error;
        QVERIFY2(provider.loadFile(path, &error), qPrintable(error));
        QCOMPARE(provider.value(QStringLiteral("client_secret")), QStringLiteral("demo-secret"));
        QCOMPARE(provider.value(QStringLiteral("api_key")), QStringLiteral("with spaces "));
        QCOMPARE(provider.value(QStringLiteral("quoted")), QStringLiteral("x=y"));
        QCOMPARE(provider.value(QStringLiteral("shadowed")), QStringLiteral("env"));
        QVERIFY(!provider.value(QStringLiteral("missing")));
        const QString how = provider.howToSet(QStringLiteral("missing"));
        QVERIFY2(how.contains(QLatin1String("SCENARIST_SECRET_MISSING")), qPrintable(how));
        QVERIFY2(how.contains(QLatin1String("--secrets")), qPrintable(how));
        QVERIFY2(how.contains(QDir::toNativeSeparators(path)), qPrintable(how));
        QCOMPARE(provider.missingMessage(QStringLiteral("missing")).left(42),
            QStringLiteral("The secret \u201cmissing\u201d has no value. Set the"));
    }

    void badLinesAreNamedNotQuoted()
    {
        HeadlessSecretProvider provider {QProcessEnvironment()};
        QString error;
        QVERIFY(!provider.loadText("ok=1\nsuper-secret-value\n", &error, QStringLiteral("s.env")));
        QCOMPARE(error,
            QStringLiteral("s.env, line 2: expected NAME=value (for example "
                           "client_secret=\u2026)."));
        QVERIFY(!error.contains(QLatin1String("super-secret-value")));
        // Nothing of a broken file is used.
        QVERIFY(!provider.value(QStringLiteral("ok")));

        QVERIFY(!provider.loadFile(QStringLiteral("/nonexistent/secrets.env"), &error));
        QVERIFY2(
            error.startsWith(QLatin1String("Could not read the secrets file")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestSecretProvider)
#include "tst_secretprovider.moc"
