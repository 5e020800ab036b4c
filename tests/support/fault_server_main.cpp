// scenarist-fault-server: the tests' FaultServer as a process of its own, for measurements
// that need a server outside the measured process (tests/benchmarks/memory.sh).
// Usage: scenarist-fault-server [PORT]; prints "port N" once it listens, runs until killed.

#include "FaultServer.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const quint16 port = argc > 1 ? quint16(QByteArray(argv[1]).toUShort()) : 0;
    FaultServer server;
    if (!server.listen(port)) {
        QTextStream(stderr) << "scenarist-fault-server: cannot listen on port " << port << '\n';
        return 1;
    }
    QTextStream(stdout) << "port " << server.port() << Qt::endl;
    return app.exec();
}
