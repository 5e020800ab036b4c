#include "core/io/CurlCommand.h"

#include "TestSupport.h"

#include <QProcess>
#include <QtTest>

#include <sys/stat.h>

Q_DECLARE_METATYPE(CurlCommand::FileReference)

namespace {

QString s(const char *utf8)
{
    return QString::fromUtf8(utf8);
}

/// Every field of a spec as lines, so that a test states exactly what the import gives.
QStringList describe(const HttpRequestSpec &spec)
{
    QStringList lines {s("method ") + spec.method, s("url ") + spec.url};
    for (const NameValue &h : spec.headers)
        lines << s("header ") + h.name + s(": ") + h.value;
    for (const NameValue &q : spec.query)
        lines << s("query ") + q.name + s("=") + q.value;
    lines << s("body ") + HttpRequestSpec::bodyTypeKey(spec.bodyType);
    if (spec.bodyType == BodyType::Raw)
        lines << s("type ") + spec.rawContentType << s("content ") + spec.rawContent;
    if (spec.bodyType == BodyType::UrlEncoded) {
        for (const NameValue &f : spec.urlEncodedFields)
            lines << s("field ") + f.name + s("=") + f.value;
    }
    if (spec.bodyType == BodyType::Multipart) {
        for (const MultipartField &f : spec.multipartFields) {
            if (f.isFile())
                lines << s("file ") + f.name + s("=@") + f.file + s(";filename=") + f.fileName
                        + s(";type=") + f.contentType;
            else
                lines << s("field ") + f.name + s("=") + f.value;
        }
    }
    if (!spec.username.isEmpty() || !spec.password.isEmpty())
        lines << s("user ") + spec.username + s(":") + spec.password;
    if (spec.timeoutSeconds != 40)
        lines << s("timeout ") + QString::number(spec.timeoutSeconds);
    if (spec.followRedirects)
        lines << s("redirects");
    if (!spec.rejectUnverifiedCertificates)
        lines << s("insecure");
    if (spec.requestCompressed)
        lines << s("compressed");
    if (!spec.caCertificate.isEmpty())
        lines << s("ca ") + spec.caCertificate;
    return lines;
}

struct Row
{
    const char *name;
    QString command;
    QStringList expected;
    QString warning; ///< a warning that must be given; empty: no warning at all
    bool readFiles = false; ///< the person agreed to read the command's files (readFiles())
};

QList<Row> rows()
{
    const QString bodyFile = TestSupport::testDataPath(s("curl/body.json"));
    const QString chromeUa = s("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like "
                               "Gecko) Chrome/124.0.0.0 Safari/537.36");
    const QString firefoxUa = s("Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 "
                                "Firefox/125.0");
    return {
        {"plain GET", s("curl https://example.com"),
            {s("method GET"), s("url https://example.com"), s("body none")}, {}},
        {"quoted URL with a query", s("curl 'https://api.example.com/items?page=2&per_page=50'"),
            {s("method GET"), s("url https://api.example.com/items"), s("query page=2"),
                s("query per_page=50"), s("body none")},
            {}},
        {"-X POST without data", s("curl -X POST https://api.example.com/items"),
            {s("method POST"), s("url https://api.example.com/items"), s("body none")}, {}},
        {"-X DELETE", s("curl -X DELETE 'https://api.example.com/items/7'"),
            {s("method DELETE"), s("url https://api.example.com/items/7"), s("body none")}, {}},
        {"--request PATCH with JSON",
            s(R"(curl --request PATCH https://api.example.com/items/7 -H 'Content-Type: application/json' -d '{"name":"new"}')"),
            {s("method PATCH"), s("url https://api.example.com/items/7"), s("body raw"),
                s("type application/json"), s(R"(content {"name":"new"})")},
            {}},
        {"-d form fields are urlencoded",
            s("curl -d "
              "'grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret' "
              "http://127.0.0.1:8765/oauth/token"),
            {s("method POST"), s("url http://127.0.0.1:8765/oauth/token"), s("body urlencoded"),
                s("field grant_type=client_credentials"), s("field client_id=demo-client"),
                s("field client_secret=demo-secret")},
            {}},
        {"-d JSON with a JSON content type",
            s(R"(curl -H "Content-Type: application/json" -d '{"grant_type":"client_credentials"}' https://auth.example.com/token)"),
            {s("method POST"), s("url https://auth.example.com/token"), s("body raw"),
                s("type application/json"), s(R"(content {"grant_type":"client_credentials"})")},
            {}},
        {"-d JSON without a content type", s(R"(curl -d '{"a":1}' https://api.example.com/x)"),
            {s("method POST"), s("url https://api.example.com/x"), s("body raw"),
                s("type application/x-www-form-urlencoded"), s(R"(content {"a":1})")},
            s("looks like JSON")},
        {"several --data-raw are joined with &",
            s("curl --data-raw 'a=1' --data-raw 'b=2' https://x.example/p"),
            {s("method POST"), s("url https://x.example/p"), s("body urlencoded"), s("field a=1"),
                s("field b=2")},
            {}},
        {"--data-urlencode name=value",
            s("curl --data-urlencode 'q=hello world & more' --data-urlencode 'lang=en' "
              "https://x.example/s"),
            {s("method POST"), s("url https://x.example/s"), s("body urlencoded"),
                s("field q=hello world & more"), s("field lang=en")},
            {}},
        {"--data-urlencode =value is not a pair",
            s("curl -d 'name=x' --data-urlencode '=a b' https://x.example/s"),
            {s("method POST"), s("url https://x.example/s"), s("body raw"),
                s("type application/x-www-form-urlencoded"), s("content name=x&a%20b")},
            {}},
        {"--data-urlencode name@file",
            s("curl --data-urlencode 'doc@") + bodyFile + s("' https://x.example/s"),
            {s("method POST"), s("url https://x.example/s"), s("body urlencoded"),
                s("field doc={\n  \"from\": \"file\"\n}\n")},
            {}, true},
        {"-G moves the data to the query",
            s("curl -G -d 'q=scenarist' -d 'limit=5' https://api.example.com/search"),
            {s("method GET"), s("url https://api.example.com/search"), s("query q=scenarist"),
                s("query limit=5"), s("body none")},
            {}},
        {"-G with --data-urlencode",
            s("curl -G --data-urlencode 'q=a&b' https://api.example.com/search"),
            {s("method GET"), s("url https://api.example.com/search"), s("query q=a&b"),
                s("body none")},
            {}},
        {"-I is HEAD", s("curl -I https://example.com/file.zip"),
            {s("method HEAD"), s("url https://example.com/file.zip"), s("body none")}, {}},
        {"-u user:password with a colon in the password",
            s("curl -u 'alice:s3cr:et' https://api.example.com/me"),
            {s("method GET"), s("url https://api.example.com/me"), s("body none"),
                s("user alice:s3cr:et")},
            {}},
        {"-u without a password", s("curl -u alice https://api.example.com/me"),
            {s("method GET"), s("url https://api.example.com/me"), s("body none"),
                s("user alice:")},
            s("no password")},
        {"-k -L --max-time", s("curl -k -L --max-time 12 https://self-signed.example/"),
            {s("method GET"), s("url https://self-signed.example/"), s("body none"),
                s("timeout 12"), s("redirects"), s("insecure")},
            {}},
        {"-m with a fraction rounds up", s("curl -m 0.5 https://x.example/"),
            {s("method GET"), s("url https://x.example/"), s("body none"), s("timeout 1")}, {}},
        {"--max-time beyond 300", s("curl --max-time 900 https://x.example/"),
            {s("method GET"), s("url https://x.example/"), s("body none"), s("timeout 300")},
            s("outside 1 to 300")},
        {"--compressed", s("curl --compressed https://x.example/"),
            {s("method GET"), s("url https://x.example/"), s("body none"), s("compressed")}, {}},
        {"-A and -e become headers",
            s("curl -A 'MyApp/1.0' -e 'https://ref.example/' https://x.example/"),
            {s("method GET"), s("url https://x.example/"), s("header User-Agent: MyApp/1.0"),
                s("header Referer: https://ref.example/"), s("body none")},
            {}},
        {"-b becomes a Cookie header", s("curl -b 'session=abc; theme=dark' https://x.example/"),
            {s("method GET"), s("url https://x.example/"),
                s("header Cookie: session=abc; theme=dark"), s("body none")},
            {}},
        {"--url", s("curl --url 'https://x.example/a?b=1'"),
            {s("method GET"), s("url https://x.example/a"), s("query b=1"), s("body none")}, {}},
        {"-F text and file",
            s("curl -F 'name=Ada' -F 'avatar=@/tmp/ada.png;type=image/png' "
              "https://x.example/upload"),
            {s("method POST"), s("url https://x.example/upload"), s("body multipart"),
                s("field name=Ada"), s("file avatar=@/tmp/ada.png;filename=;type=image/png")},
            {}},
        {"-F quoted file name with ; and filename=",
            s("curl -F 'doc=@\"report;v2.pdf\";filename=report.pdf' https://x.example/upload"),
            {s("method POST"), s("url https://x.example/upload"), s("body multipart"),
                s("file doc=@report;v2.pdf;filename=report.pdf;type=")},
            {}},
        {"--form-string keeps @ literal",
            s("curl --form-string 'note=@not-a-file' https://x.example/upload"),
            {s("method POST"), s("url https://x.example/upload"), s("body multipart"),
                s("field note=@not-a-file")},
            {}},
        {"-F text with its own type",
            s("curl -F 'caption=Hi;type=text/plain' https://x.example/upload"),
            {s("method POST"), s("url https://x.example/upload"), s("body multipart"),
                s("field caption=Hi")},
            s("own content type")},
        {"backslash-newline continuations",
            s("curl https://api.example.com/items \\\n  -X PUT \\\n  -H 'Accept: application/json' "
              "\\\r\n  -d 'a=1'"),
            {s("method PUT"), s("url https://api.example.com/items"),
                s("header Accept: application/json"), s("body urlencoded"), s("field a=1")},
            {}},
        {"$'' quoting with escapes",
            s(R"(curl -H 'content-type: application/json' --data-raw $'{\n  "text": "it\'s \u00e9 \x41"\n}' https://x.example/)"),
            {s("method POST"), s("url https://x.example/"), s("body raw"),
                s("type application/json"), s("content {\n  \"text\": \"it's \u00e9 A\"\n}")},
            {}},
        {"double quotes with escapes",
            s(R"(curl -H "Content-Type: application/json" -d "{\"a\": \"\$HOME \\\\ \`x\`\"}" https://x.example/)"),
            {s("method POST"), s("url https://x.example/"), s("body raw"),
                s("type application/json"), s(R"(content {"a": "$HOME \\ `x`"})")},
            {}},
        {"clustered short options",
            s("curl -sSL -XPUT -H'Accept: application/json' https://x.example/"),
            {s("method PUT"), s("url https://x.example/"), s("header Accept: application/json"),
                s("body none"), s("redirects")},
            {}},
        {"--json", s(R"(curl --json '{"a":1}' https://x.example/)"),
            {s("method POST"), s("url https://x.example/"), s("header Accept: application/json"),
                s("body raw"), s("type application/json"), s(R"(content {"a":1})")},
            {}},
        {"unknown option is a warning", s("curl --frobnicate https://x.example/"),
            {s("method GET"), s("url https://x.example/"), s("body none")}, s("--frobnicate")},
        {"proxy is a warning", s("curl -x http://proxy:3128 https://x.example/"),
            {s("method GET"), s("url https://x.example/"), s("body none")}, s("Ignored -x")},
        {"empty header with ;", s("curl -H 'X-Empty;' https://x.example/"),
            {s("method GET"), s("url https://x.example/"), s("header X-Empty: "), s("body none")},
            {}},
        {"header removal is a warning", s("curl -H 'Accept:' https://x.example/"),
            {s("method GET"), s("url https://x.example/"), s("body none")}, s("not to send")},
        {"Windows cmd carets",
            s("curl ^\"https://x.example/y?a=1^\" ^\r\n  -H ^\"accept: */*^\" ^\r\n  --compressed"),
            {s("method GET"), s("url https://x.example/y"), s("header accept: */*"), s("query a=1"),
                s("body none"), s("compressed")},
            {}},
        {"Chrome: GET with cookies and client hints",
            s("curl 'https://api.github.com/repos/qt/qtbase/issues?state=open&per_page=5' \\\n"
              "  -H 'accept: application/vnd.github+json' \\\n"
              "  -H 'accept-language: en-GB,en;q=0.9' \\\n"
              "  -H 'cache-control: no-cache' \\\n"
              "  -b '_octo=GH1.1.123; logged_in=no' \\\n"
              "  -H 'sec-ch-ua: \"Chromium\";v=\"124\", \"Google Chrome\";v=\"124\", "
              "\"Not-A.Brand\";v=\"99\"' \\\n"
              "  -H 'sec-fetch-mode: cors' \\\n"
              "  -H 'user-agent: ")
                + chromeUa + s("'"),
            {s("method GET"), s("url https://api.github.com/repos/qt/qtbase/issues"),
                s("header accept: application/vnd.github+json"),
                s("header accept-language: en-GB,en;q=0.9"), s("header cache-control: no-cache"),
                s("header Cookie: _octo=GH1.1.123; logged_in=no"),
                s("header sec-ch-ua: \"Chromium\";v=\"124\", \"Google Chrome\";v=\"124\", "
                  "\"Not-A.Brand\";v=\"99\""),
                s("header sec-fetch-mode: cors"), s("header user-agent: ") + chromeUa,
                s("query state=open"), s("query per_page=5"), s("body none")},
            {}},
        {"Chrome: POST JSON, --compressed",
            s("curl 'https://www.example.com/api/graphql' \\\n"
              "  -H 'accept: */*' \\\n"
              "  -H 'content-type: application/json' \\\n"
              "  -H 'origin: https://www.example.com' \\\n"
              "  --data-raw '{\"operationName\":\"Search\",\"variables\":{\"q\":\"qt\"}}' \\\n"
              "  --compressed"),
            {s("method POST"), s("url https://www.example.com/api/graphql"),
                s("header accept: */*"), s("header origin: https://www.example.com"), s("body raw"),
                s("type application/json"),
                s("content {\"operationName\":\"Search\",\"variables\":{\"q\":\"qt\"}}"),
                s("compressed")},
            {}},
        {"Chrome: $'' body with a newline and a quote",
            s("curl 'https://chat.example.com/api/messages' \\\n"
              "  -H 'content-type: application/json; charset=utf-8' \\\n"
              "  --data-raw $'{\"text\":\"it\\'s done\\\\nbye\"}'"),
            {s("method POST"), s("url https://chat.example.com/api/messages"), s("body raw"),
                s("type application/json; charset=utf-8"),
                s("content {\"text\":\"it's done\\nbye\"}")},
            {}},
        {"Chrome: form login",
            s("curl 'https://login.example.com/session' \\\n"
              "  -H 'content-type: application/x-www-form-urlencoded' \\\n"
              "  --data-raw 'username=ada&password=p%40ss%26word'"),
            {s("method POST"), s("url https://login.example.com/session"), s("body urlencoded"),
                s("field username=ada"), s("field password=p@ss&word")},
            {}},
        {"Firefox: GET",
            s("curl 'https://developer.mozilla.org/api/v1/whoami' -H 'User-Agent: ") + firefoxUa
                + s("' -H 'Accept: */*' -H 'Accept-Language: en-US,en;q=0.5' -H 'Accept-Encoding: "
                    "gzip, deflate, br' -H 'Referer: https://developer.mozilla.org/en-US/' -H "
                    "'Connection: keep-alive' -H 'Sec-Fetch-Dest: empty'"),
            {s("method GET"), s("url https://developer.mozilla.org/api/v1/whoami"),
                s("header User-Agent: ") + firefoxUa, s("header Accept: */*"),
                s("header Accept-Language: en-US,en;q=0.5"),
                s("header Accept-Encoding: gzip, deflate, br"),
                s("header Referer: https://developer.mozilla.org/en-US/"),
                s("header Connection: keep-alive"), s("header Sec-Fetch-Dest: empty"),
                s("body none")},
            {}},
        {"Firefox: POST JSON with -X POST",
            s("curl 'https://httpbin.org/post' -X POST -H 'User-Agent: ") + firefoxUa
                + s("' -H 'Accept: application/json' -H 'Content-Type: application/json' -H "
                    "'Origin: https://httpbin.org' --data-raw "
                    "'{\"id\":42,\"tags\":[\"a\",\"b\"]}'"),
            {s("method POST"), s("url https://httpbin.org/post"),
                s("header User-Agent: ") + firefoxUa, s("header Accept: application/json"),
                s("header Origin: https://httpbin.org"), s("body raw"), s("type application/json"),
                s("content {\"id\":42,\"tags\":[\"a\",\"b\"]}")},
            {}},
        {"Firefox: form with a charset keeps its header",
            s("curl 'https://search.example.org/' -X POST -H 'Content-Type: "
              "application/x-www-form-urlencoded; charset=UTF-8' --data-raw 'q=qt+6&page=1'"),
            {s("method POST"), s("url https://search.example.org/"),
                s("header Content-Type: application/x-www-form-urlencoded; charset=UTF-8"),
                s("body urlencoded"), s("field q=qt 6"), s("field page=1")},
            {}},
        {"Firefox: multipart body as --data-binary",
            s("curl 'https://upload.example.org/form' \\\n  -X POST \\\n"
              "  -H 'Content-Type: multipart/form-data; boundary=----geckoformboundary1' \\\n"
              "  --data-binary $'------geckoformboundary1\\r\\nContent-Disposition: form-data; "
              "name=\"a\"\\r\\n\\r\\n1\\r\\n------geckoformboundary1--\\r\\n'"),
            {s("method POST"), s("url https://upload.example.org/form"), s("body raw"),
                s("type multipart/form-data; boundary=----geckoformboundary1"),
                s("content ------geckoformboundary1\r\nContent-Disposition: form-data; "
                  "name=\"a\"\r\n\r\n1\r\n------geckoformboundary1--\r\n")},
            {}},
        {"Firefox: PUT with bytes that are not text",
            s("curl 'https://files.example.org/blob' -X PUT -H 'Content-Type: "
              "application/octet-stream' --data-binary $'\\x89PNG\\r\\n'"),
            {s("method PUT"), s("url https://files.example.org/blob"), s("body raw"),
                s("type application/octet-stream"), s("content \ufffdPNG\r\n")},
            s("not text")},
        {"Stripe docs: -u key: and -d pairs",
            s("curl https://api.stripe.com/v1/charges \\\n  -u sk_test_123: \\\n  -d amount=2000 "
              "\\\n  -d currency=usd \\\n  -d \"description=My First Test Charge (created for API "
              "docs)\""),
            {s("method POST"), s("url https://api.stripe.com/v1/charges"), s("body urlencoded"),
                s("field amount=2000"), s("field currency=usd"),
                s("field description=My First Test Charge (created for API docs)"),
                s("user sk_test_123:")},
            {}},
        {"GitHub docs: -L -X POST with '\\'' quoting",
            s("curl -L \\\n  -X POST \\\n  -H \"Accept: application/vnd.github+json\" \\\n"
              "  -H \"Authorization: Bearer <YOUR-TOKEN>\" \\\n"
              "  -H \"X-GitHub-Api-Version: 2022-11-28\" \\\n"
              "  https://api.github.com/repos/OWNER/REPO/issues \\\n"
              "  -d '{\"title\":\"Found a bug\",\"body\":\"I'\\''m having a problem.\"}'"),
            {s("method POST"), s("url https://api.github.com/repos/OWNER/REPO/issues"),
                s("header Accept: application/vnd.github+json"),
                s("header Authorization: Bearer <YOUR-TOKEN>"),
                s("header X-GitHub-Api-Version: 2022-11-28"), s("body raw"),
                s("type application/x-www-form-urlencoded"),
                s("content {\"title\":\"Found a bug\",\"body\":\"I'm having a problem.\"}"),
                s("redirects")},
            s("looks like JSON")},
        {"a shell prompt before curl", s("$ curl https://x.example/"),
            {s("method GET"), s("url https://x.example/"), s("body none")}, {}},
        {"--oauth2-bearer", s("curl --oauth2-bearer tok123 https://x.example/"),
            {s("method GET"), s("url https://x.example/"), s("header Authorization: Bearer tok123"),
                s("body none")},
            {}},
        {"URL without a scheme", s("curl example.com/path"),
            {s("method GET"), s("url http://example.com/path"), s("body none")}, s("no scheme")},
        {"fragment is dropped", s("curl 'https://x.example/a?b=1#top'"),
            {s("method GET"), s("url https://x.example/a"), s("query b=1"), s("body none")}, {}},
        {"query with + and percent escapes", s("curl 'https://x.example/s?q=a+b%26c&e='"),
            {s("method GET"), s("url https://x.example/s"), s("query q=a b&c"), s("query e="),
                s("body none")},
            {}},
        {"query with a bare flag stays in the URL", s("curl 'https://x.example/s?debug&a=1'"),
            {s("method GET"), s("url https://x.example/s?debug&a=1"), s("body none")}, {}},
        {"-d @file strips newlines",
            s("curl -H 'Content-Type: application/json' -d @") + bodyFile
                + s(" https://x.example/"),
            {s("method POST"), s("url https://x.example/"), s("body raw"),
                s("type application/json"), s("content {  \"from\": \"file\"}")},
            {}, true},
        {"--data-binary @file keeps newlines",
            s("curl -H 'Content-Type: application/json' --data-binary @") + bodyFile
                + s(" https://x.example/"),
            {s("method POST"), s("url https://x.example/"), s("body raw"),
                s("type application/json"), s("content {\n  \"from\": \"file\"\n}\n")},
            {}, true},
        {"-d @missing file", s("curl -d @/nonexistent/body.json https://x.example/"),
            {s("method POST"), s("url https://x.example/"), s("body raw"),
                s("type application/x-www-form-urlencoded"),
                s("content [the file /nonexistent/body.json, not read]")},
            s("could not find the file \"/nonexistent/body.json\""), true},
        {"--cacert", s("curl --cacert /etc/ssl/my-ca.pem https://x.example/"),
            {s("method GET"), s("url https://x.example/"), s("body none"),
                s("ca /etc/ssl/my-ca.pem")},
            {}},
        {"curl.exe with double quotes",
            s("curl.exe -X POST \"https://x.example/api\" -H \"Content-Type: text/plain\" -d \"hi "
              "there\""),
            {s("method POST"), s("url https://x.example/api"), s("body raw"), s("type text/plain"),
                s("content hi there")},
            {}},
        {"XML body", s("curl -H 'Content-Type: application/xml' -d '<a>1</a>' https://x.example/"),
            {s("method POST"), s("url https://x.example/"), s("body raw"),
                s("type application/xml"), s("content <a>1</a>")},
            {}},
    };
}

} // namespace

class TestCurl : public QObject
{
    Q_OBJECT

private slots:
    void parsesCommands_data();
    void parsesCommands();
    void refusesBrokenCommands_data();
    void refusesBrokenCommands();
    void configuredRequestRoundTrips_data();
    void configuredRequestRoundTrips();
    void sentRequestRoundTrips_data();
    void sentRequestRoundTrips();
    void masksSecretsUnlessRevealed();
    void parseNeverReadsFiles_data();
    void parseNeverReadsFiles();
    void readFilesRefuses_data();
    void readFilesRefuses();
    void pipesBodiesWithNulBytes();
};

void TestCurl::parsesCommands_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QString>("warning");
    QTest::addColumn<bool>("readFiles");
    for (const Row &row : rows())
        QTest::newRow(row.name) << row.command << row.expected << row.warning << row.readFiles;
}

void TestCurl::parsesCommands()
{
    QFETCH(QString, command);
    QFETCH(QStringList, expected);
    QFETCH(QString, warning);
    QFETCH(bool, readFiles);
    CurlCommand::ParseResult result = CurlCommand::parse(command);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.inlinedFiles().isEmpty(), !readFiles);
    if (readFiles) {
        FileAccessPolicy policy;
        policy.anywhere = true;
        CurlCommand::readFiles(result, policy);
        QVERIFY2(result.ok(), qPrintable(result.error));
    }
    QCOMPARE(describe(result.spec), expected);
    if (warning.isEmpty()) {
        QVERIFY2(result.warnings.isEmpty(), qPrintable(result.warnings.join(QLatin1Char('\n'))));
    } else {
        QVERIFY2(result.warnings.join(QLatin1Char('\n')).contains(warning),
            qPrintable(result.warnings.join(QLatin1Char('\n'))));
    }
}

void TestCurl::refusesBrokenCommands_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("error");
    QTest::newRow("empty") << QString() << s("no command");
    QTest::newRow("unbalanced single quote") << s("curl 'https://x.example/") << s("single quote");
    QTest::newRow("unbalanced double quote") << s("curl \"https://x.example/") << s("double quote");
    QTest::newRow("unbalanced $''") << s("curl https://x.example/ -d $'abc") << s("$'");
    QTest::newRow("wget") << s("wget https://x.example/") << s("not a curl command");
    QTest::newRow("just a URL") << s("https://x.example/") << s("not a curl command");
    QTest::newRow("option without its value") << s("curl https://x.example/ -H") << s("-H needs");
    QTest::newRow("no URL") << s("curl -X POST -d a=1") << s("no URL");
}

