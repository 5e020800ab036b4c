#include "UiTestSupport.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "core/sandbox/SandboxServer.h"
#include "ui/MainWindow.h"
#include "ui/canvas/AddHandleItem.h"
#include "ui/canvas/CanvasView.h"
#include "ui/canvas/ModuleItem.h"
#include "ui/canvas/ScenarioScene.h"
#include "ui/connections/AuthenticationChooser.h"
#include "ui/editor/KeyValueTable.h"
#include "ui/editor/ModuleEditor.h"
#include "ui/inspector/InspectorPanel.h"
#include "ui/mapping/MappingField.h"

#include <QComboBox>
#include <QDockWidget>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QWheelEvent>
#include <QtTest>

/// What a person new to Scenarist ran into on a 1024×640 laptop screen, following
/// docs/getting-started.md with mouse and keyboard: each test is one thing they noticed.
class TestFirstUser : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    MainWindow::Options options() const { return UiTestSupport::windowOptions(m_dir); }

    /// A window the size of the test screen with `count` modules, the last one selected.
    static void addModules(MainWindow &window, int count)
    {
        window.newScenario();
        for (int i = 0; i < count; ++i)
            window.addModule();
    }

    static QScrollArea *settingsScroll(MainWindow &window)
    {
        return window.moduleEditor()->findChild<QScrollArea *>();
    }

    /// True when the whole of `widget` can be seen (nothing of it scrolled or clipped away).
    static bool wholeInSight(QWidget *widget)
    {
        return widget->isVisible() && widget->visibleRegion().boundingRect() == widget->rect();
    }

    /// Sends a turn of the mouse wheel over `widget`, as Qt delivers it: unaccepted events go
    /// on to the parent (the scroll area); returns whether the widget kept it.
    static bool wheel(QWidget *widget, int delta)
    {
        const QPointF pos = widget->rect().center();
        QWheelEvent event(pos, widget->mapToGlobal(pos), QPoint(), QPoint(0, delta), Qt::NoButton,
            Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(widget, &event);
        return event.isAccepted();
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QCOMPARE(QGuiApplication::primaryScreen()->availableGeometry().size(), QSize(1024, 640));
    }

    /// The first window fits the screen: at 1,400×900 on a 1024×640 laptop the welcome page
    /// sat off-centre and "Run once" and the settings were outside the screen.
    void firstWindowFitsTheScreen()
    {
        QSettings().clear();
        MainWindow window(options());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QRect screen = window.screen()->availableGeometry();
        QVERIFY2(window.width() <= screen.width() && window.height() <= screen.height(),
            qPrintable(QStringLiteral("%1×%2 on a %3×%4 screen")
                           .arg(window.width())
                           .arg(window.height())
                           .arg(screen.width())
                           .arg(screen.height())));
        QVERIFY(screen.contains(window.frameGeometry().topLeft()));
    }

    /// Scrolling the settings with the mouse wheel must not change the drop-down that passes
    /// under the pointer (it switched Authentication to "HTTP Basic" unnoticed).
    void wheelOverADropDownLeavesItAlone()
    {
        MainWindow window(options());
        window.resize(1024, 640);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        addModules(window, 1);
        ModuleEditor *editor = window.moduleEditor();
        window.canvasView()->setFocus();
        const int steps = window.undoStack()->count();
        const QList<QComboBox *> combos {editor->methodCombo(), editor->bodyTypeCombo(),
            editor->authenticationChooser()->findChild<QComboBox *>()};
        for (QComboBox *combo : combos) {
            QVERIFY(combo);
            const int index = combo->currentIndex();
            QVERIFY2(!wheel(combo, -120), "the wheel turn goes on to scroll the settings");
            QCOMPARE(combo->currentIndex(), index);
        }
        QCOMPARE(window.undoStack()->count(), steps);
        QCOMPARE(window.scenario()->module(1).config.method, QStringLiteral("GET"));

        // A drop-down the person clicked into still answers the wheel.
        editor->methodCombo()->setFocus();
        QVERIFY(wheel(editor->methodCombo(), -120));
        QCOMPARE(window.scenario()->module(1).config.method, QStringLiteral("POST"));
    }

    /// The settings of another module open at their top, with its name and URL in sight,
    /// not where the previous module's settings were scrolled to.
    void anotherModuleOpensAtTheTop()
    {
        MainWindow window(options());
        window.resize(1024, 640);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        addModules(window, 2);
        window.editModule(1);
        QScrollBar *bar = settingsScroll(window)->verticalScrollBar();
        QVERIFY(bar->maximum() > 0);
        bar->setValue(bar->maximum());
        window.editModule(2);
        QCOMPARE(bar->value(), 0);
        QVERIFY(wholeInSight(window.moduleEditor()->labelEdit()));
        QVERIFY(wholeInSight(window.moduleEditor()->urlField()));
    }

    /// The field being typed into is always in sight: after "Add a field" and Tab the new
    /// value field was half under the bottom of the settings panel.
    void theFieldTypedIntoIsInSight()
    {
        MainWindow window(options());
        window.resize(1024, 640);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        addModules(window, 1);
        ModuleEditor *editor = window.moduleEditor();
        const int form = editor->bodyTypeCombo()->findText(QStringLiteral("Form fields"));
        editor->bodyTypeCombo()->setCurrentIndex(form);
        KeyValueTable *fields = editor->urlEncodedTable();
        for (int i = 0; i < 4; ++i) {
            fields->addButton()->click();
            QTRY_VERIFY(fields->nameField(i)->hasFocus());
            QTRY_VERIFY2(wholeInSight(fields->nameField(i)), qPrintable(QString::number(i)));
            QTest::keyClicks(fields->nameField(i), QStringLiteral("name"));
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
            QTRY_VERIFY(fields->valueField(i)->hasFocus());
            QTRY_VERIFY2(wholeInSight(fields->valueField(i)), qPrintable(QString::number(i)));
        }
    }

    /// "Keep it out of the file" shows where the person looks: typing client_secret in the
    /// last form field, the offer appeared at the top of the form, scrolled out of sight.
    void secretOfferIsInSightWhereTheSecretIsTyped()
    {
        MainWindow window(options());
        window.resize(1024, 640);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        addModules(window, 1);
        ModuleEditor *editor = window.moduleEditor();
        editor->bodyTypeCombo()->setCurrentIndex(
            editor->bodyTypeCombo()->findText(QStringLiteral("Form fields")));
        KeyValueTable *fields = editor->urlEncodedTable();
        const QStringList names {QStringLiteral("grant_type"), QStringLiteral("client_id"),
            QStringLiteral("client_secret")};
        for (int i = 0; i < names.size(); ++i) {
            fields->addButton()->click();
            QTest::keyClicks(fields->nameField(i), names[i]);
            fields->valueField(i)->setFocus();
            QTRY_VERIFY(wholeInSight(fields->valueField(i)));
            QTest::keyClicks(fields->valueField(i), QStringLiteral("demo-value"));
        }
        QTRY_VERIFY(editor->keepSecretButton()->isVisible());
        QVERIFY(wholeInSight(editor->keepSecretButton()));
        QVERIFY(wholeInSight(editor->secretOfferText()));
        // Where the secret is typed stays in sight too, with one scroll bar, not two.
        QTRY_VERIFY(wholeInSight(fields->valueField(2)));
        auto *outer = qobject_cast<QScrollArea *>(window.settingsDock()->widget());
        QVERIFY(outer);
        QVERIFY(!outer->verticalScrollBar()->isVisible());
        // The offer goes with the module: another module without a secret does not show it.
        window.addModule();
        QTRY_VERIFY(!editor->keepSecretButton()->isVisible());
    }

    /// The warning after saving a secret is read to its end: "Last run: …" beside it cut it
    /// off at "select the module and click" on a 1024-pixel window.
    void saveWarningIsReadToItsEnd()
    {
        MainWindow window(options());
        window.resize(1024, 640);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openExample(); // its demo client secret is typed in, on purpose
        QSignalSpy finished(window.runner(), &ScenarioRunner::runFinished);
        window.runOnceAction()->trigger();
        QVERIFY(finished.wait(20000));
        QVERIFY(window.runStatusLabel()->isVisible());
        QVERIFY(window.saveTo(m_dir.filePath(QStringLiteral("example.scenario.json"))));
        QStatusBar *bar = window.statusBar();
        const QString message = bar->currentMessage();
        QVERIFY(message.endsWith(QStringLiteral("\u201cKeep it out of the file\u201d.")));
        QVERIFY(!window.runStatusLabel()->isVisible());
        const int room = bar->contentsRect().width()
            - 2 * bar->style()->pixelMetric(QStyle::PM_LayoutHorizontalSpacing) - 8;
        QVERIFY2(bar->fontMetrics().horizontalAdvance(message) <= room,
            qPrintable(QStringLiteral("%1 pixels of text in %2")
                           .arg(bar->fontMetrics().horizontalAdvance(message))
                           .arg(room)));
        // Once the message is gone, how the last run went shows again.
        bar->clearMessage();
        QVERIFY(window.runStatusLabel()->isVisible());
    }

    /// Step 5 of docs/getting-started.md: the bubble of the module just added (with the "+"
    /// after module 1) and run opens "Last run".
    void bubbleOfTheModuleAddedWithThePlusOpensLastRun()
    {
        MainWindow window(options());
        window.resize(1024, 640);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.newScenario();
        ScenarioScene *scene = window.scene();
        CanvasView *view = window.canvasView();
        auto clickHandle = [&] {
            AddHandleItem *handle = scene->addHandle();
            const QPointF at = handle->mapToScene(handle->shape().boundingRect().center());
            QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->mapFromScene(at));
        };
        clickHandle();
        QTRY_COMPARE(window.scenario()->modules().size(), 1);
        QTest::qWait(50);
        clickHandle();
        QTRY_COMPARE(window.scenario()->modules().size(), 2);
        QTest::qWait(50);
        const QString sandbox = window.sandbox()->baseUrl().toString();
        for (ModuleId id : {ModuleId(1), ModuleId(2)}) {
            HttpRequestSpec config = window.scenario()->module(id).config;
            config.url = sandbox + QStringLiteral("/");
            window.scenario()->setModuleConfig(id, config);
        }
        QSignalSpy finished(window.runner(), &ScenarioRunner::runFinished);
        window.runOnceAction()->trigger();
        QVERIFY(finished.wait(20000));
        QTest::qWait(50);
        ModuleItem *item = scene->moduleItem(2);
        QVERIFY(item->isBubbleVisible());
        // Every point of the bubble and of the disc is the module's, also where they overlap
        // (there the bubble did not answer a click).
        const qreal radius = ModuleItem::Radius;
        const QRectF rect = item->bubbleRect().adjusted(1, 1, -1, -1);
        for (qreal x = -radius; x <= rect.right(); x += 1) {
            for (qreal y = rect.top(); y <= radius; y += 1) {
                const QPointF p(x, y);
                if (rect.contains(p) || QLineF(QPointF(), p).length() < radius - 1)
                    QVERIFY2(item->contains(p), qPrintable(QStringLiteral("%1, %2").arg(x).arg(y)));
            }
        }
        // Clicked where bubble and disc overlap, as a person aiming at the bubble may.
        const QPointF overlap = item->mapToScene(item->bubbleRect().center() * 0.97);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->mapFromScene(overlap));
        QTRY_VERIFY(window.inspectorDock()->isVisible());
        QCOMPARE(window.inspector()->isEmpty(), false);
    }
};

int main(int argc, char *argv[])
{
    // A laptop screen of 1024×640, whatever the machine running the test has.
    QTemporaryDir screenDir;
    const QString config = screenDir.filePath(QStringLiteral("screen.json"));
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly))
        return 1;
    const QJsonObject screen {{QStringLiteral("name"), QStringLiteral("laptop")},
        {QStringLiteral("x"), 0}, {QStringLiteral("y"), 0}, {QStringLiteral("width"), 1024},
        {QStringLiteral("height"), 640}, {QStringLiteral("logicalDpi"), 96},
        {QStringLiteral("logicalBaseDpi"), 96}, {QStringLiteral("dpr"), 1}};
    file.write(
        QJsonDocument(QJsonObject {{QStringLiteral("screens"), QJsonArray {screen}}}).toJson());
    file.close();
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + config.toLocal8Bit());
    QApplication app(argc, argv);
    TestFirstUser test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_firstuser.moc"
