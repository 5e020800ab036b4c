// bench_large_response: a JSON response of about 100 MB, served from a loopback QTcpServer in
// this process (generated as it is sent, so the server holds only a few MB), run through the
// engine (ScenarioRunner + HttpExecutor) and shown in the inspector (InspectorPanel::setRun)
// while a 1 ms timer on the UI thread measures the longest event-loop stall. Prints figures.
// Usage (offscreen): bench_large_response [--mb N]

#include "BenchSupport.h"

#include "core/mapping/FieldTemplate.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "ui/inspector/InspectorPanel.h"
#include "ui/inspector/JsonTreeModel.h"
#include "ui/inspector/JsonTreeView.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <cstdio>

namespace {

// {"page":1,"items":[{"id":1,"name":"Item number 1",...},...]} generated piece by piece.
class BodyGenerator
{
public:
    explicit BodyGenerator(qint64 targetBytes)
    {
        // One pass to count, so that Content-Length is known before the first byte.
        m_total = head().size() + tail().size();
        while (m_total < targetBytes) {
            ++m_items;
            m_total += item(m_items).size() + (m_items > 1 ? 1 : 0);
        }
    }
    qint64 totalBytes() const { return m_total; }
    qint64 items() const { return m_items; }

    /// The next piece of about `bytes` bytes; empty at the end.
    QByteArray next(qint64 bytes)
    {
        QByteArray out;
        if (m_state == Head) {
            out += head();
            m_state = Items;
        }
        while (m_state == Items && out.size() < bytes) {
            if (m_next > m_items) {
                out += tail();
                m_state = Done;
                break;
            }
            if (m_next > 1)
                out += ',';
            out += item(m_next++);
        }
        return out;
    }

private:
    static QByteArray head() { return QByteArrayLiteral("{\"page\":1,\"per_page\":0,\"items\":["); }
    static QByteArray tail() { return QByteArrayLiteral("],\"next\":null}"); }
    static QByteArray item(qint64 i)
    {
        const QByteArray n = QByteArray::number(i);
        return "{\"id\":" + n + ",\"name\":\"Item number " + n
            + "\",\"price\":12.5,\"tags\":[\"red\",\"green\"],\"owner\":{\"id\":7}}";
    }

    enum State { Head, Items, Done };
    State m_state = Head;
    qint64 m_items = 0;
    qint64 m_next = 1;
    qint64 m_total = 0;
};

// Answers every connection with the generated body, writing only while the socket drains.
class LargeJsonServer : public QTcpServer
{
public:
    explicit LargeJsonServer(const BodyGenerator &body)
        : m_body(body)
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection())
                serve(socket);
        });
    }