void TestCurl::refusesBrokenCommands()
{
    QFETCH(QString, command);
    QFETCH(QString, error);
    const CurlCommand::ParseResult result = CurlCommand::parse(command);
    QVERIFY(!result.ok());
    QVERIFY2(result.error.contains(error), qPrintable(result.error));
}

void TestCurl::configuredRequestRoundTrips_data()
{
    QTest::addColumn<HttpRequestSpec>("spec");
    HttpRequestSpec get;
    get.url = s("https://api.example.com/items");
    get.query = {{s("tag"), s("a & b")}, {s("tag"), s("c")}};
    get.headers = {{s("Accept"), s("application/json")}, {s("X-Empty"), QString()}};
    QTest::newRow("GET with query and headers") << get;

    HttpRequestSpec json;
    json.method = s("POST");
    json.url = s("https://api.example.com/items");
    json.bodyType = BodyType::Raw;
    json.rawContent = s("{\n  \"name\": \"it's \\\"quoted\\\"\",\n  \"caf\u00e9\": true\n}");
    json.timeoutSeconds = 12;
    QTest::newRow("POST JSON with quotes and newlines") << json;

    HttpRequestSpec form;
    form.method = s("POST");
    form.url = s("https://auth.example.com/token");
    form.bodyType = BodyType::UrlEncoded;
    form.urlEncodedFields
        = {{s("grant_type"), s("client_credentials")}, {s("odd name"), s("a=b&c d+e")}};
    form.requestCompressed = false;
    QTest::newRow("urlencoded fields") << form;

    HttpRequestSpec multipart;
    multipart.method = s("PUT");
    multipart.url = s("https://x.example/upload");
    multipart.bodyType = BodyType::Multipart;
    multipart.multipartFields = {MultipartField {s("title"), s("@literal"), {}, {}, {}},
        MultipartField {s("doc"), {}, s("/tmp/a;b.pdf"), s("a.pdf"), s("application/pdf")}};
    QTest::newRow("multipart with a file") << multipart;

    HttpRequestSpec auth;
    auth.url = s("https://self-signed.example/me");
    auth.username = s("alice");
    auth.password = s("p@ss:word");
    auth.rejectUnverifiedCertificates = false;
    auth.followRedirects = false;
    auth.caCertificate = s("/etc/ssl/ca.pem");
    QTest::newRow("basic auth, insecure, CA, no redirects") << auth;

    HttpRequestSpec text;
    text.method = s("DELETE");
    text.url = s("https://x.example/items?keep=1");
    text.bodyType = BodyType::Raw;
    text.rawContentType = s("text/plain");
    text.rawContent = s("@starts with an at sign");
    QTest::newRow("DELETE with a text body starting with @") << text;
}

