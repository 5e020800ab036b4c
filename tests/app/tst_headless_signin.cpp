#include "HeadlessProcess.h"

#include <QTcpServer>
#include <QtTest>

/// scenarist-run --sandbox on resources/examples/sign-in-ways: an API key, a Bearer token and
/// Basic from SCENARIST_SECRET_… variables, none of them in any output.
class TestHeadlessSignIn : public QObject
{
    Q_OBJECT

private:
    static QString example()
    {
        return QStringLiteral(
            SCENARIST_SOURCE_DIR "/resources/examples/sign-in-ways.scenario.json");
    }
    static QString freePort()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        return QString::number(probe.serverPort());
    }
    static QHash<QString, QString> secrets()
    {
        return {{QStringLiteral("SCENARIST_SECRET_API_KEY"), QStringLiteral("demo-api-key")},
            {QStringLiteral("SCENARIST_SECRET_TOKEN"), QStringLiteral("demo-bearer-token")},
            {QStringLiteral("SCENARIST_SECRET_PASSWORD"), QStringLiteral("demo-password")}};
    }

private slots:
    void everyWaySignsInAndNoSecretShows_data()
    {
        QTest::addColumn<QString>("output");
        QTest::newRow("text") << QStringLiteral("text");
        QTest::newRow("json") << QStringLiteral("json");
    }
    void everyWaySignsInAndNoSecretShows()
    {
        QFETCH(QString, output);
        const HeadlessOutcome o = runHeadless({QStringLiteral("--sandbox-port"), freePort(),
                                                  QStringLiteral("--output"), output, example()},
            secrets());
        QVERIFY2(o.exitCode == 0, o.out + o.err);
        for (const char *how : {"api key header", "bearer", "basic"})
            QVERIFY2(o.out.contains(how), o.out.constData());
        for (const QString &value : secrets())
            QVERIFY2(!o.out.contains(value.toUtf8()) && !o.err.contains(value.toUtf8()),
                qPrintable(value));
    }

    void aMissingSecretIsNamed()
    {
        QHash<QString, QString> some = secrets();
        some.remove(QStringLiteral("SCENARIST_SECRET_PASSWORD"));
        const HeadlessOutcome o
            = runHeadless({QStringLiteral("--sandbox-port"), freePort(), example()}, some);
        QVERIFY(o.exitCode != 0);
        QVERIFY2(
            (o.out + o.err).contains("SCENARIST_SECRET_PASSWORD"), (o.out + o.err).constData());
    }
};

QTEST_GUILESS_MAIN(TestHeadlessSignIn)
#include "tst_headless_signin.moc"
