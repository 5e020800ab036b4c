#include "HeadlessProcess.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

/// scenarist-run with a connection whose client secret is a secret: from the
/// environment or --secrets FILE, a missing one named, values masked in every output.
class TestHeadlessSecrets : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    using Outcome = HeadlessOutcome;

    static Outcome run(const QStringList &arguments, const QHash<QString, QString> &variables)
    {
        return runHeadless(arguments, variables);
    }

    static QString example()
    {
        return QStringLiteral(
            SCENARIST_SOURCE_DIR "/resources/examples/oauth2-connection.scenario.json");
    }

    static QString freePort()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        return QString::number(probe.serverPort());
    }

    /// The example with one more module that puts the secret into a header and a query.
    QString exampleUsingTheSecretInAField()
    {
        QFile in(example());
        if (!in.open(QIODevice::ReadOnly))
            return {};
        QJsonObject root = QJsonDocument::fromJson(in.readAll()).object();
        QJsonArray modules = root.value(QStringLiteral("modules")).toArray();
        QJsonObject module = modules.first().toObject();
        module.insert(QStringLiteral("id"), 3);
        QJsonObject config = module.value(QStringLiteral("config")).toObject();
        config.insert(QStringLiteral("headers"),
            QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("X-Echo")},
                {QStringLiteral("value"), QStringLiteral("{{secrets.client_secret}}")}}});
        config.insert(QStringLiteral("query"),
            QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("s")},
                {QStringLiteral("value"), QStringLiteral("{{secrets.client_secret}}")}}});
        module.insert(QStringLiteral("config"), config);
        modules.append(module);
        root.insert(QStringLiteral("modules"), modules);
        root.remove(QStringLiteral("links"));
        const QString path = m_dir.filePath(QStringLiteral("echo.scenario.json"));
        QFile out(path);
        if (!out.open(QIODevice::WriteOnly))
            return {};
        out.write(QJsonDocument(root).toJson());
        return path;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void succeedsWithTheSecretInTheEnvironment()
    {
        const Outcome o = run({QStringLiteral("--sandbox-port"), freePort(), example()},
            {{QStringLiteral("SCENARIST_SECRET_CLIENT_SECRET"), QStringLiteral("demo-secret")}});
        QVERIFY2(o.exitCode == 0, o.out + o.err);
        QVERIFY(o.out.contains("2 succeeded, 0 failed, 0 not run"));
        QVERIFY(o.out.contains("Authorization: Bearer ********"));
        QVERIFY(!o.out.contains("demo-secret"));
        QVERIFY(!o.err.contains("demo-secret"));
    }

    void failsNamingAMissingSecret()
    {
        const Outcome o = run({QStringLiteral("--sandbox-port"), freePort(), example()}, {});
        QCOMPARE(o.exitCode, 1);
        QVERIFY2(o.out.contains("The secret \xe2\x80\x9c"
                                "client_secret\xe2\x80\x9d has no value"),
            o.out);
        QVERIFY2(o.out.contains("SCENARIST_SECRET_CLIENT_SECRET"), o.out);
        QVERIFY2(o.out.contains("--secrets FILE"), o.out);
    }

    void wrongSecretQuotesInvalidClient()
    {
        const Outcome o = run({QStringLiteral("--sandbox-port"), freePort(),
                                  QStringLiteral("--output"), QStringLiteral("json"), example()},
            {{QStringLiteral("SCENARIST_SECRET_CLIENT_SECRET"), QStringLiteral("wrong-secret")}});
        QCOMPARE(o.exitCode, 1);
        const QJsonObject report = QJsonDocument::fromJson(o.out).object();
        const QJsonObject first = report.value(QStringLiteral("modules")).toArray()[0].toObject();
        QCOMPARE(first.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        QVERIFY(first.value(QStringLiteral("error"))
                    .toString()
                    .contains(QLatin1String("invalid_client")));
        QVERIFY(!o.out.contains("wrong-secret"));
    }

    void readsASecretsFile()
    {
        const QString path = m_dir.filePath(QStringLiteral("secrets.env"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("# the sandbox's demo client\nclient_secret=demo-secret\n");
        file.close();
        const Outcome o = run({QStringLiteral("--sandbox-port"), freePort(),
                                  QStringLiteral("--secrets"), path, example()},
            {});
        QVERIFY2(o.exitCode == 0, o.out + o.err);

        const Outcome missing = run(
            {QStringLiteral("--secrets"), m_dir.filePath(QStringLiteral("none.env")), example()},
            {});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.err.contains("Could not read the secrets file"));
    }

    void jsonOutputMasksTheSecret()
    {
        const QString file = exampleUsingTheSecretInAField();
        QVERIFY(!file.isEmpty());
        const Outcome o = run({QStringLiteral("--sandbox-port"), freePort(),
                                  QStringLiteral("--output"), QStringLiteral("json"), file},
            {{QStringLiteral("SCENARIST_SECRET_CLIENT_SECRET"), QStringLiteral("demo-secret")}});
        QVERIFY2(o.exitCode == 0, o.out + o.err);
        QVERIFY2(!o.out.contains("demo-secret"), o.out);
        const QJsonObject report = QJsonDocument::fromJson(o.out).object();
        const QJsonArray modules = report.value(QStringLiteral("modules")).toArray();
        QCOMPARE(modules.size(), 3);
        const QJsonObject echo = modules[2].toObject().value(QStringLiteral("input")).toObject();
        QVERIFY2(echo.value(QStringLiteral("url"))
                     .toString()
                     .endsWith(QLatin1String("/api/me?s=********")),
            qPrintable(echo.value(QStringLiteral("url")).toString()));
        bool sawHeader = false;
        bool sawAuthorization = false;
        for (const QJsonValue &h : echo.value(QStringLiteral("headers")).toArray()) {
            const QString name = h[QStringLiteral("name")].toString();
            const QString value = h[QStringLiteral("value")].toString();
            if (name == QLatin1String("X-Echo")) {
                sawHeader = true;
                QCOMPARE(value, QStringLiteral("********"));
            } else if (name == QLatin1String("Authorization")) {
                sawAuthorization = true;
                QCOMPARE(value, QStringLiteral("Bearer ********"));
            }
        }
        QVERIFY(sawHeader);
        QVERIFY(sawAuthorization);
    }
};

QTEST_GUILESS_MAIN(TestHeadlessSecrets)
#include "tst_headless_secrets.moc"
