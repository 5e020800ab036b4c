#pragma once

#include "ui/mapping/MappingAnalysis.h"

#include <QSyntaxHighlighter>

/// Colours what MappingAnalysis found: module references, functions, keywords, problems.
/// The pill behind each {{…}} is painted by MappingField, which can round its corners.
class MappingHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit MappingHighlighter(QTextDocument *document);

    void setSpans(const QList<MappingSpan> &spans);
    /// Colours that read well on both light and dark palettes.
    static QColor colorFor(MappingSpan::Kind kind, const QPalette &palette);

protected:
    void highlightBlock(const QString &text) override;

private:
    QList<MappingSpan> m_spans;
};
