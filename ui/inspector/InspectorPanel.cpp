#include "ui/inspector/InspectorPanel.h"

#include "core/run/CurlForRun.h"
#include "ui/Theme.h"
#include "ui/inspector/BackgroundJob.h"
#include "ui/inspector/DroppedBundleModel.h"
#include "ui/inspector/JsonTreeModel.h"
#include "ui/inspector/JsonTreeView.h"
#include "ui/inspector/OperationListModel.h"

#include <QCheckBox>
#include <QClipboard>
#include <QEvent>
#include <QFileDialog>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace {

QColor blend(const QColor &a, const QColor &b, qreal t)
{
    return QColor::fromRgbF(a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t, a.blueF() + (b.blueF() - a.blueF()) * t);
}

QColor statusColor(ModuleRunStatus status, const QPalette &palette)
{
    return Theme::statusText(status, palette);
}

QColor warningColor(const QPalette &palette)
{
    return Theme::warningText(palette);
}

QString sizeText(qsizetype bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

QString msText(qint64 ms)
{
    return ms < 0 ? QStringLiteral("-") : QObject::tr("%1 ms").arg(QLocale().toString(ms));
}

QString capitalized(QString text)
{
    if (!text.isEmpty())
        text[0] = text.at(0).toUpper();
    return text;
}

QLabel *sectionTitle(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

/// Splits lines longer than `width` characters. A text view lays out a whole line at once, so
/// one minified megabyte-long line stalls the window for about half a second; short lines are
/// laid out only when scrolled into view.
QString splitLongLines(const QString &text, qsizetype width, bool *split)
{
    *split = false;
    QString result;
    qsizetype lineStart = 0;
    while (lineStart <= text.size()) {
        qsizetype lineEnd = text.indexOf(QLatin1Char('\n'), lineStart);
        if (lineEnd < 0)
            lineEnd = text.size();
        for (qsizetype from = lineStart; from < lineEnd || from == lineStart;) {
            qsizetype to = qMin(from + width, lineEnd);
            if (to < lineEnd && text.at(to - 1).isHighSurrogate())
                --to; // never cut a character in two
            if (from != lineStart) {
                result += QLatin1Char('\n');
                *split = true;
            }
            result += QStringView(text).mid(from, to - from);
            if (to >= lineEnd)
                break;
            from = to;
        }
        if (lineEnd >= text.size())
            break;
        result += QLatin1Char('\n');
        lineStart = lineEnd + 1;
    }
    return result;
}

/// Puts at most `limit` bytes of `bytes` into `view` and says in `note` what was left out.
void showText(QPlainTextEdit *view, QLabel *note, const QByteArray &bytes, qsizetype limit,
    const QString &extra = {})
{
    QStringList notes;
    bool split = false;
    view->setPlainText(splitLongLines(QString::fromUtf8(bytes.left(limit)), 2000, &split));
    if (bytes.size() > limit) {
        notes << QObject::tr("Showing the first %1 of %2.")
                     .arg(sizeText(limit), sizeText(bytes.size()));
    }
    if (split)
        notes << QObject::tr("Very long lines are broken into several here.");
    if (!extra.isEmpty())
        notes << extra;
    note->setText(notes.join(QLatin1Char(' ')));
    note->setVisible(!notes.isEmpty());
}

} // namespace

InspectorPanel::InspectorPanel(QWidget *parent)
    : QWidget(parent)
    , m_stack(new QStackedWidget(this))
    , m_emptyLabel(new QLabel(this))
    , m_title(new QLabel(this))
    , m_status(new QLabel(this))
    , m_error(new QLabel(this))
    , m_warnings(new QLabel(this))
    , m_pages(new QTabWidget(this))
    , m_feedbackTimer(new QTimer(this))
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_stack);

    m_emptyLabel->setObjectName(QStringLiteral("inspectorEmpty"));
    m_emptyLabel->setText(
        tr("Run the scenario, then click a module to see what it sent and received."));
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setWordWrap(true);
    m_emptyLabel->setMargin(24);
    QFont emptyFont = m_emptyLabel->font();
    emptyFont.setPointSizeF(emptyFont.pointSizeF() * 1.15);
    m_emptyLabel->setFont(emptyFont);
    m_stack->addWidget(m_emptyLabel);

    auto *content = new QWidget(m_stack);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(10, 10, 10, 6);
    layout->setSpacing(6);

    m_title->setObjectName(QStringLiteral("inspectorTitle"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_title->setWordWrap(true);
    layout->addWidget(m_title);

    m_status->setObjectName(QStringLiteral("inspectorStatus"));
    m_status->setTextFormat(Qt::RichText);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    m_error->setObjectName(QStringLiteral("inspectorError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setMargin(8);
    layout->addWidget(m_error);

    m_warnings->setObjectName(QStringLiteral("inspectorWarnings"));
    m_warnings->setWordWrap(true);
    m_warnings->setTextFormat(Qt::RichText);
    m_warnings->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_warnings->setMargin(6);
    layout->addWidget(m_warnings);

    layout->addWidget(buildOperationsBox());

    m_pages->setObjectName(QStringLiteral("inspectorPages"));
    m_pages->setDocumentMode(true);
    m_pages->addTab(buildInputPage(), tr("Input"));
    m_pages->addTab(buildOutputPage(), tr("Output"));
    m_pages->setTabToolTip(InputPage, tr("The request exactly as it was sent"));
    m_pages->setTabToolTip(OutputPage, tr("What the server answered"));
    m_pages->setCurrentIndex(OutputPage);
    layout->addWidget(m_pages, 1);

    m_stack->addWidget(content);

    m_feedbackTimer->setSingleShot(true);
    m_feedbackTimer->setInterval(4000);
    connect(m_feedbackTimer, &QTimer::timeout, m_feedback, &QLabel::clear);

    applyPalette();
    clear();
}

QWidget *InspectorPanel::buildInputPage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(8, 8, 8, 8);

    auto *top = new QHBoxLayout;
    m_requestLine = new QLabel(page);
    m_requestLine->setObjectName(QStringLiteral("inputRequestLine"));
    m_requestLine->setTextFormat(Qt::RichText);
    m_requestLine->setWordWrap(true);
    m_requestLine->setTextInteractionFlags(Qt::TextSelectableByMouse);
    top->addWidget(m_requestLine, 1);
    m_showSecrets = new QCheckBox(tr("Show secrets"), page);
    m_showSecrets->setObjectName(QStringLiteral("showSecrets"));
    m_showSecrets->setToolTip(tr("Secret values (passwords, tokens, client secrets) are hidden "
                                 "as ******** until you tick this."));
    top->addWidget(m_showSecrets, 0, Qt::AlignTop);
    m_copyCurl = new QPushButton(tr("Copy as cURL"), page);
    m_copyCurl->setObjectName(QStringLiteral("copyAsCurl"));
    m_copyCurl->setToolTip(tr("Copies this request exactly as it was sent, as a curl command "
                              "for a terminal. Secrets stay hidden unless \u201cShow "
                              "secrets\u201d is ticked."));
    top->addWidget(m_copyCurl, 0, Qt::AlignTop);
    layout->addLayout(top);
    connect(m_showSecrets, &QCheckBox::toggled, this, [this] {
        if (!m_showsRecord)
            showInput();
    });
    connect(m_copyCurl, &QPushButton::clicked, this, &InspectorPanel::copyAsCurl);

    m_redirects = new QLabel(page);
    m_redirects->setObjectName(QStringLiteral("inputRedirects"));
    m_redirects->setWordWrap(true);
    m_redirects->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_redirects);

    // One operation of a run of flows: what the module worked on, as a tree.
    m_operationInputModel = new JsonTreeModel(this);
    m_operationInputView = new JsonTreeView(page);
    m_operationInputView->setObjectName(QStringLiteral("operationInput"));
    m_operationInputView->setJsonModel(m_operationInputModel);
    m_operationInputView->hide();
    layout->addWidget(m_operationInputView, 1);

    auto *splitter = new QSplitter(Qt::Vertical, page);
    m_inputSplitter = splitter;
    auto *headersBox = new QWidget(splitter);
    auto *headersLayout = new QVBoxLayout(headersBox);
    headersLayout->setContentsMargins(0, 4, 0, 0);
    headersLayout->addWidget(sectionTitle(tr("Headers"), headersBox));
    m_inputHeadersModel = new JsonTreeModel(this);
    m_inputHeadersView = new JsonTreeView(headersBox);
    m_inputHeadersView->setObjectName(QStringLiteral("inputHeaders"));
    m_inputHeadersView->setJsonModel(m_inputHeadersModel);
    m_inputHeadersView->setRootIsDecorated(false);
    m_inputHeadersView->hideColumn(JsonTreeModel::TypeColumn);
    m_inputHeadersView->header()->setStretchLastSection(true);
    headersLayout->addWidget(m_inputHeadersView);

    auto *bodyBox = new QWidget(splitter);
    auto *bodyLayout = new QVBoxLayout(bodyBox);
    bodyLayout->setContentsMargins(0, 4, 0, 0);
    bodyLayout->addWidget(sectionTitle(tr("Body"), bodyBox));
    m_inputBodyNote = new QLabel(bodyBox);
    m_inputBodyNote->setWordWrap(true);
    bodyLayout->addWidget(m_inputBodyNote);
    m_inputBody = new QPlainTextEdit(bodyBox);
    m_inputBody->setObjectName(QStringLiteral("inputBody"));
    m_inputBody->setReadOnly(true);
    m_inputBody->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    bodyLayout->addWidget(m_inputBody);
    splitter->addWidget(headersBox);
    splitter->addWidget(bodyBox);
    splitter->setStretchFactor(0, 2); // a handful of headers, a body that may be long
    splitter->setStretchFactor(1, 3);
    layout->addWidget(splitter, 1);
    return page;
}

QWidget *InspectorPanel::buildOutputPage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(8, 8, 8, 8);

    m_responseLine = new QLabel(page);
    m_responseLine->setObjectName(QStringLiteral("outputResponseLine"));
    m_responseLine->setTextFormat(Qt::RichText);
    m_responseLine->setWordWrap(true);
    m_responseLine->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_responseLine);

    m_timings = new QLabel(page);
    m_timings->setObjectName(QStringLiteral("outputTimings"));
    m_timings->setWordWrap(true); // the panel lives in a dock that may be narrow
    m_timings->setToolTip(tr("Milliseconds since the request started. \"-\" means not measured "
                             "(for example no secure connection for http addresses)."));
    layout->addWidget(m_timings);

    m_outputTabs = new QTabWidget(page);
    m_outputTabs->setDocumentMode(true);

    auto *dataPage = new QWidget(m_outputTabs);
    auto *dataLayout = new QVBoxLayout(dataPage);
    dataLayout->setContentsMargins(0, 4, 0, 0);
    m_dataNote = new QLabel(dataPage);
    m_dataNote->setWordWrap(true);
    dataLayout->addWidget(m_dataNote);
    m_dataModel = new JsonTreeModel(this);
    m_dataView = new JsonTreeView(dataPage);
    m_dataView->setObjectName(QStringLiteral("outputData"));
    m_dataView->setJsonModel(m_dataModel);
    dataLayout->addWidget(m_dataView);
    m_outputTabs->addTab(dataPage, tr("Data"));
    connect(m_dataModel, &JsonTreeModel::loaded, this, [this] { m_dataNote->hide(); });
    connect(m_dataModel, &JsonTreeModel::parseFailed, this, [this](const QString &message) {
        m_dataNote->setText(message + QLatin1Char(' ') + tr("The Raw tab shows the text."));
        m_dataNote->show();
    });

    m_headersModel = new JsonTreeModel(this);
    m_headersView = new JsonTreeView(m_outputTabs);
    m_headersView->setObjectName(QStringLiteral("outputHeaders"));
    m_headersView->setJsonModel(m_headersModel);
    m_headersView->setRootIsDecorated(false);
    m_headersView->hideColumn(JsonTreeModel::TypeColumn);
    m_headersView->header()->setStretchLastSection(true);
    m_outputTabs->addTab(m_headersView, tr("Headers"));

    m_cookiesModel = new JsonTreeModel(this);
    m_cookiesView = new JsonTreeView(m_outputTabs);
    m_cookiesView->setObjectName(QStringLiteral("outputCookies"));
    m_cookiesView->setJsonModel(m_cookiesModel);
    m_outputTabs->addTab(m_cookiesView, tr("Cookies"));

    m_rawPage = new QWidget(m_outputTabs);
    auto *rawLayout = new QVBoxLayout(m_rawPage);
    rawLayout->setContentsMargins(0, 4, 0, 0);
    auto *rawTop = new QHBoxLayout;
    m_rawNote = new QLabel(m_rawPage);
    m_rawNote->setWordWrap(true);
    rawTop->addWidget(m_rawNote, 1);
    auto *save = new QPushButton(tr("Save body as…"), m_rawPage);
    save->setToolTip(tr("Save the whole response body, exactly as received, to a file"));
    connect(save, &QPushButton::clicked, this, &InspectorPanel::saveBody);
    rawTop->addWidget(save);
    rawLayout->addLayout(rawTop);
    m_raw = new QPlainTextEdit(m_rawPage);
    m_raw->setObjectName(QStringLiteral("outputRaw"));
    m_raw->setReadOnly(true);
    m_raw->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_raw->setWordWrapMode(QTextOption::WrapAnywhere);
    rawLayout->addWidget(m_raw);
    m_outputTabs->addTab(m_rawPage, tr("Raw"));
    connect(m_outputTabs, &QTabWidget::currentChanged, this, [this] {
        fillRawText();
        updateCopyButtons();
    });
    layout->addWidget(m_outputTabs, 1);

    auto *buttons = new QHBoxLayout;
    m_copyValue = new QPushButton(tr("Copy value"), page);
    m_copyValue->setToolTip(tr("Copy the selected value (Ctrl+C)"));
    m_copyMapping = new QPushButton(tr("Copy mapping"), page);
    m_copyMapping->setToolTip(tr("Copy a mapping such as {{1.data.access_token}} to paste into a "
                                 "later module's field (Ctrl+Shift+C)"));
    m_copyOutput = new QPushButton(tr("Copy output as JSON"), page);
    m_copyOutput->setToolTip(tr("Copy the whole output (status code, headers, cookies, data)"));
    m_feedback = new QLabel(page);
    m_feedback->setObjectName(QStringLiteral("copyFeedback"));
    buttons->addWidget(m_copyValue);
    buttons->addWidget(m_copyMapping);
    buttons->addWidget(m_copyOutput);
    buttons->addWidget(m_feedback, 1);
    layout->addLayout(buttons);

    connect(m_copyValue, &QPushButton::clicked, this, [this] {
        if (JsonTreeView *view = currentOutputView())
            view->copyCurrentValue();
    });
    connect(m_copyMapping, &QPushButton::clicked, this, [this] {
        if (JsonTreeView *view = currentOutputView())
            view->copyCurrentMapping();
    });
    connect(m_copyOutput, &QPushButton::clicked, this, &InspectorPanel::copyOutputAsJson);
    for (JsonTreeView *view : {m_dataView, m_headersView, m_cookiesView, m_inputHeadersView}) {
        connect(view, &JsonTreeView::copied, this, [this](const QString &what) {
            showFeedback(tr("Copied %1").arg(what));
            emit copied(what);
        });
        connect(view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &InspectorPanel::updateCopyButtons);
    }
    return page;
}

