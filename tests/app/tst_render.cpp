#include "core/io/ScenarioOpener.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtEndian>
#include <QtTest>

/// `scenarist --render FILE OUT`: the canvas as a picture with no display, every module with
/// its number as text, and a plain message with exit code 2 when it cannot.
class TestRender : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    struct Result
    {
        int exitCode = -1;
        QString errors;
    };

    /// Runs the real app with no display at all: it must go offscreen by itself.
    static Result scenarist(const QStringList &arguments, QByteArray *output = nullptr)
    {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("DISPLAY"));
        environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
        environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(SCENARIST_BINARY_DIR "/app/scenarist"), arguments);
        Result result;
        if (!process.waitForFinished(60000)) {
            process.kill();
            process.waitForFinished();
            return result;
        }
        result.errors = QString::fromUtf8(process.readAllStandardError());
        if (output)
            *output = process.readAllStandardOutput();
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        return result;
    }

    /// The texts of an SVG drawing, and its view box width.
    static QStringList svgTexts(const QString &path, qreal *width = nullptr)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        QStringList texts;
        QXmlStreamReader xml(&file);
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement)
                continue;
            if (xml.name() == QLatin1String("svg") && width) {
                const QStringList box = xml.attributes()
                                            .value(QLatin1String("viewBox"))
                                            .toString()
                                            .split(QLatin1Char(' '));
                *width = box.value(2).toDouble();
            } else if (xml.name() == QLatin1String("text")) {
                texts.append(xml.readElementText().trimmed());
            }
        }
        return xml.hasError() ? QStringList {xml.errorString()} : texts;
    }

    /// Width and height from a PNG file's header.
    static QSize pngSize(const QString &path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        const QByteArray head = file.read(24);
        if (head.size() < 24 || !head.startsWith("\x89PNG\r\n\x1a\n"))
            return {};
        return QSize(qFromBigEndian<quint32>(head.constData() + 16),
            qFromBigEndian<quint32>(head.constData() + 20));
    }

    static QString realExport(const QString &name)
    {
        return QStringLiteral(SCENARIST_FIXTURES_DIR "/make-blueprints/real/") + name
            + QStringLiteral(".blueprint.json");
    }

private slots:
    void everyModuleNumberIsTextInTheSvg_data()
    {
        QTest::addColumn<QString>("path");
        const QDir dir(QStringLiteral(SCENARIST_FIXTURES_DIR "/make-blueprints/real"));
        const QStringList files = dir.entryList({QStringLiteral("*.blueprint.json")}, QDir::Files);
        QCOMPARE(files.size(), 12);
        for (const QString &file : files)
            QTest::newRow(qPrintable(file)) << dir.filePath(file);
    }

    void everyModuleNumberIsTextInTheSvg()
    {
        QFETCH(QString, path);
        const ScenarioOpener::Opened opened = ScenarioOpener::open(path);
        QVERIFY2(opened.document, qPrintable(opened.error));
        const QString out
            = m_dir.filePath(QFileInfo(path).completeBaseName() + QStringLiteral(".svg"));
        const Result result = scenarist({QStringLiteral("--render"), path, out});
        QVERIFY2(result.exitCode == 0, qPrintable(result.errors));
        const QStringList texts = svgTexts(out);
        const QSet<QString> shown(texts.cbegin(), texts.cend());
        for (const Module &m : opened.document->modules) {
            QVERIFY2(shown.contains(QStringLiteral("#%1").arg(m.id)),
                qPrintable(QStringLiteral("module %1 has no number in %2").arg(m.id).arg(out)));
        }
    }

    // A PNG at twice the canvas's size, for sharp text, the same area as the SVG.
    void pngIsTwiceTheCanvas()
    {
        const QString path
            = realExport(QStringLiteral("lead-intake-router-break-ignore-resume-makerequest-v4"));
        const QString svg = m_dir.filePath(QStringLiteral("lead.svg"));
        const QString png = m_dir.filePath(QStringLiteral("lead.png"));
        QCOMPARE(scenarist({QStringLiteral("--render"), path, svg}).exitCode, 0);
        const Result result = scenarist({QStringLiteral("--render"), path, png});
        QVERIFY2(result.exitCode == 0, qPrintable(result.errors));
        qreal width = 0;
        svgTexts(svg, &width);
        QVERIFY(width > 1000); // 19 modules side by side and over each other
        const QSize size = pngSize(png);
        QCOMPARE(size.width(), qRound(2 * width));
        QVERIFY(size.height() > 400);
        QVERIFY(size.height() < size.width());
    }

    // --auto-align lays the flow out first, as the canvas's button does: here a narrower one.
    void autoAlignFirst()
    {
        const QString path
            = realExport(QStringLiteral("lead-intake-router-break-ignore-resume-makerequest-v4"));
        const QString asSaved = m_dir.filePath(QStringLiteral("saved.png"));
        const QString aligned = m_dir.filePath(QStringLiteral("aligned.png"));
        QCOMPARE(scenarist({QStringLiteral("--render"), path, asSaved}).exitCode, 0);
        QCOMPARE(
            scenarist({QStringLiteral("--render"), QStringLiteral("--auto-align"), path, aligned})
                .exitCode,
            0);
        QVERIFY(pngSize(aligned).isValid());
        QVERIFY(pngSize(aligned) != pngSize(asSaved));
    }

    void badInputSaysWhyWithExitCode2_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        const QString real
            = realExport(QStringLiteral("campaign-makerequest-v4-iterator-aggregator"));
        QTest::newRow("missing file") << QStringList {QStringLiteral("--render"),
            m_dir.filePath(QStringLiteral("none.json")), m_dir.filePath(QStringLiteral("x.svg"))}
                                      << QStringLiteral("Cannot open");
        QTest::newRow("not a scenario") << QStringList {QStringLiteral("--render"),
            QStringLiteral(SCENARIST_FIXTURES_DIR "/make-blueprints/real/SOURCES.md"),
            m_dir.filePath(QStringLiteral("x.svg"))}
                                        << QStringLiteral("Cannot open");
        QTest::newRow("unknown picture type") << QStringList {QStringLiteral("--render"), real,
            m_dir.filePath(QStringLiteral("x.gif"))}
                                              << QStringLiteral(".png or .svg");
        QTest::newRow("folder that does not exist") << QStringList {QStringLiteral("--render"),
            real, m_dir.filePath(QStringLiteral("no/such/folder/x.png"))}
                                                    << QStringLiteral("no/such/folder/x.png");
        QTest::newRow("no picture named")
            << QStringList {QStringLiteral("--render"), real} << QStringLiteral("OUT.svg");
    }

    void badInputSaysWhyWithExitCode2()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Result result = scenarist(arguments);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.errors.contains(message), qPrintable(result.errors));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("x.svg"))));
    }

    void helpListsRender()
    {
        QByteArray output;
        const Result result = scenarist({QStringLiteral("--help")}, &output);
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(output.contains("--render"), output.constData());
    }
};

QTEST_GUILESS_MAIN(TestRender)
#include "tst_render.moc"
