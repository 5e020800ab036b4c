#pragma once

#include <QByteArray>
#include <QHash>
#include <QNetworkAccessManager>
#include <QNetworkCookieJar>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QUrl>
#include <QUrlQuery>
#include <QtTest>

#include <memory>

/// A tiny "browser" for sign-in tests: follows redirects and submits the HTML forms of login
/// and consent pages as a person would, with cookies, until a page has no form left (for a
/// sign-in, the page the app's loopback redirect answers with). Header-only test support.
class FormBrowser
{
public:
    struct Page
    {
        QUrl url;
        int status = 0;
        QByteArray body;
        QByteArray location; ///< of a redirect that was not followed
        QString error;
    };

    /// Field values to type into forms (e.g. login, password), and the value of the submit
    /// button to press when a form has several (e.g. "approve" or "deny").
    QHash<QString, QString> typed {{QStringLiteral("login"), QStringLiteral("tester")},
        {QStringLiteral("password"), QStringLiteral("any")}};
    QString button;
    QList<QUrl> visited;
    bool followRedirects = true;

    FormBrowser() { m_network.setCookieJar(new QNetworkCookieJar(&m_network)); }

    /// Opens `url` and goes on through redirects and forms, at most `steps` requests.
    Page open(const QUrl &url, int steps = 12)
    {
        Page page = get(url);
        for (int i = 0; i < steps && page.error.isEmpty(); ++i) {
            const QRegularExpressionMatch form = QRegularExpression(
                QStringLiteral("<form[^>]*action=\"([^\"]*)\"[^>]*>(.*?)</form>"),
                QRegularExpression::DotMatchesEverythingOption)
                                                     .match(QString::fromUtf8(page.body));
            if (!form.hasMatch())
                return page;
            QUrlQuery fields;
            const QRegularExpression input(QStringLiteral("<input([^>]*)>"));
            const QString inner = form.captured(2);
            for (auto it = input.globalMatch(inner); it.hasNext();) {
                const QString attributes = it.next().captured(1);
                const QString name = attribute(attributes, "name");
                if (name.isEmpty())
                    continue;
                fields.addQueryItem(name,
                    typed.contains(name) ? typed.value(name) : attribute(attributes, "value"));
            }
            const QRegularExpression buttonTag(QStringLiteral("<button([^>]*)>"));
            for (auto it = buttonTag.globalMatch(inner); it.hasNext();) {
                const QString attributes = it.next().captured(1);
                const QString name = attribute(attributes, "name");
                if (!name.isEmpty()
                    && (button.isEmpty() || attribute(attributes, "value") == button)) {
                    fields.addQueryItem(name, attribute(attributes, "value"));
                    break;
                }
            }
            QString target = form.captured(1);
            target.replace(QStringLiteral("&amp;"), QStringLiteral("&"));
            const QUrl action = page.url.resolved(QUrl(target));
            QByteArray body;
            for (const auto &[name, value] : fields.queryItems(QUrl::FullyDecoded)) {
                if (!body.isEmpty())
                    body += '&';
                body += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
            }
            page = send(action, body);
        }
        return page;
    }

    Page get(const QUrl &url) { return send(url, QByteArray(), false); }
    /// Posts a form body (application/x-www-form-urlencoded).
    Page post(const QUrl &url, const QByteArray &body) { return send(url, body, true); }

private:
    static QString attribute(const QString &attributes, const char *name)
    {
        const QRegularExpressionMatch m
            = QRegularExpression(QStringLiteral("\\b%1=\"([^\"]*)\"").arg(QLatin1String(name)))
                  .match(attributes);
        QString value = m.captured(1);
        return value.replace(QStringLiteral("&quot;"), QStringLiteral("\""))
            .replace(QStringLiteral("&lt;"), QStringLiteral("<"))
            .replace(QStringLiteral("&gt;"), QStringLiteral(">"))
            .replace(QStringLiteral("&amp;"), QStringLiteral("&"));
    }

    Page send(QUrl url, QByteArray body, bool post = true)
    {
        Page page;
        for (int hop = 0; hop < 12; ++hop) {
            visited.append(url);
            QNetworkRequest request(url);
            request.setAttribute(
                QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
            request.setTransferTimeout(10000);
            std::unique_ptr<QNetworkReply> reply;
            if (post) {
                request.setHeader(QNetworkRequest::ContentTypeHeader,
                    QByteArrayLiteral("application/x-www-form-urlencoded"));
                reply.reset(m_network.post(request, body));
            } else {
                reply.reset(m_network.get(request));
            }
            QSignalSpy finished(reply.get(), &QNetworkReply::finished);
            if (!reply->isFinished() && !finished.wait(15000)) {
                page.error = QStringLiteral("no answer from %1").arg(url.toString());
                return page;
            }
            page.url = url;
            page.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            page.body = reply->readAll();
            if (page.status == 0)
                page.error = reply->errorString();
            const QByteArray location = reply->rawHeader("Location");
            page.location = location;
            if (page.status < 300 || page.status >= 400 || location.isEmpty() || !followRedirects)
                return page;
            // 303 and 302 turn a POST into a GET, as browsers do.
            url = url.resolved(QUrl::fromEncoded(location));
            post = false;
            body.clear();
        }
        page.error = QStringLiteral("too many redirects");
        return page;
    }

    QNetworkAccessManager m_network;
};
