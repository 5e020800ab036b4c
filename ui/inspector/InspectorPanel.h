#pragma once

#include "core/model/Module.h"
#include "core/run/RunResult.h"

#include <QWidget>

class DroppedBundleModel;
class JsonTreeModel;
class JsonTreeView;
class OperationListModel;
class QCheckBox;
class QLabel;
class QListView;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QTimer;

/// What one module sent and received in the latest run: a status line, the error in
/// plain words, warnings, then INPUT (the request exactly as sent, secrets masked until "Show
/// secrets") and OUTPUT (status, data as a lazy tree, headers, cookies, raw body, timings).
/// Rows can be copied as values or as mappings ({{2.data.items[1].id}}).
class InspectorPanel : public QWidget
{
    Q_OBJECT
public:
    enum Page { InputPage, OutputPage };

    explicit InspectorPanel(QWidget *parent = nullptr);

    /// Shows `run` of `module`. Cheap for large responses: the tree builds as it is opened and
    /// the raw text is only read when its tab is shown. `flow`, the module's part of a run of
    /// flows, adds the operation selector (every operation's input, output, error and tries)
    /// and the bundles the filter before the module stopped.
    void setRun(const Module &module, const ModuleRun &run, const ModuleFlowRecord *flow = nullptr);
    /// Back to "Run the scenario, then click a module…".
    void clear();
    bool isEmpty() const;

    bool secretsShown() const;
    void setSecretsShown(bool shown);

    void setCurrentPage(Page page);

    /// Copies the whole output bundle as indented JSON; serialised on a worker thread, so the
    /// clipboard is filled a moment later and copied() is emitted then.
    void copyOutputAsJson();
    /// Copies the request as sent as a curl command (secrets masked unless shown).
    void copyAsCurl();

    /// The data tree, for the lead's wiring and for tests.
    JsonTreeView *dataView() const { return m_dataView; }
    JsonTreeModel *dataModel() const { return m_dataModel; }

    /// The operation selector (hidden unless a run of flows is shown) and its model.
    QListView *operationList() const { return m_operationList; }
    OperationListModel *operationModel() const { return m_operationModel; }
    /// Shows operation `row` (0-based) of the module, as if picked in the selector.
    void setCurrentOperation(int row);
    /// The operation shown; -1 when there is no selector.
    int currentOperation() const;

    /// Largest part of a body put into a text view; more would make the view crawl.
    static constexpr qsizetype TextViewLimit = 1024 * 1024;

signals:
    /// Something went on the clipboard; `what` describes it ("{{1.data.access_token}}").
    void copied(const QString &what);

protected:
    void changeEvent(QEvent *event) override;

private:
    QWidget *buildInputPage();
    QWidget *buildOutputPage();
    QWidget *buildOperationsBox();
    void showOperation();
    void showOperationInput(const OperationRecord &op);
    void showOperationOutput(const OperationRecord &op);
    void setExchangeViewsShown(bool shown);
    void showStatus();
    void showInput();
    void showOutput();
    void fillRawText();
    void applyPalette();
    void showFeedback(const QString &text);
    JsonTreeView *currentOutputView() const;
    void updateCopyButtons();
    void saveBody();

    Module m_module;
    ModuleRun m_run;
    bool m_hasRun = false;
    bool m_rawFilled = false;
    bool m_applyingPalette = false;
    ModuleFlowRecord m_flow;
    bool m_hasFlow = false;
    /// The shown operation comes from the run's record, not from the exchange (which holds
    /// only a request's last operation).
    bool m_showsRecord = false;

    QStackedWidget *m_stack;
    QLabel *m_emptyLabel;
    QLabel *m_title;
    QLabel *m_status;
    QLabel *m_error;
    QLabel *m_warnings;
    QTabWidget *m_pages;

    QWidget *m_operationsBox;
    QLabel *m_operationsTitle;
    QListView *m_operationList;
    OperationListModel *m_operationModel;
    QLabel *m_operationSummary;
    QLabel *m_attempts;
    QLabel *m_droppedTitle;
    QListView *m_droppedList;
    DroppedBundleModel *m_droppedModel;

    QLabel *m_requestLine;
    QCheckBox *m_showSecrets;
    QLabel *m_redirects;
    JsonTreeModel *m_inputHeadersModel;
    JsonTreeView *m_inputHeadersView;
    QLabel *m_inputBodyNote;
    QPlainTextEdit *m_inputBody;
    QSplitter *m_inputSplitter;
    JsonTreeModel *m_operationInputModel;
    JsonTreeView *m_operationInputView;

    QLabel *m_responseLine;
    QLabel *m_timings;
    QTabWidget *m_outputTabs;
    JsonTreeModel *m_dataModel;
    JsonTreeView *m_dataView;
    QLabel *m_dataNote;
    JsonTreeModel *m_headersModel;
    JsonTreeView *m_headersView;
    JsonTreeModel *m_cookiesModel;
    JsonTreeView *m_cookiesView;
    QWidget *m_rawPage;
    QLabel *m_rawNote;
    QPlainTextEdit *m_raw;
    QPushButton *m_copyValue;
    QPushButton *m_copyMapping;
    QPushButton *m_copyOutput;
    QPushButton *m_copyCurl = nullptr;
    QLabel *m_feedback;
    QTimer *m_feedbackTimer;
};
