#include "UiTestSupport.h"
#include "core/mapping/MappingFunctions.h"
#include "ui/MainWindow.h"
#include "ui/WelcomePage.h"
#include "ui/canvas/ModuleItem.h"
#include "ui/canvas/ScenarioScene.h"
#include "ui/editor/ModuleEditor.h"
#include "ui/help/Help.h"
#include "ui/mapping/MappingField.h"

#include <QDockWidget>
#include <QFile>
#include <QLineEdit>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextImageFormat>
#include <QtTest>

/// The Help menu: getting started from docs/, the mapping reference from the function table,
/// the shortcuts from the window's actions, and F1 opening the page that fits.
class TestHelp : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QDialog *helpDialog(MainWindow &window) const
    {
        return window.findChild<QDialog *>(QStringLiteral("helpDialog"));
    }
    QTextBrowser *browser(MainWindow &window) const
    {
        QDialog *dialog = helpDialog(window);
        return dialog ? dialog->findChild<QTextBrowser *>() : nullptr;
    }
    QAction *helpAction(MainWindow &window, const QString &text) const
    {
        for (QAction *top : window.menuBar()->actions()) {
            if (!top->menu() || top->text() != QStringLiteral("&Help"))
                continue;
            for (QAction *action : top->menu()->actions()) {
                if (action->text().remove(QLatin1Char('&')) == text)
                    return action;
            }
        }
        return nullptr;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void welcomePagePointsToGettingStarted()
    {
        // A first start: the welcome page has a visible way to the getting-started page.
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.resize(1024, 640);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.isShowingWelcome());
        QPushButton *link = window.welcomePage()->gettingStartedButton();
        QVERIFY(link);
        QVERIFY(link->isVisible());
        QVERIFY(link->text().contains(QStringLiteral("Getting started")));
        QVERIFY(window.rect().contains(QRect(link->mapTo(&window, QPoint()), link->size())));
        QVERIFY(!helpDialog(window));
        QTest::mouseClick(link, Qt::LeftButton);
        QVERIFY(helpDialog(window) && helpDialog(window)->isVisible());
        QCOMPARE(helpDialog(window)->windowTitle(), QStringLiteral("Getting started"));
        QVERIFY(browser(window)->toPlainText().contains(QStringLiteral("Ask for a token")));
    }

    void gettingStartedIsTheDocsPage()
    {
        // The page in the app is docs/getting-started.md itself.
        QFile docs(QStringLiteral(SCENARIST_SOURCE_DIR "/docs/getting-started.md"));
        QVERIFY(docs.open(QIODevice::ReadOnly));
        QFile resource(QStringLiteral(":/docs/getting-started.md"));
        QVERIFY(resource.open(QIODevice::ReadOnly));
        QCOMPARE(resource.readAll(), docs.readAll());

        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.show();
        QAction *action = helpAction(window, QStringLiteral("Getting started"));
        QVERIFY(action);
        action->trigger();
        QVERIFY(helpDialog(window) && helpDialog(window)->isVisible());
        QTextBrowser *page = browser(window);
        QVERIFY(page);
        const QString text = page->toPlainText();
        QVERIFY(text.contains(QStringLiteral("Ask for a token")));
        QVERIFY(text.contains(QStringLiteral("Save the scenario")));
        // Six steps, their pictures found in the app's resources.
        int steps = 0;
        int images = 0;
        for (QTextBlock block = page->document()->begin(); block.isValid(); block = block.next()) {
            if (block.blockFormat().headingLevel() == 2)
                ++steps;
            for (auto it = block.begin(); !it.atEnd(); ++it) {
                const QTextCharFormat format = it.fragment().charFormat();
                if (!format.isImageFormat())
                    continue;
                const QUrl url = page->source().resolved(QUrl(format.toImageFormat().name()));
                const QVariant image = page->loadResource(QTextDocument::ImageResource, url);
                QVERIFY2(image.isValid()
                        && (!image.value<QByteArray>().isEmpty()
                            || !image.value<QImage>().isNull()),
                    qPrintable(url.toString()));
                ++images;
            }
        }
        QCOMPARE(steps, 6);
        QVERIFY(images >= 3);
    }

    void mappingReferenceListsEveryFunction()
    {
        const QString html = Help::mappingReferenceHtml();
        for (const MappingFunction *function : MappingFunctions::all()) {
            QVERIFY2(
                html.contains(QStringLiteral("<h3>%1</h3>").arg(QLatin1String(function->name))),
                function->name);
            QVERIFY(html.contains(QString::fromUtf8(function->example).toHtmlEscaped()));
        }
        // Examples are worked out: upper(1.data.name) shows its result.
        QVERIFY(html.contains(QStringLiteral("ADA LOVELACE")));
    }

    void shortcutsComeFromTheActions()
    {
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.show();
        QAction *action = helpAction(window, QStringLiteral("Keyboard shortcuts"));
        QVERIFY(action);
        action->trigger();
        const QString text = browser(window)->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("File › Save")), qPrintable(text));
        QVERIFY(text.contains(QKeySequence(QKeySequence::Save).toString(QKeySequence::NativeText)));
        QVERIFY(
            text.contains(window.runOnceAction()->shortcut().toString(QKeySequence::NativeText)));
        // A shortcut added to an action shows up: the page is generated, not written.
        window.runOnceAction()->setShortcut(QKeySequence(QStringLiteral("Ctrl+Alt+J")));
        action->trigger();
        QVERIFY(browser(window)->toPlainText().contains(QStringLiteral("Ctrl+Alt+J")));
    }

    void f1OpensThePageThatFits()
    {
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.show();
        window.welcomePage()->openExampleButton()->click();
        window.scene()->moduleItem(1)->setSelected(true);
        QVERIFY(window.settingsDock()->isVisible());
        QVERIFY(QTest::qWaitForWindowActive(&window));

        // In a mapping field of the settings: the mapping reference.
        MappingField *url = window.moduleEditor()->urlField();
        url->setFocus();
        QTRY_VERIFY(url->hasFocus());
        QTest::keyClick(url, Qt::Key_F1);
        QTRY_VERIFY(helpDialog(window) && helpDialog(window)->isVisible());
        QVERIFY(browser(window)->toPlainText().contains(QStringLiteral("Mapping reference")));
        helpDialog(window)->close();

        // Elsewhere in the settings (the label): getting started.
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.moduleEditor()->labelEdit()->setFocus();
        QTRY_VERIFY(window.moduleEditor()->labelEdit()->hasFocus());
        QTest::keyClick(window.moduleEditor()->labelEdit(), Qt::Key_F1);
        QTRY_VERIFY(helpDialog(window)->isVisible());
        QVERIFY(browser(window)->toPlainText().contains(QStringLiteral("Getting started")));
        QCOMPARE(Help::pageFor(url, window.settingsDock()), Help::Page::MappingReference);
        QCOMPARE(Help::pageFor(url, nullptr), Help::Page::GettingStarted);
    }
};

QTEST_MAIN(TestHelp)
#include "tst_help.moc"
