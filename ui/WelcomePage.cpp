#include "ui/WelcomePage.h"

#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

WelcomePage::WelcomePage(QWidget *parent)
    : QWidget(parent)
    , m_openExample(new QPushButton(tr("Open the example"), this))
    , m_newScenario(new QPushButton(tr("New scenario"), this))
    , m_openFile(new QPushButton(tr("Open a file\u2026"), this))
    , m_gettingStarted(new QPushButton(tr("Getting started: a first scenario, step by step"), this))
{
    setObjectName(QStringLiteral("welcomePage"));
    auto *title = new QLabel(tr("Welcome to Scenarist"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 2.0);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);

    auto *intro = new QLabel(
        tr("Chain web requests on a canvas: get a token from one service, use it to call "
           "another, and see exactly what each step sent and received.\n\n"
           "New here? Open the example: it gets a token from the built-in sandbox (no "
           "internet needed) and uses it to call a protected address. Press \u201cRun once\u201d "
           "to watch it work."),
        this);
    intro->setWordWrap(true);
    intro->setAlignment(Qt::AlignCenter);
    // A fixed width lets the label compute its wrapped height (a centred, maximum-width
    // label in a box layout gets cut off).
    intro->setFixedWidth(560);
    intro->setMinimumHeight(intro->heightForWidth(560));

    m_openExample->setDefault(true);
    m_openExample->setToolTip(tr("Opens a ready-made scenario that runs against the built-in "
                                 "sandbox"));
    m_newScenario->setToolTip(tr("Starts with an empty canvas"));
    m_openFile->setToolTip(tr("Opens a scenario you saved before"));
    for (QPushButton *button : {m_openExample, m_newScenario, m_openFile}) {
        button->setMinimumSize(240, 44);
        QFont f = button->font();
        f.setPointSizeF(f.pointSizeF() * 1.15);
        button->setFont(f);
    }

    // A link rather than a fourth big choice: the steps of a first scenario, in the app.
    m_gettingStarted->setObjectName(QStringLiteral("gettingStartedButton"));
    m_gettingStarted->setFlat(true);
    m_gettingStarted->setCursor(Qt::PointingHandCursor);
    m_gettingStarted->setIcon(QIcon::fromTheme(QStringLiteral("help-contents")));
    m_gettingStarted->setToolTip(tr("Opens Help \u203a Getting started: a first scenario in six "
                                    "steps (also F1)"));
    QPalette linkPalette = m_gettingStarted->palette();
    linkPalette.setColor(QPalette::ButtonText, linkPalette.color(QPalette::Link));
    m_gettingStarted->setPalette(linkPalette);

    auto *logo = new QLabel(this);
    logo->setPixmap(QIcon(QStringLiteral(":/icons/scenarist.svg")).pixmap(96, 96));

    auto *layout = new QVBoxLayout(this);
    layout->addStretch(2);
    layout->addWidget(logo, 0, Qt::AlignHCenter);
    layout->addWidget(title, 0, Qt::AlignHCenter);
    layout->addSpacing(16);
    layout->addWidget(intro, 0, Qt::AlignHCenter);
    layout->addSpacing(28);
    layout->addWidget(m_openExample, 0, Qt::AlignHCenter);
    layout->addWidget(m_newScenario, 0, Qt::AlignHCenter);
    layout->addWidget(m_openFile, 0, Qt::AlignHCenter);
    layout->addSpacing(12);
    layout->addWidget(m_gettingStarted, 0, Qt::AlignHCenter);
    layout->addStretch(3);

    connect(m_openExample, &QPushButton::clicked, this, &WelcomePage::openExampleClicked);
    connect(m_newScenario, &QPushButton::clicked, this, &WelcomePage::newScenarioClicked);
    connect(m_openFile, &QPushButton::clicked, this, &WelcomePage::openFileClicked);
    connect(m_gettingStarted, &QPushButton::clicked, this, &WelcomePage::gettingStartedClicked);
}