void TestCurl::configuredRequestRoundTrips()
{
    QFETCH(HttpRequestSpec, spec);
    const QString command = CurlCommand::fromSpec(spec);
    const CurlCommand::ParseResult back = CurlCommand::parse(command);
    QVERIFY2(back.ok(), qPrintable(back.error));
    HttpRequestSpec expected = spec;
    // The URL's own query comes back in the query list.
    if (expected.url.contains(QLatin1Char('?'))) {
        const qsizetype q = expected.url.indexOf(QLatin1Char('?'));
        expected.query.prepend({expected.url.mid(q + 1).section(QLatin1Char('='), 0, 0),
            expected.url.mid(q + 1).section(QLatin1Char('='), 1)});
        expected.url.truncate(q);
    }
    QCOMPARE(describe(back.spec), describe(expected));
    QVERIFY2(back.warnings.isEmpty(), qPrintable(back.warnings.join(QLatin1Char('\n'))));
}

void TestCurl::sentRequestRoundTrips_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("GET") << QByteArray("GET") << QByteArray();
    QTest::newRow("POST text") << QByteArray("POST") << QByteArray("a=1&b=two words");
    QTest::newRow("PUT with newlines and quotes")
        << QByteArray("PUT") << QByteArray("{\n \"it's\": \"\\\\ $HOME `x` \"\n}\r\n");
    QTest::newRow("PATCH starting with @") << QByteArray("PATCH") << QByteArray("@file");
    QTest::newRow("HEAD") << QByteArray("HEAD") << QByteArray();
    QTest::newRow("DELETE") << QByteArray("DELETE") << QByteArray();
}

