#pragma once

#include <QObject>
#include <QString>

#include <functional>

/// The system keychain (Secret Service, KWallet, …) through QtKeychain: service "Scenarist",
/// one entry per secret name. Shared by the app and scenarist-run --keychain. Every call
/// answers once, asynchronously; a keychain that does not answer within the timeout counts
/// as unavailable. Callbacks are not called when `context` was destroyed meanwhile.
namespace KeychainStore {

QString serviceName();

enum class Answer { Found, NotFound, Unavailable };
/// `reason` says in words why the keychain was unavailable.
using ReadCallback = std::function<void(Answer, const QString &value, const QString &reason)>;
using WriteCallback = std::function<void(bool stored, bool unavailable, const QString &reason)>;

void read(const QString &name, QObject *context, ReadCallback done, int timeoutMs = 10000);
void write(const QString &name, const QString &value, QObject *context, WriteCallback done,
    int timeoutMs = 10000);
void remove(const QString &name, QObject *context, std::function<void()> done);

} // namespace KeychainStore
