#pragma once

#include <QFrame>
#include <QList>

class QAction;
class QHBoxLayout;
class QToolButton;

/// The bar under the canvas: a big "Run once", then the scenario's tools and the zoom. When the
/// window is too narrow for their words, the buttons show only their icons (the words stay in
/// the tooltips), so the bar never asks for more width than the icons need.
class CanvasToolBar : public QFrame
{
    Q_OBJECT

public:
    explicit CanvasToolBar(QWidget *parent = nullptr);

    /// The large, coloured button, always with its words.
    QToolButton *addPrimary(QAction *action);
    /// A plain button for `action`; `iconName` names an SVG in :/icons (none: words only).
    /// With `iconOnly`, the button never shows words, at any width.
    QToolButton *addTool(QAction *action, const QString &iconName, bool iconOnly = false);
    void addSpacing(int width);
    void addStretch();

    /// True while the buttons show icons only.
    bool isCompact() const { return m_compact; }

    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Tool
    {
        QToolButton *button;
        QString iconName;
        bool primary;
        bool fixedStyle;
    };

    int widthFor(bool compact) const;
    void setCompact(bool compact);
    void updateIcons();

    QHBoxLayout *m_layout;
    QToolButton *m_probe;
    QList<Tool> m_tools;
    int m_fixedSpace = 0;
    bool m_compact = false;
};
