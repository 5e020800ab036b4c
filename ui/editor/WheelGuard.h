#pragma once

#include <QObject>

class QWidget;

/// Keeps the mouse wheel for scrolling a form: a drop-down or number box the person has not
/// clicked into lets the turn go on to the scroll area instead of changing its value (turning
/// the wheel over the settings switched Authentication unnoticed).
class WheelGuard : public QObject
{
public:
    /// Guards every QComboBox and QAbstractSpinBox in `root`, and `root` itself if it is one.
    static void install(QWidget *root);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    explicit WheelGuard(QObject *parent);
};
