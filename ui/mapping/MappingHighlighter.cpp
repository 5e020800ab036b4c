#include "mapping/MappingHighlighter.h"

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
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    switch (kind) {
    case MappingSpan::Kind::Expression:
        return palette.color(QPalette::Highlight);
    case MappingSpan::Kind::ModuleReference:
        return dark ? QColor(0xc3, 0x9b, 0xff) : QColor(0x6d, 0x2b, 0xd9);
    case MappingSpan::Kind::NamedRoot:
        return dark ? QColor(0x7f, 0xc8, 0xff) : QColor(0x0b, 0x5c, 0xad);
    case MappingSpan::Kind::Function:
        return dark ? QColor(0x5f, 0xd3, 0xa6) : QColor(0x0f, 0x7a, 0x55);
    case MappingSpan::Kind::Keyword:
        return dark ? QColor(0xf0, 0xb4, 0x6a) : QColor(0xa3, 0x55, 0x00);
    case MappingSpan::Kind::Problem:
        return dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xc6, 0x28, 0x28);
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
