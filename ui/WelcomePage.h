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

signals:
    void openExampleClicked();
    void newScenarioClicked();
    void openFileClicked();

private:
    QPushButton *m_openExample;
    QPushButton *m_newScenario;
    QPushButton *m_openFile;
};