QWidget *InspectorPanel::buildOperationsBox()
{
    m_operationsBox = new QWidget(this);
    m_operationsBox->setObjectName(QStringLiteral("operationsBox"));
    auto *layout = new QVBoxLayout(m_operationsBox);
    layout->setContentsMargins(0, 4, 0, 4);
    layout->setSpacing(4);

    m_operationsTitle = sectionTitle(QString(), m_operationsBox);
    m_operationsTitle->setObjectName(QStringLiteral("operationsTitle"));
    layout->addWidget(m_operationsTitle);

    // A model over the run's record and uniform rows: 10,000 operations open and scroll as
    // fast as ten.
    m_operationModel = new OperationListModel(this);
    m_operationModel->setPalette(palette());
    m_operationList = new QListView(m_operationsBox);
    m_operationList->setObjectName(QStringLiteral("operationList"));
    m_operationList->setAccessibleName(tr("Operations of this module"));
    m_operationList->setToolTip(tr("Each time this module ran. Pick one, or use the arrow keys, "
                                   "to see its input and output below."));
    m_operationList->setUniformItemSizes(true);
    m_operationList->setSelectionMode(QAbstractItemView::SingleSelection);
    m_operationList->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_operationList->setModel(m_operationModel);
    layout->addWidget(m_operationList);
    connect(m_operationList->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this] { showOperation(); });

    m_operationSummary = new QLabel(m_operationsBox);
    m_operationSummary->setObjectName(QStringLiteral("operationSummary"));
    m_operationSummary->setWordWrap(true);
    m_operationSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_operationSummary);

    m_attempts = new QLabel(m_operationsBox);
    m_attempts->setObjectName(QStringLiteral("operationAttempts"));
    m_attempts->setWordWrap(true);
    m_attempts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_attempts);

    m_droppedTitle = sectionTitle(QString(), m_operationsBox);
    m_droppedTitle->setObjectName(QStringLiteral("droppedTitle"));
    m_droppedTitle->setToolTip(tr("Bundles that reached the link into this module but that its "
                                  "filter did not let through, and why."));
    layout->addWidget(m_droppedTitle);
    m_droppedModel = new DroppedBundleModel(this);
    m_droppedList = new QListView(m_operationsBox);
    m_droppedList->setObjectName(QStringLiteral("droppedList"));
    m_droppedList->setAccessibleName(tr("Bundles stopped by the filter"));
    m_droppedList->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_droppedList->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_droppedList->setModel(m_droppedModel);
    layout->addWidget(m_droppedList);

    m_operationsBox->hide();
    return m_operationsBox;
}

