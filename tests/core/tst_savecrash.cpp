#include "core/io/ScenarioFile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cstdio>

namespace {

const char ChildVariable[] = "SCENARIST_SAVECRASH_CHILD";

/// A large scenario (about 1 MB on disk) so that a save takes long enough to be cut short.
/// `version` changes the name and the number of modules, so two versions differ in size too.
ScenarioDocument largeDocument(int version)
{
    ScenarioDocument document;
    document.name = QStringLiteral("Crash-safety scenario, version %1").arg(version);
    const int count = 400 + version * 50;
    for (int i = 1; i <= count; ++i) {
        Module module;
        module.id = i;
        module.label = QStringLiteral("Request %1 of version %2").arg(i).arg(version);
        module.position = QPointF(i * 40, (i % 7) * 90);
        module.config.method = QStringLiteral("POST");
        module.config.url
            = QStringLiteral("https://api.example.com/items/%1?v=%2").arg(i).arg(version);
        module.config.headers
            = {{QStringLiteral("Authorization"), QStringLiteral("Bearer {{1.data.access_token}}")},
                {QStringLiteral("X-Request"), QString::number(i)}};
        module.config.bodyType = BodyType::Raw;
        module.config.rawContent = QStringLiteral("{\"item\": %1, \"text\": \"%2\"}")
                                       .arg(i)
                                       .arg(QString(1500, QLatin1Char('a' + i % 26)));
        document.modules.append(module);
        if (i > 1)
            document.links.append({i - 1, i});
    }
    document.nextId = count + 1;
    return document;
}

/// The child: saves the two versions in turn, for ever, saying "saving N" before each save
/// and "saved N" after it.
int saveForEver(const QString &path)
{
    const ScenarioDocument versions[2] = {largeDocument(1), largeDocument(2)};
    for (int i = 0;; ++i) {
        std::printf("saving %d\n", i);
        std::fflush(stdout);
        QString error;
        if (!ScenarioFile::save(versions[i % 2], path, &error)) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        std::printf("saved %d\n", i);
        std::fflush(stdout);
    }
}

} // namespace

/// Saves are atomic (docs/scenario-file.md): a process killed with SIGKILL at a random moment of
/// saving, many times over, always leaves the previous file whole and readable, never a partial
/// one.
class TestSaveCrash : public QObject
{
    Q_OBJECT

private slots:
    void killMidSave_data()
    {
        QTest::addColumn<int>("save"); // the save during which the kill comes
        QTest::addColumn<int>("kills");
        QTest::newRow("during the first save") << 0 << 25;
        QTest::newRow("during the third save") << 2 << 25;
    }

    void killMidSave()
    {
        QFETCH(int, save);
        QFETCH(int, kills);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("crash.scenario.json"));
        const QByteArray version[3] = {QByteArray(), ScenarioFile::serialize(largeDocument(1)),
            ScenarioFile::serialize(largeDocument(2))};
        QVERIFY(version[1].size() > 900 * 1024);
        QString error;
        QVERIFY2(ScenarioFile::save(largeDocument(2), path, &error), qPrintable(error));

        int midSave = 0;
        for (int kill = 0; kill < kills; ++kill) {
            QProcess child;
            QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
            environment.insert(QString::fromLatin1(ChildVariable), path);
            child.setProcessEnvironment(environment);
            QSignalSpy finished(&child, &QProcess::finished);
            child.start(QCoreApplication::applicationFilePath(), {});
            QVERIFY(child.waitForStarted(5000));
            const QByteArray started = "saving " + QByteArray::number(save) + '\n';
            QByteArray out;
            while (!out.contains(started)) {
                QVERIFY2(child.waitForReadyRead(5000), "the child did not save");
                out += child.readAllStandardOutput();
            }
            // A random moment: a save of this file takes a few milliseconds.
            QTest::qWait(QRandomGenerator::global()->bounded(6));
            child.kill(); // SIGKILL: no chance to clean up
            QVERIFY(finished.wait(5000));
            out += child.readAllStandardOutput();
            if (out.trimmed().split('\n').constLast().startsWith("saving"))
                ++midSave;

            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            QVERIFY2(bytes == version[1] || bytes == version[2],
                qPrintable(QStringLiteral("after kill %1 the file has %2 bytes, which is "
                                          "neither complete version")
                               .arg(kill)
                               .arg(bytes.size())));
            const std::optional<ScenarioDocument> loaded = ScenarioFile::load(path, &error);
            QVERIFY2(loaded, qPrintable(error));
            QVERIFY(loaded->modules.size() == 450 || loaded->modules.size() == 500);

            // A save cut short may leave its temporary file beside the scenario (where the
            // system has no unnamed temporary files), never in its place: clear it.
            const QStringList files = QDir(dir.path()).entryList(QDir::Files);
            for (const QString &other : files) {
                if (other != QLatin1String("crash.scenario.json"))
                    QFile::remove(dir.filePath(other));
            }
        }
        qInfo("%d kills, %d of them inside ScenarioFile::save", kills, midSave);
        // Otherwise the test would prove nothing: most kills must land inside a save.
        QVERIFY2(midSave >= kills / 2, qPrintable(QString::number(midSave)));
    }
};

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsSet(ChildVariable))
        return saveForEver(qEnvironmentVariable(ChildVariable));
    QCoreApplication app(argc, argv);
    TestSaveCrash test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_savecrash.moc"
