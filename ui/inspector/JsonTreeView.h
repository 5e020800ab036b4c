#pragma once

#include <QTreeView>

class QAction;
class JsonTreeModel;

/// A tree view for a JsonTreeModel: fetches the next page of a long list when its last
/// fetched row scrolls into view, and offers "Copy value" and "Copy mapping" on every row
/// (context menu, Ctrl+C, Ctrl+Shift+C).
class JsonTreeView : public QTreeView
{
    Q_OBJECT
public:
    explicit JsonTreeView(QWidget *parent = nullptr);

    void setJsonModel(JsonTreeModel *model);
    JsonTreeModel *jsonModel() const { return m_model; }

    /// The module whose output this shows; mappings are {{id.path}}. 0: rows have no mapping.
    void setModuleId(int id);
    int moduleId() const { return m_moduleId; }

    /// {{id.path}} for a row, or empty when the row cannot be mapped.
    QString mappingFor(const QModelIndex &index) const;

    /// Put the current row's value / mapping on the clipboard; false when there is none.
    bool copyCurrentValue();
    bool copyCurrentMapping();

    QAction *copyValueAction() const { return m_copyValue; }
    QAction *copyMappingAction() const { return m_copyMapping; }

signals:
    /// Something was put on the clipboard; `what` describes it in a few words.
    void copied(const QString &what);

protected:
    void contextMenuEvent(QContextMenuEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void currentChanged(const QModelIndex &current, const QModelIndex &previous) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void scheduleFetch();
    /// Shares the width: names in full when they fit in half of it, the rest to the values.
    void fitColumns();
    void fetchVisiblePages();
    void updateActions();

    JsonTreeModel *m_model = nullptr;
    int m_moduleId = 0;
    bool m_fetchScheduled = false;
    QAction *m_copyValue;
    QAction *m_copyMapping;
};