void InspectorPanel::setRun(
    const Module &module, const ModuleRun &run, const ModuleFlowRecord *flow)
{
    const bool sameModule = m_hasRun && m_module.id == module.id;
    m_module = module;
    m_run = run;
    m_hasRun = true;
    m_hasFlow = flow && (!flow->operations.isEmpty() || !flow->dropped.isEmpty());
    m_flow = m_hasFlow ? *flow : ModuleFlowRecord();
    m_showsRecord = false;
    if (!m_hasFlow && run.attempts.size() > 1) {
        // A request of a straight chain that retried when the server was busy: its tries
        // show as those of one operation, as in a run of flows.
        OperationRecord operation;
        operation.failed = run.status == ModuleRunStatus::Failed;
        operation.input = run.inputBundle();
        if (operation.failed) {
            operation.error = ModuleError {ModuleErrorType::RuntimeError, run.error,
                run.exchange.gotResponse ? run.exchange.statusCode : 0};
        } else {
            operation.outputs.append(run.output);
        }
        operation.durationMs = run.durationMs;
        operation.attempts = run.attempts;
        operation.warnings = run.warnings;
        m_flow.operations.append(operation);
        m_hasFlow = true;
    }
    // Break's tries belong to one operation: the count is the record's, as on the bubble.
    if (m_hasFlow && !m_flow.operations.isEmpty())
        m_run.operations = int(m_flow.operations.size());
    if (!sameModule)
        m_showSecrets->setChecked(false); // never carry a reveal over to another module
    m_stack->setCurrentIndex(1);
    showStatus();

    m_operationModel->setOperations(m_flow.operations);
    m_droppedModel->setDropped(m_flow.dropped);
    const int operations = int(m_flow.operations.size());
    const int dropped = int(m_flow.dropped.size());
    m_operationsBox->setVisible(m_hasFlow);
    // One operation needs no selector: the line under it says all.
    m_operationsTitle->setVisible(operations > 1);
    m_operationList->setVisible(operations > 1);
    m_operationSummary->setVisible(operations > 0);
    m_operationsTitle->setText(tr("Operations (%1)").arg(operations));
    m_droppedTitle->setText(tr("Dropped here (%1)").arg(dropped));
    m_droppedTitle->setVisible(dropped > 0);
    m_droppedList->setVisible(dropped > 0);
    // A few reasons wrap to be read whole; thousands keep uniform rows, to stay fast.
    m_droppedList->setUniformItemSizes(dropped > 200);
    m_droppedList->setWordWrap(dropped <= 200);
    // Room for a few rows; more scroll inside the list.
    const int frame = 2 * m_operationList->frameWidth();
    const int row = operations > 0 ? m_operationList->sizeHintForRow(0)
                                   : m_operationList->fontMetrics().height() + 6;
    m_operationList->setFixedHeight(qBound(1, operations, 6) * qMax(row, 1) + frame);
    // A wrapped reason takes about two lines in a dock of usual width.
    const int line = m_droppedList->fontMetrics().lineSpacing();
    m_droppedList->setFixedHeight(
        qBound(1, dropped, 4) * (dropped <= 200 ? 2 * line + 4 : line + 4) + frame);

    if (operations > 0) {
        // The first failure nobody dealt with is what people look for; otherwise the first.
        int first = 0;
        for (int i = 0; i < operations; ++i) {
            if (OperationListModel::outcomeOf(m_flow.operations.at(i))
                == OperationListModel::Outcome::Failed) {
                first = i;
                break;
            }
        }
        m_operationList->setCurrentIndex(m_operationModel->index(first));
        m_operationList->scrollTo(m_operationModel->index(first));
        showOperation();
    } else {
        setExchangeViewsShown(true);
        showInput();
        showOutput();
    }
}

