// scenarist-sandbox: the built-in sandbox API alone, on 127.0.0.1, until killed, so that
// scenarist-run, curl, newman and the Python client of run-benchmarks.sh all talk to the same
// server. Usage: scenarist-sandbox [--port N] [--token-ttl SECONDS]

#include "core/sandbox/SandboxServer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <csignal>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("scenarist-sandbox"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Serves the Scenarist sandbox API on 127.0.0.1 until stopped."));
    parser.addHelpOption();
    const QCommandLineOption port(QStringLiteral("port"),
        QStringLiteral("Port to listen on (default 8765, 0 = any)."), QStringLiteral("N"),
        QString::number(SandboxServer::defaultPort));
    const QCommandLineOption ttl(QStringLiteral("token-ttl"),
        QStringLiteral("Lifetime of tokens in seconds (default 3600)."), QStringLiteral("SECONDS"));
    parser.addOptions({port, ttl});
    parser.process(app);

    bool ok = false;
    const uint portNumber = parser.value(port).toUInt(&ok);
    if (!ok || portNumber > 65535) {
        QTextStream(stderr) << "scenarist-sandbox: --port must be a number from 0 to 65535.\n";
        return 2;
    }
    SandboxServer sandbox;
    if (parser.isSet(ttl)) {
        const int seconds = parser.value(ttl).toInt(&ok);
        if (!ok || seconds < 1) {
            QTextStream(stderr) << "scenarist-sandbox: --token-ttl must be 1 or more.\n";
            return 2;
        }
        sandbox.setTokenLifetimeSeconds(seconds);
    }
    QString error;
    if (!sandbox.start(static_cast<quint16>(portNumber), &error)) {
        QTextStream(stderr) << "scenarist-sandbox: " << error << '\n';
        return 2;
    }
    // The URL on stdout tells a script the server is ready (and which port 0 picked).
    QTextStream(stdout) << sandbox.baseUrl().toString() << Qt::endl;
    // SIGTERM and SIGINT end the process normally (the default action) - nothing to save.
    return app.exec();
}
