#include "UiTestSupport.h"
#include "ui/MainWindow.h"
#include "ui/WelcomePage.h"
#include "ui/canvas/ModuleItem.h"
#include "ui/canvas/ScenarioScene.h"
#include "ui/editor/KeyValueTable.h"
#include "ui/editor/ModuleEditor.h"
#include "ui/mapping/MappingField.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTabBar>
#include <QTemporaryDir>
#include <QtTest>

/// Every control a keyboard can reach has a name a screen reader can say.
class TestAccessibility : public QObject
{
    Q_OBJECT

private slots:
    void tabFromMethodVisitsTheHeaderRows();
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void everyFocusableControlHasAName()
    {
        QTemporaryDir dir;
        MainWindow window(UiTestSupport::windowOptions(dir));
        window.resize(1280, 800);
        window.show();
        window.welcomePage()->openExampleButton()->click();
        window.scene()->moduleItem(2)->setSelected(true);
        for (QDockWidget *dock : window.findChildren<QDockWidget *>())
            dock->show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCoreApplication::processEvents();

        // What Qt exposes as the name: the accessible name, a button's text, a label's buddy.
        QSet<const QWidget *> labelled;
        for (const QLabel *label : window.findChildren<QLabel *>()) {
            if (label->buddy() && !label->text().trimmed().isEmpty())
                labelled.insert(label->buddy());
        }
        QStringList unnamed;
        int checked = 0;
        for (QWidget *widget : window.findChildren<QWidget *>()) {
            if (widget->focusPolicy() == Qt::NoFocus || !widget->isVisible())
                continue;
            ++checked;
            if (!widget->accessibleName().trimmed().isEmpty() || labelled.contains(widget))
                continue;
            const auto *button = qobject_cast<const QAbstractButton *>(widget);
            if (button && !button->text().remove(QLatin1Char('&')).trimmed().isEmpty())
                continue;
            // Parts Qt builds inside a control (a combo box's list, a scroll area's viewport)
            // are named through their control.
            if (widget->objectName().startsWith(QLatin1String("qt_")))
                continue;
            // The tabs of docks stacked together are named by their titles.
            if (const auto *tabs = qobject_cast<const QTabBar *>(widget)) {
                bool titled = tabs->count() > 0;
                for (int i = 0; i < tabs->count(); ++i)
                    titled = titled && !tabs->tabText(i).trimmed().isEmpty();
                if (titled)
                    continue;
            }
            QString path;
            for (QWidget *w = widget; w && w != &window; w = w->parentWidget())
                path.prepend(QStringLiteral("/%1(%2)").arg(
                    QLatin1String(w->metaObject()->className()), w->objectName()));
            if (const auto *edit = qobject_cast<const QLineEdit *>(widget))
                path += QStringLiteral(" \"%1\"").arg(edit->placeholderText());
            unnamed << path;
        }
        for (const QString &path : std::as_const(unnamed))
            qWarning("unnamed: %s", qPrintable(path));
        QVERIFY(checked > 30);
        QVERIFY2(unnamed.isEmpty(),
            qPrintable(QStringLiteral("%1 controls without a name:\n").arg(unnamed.size())
                + unnamed.join(QLatin1Char('\n'))));
    }
};

void TestAccessibility::tabFromMethodVisitsTheHeaderRows()
{
    QTemporaryDir dir;
    MainWindow window(UiTestSupport::windowOptions(dir));
    window.resize(1280, 800);
    window.show();
    window.welcomePage()->openExampleButton()->click();
    window.scene()->moduleItem(2)->setSelected(true);
    QVERIFY(QTest::qWaitForWindowActive(&window));
    KeyValueTable *headers = window.moduleEditor()->headersTable();
    QVERIFY(headers->rowCount() > 0);
    window.moduleEditor()->methodCombo()->setFocus();
    QTRY_VERIFY(window.moduleEditor()->methodCombo()->hasFocus());
    QList<QWidget *> visited;
    for (int i = 0; i < 12; ++i) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        visited << QApplication::focusWidget();
    }
    // Soon after the Method: the first header's name and value.
    QVERIFY(visited.contains(headers->nameField(0)));
    QVERIFY(visited.indexOf(headers->valueField(0)) > visited.indexOf(headers->nameField(0)));
}

QTEST_MAIN(TestAccessibility)
#include "tst_accessibility.moc"
