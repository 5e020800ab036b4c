#pragma once

#include <QString>

/// Checks a raw JSON body the way it will look once its mappings are filled in, so that
/// {{1.data.id}} between quotes or in place of a value is not reported as a mistake.
class JsonCheck
{
public:
    /// Plain words for the first mistake, e.g. "This JSON is not valid: a comma is missing
    /// between two values (line 3, column 5)." Empty when the JSON is valid or blank.
    static QString problem(const QString &content);
    /// The text with every {{…}} replaced by a same-length stand-in: letters inside quotes,
    /// a number elsewhere. Same length, so error positions stay right.
    static QString withPlaceholders(const QString &content);
};