void TestCurl::sentRequestRoundTrips()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, body);
    const QList<CurlCommand::Header> headers {{"User-Agent", "Scenarist/0.1"},
        {"X-Trace", "a'b\"c"}, {"Content-Type", "text/plain"},
        {"Content-Length", QByteArray::number(body.size())}};
    const QString command = CurlCommand::fromRequest(
        method, QUrl(s("https://x.example/a?b=1&c=d%20e")), headers, body, {}, true);
    QVERIFY2(!command.contains(QLatin1String("Content-Length")), qPrintable(command));
    const CurlCommand::ParseResult back = CurlCommand::parse(command);
    QVERIFY2(back.ok(), qPrintable(back.error));
    QCOMPARE(back.spec.method, QString::fromLatin1(method));
    QCOMPARE(back.spec.url, s("https://x.example/a"));
    QCOMPARE(back.spec.query, (QList<NameValue> {{s("b"), s("1")}, {s("c"), s("d e")}}));
    QList<NameValue> expectedHeaders {
        {s("User-Agent"), s("Scenarist/0.1")}, {s("X-Trace"), s("a'b\"c")}};
    if (body.isEmpty())
        expectedHeaders.append({s("Content-Type"), s("text/plain")});
    QCOMPARE(back.spec.headers, expectedHeaders);
    if (!body.isEmpty()) {
        QCOMPARE(int(back.spec.bodyType), int(BodyType::Raw));
        QCOMPARE(back.spec.rawContentType, s("text/plain"));
        QCOMPARE(back.spec.rawContent, QString::fromUtf8(body));
    } else {
        QCOMPARE(int(back.spec.bodyType), int(BodyType::None));
    }
}

