#pragma once

#include "core/model/Module.h"
#include "core/run/RunResult.h"

#include <QWidget>

class JsonTreeModel;
class JsonTreeView;
class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
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
    /// the raw text is only read when its tab is shown.
    void setRun(const Module &module, const ModuleRun &run);
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

    QStackedWidget *m_stack;
    QLabel *m_emptyLabel;
    QLabel *m_title;
    QLabel *m_status;
    QLabel *m_error;
    QLabel *m_warnings;
    QTabWidget *m_pages;

    QLabel *m_requestLine;
    QCheckBox *m_showSecrets;
    QLabel *m_redirects;
    JsonTreeModel *m_inputHeadersModel;
    JsonTreeView *m_inputHeadersView;
    QLabel *m_inputBodyNote;
    QPlainTextEdit *m_inputBody;

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
