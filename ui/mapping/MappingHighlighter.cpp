#include "ui/mapping/MappingHighlighter.h"

#include "ui/Theme.h"

#include <QApplication>
#include <QPalette>
#include <QTextDocument>

MappingHighlighter::MappingHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
}

void MappingHighlighter::setSpans(const QList<MappingSpan> &spans)
{
    m_spans = spans;
    rehighlight();
}

QColor MappingHighlighter::colorFor(MappingSpan::Kind kind, const QPalette &palette)
{
    switch (kind) {
    case MappingSpan::Kind::Expression:
        return palette.color(QPalette::Highlight);
    case MappingSpan::Kind::ModuleReference:
        return Theme::token(Theme::Token::ModuleReference, palette);
    case MappingSpan::Kind::NamedRoot:
        return Theme::token(Theme::Token::NamedRoot, palette);
    case MappingSpan::Kind::Function:
        return Theme::token(Theme::Token::Function, palette);
    case MappingSpan::Kind::Keyword:
        return Theme::token(Theme::Token::Keyword, palette);
    case MappingSpan::Kind::Problem:
        return Theme::token(Theme::Token::Problem, palette);
    }
    return palette.color(QPalette::Text);
}

void MappingHighlighter::highlightBlock(const QString &text)
{
    const int blockStart = currentBlock().position();
    const int blockEnd = blockStart + int(text.size());
    const QPalette palette = QApplication::palette();
    // Problems last, so that red wins over any other colour on the same characters.
    for (int pass = 0; pass < 2; ++pass) {
        for (const MappingSpan &span : std::as_const(m_spans)) {
            const bool problem = span.kind == MappingSpan::Kind::Problem;
            if (problem != (pass == 1))
                continue;
            const int start = qMax(span.start, blockStart);
            const int end = qMin(span.start + span.length, blockEnd);
            if (end <= start)
                continue;
            QTextCharFormat format;
            const QColor color = colorFor(span.kind, palette);
            if (span.kind == MappingSpan::Kind::Expression) {
                format.setForeground(palette.color(QPalette::Text));
            } else {
                format.setForeground(color);
            }
            if (problem) {
                format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
                format.setUnderlineColor(color);
            } else if (span.kind == MappingSpan::Kind::ModuleReference
                || span.kind == MappingSpan::Kind::Function) {
                format.setFontWeight(QFont::DemiBold);
            }
            setFormat(start - blockStart, end - start, format);
        }
    }
}
