// Screenshots of filters: the canvas of router-and-filters after a run (the filtered link's
// funnel and its "passed · stopped" label) and the filter editor open on that link, at
// 1280×800 and 1024×640. Run under Xvfb:
//   scenarist-filter-screenshots OUTPUT_FOLDER SOURCE_FOLDER

#include "ScreenshotSupport.h"
#include "core/run/ScenarioRunner.h"
#include "ui/MainWindow.h"
#include "ui/canvas/ScenarioScene.h"
#include "ui/filters/FilterEditor.h"
#include "ui/mapping/MappingField.h"
#include "ui/mapping/MappingPanel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QPointer>
#include <QPushButton>
#include <QScreen>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <functional>
#include <memory>

int main(int argc, char *argv[])
{
    using ScreenshotSupport::save;
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Scenarist-screenshots"));
    const ScreenshotSupport::Arguments args = ScreenshotSupport::arguments(argc, argv);
    const QString out = args.out;
    const QString source = args.source;

    QTemporaryDir recovery;
    MainWindow window(ScreenshotSupport::windowOptions(recovery));
    window.show();

    const QList<QSize> sizes {QSize(1280, 800), QSize(1024, 640)};
    auto next = std::make_shared<std::function<void(int)>>();
    *next = [&, next](int i) {
        if (i >= sizes.size()) {
            app.quit();
            return;
        }
        const QSize size = sizes.at(i);
        const QString suffix = QStringLiteral("-%1.png").arg(size.width());
        window.resize(size);
        window.openFile(
            source + QStringLiteral("/resources/examples/router-and-filters.scenario.json"));
        QObject::connect(
            window.runner(), &ScenarioRunner::runFinished, &window,
            [&, next, i, suffix] {
                window.scene()->selectModule(0);
                QTimer::singleShot(600, &window, [&, next, i, suffix] {
                    save(&window, out + QStringLiteral("/filter-canvas") + suffix);
                    QPointer<FilterEditor> editor;
                    auto connection
                        = QObject::connect(window.scene(), &ScenarioScene::filterEditorOpened,
                            &window, [&editor](FilterEditor *opened) { editor = opened; });
                    window.scene()->editFilter(4, 5);
                    QObject::disconnect(connection);
                    if (!editor) {
                        (*next)(i + 1);
                        return;
                    }
                    // A second way through, to show an OR box, and the first row in focus.
                    editor->addOrButton()->click();
                    editor->secondValueField(1, 0)->insertAtCursor(QStringLiteral("5"));
                    editor->firstValueField(0, 0)->setFocus();
                    QTimer::singleShot(600, &window, [&, editor, next, i, suffix] {
                        if (editor) {
                            save(editor, out + QStringLiteral("/filter-editor") + suffix);
                            // The operators' list, open, with its headings.
                            QComboBox *box = editor->operatorBox(0, 0);
                            box->showPopup();
                            QApplication::processEvents();
                            save(box->view()->window(),
                                out + QStringLiteral("/filter-operators") + suffix);
                            box->hidePopup();
                            editor->okButton()->click(); // refused: the OR row has nothing to check
                        }
                        QTimer::singleShot(400, &window, [&, editor, next, i, suffix] {
                            if (editor) {
                                save(editor,
                                    out + QStringLiteral("/filter-editor-refused") + suffix);
                                editor->reject();
                            }
                            (*next)(i + 1);
                        });
                    });
                });
            },
            Qt::SingleShotConnection);
        window.runOnce();
    };
    QTimer::singleShot(700, &window, [next] { (*next)(0); });
    QTimer::singleShot(60000, &app, [&] {
        std::fprintf(stderr, "screenshots timed out\n");
        app.exit(1);
    });
    return app.exec();
}
