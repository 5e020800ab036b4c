#include "core/io/ScenarioFile.h"
#include "core/model/Scenario.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

Q_DECLARE_METATYPE(Connection)

/// Connections and a module's Authentication choice in the scenario file.
class TestConnectionFile : public QObject
{
    Q_OBJECT

private:
    static Connection connection()
    {
        Connection c;
        c.id = QStringLiteral("api");
        c.name = QStringLiteral("My API");
        c.tokenUrl = QStringLiteral("https://auth.example.com/oauth/token");
        c.clientId = QStringLiteral("abc");
        c.clientSecret = QStringLiteral("{{secrets.client_secret}}");
        c.scope = QStringLiteral("read write");
        c.audience = QStringLiteral("https://api.example.com");
        c.extraParameters = {{QStringLiteral("resource"), QStringLiteral("items")}};
        c.clientAuthentication = ClientAuthentication::Basic;
        c.expiredStatusCodes = {401, 403};
        c.refreshLeadSeconds = 30;
        return c;
    }
    static ScenarioDocument document()
    {
        ScenarioDocument doc;
        doc.name = QStringLiteral("with a connection");
        doc.connections = {connection()};
        Module m;
        m.id = 1;
        m.config.url = QStringLiteral("https://api.example.com/items");
        m.config.authentication = AuthType::Connection;
        m.config.connection = QStringLiteral("api");
        doc.modules = {m};
        doc.nextId = 2;
        return doc;
    }
    static QJsonObject json() { return ScenarioFile::toJson(document()); }
    static QString loadError(const QJsonObject &object)
    {
        QString error;
        const auto doc = ScenarioFile::fromJson(object, &error);
        return doc ? QString() : error;
    }
    static QJsonObject withConnectionKey(const QString &key, const QJsonValue &value)
    {
        QJsonObject root = json();
        QJsonArray connections = root.value(QStringLiteral("connections")).toArray();
        QJsonObject c = connections.first().toObject();
        c.insert(key, value);
        connections[0] = c;
        root.insert(QStringLiteral("connections"), connections);
        return root;
    }
    static QJsonObject withAuthentication(const QJsonValue &value)
    {
        QJsonObject root = json();
        QJsonArray modules = root.value(QStringLiteral("modules")).toArray();
        QJsonObject m = modules.first().toObject();
        QJsonObject config = m.value(QStringLiteral("config")).toObject();
        config.insert(QStringLiteral("authentication"), value);
        m.insert(QStringLiteral("config"), config);
        modules[0] = m;
        root.insert(QStringLiteral("modules"), modules);
        return root;
    }

private slots:
    void roundTrip()
    {
        QString error;
        const QByteArray bytes = ScenarioFile::serialize(document());
        const auto read = ScenarioFile::parse(bytes, &error);
        QVERIFY2(read, qPrintable(error));
        QVERIFY(read->warnings.isEmpty());
        QCOMPARE(read->connections.size(), 1);
        QVERIFY(read->connections.first() == connection());
        QCOMPARE(read->modules.first().config.authentication, AuthType::Connection);
        QCOMPARE(read->modules.first().config.connection, QStringLiteral("api"));
        QCOMPARE(ScenarioFile::serialize(*read), bytes);
        // Readable: connections come before the modules that use them.
        QVERIFY(bytes.indexOf("\"connections\"") < bytes.indexOf("\"modules\""));
        QVERIFY(bytes.contains("\"clientSecret\": \"{{secrets.client_secret}}\""));
    }

