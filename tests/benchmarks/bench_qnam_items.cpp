// bench_qnam_items: the flow benchmark's work (a token, then one POST /api/items per item of a
// list of N, one at a time, the answers' ids and names collected) with a bare
// QNetworkAccessManager and no Scenarist code: what Qt 6.4's HTTP stack alone costs, printed
// beside scenarist-run and the Python floor by flow/flow-benchmark.sh.
// Usage: bench_qnam_items BASE_URL [N]

#include <QCoreApplication>
#include <QJsonArray>
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
        std::fprintf(stderr, "usage: bench_qnam_items BASE_URL [N]\n");
        return 2;
    }
    const QString base = arguments.at(1);
    const int count = arguments.size() > 2 ? arguments.at(2).toInt() : 10000;
    QNetworkAccessManager network;
    QByteArray authorization;
    QJsonArray collected;
    int next = 1;
    std::function<void()> post = [&] {
        QNetworkRequest request(QUrl(base + QStringLiteral("/api/items")));
        request.setHeader(
            QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setRawHeader("Accept", "application/json");
        request.setRawHeader("Authorization", authorization);
        // As Scenarist sends its requests: no cache entry, redirects and cookies by hand.
        request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
        request.setAttribute(
            QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
        request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
        const QJsonObject item {{QStringLiteral("name"), QStringLiteral("Item %1").arg(next)},
            {QStringLiteral("price"), next}};
        QNetworkReply *reply
            = network.post(request, QJsonDocument(item).toJson(QJsonDocument::Compact));
        QObject::connect(reply, &QNetworkReply::finished, &app, [&, reply] {
            reply->deleteLater();
            const QJsonObject created = QJsonDocument::fromJson(reply->readAll()).object();
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 201) {
                std::fprintf(stderr, "bench_qnam_items: POST /api/items did not answer 201\n");
                app.exit(1);
                return;
            }
            collected.append(
                QJsonObject {{QStringLiteral("id"), created.value(QStringLiteral("id"))},
                    {QStringLiteral("name"), created.value(QStringLiteral("name"))}});
            if (++next <= count)
                post();
            else
                app.exit(collected.size() == count ? 0 : 1);
        });
    };
    QNetworkRequest tokenRequest(QUrl(base + QStringLiteral("/oauth/token")));
    tokenRequest.setHeader(
        QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    tokenRequest.setRawHeader("Accept", "application/json");
    QNetworkReply *tokenReply = network.post(tokenRequest,
        QByteArrayLiteral("grant_type=client_credentials&client_id=demo-client"
                          "&client_secret=demo-secret&scope=read%20write"));
    QObject::connect(tokenReply, &QNetworkReply::finished, &app, [&, tokenReply] {
        tokenReply->deleteLater();
        const QJsonObject token = QJsonDocument::fromJson(tokenReply->readAll()).object();
        authorization = (token.value(QStringLiteral("token_type")).toString() + QLatin1Char(' ')
            + token.value(QStringLiteral("access_token")).toString())
                            .toUtf8();
        if (count > 0)
            post();
        else
            app.exit(0);
    });
    return app.exec();
}
