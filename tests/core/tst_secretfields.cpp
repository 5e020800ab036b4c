// Which fields hold a secret typed in as plain text, and how one moves to the keychain: the
// same answers for the settings panel's offer and the warning when saving.

#include "core/model/Scenario.h"
#include "core/run/SecretFields.h"

#include <QTest>

class TestSecretFields : public QObject
{
    Q_OBJECT
private slots:
    void literalSecrets_data();
    void literalSecrets();
    void namesAreUniqueAndPlain();
    void bearerKeepsItsScheme();
    void setFieldTextChangesOnlyThatField();
    void saveWarningNamesModuleAndField();
};

void TestSecretFields::literalSecrets_data()
{
    QTest::addColumn<QString>("header");
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("secret");
    QTest::newRow("Authorization") << "Authorization"
                                   << "Bearer abc123" << true;
    QTest::newRow("api key") << "X-API-Key"
                             << "k-123" << true;
    QTest::newRow("token") << "X-Auth-Token"
                           << "t" << true;
    QTest::newRow("client secret") << "client_secret"
                                   << "s3cret" << true;
    QTest::newRow("password") << "password"
                              << "hunter2" << true;
    QTest::newRow("mapped") << "Authorization"
                            << "Bearer {{1.data.access_token}}" << false;
    QTest::newRow("from the keychain") << "X-API-Key"
                                       << "{{secrets.api_key}}" << false;
    QTest::newRow("empty") << "Authorization"
                           << "" << false;
    QTest::newRow("not a secret") << "Accept"
                                  << "application/json" << false;
}

void TestSecretFields::literalSecrets()
{
    QFETCH(QString, header);
    QFETCH(QString, value);
    QFETCH(bool, secret);
    HttpRequestSpec spec;
    spec.headers = {{QStringLiteral("Accept"), QStringLiteral("*/*")}, {header, value}};
    const QList<LiteralSecret> found = SecretFields::literalSecrets(spec);
    QCOMPARE(found.size(), secret ? 1 : 0);
    if (secret) {
        QCOMPARE(found.first().row, 1);
        QCOMPARE(found.first().value, value);
        QCOMPARE(
            found.first().description(), QStringLiteral("the header \u201c%1\u201d").arg(header));
    }

    // The same name in the query or a form, and Basic auth's password.
    HttpRequestSpec other;
    other.query = {{header, value}};
    other.bodyType = BodyType::UrlEncoded;
    other.urlEncodedFields = {{header, value}};
    other.authentication = AuthType::Basic;
    other.username = QStringLiteral("ada");
    other.password = value;
    QCOMPARE(SecretFields::literalSecrets(other).size(),
        secret ? 3 : (value.isEmpty() || value.contains(QLatin1String("{{")) ? 0 : 1));
}

void TestSecretFields::namesAreUniqueAndPlain()
{
    LiteralSecret secret;
    secret.fieldName = QStringLiteral("X-API-Key");
    QCOMPARE(SecretFields::suggestName(secret, {}), QStringLiteral("x_api_key"));
    QCOMPARE(SecretFields::suggestName(secret, {QStringLiteral("x_api_key")}),
        QStringLiteral("x_api_key_2"));
    QCOMPARE(SecretFields::suggestName(
                 secret, {QStringLiteral("x_api_key"), QStringLiteral("x_api_key_2")}),
        QStringLiteral("x_api_key_3"));
    secret.fieldName = QStringLiteral("2fa token");
    QCOMPARE(SecretFields::suggestName(secret, {}), QStringLiteral("secret_2fa_token"));
}

void TestSecretFields::bearerKeepsItsScheme()
{
    LiteralSecret secret {LiteralSecret::Place::Header, 0, QStringLiteral("Authorization"),
        QStringLiteral("Bearer abc 123")};
    SecretFields::Replacement r
        = SecretFields::replacement(secret, QStringLiteral("authorization"));
    QCOMPARE(r.secretValue, QStringLiteral("abc 123"));
    QCOMPARE(r.fieldText, QStringLiteral("Bearer {{secrets.authorization}}"));
    secret.fieldName = QStringLiteral("X-API-Key");
    secret.value = QStringLiteral("k-1");
    r = SecretFields::replacement(secret, QStringLiteral("x_api_key"));
    QCOMPARE(r.secretValue, QStringLiteral("k-1"));
    QCOMPARE(r.fieldText, QStringLiteral("{{secrets.x_api_key}}"));
}

void TestSecretFields::setFieldTextChangesOnlyThatField()
{
    HttpRequestSpec spec;
    spec.headers = {{QStringLiteral("Accept"), QStringLiteral("*/*")},
        {QStringLiteral("X-API-Key"), QStringLiteral("k-1")}};
    spec.authentication = AuthType::Basic;
    spec.password = QStringLiteral("pw");
    const QList<LiteralSecret> found = SecretFields::literalSecrets(spec);
    QCOMPARE(found.size(), 2);
    SecretFields::setFieldText(spec, found.at(0), QStringLiteral("{{secrets.x_api_key}}"));
    SecretFields::setFieldText(spec, found.at(1), QStringLiteral("{{secrets.password}}"));
    QCOMPARE(spec.headers.at(0).value, QStringLiteral("*/*"));
    QCOMPARE(spec.headers.at(1).value, QStringLiteral("{{secrets.x_api_key}}"));
    QCOMPARE(spec.password, QStringLiteral("{{secrets.password}}"));
    QVERIFY(SecretFields::literalSecrets(spec).isEmpty());
}

void TestSecretFields::saveWarningNamesModuleAndField()
{
    Scenario scenario;
    Module token;
    token.label = QStringLiteral("Get token");
    Module api;
    api.label = QStringLiteral("Who am I");
    api.config.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer abc")},
        {QStringLiteral("X-API-Key"), QStringLiteral("k")}};
    scenario.addModule(token);
    scenario.addModule(api);
    QCOMPARE(SecretFields::saveWarning(scenario),
        QStringLiteral("Saved. The header \u201cAuthorization\u201d of module 2 \u201cWho am "
                       "I\u201d (and 1 more field) holds a secret as plain text in the file: "
                       "select the module and click \u201cKeep it out of the file\u201d."));
    HttpRequestSpec clean = api.config;
    clean.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer {{secrets.t}}")}};
    scenario.setModuleConfig(2, clean);
    QCOMPARE(SecretFields::saveWarning(scenario), QString());
    QCOMPARE(SecretFields::namesInUse(scenario), QStringList {QStringLiteral("t")});
}

QTEST_GUILESS_MAIN(TestSecretFields)
#include "tst_secretfields.moc"