void TestCurl::parseNeverReadsFiles_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QList<CurlCommand::FileReference>>("files");
    using Ref = CurlCommand::FileReference;

    QTest::newRow("-d @file") << s(
        "curl -H 'Content-Type: application/json' -d @/home/me/.ssh/id_rsa https://x.example/")
                              << QStringList {s("method POST"), s("url https://x.example/"),
                                     s("body raw"), s("type application/json"),
                                     s("content [the file /home/me/.ssh/id_rsa, not read]")}
                              << QList<Ref> {{s("/home/me/.ssh/id_rsa"), s("-d"), true}};
    QTest::newRow("--data-binary @/dev/zero never blocks nor fills the memory")
        << s("curl --data-binary @/dev/zero https://x.example/")
        << QStringList {s("method POST"), s("url https://x.example/"), s("body raw"),
               s("type application/x-www-form-urlencoded"),
               s("content [the file /dev/zero, not read]")}
        << QList<Ref> {{s("/dev/zero"), s("--data-binary"), true}};
    QTest::newRow("--data-urlencode name@file")
        << s("curl --data-urlencode 'doc@/etc/passwd' https://x.example/s")
        << QStringList {s("method POST"), s("url https://x.example/s"), s("body urlencoded"),
               s("field doc=[the file /etc/passwd, not read]")}
        << QList<Ref> {{s("/etc/passwd"), s("--data-urlencode"), true}};
    QTest::newRow("--json @file") << s("curl --json @body.json https://x.example/")
                                  << QStringList {s("method POST"), s("url https://x.example/"),
                                         s("header Accept: application/json"), s("body raw"),
                                         s("type application/json"),
                                         s("content [the file body.json, not read]")}
                                  << QList<Ref> {{s("body.json"), s("--json"), true}};
    QTest::newRow("-F name=<file and name=@file")
        << s("curl -F 'text=</etc/hostname' -F 'up=@/etc/passwd' https://x.example/")
        << QStringList {s("method POST"), s("url https://x.example/"), s("body multipart"),
               s("field text=[the file /etc/hostname, not read]"),
               s("file up=@/etc/passwd;filename=;type=")}
        << QList<Ref> {{s("/etc/hostname"), s("-F"), true}, {s("/etc/passwd"), s("-F"), false}};
    QTest::newRow("the same file twice is listed once")
        << s("curl -d @a.txt -d @a.txt https://x.example/")
        << QStringList {s("method POST"), s("url https://x.example/"), s("body raw"),
               s("type application/x-www-form-urlencoded"),
               s("content [the file a.txt, not read]&[the file a.txt, not read]")}
        << QList<Ref> {{s("a.txt"), s("-d"), true}};
}

