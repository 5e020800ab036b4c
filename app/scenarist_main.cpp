// scenarist: the desktop editor.

#include "core/Version.h"
#include "ui/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Scenarist"));
    QApplication::setOrganizationName(QStringLiteral("Scenarist"));
    QApplication::setApplicationVersion(QStringLiteral(SCENARIST_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Chain HTTP requests on a canvas."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("A scenario to open."));
    parser.process(app);

    MainWindow window;
    if (!parser.positionalArguments().isEmpty())
        window.openFile(parser.positionalArguments().first());
    window.show();
    return app.exec();
}
