#pragma once

#include <QString>

class QCommandLineParser;

/// The parts of `--help` that QCommandLineParser has no place for: exit status, environment
/// and files. The man pages are made from `--help` (help2man, packaging/CMakeLists.txt), so
/// these sections are their one source too.
namespace CommandLineHelp {

enum class Program { Editor, Runner };

/// The sections printed after the options, each a heading ending in ':' at the start of a
/// line and two-column rows below it (the layout help2man turns into man page sections).
QString sections(Program program);

/// `parser`'s help followed by sections(program), on standard output.
void print(const QCommandLineParser &parser, Program program);

} // namespace CommandLineHelp
