// scenarist: the desktop editor.

#include "CommandLineHelp.h"
#include "core/Version.h"
#include "core/i18n/Translations.h"
#include "core/io/ScenarioOpener.h"
#include "core/model/Scenario.h"
#include "ui/MainWindow.h"
#include "ui/canvas/CanvasPicture.h"
#include "ui/canvas/CanvasView.h"
#include "ui/canvas/ScenarioScene.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QUndoStack>

#include <cstdio>
#include <cstring>

namespace {

void printError(const QString &text)
{
    std::fprintf(stderr, "%s\n", qUtf8Printable(text));
}

/// `scenarist --render FILE OUT`: the canvas of FILE as a picture, with no window.
int render(const QStringList &arguments, bool autoAlign)
{
    if (arguments.size() != 2) {
        printError(QCoreApplication::translate("Scenarist",
            "Give a scenario (or Make blueprint) and the picture to "
            "write: scenarist --render FILE OUT.svg (or OUT.png)"));
        return 2;
    }
    const QString in = arguments.at(0);
    const QString out = arguments.at(1);
    if (!CanvasPicture::isSupported(out)) {
        printError(QCoreApplication::translate("Scenarist",
            "Cannot write %1: Scenarist draws pictures as PNG or SVG, "
            "so end the name with .png or .svg.")
                       .arg(QDir::toNativeSeparators(out)));
        return 2;
    }
    // Opened as the editor opens it, so the picture shows what the canvas would.
    const ScenarioOpener::Opened opened = ScenarioOpener::open(in);
    if (!opened.document) {
        printError(QCoreApplication::translate("Scenarist", "Cannot open %1: %2")
                       .arg(QDir::toNativeSeparators(in), opened.error));
        return 2;
    }
    Scenario scenario;
    opened.document->applyTo(scenario);
    QUndoStack undoStack;
    ScenarioScene scene(&scenario, &undoStack);
    if (autoAlign)
        scene.moveModules(CanvasView::alignedPositions(scenario), QString());
    QString error;
    if (!CanvasPicture::save(scene, out, &error)) {
        printError(error); // it names the file
        return 2;
    }
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    // Drawing a picture (or printing the help) needs no screen: it works over SSH and in CI.
    for (int i = 1; i < argc; ++i) {
        for (const char *option : {"--render", "--help", "-h", "--help-all", "--version", "-v"}) {
            if (std::strcmp(argv[i], option) == 0)
                qputenv("QT_QPA_PLATFORM", "offscreen");
        }
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Scenarist"));
    QApplication::setOrganizationName(QStringLiteral("Scenarist"));
    QApplication::setApplicationVersion(QStringLiteral(SCENARIST_VERSION));
    // The window belongs to the installed .desktop file (packaging/), also on Wayland.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.scenarist.Scenarist"));
    Translations::install(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("Scenarist", "Chain HTTP requests on a canvas."));
    const QCommandLineOption help = parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption renderOption(QStringLiteral("render"),
        QCoreApplication::translate("Scenarist",
            "Draw the canvas of FILE (a scenario or a Make blueprint) into OUT, an "
            ".svg or .png picture, without opening a window: scenarist --render "
            "FILE OUT.svg"));
    parser.addOption(renderOption);
    const QCommandLineOption alignOption(QStringLiteral("auto-align"),
        QCoreApplication::translate("Scenarist",
            "With --render: lay the modules out as the canvas's Auto-align button "
            "does before drawing."));
    parser.addOption(alignOption);
    parser.addPositionalArgument(
        QStringLiteral("FILE"), QCoreApplication::translate("Scenarist", "A scenario to open."));
    parser.addPositionalArgument(QStringLiteral("OUT"),
        QCoreApplication::translate(
            "Scenarist", "With --render: the picture to write (.svg or .png)."),
        QStringLiteral("[OUT]"));
    if (!parser.parse(app.arguments())) {
        printError(parser.errorText()
            + QCoreApplication::translate("Scenarist", " See scenarist --help."));
        return 2;
    }
    if (parser.isSet(help)) {
        CommandLineHelp::print(parser, CommandLineHelp::Program::Editor);
        return 0;
    }
    parser.process(app); // --version, --help-all

    if (parser.isSet(renderOption))
        return render(parser.positionalArguments(), parser.isSet(alignOption));

    MainWindow window;
    if (!parser.positionalArguments().isEmpty())
        window.openFile(parser.positionalArguments().first());
    window.show();
    return app.exec();
}
