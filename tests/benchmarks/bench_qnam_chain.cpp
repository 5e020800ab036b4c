// bench_qnam_chain: the chain of docs/getting-started.md (a token by client credentials, then
// /api/me with it) with a bare QNetworkAccessManager and no Scenarist code: the floor for any
// client built on Qt 6.4's HTTP stack, printed beside scenarist-run by run-benchmarks.sh. Usage:
// bench_qnam_chain BASE_URL [N]

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <cstdio>
#include <functional>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    if (arguments.size() < 2) {
        std::fprintf(stderr, "usage: bench_qnam_chain BASE_URL [N]\n");
        return 2;
    }
    const QString base = arguments.at(1);
    int remaining = arguments.size() > 2 ? arguments.at(2).toInt() : 200;
    QNetworkAccessManager network;
    const QByteArray form = "grant_type=client_credentials&client_id=demo-client"
                            "&client_secret=demo-secret&scope=read";
    std::function<void()> chain = [&] {
        QNetworkRequest tokenRequest(QUrl(base + QStringLiteral("/oauth/token")));
        tokenRequest.setHeader(QNetworkRequest::ContentTypeHeader,
            QByteArrayLiteral("application/x-www-form-urlencoded"));
        tokenRequest.setRawHeader("Accept", "application/json");
        QNetworkReply *tokenReply = network.post(tokenRequest, form);
        QObject::connect(tokenReply, &QNetworkReply::finished, &app, [&, tokenReply] {
            tokenReply->deleteLater();
            const QJsonObject token = QJsonDocument::fromJson(tokenReply->readAll()).object();
            QNetworkRequest call(QUrl(base + QStringLiteral("/api/me")));
            call.setRawHeader("Authorization",
                (token.value(QStringLiteral("token_type")).toString() + QLatin1Char(' ')
                    + token.value(QStringLiteral("access_token")).toString())
                    .toUtf8());
            call.setRawHeader("Accept", "application/json");
            QNetworkReply *reply = network.get(call);
            QObject::connect(reply, &QNetworkReply::finished, &app, [&, reply] {
                reply->deleteLater();
                const QJsonObject me = QJsonDocument::fromJson(reply->readAll()).object();
                if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200
                    || me.isEmpty()) {
                    std::fprintf(
                        stderr, "bench_qnam_chain: /api/me did not answer 200 with JSON\n");
                    app.exit(1);
                } else if (--remaining > 0) {
                    chain();
                } else {
                    app.exit(0);
                }
            });
        });
    };
    chain();
    return app.exec();
}
