#include "UiTestSupport.h"
#include "core/model/Scenario.h"
#include "ui/MainWindow.h"
#include "ui/canvas/AddHandleItem.h"
#include "ui/canvas/ModuleItem.h"
#include "ui/canvas/ScenarioScene.h"

#include <QAction>
#include <QImage>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QXmlStreamReader>
#include <QtTest>

/// File › Export as image: the whole canvas as a PNG or SVG picture, as the canvas shows it.
class TestCanvasPicture : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_chosen; ///< what the save dialog answers
    QString m_suggested; ///< what the app suggested to it

    MainWindow::Options options()
    {
        MainWindow::Options o = UiTestSupport::windowOptions(m_dir);
        o.chooseImageFile = [this](QWidget *, const QString &suggestion) {
            m_suggested = suggestion;
            return m_chosen;
        };
        return o;
    }

    static QAction *fileMenuAction(MainWindow &window, const QString &text)
    {
        for (QAction *menu : window.menuBar()->actions()) {
            if (!menu->menu() || menu->text() != QStringLiteral("&File"))
                continue;
            for (QAction *action : menu->menu()->actions()) {
                if (action->text() == text)
                    return action;
            }
        }
        return nullptr;
    }

    /// The texts of an SVG drawing; an XML error fails the test.
    static QStringList svgTexts(const QString &path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return {QStringLiteral("cannot read")};
        QStringList texts;
        QXmlStreamReader xml(&file);
        while (!xml.atEnd()) {
            if (xml.readNext() == QXmlStreamReader::StartElement
                && xml.name() == QLatin1String("text"))
                texts.append(xml.readElementText().trimmed());
        }
        if (xml.hasError())
            return {QStringLiteral("XML error: ") + xml.errorString()};
        return texts;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void exportsTheCanvasAsSvg()
    {
        MainWindow window(options());
        window.resize(1280, 800);
        window.show();
        window.openExample();
        // A name with characters that mean something in XML.
        window.scenario()->setModuleLabel(2, QStringLiteral("Me & <my> items"));
        window.scene()->selectModule(1);
        QAction *action = fileMenuAction(window, QStringLiteral("Export as &image\u2026"));
        QVERIFY(action);
        QVERIFY(action->isEnabled());
        m_chosen = m_dir.filePath(QStringLiteral("canvas.svg"));
        action->trigger();
        QVERIFY(m_suggested.endsWith(QStringLiteral(".png")));
        const QStringList texts = svgTexts(m_chosen);
        QVERIFY2(texts.contains(QStringLiteral("#1")), qPrintable(texts.join(QLatin1Char('|'))));
        QVERIFY2(texts.contains(QStringLiteral("#2")), qPrintable(texts.join(QLatin1Char('|'))));
        QVERIFY2(texts.contains(QStringLiteral("Me & <my> items")),
            qPrintable(texts.join(QLatin1Char('|'))));
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("canvas.svg")));
        // The canvas is as it was: the selection kept, the "+" shown, nothing to undo.
        QCOMPARE(window.scene()->selectedModules(), QList<ModuleId> {1});
        QVERIFY(window.scene()->addHandle()->isVisible());
        QCOMPARE(window.scene()->moduleItem(1)->cacheMode(), QGraphicsItem::DeviceCoordinateCache);
        QVERIFY(!window.undoStack()->canUndo());
    }

    // The PNG is the canvas's background with the modules on it, at twice the size.
    void exportsTheCanvasAsPng()
    {
        MainWindow window(options());
        window.show();
        window.openExample();
        m_chosen = m_dir.filePath(QStringLiteral("canvas.png"));
        QVERIFY(window.exportImage(m_chosen));
        QImage image(m_chosen);
        QVERIFY(!image.isNull());
        QRectF modules;
        for (ModuleItem *item : window.scene()->moduleItems())
            modules |= item->sceneBoundingRect();
        QVERIFY(image.width() >= 2 * modules.width());
        QVERIFY(image.width() <= 2 * modules.width() + 200);
        QVERIFY(image.height() >= 2 * modules.height());
        // The corner is the canvas's background; the middle of module 1 is its colour.
        const QColor corner = image.pixelColor(2, 2);
        QVERIFY(corner.alpha() == 255);
        const QPointF centre
            = (window.scene()->moduleItem(1)->scenePos() - modules.topLeft() + QPointF(40, 40)) * 2;
        QVERIFY(image.pixelColor(centre.toPoint() + QPoint(0, 40)) != corner);
    }

    void failureSaysWhy_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown ending")
            << QStringLiteral("canvas.gif") << QStringLiteral(".png or .svg");
        QTest::newRow("no such folder")
            << QStringLiteral("no/such/folder/canvas.png") << QStringLiteral("folder");
    }

    void failureSaysWhy()
    {
        QFETCH(QString, name);
        QFETCH(QString, message);
        MainWindow window(options());
        window.show();
        window.openExample();
        m_chosen = m_dir.filePath(name);
        bool asked = false;
        QString text;
        UiTestSupport::answerNextMessageBox(QMessageBox::Ok, &asked, &text);
        fileMenuAction(window, QStringLiteral("Export as &image\u2026"))->trigger();
        QVERIFY(asked);
        QVERIFY2(text.contains(message), qPrintable(text));
        QVERIFY(!QFile::exists(m_chosen));
    }

    void nothingToExportOnAnEmptyScenario()
    {
        MainWindow window(options());
        window.show();
        window.newScenario();
        QVERIFY(!fileMenuAction(window, QStringLiteral("Export as &image\u2026"))->isEnabled());
    }
};

QTEST_MAIN(TestCanvasPicture)
#include "tst_canvaspicture.moc"
