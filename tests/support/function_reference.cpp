// Keeps the list "All functions at a glance" in docs/mapping-functions.md made from the
// function table (core/mapping/FunctionReference.h).
//   function-reference --check FILE   exit 1, saying what to run, when FILE's list is out of date
//   function-reference --write FILE   rewrites FILE's list

#include "core/mapping/FunctionReference.h"

#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>
#include <QTextStream>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    QTextStream err(stderr);
    if (arguments.size() != 3
        || (arguments.at(1) != QLatin1String("--check")
            && arguments.at(1) != QLatin1String("--write"))) {
        err << "usage: function-reference --check|--write docs/mapping-functions.md\n";
        return 2;
    }
    const QString path = arguments.at(2);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        err << path << ": " << file.errorString() << '\n';
        return 2;
    }
    const QString document = QString::fromUtf8(file.readAll());
    const QString generated = FunctionReference::withGeneratedList(document);
    if (generated.isEmpty()) {
        err << path << " has no place for the list: it needs the lines\n"
            << FunctionReference::BeginMarker << '\n'
            << FunctionReference::EndMarker << '\n';
        return 1;
    }
    if (arguments.at(1) == QLatin1String("--check")) {
        if (generated == document)
            return 0;
        err << path << ": the list of functions differs from the function table. Run\n"
            << "  build/tests/function-reference --write " << path << '\n';
        return 1;
    }
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(generated.toUtf8()) < 0 || !out.commit()) {
        err << path << ": " << out.errorString() << '\n';
        return 2;
    }
    return 0;
}
