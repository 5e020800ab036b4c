#include "core/trust/LocalFileAccess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <sys/types.h>

/// Which local files a scenario may read: a file from someone else must not read the user's
/// secrets, the computer's devices, or block on a pipe.
class TestLocalFileAccess : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_allowed; ///< canonical path of the folder the policy allows
    FileAccessPolicy policy(bool anywhere, qint64 maxBytes) const;
    QString expand(QString text) const;

private slots:
    void initTestCase();
    void read_data();
    void read();
    void checkDoesNotRead();
};

FileAccessPolicy TestLocalFileAccess::policy(bool anywhere, qint64 maxBytes) const
{
    FileAccessPolicy p;
    p.baseFolder = m_allowed;
    p.allowedFolders = {m_allowed};
    p.anywhere = anywhere;
    if (maxBytes > 0)
        p.maxBytes = maxBytes;
    return p;
}

// $ALLOWED and $DIR stand for the test folders, which only exist when the test runs.
QString TestLocalFileAccess::expand(QString text) const
{
    const QString root = QFileInfo(m_dir.path()).canonicalFilePath();
    return text.replace(QLatin1String("$ALLOWED"), m_allowed).replace(QLatin1String("$DIR"), root);
}

void TestLocalFileAccess::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QDir root(QFileInfo(m_dir.path()).canonicalFilePath());
    QVERIFY(root.mkpath(QStringLiteral("allowed/sub")));
    m_allowed = root.filePath(QStringLiteral("allowed"));
    const auto write = [](const QString &path, const QByteArray &data) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(data), data.size());
    };
    write(root.filePath(QStringLiteral("allowed/inside.txt")), "inside");
    write(root.filePath(QStringLiteral("allowed/sub/deeper.txt")), "deeper");
    write(root.filePath(QStringLiteral("allowed/six.txt")), "123456");
    write(root.filePath(QStringLiteral("outside.txt")), "outside");
    QVERIFY(QFile::link(root.filePath(QStringLiteral("outside.txt")),
        root.filePath(QStringLiteral("allowed/link-out.txt"))));
    QVERIFY(QFile::link(root.filePath(QStringLiteral("allowed/inside.txt")),
        root.filePath(QStringLiteral("allowed/link-in.txt"))));
    QVERIFY(
        QFile::link(QStringLiteral("/dev/zero"), root.filePath(QStringLiteral("allowed/zero"))));
    QVERIFY(QFile::link(
        QStringLiteral("/proc/self/environ"), root.filePath(QStringLiteral("allowed/environ"))));
    QCOMPARE(::mkfifo(QFile::encodeName(root.filePath(QStringLiteral("allowed/pipe"))).constData(),
                 0600),
        0);
    // Sparse: 200 MB announced, nothing written.
    QFile big(root.filePath(QStringLiteral("allowed/big.bin")));
    QVERIFY(big.open(QIODevice::WriteOnly));
    QVERIFY(big.resize(200LL * 1024 * 1024));
}