    void otherTypesRoundTripWithTheirOwnKeys_data()
    {
        QTest::addColumn<Connection>("made");
        QTest::addColumn<QStringList>("keys");
        Connection apiKey;
        apiKey.id = QStringLiteral("key");
        apiKey.type = Connection::apiKeyType();
        apiKey.apiKeyName = QStringLiteral("api_key");
        apiKey.apiKeyIn = ApiKeyPlace::Query;
        apiKey.apiKey = QStringLiteral("{{secrets.api_key}}");
        QTest::newRow("API key") << apiKey
                                 << QStringList {QStringLiteral("apiKeyName"),
                                        QStringLiteral("apiKeyIn"), QStringLiteral("apiKey")};
        Connection bearer;
        bearer.id = QStringLiteral("bearer");
        bearer.type = Connection::bearerType();
        bearer.bearerToken = QStringLiteral("{{secrets.token}}");
        QTest::newRow("Bearer") << bearer << QStringList {QStringLiteral("bearerToken")};
        Connection basic;
        basic.id = QStringLiteral("basic");
        basic.type = Connection::basicType();
        basic.username = QStringLiteral("ada");
        basic.password = QStringLiteral("{{secrets.password}}");
        QTest::newRow("Basic") << basic
                               << QStringList {
                                      QStringLiteral("username"), QStringLiteral("password")};
        Connection certificate;
        certificate.id = QStringLiteral("mtls");
        certificate.type = Connection::clientCertificateType();
        certificate.certificateFile = QStringLiteral("/home/ada/client.p12");
        certificate.certificatePassword = QStringLiteral("{{secrets.certificate_password}}");
        QTest::newRow("client certificate")
            << certificate
            << QStringList {QStringLiteral("certificateFile"), QStringLiteral("privateKeyFile"),
                   QStringLiteral("certificatePassword")};
    }

    void otherTypesRoundTripWithTheirOwnKeys()
    {
        QFETCH(Connection, made);
        QFETCH(QStringList, keys);
        ScenarioDocument doc = document();
        doc.connections = {made};
        doc.modules.first().config.connection = made.id;
        const QByteArray bytes = ScenarioFile::serialize(doc);
        QString error;
        const auto read = ScenarioFile::parse(bytes, &error);
        QVERIFY2(read, qPrintable(error));
        QVERIFY2(read->warnings.isEmpty(), qPrintable(read->warnings.join(u'\n')));
        QVERIFY(read->connections.first() == made);
        const QJsonObject written = QJsonDocument::fromJson(bytes)
                                        .object()
                                        .value(QStringLiteral("connections"))
                                        .toArray()
                                        .first()
                                        .toObject();
        QStringList expected
            = QStringList {QStringLiteral("id"), QStringLiteral("type"), QStringLiteral("name")}
            + keys;
        expected.sort();
        QCOMPARE(written.keys(), expected);
    }

    void scenarioKeepsConnections()
    {
        Scenario scenario;
        QSignalSpy changed(&scenario, &Scenario::connectionsChanged);
        document().applyTo(scenario);
        QCOMPARE(scenario.connections().size(), 1);
        QVERIFY(scenario.findConnection(QStringLiteral("api")));
        QVERIFY(!scenario.findConnection(QStringLiteral("other")));
        Connection edited = connection();
        edited.scope = QStringLiteral("read");
        scenario.setConnections({edited});
        QCOMPARE(changed.size(), 1);
        scenario.setConnections({edited});
        QCOMPARE(changed.size(), 1);
        QCOMPARE(ScenarioDocument::fromScenario(scenario).connections.first().scope,
            QStringLiteral("read"));
    }

    void defaultsWhenLeftOut()
    {
        QJsonObject root = json();
        root.insert(QStringLiteral("connections"),
            QJsonArray {QJsonObject {{QStringLiteral("id"), QStringLiteral("api")}}});
        QString error;
        const auto read = ScenarioFile::fromJson(root, &error);
        QVERIFY2(read, qPrintable(error));
        const Connection c = read->connections.first();
        QCOMPARE(c.type, Connection::clientCredentialsType());
        QCOMPARE(c.clientAuthentication, ClientAuthentication::Body);
        QCOMPARE(c.expiredStatusCodes, QList<int> {401});
        QCOMPARE(c.refreshLeadSeconds, 60);
    }

    void oldFilesKeepBasicAuth()
    {
        // A file from before the Authentication choice: a username alone means Basic, and it
        // is written back without an "authentication" key.
        Module m;
        m.id = 1;
        m.config.url = QStringLiteral("https://example.com");
        m.config.username = QStringLiteral("me");
        ScenarioDocument doc;
        doc.modules = {m};
        const QByteArray bytes = ScenarioFile::serialize(doc);
        QVERIFY(!bytes.contains("\"authentication\""));
        QString error;
        const auto read = ScenarioFile::parse(bytes, &error);
        QVERIFY(read);
        QCOMPARE(read->modules.first().config.effectiveAuthentication(), AuthType::Basic);
    }

