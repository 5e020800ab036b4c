#include "UiTestSupport.h"
#include "ui/MainWindow.h"

#include <QDialog>
#include <QDir>
#include <QFile>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextBrowser>
#include <QtTest>

/// Help › User guide: the pages of docs/ in the app, the same files, linked from one index
/// (docs/README.md), each link opening its page with its pictures.
class TestUserGuide : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static QDir docs() { return QDir(QStringLiteral(SCENARIST_SOURCE_DIR "/docs")); }

    static QTextBrowser *browser(MainWindow &window)
    {
        auto *dialog = window.findChild<QDialog *>(QStringLiteral("helpDialog"));
        return dialog ? dialog->findChild<QTextBrowser *>() : nullptr;
    }

    static void openUserGuide(MainWindow &window)
    {
        for (QAction *top : window.menuBar()->actions()) {
            if (!top->menu() || top->text() != QStringLiteral("&Help"))
                continue;
            for (QAction *action : top->menu()->actions()) {
                if (action->text() == QStringLiteral("&User guide"))
                    return action->trigger();
            }
        }
        QFAIL("Help › User guide is missing");
    }

    /// The links of the page shown, in order, and where each one is.
    static QList<QPair<QString, int>> links(const QTextBrowser *page)
    {
        QList<QPair<QString, int>> found;
        for (QTextBlock block = page->document()->begin(); block.isValid(); block = block.next()) {
            for (auto it = block.begin(); !it.atEnd(); ++it) {
                const QTextCharFormat format = it.fragment().charFormat();
                if (format.isAnchor())
                    found.append({format.anchorHref(), it.fragment().position()});
            }
        }
        return found;
    }

    static QString firstHeading(const QString &file)
    {
        QFile page(docs().filePath(file));
        if (!page.open(QIODevice::ReadOnly))
            return QString();
        return QString::fromUtf8(page.readLine()).trimmed().remove(QRegularExpression("^# "));
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void everyPageIsBuiltIn()
    {
        // The app shows docs/ itself, not a copy that could lag behind.
        const QStringList pages = docs().entryList({QStringLiteral("*.md")}, QDir::Files);
        QVERIFY(pages.size() >= 10);
        for (const QString &name : pages) {
            QFile source(docs().filePath(name));
            QVERIFY(source.open(QIODevice::ReadOnly));
            QFile resource(QStringLiteral(":/docs/") + name);
            QVERIFY2(resource.open(QIODevice::ReadOnly), qPrintable(name));
            QCOMPARE(resource.readAll(), source.readAll());
        }
    }

    void indexLinksEveryPage()
    {
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.show();
        openUserGuide(window);
        QTextBrowser *page = browser(window);
        QVERIFY(page && page->isVisible());
        QCOMPARE(page->window()->windowTitle(), QStringLiteral("Scenarist user guide"));
        // Shown as a page, not as Markdown source.
        QVERIFY(!page->toPlainText().contains(QStringLiteral("](")));
        QStringList linked;
        for (const auto &link : links(page))
            linked << link.first;
        for (const QString &name : docs().entryList({QStringLiteral("*.md")}, QDir::Files)) {
            if (name != QStringLiteral("README.md"))
                QVERIFY2(linked.contains(name), qPrintable(name + " is not in the index"));
        }
    }

    void clickingALinkOpensThePage()
    {
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.show();
        openUserGuide(window);
        QTextBrowser *page = browser(window);
        QVERIFY(QTest::qWaitForWindowExposed(page->window()));
        int position = -1;
        for (const auto &link : links(page)) {
            if (link.first == QStringLiteral("headless-runner.md"))
                position = link.second;
        }
        QVERIFY(position >= 0);
        QTextCursor cursor(page->document());
        cursor.setPosition(position + 1);
        page->setTextCursor(cursor);
        page->ensureCursorVisible();
        QTest::mouseClick(
            page->viewport(), Qt::LeftButton, Qt::NoModifier, page->cursorRect(cursor).center());
        QTRY_COMPARE(page->source().fileName(), QStringLiteral("headless-runner.md"));
        QCOMPARE(page->window()->windowTitle(), firstHeading(QStringLiteral("headless-runner.md")));
        QVERIFY(page->toPlainText().contains(QStringLiteral("exit status")));
    }

    void everyLinkBetweenPagesOpensWithItsPictures()
    {
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.show();
        openUserGuide(window);
        QTextBrowser *page = browser(window);
        const QStringList pages = docs().entryList({QStringLiteral("*.md")}, QDir::Files);
        int opened = 0;
        for (const QString &from : pages) {
            page->setSource(QUrl(QStringLiteral("qrc:/docs/") + from));
            const QUrl base = page->source();
            for (const auto &link : links(page)) {
                const QUrl target = base.resolved(QUrl(link.first));
                if (target.scheme() != QStringLiteral("qrc"))
                    continue; // a web address opens in the browser
                // A page another branch is still writing (connections.md) is not here yet.
                if (!docs().exists(target.fileName()))
                    continue;
                page->setSource(target); // what following the link does
                QCOMPARE(page->window()->windowTitle(), firstHeading(target.fileName()));
                QVERIFY2(page->toPlainText().size() > 200, qPrintable(target.toString()));
                for (QTextBlock block = page->document()->begin(); block.isValid();
                     block = block.next()) {
                    for (auto it = block.begin(); !it.atEnd(); ++it) {
                        const QTextCharFormat format = it.fragment().charFormat();
                        if (!format.isImageFormat())
                            continue;
                        const QUrl image = target.resolved(QUrl(format.toImageFormat().name()));
                        QVERIFY2(page->loadResource(QTextDocument::ImageResource, image).isValid(),
                            qPrintable(image.toString()));
                    }
                }
                ++opened;
                page->setSource(base);
            }
        }
        QVERIFY(opened >= 15);
    }
};

QTEST_MAIN(TestUserGuide)
#include "tst_userguide.moc"