void InspectorPanel::setCurrentOperation(int row)
{
    if (row < 0 || row >= m_operationModel->rowCount())
        return;
    m_operationList->setCurrentIndex(m_operationModel->index(row));
    m_operationList->scrollTo(m_operationModel->index(row));
}

int InspectorPanel::currentOperation() const
{
    if (!m_hasFlow || m_flow.operations.isEmpty())
        return -1;
    return m_operationList->currentIndex().row();
}

void InspectorPanel::showOperation()
{
    const int row = currentOperation();
    if (row < 0)
        return;
    const OperationRecord &op = m_flow.operations.at(row);
    const int count = int(m_flow.operations.size());

    QStringList summary;
    summary << tr("Operation %1 of %2").arg(row + 1).arg(count) << tr("bundle %1").arg(op.bundle)
            << OperationListModel::outcomeText(op) << msText(op.durationMs);
    m_operationSummary->setText(summary.join(QStringLiteral("  ·  ")));

    // Break tries a module again: each try on one short line (when, and what the server
    // answered); the tooltip keeps every try's whole message.
    QStringList tries;
    QStringList messages;
    for (qsizetype i = 0; i < op.attempts.size(); ++i) {
        const AttemptRecord &attempt = op.attempts.at(i);
        const bool succeeded = attempt.result == QLatin1String("succeeded");
        QString outcome = succeeded ? tr("succeeded") : tr("failed");
        if (attempt.statusCode != 0)
            outcome += tr(" (HTTP status %1)").arg(attempt.statusCode);
        else if (!succeeded)
            outcome += QStringLiteral(": ") + attempt.result;
        tries << tr("\u2022 Try %1 at %2 s: %3")
                     .arg(i + 1)
                     .arg(QLocale().toString(attempt.atMs / 1000.0, 'f', 1))
                     .arg(outcome);
        messages << tr("Try %1: %2").arg(i + 1).arg(attempt.result);
    }
    if (tries.size() > 1)
        m_attempts->setText(tr("Tried %1 times:").arg(tries.size()) + QLatin1Char('\n')
            + tries.join(QLatin1Char('\n')));
    else
        m_attempts->clear();
    m_attempts->setToolTip(m_run.masked(messages.join(QLatin1Char('\n'))));
    m_attempts->setVisible(tries.size() > 1);

    // The error of this operation, not the module's last one.
    QString error;
    if (op.error) {
        error = op.error->message;
        if (op.error->statusCode != 0 && !error.contains(QString::number(op.error->statusCode)))
            error += tr(" (HTTP status %1)").arg(op.error->statusCode);
    }
    m_error->setText(m_run.masked(error));
    m_error->setVisible(!error.isEmpty());

    // A request's last operation is the one its exchange holds: the full view, with headers,
    // timings and the raw body. Every other operation shows what the run's record kept.
    const bool exchange = m_module.type == Module::httpRequestType() && row == count - 1
        && !m_run.exchange.sent.method.isEmpty();
    m_showsRecord = !exchange;
    setExchangeViewsShown(exchange);
    if (exchange) {
        showInput();
        showOutput();
    } else {
        showOperationInput(op);
        showOperationOutput(op);
    }
}

