#include "HeadlessProcess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QtTest>

/// scenarist-run with the sign-in examples: the authorization code example with a refresh
/// token secret (and without one: exit 2 with what to do), the private_key_jwt example.
class TestSignInHeadless : public QObject
{
    Q_OBJECT

private:
    static QString example(const QString &name)
    {
        return QStringLiteral(SCENARIST_SOURCE_DIR "/resources/examples/%1.scenario.json")
            .arg(name);
    }
    static QString freePort()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        return QString::number(probe.serverPort());
    }
    static QStringList sandboxRun(const QString &name)
    {
        return {QStringLiteral("--sandbox-port"), freePort(), QStringLiteral("--output"),
            QStringLiteral("json"), example(name)};
    }
    static QJsonArray modules(const QByteArray &json)
    {
        return QJsonDocument::fromJson(json).object().value(QStringLiteral("modules")).toArray();
    }

private slots:
    void authorizationCodeWithARefreshTokenSecret()
    {
        const HeadlessOutcome o = runHeadless(sandboxRun(QStringLiteral("authorization-code")),
            {{QStringLiteral("SCENARIST_SECRET_SANDBOX_REFRESH_TOKEN"),
                QStringLiteral("demo-refresh-token")}});
        QVERIFY2(o.exitCode == 0, o.err.constData());
        const QJsonArray list = modules(o.out);
        QCOMPARE(list.size(), 2);
        QVERIFY2(o.out.contains("\"scope\": \"read write\"") || o.out.contains("read write"),
            o.out.left(2000).constData());
        QVERIFY(!o.out.contains("demo-refresh-token"));
        QVERIFY(!o.err.contains("demo-refresh-token"));
    }

    void authorizationCodeWithoutARefreshTokenSaysWhatToDo()
    {
        const HeadlessOutcome o = runHeadless(sandboxRun(QStringLiteral("authorization-code")));
        QCOMPARE(o.exitCode, 2);
        QVERIFY2(o.err.contains("Sign in once in the Scenarist app")
                && o.err.contains("SCENARIST_SECRET_SANDBOX_REFRESH_TOKEN"),
            o.err.constData());
        QVERIFY(o.out.isEmpty());
    }

    void aRefusedRefreshTokenSaysSignInAgain()
    {
        const HeadlessOutcome o = runHeadless(sandboxRun(QStringLiteral("authorization-code")),
            {{QStringLiteral("SCENARIST_SECRET_SANDBOX_REFRESH_TOKEN"),
                QStringLiteral("an-old-revoked-refresh-token")}});
        QCOMPARE(o.exitCode, 1);
        QVERIFY2(o.out.contains("sign in again"), o.out.left(3000).constData());
        QVERIFY(!o.out.contains("an-old-revoked-refresh-token"));
        QVERIFY(!o.err.contains("an-old-revoked-refresh-token"));
    }

    void privateKeyJwtExample()
    {
        const HeadlessOutcome o = runHeadless(sandboxRun(QStringLiteral("private-key-jwt")),
            {{QStringLiteral("SCENARIST_SECRET_CLIENT_SECRET"), QStringLiteral("demo-secret")}});
        QVERIFY2(o.exitCode == 0, (o.err + o.out.left(3000)).constData());
        QCOMPARE(modules(o.out).size(), 2);
        // Neither the key nor the secret it signs with appears in the report.
        QVERIFY(!o.out.contains("PRIVATE KEY"));
        QVERIFY(!o.out.contains("client_assertion"));
        QVERIFY(!o.out.contains("demo-secret"));
    }
};

QTEST_GUILESS_MAIN(TestSignInHeadless)
#include "tst_signin_headless.moc"
