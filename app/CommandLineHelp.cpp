#include "CommandLineHelp.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

namespace {

struct Row
{
    const char *term;
    const char *text;
};

// Two columns as QCommandLineParser lays out options: the text wrapped at 79 characters and
// indented under itself, so that help2man reads each row as one entry.
QString rows(const char *heading, std::initializer_list<Row> list)
{
    int width = 0;
    for (const Row &row : list)
        width = std::max(width, int(qstrlen(row.term)));
    const int indent = 2 + width + 2;
    QString out = QCoreApplication::translate("CommandLineHelp", heading) + QLatin1String(":\n");
    for (const Row &row : list) {
        QString line = QLatin1String("  ") + QString::fromUtf8(row.term).leftJustified(width)
            + QLatin1String("  ");
        const QStringList words
            = QCoreApplication::translate("CommandLineHelp", row.text).split(QLatin1Char(' '));
        bool first = true;
        for (const QString &word : words) {
            const int lineLength = int(line.size() - line.lastIndexOf(QLatin1Char('\n')) - 1);
            if (!first && lineLength + 1 + word.size() > 79)
                line += QLatin1Char('\n') + QString(indent, QLatin1Char(' '));
            else if (!first)
                line += QLatin1Char(' ');
            line += word;
            first = false;
        }
        out += line + QLatin1Char('\n');
    }
    return out;
}

} // namespace

QString CommandLineHelp::sections(Program program)
{
    const QString trust = rows(QT_TRANSLATE_NOOP("CommandLineHelp", "Environment"),
        program == Program::Runner
            ? std::initializer_list<Row>{
                {"SCENARIST_SECRET_<NAME>",
                    QT_TRANSLATE_NOOP("CommandLineHelp", "The value of the secret NAME that fields use as {{secrets.NAME}} (NAME in "
                    "upper case, other characters as _). It wins over --secrets.")},
                {"SCENARIST_TRUST_FILE",
                    QT_TRANSLATE_NOOP("CommandLineHelp", "The trust file to use instead of the one under Files.")},
                {"SCENARIST_HISTORY_DB",
                    QT_TRANSLATE_NOOP("CommandLineHelp", "The run history to record into instead of the one under Files: an SQLite "
                    "file, or postgresql://USER@HOST:PORT/DATABASE. --history-db wins over it.")},
            }
            : std::initializer_list<Row>{
                {"SCENARIST_TRUST_FILE",
                    QT_TRANSLATE_NOOP("CommandLineHelp", "The trust file to use instead of the one under Files.")},
            });
    const QString files = program == Program::Runner
        ? rows(QT_TRANSLATE_NOOP("CommandLineHelp", "Files"),
            {
                {"~/.config/Scenarist/trust.conf",
                    QT_TRANSLATE_NOOP("CommandLineHelp",
                        "The trust file: where each secret may be sent and which scenario files "
                        "are your own (shared with the editor).")},
                {"~/.local/share/Scenarist/Scenarist/run-history.sqlite",
                    QT_TRANSLATE_NOOP("CommandLineHelp",
                        "The run history: every run, its operations' inputs and outputs with "
                        "secrets masked (shared with the editor; see run-history.md).")},
                {"/usr/share/scenarist/examples",
                    QT_TRANSLATE_NOOP("CommandLineHelp",
                        "Example scenarios; the sandbox ones run with --sandbox and no internet.")},
                {"/usr/share/doc/scenarist/docs",
                    QT_TRANSLATE_NOOP("CommandLineHelp",
                        "The user guide; headless-runner.md is about this command.")},
            })
        : rows(QT_TRANSLATE_NOOP("CommandLineHelp", "Files"),
            {
                {"~/.config/Scenarist/Scenarist.conf",
                    QT_TRANSLATE_NOOP(
                        "CommandLineHelp", "Recent files, window layout and other settings.")},
                {"~/.config/Scenarist/trust.conf",
                    QT_TRANSLATE_NOOP("CommandLineHelp",
                        "The trust file: where each secret may be sent and which scenario files "
                        "are your own.")},
                {"~/.local/share/Scenarist/Scenarist/recovery",
                    QT_TRANSLATE_NOOP(
                        "CommandLineHelp", "Unsaved work, offered back after a crash.")},
                {"/usr/share/scenarist/examples",
                    QT_TRANSLATE_NOOP("CommandLineHelp", "Example scenarios.")},
                {"/usr/share/doc/scenarist/docs",
                    QT_TRANSLATE_NOOP("CommandLineHelp", "The user guide, also in the Help menu.")},
            });
    const QString exitStatus = program == Program::Runner
        ? rows(QT_TRANSLATE_NOOP("CommandLineHelp", "Exit status"),
            {
                {"0",
                    QT_TRANSLATE_NOOP("CommandLineHelp",
                        "Every module succeeded (or an error route dealt with a failure by "
                        "Ignore, Resume or Commit).")},
                {"1",
                    QT_TRANSLATE_NOOP("CommandLineHelp",
                        "A module failed (later ones are skipped) or a Rollback stopped the run.")},
                {"2",
                    QT_TRANSLATE_NOOP("CommandLineHelp",
                        "The file or the command line could not be used, or a scenario input is "
                        "missing, unknown or of the wrong type (nothing was sent).")},
                {"3",
                    QT_TRANSLATE_NOOP("CommandLineHelp",
                        "The run finished with bundles left incomplete (with --retry-incomplete: "
                        "some are still incomplete).")},
            })
        : rows(QT_TRANSLATE_NOOP("CommandLineHelp", "Exit status"),
            {
                {"0",
                    QT_TRANSLATE_NOOP("CommandLineHelp",
                        "The window was closed, or --render wrote the picture.")},
                {"2",
                    QT_TRANSLATE_NOOP("CommandLineHelp",
                        "The command line could not be used, or --render could not read FILE or "
                        "write "
                        "OUT.")},
            });
    return exitStatus + QLatin1Char('\n') + trust + QLatin1Char('\n') + files;
}

void CommandLineHelp::print(const QCommandLineParser &parser, Program program)
{
    QTextStream(stdout) << parser.helpText() << '\n' << sections(program);
}
