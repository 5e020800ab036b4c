#pragma once

class QWidget;

/// Names for screen readers, in plain words.
namespace AccessibleNames {

/// Gives every field of the form layouts under `root` the words of its label as its
/// accessible name (and the label the field as its buddy), unless it has a name already.
/// A field that is a container names its first focusable control.
void nameFormFields(QWidget *root);

} // namespace AccessibleNames
