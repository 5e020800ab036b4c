#include "ui/MainWindow.h"

#include "core/model/Scenario.h"
#include "ui/schedule/ScheduleDialog.h"
#include "ui/session/EditingSession.h"

#include <QMessageBox>

// Scenario › Schedule… (docs/schedules.md).

void MainWindow::scheduleWithDialog()
{
    // A schedule runs a file: there must be one.
    if (m_session->filePath().isEmpty()) {
        const QMessageBox::StandardButton answer = QMessageBox::question(this,
            tr("Save the scenario first"),
            tr("A schedule runs the scenario's saved file, and \u201c%1\u201d is not saved yet. "
               "Save it now?")
                .arg(m_session->displayName()),
            QMessageBox::Save | QMessageBox::Cancel, QMessageBox::Save);
        if (answer != QMessageBox::Save || !saveAs())
            return;
    }
    ScheduleDialog::Options options;
    options.scenarioFile = m_session->filePath();
    options.scenarioName = m_scenario->name();
    options.unsavedChanges = !m_session->isClean();
    auto *dialog = new ScheduleDialog(options, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ScheduleDialog::saved, this, &MainWindow::showStatus);
    connect(dialog, &ScheduleDialog::removed, this, &MainWindow::showStatus);
    dialog->open();
}