void InspectorPanel::setExchangeViewsShown(bool shown)
{
    m_operationInputView->setVisible(!shown);
    m_inputSplitter->setVisible(shown);
    m_copyCurl->setVisible(shown);
    if (!shown) {
        m_showSecrets->hide();
        m_redirects->hide();
    }
    for (int tab = 1; tab < m_outputTabs->count(); ++tab)
        m_outputTabs->setTabVisible(tab, shown);
    if (!shown)
        m_outputTabs->setCurrentIndex(0);
    m_copyOutput->setVisible(shown);
}

void InspectorPanel::showOperationInput(const OperationRecord &op)
{
    const QJsonObject input = op.input.toObject();
    const QString method = input.value(QLatin1String("method")).toString();
    const QString url = input.value(QLatin1String("url")).toString();
    if (!method.isEmpty() || !url.isEmpty()) {
        m_requestLine->setText(QStringLiteral("<b>%1</b>&nbsp; %2")
                                   .arg(method.toHtmlEscaped(), m_run.masked(url).toHtmlEscaped()));
    } else {
        m_requestLine->setText(op.input.isUndefined() || op.input.isNull()
                ? tr("This operation kept no input.")
                : tr("What this operation worked on:"));
    }
    m_operationInputModel->setJson(op.input);
    if (m_operationInputModel->rowCount() == 1)
        m_operationInputView->expand(m_operationInputModel->index(0, 0));
}