void TestCurl::parseNeverReadsFiles()
{
    QFETCH(QString, command);
    QFETCH(QStringList, expected);
    using Ref = CurlCommand::FileReference;
    QFETCH(QList<Ref>, files);
    QElapsedTimer clock;
    clock.start();
    const CurlCommand::ParseResult result = CurlCommand::parse(command);
    QVERIFY(clock.elapsed() < 2000);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(describe(result.spec), expected);
    QCOMPARE(result.files, files);
}

void TestCurl::readFilesRefuses_data()
{
    QTest::addColumn<QString>("path"); // $DIR: a temporary folder
    QTest::addColumn<qint64>("maxBytes");
    QTest::addColumn<QString>("refusal");
    QTest::newRow("/dev/zero") << s("/dev/zero") << qint64(0)
                               << s("Scenarist did not read \"/dev/zero\": it is in /dev");
    QTest::newRow("/proc/self/environ")
        << s("/proc/self/environ") << qint64(0) << s("a system folder");
    QTest::newRow("a FIFO") << s("$DIR/pipe") << qint64(0) << s("it is not a regular file");
    QTest::newRow("a folder") << s("$DIR") << qint64(0) << s("it is a folder");
    QTest::newRow("too large") << s("$DIR/body.txt") << qint64(4) << s("it is larger than 4 bytes");
    QTest::newRow("missing") << s("$DIR/none.txt") << qint64(0) << s("could not find the file");
}

