#include "ui/help/Help.h"

#include "core/mapping/FieldTemplate.h"
#include "core/mapping/FunctionReference.h"
#include "core/mapping/MappingFunctions.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QVBoxLayout>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Help", text);
}

QString menuTitle(const QString &text)
{
    QString plain = text;
    plain.remove(QLatin1Char('&'));
    return plain.remove(QStringLiteral("…"));
}

void listShortcuts(const QMenu *menu, const QString &path, QStringList &rows, QSet<QAction *> &seen)
{
    for (QAction *action : menu->actions()) {
        if (action->isSeparator())
            continue;
        const QString where = path + QStringLiteral(" › ") + menuTitle(action->text());
        if (action->menu()) {
            listShortcuts(action->menu(), where, rows, seen);
            continue;
        }
        seen.insert(action);
        if (action->shortcuts().isEmpty())
            continue;
        QStringList keys;
        for (const QKeySequence &key : action->shortcuts())
            keys << key.toString(QKeySequence::NativeText).toHtmlEscaped();
        rows << QStringLiteral("<tr><td>%1</td><td><b>%2</b></td></tr>")
                    .arg(where.toHtmlEscaped(), keys.join(QStringLiteral(", ")));
    }
}

class HelpDialog : public QDialog
{
    Q_DECLARE_TR_FUNCTIONS(HelpDialog)

public:
    explicit HelpDialog(QMainWindow *window)
        : QDialog(window)
        , m_window(window)
    {
        setObjectName(QStringLiteral("helpDialog"));
        setWindowTitle(tr("Scenarist Help"));
        resize(720, 620);
        m_browser = new QTextBrowser(this);
        m_browser->setObjectName(QStringLiteral("helpBrowser"));
        m_browser->setAccessibleName(tr("Help page"));
        m_browser->setOpenExternalLinks(true);
        // A link to another page of the guide opens it here, pictures fitted, titled by it.
        connect(m_browser, &QTextBrowser::sourceChanged, this, [this](const QUrl &source) {
            if (!source.path().endsWith(QLatin1String(".md")))
                return;
            fitImages();
            const QString title = m_browser->document()->begin().text();
            setWindowTitle(title.isEmpty() ? tr("Scenarist Help") : title);
        });
        auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
        connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
        auto *layout = new QVBoxLayout(this);
        layout->addWidget(m_browser);
        layout->addWidget(buttons);
    }

    void showPage(Help::Page page)
    {
        switch (page) {
        case Help::Page::GettingStarted:
            showGuidePage(QStringLiteral("getting-started.md"));
            break;
        case Help::Page::UserGuide:
            showGuidePage(QStringLiteral("README.md"));
            break;
        case Help::Page::MappingReference:
            m_browser->setHtml(Help::mappingReferenceHtml());
            setWindowTitle(tr("Mapping reference"));
            break;
        case Help::Page::KeyboardShortcuts:
            m_browser->setHtml(Help::keyboardShortcutsHtml(m_window));
            setWindowTitle(tr("Keyboard shortcuts"));
            break;
        }
        m_page = page;
        show();
        raise();
        activateWindow();
    }

    Help::Page page() const { return m_page; }

private:
    // A page of docs/ (the index is README.md); sourceChanged fits its pictures and titles it.
    void showGuidePage(const QString &name)
    {
        const QUrl url(QStringLiteral("qrc:/docs/") + name);
        if (m_browser->source() == url)
            m_browser->reload();
        else
            m_browser->setSource(url, QTextDocument::MarkdownResource);
    }

    // The screenshots are window-sized: shown at the page's width, not cut off.
    void fitImages()
    {
        QTextDocument *document = m_browser->document();
        QTextCursor cursor(document);
        for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
            for (auto it = block.begin(); !it.atEnd(); ++it) {
                const QTextFragment fragment = it.fragment();
                if (!fragment.charFormat().isImageFormat())
                    continue;
                QTextImageFormat format = fragment.charFormat().toImageFormat();
                format.setWidth(620);
                cursor.setPosition(fragment.position());
                cursor.setPosition(
                    fragment.position() + fragment.length(), QTextCursor::KeepAnchor);
                cursor.setCharFormat(format);
            }
        }
    }

    QMainWindow *m_window;
    QTextBrowser *m_browser;
    Help::Page m_page = Help::Page::GettingStarted;
};

} // namespace