void TestLocalFileAccess::read_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("anywhere");
    QTest::addColumn<qint64>("maxBytes"); // 0: the default 100 MB
    QTest::addColumn<QString>("expectedError"); // a part of it; empty: read
    QTest::addColumn<QByteArray>("expectedData");

    const QString outside = QStringLiteral("it is outside the folders this scenario may read");
    const QString system = QStringLiteral("a system folder");
    QTest::newRow("inside the allowed folder")
        << "$ALLOWED/inside.txt" << false << qint64(0) << QString() << QByteArray("inside");
    QTest::newRow("in a subfolder")
        << "$ALLOWED/sub/deeper.txt" << false << qint64(0) << QString() << QByteArray("deeper");
    QTest::newRow("relative to the scenario's folder")
        << "sub/deeper.txt" << false << qint64(0) << QString() << QByteArray("deeper");
    QTest::newRow("outside the allowed folder")
        << "$DIR/outside.txt" << false << qint64(0)
        << "Scenarist did not read \"$DIR/outside.txt\": " + outside << QByteArray();
    QTest::newRow("/etc/passwd") << "/etc/passwd" << false << qint64(0)
                                 << "Scenarist did not read \"/etc/passwd\": " + outside
                                 << QByteArray();
    QTest::newRow("symlink from inside to outside")
        << "$ALLOWED/link-out.txt" << false << qint64(0)
        << "\"$ALLOWED/link-out.txt\" (which is \"$DIR/outside.txt\"): " + outside << QByteArray();
    QTest::newRow("symlink inside")
        << "link-in.txt" << false << qint64(0) << QString() << QByteArray("inside");
    QTest::newRow(".. escape") << "sub/../../outside.txt" << false << qint64(0) << outside
                               << QByteArray();
    QTest::newRow(".. escape, absolute")
        << "$ALLOWED/../outside.txt" << false << qint64(0) << outside << QByteArray();
    QTest::newRow("anywhere reads outside")
        << "$DIR/outside.txt" << true << qint64(0) << QString() << QByteArray("outside");
    QTest::newRow("anywhere follows a symlink out")
        << "link-out.txt" << true << qint64(0) << QString() << QByteArray("outside");
    QTest::newRow("/proc/self/environ") << "/proc/self/environ" << true << qint64(0)
                                        << "did not read \"/proc/self/environ\"" << QByteArray();
    QTest::newRow("/proc through a symlink inside")
        << "environ" << false << qint64(0) << system << QByteArray();
    QTest::newRow("/dev/zero") << "/dev/zero" << true << qint64(0) << system << QByteArray();
    QTest::newRow("/dev/zero through a symlink inside")
        << "zero" << false << qint64(0) << system << QByteArray();
    QTest::newRow("/sys") << "/sys/kernel/uevent_seqnum" << true << qint64(0) << system
                          << QByteArray();
    QTest::newRow("a FIFO") << "pipe" << false << qint64(0)
                            << "\"pipe\" (which is \"$ALLOWED/pipe\"): it is not a regular file"
                            << QByteArray();
    QTest::newRow("a FIFO, anywhere")
        << "$ALLOWED/pipe" << true << qint64(0) << "it is not a regular file" << QByteArray();
    QTest::newRow("a folder") << "sub" << false << qint64(0) << "it is a folder, not a file"
                              << QByteArray();
    QTest::newRow("too large, sparse")
        << "big.bin" << true << qint64(0) << "it is larger than 100 MB" << QByteArray();
    QTest::newRow("exactly the limit")
        << "six.txt" << false << qint64(6) << QString() << QByteArray("123456");
    QTest::newRow("one byte over the limit")
        << "six.txt" << false << qint64(5) << "it is larger than 5 bytes" << QByteArray();
    QTest::newRow("missing") << "nothing-here.txt" << true << qint64(0)
                             << "could not find the file \"nothing-here.txt\"" << QByteArray();
    QTest::newRow("empty path") << "" << true << qint64(0) << "could not find the file"
                                << QByteArray();
}

void TestLocalFileAccess::read()
{
    QFETCH(QString, path);
    QFETCH(bool, anywhere);
    QFETCH(qint64, maxBytes);
    QFETCH(QString, expectedError);
    QFETCH(QByteArray, expectedData);
    path = expand(path);
    expectedError = expand(expectedError);

    QElapsedTimer clock;
    clock.start();
    const LocalFileRead result = LocalFileAccess::read(path, policy(anywhere, maxBytes));
    // A pipe or a device must never make a run wait.
    QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
    if (expectedError.isEmpty()) {
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.data, expectedData);
        QVERIFY(QFileInfo(result.canonicalPath).isAbsolute());
    } else {
        QVERIFY2(result.error.contains(expectedError),
            qPrintable(result.error + QStringLiteral("\nexpected: ") + expectedError));
        QVERIFY(result.data.isEmpty());
    }
}

void TestLocalFileAccess::checkDoesNotRead()
{
    // check() gives the same answer as read() and the canonical path, without reading.
    QString canonical;
    QCOMPARE(LocalFileAccess::check(QStringLiteral("link-in.txt"), policy(false, 0), &canonical),
        QString());
    QCOMPARE(canonical, m_allowed + QStringLiteral("/inside.txt"));
    QCOMPARE(LocalFileAccess::resolve(QStringLiteral("sub/../inside.txt"), policy(false, 0)),
        m_allowed + QStringLiteral("/inside.txt"));
    QVERIFY(LocalFileAccess::check(QStringLiteral("pipe"), policy(true, 0))
                .contains(QLatin1String("not a regular file")));
    // Allowed one by one: the file the user chose, not its neighbours.
    FileAccessPolicy chosen;
    chosen.allowedFiles = {expand(QStringLiteral("$DIR/outside.txt"))};
    QVERIFY(LocalFileAccess::read(expand(QStringLiteral("$DIR/outside.txt")), chosen).ok());
    QVERIFY(!LocalFileAccess::read(m_allowed + QStringLiteral("/inside.txt"), chosen).ok());
}

QTEST_GUILESS_MAIN(TestLocalFileAccess)
#include "tst_localfileaccess.moc"