void TestCurl::readFilesRefuses()
{
    QFETCH(QString, path);
    QFETCH(qint64, maxBytes);
    QFETCH(QString, refusal);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QCOMPARE(::mkfifo(QFile::encodeName(dir.filePath(s("pipe"))).constData(), 0600), 0);
    QFile body(dir.filePath(s("body.txt")));
    QVERIFY(body.open(QIODevice::WriteOnly));
    body.write("a=1&b=2");
    body.close();
    path.replace(s("$DIR"), dir.path());

    // One file refused, the other read: the command is read again with what was allowed.
    CurlCommand::ParseResult result = CurlCommand::parse(s("curl -d @") + path + s(" -d @")
        + dir.filePath(s("body.txt")) + s(" https://x.example/"));
    QVERIFY(result.ok());
    FileAccessPolicy policy;
    policy.anywhere = true;
    if (maxBytes > 0)
        policy.maxBytes = maxBytes;
    QElapsedTimer clock;
    clock.start();
    const QStringList refusals = CurlCommand::readFiles(result, policy);
    QVERIFY(clock.elapsed() < 2000);
    QVERIFY2(!refusals.isEmpty() && refusals.first().contains(refusal),
        qPrintable(refusals.join(QLatin1Char('\n'))));
    QVERIFY(result.warnings.contains(refusals.first()));
    const QString placeholder = CurlCommand::placeholder(path);
    if (maxBytes > 0) {
        QCOMPARE(refusals.size(), 1); // both -d name the too-large file: refused once
        QCOMPARE(
            describe(result.spec).constLast(), s("content ") + placeholder + s("&") + placeholder);
    } else {
        QCOMPARE(refusals.size(), 1);
        QCOMPARE(describe(result.spec).constLast(), s("content ") + placeholder + s("&a=1&b=2"));
    }
}