private:
    void serve(QTcpSocket *socket)
    {
        auto generator = std::make_shared<BodyGenerator>(m_body);
        auto request = std::make_shared<QByteArray>();
        auto started = std::make_shared<bool>(false);
        const auto pump = [socket, generator] {
            while (socket->bytesToWrite() < 4 * 1024 * 1024) {
                const QByteArray piece = generator->next(1024 * 1024);
                if (piece.isEmpty()) {
                    socket->disconnectFromHost();
                    return;
                }
                socket->write(piece);
            }
        };
        connect(socket, &QTcpSocket::readyRead, socket, [=] {
            request->append(socket->readAll());
            if (*started || !request->contains("\r\n\r\n"))
                return;
            *started = true;
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + QByteArray::number(generator->totalBytes()) + "\r\nConnection: close\r\n\r\n");
            pump();
        });
        connect(socket, &QTcpSocket::bytesWritten, socket, [=] {
            if (*started && socket->state() == QAbstractSocket::ConnectedState)
                pump();
        });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }

    BodyGenerator m_body; ///< counted once, copied for each connection
};

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption sizeOption(QStringLiteral("mb"),
        QStringLiteral("Body size in MB (10^6 bytes)."), QStringLiteral("N"),
        QStringLiteral("100"));
    const QCommandLineOption rawOption(QStringLiteral("raw"),
        QStringLiteral("Keep the body as text (Parse response "
                       "off), to see what the transfer alone "
                       "costs."));
    parser.addOptions({sizeOption, rawOption});
    parser.process(app);
    const qint64 target = qBound(1, parser.value(sizeOption).toInt(), 1000) * 1000000LL;

    // The server has a thread of its own, so that generating the body does not count as a
    // stall of the UI thread.
    const BodyGenerator sizes(target);
    QThread serverThread;
    QObject inServerThread; // the context that runs code in that thread
    inServerThread.moveToThread(&serverThread);
    serverThread.start();
    LargeJsonServer *server = nullptr;
    quint16 port = 0;
    QMetaObject::invokeMethod(
        &inServerThread,
        [&] {
            server = new LargeJsonServer(sizes);
            if (server->listen(QHostAddress::LocalHost, 0))
                port = server->serverPort();
        },
        Qt::BlockingQueuedConnection);
    const auto stopServer = [&] {
        QMetaObject::invokeMethod(
            &inServerThread, [&] { delete server; }, Qt::BlockingQueuedConnection);
        serverThread.quit();
        serverThread.wait();
    };
    if (port == 0) {
        std::fprintf(stderr, "bench_large_response: cannot listen on 127.0.0.1\n");
        stopServer();
        return 1;
    }

    Module module;
    module.id = 1;
    module.label = QStringLiteral("Large list");
    module.config.method = QStringLiteral("GET");
    module.config.url = QStringLiteral("http://127.0.0.1:%1/items").arg(port);
    module.config.parseResponse = !parser.isSet(rawOption);
    module.config.timeoutSeconds = 300;
    Scenario scenario;
    scenario.reset(QStringLiteral("large"), {module}, {});

    InspectorPanel panel;
    panel.resize(900, 700);
    panel.show();
    QCoreApplication::processEvents();
    const double rssBefore = bench::currentRssMb();

    ScenarioRunner runner;
    runner.setMaxResponseBytes(target + 64 * 1024 * 1024);

    // The stall meter: the largest gap between two ticks of a 1 ms timer on this thread.
    QElapsedTimer clock;
    qint64 lastTick = 0;
    qint64 longestStall = 0;
    qint64 longestStallAt = 0;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(1);
    QObject::connect(&ticker, &QTimer::timeout, &ticker, [&] {
        const qint64 now = clock.elapsed();
        if (now - lastTick > longestStall) {
            longestStall = now - lastTick;
            longestStallAt = lastTick;
        }
        lastTick = now;
    });

    qint64 expandMs = -1;
    int expandedRows = 0;
    QString expandedSummary;
    QString mappedText;
    QString mappedFirst;
    qint64 mapLastMs = -1;
    qint64 mapFirstMs = -1;
    QString mappedLength;
    qint64 mapLengthMs = -1;
    qint64 runDoneMs = -1;
    qint64 shownMs = -1;
    double rssAfterRun = 0;
    bool ok = false;
    ModuleRun run;
    QObject::connect(&runner, &ScenarioRunner::runFinished, &app, [&](bool succeeded) {
        runDoneMs = clock.elapsed();
        ok = succeeded;
        rssAfterRun = bench::currentRssMb();
        run = runner.results().run(1);
        if (!succeeded) {
            std::fprintf(
                stderr, "bench_large_response: the run failed: %s\n", qPrintable(run.error));
            app.exit(1);
            return;
        }
        panel.setRun(module, run);
        // Shown when the panel's tree has its top level (at once when the engine parsed it).
        const auto shown = [&] {
            QCoreApplication::processEvents();
            shownMs = clock.elapsed();
            // Then what a person does next: open the big list, and map an item far into it.
            QTimer::singleShot(200, &app, [&] {
                JsonTreeModel *model = panel.dataModel();
                QElapsedTimer step;
                step.start();
                for (int row = 0; row < model->rowCount(); ++row) {
                    const QModelIndex index = model->index(row, 0);
                    if (model->hasChildren(index)) {
                        panel.dataView()->expand(index);
                        if (model->canFetchMore(index))
                            model->fetchMore(index);
                        QCoreApplication::processEvents();
                        expandMs = step.elapsed();
                        expandedRows = model->rowCount(index);
                        expandedSummary
                            = model->index(row, JsonTreeModel::ValueColumn).data().toString();
                        break;
                    }
                }
                if (!module.config.parseResponse) {
                    QTimer::singleShot(300, &app, [&] { app.exit(0); });
                    return;
                }
                MappingContext context;
                context.moduleOutputs = runner.results().outputs();
                context.largeData = runner.results().largeOutputs();
                const QString lastItem
                    = QStringLiteral("{{1.data.items[%1].name}}").arg(sizes.items());
                step.restart();
                mappedText = evaluateField(lastItem, context).text;
                mapLastMs = step.elapsed();
                step.restart();
                mappedFirst
                    = evaluateField(QStringLiteral("{{1.data.items[1].name}}"), context).text;
                mapFirstMs = step.elapsed();
                step.restart();
                mappedLength
                    = evaluateField(QStringLiteral("{{length(1.data.items)}}"), context).text;
                mapLengthMs = step.elapsed();
                QTimer::singleShot(300, &app, [&] { app.exit(0); }); // stalls just after
            });
        };
        if (panel.dataModel()->rowCount() > 0)
            shown();
        else
            QObject::connect(
                panel.dataModel(), &JsonTreeModel::loaded, &app, shown, Qt::SingleShotConnection);
    });
    QTimer::singleShot(300000, &app, [&] {
        std::fprintf(stderr, "bench_large_response: gave up after 300 s\n");
        app.exit(1);
    });

    clock.start();
    ticker.start();
    runner.runAll(scenario);
    const int code = app.exec();
    ticker.stop();
    stopServer();
    if (code != 0 || !ok)
        return 1;

    const double bodyMb = sizes.totalBytes() / 1e6;
    const HttpTimings &t = run.exchange.timings;
    std::printf("   response: %.1f MB JSON, %lld items, served from 127.0.0.1 by a thread of this "
                "process; %s\n",
        bodyMb, sizes.items(),
        module.config.parseResponse ? "parsed as JSON" : "kept as text (--raw)");
    std::printf("   engine: first byte %lld ms, body received %lld ms, run finished "
                "(body parsed or decoded) %lld ms\n",
        t.firstByteMs, t.totalMs, runDoneMs);
    std::printf("   inspector: top level shown %lld ms after the request started (%lld ms after "
                "the run finished)\n",
        shownMs, shownMs - runDoneMs);
    if (expandMs >= 0) {
        std::printf("   inspector: opening the list %s took %lld ms (%d rows shown)\n",
            qPrintable(expandedSummary), expandMs, expandedRows);
    }
    if (mapLastMs >= 0) {
        std::printf("   mapping {{1.data.items[%lld].name}}: %lld ms (\"%s\"); "
                    "{{1.data.items[1].name}}: %lld ms (\"%s\")\n",
            sizes.items(), mapLastMs, qPrintable(mappedText), mapFirstMs, qPrintable(mappedFirst));
        std::printf("   mapping {{length(1.data.items)}}: %lld ms (%s)\n", mapLengthMs,
            qPrintable(mappedLength));
    }
    std::printf(
        "   longest UI event-loop stall %lld ms (at %lld ms)\n", longestStall, longestStallAt);
    const double peak = bench::peakRssMb();
    std::printf("   RSS: %.0f MB before, %.0f MB after the run, %.0f MB at the end; peak %.0f MB "
                "= %.1f x the body\n",
        rssBefore, rssAfterRun, bench::currentRssMb(), peak, peak / (bodyMb / 1.048576));
    return 0;
}
