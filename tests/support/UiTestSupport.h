#pragma once

#include "ui/MainWindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QMessageBox>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTimer>

/// Helpers shared by the tests that drive the main window (header-only: test_support does not
/// link the widgets library).
namespace UiTestSupport {

/// Options for a window under test: autosaves in `dir`, the sandbox on any free port.
inline MainWindow::Options windowOptions(const QTemporaryDir &dir, int autosaveIntervalMs = 30000)
{
    MainWindow::Options options;
    options.recoveryDirectory = dir.filePath(QStringLiteral("recovery"));
    options.autosaveIntervalMs = autosaveIntervalMs;
    options.sandboxPort = 0;
    // "+" adds a request without the kind picker; tests of the picker set chooseKind back.
    options.chooseKind = [](QWidget *, KindPicker::Place) { return Module::httpRequestType(); };
    return options;
}

/// Answers the next message box with `button` as soon as it shows (for at most 5 s), and
/// reports its text in *text when given. *asked tells whether one showed.
inline void answerNextMessageBox(
    QMessageBox::StandardButton button, bool *asked, QString *text = nullptr)
{
    auto *timer = new QTimer(qApp);
    auto *clock = new QElapsedTimer;
    clock->start();
    QObject::connect(timer, &QTimer::timeout, qApp, [=] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            if (asked)
                *asked = true;
            if (text)
                *text = box->text() + QLatin1Char('\n') + box->informativeText();
            if (QAbstractButton *b = box->button(button))
                b->click();
            else
                box->accept();
        } else if (clock->elapsed() < 5000) {
            return;
        }
        timer->deleteLater();
        delete clock;
    });
    timer->start(20);
}

} // namespace UiTestSupport