void InspectorPanel::showOperationOutput(const OperationRecord &op)
{
    m_dataView->setModuleId(m_module.id);
    int status = op.error ? op.error->statusCode : 0;
    if (!op.attempts.isEmpty() && op.attempts.last().statusCode != 0)
        status = op.attempts.last().statusCode;
    if (status == 0 && op.outputs.size() == 1)
        status = op.outputs.first().toObject().value(QLatin1String("statusCode")).toInt();
    QString line = status != 0 ? tr("HTTP status <b>%1</b>").arg(status) : QString();
    const QString bundles
        = op.outputs.size() == 1 ? tr("1 bundle out") : tr("%1 bundles out").arg(op.outputs.size());
    m_responseLine->setText(
        line.isEmpty() ? bundles : line + QStringLiteral(" &nbsp;·&nbsp; ") + bundles);
    m_timings->setText(tr("Took %1").arg(msText(op.durationMs)));
    m_timings->show();

    // One bundle is shown as it is mapped ({{4.data…}}); several (an iterator's) as a list.
    if (op.outputs.isEmpty()) {
        m_dataModel->clear();
        m_dataNote->setText(op.failed ? tr("This operation failed, so it has no output.")
                                      : tr("This operation put out no bundle."));
        m_dataNote->show();
    } else {
        m_dataNote->hide();
        if (op.outputs.size() == 1) {
            m_dataModel->setJson(op.outputs.first());
        } else {
            QJsonArray all;
            for (const QJsonValue &bundle : op.outputs)
                all.append(bundle);
            m_dataModel->setJson(all);
        }
        // Open one level, and a request's answer at its data: what later modules map.
        for (int row = 0; row < m_dataModel->rowCount(); ++row) {
            const QModelIndex index = m_dataModel->index(row, JsonTreeModel::NameColumn);
            if (m_dataModel->rowCount() == 1 || index.data().toString() == QLatin1String("data"))
                m_dataView->expand(index);
        }
    }
    m_rawFilled = true;
    updateCopyButtons();
}

void InspectorPanel::clear()
{
    m_hasRun = false;
    m_module = Module();
    m_run = ModuleRun();
    m_hasFlow = false;
    m_showsRecord = false;
    m_flow = ModuleFlowRecord();
    m_operationModel->clear();
    m_droppedModel->setDropped({});
    m_operationsBox->hide();
    m_operationInputModel->clear();
    m_showSecrets->setChecked(false);
    m_dataModel->clear();
    m_headersModel->clear();
    m_cookiesModel->clear();
    m_inputHeadersModel->clear();
    m_inputBody->clear();
    m_raw->clear();
    m_stack->setCurrentIndex(0);
}

bool InspectorPanel::isEmpty() const
{
    return !m_hasRun;
}

bool InspectorPanel::secretsShown() const
{
    return m_showSecrets->isChecked();
}

void InspectorPanel::setSecretsShown(bool shown)
{
    m_showSecrets->setChecked(shown);
}

void InspectorPanel::setCurrentPage(Page page)
{
    m_pages->setCurrentIndex(page);
}

void InspectorPanel::showStatus()
{
    m_title->setText(tr("%1  ·  module %2").arg(m_module.displayName()).arg(m_module.id));

    const QColor color = statusColor(m_run.status, palette());
    QStringList parts;
    parts << QStringLiteral("<span style=\"color:%1; font-weight:600\">&#9679; %2</span>")
                 .arg(color.name(), capitalized(statusText(m_run.status)).toHtmlEscaped());
    const bool ran
        = m_run.status == ModuleRunStatus::Succeeded || m_run.status == ModuleRunStatus::Failed;
    if (ran) {
        parts << msText(m_run.durationMs).toHtmlEscaped();
        parts << (m_run.operations == 1 ? tr("1 operation")
                                        : tr("%1 operations").arg(m_run.operations));
        if (m_run.startedAt.isValid()) {
            parts << tr("at %1").arg(
                QLocale().toString(m_run.startedAt.toLocalTime().time(), QLocale::ShortFormat));
        }
    }
    m_status->setText(parts.join(QStringLiteral(" &nbsp;·&nbsp; ")));

    QString error = m_run.error;
    if (error.isEmpty() && m_run.status == ModuleRunStatus::Failed)
        error = m_run.exchange.errorMessage;
    m_error->setText(m_run.masked(error));
    m_error->setVisible(!error.isEmpty());

    QStringList warnings = m_run.warnings;
    for (const QString &w : m_run.exchange.warnings) {
        if (!warnings.contains(w))
            warnings << w;
    }
    QString html;
    for (const QString &w : std::as_const(warnings))
        html += QStringLiteral("&#9888; %1<br>").arg(m_run.masked(w).toHtmlEscaped());
    html.chop(4);
    m_warnings->setText(html);
    m_warnings->setVisible(!warnings.isEmpty());
}

