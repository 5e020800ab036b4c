#pragma once

#include "core/model/Connection.h"
#include "core/model/HttpRequestSpec.h"

#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class Scenario;

/// The module editor's "Authentication" choice: none, HTTP Basic (the user name and password
/// under advanced settings), or one of the scenario's connections, of any type.
class AuthenticationChooser : public QWidget
{
    Q_OBJECT
public:
    explicit AuthenticationChooser(QWidget *parent = nullptr);

    /// Follows the scenario's connections (names, added, removed).
    void setScenario(Scenario *scenario);
    /// Shows a module's choice.
    void load(const HttpRequestSpec &config);

    QComboBox *combo() const { return m_combo; }
    QLabel *hint() const { return m_hint; }
    /// What a module that signs in with `connection` sends, in words.
    static QString connectionHint(const Connection &connection);
    /// Selects the entry for this choice as a person would (emits edited()).
    void choose(AuthType type, const QString &connection = {});

signals:
    /// The person chose another kind of authentication (connection: the connection's id).
    void edited(AuthType type, const QString &connection);
    /// "Manage connections…" was clicked.
    void manageConnectionsRequested();

private:
    void rebuild();
    void updateHint();

    QPointer<Scenario> m_scenario;
    QComboBox *m_combo;
    QLabel *m_hint;
    QPushButton *m_manage;
    HttpRequestSpec m_config;
    bool m_loading = false;
};
