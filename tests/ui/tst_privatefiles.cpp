#include "core/model/Scenario.h"
#include "ui/MainWindow.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

/// What the editor keeps for itself in the user's folders (autosaves, settings) is the
/// user's alone: files 0600 in folders 0700 (docs/private-files.md). What the user saves
/// where they choose keeps ordinary permissions.
class TestPrivateFiles : public QObject
{
    Q_OBJECT

public:
    explicit TestPrivateFiles(const QString &home)
        : m_home(home)
    {
    }

private:
    static QFileDevice::Permissions ownerOnly(bool folder)
    {
        QFileDevice::Permissions p = QFileDevice::ReadOwner | QFileDevice::WriteOwner
            | QFileDevice::ReadUser | QFileDevice::WriteUser;
        if (folder)
            p |= QFileDevice::ExeOwner | QFileDevice::ExeUser;
        return p;
    }
    static QString describe(const QString &path)
    {
        return QStringLiteral("%1: %2").arg(path).arg(
            int(QFileInfo(path).permissions()) & 0x7777, 0, 16);
    }

    QString m_home;

private slots:
    void autosavesAndSettingsAreTheUsersAlone()
    {
        const QString data = m_home + QStringLiteral("/data");
        const QString config = m_home + QStringLiteral("/config");
        MainWindow::Options options;
        options.sandboxPort = 0;
        auto window = std::make_unique<MainWindow>(options);
        window->newScenario();
        window->addModule();
        window->autosaveNow();

        // The autosave and its description, in the app's data folder.
        const QString recovery = data + QStringLiteral("/Scenarist/Scenarist/recovery");
        const QStringList files = QDir(recovery).entryList(QDir::Files);
        QCOMPARE(files.size(), 2);
        for (const QString &name : files) {
            const QString path = recovery + QLatin1Char('/') + name;
            QVERIFY2(QFileInfo(path).permissions() == ownerOnly(false), qPrintable(describe(path)));
        }
        // Every folder the app created for it, up to XDG_DATA_HOME (which existed).
        for (const QString &folder : {recovery, data + QStringLiteral("/Scenarist/Scenarist"),
                 data + QStringLiteral("/Scenarist")}) {
            QVERIFY2(
                QFileInfo(folder).permissions() == ownerOnly(true), qPrintable(describe(folder)));
        }

        // A Save where the user chooses: that file keeps the permissions files usually get,
        // and saving writes the recent files list into the settings.
        const QString chosen = m_home + QStringLiteral("/mine.scenario.json");
        QVERIFY(window->saveTo(chosen));
        QFile plain(m_home + QStringLiteral("/plain.txt"));
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.close();
        QCOMPARE(QFileInfo(chosen).permissions(), QFileInfo(plain.fileName()).permissions());

        const QString settingsFile = config + QStringLiteral("/Scenarist/Scenarist.conf");
        QCOMPARE(QSettings().fileName(), settingsFile);
        QVERIFY(QSettings().value(QStringLiteral("recentFiles")).toStringList().contains(chosen));
        QVERIFY2(QFileInfo(settingsFile).permissions() == ownerOnly(false),
            qPrintable(describe(settingsFile)));
        QVERIFY2(QFileInfo(config + QStringLiteral("/Scenarist")).permissions() == ownerOnly(true),
            qPrintable(describe(config + QStringLiteral("/Scenarist"))));

        // A write by another part of the app, after the window made the file private, keeps
        // it private.
        {
            QSettings other;
            other.setValue(QStringLiteral("test/other"), 1);
        }
        QVERIFY2(QFileInfo(settingsFile).permissions() == ownerOnly(false),
            qPrintable(describe(settingsFile)));
        QVERIFY(window->close());
        QVERIFY2(QFileInfo(settingsFile).permissions() == ownerOnly(false),
            qPrintable(describe(settingsFile)));
    }
};

int main(int argc, char *argv[])
{
    // A home of its own, set before the application exists, so that nothing touches the real
    // folders and every folder below it is created by the app.
    QTemporaryDir home;
    if (!home.isValid())
        return 1;
    qputenv("HOME", home.path().toLocal8Bit());
    qputenv("XDG_DATA_HOME", (home.path() + QStringLiteral("/data")).toLocal8Bit());
    qputenv("XDG_CONFIG_HOME", (home.path() + QStringLiteral("/config")).toLocal8Bit());
    qputenv("XDG_STATE_HOME", (home.path() + QStringLiteral("/state")).toLocal8Bit());
    QDir().mkpath(home.path() + QStringLiteral("/data"));
    QDir().mkpath(home.path() + QStringLiteral("/config"));
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Scenarist"));
    QApplication::setOrganizationName(QStringLiteral("Scenarist"));
    TestPrivateFiles test(home.path());
    return QTest::qExec(&test, argc, argv);
}

#include "tst_privatefiles.moc"
