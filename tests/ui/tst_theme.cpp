#include "ui/Theme.h"
#include "ui/canvas/CanvasPalette.h"
#include "ui/mapping/MappingHighlighter.h"

#include <QApplication>
#include <QtTest>

/// The canvas, the mapping tokens and the run states stay readable in a light and in a dark
/// system theme: each keeps a WCAG contrast of at least 4.5:1 against what it is drawn on.
class TestTheme : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();
    void contrastRatioIsWcag();
    void coloursAreReadable_data();
    void coloursAreReadable();
    void followsTheApplicationPalette();
};

namespace {

QPalette makePalette(QColor window, QColor base, QColor text, QColor highlight)
{
    QPalette palette(window);
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, base);
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::Button, window);
    palette.setColor(QPalette::Highlight, highlight);
    palette.setColor(QPalette::HighlightedText, Qt::white);
    return palette;
}

constexpr double minimum = 4.5;

} // namespace

void TestTheme::cleanup()
{
    QApplication::setPalette(QPalette());
}

void TestTheme::contrastRatioIsWcag()
{
    QCOMPARE(qRound(Theme::contrastRatio(Qt::black, Qt::white) * 10), 210);
    QCOMPARE(Theme::contrastRatio(Qt::red, Qt::red), 1.0);
    // #767676 on white is the classic 4.54:1.
    QCOMPARE(qRound(Theme::contrastRatio(QColor(0x76, 0x76, 0x76), Qt::white) * 100), 454);
}

void TestTheme::coloursAreReadable_data()
{
    QTest::addColumn<QPalette>("palette");
    QTest::addColumn<bool>("dark");
    QTest::newRow("fusion light") << makePalette(QColor(0xef, 0xef, 0xef), Qt::white, Qt::black,
        QColor(0x30, 0x8c, 0xc6)) << false;
    QTest::newRow("fusion dark") << makePalette(
        QColor(0x35, 0x35, 0x35), QColor(0x2a, 0x2a, 0x2a), Qt::white, QColor(0x2a, 0x82, 0xda))
                                 << true;
    QTest::newRow("breeze light") << makePalette(QColor(0xef, 0xf0, 0xf1), QColor(0xfc, 0xfc, 0xfc),
        QColor(0x23, 0x26, 0x29), QColor(0x3d, 0xae, 0xe9))
                                  << false;
    QTest::newRow("breeze dark") << makePalette(QColor(0x31, 0x36, 0x3b), QColor(0x23, 0x26, 0x29),
        QColor(0xef, 0xf0, 0xf1), QColor(0x3d, 0xae, 0xe9))
                                 << true;
    QTest::newRow("black") << makePalette(Qt::black, Qt::black, Qt::white, QColor(0x00, 0x60, 0xc0))
                           << true;
}

void TestTheme::coloursAreReadable()
{
    QFETCH(QPalette, palette);
    QFETCH(bool, dark);
    QApplication::setPalette(palette);
    const QPalette pal = QApplication::palette();
    QCOMPARE(Theme::isDark(pal), dark);

    auto check = [](const char *what, const QColor &fg, const QColor &bg) {
        const double ratio = Theme::contrastRatio(fg, bg);
        QVERIFY2(ratio >= minimum,
            qPrintable(QStringLiteral("%1: %2 on %3 is %4:1")
                           .arg(QLatin1String(what), fg.name(), bg.name())
                           .arg(ratio, 0, 'f', 2)));
    };

    // The canvas: names, subtitles, run states and the numbers on their bubbles.
    const QColor canvas = CanvasPalette::background(pal);
    check("module name", Theme::canvasTitle(pal), canvas);
    check("module subtitle", Theme::canvasSubtitle(pal), canvas);
    for (ModuleRunStatus status : {ModuleRunStatus::Running, ModuleRunStatus::Succeeded,
             ModuleRunStatus::Failed, ModuleRunStatus::Skipped}) {
        const QColor ring = Theme::canvasStatus(status, pal);
        check("status ring", ring, canvas);
        check("bubble text", Theme::canvasStatusText(status, pal), ring);
        // The inspector writes the run's state in words on the window.
        check("status text", Theme::statusText(status, pal), pal.color(QPalette::Window));
    }
    check("warning", Theme::warningText(pal), pal.color(QPalette::Window));

    // Mapping tokens sit in a pill drawn over the field.
    const QColor base = pal.color(QPalette::Base);
    const QColor pill = Theme::blend(Theme::tokenPill(false, pal), base);
    const QColor brokenPill = Theme::blend(Theme::tokenPill(true, pal), base);
    check("text in a token", Theme::token(Theme::Token::Expression, pal), pill);
    check("module reference", Theme::token(Theme::Token::ModuleReference, pal), pill);
    check("named root", Theme::token(Theme::Token::NamedRoot, pal), pill);
    check("function", Theme::token(Theme::Token::Function, pal), pill);
    check("keyword", Theme::token(Theme::Token::Keyword, pal), pill);
    check("problem", Theme::token(Theme::Token::Problem, pal), brokenPill);
    check("problem on the field", Theme::token(Theme::Token::Problem, pal), base);
}

void TestTheme::followsTheApplicationPalette()
{
    // The panels ask the same functions: what the test checks is what is painted.
    const QPalette dark = makePalette(
        QColor(0x35, 0x35, 0x35), QColor(0x2a, 0x2a, 0x2a), Qt::white, QColor(0x2a, 0x82, 0xda));
    QApplication::setPalette(dark);
    QCOMPARE(CanvasPalette::background(dark), Theme::canvasBackground(dark));
    QCOMPARE(CanvasPalette::statusColor(ModuleRunStatus::Failed),
        Theme::canvasStatus(ModuleRunStatus::Failed, dark));
    QCOMPARE(MappingHighlighter::colorFor(MappingSpan::Kind::Function, dark),
        Theme::token(Theme::Token::Function, dark));
    QVERIFY(CanvasPalette::background(dark) != CanvasPalette::background(QPalette(Qt::white)));
}

QTEST_MAIN(TestTheme)
#include "tst_theme.moc"