void InspectorPanel::showInput()
{
    const bool reveal = m_showSecrets->isChecked();
    const QJsonObject input = m_run.inputBundle(reveal);
    const QString method = input.value(QLatin1String("method")).toString();
    const QString url = input.value(QLatin1String("url")).toString();
    const bool sent = !m_run.exchange.sent.method.isEmpty();
    if (method.isEmpty() && url.isEmpty()) {
        m_requestLine->setText(tr("Nothing was sent."));
    } else {
        m_requestLine->setText(QStringLiteral("<b>%1</b>&nbsp; %2%3")
                                   .arg(method.toHtmlEscaped(), url.toHtmlEscaped(),
                                       sent ? QString()
                                            : QStringLiteral("<br><i>%1</i>")
                                                  .arg(tr("Not sent: this is the request "
                                                          "as it was prepared."))));
    }
    m_showSecrets->setVisible(!m_run.secretValues.isEmpty()
        || std::any_of(m_run.exchange.sent.headers.cbegin(), m_run.exchange.sent.headers.cend(),
            [](const RawHeader &h) { return h.first.toLower().endsWith("authorization"); }));

    QStringList chain;
    for (const QUrl &hop : m_run.exchange.redirects) {
        const QString text = hop.toString(QUrl::FullyEncoded);
        chain << (reveal ? text : m_run.masked(text));
    }
    m_redirects->setText(chain.isEmpty() ? QString()
                                         : tr("Redirected %n time(s): ", nullptr, chain.size())
                + chain.join(QStringLiteral("  →  ")));
    m_redirects->setVisible(!chain.isEmpty());

    m_inputHeadersModel->setJson(input.value(QLatin1String("headers")));
    const QString body = input.value(QLatin1String("body")).toString();
    const QByteArray bytes = body.toUtf8();
    showText(m_inputBody, m_inputBodyNote, bytes, TextViewLimit,
        bytes.isEmpty() ? tr("No body was sent.") : QString());
}

void InspectorPanel::showOutput()
{
    const HttpExchange &ex = m_run.exchange;
    m_dataView->setModuleId(m_module.id);
    m_headersView->setModuleId(m_module.id);
    m_cookiesView->setModuleId(m_module.id);

    if (ex.gotResponse) {
        const QString reason = QString::fromUtf8(ex.reasonPhrase);
        QString line
            = QStringLiteral("<b>%1</b>&nbsp; %2").arg(ex.statusCode).arg(reason.toHtmlEscaped());
        if (ex.finalUrl.isValid() && ex.finalUrl != ex.sent.url) {
            line += QStringLiteral("<br>")
                + tr("from %1").arg(m_run.masked(ex.finalUrl.toString()).toHtmlEscaped());
        }
        m_responseLine->setText(line);
    } else {
        m_responseLine->setText(m_run.status == ModuleRunStatus::Failed
                ? tr("No answer from the server.")
                : tr("No response yet."));
    }
    const HttpTimings &t = ex.timings;
    if (!t.anythingSent() && !ex.gotResponse) {
        // Never claim a connection or a timing for a request that did not leave.
        const QString reason
            = m_run.masked(!ex.errorMessage.isEmpty() ? ex.errorMessage : m_run.error);
        m_timings->setText(
            reason.isEmpty() ? tr("Nothing was sent.") : tr("Nothing was sent: %1").arg(reason));
        m_timings->setVisible(m_run.status == ModuleRunStatus::Failed || t.totalMs >= 0);
    } else {
        // Only what applies: no TLS step for http, and no connect step on a reused connection.
        QStringList timings;
        const bool https = ex.sent.url.scheme() == QLatin1String("https");
        timings << (t.connectMs >= 0 || (https && t.tlsMs >= 0)
                ? tr("Connect %1").arg(msText(t.connectMs >= 0 ? t.connectMs : t.tlsMs))
                : tr("Connection reused"));
        if (https && t.tlsMs >= 0 && t.connectMs >= 0)
            timings << tr("Secure connection %1").arg(msText(t.tlsMs));
        timings << tr("First byte %1").arg(msText(t.firstByteMs))
                << tr("Total %1").arg(msText(t.totalMs));
        m_timings->setText(timings.join(QStringLiteral("  \u00b7  ")));
        m_timings->setVisible(ex.gotResponse || t.totalMs >= 0);
    }

    m_dataNote->hide();
    if (ex.largeData) {
        m_dataModel->setLargeBody(ex.largeData, QStringLiteral("data"));
    } else if (!ex.data.isUndefined()) {
        m_dataModel->setJson(ex.data, QStringLiteral("data"));
    } else if (ex.gotResponse && !ex.body.isEmpty()) {
        // The engine did not parse it (it failed before): try here, off the UI thread.
        m_dataNote->setText(tr("Reading the response…"));
        m_dataNote->show();
        m_dataModel->setJsonBytes(ex.body, QStringLiteral("data"));
    } else {
        m_dataModel->clear();
        m_dataNote->setText(tr("The server sent no data."));
        m_dataNote->setVisible(ex.gotResponse);
    }
    // Containers open one level, as in Make: the first page only, never everything.
    if (m_dataModel->rowCount() == 1)
        m_dataView->expand(m_dataModel->index(0, 0));

    const QJsonObject bundle = ex.outputBundle();
    const QJsonArray headers = bundle.value(QLatin1String("headers")).toArray();
    const QJsonArray cookies = bundle.value(QLatin1String("cookies")).toArray();
    m_headersModel->setJson(headers, QStringLiteral("headers"));
    m_cookiesModel->setJson(cookies, QStringLiteral("cookies"));
    m_outputTabs->setTabText(1, tr("Headers (%1)").arg(headers.size()));
    m_outputTabs->setTabText(2, tr("Cookies (%1)").arg(cookies.size()));

    m_rawFilled = false;
    m_raw->clear();
    fillRawText();
    updateCopyButtons();
}

