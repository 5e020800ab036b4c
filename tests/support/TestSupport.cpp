#include "TestSupport.h"

#include <QFile>

namespace TestSupport {

QHash<QString, QString> thirdPartyServers()
{
    QHash<QString, QString> values;
    QFile file(QStringLiteral(SCENARIST_THIRDPARTY_ENV));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return values;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq > 0)
            values.insert(line.left(eq), line.mid(eq + 1));
    }
    return values;
}

QString testDataPath(const QString &relative)
{
    return QStringLiteral(SCENARIST_TEST_DATA_DIR) + QLatin1Char('/') + relative;
}

QString sourcePath(const QString &relative)
{
    return QStringLiteral(SCENARIST_SOURCE_DIR) + QLatin1Char('/') + relative;
}

} // namespace TestSupport