void TestCurl::masksSecretsUnlessRevealed()
{
    const QList<CurlCommand::Header> headers {
        {"Authorization", "Bearer tok-123456"}, {"X-Api-Key", "key-abcdef"}};
    const QUrl url(s("https://x.example/a?secret=key-abcdef"));
    const QByteArray body("client_secret=s%26cret&x=1");
    const QStringList secrets {s("key-abcdef"), s("s&cret")};
    const QString masked = CurlCommand::fromRequest("POST", url, headers, body, secrets, false);
    for (const char *hidden : {"tok-123456", "key-abcdef", "s%26cret"})
        QVERIFY2(!masked.contains(QLatin1String(hidden)), qPrintable(masked));
    QVERIFY2(masked.contains(QLatin1String("Authorization: Bearer ********")), qPrintable(masked));
    QVERIFY2(masked.contains(QLatin1String("client_secret=********")), qPrintable(masked));
    const QString revealed = CurlCommand::fromRequest("POST", url, headers, body, secrets, true);
    for (const char *shown : {"tok-123456", "key-abcdef", "s%26cret"})
        QVERIFY2(revealed.contains(QLatin1String(shown)), qPrintable(revealed));
}

void TestCurl::pipesBodiesWithNulBytes()
{
    const QByteArray body("a\0b\xff%\\'", 8);
    const QString command
        = CurlCommand::fromRequest("PUT", QUrl(s("http://127.0.0.1:1/x")), {}, body, {}, true);
    QVERIFY2(command.startsWith(QLatin1String("printf '")), qPrintable(command));
    QVERIFY2(command.contains(QLatin1String("--data-binary '@-'")), qPrintable(command));
    // What bash's printf makes of it must be the body, byte for byte.
    const QString printfPart = command.left(command.indexOf(QLatin1String(" | curl")));
    QProcess bash;
    bash.start(s("bash"), {s("-c"), printfPart});
    QVERIFY(bash.waitForFinished(10000));
    QCOMPARE(bash.readAllStandardOutput(), body);
}

QTEST_GUILESS_MAIN(TestCurl)
#include "tst_curl.moc"