void InspectorPanel::fillRawText()
{
    // Only when the Raw tab is shown: laying out a megabyte of text costs real time.
    if (m_rawFilled || !m_hasRun || m_showsRecord || m_outputTabs->currentWidget() != m_rawPage)
        return;
    m_rawFilled = true;
    const HttpExchange &ex = m_run.exchange;
    QString extra;
    if (ex.bodyTruncated)
        extra
            = tr("The app kept only the first %1 of this response.").arg(sizeText(ex.body.size()));
    else if (ex.body.isEmpty())
        extra = tr("The response has no body.");
    showText(m_raw, m_rawNote, ex.body, TextViewLimit, extra);
}

JsonTreeView *InspectorPanel::currentOutputView() const
{
    QWidget *page = m_outputTabs->currentWidget();
    if (page == m_headersView)
        return m_headersView;
    if (page == m_cookiesView)
        return m_cookiesView;
    if (page == m_rawPage)
        return nullptr;
    return m_dataView;
}

void InspectorPanel::updateCopyButtons()
{
    JsonTreeView *view = currentOutputView();
    const QModelIndex index = view ? view->currentIndex() : QModelIndex();
    m_copyValue->setEnabled(index.isValid());
    m_copyMapping->setEnabled(view && !view->mappingFor(index).isEmpty());
    m_copyOutput->setEnabled(m_hasRun && !m_showsRecord && m_run.exchange.gotResponse);
    m_copyCurl->setEnabled(m_hasRun && !m_run.exchange.sent.method.isEmpty());
}

void InspectorPanel::copyAsCurl()
{
    if (!m_hasRun || m_run.exchange.sent.method.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(CurlCommand::fromModuleRun(m_run, secretsShown()));
    const QString what = tr("the request as a curl command");
    showFeedback(tr("Copied %1").arg(what));
    emit copied(what);
}

void InspectorPanel::copyOutputAsJson()
{
    QJsonObject output = m_run.output.isEmpty() ? m_run.exchange.outputBundle() : m_run.output;
    const LargeBodyPtr large = m_run.exchange.largeData;
    if (large)
        output.insert(QStringLiteral("data"), LargeBody::marker(1));
    showFeedback(tr("Copying…"));
    BackgroundJob::start(
        this,
        [output, large]() -> QVariant {
            const QByteArray json = QJsonDocument(output).toJson(QJsonDocument::Indented);
            return QString::fromUtf8(large ? large->splice(json, LargeBody::marker(1)) : json);
        },
        [this](const QVariant &text) {
            QGuiApplication::clipboard()->setText(text.toString());
            const QString what = tr("the whole output");
            showFeedback(tr("Copied %1").arg(what));
            emit copied(what);
        });
}

void InspectorPanel::saveBody()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save response body"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_run.exchange.body) < 0 || !file.commit()) {
        showFeedback(tr("Could not save: %1").arg(file.errorString()));
        return;
    }
    showFeedback(tr("Saved %1").arg(sizeText(m_run.exchange.body.size())));
}

void InspectorPanel::showFeedback(const QString &text)
{
    m_feedback->setText(text);
    m_feedbackTimer->start();
}

void InspectorPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && !m_applyingPalette) {
        applyPalette();
        m_operationModel->setPalette(palette());
        if (m_hasRun)
            showStatus();
    }
}

void InspectorPanel::applyPalette()
{
    m_applyingPalette = true;
    const QPalette pal = palette();
    const QColor base = pal.color(QPalette::Base);
    const QColor red = statusColor(ModuleRunStatus::Failed, pal);
    const QColor amber = warningColor(pal);
    m_error->setStyleSheet(
        QStringLiteral("QLabel { background: %1; border: 1px solid %2; border-left: 4px solid %2;"
                       " border-radius: 4px; color: %3; font-weight: 600; }")
            .arg(blend(base, red, 0.12).name(), red.name(), pal.color(QPalette::Text).name()));
    m_warnings->setStyleSheet(
        QStringLiteral("QLabel { background: %1; border-left: 4px solid %2; border-radius: 4px;"
                       " color: %3; }")
            .arg(blend(base, amber, 0.12).name(), amber.name(), pal.color(QPalette::Text).name()));
    // Secondary text: readable, yet quieter than the values (the disabled colour reads as "off").
    const QString muted
        = blend(pal.color(QPalette::WindowText), pal.color(QPalette::Window), 0.4).name();
    for (QLabel *label : {m_emptyLabel, m_timings, m_dataNote, m_rawNote, m_inputBodyNote,
             m_redirects, m_feedback}) {
        label->setStyleSheet(QStringLiteral("QLabel { color: %1; }").arg(muted));
    }
    m_applyingPalette = false;
}
