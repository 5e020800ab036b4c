#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QVBoxLayout;

/// What a first start shows: a friendly choice between the example and a new scenario.
class WelcomePage : public QWidget
{
    Q_OBJECT
public:
    explicit WelcomePage(QWidget *parent = nullptr);

    QPushButton *openExampleButton() const { return m_openExample; }
    QPushButton *newScenarioButton() const { return m_newScenario; }
    QPushButton *openFileButton() const { return m_openFile; }
    /// The link to Help › Getting started, under the three choices.
    QPushButton *gettingStartedButton() const { return m_gettingStarted; }

signals:
    void openExampleClicked();
    void newScenarioClicked();
    void openFileClicked();
    void gettingStartedClicked();

private:
    QPushButton *m_openExample;
    QPushButton *m_newScenario;
    QPushButton *m_openFile;
    QPushButton *m_gettingStarted;
};