    void errorsNameConnectionAndKey_data()
    {
        QTest::addColumn<QJsonObject>("file");
        QTest::addColumn<QString>("error");
        QTest::newRow("unknown connection")
            << withAuthentication(
                   QJsonObject {{QStringLiteral("type"), QStringLiteral("connection")},
                       {QStringLiteral("connection"), QStringLiteral("apx")}})
            << QStringLiteral("Module 1, key \u201cconfig.authentication.connection\u201d: there "
                              "is no connection \u201capx\u201d in this scenario (it has "
                              "\u201capi\u201d).");
        QTest::newRow("no connection chosen")
            << withAuthentication(
                   QJsonObject {{QStringLiteral("type"), QStringLiteral("connection")}})
            << QStringLiteral("Module 1, key \u201cconfig.authentication.connection\u201d: is "
                              "missing; say which connection the module signs in with.");
        QTest::newRow("bad authentication type")
            << withAuthentication(QJsonObject {{QStringLiteral("type"), QStringLiteral("oauth")}})
            << QStringLiteral("Module 1, key \u201cconfig.authentication.type\u201d: "
                              "\u201coauth\u201d is not a kind of authentication. Use none, basic "
                              "or connection.");
        QTest::newRow("bad client authentication")
            << withConnectionKey(QStringLiteral("clientAuthentication"), QStringLiteral("header"))
            << QStringLiteral("Connection \u201capi\u201d, key \u201cclientAuthentication\u201d: "
                              "\u201cheader\u201d is not a way to send the client ID and secret. "
                              "Use body, basic, privateKeyJwt or clientSecretJwt.");
        QTest::newRow("bad status code")
            << withConnectionKey(QStringLiteral("expiredStatusCodes"), QJsonArray {401, 4010})
            << QStringLiteral("Connection \u201capi\u201d, key \u201cexpiredStatusCodes[2]\u201d: "
                              "must be an HTTP status code from 100 to 599, like 401.");
        QTest::newRow("lead not a number")
            << withConnectionKey(QStringLiteral("refreshLeadSeconds"), QStringLiteral("60"))
            << QStringLiteral("Connection \u201capi\u201d, key \u201crefreshLeadSeconds\u201d: "
                              "must be a whole number from 0 to 86400, but is text.");
        QTest::newRow("unknown type")
            << withConnectionKey(QStringLiteral("type"), QStringLiteral("oauth2.password"))
            << QStringLiteral("Connection \u201capi\u201d, key \u201ctype\u201d: "
                              "\u201coauth2.password\u201d is a kind of connection this Scenarist "
                              "does not know. It knows \u201coauth2.clientCredentials\u201d, "
                              "\u201coauth2.authorizationCode\u201d, \u201capiKey\u201d, "
                              "\u201cbearer\u201d, \u201cbasic\u201d, "
                              "\u201cclientCertificate\u201d.");
        QTest::newRow("API key in a bad place")
            << withConnectionKey(QStringLiteral("apiKeyIn"), QStringLiteral("cookie"))
            << QStringLiteral("Connection \u201capi\u201d, key \u201capiKeyIn\u201d: "
                              "\u201ccookie\u201d is not a place for an API key. Use header or "
                              "query.");
        QJsonObject duplicate = json();
        QJsonArray twice = duplicate.value(QStringLiteral("connections")).toArray();
        twice.append(twice.first());
        duplicate.insert(QStringLiteral("connections"), twice);
        QTest::newRow("duplicate id")
            << duplicate
            << QStringLiteral("Connection \u201capi\u201d, key \u201cid\u201d: another "
                              "connection already has this id; each needs its own.");
    }
    void errorsNameConnectionAndKey()
    {
        QFETCH(QJsonObject, file);
        QFETCH(QString, error);
        QCOMPARE(loadError(file), error);
    }

    void unknownConnectionKeysAreWarnings()
    {
        QString error;
        const auto read = ScenarioFile::fromJson(
            withConnectionKey(QStringLiteral("clientSecretValue"), QStringLiteral("x")), &error);
        QVERIFY(read);
        QCOMPARE(read->warnings,
            QStringList {QStringLiteral("Connection \u201capi\u201d: ignored the unknown key "
                                        "\u201cclientSecretValue\u201d.")});
    }
};

QTEST_GUILESS_MAIN(TestConnectionFile)
#include "tst_connectionfile.moc"