void Help::addActions(QMenu *menu, QMainWindow *window, QWidget *settingsPanel)
{
    QAction *gettingStarted = menu->addAction(tr("&Getting started"));
    gettingStarted->setShortcut(QKeySequence::HelpContents);
    gettingStarted->setShortcutContext(Qt::WindowShortcut);
    QObject::connect(gettingStarted, &QAction::triggered, window, [window, settingsPanel] {
        // F1 (and the menu) open the page that fits where the keyboard is.
        show(pageFor(QApplication::focusWidget(), settingsPanel), window);
    });
    menu->addAction(tr("&User guide"), window, [window] { show(Page::UserGuide, window); });
    menu->addAction(
        tr("&Mapping reference"), window, [window] { show(Page::MappingReference, window); });
    menu->addAction(
        tr("&Keyboard shortcuts"), window, [window] { show(Page::KeyboardShortcuts, window); });
    menu->addSeparator();
}

Help::Page Help::pageFor(const QWidget *focus, const QWidget *settingsPanel)
{
    if (focus && settingsPanel && settingsPanel->isAncestorOf(focus)
        && focus->inherits("MappingField"))
        return Page::MappingReference;
    return Page::GettingStarted;
}

void Help::show(Page page, QMainWindow *window)
{
    auto *dialog
        = window->findChild<QDialog *>(QStringLiteral("helpDialog"), Qt::FindDirectChildrenOnly);
    if (!dialog)
        dialog = new HelpDialog(window);
    static_cast<HelpDialog *>(dialog)->showPage(page);
}

QString Help::mappingReferenceHtml()
{
    const MappingContext context = MappingFunctions::exampleContext();
    QString html = QStringLiteral("<h1>%1</h1><p>%2</p><p>%3</p><pre>%4</pre>")
                       .arg(tr("Mapping reference"),
                           tr("Any field can hold mappings: text between {{ and }} that is "
                              "replaced by a value when the scenario runs, e.g. "
                              "{{1.data.access_token}} for what module 1 received. Inside, these "
                              "functions change values; their values are separated by ;"),
                           tr("The examples are worked out as if module 1 had returned:"),
                           QString::fromUtf8(QJsonDocument(context.moduleOutputs.value(1)
                                                               .toObject()
                                                               .value(QStringLiteral("data"))
                                                               .toObject())
                                                 .toJson(QJsonDocument::Indented))
                               .toHtmlEscaped());
    html += QStringLiteral("<table cellpadding='4'>");
    for (const FunctionReference::Entry &entry : FunctionReference::entries()) {
        const QString result = entry.function->random ? tr("(different each time)") : entry.result;
        html += QStringLiteral("<tr><td colspan='2'><h3>%1</h3>%2</td></tr>"
                               "<tr><td><code>%3</code></td><td>→ <code>%4</code></td></tr>")
                    .arg(entry.name,
                        QCoreApplication::translate("MappingFunctions", entry.function->description)
                            .toHtmlEscaped(),
                        entry.example.toHtmlEscaped(), result.toHtmlEscaped());
    }
    html += QStringLiteral("</table>");
    return html;
}

QString Help::keyboardShortcutsHtml(const QMainWindow *window)
{
    QStringList rows;
    QSet<QAction *> seen;
    for (QAction *top : window->menuBar()->actions()) {
        if (top->menu())
            listShortcuts(top->menu(), menuTitle(top->text()), rows, seen);
    }
    // Actions with a shortcut that are in no menu (the canvas's own, for instance).
    for (QAction *action : window->findChildren<QAction *>()) {
        if (seen.contains(action) || action->shortcuts().isEmpty() || action->text().isEmpty())
            continue;
        seen.insert(action);
        QStringList keys;
        for (const QKeySequence &key : action->shortcuts())
            keys << key.toString(QKeySequence::NativeText).toHtmlEscaped();
        rows << QStringLiteral("<tr><td>%1</td><td><b>%2</b></td></tr>")
                    .arg(
                        menuTitle(action->text()).toHtmlEscaped(), keys.join(QStringLiteral(", ")));
    }
    const QStringList canvas = {
        tr("<tr><td>Select the nearest module in that direction</td><td><b>Arrow "
           "keys</b></td></tr>"),
        tr("<tr><td>Open the selected module's settings</td><td><b>Enter</b></td></tr>"),
        tr("<tr><td>Move around the canvas</td><td><b>Space + drag</b></td></tr>"),
        tr("<tr><td>Go to the next field or table cell</td><td><b>Tab</b></td></tr>"),
        tr("<tr><td>Remove the header, parameter or form field you are in</td>"
           "<td><b>Ctrl+Shift+Delete</b></td></tr>"),
        tr("<tr><td>Move it up or down</td><td><b>Alt+Shift+Up, Alt+Shift+Down</b></td></tr>"),
    };
    return QStringLiteral("<h1>%1</h1><table cellpadding='4'>%2</table><h2>%3</h2>"
                          "<table cellpadding='4'>%4</table>")
        .arg(tr("Keyboard shortcuts"), rows.join(QString()), tr("Everywhere else"),
            canvas.join(QString()));
}
