#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;

/// Where each secret may be sent (docs/sharing-scenarios-safely.md), to see and change: a
/// secret chosen from those that have places recorded (or named by the connection shown),
/// and its places as people write them ("auth.example.com, https://api.example.com:8443").
class SecretPlacesEditor : public QWidget
{
    Q_OBJECT
public:
    explicit SecretPlacesEditor(QWidget *parent = nullptr);

    /// Shows `name` (added to the list when it has no places yet); "" keeps the choice.
    void select(const QString &name);
    /// Reads the recorded secrets and places again (after a run bound or allowed some).
    void refresh();
    /// Stores the places typed for the secret shown. False (with the reason shown) when a
    /// place is not a host or an origin.
    bool savePlaces();

    QComboBox *secretCombo() const { return m_secret; }
    QLineEdit *placesEdit() const { return m_places; }
    QLabel *stateLabel() const { return m_state; }

private:
    void showPlaces();

    QComboBox *m_secret;
    QLineEdit *m_places;
    QLabel *m_state;
    QString m_wanted;
};
