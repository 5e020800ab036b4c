<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AddHandleItem</name>
    <message>
        <source>Add your first module</source>
        <translation>Erstes Modul hinzufügen</translation>
    </message>
    <message>
        <source>Add a module after module %1</source>
        <translation>Ein Modul nach Modul %1 hinzufügen</translation>
    </message>
    <message>
        <source>Add a module</source>
        <translation>Ein Modul hinzufügen</translation>
    </message>
</context>
<context>
    <name>AddModuleCommand</name>
    <message>
        <source>Add error handler %1 to module %2</source>
        <translation>Fehlerbehandlung %1 zu Modul %2 hinzufügen</translation>
    </message>
    <message>
        <source>Add module %1</source>
        <translation>Modul %1 hinzufügen</translation>
    </message>
</context>
<context>
    <name>ArrayAggregatorForm</name>
    <message>
        <source>Source module</source>
        <translation>Quellmodul</translation>
    </message>
    <message>
        <source>Fields of each item (empty: every field)</source>
        <translation>Felder jedes Elements (leer: alle Felder)</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Add a field</source>
        <translation>Ein Feld hinzufügen</translation>
    </message>
    <message>
        <source>Group by</source>
        <translation>Gruppieren nach</translation>
    </message>
    <message>
        <source>Makes one list per value of this field; leave it empty for one list</source>
        <translation>Erstellt eine Liste je Wert dieses Felds; leer lassen für eine einzige Liste</translation>
    </message>
    <message>
        <source>Stop when nothing arrived</source>
        <translation>Anhalten, wenn nichts ankam</translation>
    </message>
    <message>
        <source>Passes nothing on when no bundle reached it</source>
        <translation>Gibt nichts weiter, wenn kein Bündel ankam</translation>
    </message>
</context>
<context>
    <name>AuthenticationChooser</name>
    <message>
        <source>Connections…</source>
        <translation>Verbindungen…</translation>
    </message>
    <message>
        <source>How this module signs in to the server: not at all, with a user name and password, or with a connection (an OAuth 2.0 token, an API key, a Bearer token, Basic, a client certificate)</source>
        <translation>Wie sich dieses Modul beim Server anmeldet: gar nicht, mit Benutzername und Passwort oder mit einer Verbindung (ein OAuth-2.0-Token, ein API-Schlüssel, ein Bearer-Token, Basic, ein Client-Zertifikat)</translation>
    </message>
    <message>
        <source>Create or change connections: the saved ways to sign in</source>
        <translation>Verbindungen anlegen oder ändern: die gespeicherten Arten, sich anzumelden</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>User name and password (HTTP Basic)</source>
        <translation>Benutzername und Passwort (HTTP Basic)</translation>
    </message>
    <message>
        <source>Connection: %1</source>
        <translation>Verbindung: %1</translation>
    </message>
    <message>
        <source>Missing connection “%1”</source>
        <translation>Fehlende Verbindung „%1“</translation>
    </message>
    <message>
        <source>Adds the API key of “%1” to the address as “%2”.</source>
        <translation>Fügt den API-Schlüssel von „%1“ als „%2“ an die Adresse an.</translation>
    </message>
    <message>
        <source>Sends the API key of “%1” in the header “%2”.</source>
        <translation>Sendet den API-Schlüssel von „%1“ im Header „%2“.</translation>
    </message>
    <message>
        <source>Shows the client certificate of “%1” to an https server that asks for one.</source>
        <translation>Zeigt das Client-Zertifikat von „%1“ einem https-Server, der danach fragt.</translation>
    </message>
    <message>
        <source>Signs in with “%1”.</source>
        <translation>Meldet sich mit „%1“ an.</translation>
    </message>
    <message>
        <source>It also shows a client certificate.</source>
        <translation>Es zeigt außerdem ein Client-Zertifikat.</translation>
    </message>
    <message>
        <source>Sends no sign-in. Choose a connection to sign in with an OAuth 2.0 token, an API key, a token, a password or a certificate.</source>
        <translation>Sendet keine Anmeldung. Wählen Sie eine Verbindung, um sich mit einem OAuth-2.0-Token, einem API-Schlüssel, einem Token, einem Passwort oder einem Zertifikat anzumelden.</translation>
    </message>
    <message>
        <source>Fill in the user name and password under advanced settings.</source>
        <translation>Geben Sie Benutzername und Passwort unter „Erweiterte Einstellungen“ ein.</translation>
    </message>
    <message>
        <source>This connection is not in the scenario. Choose another, or create it under Connections.</source>
        <translation>Diese Verbindung ist nicht im Szenario. Wählen Sie eine andere, oder legen Sie sie unter „Verbindungen“ an.</translation>
    </message>
    <message>
        <source>Sends “Authorization: Bearer …” with a token from “%1”, fetched once and reused until it expires.</source>
        <translation>Sendet „Authorization: Bearer …“ mit einem Token von „%1“, einmal abgerufen und wiederverwendet, bis es abläuft.</translation>
    </message>
    <message>
        <source>Sends “Authorization: Bearer …” with the token of “%1”.</source>
        <translation>Sendet „Authorization: Bearer …“ mit dem Token von „%1“.</translation>
    </message>
    <message>
        <source>Sends “Authorization: Basic …” with the user name and password of “%1”.</source>
        <translation>Sendet „Authorization: Basic …“ mit Benutzername und Passwort von „%1“.</translation>
    </message>
</context>
<context>
    <name>AuthorizationCodeSignIn</name>
    <message>
        <source>No answer came back from the browser within %1 minutes, so the sign-in was given up. Click Sign in to try again.</source>
        <translation>Innerhalb von %1 Minuten kam keine Antwort vom Browser zurück, daher wurde die Anmeldung abgebrochen. Klicken Sie auf „Anmelden“, um es erneut zu versuchen.</translation>
    </message>
    <message>
        <source>The redirect URI “%1” points to another computer (%2). The browser must come back to Scenarist on this computer: use http://127.0.0.1:PORT/ (or leave it empty).</source>
        <translation>Die Weiterleitungs-URI „%1“ zeigt auf einen anderen Computer (%2). Der Browser muss auf diesem Computer zu Scenarist zurückkehren: Verwenden Sie http://127.0.0.1:PORT/ (oder lassen Sie das Feld leer).</translation>
    </message>
    <message>
        <source>The redirect URI “%1” is not a web address on this computer. Use http://127.0.0.1:PORT/ (or leave it empty to let Scenarist choose a port).</source>
        <translation>Die Weiterleitungs-URI „%1“ ist keine Webadresse auf diesem Computer. Verwenden Sie http://127.0.0.1:PORT/ (oder lassen Sie das Feld leer, damit Scenarist einen Port wählt).</translation>
    </message>
    <message>
        <source>The redirect URI “%1” must not have a query (?) or a fragment (#).</source>
        <translation>Die Weiterleitungs-URI „%1“ darf keine Abfrage (?) und kein Fragment (#) enthalten.</translation>
    </message>
    <message>
        <source>The connection “%1” needs an authorization URL (the sign-in page of the service, starting with https://).</source>
        <translation>Die Verbindung „%1“ braucht eine Autorisierungs-URL (die Anmeldeseite des Dienstes, beginnend mit https://).</translation>
    </message>
    <message>
        <source>The connection “%1” needs a client ID.</source>
        <translation>Die Verbindung „%1“ braucht eine Client-ID.</translation>
    </message>
    <message>
        <source>Scenarist could not wait for the browser on %1: %2. Choose another port in the redirect URI, or leave it empty.</source>
        <translation>Scenarist konnte auf %1 nicht auf den Browser warten: %2. Wählen Sie einen anderen Port in der Weiterleitungs-URI, oder lassen Sie sie leer.</translation>
    </message>
    <message>
        <source>Not understood</source>
        <translation>Nicht verstanden</translation>
    </message>
    <message>
        <source>Scenarist waits here for the browser to come back from signing in.</source>
        <translation>Scenarist wartet hier darauf, dass der Browser von der Anmeldung zurückkehrt.</translation>
    </message>
    <message>
        <source>Not here</source>
        <translation>Nicht hier</translation>
    </message>
    <message>
        <source>Scenarist waits for the sign-in at another address.</source>
        <translation>Scenarist wartet unter einer anderen Adresse auf die Anmeldung.</translation>
    </message>
    <message>
        <source>Sign-in not accepted</source>
        <translation>Anmeldung nicht angenommen</translation>
    </message>
    <message>
        <source>This answer does not belong to the sign-in Scenarist started. Go back to Scenarist and click Sign in again.</source>
        <translation>Diese Antwort gehört nicht zu der Anmeldung, die Scenarist gestartet hat. Gehen Sie zurück zu Scenarist und klicken Sie erneut auf „Anmelden“.</translation>
    </message>
    <message>
        <source>The answer that came back from the browser does not belong to the sign-in Scenarist started (its state differs), so it was ignored: someone may have tried to sign you in to their account. Click Sign in again.</source>
        <translation>Die Antwort, die vom Browser zurückkam, gehört nicht zu der Anmeldung, die Scenarist gestartet hat (ihr „state“ weicht ab), daher wurde sie ignoriert: Jemand hat vielleicht versucht, Sie bei seinem Konto anzumelden. Klicken Sie erneut auf „Anmelden“.</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Nicht angemeldet</translation>
    </message>
    <message>
        <source>The sign-in did not happen. You can close this tab and go back to Scenarist.</source>
        <translation>Die Anmeldung fand nicht statt. Sie können diesen Tab schließen und zu Scenarist zurückkehren.</translation>
    </message>
    <message>
        <source>The sign-in was denied in the browser, so Scenarist got no access. Click Sign in to try again.</source>
        <translation>Die Anmeldung wurde im Browser abgelehnt, daher hat Scenarist keinen Zugriff erhalten. Klicken Sie auf „Anmelden“, um es erneut zu versuchen.</translation>
    </message>
    <message>
        <source>The server did not sign you in: %1%2.</source>
        <translation>Der Server hat Sie nicht angemeldet: %1%2.</translation>
    </message>
    <message>
        <source>The answer has no authorization code. Go back to Scenarist and click Sign in again.</source>
        <translation>Die Antwort enthält keinen Autorisierungscode. Gehen Sie zurück zu Scenarist und klicken Sie erneut auf „Anmelden“.</translation>
    </message>
    <message>
        <source>The browser came back without an authorization code. Click Sign in again.</source>
        <translation>Der Browser kam ohne Autorisierungscode zurück. Klicken Sie erneut auf „Anmelden“.</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>Angemeldet</translation>
    </message>
    <message>
        <source>Scenarist is finishing the sign-in. You can close this tab and go back to Scenarist.</source>
        <translation>Scenarist schließt die Anmeldung ab. Sie können diesen Tab schließen und zu Scenarist zurückkehren.</translation>
    </message>
    <message>
        <source>Scenarist cannot finish the sign-in now.</source>
        <translation>Scenarist kann die Anmeldung jetzt nicht abschließen.</translation>
    </message>
</context>
<context>
    <name>BreakForm</name>
    <message>
        <source>How many more times the failed module is tried</source>
        <translation>Wie oft das fehlgeschlagene Modul noch versucht wird</translation>
    </message>
    <message>
        <source>Number of attempts</source>
        <translation>Anzahl der Versuche</translation>
    </message>
    <message>
        <source>How long to wait before each new try</source>
        <translation>Wie lange vor jedem neuen Versuch gewartet wird</translation>
    </message>
    <message>
        <source>Interval between attempts (seconds)</source>
        <translation>Abstand zwischen den Versuchen (Sekunden)</translation>
    </message>
    <message>
        <source>When every attempt fails, the bundle is kept as unfinished, to retry later.</source>
        <translation>Wenn alle Versuche fehlschlagen, wird das Bündel als unvollständig aufbewahrt, um es später erneut zu versuchen.</translation>
    </message>
</context>
<context>
    <name>BundleScheduler</name>
    <message>
        <source>Stopped before the end.</source>
        <translation>Vor dem Ende angehalten.</translation>
    </message>
    <message>
        <source>A link leads to module %1, which is not in the scenario.</source>
        <translation>Eine Verbindungslinie führt zu Modul %1, das nicht im Szenario ist.</translation>
    </message>
    <message>
        <source>Module %1 collects the bundles of module %2, but module %2 does not come before it on its route.</source>
        <translation>Modul %1 sammelt die Bündel von Modul %2, aber Modul %2 kommt auf seiner Route nicht davor.</translation>
    </message>
    <message>
        <source>This failure was already dealt with by another directive.</source>
        <translation>Dieser Fehler wurde bereits von einer anderen Direktive behandelt.</translation>
    </message>
    <message>
        <source>This directive is not on an error route, so it does nothing.</source>
        <translation>Diese Direktive liegt auf keiner Fehlerroute und bewirkt daher nichts.</translation>
    </message>
    <message>
        <source>Commit after module %1 failed: the run stopped here, and what was done stays.</source>
        <translation>Commit, nachdem Modul %1 fehlgeschlagen ist: Die Ausführung wurde hier beendet, und was getan wurde, bleibt bestehen.</translation>
    </message>
    <message>
        <source>Rollback after module %1 failed: %2</source>
        <translation>Rollback, nachdem Modul %1 fehlgeschlagen ist: %2</translation>
    </message>
</context>
<context>
    <name>CalendarCheck</name>
    <message>
        <source>systemd cannot read “%1” as a calendar expression.</source>
        <translation>systemd kann „%1“ nicht als Kalenderausdruck lesen.</translation>
    </message>
    <message>
        <source>“%1” names no time to come, so it would never run.</source>
        <translation>„%1“ nennt keinen Zeitpunkt in der Zukunft, die Ausführung fände also nie statt.</translation>
    </message>
</context>
<context>
    <name>CanvasPicture</name>
    <message>
        <source>Scenarist draws pictures as PNG or SVG: give the file name the ending .png or .svg.</source>
        <translation>Scenarist zeichnet Bilder als PNG oder SVG: Geben Sie dem Dateinamen die Endung .png oder .svg.</translation>
    </message>
    <message>
        <source>Drawn by Scenarist</source>
        <translation>Gezeichnet von Scenarist</translation>
    </message>
    <message>
        <source>There is not enough memory to draw a picture this large.</source>
        <translation>Es ist nicht genug Speicher frei, um ein so großes Bild zu zeichnen.</translation>
    </message>
    <message>
        <source>The picture could not be turned into a PNG file.</source>
        <translation>Das Bild konnte nicht in eine PNG-Datei umgewandelt werden.</translation>
    </message>
</context>
<context>
    <name>CanvasView</name>
    <message>
        <source>Canvas</source>
        <translation>Arbeitsfläche</translation>
    </message>
    <message>
        <source>The scenario&apos;s modules. Arrow keys select a module, Enter opens its settings.</source>
        <translation>Die Module des Szenarios. Pfeiltasten wählen ein Modul, Eingabe öffnet seine Einstellungen.</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <source>Zoom in on the canvas</source>
        <translation>Die Arbeitsfläche vergrößern</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <source>Zoom out of the canvas</source>
        <translation>Die Arbeitsfläche verkleinern</translation>
    </message>
    <message>
        <source>Actual size</source>
        <translation>Originalgröße</translation>
    </message>
    <message>
        <source>Show the canvas at 100 %</source>
        <translation>Die Arbeitsfläche bei 100 % zeigen</translation>
    </message>
    <message>
        <source>Fit all modules</source>
        <translation>Alle Module einpassen</translation>
    </message>
    <message>
        <source>Show every module</source>
        <translation>Jedes Modul zeigen</translation>
    </message>
    <message>
        <source>Auto-align</source>
        <translation>Automatisch ausrichten</translation>
    </message>
    <message>
        <source>Line the modules up from left to right in the order they run, each route of a router on its own row</source>
        <translation>Die Module von links nach rechts in der Reihenfolge aufreihen, in der sie laufen, jede Route eines Routers in einer eigenen Zeile</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Now at %1; click to show the canvas at 100 %</source>
        <translation>Jetzt bei %1; klicken, um die Arbeitsfläche bei 100 % zu zeigen</translation>
    </message>
    <message>
        <source>Auto-align modules</source>
        <translation>Module automatisch ausrichten</translation>
    </message>
</context>
<context>
    <name>ClientAssertion</name>
    <message>
        <source>%1 is empty: it should hold a private key in PEM form (text that starts with “-----BEGIN PRIVATE KEY-----”).</source>
        <translation>%1 ist leer: Es sollte einen privaten Schlüssel im PEM-Format enthalten (Text, der mit „-----BEGIN PRIVATE KEY-----“ beginnt).</translation>
    </message>
    <message>
        <source>%1 holds a private key protected by a passphrase, which Scenarist cannot use. Save the key without a passphrase (for example with “openssl pkey -in key.pem -out plain.pem”) and keep it in the keychain as a secret.</source>
        <translation>%1 enthält einen privaten Schlüssel, der mit einer Passphrase geschützt ist; den kann Scenarist nicht verwenden. Speichern Sie den Schlüssel ohne Passphrase (zum Beispiel mit „openssl pkey -in key.pem -out plain.pem“) und legen Sie ihn als Geheimnis im Schlüsselbund ab.</translation>
    </message>
    <message>
        <source>%1 holds a certificate or a public key, not a private key. Choose the private key that belongs to it (its PEM text starts with “-----BEGIN PRIVATE KEY-----”).</source>
        <translation>%1 enthält ein Zertifikat oder einen öffentlichen Schlüssel, keinen privaten Schlüssel. Wählen Sie den dazugehörigen privaten Schlüssel (sein PEM-Text beginnt mit „-----BEGIN PRIVATE KEY-----“).</translation>
    </message>
    <message>
        <source>%1 is not a private key in PEM form. Choose the RSA or EC private key registered for this client (its text starts with “-----BEGIN PRIVATE KEY-----”).</source>
        <translation>%1 ist kein privater Schlüssel im PEM-Format. Wählen Sie den für diesen Client registrierten privaten RSA- oder EC-Schlüssel (sein Text beginnt mit „-----BEGIN PRIVATE KEY-----“).</translation>
    </message>
    <message>
        <source>%1 could not sign the client assertion; check that it is the private key of this client (RSA, or EC on the P-256 curve).</source>
        <translation>%1 konnte die Client-Assertion nicht signieren; prüfen Sie, ob es der private Schlüssel dieses Clients ist (RSA oder EC auf der Kurve P-256).</translation>
    </message>
    <message>
        <source>client_secret_jwt signs with the client secret, but the client secret is empty. Fill it in, or choose another way to send the client ID.</source>
        <translation>client_secret_jwt signiert mit dem Client-Secret, aber das Client-Secret ist leer. Füllen Sie es aus, oder wählen Sie eine andere Art, die Client-ID zu senden.</translation>
    </message>
    <message>
        <source>The client assertion could not be signed with the client secret.</source>
        <translation>Die Client-Assertion konnte nicht mit dem Client-Secret signiert werden.</translation>
    </message>
</context>
<context>
    <name>ClientCertificate</name>
    <message>
        <source>The client certificate file “%1” could not be read. %2</source>
        <translation>Die Client-Zertifikatsdatei „%1“ konnte nicht gelesen werden. %2</translation>
    </message>
    <message>
        <source>The client certificate file “%1” could not be opened: the certificate password is wrong, or the file is not a PKCS#12 (.p12/.pfx) file. Check the password under Connections.</source>
        <translation>Die Client-Zertifikatsdatei „%1“ konnte nicht geöffnet werden: Das Zertifikatspasswort ist falsch, oder die Datei ist keine PKCS#12-Datei (.p12/.pfx). Prüfen Sie das Passwort unter „Verbindungen“.</translation>
    </message>
    <message>
        <source>The client certificate file “%1” is neither a PEM certificate (text starting with “-----BEGIN CERTIFICATE-----”) nor a PKCS#12 file Scenarist can open with the certificate password. Choose the certificate file the server gave you under Connections.</source>
        <translation>Die Client-Zertifikatsdatei „%1“ ist weder ein PEM-Zertifikat (Text, der mit „-----BEGIN CERTIFICATE-----“ beginnt) noch eine PKCS#12-Datei, die Scenarist mit dem Zertifikatspasswort öffnen kann. Wählen Sie unter „Verbindungen“ die Zertifikatsdatei, die Sie vom Server bekommen haben.</translation>
    </message>
    <message>
        <source>The client certificate file “%1” holds no certificate. It should hold text starting with “-----BEGIN CERTIFICATE-----”.</source>
        <translation>Die Client-Zertifikatsdatei „%1“ enthält kein Zertifikat. Sie sollte Text enthalten, der mit „-----BEGIN CERTIFICATE-----“ beginnt.</translation>
    </message>
    <message>
        <source>The private key file “%1” could not be read. %2</source>
        <translation>Die Datei mit dem privaten Schlüssel „%1“ konnte nicht gelesen werden. %2</translation>
    </message>
    <message>
        <source>The client certificate file “%1” holds no private key. Choose the key&apos;s own file under Connections (Private key file).</source>
        <translation>Die Client-Zertifikatsdatei „%1“ enthält keinen privaten Schlüssel. Wählen Sie unter „Verbindungen“ die eigene Datei des Schlüssels (Datei mit privatem Schlüssel).</translation>
    </message>
    <message>
        <source>The private key file “%1” is not a private key. It should hold text starting with “-----BEGIN PRIVATE KEY-----” (or RSA/EC PRIVATE KEY).</source>
        <translation>Die Datei „%1“ ist kein privater Schlüssel. Sie sollte Text enthalten, der mit „-----BEGIN PRIVATE KEY-----“ (oder RSA/EC PRIVATE KEY) beginnt.</translation>
    </message>
    <message>
        <source>The private key in “%1” could not be read: it is damaged, or it is encrypted and the certificate password is missing or wrong. Check the password under Connections.</source>
        <translation>Der private Schlüssel in „%1“ konnte nicht gelesen werden: Er ist beschädigt, oder er ist verschlüsselt und das Zertifikatspasswort fehlt oder ist falsch. Prüfen Sie das Passwort unter „Verbindungen“.</translation>
    </message>
</context>
<context>
    <name>CloneModule</name>
    <message>
        <source>Clone module %1</source>
        <translation>Modul %1 klonen</translation>
    </message>
</context>
<context>
    <name>CommandLineHelp</name>
    <message>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>The value of the secret NAME that fields use as {{secrets.NAME}} (NAME in upper case, other characters as _). It wins over --secrets.</source>
        <translation>Der Wert des Geheimnisses NAME, das Felder als {{secrets.NAME}} verwenden (NAME in Großbuchstaben, andere Zeichen als _). Hat Vorrang vor --secrets.</translation>
    </message>
    <message>
        <source>The trust file to use instead of the one under Files.</source>
        <translation>Die Vertrauensdatei, die statt der unter „Dateien“ genannten verwendet wird.</translation>
    </message>
    <message>
        <source>The run history to record into instead of the one under Files: an SQLite file, or postgresql://USER@HOST:PORT/DATABASE. --history-db wins over it.</source>
        <translation>Der Ausführungsverlauf, in den statt des unter „Dateien“ genannten geschrieben wird: eine SQLite-Datei oder postgresql://USER@HOST:PORT/DATABASE. --history-db hat Vorrang.</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>The trust file: where each secret may be sent and which scenario files are your own (shared with the editor).</source>
        <translation>Die Vertrauensdatei: wohin jedes Geheimnis gesendet werden darf und welche Szenariodateien Ihre eigenen sind (gemeinsam mit dem Editor).</translation>
    </message>
    <message>
        <source>The run history: every run, its operations&apos; inputs and outputs with secrets masked (shared with the editor; see run-history.md).</source>
        <translation>Der Ausführungsverlauf: jede Ausführung, die Ein- und Ausgaben ihrer Operationen mit maskierten Geheimnissen (gemeinsam mit dem Editor; siehe run-history.md).</translation>
    </message>
    <message>
        <source>Example scenarios; the sandbox ones run with --sandbox and no internet.</source>
        <translation>Beispielszenarien; die Sandbox-Beispiele laufen mit --sandbox und ohne Internet.</translation>
    </message>
    <message>
        <source>The user guide; headless-runner.md is about this command.</source>
        <translation>Das Benutzerhandbuch; headless-runner.md beschreibt diesen Befehl.</translation>
    </message>
    <message>
        <source>Recent files, window layout and other settings.</source>
        <translation>Zuletzt geöffnete Dateien, Fensteranordnung und andere Einstellungen.</translation>
    </message>
    <message>
        <source>The trust file: where each secret may be sent and which scenario files are your own.</source>
        <translation>Die Vertrauensdatei: wohin jedes Geheimnis gesendet werden darf und welche Szenariodateien Ihre eigenen sind.</translation>
    </message>
    <message>
        <source>Unsaved work, offered back after a crash.</source>
        <translation>Nicht gespeicherte Arbeit, die nach einem Absturz wieder angeboten wird.</translation>
    </message>
    <message>
        <source>Example scenarios.</source>
        <translation>Beispielszenarien.</translation>
    </message>
    <message>
        <source>The user guide, also in the Help menu.</source>
        <translation>Das Benutzerhandbuch, auch im Hilfe-Menü.</translation>
    </message>
    <message>
        <source>Exit status</source>
        <translation>Exit-Status</translation>
    </message>
    <message>
        <source>Every module succeeded (or an error route dealt with a failure by Ignore, Resume or Commit).</source>
        <translation>Jedes Modul war erfolgreich (oder eine Fehlerroute hat einen Fehler mit Ignorieren, Fortsetzen oder Commit behandelt).</translation>
    </message>
    <message>
        <source>A module failed (later ones are skipped) or a Rollback stopped the run.</source>
        <translation>Ein Modul ist fehlgeschlagen (spätere werden übersprungen) oder ein Rollback hat die Ausführung beendet.</translation>
    </message>
    <message>
        <source>The window was closed, or --render wrote the picture.</source>
        <translation>Das Fenster wurde geschlossen, oder --render hat das Bild geschrieben.</translation>
    </message>
    <message>
        <source>The command line could not be used, or --render could not read FILE or write OUT.</source>
        <translation>Die Befehlszeile war nicht verwendbar, oder --render konnte FILE nicht lesen oder OUT nicht schreiben.</translation>
    </message>
    <message>
        <source>The file or the command line could not be used, or a scenario input is missing, unknown or of the wrong type (nothing was sent).</source>
        <translation>Die Datei oder die Befehlszeile konnte nicht verwendet werden, oder eine Szenario-Eingabe fehlt, ist unbekannt oder hat den falschen Typ (nichts wurde gesendet).</translation>
    </message>
    <message>
        <source>The run finished with bundles left incomplete (with --retry-incomplete: some are still incomplete).</source>
        <translation>Die Ausführung endete mit unvollständig gebliebenen Bündeln (mit --retry-incomplete: einige sind noch unvollständig).</translation>
    </message>
</context>
<context>
    <name>CommitForm</name>
    <message>
        <source>Nothing to set. Put it at the end of an error route: the run stops there, and what the modules did so far stands.</source>
        <translation>Nichts einzustellen. Setzen Sie es an das Ende einer Fehlerroute: Die Ausführung endet dort, und was die Module bis dahin getan haben, bleibt bestehen.</translation>
    </message>
</context>
<context>
    <name>ConnectionsPanel</name>
    <message>
        <source>OAuth 2.0 client credentials</source>
        <translation>OAuth 2.0 Client Credentials</translation>
    </message>
    <message>
        <source>OAuth 2.0 sign in with a browser (authorization code)</source>
        <translation>OAuth 2.0 Anmeldung im Browser (Authorization Code)</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <source>Bearer token</source>
        <translation>Bearer-Token</translation>
    </message>
    <message>
        <source>User name and password (Basic)</source>
        <translation>Benutzername und Passwort (Basic)</translation>
    </message>
    <message>
        <source>Client certificate</source>
        <translation>Client-Zertifikat</translation>
    </message>
    <message>
        <source>Refresh token</source>
        <translation>Refresh-Token</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Certificate password</source>
        <translation>Zertifikatspasswort</translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation>Client-Secret</translation>
    </message>
    <message>
        <source>Add connection</source>
        <translation>Verbindung hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Connections of this scenario. A module signs in with one under its Authentication setting.</source>
        <translation>Verbindungen dieses Szenarios. Ein Modul meldet sich mit einer davon über seine Einstellung „Authentifizierung“ an.</translation>
    </message>
    <message>
        <source>Add a connection; then choose how it signs in under Type</source>
        <translation>Eine Verbindung hinzufügen; dann unter „Typ“ wählen, wie sie sich anmeldet</translation>
    </message>
    <message>
        <source>Remove the selected connection; modules that use it will say so</source>
        <translation>Die ausgewählte Verbindung entfernen; Module, die sie verwenden, weisen darauf hin</translation>
    </message>
    <message>
        <source>How this connection signs in to the server</source>
        <translation>Wie sich diese Verbindung beim Server anmeldet</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>e.g. My API</source>
        <translation>z. B. Meine API</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>https://auth.example.com/oauth/authorize</source>
        <translation>https://auth.example.com/oauth/authorize</translation>
    </message>
    <message>
        <source>The sign-in page the browser opens (the authorization endpoint)</source>
        <translation>Die Anmeldeseite, die der Browser öffnet (der Autorisierungsendpunkt)</translation>
    </message>
    <message>
        <source>Authorization URL</source>
        <translation>Autorisierungs-URL</translation>
    </message>
    <message>
        <source>https://auth.example.com/oauth/token</source>
        <translation>https://auth.example.com/oauth/token</translation>
    </message>
    <message>
        <source>The address that gives tokens (the token endpoint)</source>
        <translation>Die Adresse, die Token ausgibt (der Token-Endpunkt)</translation>
    </message>
    <message>
        <source>Token URL</source>
        <translation>Token-URL</translation>
    </message>
    <message>
        <source>Client ID</source>
        <translation>Client-ID</translation>
    </message>
    <message>
        <source>Only if the service gave one, e.g. {{secrets.client_secret}}</source>
        <translation>Nur wenn der Dienst eines vergeben hat, z. B. {{secrets.client_secret}}</translation>
    </message>
    <message>
        <source>Apps that sign in with a browser often have no client secret. If yours has one, keep it as a secret and write {{secrets.NAME}} here.</source>
        <translation>Apps, die sich im Browser anmelden, haben oft kein Client-Secret. Falls Ihre eines hat, bewahren Sie es als Geheimnis auf und schreiben Sie hier {{secrets.NAME}}.</translation>
    </message>
    <message>
        <source>e.g. X-API-Key or api_key</source>
        <translation>z. B. X-API-Key oder api_key</translation>
    </message>
    <message>
        <source>The name the server expects the key under, from its documentation</source>
        <translation>Der Name, unter dem der Server den Schlüssel erwartet, laut seiner Dokumentation</translation>
    </message>
    <message>
        <source>Header or parameter name</source>
        <translation>Header- oder Parametername</translation>
    </message>
    <message>
        <source>In a header</source>
        <translation>In einem Header</translation>
    </message>
    <message>
        <source>In the address (a query parameter)</source>
        <translation>In der Adresse (ein Query-Parameter)</translation>
    </message>
    <message>
        <source>Where the server expects the key, from its documentation</source>
        <translation>Wo der Server den Schlüssel erwartet, laut seiner Dokumentation</translation>
    </message>
    <message>
        <source>Send the key</source>
        <translation>Schlüssel senden</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>The name the client secret is kept under. The scenario file keeps only this name, as {{secrets.NAME}}.</source>
        <translation>Der Name, unter dem das Client-Secret aufbewahrt wird. Die Szenariodatei enthält nur diesen Namen, als {{secrets.NAME}}.</translation>
    </message>
    <message>
        <source>Type the value to save it</source>
        <translation>Wert eingeben, um ihn zu speichern</translation>
    </message>
    <message>
        <source>Client secret: value</source>
        <translation>Client-Secret: Wert</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Save the value in your keychain, never in the scenario file</source>
        <translation>Den Wert in Ihrem Schlüsselbund speichern, nie in der Szenariodatei</translation>
    </message>
    <message>
        <source>Client secret: name</source>
        <translation>Client-Secret: Name</translation>
    </message>
    <message>
        <source>A .pem, .crt, .p12 or .pfx file</source>
        <translation>Eine .pem-, .crt-, .p12- oder .pfx-Datei</translation>
    </message>
    <message>
        <source>The certificate file the server gave you. A .p12 or .pfx file holds the key too.</source>
        <translation>Die Zertifikatsdatei, die Sie vom Server bekommen haben. Eine .p12- oder .pfx-Datei enthält auch den Schlüssel.</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Auswählen…</translation>
    </message>
    <message>
        <source>Choose the certificate file</source>
        <translation>Die Zertifikatsdatei auswählen</translation>
    </message>
    <message>
        <source>Certificate file</source>
        <translation>Zertifikatsdatei</translation>
    </message>
    <message>
        <source>Only if the key is in a file of its own</source>
        <translation>Nur wenn der Schlüssel in einer eigenen Datei liegt</translation>
    </message>
    <message>
        <source>A PEM private key file, when the certificate file does not hold the key</source>
        <translation>Eine PEM-Datei mit privatem Schlüssel, wenn die Zertifikatsdatei den Schlüssel nicht enthält</translation>
    </message>
    <message>
        <source>Choose the private key file</source>
        <translation>Die Datei mit dem privaten Schlüssel auswählen</translation>
    </message>
    <message>
        <source>Private key file</source>
        <translation>Datei mit privatem Schlüssel</translation>
    </message>
    <message>
        <source>Where secrets may be sent</source>
        <translation>Wohin Geheimnisse gesendet werden dürfen</translation>
    </message>
    <message>
        <source>Get token now</source>
        <translation>Token jetzt abrufen</translation>
    </message>
    <message>
        <source>Ask the token endpoint for a token now, to check the settings</source>
        <translation>Den Token-Endpunkt jetzt nach einem Token fragen, um die Einstellungen zu prüfen</translation>
    </message>
    <message>
        <source>Clear cached token</source>
        <translation>Zwischengespeichertes Token löschen</translation>
    </message>
    <message>
        <source>Forget the token, so that the next run gets a new one</source>
        <translation>Das Token vergessen, damit die nächste Ausführung ein neues holt</translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation>Anmelden…</translation>
    </message>
    <message>
        <source>Open the service&apos;s sign-in page in your browser; Scenarist keeps the refresh token it gets in your keychain</source>
        <translation>Die Anmeldeseite des Dienstes in Ihrem Browser öffnen; Scenarist bewahrt das erhaltene Refresh-Token in Ihrem Schlüsselbund auf</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Abmelden</translation>
    </message>
    <message>
        <source>Revoke the refresh token at the service (where it offers that) and remove it from your keychain</source>
        <translation>Das Refresh-Token beim Dienst widerrufen (wo er das anbietet) und aus Ihrem Schlüsselbund entfernen</translation>
    </message>
    <message>
        <source>e.g. read write (space-separated)</source>
        <translation>z. B. read write (durch Leerzeichen getrennt)</translation>
    </message>
    <message>
        <source>Scopes</source>
        <translation>Scopes</translation>
    </message>
    <message>
        <source>Empty: http://127.0.0.1 with a free port</source>
        <translation>Leer: http://127.0.0.1 mit einem freien Port</translation>
    </message>
    <message>
        <source>Where the browser comes back to Scenarist, on this computer only. Fill it in only if the service wants a fixed port, e.g. http://127.0.0.1:8400/</source>
        <translation>Wohin der Browser zu Scenarist zurückkehrt, nur auf diesem Computer. Nur ausfüllen, wenn der Dienst einen festen Port verlangt, z. B. http://127.0.0.1:8400/</translation>
    </message>
    <message>
        <source>Redirect URI</source>
        <translation>Weiterleitungs-URI</translation>
    </message>
    <message>
        <source>https://auth.example.com/oauth/revoke (optional)</source>
        <translation>https://auth.example.com/oauth/revoke (optional)</translation>
    </message>
    <message>
        <source>Where Sign out tells the service to forget the refresh token. Empty: Sign out only forgets it here.</source>
        <translation>Wo „Abmelden“ den Dienst bittet, das Refresh-Token zu vergessen. Leer: „Abmelden“ vergisst es nur hier.</translation>
    </message>
    <message>
        <source>Revocation URL</source>
        <translation>Widerrufs-URL</translation>
    </message>
    <message>
        <source>Only if the server asks for one</source>
        <translation>Nur wenn der Server eine verlangt</translation>
    </message>
    <message>
        <source>Audience</source>
        <translation>Audience</translation>
    </message>
    <message>
        <source>More token request fields, one name=value a line</source>
        <translation>Weitere Felder der Token-Anfrage, ein name=wert pro Zeile</translation>
    </message>
    <message>
        <source>Extra token parameters</source>
        <translation>Zusätzliche Token-Parameter</translation>
    </message>
    <message>
        <source>In the request body</source>
        <translation>Im Body der Anfrage</translation>
    </message>
    <message>
        <source>As a Basic header</source>
        <translation>Als Basic-Header</translation>
    </message>
    <message>
        <source>As a JWT signed with a private key (private_key_jwt)</source>
        <translation>Als JWT, signiert mit einem privaten Schlüssel (private_key_jwt)</translation>
    </message>
    <message>
        <source>As a JWT signed with the client secret (client_secret_jwt)</source>
        <translation>Als JWT, signiert mit dem Client-Secret (client_secret_jwt)</translation>
    </message>
    <message>
        <source>How the client ID and secret reach the token endpoint</source>
        <translation>Wie Client-ID und Secret zum Token-Endpunkt gelangen</translation>
    </message>
    <message>
        <source>Send client ID and secret</source>
        <translation>Client-ID und Secret senden</translation>
    </message>
    <message>
        <source>A PEM file, e.g. client-key.pem</source>
        <translation>Eine PEM-Datei, z. B. client-key.pem</translation>
    </message>
    <message>
        <source>The private key registered for this client at the service (RSA or EC, without a passphrase). It signs a short JWT and never leaves this computer.</source>
        <translation>Der private Schlüssel, der für diesen Client beim Dienst registriert ist (RSA oder EC, ohne Passphrase). Er signiert ein kurzes JWT und verlässt diesen Computer nie.</translation>
    </message>
    <message>
        <source>Choose the signing key file</source>
        <translation>Die Datei mit dem Signaturschlüssel auswählen</translation>
    </message>
    <message>
        <source>Signing key file</source>
        <translation>Datei mit Signaturschlüssel</translation>
    </message>
    <message>
        <source>Or the key kept as a secret: {{secrets.NAME}}</source>
        <translation>Oder der Schlüssel als Geheimnis: {{secrets.NAME}}</translation>
    </message>
    <message>
        <source>Instead of a file: the PEM text of the key, kept as a secret</source>
        <translation>Statt einer Datei: der PEM-Text des Schlüssels, als Geheimnis aufbewahrt</translation>
    </message>
    <message>
        <source>Signing key secret</source>
        <translation>Signaturschlüssel als Geheimnis</translation>
    </message>
    <message>
        <source>Private keys (*.pem *.key);;All files (*)</source>
        <translation>Private Schlüssel (*.pem *.key);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Answers that mean the token expired: Scenarist then gets a new token and sends the request once more</source>
        <translation>Antworten, die bedeuten, dass das Token abgelaufen ist: Scenarist holt dann ein neues Token und sendet die Anfrage noch einmal</translation>
    </message>
    <message>
        <source>Token expired when the status is</source>
        <translation>Token abgelaufen, wenn der Status ist</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Get a new token this long before the current one expires</source>
        <translation>So lange vor dem Ablauf des aktuellen Tokens ein neues holen</translation>
    </message>
    <message>
        <source>Refresh before expiry</source>
        <translation>Vor Ablauf erneuern</translation>
    </message>
    <message>
        <source>Connection settings</source>
        <translation>Verbindungseinstellungen</translation>
    </message>
    <message>
        <source>Connections of this scenario</source>
        <translation>Verbindungen dieses Szenarios</translation>
    </message>
    <message>
        <source>Token status</source>
        <translation>Token-Status</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer *.p12 *.pfx);;All files (*)</source>
        <translation>Zertifikate (*.pem *.crt *.cer *.p12 *.pfx);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Type status codes from 100 to 599, separated by commas, e.g. 401, 403.</source>
        <translation>Geben Sie Statuscodes von 100 bis 599 ein, durch Kommas getrennt, z. B. 401, 403.</translation>
    </message>
    <message>
        <source>Modules refer to this connection as “%1”.</source>
        <translation>Module verweisen auf diese Verbindung als „%1“.</translation>
    </message>
    <message>
        <source>No connection yet. Add one, then choose it under a module&apos;s Authentication setting.</source>
        <translation>Noch keine Verbindung. Fügen Sie eine hinzu und wählen Sie sie dann in der Einstellung „Authentifizierung“ eines Moduls.</translation>
    </message>
    <message>
        <source>%1: name</source>
        <translation>%1: Name</translation>
    </message>
    <message>
        <source>%1: value</source>
        <translation>%1: Wert</translation>
    </message>
    <message>
        <source>The name the %1 is kept under. The scenario file keeps only this name, as {{secrets.NAME}}.</source>
        <translation>Der Name, unter dem %1 aufbewahrt wird. Die Szenariodatei enthält nur diesen Namen, als {{secrets.NAME}}.</translation>
    </message>
    <message>
        <source>Edit connection “%1”</source>
        <translation>Verbindung „%1“ bearbeiten</translation>
    </message>
    <message>
        <source>My connection</source>
        <translation>Meine Verbindung</translation>
    </message>
    <message>
        <source>My connection %1</source>
        <translation>Meine Verbindung %1</translation>
    </message>
    <message>
        <source>Add connection “%1”</source>
        <translation>Verbindung „%1“ hinzufügen</translation>
    </message>
    <message>
        <source>Remove connection “%1”</source>
        <translation>Verbindung „%1“ entfernen</translation>
    </message>
    <message>
        <source>Give the %1 a name, e.g. %2, then type its value.</source>
        <translation>Geben Sie „%1“ einen Namen, z. B. %2, und geben Sie dann den Wert ein.</translation>
    </message>
    <message>
        <source>The %1 is the mapping “%2”.</source>
        <translation>„%1“ ist die Zuordnung „%2“.</translation>
    </message>
    <message>
        <source>Kept as {{secrets.%1}}.</source>
        <translation>Aufbewahrt als {{secrets.%1}}.</translation>
    </message>
    <message>
        <source>Checking the keychain…</source>
        <translation>Schlüsselbund wird geprüft…</translation>
    </message>
    <message>
        <source>“%1” has no value. No keychain (such as GNOME Keyring or KWallet) answered, so a value you type is kept only until you quit.</source>
        <translation>„%1“ hat keinen Wert. Kein Schlüsselbund (wie GNOME Keyring oder KWallet) hat geantwortet, daher wird ein eingegebener Wert nur bis zum Beenden behalten.</translation>
    </message>
    <message>
        <source>“%1” has no value yet: type it and click Save.</source>
        <translation>„%1“ hat noch keinen Wert: Geben Sie ihn ein und klicken Sie auf „Speichern“.</translation>
    </message>
    <message>
        <source>What the system said: %1</source>
        <translation>Was das System meldete: %1</translation>
    </message>
    <message>
        <source>“%1” has a value for this session only, because no keychain answered.</source>
        <translation>„%1“ hat nur für diese Sitzung einen Wert, weil kein Schlüsselbund geantwortet hat.</translation>
    </message>
    <message>
        <source>“%1” has a value, kept in your keychain. The scenario file keeps only the name.</source>
        <translation>„%1“ hat einen Wert, aufbewahrt in Ihrem Schlüsselbund. Die Szenariodatei enthält nur den Namen.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <source>“%1” is kept only until you quit: Scenarist cannot remember it, because no keychain (such as GNOME Keyring or KWallet) answered.</source>
        <translation>„%1“ wird nur bis zum Beenden behalten: Scenarist kann ihn sich nicht merken, weil kein Schlüsselbund (wie GNOME Keyring oder KWallet) geantwortet hat.</translation>
    </message>
    <message>
        <source>Getting a token…</source>
        <translation>Token wird abgerufen…</translation>
    </message>
    <message>
        <source>Cancel sign-in</source>
        <translation>Anmeldung abbrechen</translation>
    </message>
    <message>
        <source>No token yet.</source>
        <translation>Noch kein Token.</translation>
    </message>
    <message>
        <source>%1 token %2</source>
        <translation>%1-Token %2</translation>
    </message>
    <message>
        <source>Scope: %1</source>
        <translation>Scope: %1</translation>
    </message>
    <message>
        <source>(none given)</source>
        <translation>(keiner angegeben)</translation>
    </message>
    <message>
        <source>Expires in %1</source>
        <translation>Läuft ab in %1</translation>
    </message>
    <message>
        <source>Expired %1 ago</source>
        <translation>Abgelaufen vor %1</translation>
    </message>
    <message>
        <source>No expiry given: used until the server refuses it</source>
        <translation>Kein Ablauf angegeben: wird verwendet, bis der Server es ablehnt</translation>
    </message>
    <message>
        <source>Fetched %1 ago, at %2</source>
        <translation>Abgerufen vor %1, um %2</translation>
    </message>
    <message>
        <source>No token cached: the next run or “Get token now” gets one.</source>
        <translation>Kein Token zwischengespeichert: Die nächste Ausführung oder „Token jetzt abrufen“ holt eines.</translation>
    </message>
    <message>
        <source> Run the scenario to be asked whether to allow it.</source>
        <translation> Führen Sie das Szenario aus, um gefragt zu werden, ob Sie es erlauben.</translation>
    </message>
    <message>
        <source>The signing key file “%1”</source>
        <translation>Die Signaturschlüsseldatei „%1“</translation>
    </message>
    <message>
        <source>Sign-in cancelled.</source>
        <translation>Anmeldung abgebrochen.</translation>
    </message>
    <message>
        <source>Preparing the sign-in…</source>
        <translation>Anmeldung wird vorbereitet…</translation>
    </message>
    <message>
        <source>Waiting for you to sign in in your browser… If no browser opened, open this address:
%1</source>
        <translation>Warten auf Ihre Anmeldung im Browser… Falls sich kein Browser geöffnet hat, öffnen Sie diese Adresse:
%1</translation>
    </message>
    <message>
        <source>The connection was removed meanwhile.</source>
        <translation>Die Verbindung wurde inzwischen entfernt.</translation>
    </message>
    <message>
        <source>Signed in, but the service gave no refresh token: sign in again when the token expires.</source>
        <translation>Angemeldet, aber der Dienst hat kein Refresh-Token geliefert: Melden Sie sich erneut an, wenn das Token abläuft.</translation>
    </message>
    <message>
        <source>Signed in. The refresh token is kept in your keychain as “%1”; runs renew the access token with it.</source>
        <translation>Angemeldet. Das Refresh-Token wird in Ihrem Schlüsselbund als „%1“ aufbewahrt; Ausführungen erneuern damit das Zugriffstoken.</translation>
    </message>
    <message>
        <source>Signed in for this session only: no keychain answered, so the refresh token is forgotten when you quit.</source>
        <translation>Nur für diese Sitzung angemeldet: Kein Schlüsselbund hat geantwortet, daher wird das Refresh-Token beim Beenden vergessen.</translation>
    </message>
    <message>
        <source>Signed out: the refresh token was removed from your keychain. This service offers no revocation URL, so it may stay valid there until it expires.</source>
        <translation>Abgemeldet: Das Refresh-Token wurde aus Ihrem Schlüsselbund entfernt. Dieser Dienst bietet keine Widerrufs-URL, daher bleibt es dort möglicherweise gültig, bis es abläuft.</translation>
    </message>
    <message>
        <source>Signed out: the service revoked the refresh token, and it was removed from your keychain.</source>
        <translation>Abgemeldet: Der Dienst hat das Refresh-Token widerrufen, und es wurde aus Ihrem Schlüsselbund entfernt.</translation>
    </message>
    <message>
        <source>The refresh token was removed from your keychain, but the service did not confirm revoking it: %1</source>
        <translation>Das Refresh-Token wurde aus Ihrem Schlüsselbund entfernt, aber der Dienst hat den Widerruf nicht bestätigt: %1</translation>
    </message>
</context>
<context>
    <name>CurlCommandParser</name>
    <message>
        <source>%1 reads from standard input (@-), which a pasted command cannot give; that part of the body is empty.</source>
        <translation>%1 liest von der Standardeingabe (@-), die ein eingefügter Befehl nicht liefern kann; dieser Teil des Bodys ist leer.</translation>
    </message>
    <message>
        <source>The command names more than one URL; only the first, %1, was used.</source>
        <translation>Der Befehl nennt mehr als eine URL; nur die erste, %1, wurde verwendet.</translation>
    </message>
    <message>
        <source>Ignored the option %1, which Scenarist does not know.</source>
        <translation>Die Option %1 wurde ignoriert, Scenarist kennt sie nicht.</translation>
    </message>
    <message>
        <source>The option %1 needs a value after it.</source>
        <translation>Die Option %1 braucht danach einen Wert.</translation>
    </message>
    <message>
        <source>-u gives no password (curl would ask for one); the password is empty.</source>
        <translation>-u gibt kein Passwort an (curl würde danach fragen); das Passwort ist leer.</translation>
    </message>
    <message>
        <source>%1 %2 reads cookies from a file, which Scenarist cannot do here; no cookies were added.</source>
        <translation>%1 %2 liest Cookies aus einer Datei, was Scenarist hier nicht kann; es wurden keine Cookies hinzugefügt.</translation>
    </message>
    <message>
        <source>--location-trusted: Scenarist follows redirects but does not send the credentials to other hosts.</source>
        <translation>--location-trusted: Scenarist folgt Weiterleitungen, sendet die Zugangsdaten aber nicht an andere Hosts.</translation>
    </message>
    <message>
        <source>%1 %2 is not a number of seconds; the timeout stays %3 seconds.</source>
        <translation>%1 %2 ist keine Anzahl von Sekunden; das Zeitlimit bleibt bei %3 Sekunden.</translation>
    </message>
    <message>
        <source>A timeout of %1 seconds is outside 1 to 300; it was set to %2 seconds.</source>
        <translation>Ein Zeitlimit von %1 Sekunden liegt außerhalb von 1 bis 300; es wurde auf %2 Sekunden gesetzt.</translation>
    </message>
    <message>
        <source>Ignored %1: Scenarist has no such setting.</source>
        <translation>%1 ignoriert: Scenarist hat keine solche Einstellung.</translation>
    </message>
    <message>
        <source>Ignored %1 %2: Scenarist has no such setting.</source>
        <translation>%1 %2 ignoriert: Scenarist hat keine solche Einstellung.</translation>
    </message>
    <message>
        <source>-H %1 reads headers from a file, which Scenarist cannot do here.</source>
        <translation>-H %1 liest Header aus einer Datei, was Scenarist hier nicht kann.</translation>
    </message>
    <message>
        <source>Ignored the header “%1”: a header is “Name: value”.</source>
        <translation>Der Header „%1“ wurde ignoriert: Ein Header lautet „Name: Wert“.</translation>
    </message>
    <message>
        <source>-H &apos;%1:&apos; tells curl not to send its own %1 header; Scenarist has nothing to remove, so it was ignored.</source>
        <translation>-H &apos;%1:&apos; sagt curl, seinen eigenen %1-Header nicht zu senden; Scenarist hat nichts zu entfernen, daher wurde es ignoriert.</translation>
    </message>
    <message>
        <source>The URL has no scheme; like curl, http:// was assumed.</source>
        <translation>Die URL hat kein Schema; wie bei curl wurde http:// angenommen.</translation>
    </message>
    <message>
        <source>The curl command has no URL.</source>
        <translation>Der curl-Befehl hat keine URL.</translation>
    </message>
    <message>
        <source>The URL has [ ] or { } characters, which curl reads as a range or a list of URLs unless -g is given; Scenarist sends the URL as written.</source>
        <translation>Die URL enthält [ ] oder { }, die curl ohne -g als Bereich oder Liste von URLs liest; Scenarist sendet die URL wie geschrieben.</translation>
    </message>
    <message>
        <source>The method %1 is not one Scenarist can send (%2); it was set to GET.</source>
        <translation>Die Methode %1 kann Scenarist nicht senden (%2); sie wurde auf GET gesetzt.</translation>
    </message>
    <message>
        <source>The command sets Content-Type more than once; the last one (%1) was kept.</source>
        <translation>Der Befehl setzt Content-Type mehr als einmal; der letzte (%1) wurde behalten.</translation>
    </message>
    <message>
        <source>The command has both -F and -d, which curl refuses; the -d data was left out.</source>
        <translation>Der Befehl hat sowohl -F als auch -d, was curl ablehnt; die Daten von -d wurden weggelassen.</translation>
    </message>
    <message>
        <source>The body holds bytes that are not text; Scenarist&apos;s raw body is text, so those bytes were replaced.</source>
        <translation>Der Body enthält Bytes, die kein Text sind; der Roh-Body von Scenarist ist Text, daher wurden diese Bytes ersetzt.</translation>
    </message>
    <message>
        <source>The body looks like JSON, but the command sets no Content-Type, so curl would send it as application/x-www-form-urlencoded; that was kept. Choose JSON if the server expects it.</source>
        <translation>Der Body sieht nach JSON aus, aber der Befehl setzt keinen Content-Type, daher würde curl ihn als application/x-www-form-urlencoded senden; das wurde beibehalten. Wählen Sie JSON, wenn der Server es erwartet.</translation>
    </message>
    <message>
        <source>Ignored the form field “%1”: a field is name=value.</source>
        <translation>Das Formularfeld „%1“ wurde ignoriert: Ein Feld lautet name=wert.</translation>
    </message>
    <message>
        <source>Ignored “%1” in the form field %2.</source>
        <translation>„%1“ im Formularfeld %2 wurde ignoriert.</translation>
    </message>
    <message>
        <source>The text field %1 has its own content type (%2), which Scenarist does not send for text fields.</source>
        <translation>Das Textfeld %1 hat einen eigenen Content-Type (%2), den Scenarist für Textfelder nicht sendet.</translation>
    </message>
    <message>
        <source>There is no command to read: paste a curl command, like curl &apos;https://example.com&apos;.</source>
        <translation>Es gibt keinen Befehl zum Lesen: Fügen Sie einen curl-Befehl ein, etwa curl &apos;https://example.com&apos;.</translation>
    </message>
    <message>
        <source>[the file %1, not read]</source>
        <translation>[die Datei %1, nicht gelesen]</translation>
    </message>
    <message>
        <source>This is not a curl command: it should start with “curl”, like curl &apos;https://example.com&apos;.</source>
        <translation>Das ist kein curl-Befehl: Er sollte mit „curl“ beginnen, etwa curl &apos;https://example.com&apos;.</translation>
    </message>
</context>
<context>
    <name>CurlShellWords</name>
    <message>
        <source>A single quote (&apos;) is opened but never closed. Check that the whole command was copied.</source>
        <translation>Ein einfaches Anführungszeichen (&apos;) wird geöffnet, aber nie geschlossen. Prüfen Sie, ob der ganze Befehl kopiert wurde.</translation>
    </message>
    <message>
        <source>A $&apos;…&apos; quote is opened but never closed. Check that the whole command was copied.</source>
        <translation>Ein $&apos;…&apos;-Anführungszeichen wird geöffnet, aber nie geschlossen. Prüfen Sie, ob der ganze Befehl kopiert wurde.</translation>
    </message>
    <message>
        <source>A double quote (&quot;) is opened but never closed. Check that the whole command was copied.</source>
        <translation>Ein doppeltes Anführungszeichen (&quot;) wird geöffnet, aber nie geschlossen. Prüfen Sie, ob der ganze Befehl kopiert wurde.</translation>
    </message>
</context>
<context>
    <name>DateParsing</name>
    <message>
        <source>the year is missing</source>
        <translation>das Jahr fehlt</translation>
    </message>
    <message>
        <source>the month&apos;s name is missing</source>
        <translation>der Name des Monats fehlt</translation>
    </message>
    <message>
        <source>the month is missing</source>
        <translation>der Monat fehlt</translation>
    </message>
    <message>
        <source>the day of the year is missing</source>
        <translation>der Tag des Jahres fehlt</translation>
    </message>
    <message>
        <source>the day is missing</source>
        <translation>der Tag fehlt</translation>
    </message>
    <message>
        <source>the weekday&apos;s name is missing</source>
        <translation>der Name des Wochentags fehlt</translation>
    </message>
    <message>
        <source>the weekday is missing</source>
        <translation>der Wochentag fehlt</translation>
    </message>
    <message>
        <source>the hour is missing</source>
        <translation>die Stunde fehlt</translation>
    </message>
    <message>
        <source>%1 is not an hour from 1 to 12</source>
        <translation>%1 ist keine Stunde von 1 bis 12</translation>
    </message>
    <message>
        <source>the minutes are missing</source>
        <translation>die Minuten fehlen</translation>
    </message>
    <message>
        <source>the seconds are missing</source>
        <translation>die Sekunden fehlen</translation>
    </message>
    <message>
        <source>the fraction of a second is missing</source>
        <translation>der Sekundenbruchteil fehlt</translation>
    </message>
    <message>
        <source>AM or PM is missing</source>
        <translation>AM oder PM fehlt</translation>
    </message>
    <message>
        <source>the time zone offset (such as +01:00) is missing</source>
        <translation>der Zeitzonenversatz (wie +01:00) fehlt</translation>
    </message>
    <message>
        <source>the time zone offset is not like +01:00</source>
        <translation>der Zeitzonenversatz sieht nicht wie +01:00 aus</translation>
    </message>
    <message>
        <source>the timestamp is missing</source>
        <translation>der Zeitstempel fehlt</translation>
    </message>
    <message>
        <source>“%1” is left over</source>
        <translation>„%1“ bleibt übrig</translation>
    </message>
    <message>
        <source>the timestamp is beyond any date</source>
        <translation>der Zeitstempel liegt jenseits jedes Datums</translation>
    </message>
    <message>
        <source>%1 is not a day of the year</source>
        <translation>%1 ist kein Tag des Jahres</translation>
    </message>
    <message>
        <source>there is no month %1</source>
        <translation>es gibt keinen Monat %1</translation>
    </message>
    <message>
        <source>there is no day %1 in %2 %3</source>
        <translation>es gibt keinen Tag %1 im %2 %3</translation>
    </message>
    <message>
        <source>%1:%2:%3 is not a time of day</source>
        <translation>%1:%2:%3 ist keine Uhrzeit</translation>
    </message>
    <message>
        <source>that date is beyond the dates Scenarist can handle</source>
        <translation>dieses Datum liegt jenseits der Daten, die Scenarist verarbeiten kann</translation>
    </message>
</context>
<context>
    <name>DroppedBundleModel</name>
    <message>
        <source>the filter did not let it through</source>
        <translation>der Filter hat es nicht durchgelassen</translation>
    </message>
    <message>
        <source>Bundle %1: %2</source>
        <translation>Bündel %1: %2</translation>
    </message>
</context>
<context>
    <name>EditLinkCommand</name>
    <message>
        <source>Remove the filter %1</source>
        <translation>Den Filter %1 entfernen</translation>
    </message>
    <message>
        <source>Remove the filter</source>
        <translation>Den Filter entfernen</translation>
    </message>
    <message>
        <source>Set up the filter %1</source>
        <translation>Den Filter %1 einrichten</translation>
    </message>
    <message>
        <source>Set up a filter</source>
        <translation>Einen Filter einrichten</translation>
    </message>
    <message>
        <source>Edit the filter %1</source>
        <translation>Den Filter %1 bearbeiten</translation>
    </message>
    <message>
        <source>Edit the filter</source>
        <translation>Den Filter bearbeiten</translation>
    </message>
</context>
<context>
    <name>EditModuleConfigCommand</name>
    <message>
        <source>Edit settings of module %1</source>
        <translation>Einstellungen von Modul %1 bearbeiten</translation>
    </message>
    <message>
        <source>Edit %1 of module %2</source>
        <translation>%1 von Modul %2 bearbeiten</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>headers</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>query string</source>
        <translation>Query-String</translation>
    </message>
    <message>
        <source>body</source>
        <translation>Body</translation>
    </message>
    <message>
        <source>body type</source>
        <translation>Body-Typ</translation>
    </message>
    <message>
        <source>content type</source>
        <translation>Content-Type</translation>
    </message>
    <message>
        <source>request content</source>
        <translation>Inhalt der Anfrage</translation>
    </message>
    <message>
        <source>fields</source>
        <translation>Felder</translation>
    </message>
    <message>
        <source>parse response</source>
        <translation>Antwort parsen</translation>
    </message>
    <message>
        <source>user name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>timeout</source>
        <translation>Zeitlimit</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA-Zertifikat</translation>
    </message>
</context>
<context>
    <name>EditModuleSettingsCommand</name>
    <message>
        <source>Edit settings of module %1</source>
        <translation>Einstellungen von Modul %1 bearbeiten</translation>
    </message>
</context>
<context>
    <name>EditScenarioInputsCommand</name>
    <message>
        <source>Edit scenario inputs</source>
        <translation>Szenario-Eingaben bearbeiten</translation>
    </message>
</context>
<context>
    <name>EditingSession</name>
    <message>
        <source>Module %1 has an error handler already: module %2.</source>
        <translation>Modul %1 hat bereits eine Fehlerbehandlung: Modul %2.</translation>
    </message>
    <message>
        <source>The clipboard holds no Scenarist modules to paste.</source>
        <translation>Die Zwischenablage enthält keine Scenarist-Module zum Einfügen.</translation>
    </message>
    <message>
        <source>Paste a module</source>
        <translation>Ein Modul einfügen</translation>
    </message>
    <message>
        <source>Paste %1 modules</source>
        <translation>%1 Module einfügen</translation>
    </message>
</context>
<context>
    <name>FieldTemplate</name>
    <message>
        <source>Missing closing }} for the mapping that starts here. Add }} after it, or remove the {{.</source>
        <translation>Schließendes }} für die Zuordnung fehlt, die hier beginnt. Fügen Sie danach }} ein, oder entfernen Sie das {{.</translation>
    </message>
    <message>
        <source>Empty mapping {{}}: put a value between the braces, or remove them.</source>
        <translation>Leere Zuordnung {{}}: Setzen Sie einen Wert zwischen die Klammern, oder entfernen Sie sie.</translation>
    </message>
</context>
<context>
    <name>Filter</name>
    <message>
        <source>text: </source>
        <translation>Text: </translation>
    </message>
    <message>
        <source>number: </source>
        <translation>Zahl: </translation>
    </message>
    <message>
        <source>date: </source>
        <translation>Datum: </translation>
    </message>
    <message>
        <source>time: </source>
        <translation>Uhrzeit: </translation>
    </message>
    <message>
        <source>boolean: </source>
        <translation>Wahrheitswert: </translation>
    </message>
    <message>
        <source>array: </source>
        <translation>Liste: </translation>
    </message>
    <message>
        <source>exists</source>
        <translation>existiert</translation>
    </message>
    <message>
        <source>does not exist</source>
        <translation>existiert nicht</translation>
    </message>
    <message>
        <source>is equal to</source>
        <translation>ist gleich</translation>
    </message>
    <message>
        <source>is not equal to</source>
        <translation>ist ungleich</translation>
    </message>
    <message>
        <source>contains</source>
        <translation>enthält</translation>
    </message>
    <message>
        <source>does not contain</source>
        <translation>enthält nicht</translation>
    </message>
    <message>
        <source>starts with</source>
        <translation>beginnt mit</translation>
    </message>
    <message>
        <source>does not start with</source>
        <translation>beginnt nicht mit</translation>
    </message>
    <message>
        <source>ends with</source>
        <translation>endet mit</translation>
    </message>
    <message>
        <source>does not end with</source>
        <translation>endet nicht mit</translation>
    </message>
    <message>
        <source>matches the pattern</source>
        <translation>passt zum Muster</translation>
    </message>
    <message>
        <source>does not match the pattern</source>
        <translation>passt nicht zum Muster</translation>
    </message>
    <message>
        <source>is earlier than</source>
        <translation>ist früher als</translation>
    </message>
    <message>
        <source>is not earlier than</source>
        <translation>ist nicht früher als</translation>
    </message>
    <message>
        <source>is less than</source>
        <translation>ist kleiner als</translation>
    </message>
    <message>
        <source>is not less than</source>
        <translation>ist nicht kleiner als</translation>
    </message>
    <message>
        <source>is later than</source>
        <translation>ist später als</translation>
    </message>
    <message>
        <source>is not later than</source>
        <translation>ist nicht später als</translation>
    </message>
    <message>
        <source>is greater than</source>
        <translation>ist größer als</translation>
    </message>
    <message>
        <source>is not greater than</source>
        <translation>ist nicht größer als</translation>
    </message>
    <message>
        <source>is earlier than or equal to</source>
        <translation>ist früher oder gleich</translation>
    </message>
    <message>
        <source>is not earlier than or equal to</source>
        <translation>ist nicht früher oder gleich</translation>
    </message>
    <message>
        <source>is less than or equal to</source>
        <translation>ist kleiner oder gleich</translation>
    </message>
    <message>
        <source>is not less than or equal to</source>
        <translation>ist nicht kleiner oder gleich</translation>
    </message>
    <message>
        <source>is later than or equal to</source>
        <translation>ist später oder gleich</translation>
    </message>
    <message>
        <source>is not later than or equal to</source>
        <translation>ist nicht später oder gleich</translation>
    </message>
    <message>
        <source>is greater than or equal to</source>
        <translation>ist größer oder gleich</translation>
    </message>
    <message>
        <source>is not greater than or equal to</source>
        <translation>ist nicht größer oder gleich</translation>
    </message>
    <message>
        <source>equal to</source>
        <translation>gleich</translation>
    </message>
    <message>
        <source>not equal to</source>
        <translation>ungleich</translation>
    </message>
    <message>
        <source>earlier than</source>
        <translation>früher als</translation>
    </message>
    <message>
        <source>not earlier than</source>
        <translation>nicht früher als</translation>
    </message>
    <message>
        <source>less than</source>
        <translation>kleiner als</translation>
    </message>
    <message>
        <source>not less than</source>
        <translation>nicht kleiner als</translation>
    </message>
    <message>
        <source>later than</source>
        <translation>später als</translation>
    </message>
    <message>
        <source>not later than</source>
        <translation>nicht später als</translation>
    </message>
    <message>
        <source>greater than</source>
        <translation>größer als</translation>
    </message>
    <message>
        <source>not greater than</source>
        <translation>nicht größer als</translation>
    </message>
    <message>
        <source>earlier than or equal to</source>
        <translation>früher oder gleich</translation>
    </message>
    <message>
        <source>not earlier than or equal to</source>
        <translation>nicht früher oder gleich</translation>
    </message>
    <message>
        <source>less than or equal to</source>
        <translation>kleiner oder gleich</translation>
    </message>
    <message>
        <source>not less than or equal to</source>
        <translation>nicht kleiner oder gleich</translation>
    </message>
    <message>
        <source>later than or equal to</source>
        <translation>später oder gleich</translation>
    </message>
    <message>
        <source>not later than or equal to</source>
        <translation>nicht später oder gleich</translation>
    </message>
    <message>
        <source>greater than or equal to</source>
        <translation>größer oder gleich</translation>
    </message>
    <message>
        <source>not greater than or equal to</source>
        <translation>nicht größer oder gleich</translation>
    </message>
    <message>
        <source>length %1</source>
        <translation>Länge %1</translation>
    </message>
    <message>
        <source>%1 (case insensitive)</source>
        <translation>%1 (ohne Groß-/Kleinschreibung)</translation>
    </message>
    <message>
        <source>Basic</source>
        <translation>Grundlegend</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Zahl</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Time of day</source>
        <translation>Uhrzeit</translation>
    </message>
    <message>
        <source>Yes/no</source>
        <translation>Ja/Nein</translation>
    </message>
    <message>
        <source>List</source>
        <translation>Liste</translation>
    </message>
    <message>
        <source>(a secret)</source>
        <translation>(ein Geheimnis)</translation>
    </message>
    <message>
        <source>an empty value</source>
        <translation>ein leerer Wert</translation>
    </message>
    <message>
        <source>empty text</source>
        <translation>leerer Text</translation>
    </message>
    <message>
        <source> (ignoring case)</source>
        <translation> (ohne Groß-/Kleinschreibung)</translation>
    </message>
    <message>
        <source>the value </source>
        <translation>der Wert </translation>
    </message>
    <message>
        <source> exists</source>
        <translation> existiert</translation>
    </message>
    <message>
        <source>there is no value (it is missing or null)</source>
        <translation>es gibt keinen Wert (er fehlt oder ist null)</translation>
    </message>
    <message>
        <source>the value is empty text</source>
        <translation>der Wert ist leerer Text</translation>
    </message>
    <message>
        <source>the pattern is longer than 1,000 characters</source>
        <translation>das Muster ist länger als 1.000 Zeichen</translation>
    </message>
    <message>
        <source>the text to search is longer than 1 MB</source>
        <translation>der zu durchsuchende Text ist länger als 1 MB</translation>
    </message>
    <message>
        <source>%1 is not a valid pattern (%2 at character %3)</source>
        <translation>%1 ist kein gültiges Muster (%2 bei Zeichen %3)</translation>
    </message>
    <message>
        <source> is not a number</source>
        <translation> ist keine Zahl</translation>
    </message>
    <message>
        <source> is not a date</source>
        <translation> ist kein Datum</translation>
    </message>
    <message>
        <source> is not a time of day</source>
        <translation> ist keine Uhrzeit</translation>
    </message>
    <message>
        <source> is not true or false</source>
        <translation> ist weder wahr noch falsch</translation>
    </message>
    <message>
        <source>the empty list</source>
        <translation>die leere Liste</translation>
    </message>
    <message>
        <source>the list </source>
        <translation>die Liste </translation>
    </message>
    <message>
        <source> is not a list</source>
        <translation> ist keine Liste</translation>
    </message>
    <message>
        <source> has %1 %2, and %1</source>
        <translation> hat %1 %2, und %1</translation>
    </message>
    <message>
        <source>item</source>
        <translation>Element</translation>
    </message>
    <message>
        <source>items</source>
        <translation>Elemente</translation>
    </message>
    <message>
        <source>the first value could not be read: </source>
        <translation>der erste Wert konnte nicht gelesen werden: </translation>
    </message>
    <message>
        <source>the second value could not be read: </source>
        <translation>der zweite Wert konnte nicht gelesen werden: </translation>
    </message>
    <message>
        <source>condition %1 (%2 %3)</source>
        <translation>Bedingung %1 (%2 %3)</translation>
    </message>
    <message>
        <source>the filter</source>
        <translation>der Filter</translation>
    </message>
    <message>
        <source>the filter </source>
        <translation>der Filter </translation>
    </message>
    <message>
        <source>Condition %1 in group %2 of %3</source>
        <translation>Bedingung %1 in Gruppe %2 von %3</translation>
    </message>
    <message>
        <source>A filter must be an object with ‘name’ and ‘conditions’, not %1.</source>
        <translation>Ein Filter muss ein Objekt mit ‘name’ und ‘conditions’ sein, nicht %1.</translation>
    </message>
    <message>
        <source>The filter’s ‘name’ must be text, not %1.</source>
        <translation>‘name’ des Filters muss Text sein, nicht %1.</translation>
    </message>
    <message>
        <source>The ‘conditions’ of %1 must be a list of groups, not %2.</source>
        <translation>‘conditions’ von %1 muss eine Liste von Gruppen sein, nicht %2.</translation>
    </message>
    <message>
        <source>Group %1 of %2 must be a list of conditions, not %3.</source>
        <translation>Gruppe %1 von %2 muss eine Liste von Bedingungen sein, nicht %3.</translation>
    </message>
    <message>
        <source> must be an object with ‘a’, ‘o’ and ‘b’, not %1.</source>
        <translation> muss ein Objekt mit ‘a’, ‘o’ und ‘b’ sein, nicht %1.</translation>
    </message>
    <message>
        <source> has no operator (‘o’).</source>
        <translation> hat keinen Operator (‘o’).</translation>
    </message>
    <message>
        <source> has an unknown operator %1.</source>
        <translation> hat einen unbekannten Operator %1.</translation>
    </message>
    <message>
        <source> has no first value (‘a’).</source>
        <translation> hat keinen ersten Wert (‘a’).</translation>
    </message>
    <message>
        <source>’s first value (‘a’) must be text, not %1.</source>
        <translation>: Der erste Wert (‘a’) muss Text sein, nicht %1.</translation>
    </message>
    <message>
        <source>’s second value (‘b’) must be text, not %1.</source>
        <translation>: Der zweite Wert (‘b’) muss Text sein, nicht %1.</translation>
    </message>
    <message>
        <source>
and </source>
        <translation>
und </translation>
    </message>
    <message>
        <source>
or </source>
        <translation>
oder </translation>
    </message>
    <message>
        <source>%1 is not an operator Scenarist knows</source>
        <translation>%1 ist kein Operator, den Scenarist kennt</translation>
    </message>
    <message>
        <source>, so </source>
        <translation>, daher ist </translation>
    </message>
    <message>
        <source> is false</source>
        <translation> falsch</translation>
    </message>
    <message>
        <source> was false: </source>
        <translation> war falsch: </translation>
    </message>
    <message>
        <source>in group %1, </source>
        <translation>in Gruppe %1: </translation>
    </message>
    <message>
        <source>None of the %1 groups of conditions was true: </source>
        <translation>Keine der %1 Gruppen von Bedingungen war wahr: </translation>
    </message>
</context>
<context>
    <name>FilterEditor</name>
    <message>
        <source>module %1</source>
        <translation>Modul %1</translation>
    </message>
    <message>
        <source>Filter before %1</source>
        <translation>Filter vor %1</translation>
    </message>
    <message>
        <source>Only the bundles that pass the filter go on to module %1 (%2). The others stop here, and the run says why.</source>
        <translation>Nur die Bündel, die den Filter passieren, gehen weiter zu Modul %1 (%2). Die anderen halten hier an, und die Ausführung sagt, warum.</translation>
    </message>
    <message>
        <source>For example: Only big orders</source>
        <translation>Zum Beispiel: Nur große Bestellungen</translation>
    </message>
    <message>
        <source>A name of your own, shown on the link</source>
        <translation>Ein eigener Name, auf der Verbindungslinie angezeigt</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <source>Add OR rule</source>
        <translation>ODER-Regel hinzufügen</translation>
    </message>
    <message>
        <source>Add another box of conditions: a bundle also passes when all of the new box&apos;s conditions are true</source>
        <translation>Einen weiteren Block von Bedingungen hinzufügen: Ein Bündel passiert auch, wenn alle Bedingungen des neuen Blocks wahr sind</translation>
    </message>
    <message>
        <source>&lt;b&gt;Values of earlier modules&lt;/b&gt;</source>
        <translation>&lt;b&gt;Werte früherer Module&lt;/b&gt;</translation>
    </message>
    <message>
        <source>How to compare the two values</source>
        <translation>Wie die beiden Werte verglichen werden</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Add AND rule</source>
        <translation>UND-Regel hinzufügen</translation>
    </message>
    <message>
        <source>Add a condition to this box: a bundle passes only when all of them are true</source>
        <translation>Diesem Block eine Bedingung hinzufügen: Ein Bündel passiert nur, wenn alle wahr sind</translation>
    </message>
    <message>
        <source>and</source>
        <translation>und</translation>
    </message>
    <message>
        <source>Value to check</source>
        <translation>Zu prüfender Wert</translation>
    </message>
    <message>
        <source>The value to check, usually one of an earlier module&apos;s values: click here, then click a value in the list on the right</source>
        <translation>Der zu prüfende Wert, meist ein Wert eines früheren Moduls: hier klicken, dann rechts in der Liste einen Wert anklicken</translation>
    </message>
    <message>
        <source>Value to compare with</source>
        <translation>Vergleichswert</translation>
    </message>
    <message>
        <source>What to compare the first value with: type it, or pick a value on the right</source>
        <translation>Womit der erste Wert verglichen wird: eingeben oder rechts einen Wert wählen</translation>
    </message>
    <message>
        <source>Remove this condition</source>
        <translation>Diese Bedingung entfernen</translation>
    </message>
    <message>
        <source>Let a bundle through when all of these are true</source>
        <translation>Ein Bündel durchlassen, wenn all dies wahr ist</translation>
    </message>
    <message>
        <source>or when all of these are true</source>
        <translation>oder wenn all dies wahr ist</translation>
    </message>
    <message>
        <source>Choose the value to check first: click the empty field, then pick a value on the right.</source>
        <translation>Wählen Sie zuerst den zu prüfenden Wert: Klicken Sie in das leere Feld und wählen Sie dann rechts einen Wert.</translation>
    </message>
    <message>
        <source>One condition has no value to check yet; it says so above.</source>
        <translation>Eine Bedingung hat noch keinen zu prüfenden Wert; das steht oben dabei.</translation>
    </message>
    <message>
        <source>%1 conditions have no value to check yet; they say so above.</source>
        <translation>%1 Bedingungen haben noch keinen zu prüfenden Wert; das steht oben dabei.</translation>
    </message>
</context>
<context>
    <name>FlowGraph</name>
    <message>
        <source>module %1</source>
        <translation>Modul %1</translation>
    </message>
    <message>
        <source>module %1 (“%2”)</source>
        <translation>Modul %1 („%2“)</translation>
    </message>
    <message>
        <source>a link cannot be both a fallback route and an error route.</source>
        <translation>eine Verbindungslinie kann nicht zugleich Ersatzroute und Fehlerroute sein.</translation>
    </message>
    <message>
        <source>%1 already has a link coming in, from module %2; a module takes its bundles from one module only.</source>
        <translation>%1 hat bereits eine eingehende Verbindungslinie, von Modul %2; ein Modul erhält seine Bündel nur von einem Modul.</translation>
    </message>
    <message>
        <source>%1 already has an error route, to module %2; a module may have only one.</source>
        <translation>%1 hat bereits eine Fehlerroute, zu Modul %2; ein Modul darf nur eine haben.</translation>
    </message>
    <message>
        <source>only a router&apos;s routes can be a fallback, and %1 is not a router.</source>
        <translation>nur die Routen eines Routers können eine Ersatzroute sein, und %1 ist kein Router.</translation>
    </message>
    <message>
        <source>%1 already has a fallback route, to module %2; a router may have only one.</source>
        <translation>%1 hat bereits eine Ersatzroute, zu Modul %2; ein Router darf nur eine haben.</translation>
    </message>
    <message>
        <source>%1 already has a link going out, to module %2; only a router may have several (put a router after it to send its bundles down several routes).</source>
        <translation>%1 hat bereits eine ausgehende Verbindungslinie, zu Modul %2; nur ein Router darf mehrere haben (setzen Sie einen Router dahinter, um seine Bündel über mehrere Routen zu schicken).</translation>
    </message>
    <message>
        <source>a router needs at least one route (a link going out to the module that runs next), but this one has none.</source>
        <translation>ein Router braucht mindestens eine Route (eine ausgehende Verbindungslinie zum nächsten Modul), aber dieser hat keine.</translation>
    </message>
    <message>
        <source>there is no module %1 in this scenario; the source must be the module whose bundles this one collects.</source>
        <translation>es gibt kein Modul %1 in diesem Szenario; die Quelle muss das Modul sein, dessen Bündel dieses sammelt.</translation>
    </message>
    <message>
        <source>%1 does not run before this module; the source must be a module on the way to it (linked before it), usually an iterator.</source>
        <translation>%1 läuft nicht vor diesem Modul; die Quelle muss ein Modul auf dem Weg dorthin sein (davor verbunden), meist ein Iterator.</translation>
    </message>
</context>
<context>
    <name>FlowRun</name>
    <message>
        <source>This module is of a kind Scenarist does not know (%1).</source>
        <translation>Dieses Modul ist von einer Art, die Scenarist nicht kennt (%1).</translation>
    </message>
    <message>
        <source>There is no module %1 in the scenario.</source>
        <translation>Es gibt kein Modul %1 im Szenario.</translation>
    </message>
    <message>
        <source>Requests cannot be sent in this run.</source>
        <translation>In dieser Ausführung können keine Anfragen gesendet werden.</translation>
    </message>
    <message>
        <source>This module is a placeholder for “%1”, a module Scenarist cannot run. Replace it or delete it.</source>
        <translation>Dieses Modul ist ein Platzhalter für „%1“, ein Modul, das Scenarist nicht ausführen kann. Ersetzen oder löschen Sie es.</translation>
    </message>
    <message>
        <source>Module %1 cannot collect bundles.</source>
        <translation>Modul %1 kann keine Bündel sammeln.</translation>
    </message>
</context>
<context>
    <name>GetVariablesForm</name>
    <message>
        <source>One name a line</source>
        <translation>Ein Name pro Zeile</translation>
    </message>
    <message>
        <source>Names of the variables</source>
        <translation>Namen der Variablen</translation>
    </message>
</context>
<context>
    <name>HeadlessReport</name>
    <message>
        <source>Scenario “%1”</source>
        <translation>Szenario „%1“</translation>
    </message>
    <message>
        <source>[%1] %2: succeeded, %3 operation(s)%4</source>
        <translation>[%1] %2: erfolgreich, %3 Operation(en)%4</translation>
    </message>
    <message>
        <source>; the filter before it stopped %1 bundle(s)</source>
        <translation>; der Filter davor hat %1 Bündel angehalten</translation>
    </message>
    <message>
        <source>[%1] %2: succeeded in %3 ms</source>
        <translation>[%1] %2: erfolgreich in %3 ms</translation>
    </message>
    <message>
        <source>[%1] %2: FAILED after %3 ms</source>
        <translation>[%1] %2: FEHLGESCHLAGEN nach %3 ms</translation>
    </message>
    <message>
        <source>    Error: %1</source>
        <translation>    Fehler: %1</translation>
    </message>
    <message>
        <source>[%1] %2: not run: the filter before it stopped %3 bundle(s); the first: %4</source>
        <translation>[%1] %2: nicht ausgeführt: der Filter davor hat %3 Bündel angehalten; das erste: %4</translation>
    </message>
    <message>
        <source>[%1] %2: not run: no bundle reached it</source>
        <translation>[%1] %2: nicht ausgeführt: kein Bündel hat es erreicht</translation>
    </message>
    <message>
        <source>[%1] %2: not run, because an earlier module failed</source>
        <translation>[%1] %2: nicht ausgeführt, weil ein früheres Modul fehlgeschlagen ist</translation>
    </message>
    <message>
        <source>  Input:</source>
        <translation>  Eingabe:</translation>
    </message>
    <message>
        <source>  Output:</source>
        <translation>  Ausgabe:</translation>
    </message>
    <message>
        <source>  Warning: %1</source>
        <translation>  Warnung: %1</translation>
    </message>
    <message>
        <source>Secret “%1” was sent to %2</source>
        <translation>Geheimnis „%1“ wurde an %2 gesendet</translation>
    </message>
    <message>
        <source>%1 succeeded, %2 failed, %3 not run</source>
        <translation>%1 erfolgreich, %2 fehlgeschlagen, %3 nicht ausgeführt</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>&amp;Getting started</source>
        <translation>&amp;Erste Schritte</translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation>&amp;Benutzerhandbuch</translation>
    </message>
    <message>
        <source>&amp;Mapping reference</source>
        <translation>&amp;Zuordnungsreferenz</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>Mapping reference</source>
        <translation>Zuordnungsreferenz</translation>
    </message>
    <message>
        <source>Any field can hold mappings: text between {{ and }} that is replaced by a value when the scenario runs, e.g. {{1.data.access_token}} for what module 1 received. Inside, these functions change values; their values are separated by ;</source>
        <translation>Jedes Feld kann Zuordnungen enthalten: Text zwischen {{ und }}, der beim Ausführen des Szenarios durch einen Wert ersetzt wird, z. B. {{1.data.access_token}} für das, was Modul 1 erhalten hat. Darin ändern diese Funktionen Werte; ihre Werte werden durch ; getrennt</translation>
    </message>
    <message>
        <source>The examples are worked out as if module 1 had returned:</source>
        <translation>Die Beispiele sind so berechnet, als hätte Modul 1 Folgendes zurückgegeben:</translation>
    </message>
    <message>
        <source>&lt;tr&gt;&lt;td&gt;Select the nearest module in that direction&lt;/td&gt;&lt;td&gt;&lt;b&gt;Arrow keys&lt;/b&gt;&lt;/td&gt;&lt;/tr&gt;</source>
        <translation>&lt;tr&gt;&lt;td&gt;Das nächste Modul in dieser Richtung auswählen&lt;/td&gt;&lt;td&gt;&lt;b&gt;Pfeiltasten&lt;/b&gt;&lt;/td&gt;&lt;/tr&gt;</translation>
    </message>
    <message>
        <source>&lt;tr&gt;&lt;td&gt;Open the selected module&apos;s settings&lt;/td&gt;&lt;td&gt;&lt;b&gt;Enter&lt;/b&gt;&lt;/td&gt;&lt;/tr&gt;</source>
        <translation>&lt;tr&gt;&lt;td&gt;Die Einstellungen des ausgewählten Moduls öffnen&lt;/td&gt;&lt;td&gt;&lt;b&gt;Eingabe&lt;/b&gt;&lt;/td&gt;&lt;/tr&gt;</translation>
    </message>
    <message>
        <source>&lt;tr&gt;&lt;td&gt;Move around the canvas&lt;/td&gt;&lt;td&gt;&lt;b&gt;Space + drag&lt;/b&gt;&lt;/td&gt;&lt;/tr&gt;</source>
        <translation>&lt;tr&gt;&lt;td&gt;Auf der Arbeitsfläche verschieben&lt;/td&gt;&lt;td&gt;&lt;b&gt;Leertaste + Ziehen&lt;/b&gt;&lt;/td&gt;&lt;/tr&gt;</translation>
    </message>
    <message>
        <source>&lt;tr&gt;&lt;td&gt;Go to the next field or table cell&lt;/td&gt;&lt;td&gt;&lt;b&gt;Tab&lt;/b&gt;&lt;/td&gt;&lt;/tr&gt;</source>
        <translation>&lt;tr&gt;&lt;td&gt;Zum nächsten Feld oder zur nächsten Tabellenzelle&lt;/td&gt;&lt;td&gt;&lt;b&gt;Tab&lt;/b&gt;&lt;/td&gt;&lt;/tr&gt;</translation>
    </message>
    <message>
        <source>&lt;tr&gt;&lt;td&gt;Remove the header, parameter or form field you are in&lt;/td&gt;&lt;td&gt;&lt;b&gt;Ctrl+Shift+Delete&lt;/b&gt;&lt;/td&gt;&lt;/tr&gt;</source>
        <translation>&lt;tr&gt;&lt;td&gt;Den Header, Parameter oder das Formularfeld entfernen, in dem Sie sind&lt;/td&gt;&lt;td&gt;&lt;b&gt;Strg+Umschalt+Entf&lt;/b&gt;&lt;/td&gt;&lt;/tr&gt;</translation>
    </message>
    <message>
        <source>&lt;tr&gt;&lt;td&gt;Move it up or down&lt;/td&gt;&lt;td&gt;&lt;b&gt;Alt+Shift+Up, Alt+Shift+Down&lt;/b&gt;&lt;/td&gt;&lt;/tr&gt;</source>
        <translation>&lt;tr&gt;&lt;td&gt;Nach oben oder unten verschieben&lt;/td&gt;&lt;td&gt;&lt;b&gt;Alt+Umschalt+Hoch, Alt+Umschalt+Runter&lt;/b&gt;&lt;/td&gt;&lt;/tr&gt;</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Everywhere else</source>
        <translation>Überall sonst</translation>
    </message>
    <message>
        <source>(different each time)</source>
        <translation>(jedes Mal anders)</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>Scenarist Help</source>
        <translation>Scenarist-Hilfe</translation>
    </message>
    <message>
        <source>Help page</source>
        <translation>Hilfeseite</translation>
    </message>
    <message>
        <source>Mapping reference</source>
        <translation>Zuordnungsreferenz</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
</context>
<context>
    <name>HistoryListModel</name>
    <message>
        <source>Success</source>
        <translation>Erfolg</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>App</source>
        <translation>App</translation>
    </message>
    <message>
        <source>Headless</source>
        <translation>Ohne Fenster</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Zeitplan</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>%1 = %2</source>
        <translation>%1 = %2</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Operations</source>
        <translation>Operationen</translation>
    </message>
    <message>
        <source>Started by</source>
        <translation>Gestartet von</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>Eingaben</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>Show:</source>
        <translation>Anzeigen:</translation>
    </message>
    <message>
        <source>Show runs that ended as</source>
        <translation>Ausführungen mit diesem Ergebnis anzeigen</translation>
    </message>
    <message>
        <source>All runs</source>
        <translation>Alle Ausführungen</translation>
    </message>
    <message>
        <source>Success</source>
        <translation>Erfolg</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Read the history again, with runs that scenarist-run or a schedule recorded since</source>
        <translation>Den Verlauf neu lesen, mit den Ausführungen, die scenarist-run oder ein Zeitplan seitdem aufgezeichnet hat</translation>
    </message>
    <message>
        <source>Runs of this scenario</source>
        <translation>Ausführungen dieses Szenarios</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Show this run on the canvas and in the inspector, read-only</source>
        <translation>Diese Ausführung auf der Arbeitsfläche und im Inspektor anzeigen, schreibgeschützt</translation>
    </message>
    <message>
        <source>Run again with the same inputs</source>
        <translation>Mit denselben Eingaben erneut ausführen</translation>
    </message>
    <message>
        <source>This scenario is not saved yet. Save it, and every run of it from then on is kept here.</source>
        <translation>Dieses Szenario ist noch nicht gespeichert. Speichern Sie es, dann wird jede Ausführung ab dann hier aufbewahrt.</translation>
    </message>
    <message>
        <source>The run history cannot be read: %1
Check that the file or server is there, then click Refresh.</source>
        <translation>Der Ausführungsverlauf kann nicht gelesen werden: %1
Prüfen Sie, ob die Datei oder der Server vorhanden ist, und klicken Sie dann auf Aktualisieren.</translation>
    </message>
    <message>
        <source>No runs of this scenario yet. Click Run once, and the run shows here.</source>
        <translation>Noch keine Ausführungen dieses Szenarios. Klicken Sie auf Einmal ausführen, dann erscheint die Ausführung hier.</translation>
    </message>
    <message>
        <source>No run of this scenario ended that way. Choose &quot;All runs&quot; to see every run.</source>
        <translation>Keine Ausführung dieses Szenarios endete so. Wählen Sie „Alle Ausführungen“, um jede Ausführung zu sehen.</translation>
    </message>
    <message>
        <source>The team&apos;s history at %1: runs of files named “%2” from every machine. Only read: this computer&apos;s runs are kept in its own history.</source>
        <translation>Der Verlauf des Teams unter %1: Ausführungen von Dateien namens „%2“ von allen Rechnern. Nur lesend: Die Ausführungen dieses Computers werden in seinem eigenen Verlauf aufbewahrt.</translation>
    </message>
</context>
<context>
    <name>HistorySchema</name>
    <message>
        <source>this run history was written by a newer version of Scenarist (its format is %1, this version knows up to %2). Update Scenarist, or choose another history.</source>
        <translation>dieser Ausführungsverlauf wurde von einer neueren Version von Scenarist geschrieben (sein Format ist %1, diese Version kennt bis %2). Aktualisieren Sie Scenarist, oder wählen Sie einen anderen Verlauf.</translation>
    </message>
</context>
<context>
    <name>HttpExecutor</name>
    <message>
        <source> and </source>
        <translation> und </translation>
    </message>
    <message>
        <source>self-signed certificate</source>
        <translation>selbstsigniertes Zertifikat</translation>
    </message>
    <message>
        <source>issued by an authority this computer does not know</source>
        <translation>ausgestellt von einer Stelle, die dieser Computer nicht kennt</translation>
    </message>
    <message>
        <source>the certificate has expired</source>
        <translation>das Zertifikat ist abgelaufen</translation>
    </message>
    <message>
        <source>the certificate is not valid yet</source>
        <translation>das Zertifikat ist noch nicht gültig</translation>
    </message>
    <message>
        <source>the certificate is for another server name</source>
        <translation>das Zertifikat gilt für einen anderen Servernamen</translation>
    </message>
    <message>
        <source>the certificate was revoked</source>
        <translation>das Zertifikat wurde widerrufen</translation>
    </message>
    <message>
        <source>second</source>
        <translation>Sekunde</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <source>%1 minutes</source>
        <translation>%1 Minuten</translation>
    </message>
    <message>
        <source>%1 hours</source>
        <translation>%1 Stunden</translation>
    </message>
    <message>
        <source>Internal error: no network access is available.</source>
        <translation>Interner Fehler: Kein Netzwerkzugriff verfügbar.</translation>
    </message>
    <message>
        <source>The method &quot;%1&quot; is not an HTTP method: it may only contain letters, such as GET or POST.</source>
        <translation>Die Methode „%1“ ist keine HTTP-Methode: Sie darf nur Buchstaben enthalten, etwa GET oder POST.</translation>
    </message>
    <message>
        <source>The URL contains a line break, which a web address may not hold. Remove it (check what was mapped into it).</source>
        <translation>Die URL enthält einen Zeilenumbruch, den eine Webadresse nicht enthalten darf. Entfernen Sie ihn (prüfen Sie, was hineingeordnet wurde).</translation>
    </message>
    <message>
        <source>The URL &quot;%1&quot; is not a web address. It should start with https:// (or http://) followed by a server name.</source>
        <translation>Die URL „%1“ ist keine Webadresse. Sie sollte mit https:// (oder http://) beginnen, gefolgt von einem Servernamen.</translation>
    </message>
    <message>
        <source>The header name &quot;%1&quot; is not allowed in HTTP: it may only contain letters, digits and - _ . ! # $ % &amp; &apos; * + ^ ` | ~</source>
        <translation>Der Header-Name „%1“ ist in HTTP nicht erlaubt: Er darf nur Buchstaben, Ziffern und - _ . ! # $ % &amp; &apos; * + ^ ` | ~ enthalten</translation>
    </message>
    <message>
        <source>The header &quot;%1&quot; has no value, so it was not sent.</source>
        <translation>Der Header „%1“ hat keinen Wert und wurde daher nicht gesendet.</translation>
    </message>
    <message>
        <source>The value of the header &quot;%1&quot; contains a line break, which HTTP does not allow. Remove it (check what was mapped into it).</source>
        <translation>Der Wert des Headers „%1“ enthält einen Zeilenumbruch, den HTTP nicht erlaubt. Entfernen Sie ihn (prüfen Sie, was hineingeordnet wurde).</translation>
    </message>
    <message>
        <source>The content type of the body contains a line break, which HTTP does not allow. Remove it (check what was mapped into it).</source>
        <translation>Der Content-Type des Bodys enthält einen Zeilenumbruch, den HTTP nicht erlaubt. Entfernen Sie ihn (prüfen Sie, was hineingeordnet wurde).</translation>
    </message>
    <message>
        <source>The Content-Type header was replaced by &quot;%1&quot; because a multipart body needs its boundary.</source>
        <translation>Der Content-Type-Header wurde durch „%1“ ersetzt, weil ein Multipart-Body seine Boundary braucht.</translation>
    </message>
    <message>
        <source>given in advanced settings</source>
        <translation>angegeben in den erweiterten Einstellungen</translation>
    </message>
    <message>
        <source>The CA certificate file &quot;%1&quot; could not be read. %2 Give the certificate as PEM text, or the path of a PEM file.</source>
        <translation>Die CA-Zertifikatsdatei „%1“ konnte nicht gelesen werden. %2 Geben Sie das Zertifikat als PEM-Text an oder den Pfad einer PEM-Datei.</translation>
    </message>
    <message>
        <source>in &quot;%1&quot;</source>
        <translation>in „%1“</translation>
    </message>
    <message>
        <source>The CA certificate %1 is not a certificate Scenarist can read. It should be PEM text starting with &quot;-----BEGIN CERTIFICATE-----&quot;.</source>
        <translation>Das CA-Zertifikat %1 ist kein Zertifikat, das Scenarist lesen kann. Es sollte PEM-Text sein, der mit „-----BEGIN CERTIFICATE-----“ beginnt.</translation>
    </message>
    <message>
        <source>The request was stopped because the network access closed.</source>
        <translation>Die Anfrage wurde angehalten, weil der Netzwerkzugriff geschlossen wurde.</translation>
    </message>
    <message>
        <source>The server&apos;s answer has no headers Scenarist could read (they may be malformed or too large), so mappings to its headers are empty.</source>
        <translation>Die Antwort des Servers hat keine Header, die Scenarist lesen konnte (sie sind vielleicht fehlerhaft oder zu groß), daher sind Zuordnungen zu ihren Headern leer.</translation>
    </message>
    <message>
        <source>The server started answering but did not finish answering within %1 %2 (%3 received). Raise the timeout in the module&apos;s advanced settings if the answer is large or the server slow.</source>
        <translation>Der Server hat mit der Antwort begonnen, sie aber nicht innerhalb von %1 %2 beendet (%3 erhalten). Erhöhen Sie das Zeitlimit in den erweiterten Einstellungen des Moduls, wenn die Antwort groß oder der Server langsam ist.</translation>
    </message>
    <message>
        <source>The server did not answer within %1 %2. Check the URL, or raise the timeout in the module&apos;s advanced settings.</source>
        <translation>Der Server hat nicht innerhalb von %1 %2 geantwortet. Prüfen Sie die URL, oder erhöhen Sie das Zeitlimit in den erweiterten Einstellungen des Moduls.</translation>
    </message>
    <message>
        <source>The response is larger than %1, the most a module accepts.</source>
        <translation>Die Antwort ist größer als %1, das Höchste, was ein Modul annimmt.</translation>
    </message>
    <message>
        <source>The server closed the connection before the whole response arrived (%1 of %2). Try again, or check the server.</source>
        <translation>Der Server hat die Verbindung geschlossen, bevor die ganze Antwort ankam (%1 von %2). Versuchen Sie es erneut, oder prüfen Sie den Server.</translation>
    </message>
    <message>
        <source>The server redirected this %1 request to %2. Turn on &apos;Follow all redirects&apos; to follow it.</source>
        <translation>Der Server hat diese %1-Anfrage nach %2 weitergeleitet. Schalten Sie „Allen Weiterleitungen folgen“ ein, um ihr zu folgen.</translation>
    </message>
    <message>
        <source>The server redirected to &quot;%1&quot;, which is not a web address.</source>
        <translation>Der Server hat nach „%1“ weitergeleitet, was keine Webadresse ist.</translation>
    </message>
    <message>
        <source>The server redirected from %1 to an unencrypted http:// address (%2); Scenarist does not follow that because it would send your data in clear. Use an https:// address the server answers directly, or ask the server&apos;s owner to redirect to https://.</source>
        <translation>Der Server hat von %1 auf eine unverschlüsselte http://-Adresse (%2) weitergeleitet; Scenarist folgt dem nicht, weil es Ihre Daten im Klartext senden würde. Verwenden Sie eine https://-Adresse, auf die der Server direkt antwortet, oder bitten Sie den Betreiber des Servers, nach https:// weiterzuleiten.</translation>
    </message>
    <message>
        <source>The server redirected too many times (more than %1); it may be sending the request in a circle. The last address was %2. Check the URL, or turn off &apos;Follow redirects&apos; to see the first answer.</source>
        <translation>Der Server hat zu oft weitergeleitet (mehr als %1); er schickt die Anfrage vielleicht im Kreis. Die letzte Adresse war %2. Prüfen Sie die URL, oder schalten Sie „Weiterleitungen folgen“ aus, um die erste Antwort zu sehen.</translation>
    </message>
    <message>
        <source>The server redirected this request to %1, a different server than the one the module asked (%2), and the request&apos;s body holds a secret. Scenarist does not send it there. Use the address the server redirects to, if you trust it.</source>
        <translation>Der Server hat diese Anfrage an %1 weitergeleitet, einen anderen Server als den, den das Modul gefragt hat (%2), und der Body der Anfrage enthält ein Geheimnis. Scenarist sendet ihn nicht dorthin. Verwenden Sie die Adresse, auf die der Server weiterleitet, wenn Sie ihr vertrauen.</translation>
    </message>
    <message>
        <source>%1 %2 not sent to %3, a different server than the one the module asked (%4).</source>
        <translation>%1 %2 nicht an %3 gesendet, einen anderen Server als den, den das Modul gefragt hat (%4).</translation>
    </message>
    <message>
        <source>was</source>
        <translation>wurde</translation>
    </message>
    <message>
        <source>were</source>
        <translation>wurden</translation>
    </message>
    <message>
        <source>The server failed to handle the request: %1.</source>
        <translation>Der Server konnte die Anfrage nicht verarbeiten: %1.</translation>
    </message>
    <message>
        <source>The server refused the request: %1.</source>
        <translation>Der Server hat die Anfrage abgelehnt: %1.</translation>
    </message>
    <message>
        <source> It said: %1</source>
        <translation> Er sagte: %1</translation>
    </message>
    <message>
        <source> The server asks to wait %1 before trying again.</source>
        <translation> Der Server bittet, %1 zu warten, bevor Sie es erneut versuchen.</translation>
    </message>
    <message>
        <source> Too many requests were sent; wait a little before running again.</source>
        <translation> Es wurden zu viele Anfragen gesendet; warten Sie ein wenig, bevor Sie erneut ausführen.</translation>
    </message>
    <message>
        <source> Check the credentials or token the module sends.</source>
        <translation> Prüfen Sie die Zugangsdaten oder das Token, das das Modul sendet.</translation>
    </message>
    <message>
        <source> Check the URL.</source>
        <translation> Prüfen Sie die URL.</translation>
    </message>
    <message>
        <source> If the server asks for a client certificate, sign in with a connection that has one.</source>
        <translation> Wenn der Server ein Client-Zertifikat verlangt, melden Sie sich mit einer Verbindung an, die eines hat.</translation>
    </message>
    <message>
        <source> The server may not accept the connection&apos;s client certificate.</source>
        <translation> Der Server akzeptiert das Client-Zertifikat der Verbindung vielleicht nicht.</translation>
    </message>
    <message>
        <source>Could not connect to %1: the server refused the connection. Check the URL and port, and that the server is running.</source>
        <translation>Keine Verbindung zu %1 möglich: Der Server hat die Verbindung abgelehnt. Prüfen Sie URL und Port und ob der Server läuft.</translation>
    </message>
    <message>
        <source>The server &quot;%1&quot; could not be found. Check the URL for typos and that this computer is connected to the network.</source>
        <translation>Der Server „%1“ wurde nicht gefunden. Prüfen Sie die URL auf Tippfehler und ob dieser Computer mit dem Netzwerk verbunden ist.</translation>
    </message>
    <message>
        <source>The server closed the connection before the whole response arrived. Try again, or check the server.</source>
        <translation>Der Server hat die Verbindung geschlossen, bevor die ganze Antwort ankam. Versuchen Sie es erneut, oder prüfen Sie den Server.</translation>
    </message>
    <message>
        <source>The server at %1 closed the connection without answering. Check the URL (http or https?) and that the server is working.</source>
        <translation>Der Server unter %1 hat die Verbindung ohne Antwort geschlossen. Prüfen Sie die URL (http oder https?) und ob der Server funktioniert.</translation>
    </message>
    <message>
        <source>The connection to %1 timed out. Check the URL, or raise the timeout in the module&apos;s advanced settings.</source>
        <translation>Die Verbindung zu %1 hat das Zeitlimit überschritten. Prüfen Sie die URL, oder erhöhen Sie das Zeitlimit in den erweiterten Einstellungen des Moduls.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not trusted (%1). If you trust this server, give its CA certificate in advanced settings, or turn off &apos;Reject unverified certificates&apos;.</source>
        <translation>Dem Zertifikat des Servers wird nicht vertraut (%1). Wenn Sie diesem Server vertrauen, geben Sie sein CA-Zertifikat in den erweiterten Einstellungen an, oder schalten Sie „Nicht überprüfte Zertifikate ablehnen“ aus.</translation>
    </message>
    <message>
        <source>A secure (https) connection to %1 could not be set up (%2). Check the URL: does the server speak https on this port?</source>
        <translation>Eine sichere (https-)Verbindung zu %1 konnte nicht aufgebaut werden (%2). Prüfen Sie die URL: Spricht der Server auf diesem Port https?</translation>
    </message>
    <message>
        <source>The network is not available (%1). Check this computer&apos;s connection.</source>
        <translation>Das Netzwerk ist nicht verfügbar (%1). Prüfen Sie die Verbindung dieses Computers.</translation>
    </message>
    <message>
        <source>The proxy server could not be used (%1). Check the proxy settings.</source>
        <translation>Der Proxyserver konnte nicht verwendet werden (%1). Prüfen Sie die Proxy-Einstellungen.</translation>
    </message>
    <message>
        <source>The answer from %1 is not valid HTTP (%2). Check the URL and port.</source>
        <translation>Die Antwort von %1 ist kein gültiges HTTP (%2). Prüfen Sie URL und Port.</translation>
    </message>
    <message>
        <source>The request to %1 failed: %2.</source>
        <translation>Die Anfrage an %1 ist fehlgeschlagen: %2.</translation>
    </message>
</context>
<context>
    <name>IgnoreForm</name>
    <message>
        <source>Nothing to set. Put it at the end of an error route: the failed bundle is dropped and the run goes on with the others.</source>
        <translation>Nichts einzustellen. Setzen Sie es an das Ende einer Fehlerroute: Das fehlgeschlagene Bündel wird verworfen, und die Ausführung geht mit den anderen weiter.</translation>
    </message>
</context>
<context>
    <name>IncompletePanel</name>
    <message>
        <source>Incomplete executions</source>
        <translation>Unvollständige Ausführungen</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Module</source>
        <translation>Modul</translation>
    </message>
    <message>
        <source>Bundle</source>
        <translation>Bündel</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <source>Run the chosen bundle again from the module that failed, with what it had then</source>
        <translation>Das gewählte Bündel ab dem fehlgeschlagenen Modul erneut ausführen, mit dem, was es damals hatte</translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation>Erledigen</translation>
    </message>
    <message>
        <source>Show resolved</source>
        <translation>Erledigte anzeigen</translation>
    </message>
    <message>
        <source>Also list the bundles already retried or resolved</source>
        <translation>Auch die Bündel auflisten, die bereits erneut versucht oder erledigt wurden</translation>
    </message>
    <message>
        <source>&amp;Incomplete executions</source>
        <translation>&amp;Unvollständige Ausführungen</translation>
    </message>
    <message>
        <source>The bundles runs could not finish, to retry or resolve</source>
        <translation>Die Bündel, die Ausführungen nicht abschließen konnten, zum erneuten Versuchen oder Erledigen</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Ausführen</translation>
    </message>
    <message>
        <source>View</source>
        <translation>Ansicht</translation>
    </message>
    <message>
        <source>Save the scenario to keep the bundles its runs could not finish: until then, only the latest run&apos;s are listed.</source>
        <translation>Speichern Sie das Szenario, um die Bündel aufzubewahren, die seine Ausführungen nicht abschließen konnten: bis dahin werden nur die der letzten Ausführung aufgelistet.</translation>
    </message>
    <message>
        <source>The run history could not be read: %1</source>
        <translation>Der Ausführungsverlauf konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>No incomplete executions: every bundle of this scenario&apos;s runs finished, or was retried or resolved.</source>
        <translation>Keine unvollständigen Ausführungen: Jedes Bündel der Ausführungen dieses Szenarios wurde abgeschlossen, erneut versucht oder erledigt.</translation>
    </message>
    <message>
        <source>Bundles a Break module gave up on. Fix what the error says, then retry one: it runs again from the module that failed, with what it had then.</source>
        <translation>Bündel, die ein Modul „Unterbrechen“ aufgegeben hat. Beheben Sie, was der Fehler sagt, und versuchen Sie dann eines erneut: Es läuft ab dem fehlgeschlagenen Modul erneut, mit dem, was es damals hatte.</translation>
    </message>
    <message>
        <source>Not kept</source>
        <translation>Nicht aufbewahrt</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Retried</source>
        <translation>Erneut versucht</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <source>#%1 (deleted)</source>
        <translation>#%1 (gelöscht)</translation>
    </message>
    <message>
        <source>#%1 %2</source>
        <translation>#%1 %2</translation>
    </message>
    <message>
        <source>Bundle %1 at module %2: %3</source>
        <translation>Bündel %1 bei Modul %2: %3</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>Wieder öffnen</translation>
    </message>
    <message>
        <source>Mark the chosen bundle as dealt with: it is no longer listed</source>
        <translation>Das gewählte Bündel als erledigt markieren: Es wird nicht mehr aufgelistet</translation>
    </message>
    <message>
        <source>List the chosen bundle as incomplete again, to retry it</source>
        <translation>Das gewählte Bündel wieder als unvollständig auflisten, um es erneut zu versuchen</translation>
    </message>
    <message>
        <source>Cannot retry this bundle</source>
        <translation>Dieses Bündel kann nicht erneut versucht werden</translation>
    </message>
    <message>
        <source>Could not change it</source>
        <translation>Konnte nicht geändert werden</translation>
    </message>
    <message>
        <source>The run history could not be changed: %1</source>
        <translation>Der Ausführungsverlauf konnte nicht geändert werden: %1</translation>
    </message>
    <message>
        <source>The run history could not keep this run: %1</source>
        <translation>Der Ausführungsverlauf konnte diese Ausführung nicht aufbewahren: %1</translation>
    </message>
    <message>
        <source>The chosen bundle&apos;s whole error</source>
        <translation>Der ganze Fehler des gewählten Bündels</translation>
    </message>
</context>
<context>
    <name>IncompleteRetry</name>
    <message>
        <source>Module %1 is no longer in the scenario: run the whole scenario again instead.</source>
        <translation>Modul %1 ist nicht mehr im Szenario: Führen Sie stattdessen das ganze Szenario erneut aus.</translation>
    </message>
    <message>
        <source>The history kept this bundle&apos;s data cut or damaged, so it cannot be retried. Run the scenario again instead.</source>
        <translation>Der Verlauf hat die Daten dieses Bündels gekürzt oder beschädigt aufbewahrt, daher kann es nicht erneut versucht werden. Führen Sie stattdessen das Szenario erneut aus.</translation>
    </message>
    <message>
        <source>This bundle used a value the history does not keep (a token or a secret, from module %1). Run the scenario again instead.</source>
        <translation>Dieses Bündel verwendete einen Wert, den der Verlauf nicht aufbewahrt (ein Token oder ein Geheimnis, aus Modul %1). Führen Sie stattdessen das Szenario erneut aus.</translation>
    </message>
    <message>
        <source>The retry did not finish.</source>
        <translation>Der erneute Versuch wurde nicht abgeschlossen.</translation>
    </message>
</context>
<context>
    <name>InputValueEditor</name>
    <message>
        <source>a number, such as 10 or 2.5</source>
        <translation>eine Zahl, etwa 10 oder 2.5</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>(no date)</source>
        <translation>(kein Datum)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>One item per line</source>
        <translation>Ein Eintrag pro Zeile</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
</context>
<context>
    <name>InspectorPanel</name>
    <message>
        <source>Run the scenario, then click a module to see what it sent and received.</source>
        <translation>Führen Sie das Szenario aus und klicken Sie dann auf ein Modul, um zu sehen, was es gesendet und empfangen hat.</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>The request exactly as it was sent</source>
        <translation>Die Anfrage genau so, wie sie gesendet wurde</translation>
    </message>
    <message>
        <source>What the server answered</source>
        <translation>Was der Server geantwortet hat</translation>
    </message>
    <message>
        <source>Show secrets</source>
        <translation>Geheimnisse zeigen</translation>
    </message>
    <message>
        <source>Secret values (passwords, tokens, client secrets) are hidden as ******** until you tick this.</source>
        <translation>Geheime Werte (Passwörter, Token, Client-Secrets) werden als ******** verborgen, bis Sie dies ankreuzen.</translation>
    </message>
    <message>
        <source>Copy as cURL</source>
        <translation>Als cURL kopieren</translation>
    </message>
    <message>
        <source>Copies this request exactly as it was sent, as a curl command for a terminal. Secrets stay hidden unless “Show secrets” is ticked.</source>
        <translation>Kopiert diese Anfrage genau so, wie sie gesendet wurde, als curl-Befehl für ein Terminal. Geheimnisse bleiben verborgen, außer „Geheimnisse zeigen“ ist angekreuzt.</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>Body</translation>
    </message>
    <message>
        <source>Milliseconds since the request started. &quot;-&quot; means not measured (for example no secure connection for http addresses).</source>
        <translation>Millisekunden seit dem Start der Anfrage. „-“ heißt nicht gemessen (zum Beispiel keine sichere Verbindung bei http-Adressen).</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>The Raw tab shows the text.</source>
        <translation>Der Tab „Roh“ zeigt den Text.</translation>
    </message>
    <message>
        <source>Cookies</source>
        <translation>Cookies</translation>
    </message>
    <message>
        <source>Save body as…</source>
        <translation>Body speichern unter…</translation>
    </message>
    <message>
        <source>Save the whole response body, exactly as received, to a file</source>
        <translation>Den ganzen Body der Antwort genau wie empfangen in eine Datei speichern</translation>
    </message>
    <message>
        <source>Raw</source>
        <translation>Roh</translation>
    </message>
    <message>
        <source>Copy value</source>
        <translation>Wert kopieren</translation>
    </message>
    <message>
        <source>Copy the selected value (Ctrl+C)</source>
        <translation>Den ausgewählten Wert kopieren (Strg+C)</translation>
    </message>
    <message>
        <source>Copy mapping</source>
        <translation>Zuordnung kopieren</translation>
    </message>
    <message>
        <source>Copy a mapping such as {{1.data.access_token}} to paste into a later module&apos;s field (Ctrl+Shift+C)</source>
        <translation>Eine Zuordnung wie {{1.data.access_token}} kopieren, um sie in das Feld eines späteren Moduls einzufügen (Strg+Umschalt+C)</translation>
    </message>
    <message>
        <source>Copy output as JSON</source>
        <translation>Als JSON kopieren</translation>
    </message>
    <message>
        <source>Copy the whole output (status code, headers, cookies, data)</source>
        <translation>Die ganze Ausgabe kopieren (Statuscode, Header, Cookies, Daten)</translation>
    </message>
    <message>
        <source>Copied %1</source>
        <translation>%1 kopiert</translation>
    </message>
    <message>
        <source>Operations of this module</source>
        <translation>Operationen dieses Moduls</translation>
    </message>
    <message>
        <source>Each time this module ran. Pick one, or use the arrow keys, to see its input and output below.</source>
        <translation>Jedes Mal, wenn dieses Modul lief. Wählen Sie eine, oder verwenden Sie die Pfeiltasten, um unten ihre Ein- und Ausgabe zu sehen.</translation>
    </message>
    <message>
        <source>Bundles that reached the link into this module but that its filter did not let through, and why.</source>
        <translation>Bündel, die die Verbindungslinie zu diesem Modul erreicht haben, aber von seinem Filter nicht durchgelassen wurden, und warum.</translation>
    </message>
    <message>
        <source>Bundles stopped by the filter</source>
        <translation>Vom Filter angehaltene Bündel</translation>
    </message>
    <message>
        <source>Operations (%1)</source>
        <translation>Operationen (%1)</translation>
    </message>
    <message>
        <source>Dropped here (%1)</source>
        <translation>Hier verworfen (%1)</translation>
    </message>
    <message>
        <source>Operation %1 of %2</source>
        <translation>Operation %1 von %2</translation>
    </message>
    <message>
        <source>bundle %1</source>
        <translation>Bündel %1</translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation>erfolgreich</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source> (HTTP status %1)</source>
        <translation> (HTTP-Status %1)</translation>
    </message>
    <message>
        <source>• Try %1 at %2 s: %3</source>
        <translation>• Versuch %1 bei %2 s: %3</translation>
    </message>
    <message>
        <source>Try %1: %2</source>
        <translation>Versuch %1: %2</translation>
    </message>
    <message>
        <source>Tried %1 times:</source>
        <translation>%1 Versuche:</translation>
    </message>
    <message>
        <source>This operation kept no input.</source>
        <translation>Diese Operation hat keine Eingabe aufbewahrt.</translation>
    </message>
    <message>
        <source>What this operation worked on:</source>
        <translation>Woran diese Operation gearbeitet hat:</translation>
    </message>
    <message>
        <source>HTTP status &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>HTTP-Status &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>1 bundle out</source>
        <translation>1 Bündel ausgegeben</translation>
    </message>
    <message>
        <source>%1 bundles out</source>
        <translation>%1 Bündel ausgegeben</translation>
    </message>
    <message>
        <source>Took %1</source>
        <translation>Dauer: %1</translation>
    </message>
    <message>
        <source>This operation failed, so it has no output.</source>
        <translation>Diese Operation ist fehlgeschlagen und hat daher keine Ausgabe.</translation>
    </message>
    <message>
        <source>This operation put out no bundle.</source>
        <translation>Diese Operation hat kein Bündel ausgegeben.</translation>
    </message>
    <message>
        <source>%1  ·  module %2</source>
        <translation>%1  ·  Modul %2</translation>
    </message>
    <message>
        <source>1 operation</source>
        <translation>1 Operation</translation>
    </message>
    <message>
        <source>%1 operations</source>
        <translation>%1 Operationen</translation>
    </message>
    <message>
        <source>at %1</source>
        <translation>um %1</translation>
    </message>
    <message>
        <source>Nothing was sent.</source>
        <translation>Es wurde nichts gesendet.</translation>
    </message>
    <message>
        <source>Not sent: this is the request as it was prepared.</source>
        <translation>Nicht gesendet: Das ist die Anfrage, wie sie vorbereitet wurde.</translation>
    </message>
    <message numerus="yes">
        <source>Redirected %n time(s): </source>
        <translation>
            <numerusform>%n-mal weitergeleitet: </numerusform>
            <numerusform>%n-mal weitergeleitet: </numerusform>
        </translation>
    </message>
    <message>
        <source>No body was sent.</source>
        <translation>Es wurde kein Body gesendet.</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>von %1</translation>
    </message>
    <message>
        <source>No answer from the server.</source>
        <translation>Keine Antwort vom Server.</translation>
    </message>
    <message>
        <source>No response yet.</source>
        <translation>Noch keine Antwort.</translation>
    </message>
    <message>
        <source>Nothing was sent: %1</source>
        <translation>Es wurde nichts gesendet: %1</translation>
    </message>
    <message>
        <source>Connect %1</source>
        <translation>Verbinden %1</translation>
    </message>
    <message>
        <source>Connection reused</source>
        <translation>Verbindung wiederverwendet</translation>
    </message>
    <message>
        <source>Secure connection %1</source>
        <translation>Sichere Verbindung %1</translation>
    </message>
    <message>
        <source>First byte %1</source>
        <translation>Erstes Byte %1</translation>
    </message>
    <message>
        <source>Total %1</source>
        <translation>Gesamt %1</translation>
    </message>
    <message>
        <source>Reading the response…</source>
        <translation>Antwort wird gelesen…</translation>
    </message>
    <message>
        <source>The server sent no data.</source>
        <translation>Der Server hat keine Daten gesendet.</translation>
    </message>
    <message>
        <source>Headers (%1)</source>
        <translation>Header (%1)</translation>
    </message>
    <message>
        <source>Cookies (%1)</source>
        <translation>Cookies (%1)</translation>
    </message>
    <message>
        <source>The app kept only the first %1 of this response.</source>
        <translation>Die App hat nur die ersten %1 dieser Antwort behalten.</translation>
    </message>
    <message>
        <source>The response has no body.</source>
        <translation>Die Antwort hat keinen Body.</translation>
    </message>
    <message>
        <source>the request as a curl command</source>
        <translation>die Anfrage als curl-Befehl</translation>
    </message>
    <message>
        <source>Copying…</source>
        <translation>Wird kopiert…</translation>
    </message>
    <message>
        <source>the whole output</source>
        <translation>die ganze Ausgabe</translation>
    </message>
    <message>
        <source>Save response body</source>
        <translation>Body der Antwort speichern</translation>
    </message>
    <message>
        <source>Could not save: %1</source>
        <translation>Speichern nicht möglich: %1</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
</context>
<context>
    <name>IteratorForm</name>
    <message>
        <source>List</source>
        <translation>Liste</translation>
    </message>
    <message>
        <source>The list to go through; map it from an earlier module, e.g. its items</source>
        <translation>Die Liste, die durchlaufen wird; ordnen Sie sie aus einem früheren Modul zu, z. B. seine Elemente</translation>
    </message>
    <message>
        <source>Each item of this list goes on as a bundle of its own, one after another.</source>
        <translation>Jedes Element dieser Liste geht als eigenes Bündel weiter, eines nach dem anderen.</translation>
    </message>
</context>
<context>
    <name>JsonCheck</name>
    <message>
        <source>a } is missing at the end of a group, or a comma between two values</source>
        <translation>am Ende einer Gruppe fehlt eine }, oder zwischen zwei Werten fehlt ein Komma</translation>
    </message>
    <message>
        <source>a colon (:) is missing after a name</source>
        <translation>nach einem Namen fehlt ein Doppelpunkt (:)</translation>
    </message>
    <message>
        <source>a ] is missing at the end of a list, or a comma between two items</source>
        <translation>am Ende einer Liste fehlt eine ], oder zwischen zwei Elementen fehlt ein Komma</translation>
    </message>
    <message>
        <source>a comma is missing between two values</source>
        <translation>zwischen zwei Werten fehlt ein Komma</translation>
    </message>
    <message>
        <source>there is a value JSON does not understand (text must be in double quotes, and there must be no comma before a } or ])</source>
        <translation>es gibt einen Wert, den JSON nicht versteht (Text muss in doppelten Anführungszeichen stehen, und vor } oder ] darf kein Komma stehen)</translation>
    </message>
    <message>
        <source>a number is not written correctly</source>
        <translation>eine Zahl ist nicht richtig geschrieben</translation>
    </message>
    <message>
        <source>a backslash (\) in a text is not followed by a valid character</source>
        <translation>auf einen Backslash (\) in einem Text folgt kein gültiges Zeichen</translation>
    </message>
    <message>
        <source>a text has no closing double quote (&quot;)</source>
        <translation>einem Text fehlt das schließende doppelte Anführungszeichen (&quot;)</translation>
    </message>
    <message>
        <source>a value is missing, for example after a comma</source>
        <translation>ein Wert fehlt, zum Beispiel nach einem Komma</translation>
    </message>
    <message>
        <source>it is nested too deeply</source>
        <translation>es ist zu tief verschachtelt</translation>
    </message>
    <message>
        <source>it is too large</source>
        <translation>es ist zu groß</translation>
    </message>
    <message>
        <source>there is more text after the end</source>
        <translation>nach dem Ende folgt noch Text</translation>
    </message>
    <message>
        <source>This JSON is not valid: %1 (line %2, column %3).</source>
        <translation>Dieses JSON ist ungültig: %1 (Zeile %2, Spalte %3).</translation>
    </message>
</context>
<context>
    <name>JsonChecks</name>
    <message>
        <source>must be text, but is %1.</source>
        <translation>muss Text sein, ist aber %1.</translation>
    </message>
    <message>
        <source>must be true or false, but is %1.</source>
        <translation>muss wahr oder falsch sein, ist aber %1.</translation>
    </message>
    <message>
        <source>must be a whole number from %1 to %2, but is %3.</source>
        <translation>muss eine ganze Zahl von %1 bis %2 sein, ist aber %3.</translation>
    </message>
    <message>
        <source>must be a list, but is %1.</source>
        <translation>muss eine Liste sein, ist aber %1.</translation>
    </message>
    <message>
        <source>must be an object, but is %1.</source>
        <translation>muss ein Objekt sein, ist aber %1.</translation>
    </message>
    <message>
        <source>must be an object with “name” and “value”, but is %1.</source>
        <translation>muss ein Objekt mit „name“ und „value“ sein, ist aber %1.</translation>
    </message>
</context>
<context>
    <name>JsonCreateForm</name>
    <message>
        <source>Fields</source>
        <translation>Felder</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Add a field</source>
        <translation>Ein Feld hinzufügen</translation>
    </message>
    <message>
        <source>This JSON has parts inside parts, which this form cannot show; it is kept as it is.</source>
        <translation>Dieses JSON hat Teile in Teilen, die dieses Formular nicht zeigen kann; es bleibt, wie es ist.</translation>
    </message>
</context>
<context>
    <name>JsonParseForm</name>
    <message>
        <source>JSON text</source>
        <translation>JSON-Text</translation>
    </message>
    <message>
        <source>The text to read as JSON; map it from an earlier module</source>
        <translation>Der Text, der als JSON gelesen wird; ordnen Sie ihn aus einem früheren Modul zu</translation>
    </message>
    <message>
        <source>A list at the top gives one bundle per item.</source>
        <translation>Eine Liste auf oberster Ebene ergibt ein Bündel je Element.</translation>
    </message>
</context>
<context>
    <name>JsonParseKind</name>
    <message>
        <source>The text is not valid JSON: %1.</source>
        <translation>Der Text ist kein gültiges JSON: %1.</translation>
    </message>
    <message>
        <source>it is empty</source>
        <translation>er ist leer</translation>
    </message>
</context>
<context>
    <name>JsonTreeModel</name>
    <message>
        <source>value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>{1 key}</source>
        <translation>{1 Schlüssel}</translation>
    </message>
    <message>
        <source>{%1 keys}</source>
        <translation>{%1 Schlüssel}</translation>
    </message>
    <message>
        <source>[1 item]</source>
        <translation>[1 Element]</translation>
    </message>
    <message>
        <source>[%1 items]</source>
        <translation>[%1 Elemente]</translation>
    </message>
    <message>
        <source>text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>number</source>
        <translation>Zahl</translation>
    </message>
    <message>
        <source>true/false</source>
        <translation>wahr/falsch</translation>
    </message>
    <message>
        <source>empty (null)</source>
        <translation>leer (null)</translation>
    </message>
    <message>
        <source>object</source>
        <translation>Objekt</translation>
    </message>
    <message>
        <source>list</source>
        <translation>Liste</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>fehlt</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>leer</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>This is not valid JSON: %1 (at character %2).</source>
        <translation>Das ist kein gültiges JSON: %1 (bei Zeichen %2).</translation>
    </message>
</context>
<context>
    <name>JsonTreeView</name>
    <message>
        <source>Copy value</source>
        <translation>Wert kopieren</translation>
    </message>
    <message>
        <source>Copy mapping</source>
        <translation>Zuordnung kopieren</translation>
    </message>
    <message>
        <source>Copy this value to the clipboard</source>
        <translation>Diesen Wert in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>Copy a mapping such as {{1.data.id}} to paste into a later module&apos;s field</source>
        <translation>Eine Zuordnung wie {{1.data.id}} kopieren, um sie in das Feld eines späteren Moduls einzufügen</translation>
    </message>
    <message>
        <source>the value of %1</source>
        <translation>der Wert von %1</translation>
    </message>
    <message>
        <source>Copy mapping %1</source>
        <translation>Zuordnung %1 kopieren</translation>
    </message>
    <message>
        <source>Collapse</source>
        <translation>Zuklappen</translation>
    </message>
    <message>
        <source>Expand</source>
        <translation>Aufklappen</translation>
    </message>
</context>
<context>
    <name>KeyValueTable</name>
    <message>
        <source>Item</source>
        <translation>Element</translation>
    </message>
    <message>
        <source>Add item</source>
        <translation>Element hinzufügen</translation>
    </message>
    <message>
        <source>None yet.</source>
        <translation>Noch keine.</translation>
    </message>
    <message>
        <source>Move this item up</source>
        <translation>Dieses Element nach oben verschieben</translation>
    </message>
    <message>
        <source>Move this item down</source>
        <translation>Dieses Element nach unten verschieben</translation>
    </message>
    <message>
        <source>Remove this item</source>
        <translation>Dieses Element entfernen</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Send a piece of text, or the contents of a file</source>
        <translation>Ein Stück Text oder den Inhalt einer Datei senden</translation>
    </message>
    <message>
        <source>Field type</source>
        <translation>Feldtyp</translation>
    </message>
    <message>
        <source>Choose a file to send</source>
        <translation>Eine Datei zum Senden auswählen</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Auswählen…</translation>
    </message>
    <message>
        <source>Pick the file to send from your computer</source>
        <translation>Die zu sendende Datei auf Ihrem Computer auswählen</translation>
    </message>
    <message>
        <source>Same as the file&apos;s name</source>
        <translation>Wie der Name der Datei</translation>
    </message>
    <message>
        <source>The file name the server is told; leave empty to use the real one</source>
        <translation>Der Dateiname, der dem Server mitgeteilt wird; leer lassen, um den echten zu verwenden</translation>
    </message>
    <message>
        <source>Guessed from the file</source>
        <translation>Aus der Datei erraten</translation>
    </message>
    <message>
        <source>What kind of file it is, e.g. image/png; leave empty to let Scenarist guess</source>
        <translation>Welche Art von Datei es ist, z. B. image/png; leer lassen, damit Scenarist es errät</translation>
    </message>
    <message>
        <source>File name</source>
        <translation>Dateiname</translation>
    </message>
    <message>
        <source>Content type</source>
        <translation>Content-Type</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Remove %1 %2</source>
        <translation>%1 %2 entfernen</translation>
    </message>
    <message>
        <source>%1, name</source>
        <translation>%1, Name</translation>
    </message>
    <message>
        <source>%1, value</source>
        <translation>%1, Wert</translation>
    </message>
    <message>
        <source>Move %1 up</source>
        <translation>%1 nach oben verschieben</translation>
    </message>
    <message>
        <source>Move %1 down</source>
        <translation>%1 nach unten verschieben</translation>
    </message>
    <message>
        <source>%1, text or file</source>
        <translation>%1, Text oder Datei</translation>
    </message>
    <message>
        <source>%1, file</source>
        <translation>%1, Datei</translation>
    </message>
    <message>
        <source>%1, file name sent</source>
        <translation>%1, gesendeter Dateiname</translation>
    </message>
</context>
<context>
    <name>KeychainSecretProvider</name>
    <message>
        <source>Type its value when Scenarist asks, or under Run › Connections… (no keychain answered, so it is kept only until you quit).</source>
        <translation>Geben Sie seinen Wert ein, wenn Scenarist danach fragt, oder unter Ausführen › Verbindungen… (kein Schlüsselbund hat geantwortet, daher wird er nur bis zum Beenden behalten).</translation>
    </message>
    <message>
        <source>Give it a value under Run › Connections…; Scenarist keeps it in your keychain (service “%1”, entry “%2”), never in the file.</source>
        <translation>Geben Sie ihm einen Wert unter Ausführen › Verbindungen…; Scenarist bewahrt ihn in Ihrem Schlüsselbund auf (Dienst „%1“, Eintrag „%2“), nie in der Datei.</translation>
    </message>
    <message>
        <source>Value of the secret “%1”</source>
        <translation>Wert des Geheimnisses „%1“</translation>
    </message>
    <message>
        <source>Scenarist cannot remember secrets on this computer, because no keychain (such as GNOME Keyring or KWallet) answered. Type the value of the secret “%1” to use it until you quit Scenarist. It is not saved anywhere, and scenarios keep only its name.</source>
        <translation>Scenarist kann sich auf diesem Computer keine Geheimnisse merken, weil kein Schlüsselbund (wie GNOME Keyring oder KWallet) geantwortet hat. Geben Sie den Wert des Geheimnisses „%1“ ein, um ihn bis zum Beenden von Scenarist zu verwenden. Er wird nirgends gespeichert, und Szenarien enthalten nur seinen Namen.</translation>
    </message>
    <message>
        <source>What the system said: %1</source>
        <translation>Was das System meldete: %1</translation>
    </message>
    <message>
        <source>Value:</source>
        <translation>Wert:</translation>
    </message>
</context>
<context>
    <name>KeychainStore</name>
    <message>
        <source>no keychain service answered</source>
        <translation>kein Schlüsselbund-Dienst hat geantwortet</translation>
    </message>
    <message>
        <source>the keychain did not answer within %1 seconds</source>
        <translation>der Schlüsselbund hat nicht innerhalb von %1 Sekunden geantwortet</translation>
    </message>
</context>
<context>
    <name>KindConfigReader</name>
    <message>
        <source>must be a whole number from %L1 to %L2 (or a mapping such as {{1.count}}), but is %3.</source>
        <translation>muss eine ganze Zahl von %L1 bis %L2 sein (oder eine Zuordnung wie {{1.count}}), ist aber %3.</translation>
    </message>
    <message>
        <source>must be a number (or a mapping such as {{1.count}}), but is %1.</source>
        <translation>muss eine Zahl sein (oder eine Zuordnung wie {{1.count}}), ist aber %1.</translation>
    </message>
    <message>
        <source>is missing; say which module&apos;s bundles it collects (the number of an iterator or another module before it).</source>
        <translation>fehlt; geben Sie an, welche Bündel welches Moduls es sammelt (die Nummer eines Iterators oder eines anderen Moduls davor).</translation>
    </message>
</context>
<context>
    <name>KindForms</name>
    <message>
        <source>Gathers the items an earlier module passed on back into one list.</source>
        <translation>Sammelt die Elemente, die ein früheres Modul weitergegeben hat, wieder in einer Liste.</translation>
    </message>
    <message>
        <source>Ends an error route: tries the failed module again later.</source>
        <translation>Beendet eine Fehlerroute: versucht das fehlgeschlagene Modul später erneut.</translation>
    </message>
    <message>
        <source>Ends an error route: stops the run and keeps what was done.</source>
        <translation>Beendet eine Fehlerroute: beendet die Ausführung und behält, was getan wurde.</translation>
    </message>
    <message>
        <source>Reads values kept earlier by Set variables.</source>
        <translation>Liest Werte, die zuvor mit „Variablen setzen“ aufbewahrt wurden.</translation>
    </message>
    <message>
        <source>Calls a web address (an API) and gives back its answer.</source>
        <translation>Ruft eine Webadresse (eine API) auf und gibt ihre Antwort zurück.</translation>
    </message>
    <message>
        <source>Ends an error route: drops the failed bundle, the others go on.</source>
        <translation>Beendet eine Fehlerroute: verwirft das fehlgeschlagene Bündel, die anderen gehen weiter.</translation>
    </message>
    <message>
        <source>Splits a list into items and passes them on one by one.</source>
        <translation>Teilt eine Liste in Elemente und gibt sie einzeln weiter.</translation>
    </message>
    <message>
        <source>Makes JSON text from fields you fill in.</source>
        <translation>Erstellt JSON-Text aus Feldern, die Sie ausfüllen.</translation>
    </message>
    <message>
        <source>Turns JSON text into data that later modules can map.</source>
        <translation>Macht aus JSON-Text Daten, die spätere Module zuordnen können.</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>Flow control</source>
        <translation>Ablaufsteuerung</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>Werkzeuge</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Passes a bundle on a number of times, counting up.</source>
        <translation>Gibt ein Bündel mehrmals weiter und zählt dabei hoch.</translation>
    </message>
    <message>
        <source>Ends an error route: goes on with values you give instead.</source>
        <translation>Beendet eine Fehlerroute: macht mit Werten weiter, die Sie stattdessen angeben.</translation>
    </message>
    <message>
        <source>Ends an error route: stops the run as failed.</source>
        <translation>Beendet eine Fehlerroute: beendet die Ausführung als fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Sends each bundle down several routes, each with its own filter.</source>
        <translation>Schickt jedes Bündel über mehrere Routen, jede mit eigenem Filter.</translation>
    </message>
    <message>
        <source>Keeps values under names, for later modules to read.</source>
        <translation>Bewahrt Werte unter Namen auf, damit spätere Module sie lesen können.</translation>
    </message>
    <message>
        <source>Waits a while before passing the bundle on.</source>
        <translation>Wartet eine Weile, bevor es das Bündel weitergibt.</translation>
    </message>
    <message>
        <source>Joins a text from each item an earlier module passed on into one text.</source>
        <translation>Fügt einen Text aus jedem Element, das ein früheres Modul weitergegeben hat, zu einem Text zusammen.</translation>
    </message>
    <message>
        <source>Stops the bundle on purpose with an error message.</source>
        <translation>Hält das Bündel absichtlich mit einer Fehlermeldung an.</translation>
    </message>
</context>
<context>
    <name>KindPicker</name>
    <message>
        <source>Add an error handler</source>
        <translation>Eine Fehlerbehandlung hinzufügen</translation>
    </message>
    <message>
        <source>Add a module</source>
        <translation>Ein Modul hinzufügen</translation>
    </message>
    <message>
        <source>Search, e.g. iterator</source>
        <translation>Suchen, z. B. Iterator</translation>
    </message>
    <message>
        <source>Search the kinds of module</source>
        <translation>Die Modularten durchsuchen</translation>
    </message>
    <message>
        <source>Kinds of module</source>
        <translation>Modularten</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
</context>
<context>
    <name>KindRegistry</name>
    <message>
        <source>Array aggregator</source>
        <translation>Array-Aggregator</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>Unterbrechen</translation>
    </message>
    <message>
        <source>Commit</source>
        <translation>Commit</translation>
    </message>
    <message>
        <source>Module of another app</source>
        <translation>Modul einer anderen App</translation>
    </message>
    <message>
        <source>Get variables</source>
        <translation>Variablen abrufen</translation>
    </message>
    <message>
        <source>Make a request</source>
        <translation>Anfrage stellen</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>Ignorieren</translation>
    </message>
    <message>
        <source>Iterator</source>
        <translation>Iterator</translation>
    </message>
    <message>
        <source>Create JSON</source>
        <translation>JSON erstellen</translation>
    </message>
    <message>
        <source>Parse JSON</source>
        <translation>JSON parsen</translation>
    </message>
    <message>
        <source>Repeater</source>
        <translation>Repeater</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Rollback</source>
        <translation>Rollback</translation>
    </message>
    <message>
        <source>Router</source>
        <translation>Router</translation>
    </message>
    <message>
        <source>Set variables</source>
        <translation>Variablen setzen</translation>
    </message>
    <message>
        <source>Sleep</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Text aggregator</source>
        <translation>Text-Aggregator</translation>
    </message>
    <message>
        <source>Throw</source>
        <translation>Fehler auslösen</translation>
    </message>
</context>
<context>
    <name>KindSettingsPage</name>
    <message>
        <source>Module settings</source>
        <translation>Moduleinstellungen</translation>
    </message>
    <message>
        <source>The name shown under the module on the canvas</source>
        <translation>Der Name, der unter dem Modul auf der Arbeitsfläche steht</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
</context>
<context>
    <name>LargeBody</name>
    <message>
        <source>the body is only spaces</source>
        <translation>der Body besteht nur aus Leerzeichen</translation>
    </message>
    <message>
        <source>garbage at the end of the document</source>
        <translation>Müll am Ende des Dokuments</translation>
    </message>
</context>
<context>
    <name>LinkCommand</name>
    <message>
        <source>Link module %1 to module %2</source>
        <translation>Modul %1 mit Modul %2 verbinden</translation>
    </message>
</context>
<context>
    <name>LinkItem</name>
    <message>
        <source>Error route: when module %1 fails, module %2 handles the error.</source>
        <translation>Fehlerroute: Wenn Modul %1 fehlschlägt, behandelt Modul %2 den Fehler.</translation>
    </message>
    <message>
        <source>Fallback route: module %2 gets the bundles that no other route of module %1 let through.</source>
        <translation>Ersatzroute: Modul %2 erhält die Bündel, die keine andere Route von Modul %1 durchgelassen hat.</translation>
    </message>
    <message>
        <source>Module %1 runs before module %2.</source>
        <translation>Modul %1 läuft vor Modul %2.</translation>
    </message>
    <message>
        <source>Right-click for more; Delete removes it.</source>
        <translation>Rechtsklick für mehr; Entf entfernt sie.</translation>
    </message>
    <message>
        <source>
Click the round sign in its middle to let only some bundles through (a filter).</source>
        <translation>
Klicken Sie auf das runde Zeichen in ihrer Mitte, um nur manche Bündel durchzulassen (ein Filter).</translation>
    </message>
    <message>
        <source>Filter (no name)</source>
        <translation>Filter (ohne Namen)</translation>
    </message>
    <message>
        <source>Filter ‘%1’</source>
        <translation>Filter ‘%1’</translation>
    </message>
    <message>
        <source>It has no conditions yet: every bundle goes through.</source>
        <translation>Er hat noch keine Bedingungen: Jedes Bündel geht durch.</translation>
    </message>
    <message>
        <source>Lets a bundle through when:
%1</source>
        <translation>Lässt ein Bündel durch, wenn:
%1</translation>
    </message>
    <message>
        <source>Click the funnel to change the filter.</source>
        <translation>Klicken Sie auf den Trichter, um den Filter zu ändern.</translation>
    </message>
    <message>
        <source>In the last run: %1. Click the numbers to see why each stopped bundle was stopped.</source>
        <translation>In der letzten Ausführung: %1. Klicken Sie auf die Zahlen, um zu sehen, warum jedes angehaltene Bündel angehalten wurde.</translation>
    </message>
    <message>
        <source>%1 passed · %2 stopped</source>
        <translation>%1 durchgelassen · %2 angehalten</translation>
    </message>
    <message>
        <source>fallback</source>
        <translation>Ersatz</translation>
    </message>
</context>
<context>
    <name>LocalFileAccess</name>
    <message>
        <source>&quot;%1&quot; (which is &quot;%2&quot;)</source>
        <translation>„%1“ (also „%2“)</translation>
    </message>
    <message>
        <source>it is a folder, not a file</source>
        <translation>es ist ein Ordner, keine Datei</translation>
    </message>
    <message>
        <source>it is not a regular file but a pipe, which could make Scenarist wait for ever</source>
        <translation>es ist keine normale Datei, sondern eine Pipe, die Scenarist ewig warten lassen könnte</translation>
    </message>
    <message>
        <source>it is not a regular file but a socket</source>
        <translation>es ist keine normale Datei, sondern ein Socket</translation>
    </message>
    <message>
        <source>it is not a regular file but a device</source>
        <translation>es ist keine normale Datei, sondern ein Gerät</translation>
    </message>
    <message>
        <source>it is not a regular file</source>
        <translation>es ist keine normale Datei</translation>
    </message>
    <message>
        <source>Scenarist did not read %1: %2</source>
        <translation>Scenarist hat %1 nicht gelesen: %2</translation>
    </message>
    <message>
        <source>Scenarist could not find the file &quot;%1&quot;. Check the path%2.</source>
        <translation>Scenarist konnte die Datei „%1“ nicht finden. Prüfen Sie den Pfad%2.</translation>
    </message>
    <message>
        <source> (it is read from the folder &quot;%1&quot;)</source>
        <translation> (sie wird aus dem Ordner „%1“ gelesen)</translation>
    </message>
    <message>
        <source>it is in %1, a system folder that holds the computer&apos;s devices and settings, not files to send.</source>
        <translation>sie liegt in %1, einem Systemordner mit den Geräten und Einstellungen des Computers, nicht mit Dateien zum Senden.</translation>
    </message>
    <message>
        <source>it is outside the folders this scenario may read. Put the file in the scenario&apos;s folder, or choose it again yourself if you trust this scenario.</source>
        <translation>sie liegt außerhalb der Ordner, die dieses Szenario lesen darf. Legen Sie die Datei in den Ordner des Szenarios, oder wählen Sie sie selbst erneut aus, wenn Sie diesem Szenario vertrauen.</translation>
    </message>
    <message>
        <source>Scenarist could not read %1 (%2). Check the path.</source>
        <translation>Scenarist konnte %1 nicht lesen (%2). Prüfen Sie den Pfad.</translation>
    </message>
    <message>
        <source>it belongs to a system file system that holds the computer&apos;s memory and settings, not files to send.</source>
        <translation>sie gehört zu einem System-Dateisystem mit dem Speicher und den Einstellungen des Computers, nicht mit Dateien zum Senden.</translation>
    </message>
    <message>
        <source>it is larger than %1, the most Scenarist reads from a file (it has %2).</source>
        <translation>sie ist größer als %1, das Höchste, was Scenarist aus einer Datei liest (sie hat %2).</translation>
    </message>
    <message>
        <source>Scenarist could not read %1 (%2).</source>
        <translation>Scenarist konnte %1 nicht lesen (%2).</translation>
    </message>
    <message>
        <source>it changed while Scenarist was reading it. Try again.</source>
        <translation>sie hat sich geändert, während Scenarist sie las. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>it is larger than %1, the most Scenarist reads from a file.</source>
        <translation>sie ist größer als %1, das Höchste, was Scenarist aus einer Datei liest.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Restore</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>How the last run went</source>
        <translation>Wie die letzte Ausführung lief</translation>
    </message>
    <message>
        <source>Autosave failed: %1</source>
        <translation>Automatisches Speichern fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Port %1 is in use on this computer, so the practice API (the sandbox) runs at %2 instead. Scenarios reach it as {{sandbox.url}}.</source>
        <translation>Port %1 ist auf diesem Computer belegt, daher läuft die Übungs-API (die Sandbox) stattdessen unter %2. Szenarien erreichen sie als {{sandbox.url}}.</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>Wird ausgeführt…</translation>
    </message>
    <message>
        <source>Last run: every module succeeded</source>
        <translation>Letzte Ausführung: Jedes Modul war erfolgreich</translation>
    </message>
    <message>
        <source>Last run: a module failed, &lt;a href=&quot;#failed&quot;&gt;click it to see why&lt;/a&gt;</source>
        <translation>Letzte Ausführung: Ein Modul ist fehlgeschlagen, &lt;a href=&quot;#failed&quot;&gt;klicken Sie darauf, um zu sehen, warum&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Could not add an error handler</source>
        <translation>Fehlerbehandlung konnte nicht hinzugefügt werden</translation>
    </message>
    <message>
        <source>Could not add a module</source>
        <translation>Modul konnte nicht hinzugefügt werden</translation>
    </message>
    <message>
        <source>Copied module %1</source>
        <translation>Modul %1 kopiert</translation>
    </message>
    <message>
        <source>Copied %1 modules</source>
        <translation>%1 Module kopiert</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
    <message>
        <source>&amp;New scenario</source>
        <translation>&amp;Neues Szenario</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open the &amp;example</source>
        <translation>&amp;Beispiel öffnen</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Save &amp;as…</source>
        <translation>Speichern &amp;unter…</translation>
    </message>
    <message>
        <source>&amp;Import a Make blueprint…</source>
        <translation>Make-Blueprint &amp;importieren…</translation>
    </message>
    <message>
        <source>Opens a scenario exported from Make (Export blueprint)</source>
        <translation>Öffnet ein aus Make exportiertes Szenario (Export blueprint)</translation>
    </message>
    <message>
        <source>&amp;Export as a Make blueprint…</source>
        <translation>Als Make-Blueprint e&amp;xportieren…</translation>
    </message>
    <message>
        <source>Saves the scenario as a blueprint you can import into Make</source>
        <translation>Speichert das Szenario als Blueprint, den Sie in Make importieren können</translation>
    </message>
    <message>
        <source>Export as &amp;image…</source>
        <translation>Als Bil&amp;d exportieren…</translation>
    </message>
    <message>
        <source>Saves the whole canvas as a picture (PNG or SVG), to share or to put in a document</source>
        <translation>Speichert die ganze Arbeitsfläche als Bild (PNG oder SVG), zum Teilen oder für ein Dokument</translation>
    </message>
    <message>
        <source>Paste a c&amp;URL command…</source>
        <translation>c&amp;URL-Befehl einfügen…</translation>
    </message>
    <message>
        <source>Copy the request as c&amp;URL</source>
        <translation>Anfrage als cURL k&amp;opieren</translation>
    </message>
    <message>
        <source>Copies the selected module&apos;s request as a curl command, with its mappings filled in from the last run</source>
        <translation>Kopiert die Anfrage des ausgewählten Moduls als curl-Befehl, mit den Zuordnungen aus der letzten Ausführung ausgefüllt</translation>
    </message>
    <message>
        <source>Copied module %1&apos;s request as a curl command</source>
        <translation>Die Anfrage von Modul %1 als curl-Befehl kopiert</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>B&amp;eenden</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>&amp;Add a module</source>
        <translation>Modul &amp;hinzufügen</translation>
    </message>
    <message>
        <source>Adds an HTTP “Make a request” module after the last one</source>
        <translation>Fügt ein HTTP-Modul „Anfrage stellen“ nach dem letzten hinzu</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Copies the selected modules, to paste them here or in another scenario</source>
        <translation>Kopiert die ausgewählten Module, um sie hier oder in einem anderen Szenario einzufügen</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Einfügen</translation>
    </message>
    <message>
        <source>Select &amp;all modules</source>
        <translation>&amp;Alle Module auswählen</translation>
    </message>
    <message>
        <source>&amp;Run once</source>
        <translation>&amp;Einmal ausführen</translation>
    </message>
    <message>
        <source>Runs every module in order, once (Ctrl+R)</source>
        <translation>Führt jedes Modul der Reihe nach einmal aus (Strg+R)</translation>
    </message>
    <message>
        <source>Run this &amp;module only</source>
        <translation>Nur dieses &amp;Modul ausführen</translation>
    </message>
    <message>
        <source>Runs the selected module with the latest results of the modules before it</source>
        <translation>Führt das ausgewählte Modul mit den neuesten Ergebnissen der Module davor aus</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Stopp</translation>
    </message>
    <message>
        <source>Stops the run at once (Ctrl+.)</source>
        <translation>Hält die Ausführung sofort an (Strg+.)</translation>
    </message>
    <message>
        <source>Scenario &amp;name…</source>
        <translation>Szenario&amp;name…</translation>
    </message>
    <message>
        <source>Renames the scenario</source>
        <translation>Benennt das Szenario um</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>A&amp;usführen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>About the &amp;sandbox</source>
        <translation>Über die &amp;Sandbox</translation>
    </message>
    <message>
        <source>The sandbox</source>
        <translation>Die Sandbox</translation>
    </message>
    <message>
        <source>Scenarist runs a small practice API on this computer at %1.

Token address: %1/oauth/token
Demo client: demo-client / demo-secret
Protected addresses: %1/api/me, %1/api/items

Scenarios reach it as {{sandbox.url}}.</source>
        <translation>Scenarist betreibt auf diesem Computer eine kleine Übungs-API unter %1.

Token-Adresse: %1/oauth/token
Demo-Client: demo-client / demo-secret
Geschützte Adressen: %1/api/me, %1/api/items

Szenarien erreichen sie als {{sandbox.url}}.</translation>
    </message>
    <message>
        <source>&amp;About Scenarist</source>
        <translation>&amp;Über Scenarist</translation>
    </message>
    <message>
        <source>About Scenarist</source>
        <translation>Über Scenarist</translation>
    </message>
    <message>
        <source>Scenarist %1
Chain web requests on a canvas, run them, and see what each one sent and received.</source>
        <translation>Scenarist %1
Webanfragen auf einer Arbeitsfläche verketten, ausführen und sehen, was jede gesendet und empfangen hat.</translation>
    </message>
    <message>
        <source>Rename module %1</source>
        <translation>Modul %1 umbenennen</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Note on module %1</source>
        <translation>Notiz zu Modul %1</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>Notiz:</translation>
    </message>
    <message>
        <source>Scenario name</source>
        <translation>Szenarioname</translation>
    </message>
    <message>
        <source>Module settings</source>
        <translation>Moduleinstellungen</translation>
    </message>
    <message>
        <source>Map a value</source>
        <translation>Einen Wert zuordnen</translation>
    </message>
    <message>
        <source>Last run</source>
        <translation>Letzte Ausführung</translation>
    </message>
    <message>
        <source>Copied %1</source>
        <translation>%1 kopiert</translation>
    </message>
    <message>
        <source>The example is missing from this build of Scenarist.</source>
        <translation>Das Beispiel fehlt in diesem Build von Scenarist.</translation>
    </message>
    <message>
        <source>Could not open the example</source>
        <translation>Das Beispiel konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>This example runs against the built-in sandbox. Press “Run once”.</source>
        <translation>Dieses Beispiel läuft gegen die eingebaute Sandbox. Klicken Sie auf „Einmal ausführen“.</translation>
    </message>
    <message>
        <source>Could not import the blueprint</source>
        <translation>Der Blueprint konnte nicht importiert werden</translation>
    </message>
    <message>
        <source>Could not open the scenario</source>
        <translation>Das Szenario konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Imported every module of %1.</source>
        <translation>Alle Module von %1 importiert.</translation>
    </message>
    <message>
        <source>Imported from Make</source>
        <translation>Aus Make importiert</translation>
    </message>
    <message numerus="yes">
        <source>The blueprint was imported. %n thing(s) could not be converted and are kept as they were (grey modules on the canvas cannot run here):</source>
        <translation>
            <numerusform>Der Blueprint wurde importiert. %n Sache konnte nicht umgewandelt werden und bleibt, wie sie war (graue Module auf der Arbeitsfläche können hier nicht laufen):</numerusform>
            <numerusform>Der Blueprint wurde importiert. %n Sachen konnten nicht umgewandelt werden und bleiben, wie sie waren (graue Module auf der Arbeitsfläche können hier nicht laufen):</numerusform>
        </translation>
    </message>
    <message>
        <source>Import a Make blueprint</source>
        <translation>Einen Make-Blueprint importieren</translation>
    </message>
    <message>
        <source>Make blueprints (*.json *.blueprint.json);;All files (*)</source>
        <translation>Make-Blueprints (*.json *.blueprint.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Could not export</source>
        <translation>Export nicht möglich</translation>
    </message>
    <message>
        <source>Exported for Make</source>
        <translation>Für Make exportiert</translation>
    </message>
    <message>
        <source>The blueprint was written. Make cannot hold everything:</source>
        <translation>Der Blueprint wurde geschrieben. Make kann nicht alles aufnehmen:</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>Nach %1 exportiert</translation>
    </message>
    <message>
        <source>Export as a Make blueprint</source>
        <translation>Als Make-Blueprint exportieren</translation>
    </message>
    <message>
        <source>Make blueprints (*.json)</source>
        <translation>Make-Blueprints (*.json)</translation>
    </message>
    <message>
        <source>Could not export the picture</source>
        <translation>Das Bild konnte nicht exportiert werden</translation>
    </message>
    <message>
        <source>Saved the picture of the canvas to %1</source>
        <translation>Das Bild der Arbeitsfläche wurde in %1 gespeichert</translation>
    </message>
    <message>
        <source>PNG picture (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG-Zeichnung (*.svg)</translation>
    </message>
    <message>
        <source>Export the canvas as an image</source>
        <translation>Die Arbeitsfläche als Bild exportieren</translation>
    </message>
    <message>
        <source>Could not read the curl command</source>
        <translation>Der curl-Befehl konnte nicht gelesen werden</translation>
    </message>
    <message>
        <source>Read files from this computer?</source>
        <translation>Dateien von diesem Computer lesen?</translation>
    </message>
    <message>
        <source>This command reads these files from your computer:
%1

Read them into the module? Their contents become part of the scenario, and anyone you share it with can read them.</source>
        <translation>Dieser Befehl liest diese Dateien von Ihrem Computer:
%1

Sollen sie in das Modul gelesen werden? Ihr Inhalt wird Teil des Szenarios, und jeder, mit dem Sie es teilen, kann ihn lesen.</translation>
    </message>
    <message>
        <source>The files were not read: the module holds a placeholder where their contents would go.</source>
        <translation>Die Dateien wurden nicht gelesen: Das Modul enthält einen Platzhalter, wo ihr Inhalt stehen würde.</translation>
    </message>
    <message>
        <source>Add a module from a curl command</source>
        <translation>Ein Modul aus einem curl-Befehl hinzufügen</translation>
    </message>
    <message>
        <source>Paste a curl command</source>
        <translation>Einen curl-Befehl einfügen</translation>
    </message>
    <message>
        <source>Create a module</source>
        <translation>Ein Modul anlegen</translation>
    </message>
    <message>
        <source>Replace module %1&apos;s settings</source>
        <translation>Die Einstellungen von Modul %1 ersetzen</translation>
    </message>
    <message>
        <source>Replace the settings?</source>
        <translation>Die Einstellungen ersetzen?</translation>
    </message>
    <message>
        <source>Module %1&apos;s URL, headers and body will be replaced by the curl command&apos;s. You can undo this.</source>
        <translation>URL, Header und Body von Modul %1 werden durch die des curl-Befehls ersetzt. Sie können das rückgängig machen.</translation>
    </message>
    <message>
        <source>Open a scenario</source>
        <translation>Ein Szenario öffnen</translation>
    </message>
    <message>
        <source>Could not save</source>
        <translation>Speichern nicht möglich</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>In %1 gespeichert</translation>
    </message>
    <message>
        <source>Save the scenario</source>
        <translation>Das Szenario speichern</translation>
    </message>
    <message>
        <source>Save your changes?</source>
        <translation>Änderungen speichern?</translation>
    </message>
    <message>
        <source>“%1” has changes that are not saved. Save them before closing it?</source>
        <translation>„%1“ hat Änderungen, die nicht gespeichert sind. Vor dem Schließen speichern?</translation>
    </message>
    <message>
        <source>the unsaved scenario “%1”</source>
        <translation>das nicht gespeicherte Szenario „%1“</translation>
    </message>
    <message>
        <source>unsaved changes to %1</source>
        <translation>nicht gespeicherte Änderungen an %1</translation>
    </message>
    <message>
        <source>Scenarist was closed without saving %1 (autosaved %2). Restore it?</source>
        <translation>Scenarist wurde geschlossen, ohne %1 zu speichern (automatisch gespeichert %2). Wiederherstellen?</translation>
    </message>
    <message>
        <source>Could not restore</source>
        <translation>Wiederherstellen nicht möglich</translation>
    </message>
    <message>
        <source>Turns a curl command (from a browser&apos;s “Copy as cURL” or an API&apos;s documentation) into a module</source>
        <translation>Macht aus einem curl-Befehl (aus „Copy as cURL“ eines Browsers oder der Dokumentation einer API) ein Modul</translation>
    </message>
    <message>
        <source>Paste a curl command, for example from your browser&apos;s developer tools (“Copy as cURL”) or from an API&apos;s documentation.</source>
        <translation>Fügen Sie einen curl-Befehl ein, zum Beispiel aus den Entwicklerwerkzeugen Ihres Browsers („Copy as cURL“) oder aus der Dokumentation einer API.</translation>
    </message>
    <message>
        <source>&amp;Schedule…</source>
        <translation>&amp;Zeitplan…</translation>
    </message>
    <message>
        <source>Runs the saved scenario on its own: every few minutes, every day or on the days you choose</source>
        <translation>Führt das gespeicherte Szenario selbstständig aus: alle paar Minuten, jeden Tag oder an den Tagen, die Sie wählen</translation>
    </message>
    <message>
        <source>Scenario &amp;inputs…</source>
        <translation>Szenario-&amp;Eingaben…</translation>
    </message>
    <message>
        <source>Declares the values the scenario asks for each time it runs, such as a search word</source>
        <translation>Legt die Werte fest, nach denen das Szenario bei jeder Ausführung fragt, etwa ein Suchwort</translation>
    </message>
    <message>
        <source>&amp;Scenario</source>
        <translation>&amp;Szenario</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>&amp;Record runs in the history</source>
        <translation>Ausführungen im Verlauf &amp;aufzeichnen</translation>
    </message>
    <message>
        <source>Keep every run of a saved scenario in the History panel</source>
        <translation>Jede Ausführung eines gespeicherten Szenarios im Bereich Verlauf aufbewahren</translation>
    </message>
    <message>
        <source>&amp;Delete this scenario&apos;s history…</source>
        <translation>Verlauf dieses Szenarios &amp;löschen…</translation>
    </message>
    <message>
        <source>Back to the editor</source>
        <translation>Zurück zum Editor</translation>
    </message>
    <message>
        <source>This run is not in the history: %1</source>
        <translation>Diese Ausführung ist nicht im Verlauf: %1</translation>
    </message>
    <message>
        <source>Delete history</source>
        <translation>Verlauf löschen</translation>
    </message>
    <message>
        <source>Delete every recorded run of “%1” from the history?</source>
        <translation>Jede aufgezeichnete Ausführung von „%1“ aus dem Verlauf löschen?</translation>
    </message>
    <message>
        <source>The history was not deleted: %1</source>
        <translation>Der Verlauf wurde nicht gelöscht: %1</translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n recorded run(s) of this scenario.</source>
        <translation>
            <numerusform>%n aufgezeichnete Ausführung dieses Szenarios gelöscht.</numerusform>
            <numerusform>%n aufgezeichnete Ausführungen dieses Szenarios gelöscht.</numerusform>
        </translation>
    </message>
    <message>
        <source>This run cannot be shown: %1</source>
        <translation>Diese Ausführung kann nicht angezeigt werden: %1</translation>
    </message>
    <message>
        <source>Recorded run</source>
        <translation>Aufgezeichnete Ausführung</translation>
    </message>
    <message>
        <source>Showing the run of %1 (%2) — read-only.</source>
        <translation>Die Ausführung vom %1 (%2) wird angezeigt – schreibgeschützt.</translation>
    </message>
    <message>
        <source>The scenario has changed since: the canvas shows it as it is now.</source>
        <translation>Das Szenario wurde seitdem geändert: Die Arbeitsfläche zeigt es, wie es jetzt ist.</translation>
    </message>
    <message>
        <source>Save the scenario first</source>
        <translation>Zuerst das Szenario speichern</translation>
    </message>
    <message>
        <source>A schedule runs the scenario&apos;s saved file, and “%1” is not saved yet. Save it now?</source>
        <translation>Ein Zeitplan führt die gespeicherte Datei des Szenarios aus, und „%1“ ist noch nicht gespeichert. Jetzt speichern?</translation>
    </message>
    <message>
        <source>Open a &amp;team history…</source>
        <translation>&amp;Team-Verlauf öffnen…</translation>
    </message>
    <message>
        <source>Show the runs a team records into one PostgreSQL database</source>
        <translation>Die Ausführungen anzeigen, die ein Team in einer PostgreSQL-Datenbank aufzeichnet</translation>
    </message>
    <message>
        <source>Team history</source>
        <translation>Team-Verlauf</translation>
    </message>
    <message>
        <source>Address of the team&apos;s run history, as scenarist-run&apos;s --history-db takes it (postgresql://user@host:port/database). The password comes from ~/.pgpass.</source>
        <translation>Adresse des Ausführungsverlaufs des Teams, wie --history-db von scenarist-run sie annimmt (postgresql://user@host:port/database). Das Passwort kommt aus ~/.pgpass.</translation>
    </message>
    <message>
        <source>A team history is a PostgreSQL address that starts with postgresql://</source>
        <translation>Ein Team-Verlauf ist eine PostgreSQL-Adresse, die mit postgresql:// beginnt</translation>
    </message>
    <message>
        <source>This computer&apos;s &amp;history</source>
        <translation>Verlauf dieses &amp;Computers</translation>
    </message>
</context>
<context>
    <name>MakeBlueprint</name>
    <message>
        <source>Module %1 (%2, “%3”)</source>
        <translation>Modul %1 (%2, „%3“)</translation>
    </message>
    <message>
        <source>Module %1 (%2)</source>
        <translation>Modul %1 (%2)</translation>
    </message>
    <message>
        <source>its method “%1” is not one Scenarist can send; it was set to GET. Kept for export.</source>
        <translation>seine Methode „%1“ kann Scenarist nicht senden; sie wurde auf GET gesetzt. Für den Export aufbewahrt.</translation>
    </message>
    <message>
        <source>the timeout “%1” is not a number of seconds; it was set to 40 seconds.</source>
        <translation>das Zeitlimit „%1“ ist keine Anzahl von Sekunden; es wurde auf 40 Sekunden gesetzt.</translation>
    </message>
    <message>
        <source>the timeout %1 was set to %2 seconds (1 to 300).</source>
        <translation>das Zeitlimit %1 wurde auf %2 Sekunden gesetzt (1 bis 300).</translation>
    </message>
    <message>
        <source>the body type “%1” is unknown; the body was left empty.</source>
        <translation>der Body-Typ „%1“ ist unbekannt; der Body wurde leer gelassen.</translation>
    </message>
    <message>
        <source>“Serialize URL” is on; Scenarist sends the URL as typed. Kept for export.</source>
        <translation>„Serialize URL“ ist eingeschaltet; Scenarist sendet die URL wie eingegeben. Für den Export aufbewahrt.</translation>
    </message>
    <message>
        <source>uses mutual TLS (a client certificate from a Make keychain), which Scenarist does not support.</source>
        <translation>verwendet Mutual TLS (ein Client-Zertifikat aus einem Make-Schlüsselbund), was Scenarist nicht unterstützt.</translation>
    </message>
    <message>
        <source>its credentials are in a Make connection (keychain %1), which cannot be exported; enter them in the module (user name and password, or the API key header).</source>
        <translation>seine Zugangsdaten liegen in einer Make-Verbindung (Schlüsselbund %1), die nicht exportiert werden kann; geben Sie sie im Modul ein (Benutzername und Passwort oder den API-Schlüssel-Header).</translation>
    </message>
    <message>
        <source>builds its JSON body from a data structure (input method “%1”), which Scenarist cannot; write the JSON in the body instead. Kept for export.</source>
        <translation>baut seinen JSON-Body aus einer Datenstruktur (Eingabemethode „%1“), was Scenarist nicht kann; schreiben Sie das JSON stattdessen in den Body. Für den Export aufbewahrt.</translation>
    </message>
    <message>
        <source>the body content type “%1” is unknown; the body was left empty.</source>
        <translation>der Content-Type des Bodys „%1“ ist unbekannt; der Body wurde leer gelassen.</translation>
    </message>
    <message>
        <source>uses pagination (“%1”), which Scenarist does not know: only the first page is fetched. Kept for export.</source>
        <translation>verwendet eine Paginierung („%1“), die Scenarist nicht kennt: Nur die erste Seite wird abgerufen. Für den Export aufbewahrt.</translation>
    </message>
    <message>
        <source>fetches pages (“%1”): in its Pagination settings, fill in %2, which the blueprint does not say.</source>
        <translation>ruft Seiten ab („%1“): Füllen Sie in seinen Paginierungseinstellungen %2 aus, was der Blueprint nicht angibt.</translation>
    </message>
    <message>
        <source>where the answer gives the next page</source>
        <translation>wo die Antwort die nächste Seite angibt</translation>
    </message>
    <message>
        <source>the cursor parameter and where the answer gives the next cursor</source>
        <translation>den Cursor-Parameter und wo die Antwort den nächsten Cursor angibt</translation>
    </message>
    <message>
        <source>the page parameter</source>
        <translation>den Seitenparameter</translation>
    </message>
    <message>
        <source>its authentication (“%1”) uses a Make connection%2, which cannot be exported; add the credentials as a header or user name and password in the module.</source>
        <translation>seine Authentifizierung („%1“) verwendet eine Make-Verbindung%2, die nicht exportiert werden kann; fügen Sie die Zugangsdaten im Modul als Header oder als Benutzername und Passwort hinzu.</translation>
    </message>
    <message>
        <source>uses TLS settings from a Make keychain (“%1”); add the CA certificate in the module.</source>
        <translation>verwendet TLS-Einstellungen aus einem Make-Schlüsselbund („%1“); fügen Sie das CA-Zertifikat im Modul hinzu.</translation>
    </message>
    <message>
        <source>uses a proxy from a Make keychain, which Scenarist does not support.</source>
        <translation>verwendet einen Proxy aus einem Make-Schlüsselbund, was Scenarist nicht unterstützt.</translation>
    </message>
    <message>
        <source>the multipart field “%1” sends file data mapped from “%2” in Make; Scenarist sends a file from disk, so that text became the file&apos;s path. Choose the file.</source>
        <translation>das Multipart-Feld „%1“ sendet in Make Dateidaten, die aus „%2“ zugeordnet sind; Scenarist sendet eine Datei von der Festplatte, daher wurde dieser Text zum Pfad der Datei. Wählen Sie die Datei.</translation>
    </message>
    <message>
        <source>its setting “%1” has no counterpart in Scenarist. Kept for export.</source>
        <translation>seine Einstellung „%1“ hat keine Entsprechung in Scenarist. Für den Export aufbewahrt.</translation>
    </message>
    <message>
        <source>%1: %2 cannot be written in a Make v4 HTTP module and was left out.</source>
        <translation>%1: %2 kann nicht in ein Make-HTTP-Modul v4 geschrieben werden und wurde weggelassen.</translation>
    </message>
    <message>
        <source>the user name and password</source>
        <translation>Benutzername und Passwort</translation>
    </message>
    <message>
        <source>accepting unverified certificates</source>
        <translation>das Annehmen nicht überprüfter Zertifikate</translation>
    </message>
    <message>
        <source>the pagination settings other than its kind (parameters, where the answer gives the next page, stop rules, one bundle per item)</source>
        <translation>die Paginierungseinstellungen außer ihrer Art (Parameter, wo die Antwort die nächste Seite angibt, Stoppregeln, ein Bündel je Element)</translation>
    </message>
    <message>
        <source>Module %1</source>
        <translation>Modul %1</translation>
    </message>
    <message>
        <source>%1: is version %2 of the module; it was read as version %3, so check its fields.</source>
        <translation>%1: ist Version %2 des Moduls; es wurde als Version %3 gelesen, prüfen Sie daher seine Felder.</translation>
    </message>
    <message>
        <source>The blueprint holds %L1 modules; a scenario may have at most %L2.</source>
        <translation>Der Blueprint enthält %L1 Module; ein Szenario darf höchstens %L2 haben.</translation>
    </message>
    <message>
        <source>The blueprint cannot be imported: %1</source>
        <translation>Der Blueprint kann nicht importiert werden: %1</translation>
    </message>
    <message>
        <source>“Disable serialization of multiple same query string keys as arrays” is on; Scenarist always sends repeated keys as they are. Kept for export.</source>
        <translation>„Disable serialization of multiple same query string keys as arrays“ ist eingeschaltet; Scenarist sendet wiederholte Schlüssel immer so, wie sie sind. Für den Export aufbewahrt.</translation>
    </message>
    <message>
        <source>“follow all redirects”</source>
        <translation>„Allen Weiterleitungen folgen“</translation>
    </message>
    <message>
        <source>Scenario inputs: only the first %1 were kept; a scenario may have at most %1.</source>
        <translation>Szenario-Eingaben: nur die ersten %1 wurden übernommen; ein Szenario darf höchstens %1 haben.</translation>
    </message>
    <message>
        <source>Scenario input “%1”</source>
        <translation>Szenario-Eingabe „%1“</translation>
    </message>
    <message>
        <source>Scenario input %1 was left out: %2</source>
        <translation>Szenario-Eingabe %1 wurde weggelassen: %2</translation>
    </message>
    <message>
        <source>%1 is declared twice; the second was left out.</source>
        <translation>%1 ist zweimal festgelegt; die zweite wurde weggelassen.</translation>
    </message>
    <message>
        <source>%1: Make&apos;s type “%2” became %3.</source>
        <translation>%1: Makes Typ „%2“ wurde zu %3.</translation>
    </message>
    <message>
        <source>%1: only the first %2 options were kept.</source>
        <translation>%1: nur die ersten %2 Optionen wurden übernommen.</translation>
    </message>
    <message>
        <source>%1: the options&apos; labels were not kept; the list shows their values.</source>
        <translation>%1: die Beschriftungen der Optionen wurden nicht übernommen; die Liste zeigt ihre Werte.</translation>
    </message>
    <message>
        <source>%1 is a choice from a list without options; it became text.</source>
        <translation>%1 ist eine Auswahl aus einer Liste ohne Optionen; sie wurde zu Text.</translation>
    </message>
    <message>
        <source>%1: the default was left out (%2).</source>
        <translation>%1: der Standardwert wurde weggelassen (%2).</translation>
    </message>
    <message>
        <source>%1: “%2” was not kept.</source>
        <translation>%1: „%2“ wurde nicht übernommen.</translation>
    </message>
</context>
<context>
    <name>MakeBlueprintFlow</name>
    <message>
        <source>has no “%1”; it was set to 1.</source>
        <translation>hat kein „%1“; es wurde auf 1 gesetzt.</translation>
    </message>
    <message>
        <source>its variable lifetime “%1” is unknown; it was set to one cycle.</source>
        <translation>seine Lebensdauer der Variablen „%1“ ist unbekannt; sie wurde auf einen Zyklus gesetzt.</translation>
    </message>
    <message>
        <source>now sets %1 variables; it was written as Make&apos;s “Set multiple variables” (util:SetVariables).</source>
        <translation>setzt jetzt %1 Variablen; es wurde als „Set multiple variables“ von Make geschrieben (util:SetVariables).</translation>
    </message>
    <message>
        <source>now reads %1 variables; it was written as Make&apos;s “Get multiple variables” (util:GetVariables).</source>
        <translation>liest jetzt %1 Variablen; es wurde als „Get multiple variables“ von Make geschrieben (util:GetVariables).</translation>
    </message>
    <message>
        <source>builds its JSON with Make&apos;s data structure %1; Scenarist writes the fields as they are mapped, without the structure&apos;s types. Kept for export.</source>
        <translation>baut sein JSON mit der Make-Datenstruktur %1; Scenarist schreibt die Felder so, wie sie zugeordnet sind, ohne die Typen der Struktur. Für den Export aufbewahrt.</translation>
    </message>
    <message>
        <source>fails on purpose (Throw), which Make has no module for; Make will refuse it. Use an error directive there instead.</source>
        <translation>schlägt absichtlich fehl (Fehler auslösen), wofür Make kein Modul hat; Make wird es ablehnen. Verwenden Sie dort stattdessen eine Fehlerdirektive.</translation>
    </message>
    <message>
        <source>its “%1” (%2) is not a whole number from 0 to %L3; Scenarist uses %4. Kept for export.</source>
        <translation>sein „%1“ (%2) ist keine ganze Zahl von 0 bis %L3; Scenarist verwendet %4. Für den Export aufbewahrt.</translation>
    </message>
    <message>
        <source>waits %1 seconds between attempts; Make counts whole minutes, so it was written as %2 minutes.</source>
        <translation>wartet %1 Sekunden zwischen den Versuchen; Make zählt ganze Minuten, daher wurde es als %2 Minuten geschrieben.</translation>
    </message>
    <message>
        <source>its setting “%1” </source>
        <translation>seine Einstellung „%1“ </translation>
    </message>
    <message>
        <source>its setting “%1” %2</source>
        <translation>seine Einstellung „%1“ %2</translation>
    </message>
    <message>
        <source>The blueprint has no modules.</source>
        <translation>Der Blueprint hat keine Module.</translation>
    </message>
    <message>
        <source>Imported Make scenario</source>
        <translation>Importiertes Make-Szenario</translation>
    </message>
    <message>
        <source>The blueprint has more than %L1 modules, the most a scenario may have; the rest were not imported.</source>
        <translation>Der Blueprint hat mehr als %L1 Module, das Höchste, was ein Szenario haben darf; der Rest wurde nicht importiert.</translation>
    </message>
    <message>
        <source>An item of a flow is not a module (it is %1) and was skipped.</source>
        <translation>Ein Element eines Ablaufs ist kein Modul (es ist %1) und wurde übersprungen.</translation>
    </message>
    <message>
        <source>%1 comes after a router in the same flow, which Make does not do; it became one more route of that router.</source>
        <translation>%1 kommt im selben Ablauf nach einem Router, was Make nicht tut; es wurde zu einer weiteren Route dieses Routers.</translation>
    </message>
    <message>
        <source>the number %1 of another module</source>
        <translation>die Nummer %1 eines anderen Moduls</translation>
    </message>
    <message>
        <source>the number %1, which a scenario cannot use</source>
        <translation>die Nummer %1, die ein Szenario nicht verwenden kann</translation>
    </message>
    <message>
        <source>no number</source>
        <translation>keine Nummer</translation>
    </message>
    <message>
        <source>A module (%1) had %2; it was given the number %3, so mappings to it must be checked.</source>
        <translation>Ein Modul (%1) hatte %2; es hat die Nummer %3 bekommen, daher müssen Zuordnungen darauf geprüft werden.</translation>
    </message>
    <message>
        <source>its routes are not a list</source>
        <translation>seine Routen sind keine Liste</translation>
    </message>
    <message>
        <source>one of its routes is not a route with a flow</source>
        <translation>eine seiner Routen ist keine Route mit einem Ablauf</translation>
    </message>
    <message>
        <source>its routes go deeper than %1 levels, more than Scenarist follows; it is a placeholder that keeps them (and will not run), so export gives them back.</source>
        <translation>seine Routen gehen tiefer als %1 Ebenen, mehr als Scenarist verfolgt; es ist ein Platzhalter, der sie aufbewahrt (und nicht läuft), sodass der Export sie zurückgibt.</translation>
    </message>
    <message>
        <source>%1; the router is a placeholder that keeps them as they are, and will not run.</source>
        <translation>%1; der Router ist ein Platzhalter, der sie unverändert aufbewahrt, und läuft nicht.</translation>
    </message>
    <message>
        <source>collects the bundles of module %1, which is not before it in its route; it is a placeholder that keeps its settings, and will not run. Choose its source module again.</source>
        <translation>sammelt die Bündel von Modul %1, das auf seiner Route nicht davor liegt; es ist ein Platzhalter, der seine Einstellungen aufbewahrt, und läuft nicht. Wählen Sie sein Quellmodul erneut.</translation>
    </message>
    <message>
        <source>belongs to another app; it stays a placeholder that keeps its settings for export, and will not run.</source>
        <translation>gehört zu einer anderen App; es bleibt ein Platzhalter, der seine Einstellungen für den Export aufbewahrt, und läuft nicht.</translation>
    </message>
    <message>
        <source>it has no route with a module in it</source>
        <translation>es hat keine Route mit einem Modul darin</translation>
    </message>
    <message>
        <source>%1; it is a placeholder that keeps its settings for export, and will not run.</source>
        <translation>%1; es ist ein Platzhalter, der seine Einstellungen für den Export aufbewahrt, und läuft nicht.</translation>
    </message>
    <message>
        <source>its filter cannot be used in Scenarist (%1), so the module gets every bundle; the filter is kept for export.</source>
        <translation>sein Filter kann in Scenarist nicht verwendet werden (%1), daher erhält das Modul jedes Bündel; der Filter wird für den Export aufbewahrt.</translation>
    </message>
    <message>
        <source>has a filter, but it is the first module of the scenario, so no link comes into it to hold the filter; the filter is kept for export and does not stop anything in Scenarist.</source>
        <translation>hat einen Filter, ist aber das erste Modul des Szenarios, daher führt keine Verbindungslinie hinein, die den Filter tragen könnte; der Filter wird für den Export aufbewahrt und hält in Scenarist nichts an.</translation>
    </message>
    <message>
        <source>its fallback route is number %1, but it has %2 routes; no route is the fallback.</source>
        <translation>seine Ersatzroute ist Nummer %1, aber es hat %2 Routen; keine Route ist die Ersatzroute.</translation>
    </message>
    <message>
        <source>Module %1 starts a chain of its own; a Make scenario has one flow, so that chain was written after the first one.</source>
        <translation>Modul %1 beginnt eine eigene Kette; ein Make-Szenario hat einen Ablauf, daher wurde diese Kette nach der ersten geschrieben.</translation>
    </message>
    <message>
        <source>Modules %1 were left out: their links go round in a circle, or they are too deep inside routes.</source>
        <translation>Die Module %1 wurden weggelassen: Ihre Verbindungslinien laufen im Kreis, oder sie liegen zu tief in Routen.</translation>
    </message>
    <message>
        <source>Item %1 of the modules is not a module with a number; it was left out.</source>
        <translation>Element %1 der Module ist kein Modul mit einer Nummer; es wurde weggelassen.</translation>
    </message>
    <message>
        <source>Two modules have the number %1; the second was left out.</source>
        <translation>Zwei Module haben die Nummer %1; das zweite wurde weggelassen.</translation>
    </message>
    <message>
        <source>A link from module %1 to module %2 joins no two modules; it was left out.</source>
        <translation>Eine Verbindungslinie von Modul %1 zu Modul %2 verbindet keine zwei Module; sie wurde weggelassen.</translation>
    </message>
    <message>
        <source>Module %1 has two links coming in; the one from module %2 was left out.</source>
        <translation>Modul %1 hat zwei eingehende Verbindungslinien; die von Modul %2 wurde weggelassen.</translation>
    </message>
    <message>
        <source>Module %1 has two error routes; the one to module %2 was left out.</source>
        <translation>Modul %1 hat zwei Fehlerrouten; die zu Modul %2 wurde weggelassen.</translation>
    </message>
    <message>
        <source>Routes are nested more than %1 deep; the deeper ones were left out.</source>
        <translation>Routen sind tiefer als %1 Ebenen verschachtelt; die tieferen wurden weggelassen.</translation>
    </message>
    <message>
        <source>Module %1 is not a router but has %2 links going out; only the one to module %3 was written.</source>
        <translation>Modul %1 ist kein Router, hat aber %2 ausgehende Verbindungslinien; nur die zu Modul %3 wurde geschrieben.</translation>
    </message>
    <message>
        <source>Router %1 has two fallback routes; Make has one, so only the first stays the fallback.</source>
        <translation>Router %1 hat zwei Ersatzrouten; Make hat eine, daher bleibt nur die erste die Ersatzroute.</translation>
    </message>
    <message>
        <source>Module %1: its request could not be read (%2); it was written as it was imported.</source>
        <translation>Modul %1: Seine Anfrage konnte nicht gelesen werden (%2); es wurde so geschrieben, wie es importiert wurde.</translation>
    </message>
    <message>
        <source>Module %1 (%2) has no Make counterpart and was written without one; Make will refuse it.</source>
        <translation>Modul %1 (%2) hat keine Entsprechung in Make und wurde ohne geschrieben; Make wird es ablehnen.</translation>
    </message>
</context>
<context>
    <name>MappingAnalysis</name>
    <message>
        <source>The value %1 from module %2&apos;s output.</source>
        <translation>Der Wert %1 aus der Ausgabe von Modul %2.</translation>
    </message>
</context>
<context>
    <name>MappingExpression</name>
    <message>
        <source>This mapping is nested too deeply (more than %1 levels); split it into smaller steps.</source>
        <translation>Diese Zuordnung ist zu tief verschachtelt (mehr als %1 Ebenen); teilen Sie sie in kleinere Schritte auf.</translation>
    </message>
    <message>
        <source>module %1&apos;s output</source>
        <translation>die Ausgabe von Modul %1</translation>
    </message>
    <message>
        <source>the value</source>
        <translation>der Wert</translation>
    </message>
    <message>
        <source>has no item %1 in %2 (a list position must be a whole number)</source>
        <translation>hat kein Element %1 in %2 (eine Listenposition muss eine ganze Zahl sein)</translation>
    </message>
    <message>
        <source>has no &apos;%1&apos; (%2 is empty)</source>
        <translation>hat kein &apos;%1&apos; (%2 ist leer)</translation>
    </message>
    <message>
        <source>has no &apos;%1&apos; (it has: %2)</source>
        <translation>hat kein &apos;%1&apos; (es hat: %2)</translation>
    </message>
    <message>
        <source>has no &apos;%1&apos; (%2 is a list of values, not of objects)</source>
        <translation>hat kein &apos;%1&apos; (%2 ist eine Liste von Werten, nicht von Objekten)</translation>
    </message>
    <message>
        <source>has no &apos;%1&apos; in the items of the list (they have: %2)</source>
        <translation>hat kein &apos;%1&apos; in den Elementen der Liste (sie haben: %2)</translation>
    </message>
    <message>
        <source>has no &apos;%1&apos; (%2 is %3, not an object)</source>
        <translation>hat kein &apos;%1&apos; (%2 ist %3, kein Objekt)</translation>
    </message>
    <message>
        <source>has no item %1 (%2 is %3, not a list)</source>
        <translation>hat kein Element %1 (%2 ist %3, keine Liste)</translation>
    </message>
    <message>
        <source>has no item %1: lists start at 1 in mappings, so the first item is [1]</source>
        <translation>hat kein Element %1: Listen beginnen in Zuordnungen bei 1, das erste Element ist also [1]</translation>
    </message>
    <message>
        <source>has no item %1 (%2 has %3 items)</source>
        <translation>hat kein Element %1 (%2 hat %3 Elemente)</translation>
    </message>
    <message>
        <source>Module %1 has not run yet, so {{%2}} has no value. Run the scenario from the start.</source>
        <translation>Modul %1 ist noch nicht gelaufen, daher hat {{%2}} keinen Wert. Führen Sie das Szenario von Anfang an aus.</translation>
    </message>
    <message>
        <source>Unknown name &apos;%1&apos; in {{%2}}: nothing called &apos;%1&apos; is available here. Start a mapping with a module number such as {{1.data}}, or put text in double quotes.</source>
        <translation>Unbekannter Name &apos;%1&apos; in {{%2}}: Hier ist nichts namens &apos;%1&apos; verfügbar. Beginnen Sie eine Zuordnung mit einer Modulnummer wie {{1.data}}, oder setzen Sie Text in doppelte Anführungszeichen.</translation>
    </message>
    <message>
        <source>Cannot put a minus sign before %1: it is not a number.</source>
        <translation>Vor %1 kann kein Minuszeichen stehen: Es ist keine Zahl.</translation>
    </message>
    <message>
        <source>take the remainder</source>
        <translation>den Rest bilden</translation>
    </message>
    <message>
        <source>Cannot %1: %2 is not a number.</source>
        <translation>Nicht möglich (%1): %2 ist keine Zahl.</translation>
    </message>
    <message>
        <source>Cannot %1 by zero: the number after &apos;%2&apos; is 0.</source>
        <translation>Nicht möglich (%1 durch null): Die Zahl nach &apos;%2&apos; ist 0.</translation>
    </message>
</context>
<context>
    <name>MappingFunctions</name>
    <message>
        <source>Gives the second value when the first is true, otherwise the third.</source>
        <translation>Gibt den zweiten Wert, wenn der erste wahr ist, sonst den dritten.</translation>
    </message>
    <message>
        <source>Gives the first value, or the second when the first is empty.</source>
        <translation>Gibt den ersten Wert, oder den zweiten, wenn der erste leer ist.</translation>
    </message>
    <message>
        <source>Reads one value from a list (by position, from 1) or an object (by key).</source>
        <translation>Liest einen Wert aus einer Liste (nach Position, ab 1) oder einem Objekt (nach Schlüssel).</translation>
    </message>
    <message>
        <source>Counts the characters of a text, or the items of a list.</source>
        <translation>Zählt die Zeichen eines Texts oder die Elemente einer Liste.</translation>
    </message>
    <message>
        <source>Writes a text in small letters.</source>
        <translation>Schreibt einen Text in Kleinbuchstaben.</translation>
    </message>
    <message>
        <source>Writes a text in capital letters.</source>
        <translation>Schreibt einen Text in Großbuchstaben.</translation>
    </message>
    <message>
        <source>Makes the first letter a capital.</source>
        <translation>Macht den ersten Buchstaben groß.</translation>
    </message>
    <message>
        <source>Removes spaces at the start and the end of a text.</source>
        <translation>Entfernt Leerzeichen am Anfang und am Ende eines Texts.</translation>
    </message>
    <message>
        <source>Replaces every occurrence of the second value by the third.</source>
        <translation>Ersetzt jedes Vorkommen des zweiten Werts durch den dritten.</translation>
    </message>
    <message>
        <source>Cuts a part out of a text: from a position (from 0) up to, not including, another.</source>
        <translation>Schneidet einen Teil aus einem Text: von einer Position (ab 0) bis ausschließlich einer anderen.</translation>
    </message>
    <message>
        <source>Cuts a text into a list at each separator.</source>
        <translation>Teilt einen Text an jedem Trennzeichen in eine Liste.</translation>
    </message>
    <message>
        <source>Joins the items of a list into one text, with a separator between them.</source>
        <translation>Fügt die Elemente einer Liste zu einem Text zusammen, mit einem Trennzeichen dazwischen.</translation>
    </message>
    <message>
        <source>True when a text contains another text, or a list contains a value.</source>
        <translation>Wahr, wenn ein Text einen anderen Text enthält oder eine Liste einen Wert.</translation>
    </message>
    <message>
        <source>Turns a value into text.</source>
        <translation>Macht aus einem Wert Text.</translation>
    </message>
    <message>
        <source>Reads a number from text; the second value is the decimal separator.</source>
        <translation>Liest eine Zahl aus Text; der zweite Wert ist das Dezimaltrennzeichen.</translation>
    </message>
    <message>
        <source>Encodes a text so that it can go into a web address.</source>
        <translation>Kodiert einen Text so, dass er in eine Webadresse passt.</translation>
    </message>
    <message>
        <source>Reads a text encoded for a web address back.</source>
        <translation>Liest einen für eine Webadresse kodierten Text zurück.</translation>
    </message>
    <message>
        <source>Encodes a text in Base64, e.g. for a Basic Authorization header.</source>
        <translation>Kodiert einen Text in Base64, z. B. für einen Basic-Authorization-Header.</translation>
    </message>
    <message>
        <source>The MD5 hash of a text, in hexadecimal.</source>
        <translation>Der MD5-Hash eines Texts, hexadezimal.</translation>
    </message>
    <message>
        <source>The SHA-1 hash of a text, in hexadecimal (or base64, the second value); with a key (the third value), its HMAC signature.</source>
        <translation>Der SHA-1-Hash eines Texts, hexadezimal (oder base64, der zweite Wert); mit einem Schlüssel (dem dritten Wert) seine HMAC-Signatur.</translation>
    </message>
    <message>
        <source>The SHA-256 hash of a text, in hexadecimal (or base64, the second value); with a key (the third value), its HMAC signature.</source>
        <translation>Der SHA-256-Hash eines Texts, hexadezimal (oder base64, der zweite Wert); mit einem Schlüssel (dem dritten Wert) seine HMAC-Signatur.</translation>
    </message>
    <message>
        <source>The current date and time.</source>
        <translation>Das aktuelle Datum und die aktuelle Uhrzeit.</translation>
    </message>
    <message>
        <source>A date as a Unix timestamp (seconds since 1970); the current time without a value.</source>
        <translation>Ein Datum als Unix-Zeitstempel (Sekunden seit 1970); ohne Wert die aktuelle Zeit.</translation>
    </message>
    <message>
        <source>A new random identifier, different each time.</source>
        <translation>Eine neue zufällige Kennung, jedes Mal anders.</translation>
    </message>
    <message>
        <source>Writes a date in a format such as YYYY-MM-DD HH:mm; the third value is a time zone.</source>
        <translation>Schreibt ein Datum in einem Format wie YYYY-MM-DD HH:mm; der dritte Wert ist eine Zeitzone.</translation>
    </message>
    <message>
        <source>Adds seconds to a date (a negative number goes back).</source>
        <translation>Addiert Sekunden zu einem Datum (eine negative Zahl geht zurück).</translation>
    </message>
    <message>
        <source>Adds minutes to a date (a negative number goes back).</source>
        <translation>Addiert Minuten zu einem Datum (eine negative Zahl geht zurück).</translation>
    </message>
    <message>
        <source>Adds hours to a date (a negative number goes back).</source>
        <translation>Addiert Stunden zu einem Datum (eine negative Zahl geht zurück).</translation>
    </message>
    <message>
        <source>Adds days to a date (a negative number goes back).</source>
        <translation>Addiert Tage zu einem Datum (eine negative Zahl geht zurück).</translation>
    </message>
    <message>
        <source>The first item of a list.</source>
        <translation>Das erste Element einer Liste.</translation>
    </message>
    <message>
        <source>The last item of a list.</source>
        <translation>Das letzte Element einer Liste.</translation>
    </message>
    <message>
        <source>The names of an object&apos;s values, as a list.</source>
        <translation>Die Namen der Werte eines Objekts, als Liste.</translation>
    </message>
    <message>
        <source>True when the value is false or empty, false otherwise.</source>
        <translation>Wahr, wenn der Wert falsch oder leer ist, sonst falsch.</translation>
    </message>
    <message>
        <source>Rounds a number to the nearest whole number.</source>
        <translation>Rundet eine Zahl auf die nächste ganze Zahl.</translation>
    </message>
    <message>
        <source>Rounds a number down.</source>
        <translation>Rundet eine Zahl ab.</translation>
    </message>
    <message>
        <source>Rounds a number up.</source>
        <translation>Rundet eine Zahl auf.</translation>
    </message>
    <message>
        <source>A number without its minus sign.</source>
        <translation>Eine Zahl ohne ihr Minuszeichen.</translation>
    </message>
    <message>
        <source>The smallest of the numbers given.</source>
        <translation>Die kleinste der angegebenen Zahlen.</translation>
    </message>
    <message>
        <source>The largest of the numbers given.</source>
        <translation>Die größte der angegebenen Zahlen.</translation>
    </message>
    <message>
        <source>Compares the first value with each value to look for in turn and gives the result paired with the first one that is the same; the last value, when left unpaired, is the result when none is.</source>
        <translation>Vergleicht den ersten Wert der Reihe nach mit jedem gesuchten Wert und gibt das Ergebnis, das zum ersten gleichen gehört; der letzte Wert, wenn er ohne Paar bleibt, ist das Ergebnis, wenn keiner gleich ist.</translation>
    </message>
    <message>
        <source>Keeps only the named values of an object (a collection).</source>
        <translation>Behält nur die genannten Werte eines Objekts (einer Sammlung).</translation>
    </message>
    <message>
        <source>Leaves the named values out of an object (a collection).</source>
        <translation>Lässt die genannten Werte aus einem Objekt (einer Sammlung) weg.</translation>
    </message>
    <message>
        <source>Makes the first letter of every word a capital and the other letters small.</source>
        <translation>Macht den ersten Buchstaben jedes Worts groß und die anderen Buchstaben klein.</translation>
    </message>
    <message>
        <source>Removes every character that is not plain ASCII; with true as the second value, letters with accents keep their plain letter (é becomes e).</source>
        <translation>Entfernt jedes Zeichen, das kein einfaches ASCII ist; mit true als zweitem Wert behalten Buchstaben mit Akzent ihren einfachen Buchstaben (é wird zu e).</translation>
    </message>
    <message>
        <source>Where a text first appears in another, counted from 0; -1 when it does not. The third value is where to start looking.</source>
        <translation>Wo ein Text zuerst in einem anderen vorkommt, gezählt ab 0; -1, wenn nicht. Der dritte Wert ist, wo die Suche beginnt.</translation>
    </message>
    <message>
        <source>Writes the characters that mean something in HTML (&lt; &gt; &amp; &quot; &apos;) so that they show as they are.</source>
        <translation>Schreibt die Zeichen, die in HTML etwas bedeuten (&lt; &gt; &amp; &quot; &apos;), so, dass sie unverändert erscheinen.</translation>
    </message>
    <message>
        <source>Removes the HTML tags from a text.</source>
        <translation>Entfernt die HTML-Tags aus einem Text.</translation>
    </message>
    <message>
        <source>Puts a backslash before the characters that mean something in Markdown, so that they show as they are.</source>
        <translation>Setzt einen Backslash vor die Zeichen, die in Markdown etwas bedeuten, sodass sie unverändert erscheinen.</translation>
    </message>
    <message>
        <source>Replaces every emoji in a text by another text.</source>
        <translation>Ersetzt jedes Emoji in einem Text durch einen anderen Text.</translation>
    </message>
    <message>
        <source>Reads data written in hex or base64 (the second value) back into text.</source>
        <translation>Liest hex- oder base64-kodierte Daten (der zweite Wert) zurück in Text.</translation>
    </message>
    <message>
        <source>The SHA-512 hash of a text, in hexadecimal (or base64, the second value); with a key (the third value), its HMAC signature.</source>
        <translation>Der SHA-512-Hash eines Texts, hexadezimal (oder base64, der zweite Wert); mit einem Schlüssel (dem dritten Wert) seine HMAC-Signatur.</translation>
    </message>
    <message>
        <source>Adds up the numbers of a list, or the numbers given.</source>
        <translation>Addiert die Zahlen einer Liste oder die angegebenen Zahlen.</translation>
    </message>
    <message>
        <source>The average of the numbers of a list, or of the numbers given.</source>
        <translation>Der Durchschnitt der Zahlen einer Liste oder der angegebenen Zahlen.</translation>
    </message>
    <message>
        <source>The middle value of the numbers of a list, or of the numbers given.</source>
        <translation>Der mittlere Wert (Median) der Zahlen einer Liste oder der angegebenen Zahlen.</translation>
    </message>
    <message>
        <source>How far the numbers spread around their average (the standard deviation of a whole population).</source>
        <translation>Wie weit die Zahlen um ihren Durchschnitt streuen (die Standardabweichung einer Grundgesamtheit).</translation>
    </message>
    <message>
        <source>How far the numbers spread around their average (the standard deviation of a sample).</source>
        <translation>Wie weit die Zahlen um ihren Durchschnitt streuen (die Standardabweichung einer Stichprobe).</translation>
    </message>
    <message>
        <source>Cuts the decimals off a number, or keeps as many as the second value says, without rounding.</source>
        <translation>Schneidet die Nachkommastellen einer Zahl ab oder behält so viele, wie der zweite Wert sagt, ohne zu runden.</translation>
    </message>
    <message>
        <source>Writes a number with a number of decimals, a decimal separator (a comma unless given) and a thousands separator (a dot unless given).</source>
        <translation>Schreibt eine Zahl mit einer Anzahl Nachkommastellen, einem Dezimaltrennzeichen (ein Komma, sofern nicht angegeben) und einem Tausendertrennzeichen (ein Punkt, sofern nicht angegeben).</translation>
    </message>
    <message>
        <source>A random number from 0 up to (not including) 1, different each time.</source>
        <translation>Eine Zufallszahl von 0 bis ausschließlich 1, jedes Mal anders.</translation>
    </message>
    <message>
        <source>Reads a date from text laid out as a format such as DD/MM/YYYY HH:mm; without a format, ISO 8601 text. The third value is a time zone.</source>
        <translation>Liest ein Datum aus Text, der wie ein Format wie DD/MM/YYYY HH:mm aufgebaut ist; ohne Format ISO-8601-Text. Der dritte Wert ist eine Zeitzone.</translation>
    </message>
    <message>
        <source>Adds months to a date (a negative number goes back); 31 January plus one month is the last day of February.</source>
        <translation>Addiert Monate zu einem Datum (eine negative Zahl geht zurück); 31. Januar plus ein Monat ist der letzte Tag im Februar.</translation>
    </message>
    <message>
        <source>Adds years to a date (a negative number goes back).</source>
        <translation>Addiert Jahre zu einem Datum (eine negative Zahl geht zurück).</translation>
    </message>
    <message>
        <source>The same date with its seconds set (0 to 59).</source>
        <translation>Dasselbe Datum mit gesetzten Sekunden (0 bis 59).</translation>
    </message>
    <message>
        <source>The same date with its minutes set (0 to 59).</source>
        <translation>Dasselbe Datum mit gesetzten Minuten (0 bis 59).</translation>
    </message>
    <message>
        <source>The same date with its hour set (0 to 23), in the scenario&apos;s time zone.</source>
        <translation>Dasselbe Datum mit gesetzter Stunde (0 bis 23), in der Zeitzone des Szenarios.</translation>
    </message>
    <message>
        <source>The date of a day of the same week: a name such as monday, or a number (Sunday 0, Monday 1 … Sunday 7).</source>
        <translation>Das Datum eines Tages derselben Woche: ein Name wie monday oder eine Zahl (Sonntag 0, Montag 1 … Sonntag 7).</translation>
    </message>
    <message>
        <source>The same date with its day of the month set (1 to 31).</source>
        <translation>Dasselbe Datum mit gesetztem Tag des Monats (1 bis 31).</translation>
    </message>
    <message>
        <source>The same date in another month: a number (1 to 12) or a name such as march.</source>
        <translation>Dasselbe Datum in einem anderen Monat: eine Zahl (1 bis 12) oder ein Name wie march.</translation>
    </message>
    <message>
        <source>The same date in another year.</source>
        <translation>Dasselbe Datum in einem anderen Jahr.</translation>
    </message>
    <message>
        <source>The value named by the second value (a key) of every item of a list. The third and fourth values keep only the items whose key has one of the values listed, separated by commas.</source>
        <translation>Der Wert, den der zweite Wert (ein Schlüssel) nennt, von jedem Element einer Liste. Der dritte und vierte Wert behalten nur die Elemente, deren Schlüssel einen der aufgeführten, durch Kommas getrennten Werte hat.</translation>
    </message>
    <message>
        <source>Sorts a list: asc (the default), desc, asc ci or desc ci (ci: ignoring capitals); the last value is the key to sort items by.</source>
        <translation>Sortiert eine Liste: asc (Standard), desc, asc ci oder desc ci (ci: ohne Groß-/Kleinschreibung); der letzte Wert ist der Schlüssel, nach dem Elemente sortiert werden.</translation>
    </message>
    <message>
        <source>A part of a list: from a position (counted from 0) up to, not including, another; negative positions count from the end.</source>
        <translation>Ein Teil einer Liste: von einer Position (ab 0 gezählt) bis ausschließlich einer anderen; negative Positionen zählen vom Ende.</translation>
    </message>
    <message>
        <source>Joins lists into one list.</source>
        <translation>Fügt Listen zu einer Liste zusammen.</translation>
    </message>
    <message>
        <source>Adds values at the end of a list.</source>
        <translation>Fügt Werte am Ende einer Liste hinzu.</translation>
    </message>
    <message>
        <source>Removes values (text or numbers) from a list.</source>
        <translation>Entfernt Werte (Text oder Zahlen) aus einer Liste.</translation>
    </message>
    <message>
        <source>A list in the opposite order.</source>
        <translation>Eine Liste in umgekehrter Reihenfolge.</translation>
    </message>
    <message>
        <source>A list in a random order.</source>
        <translation>Eine Liste in zufälliger Reihenfolge.</translation>
    </message>
    <message>
        <source>Opens the lists inside a list into it, one level deep or as many as the second value says.</source>
        <translation>Öffnet die Listen in einer Liste in diese hinein, eine Ebene tief oder so viele, wie der zweite Wert sagt.</translation>
    </message>
    <message>
        <source>Leaves out the items of a list that are already in it; with a key as the second value, items whose key has a value seen before.</source>
        <translation>Lässt die Elemente einer Liste weg, die schon darin sind; mit einem Schlüssel als zweitem Wert die Elemente, deren Schlüssel einen schon gesehenen Wert hat.</translation>
    </message>
    <message>
        <source>Leaves out the items of a list that are already in it.</source>
        <translation>Lässt die Elemente einer Liste weg, die schon darin sind.</translation>
    </message>
    <message>
        <source>Turns an object (a collection) into a list of {key, value} items.</source>
        <translation>Macht aus einem Objekt (einer Sammlung) eine Liste von {key, value}-Elementen.</translation>
    </message>
    <message>
        <source>Turns a list of items into one object: the second value names the key that gives each item&apos;s name, the third the key that gives its value.</source>
        <translation>Macht aus einer Liste von Elementen ein Objekt: Der zweite Wert nennt den Schlüssel, der den Namen jedes Elements angibt, der dritte den Schlüssel, der seinen Wert angibt.</translation>
    </message>
    <message>
        <source>The items of the first list that are not in the second.</source>
        <translation>Die Elemente der ersten Liste, die nicht in der zweiten sind.</translation>
    </message>
    <message>
        <source>The items of the first list that are also in the second.</source>
        <translation>Die Elemente der ersten Liste, die auch in der zweiten sind.</translation>
    </message>
    <message>
        <source>The ID of this run of the scenario.</source>
        <translation>Die ID dieser Ausführung des Szenarios.</translation>
    </message>
    <message>
        <source>The ID of the scenario.</source>
        <translation>Die ID des Szenarios.</translation>
    </message>
    <message>
        <source>How many operations this run has done so far.</source>
        <translation>Wie viele Operationen diese Ausführung bisher gemacht hat.</translation>
    </message>
    <message>
        <source>When this run started, as a Unix timestamp (seconds since 1970).</source>
        <translation>Wann diese Ausführung begann, als Unix-Zeitstempel (Sekunden seit 1970).</translation>
    </message>
    <message>
        <source>%1 is not a number.</source>
        <translation>%1 ist keine Zahl.</translation>
    </message>
    <message>
        <source>%1 is not a date. Use a date such as 2024-01-31T12:00:00Z, or a Unix timestamp.</source>
        <translation>%1 ist kein Datum. Verwenden Sie ein Datum wie 2024-01-31T12:00:00Z oder einen Unix-Zeitstempel.</translation>
    </message>
    <message>
        <source>the pattern %1 is not a valid regular expression (%2).</source>
        <translation>das Muster %1 ist kein gültiger regulärer Ausdruck (%2).</translation>
    </message>
    <message>
        <source>the first argument must be a list, but it is %1.</source>
        <translation>das erste Argument muss eine Liste sein, ist aber %1.</translation>
    </message>
    <message>
        <source>this needs a list, but got %1.</source>
        <translation>dies braucht eine Liste, hat aber %1 bekommen.</translation>
    </message>
    <message>
        <source>this needs an object, but got %1.</source>
        <translation>dies braucht ein Objekt, hat aber %1 bekommen.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a time zone. Use a name such as Europe/Prague, America/New_York or UTC.</source>
        <translation>„%1“ ist keine Zeitzone. Verwenden Sie einen Namen wie Europe/Berlin, America/New_York oder UTC.</translation>
    </message>
    <message>
        <source>Adding %1 to %2 goes beyond the dates Scenarist can handle.</source>
        <translation>%1 zu %2 zu addieren geht über die Daten hinaus, die Scenarist verarbeiten kann.</translation>
    </message>
    <message>
        <source>the value (it comes from a secret, so it is not shown)</source>
        <translation>der Wert (er stammt aus einem Geheimnis und wird daher nicht gezeigt)</translation>
    </message>
    <message>
        <source>%1 must be a list, but it is %2.</source>
        <translation>%1 muss eine Liste sein, ist aber %2.</translation>
    </message>
    <message>
        <source>the first value must be an object (a collection of named values), but it is %1.</source>
        <translation>der erste Wert muss ein Objekt sein (eine Sammlung benannter Werte), ist aber %1.</translation>
    </message>
    <message>
        <source>%1 must be a number from %2 to %3, not %4.</source>
        <translation>%1 muss eine Zahl von %2 bis %3 sein, nicht %4.</translation>
    </message>
    <message>
        <source>The number of decimal places</source>
        <translation>Die Anzahl der Nachkommastellen</translation>
    </message>
    <message>
        <source>%1 is too large to write.</source>
        <translation>%1 ist zu groß zum Schreiben.</translation>
    </message>
    <message>
        <source>The start</source>
        <translation>Der Anfang</translation>
    </message>
    <message>
        <source>%1 is not hexadecimal (pairs of 0-9 and a-f).</source>
        <translation>%1 ist nicht hexadezimal (Paare aus 0-9 und a-f).</translation>
    </message>
    <message>
        <source>%1 is not Base64 text.</source>
        <translation>%1 ist kein Base64-Text.</translation>
    </message>
    <message>
        <source>“%1” is not an encoding: use hex, base64, latin1 or text.</source>
        <translation>„%1“ ist keine Kodierung: Verwenden Sie hex, base64, latin1 oder text.</translation>
    </message>
    <message>
        <source>“%1” is not an output encoding: use hex, base64 or latin1.</source>
        <translation>„%1“ ist keine Ausgabekodierung: Verwenden Sie hex, base64 oder latin1.</translation>
    </message>
    <message>
        <source>“%1” is not an order: use asc, desc, asc ci or desc ci.</source>
        <translation>„%1“ ist keine Reihenfolge: Verwenden Sie asc, desc, asc ci oder desc ci.</translation>
    </message>
    <message>
        <source>The end</source>
        <translation>Das Ende</translation>
    </message>
    <message>
        <source>%1 is not a date. Give its format as the second value, e.g. parseDate(text; DD/MM/YYYY).</source>
        <translation>%1 ist kein Datum. Geben Sie sein Format als zweiten Wert an, z. B. parseDate(text; DD/MM/YYYY).</translation>
    </message>
    <message>
        <source>%1 does not match the format %2%3.</source>
        <translation>%1 passt nicht zum Format %2%3.</translation>
    </message>
    <message>
        <source>%1 %2 goes beyond the dates Scenarist can handle.</source>
        <translation>%1 %2 geht über die Daten hinaus, die Scenarist verarbeiten kann.</translation>
    </message>
    <message>
        <source>The value</source>
        <translation>Der Wert</translation>
    </message>
    <message>
        <source>%1: this run does not tell it, so it is empty.</source>
        <translation>%1: Diese Ausführung gibt es nicht an, daher ist es leer.</translation>
    </message>
</context>
<context>
    <name>MappingLexer</name>
    <message>
        <source>This text has no closing quote (&quot;). Add one to end the text.</source>
        <translation>Diesem Text fehlt das schließende Anführungszeichen (&quot;). Fügen Sie eines hinzu, um den Text zu beenden.</translation>
    </message>
    <message>
        <source>This name has no closing backtick (`). Add one to end the name.</source>
        <translation>Diesem Namen fehlt der schließende Backtick (`). Fügen Sie einen hinzu, um den Namen zu beenden.</translation>
    </message>
    <message>
        <source>The character &apos;%1&apos; has no meaning here. Remove it, or put text in double quotes.</source>
        <translation>Das Zeichen &apos;%1&apos; hat hier keine Bedeutung. Entfernen Sie es, oder setzen Sie Text in doppelte Anführungszeichen.</translation>
    </message>
</context>
<context>
    <name>MappingPanel</name>
    <message>
        <source>Search values and functions</source>
        <translation>Werte und Funktionen suchen</translation>
    </message>
    <message>
        <source>Values of earlier modules and functions to insert</source>
        <translation>Werte früherer Module und Funktionen zum Einfügen</translation>
    </message>
    <message>
        <source>Type part of a name to show only matching items</source>
        <translation>Einen Teil eines Namens eingeben, um nur passende Einträge zu zeigen</translation>
    </message>
    <message>
        <source>Run module %1 once to see what it returns.</source>
        <translation>Führen Sie Modul %1 einmal aus, um zu sehen, was es zurückgibt.</translation>
    </message>
    <message>
        <source>Run module %1</source>
        <translation>Modul %1 ausführen</translation>
    </message>
    <message>
        <source>Runs only module %1, then lists the values it returned here</source>
        <translation>Führt nur Modul %1 aus und listet dann hier die Werte auf, die es zurückgegeben hat</translation>
    </message>
    <message>
        <source>Click into a field of a module, then click a value here to use it there.</source>
        <translation>Klicken Sie in ein Feld eines Moduls und dann hier auf einen Wert, um ihn dort zu verwenden.</translation>
    </message>
    <message>
        <source>No module runs before this one, so there are no values to take yet. Functions and keywords still work.</source>
        <translation>Vor diesem Modul läuft kein Modul, daher gibt es noch keine Werte zu übernehmen. Funktionen und Schlüsselwörter funktionieren trotzdem.</translation>
    </message>
    <message>
        <source>Click a value to put it into the field at the cursor, or drag it there.</source>
        <translation>Klicken Sie auf einen Wert, um ihn an der Cursorposition in das Feld zu setzen, oder ziehen Sie ihn dorthin.</translation>
    </message>
    <message>
        <source>Variables</source>
        <translation>Variablen</translation>
    </message>
</context>
<context>
    <name>MappingParser</name>
    <message>
        <source>Unexpected &apos;%1&apos; here. Join values with an operator such as +, or separate a function&apos;s values with ;</source>
        <translation>Unerwartetes &apos;%1&apos; hier. Verbinden Sie Werte mit einem Operator wie +, oder trennen Sie die Werte einer Funktion mit ;</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a module number. Module numbers start at 1.</source>
        <translation>&apos;%1&apos; ist keine Modulnummer. Modulnummern beginnen bei 1.</translation>
    </message>
    <message>
        <source>This ( has no matching ). Add a ) to close it.</source>
        <translation>Diese ( hat keine passende ). Fügen Sie eine ) hinzu, um sie zu schließen.</translation>
    </message>
    <message>
        <source>Empty mapping: put a value between {{ and }}, or remove them.</source>
        <translation>Leere Zuordnung: Setzen Sie einen Wert zwischen {{ und }}, oder entfernen Sie sie.</translation>
    </message>
    <message>
        <source>A value is missing at the end of this mapping.</source>
        <translation>Am Ende dieser Zuordnung fehlt ein Wert.</translation>
    </message>
    <message>
        <source>Expected a value (a module&apos;s output, text in quotes, a number or a function) but found &apos;%1&apos;.</source>
        <translation>Ein Wert wurde erwartet (die Ausgabe eines Moduls, Text in Anführungszeichen, eine Zahl oder eine Funktion), aber &apos;%1&apos; gefunden.</translation>
    </message>
    <message>
        <source>%1 is a function: write %1(…) with its values inside the parentheses.</source>
        <translation>%1 ist eine Funktion: Schreiben Sie %1(…) mit ihren Werten in den Klammern.</translation>
    </message>
    <message>
        <source> Names that can start a mapping here: %1.</source>
        <translation> Namen, mit denen eine Zuordnung hier beginnen kann: %1.</translation>
    </message>
    <message>
        <source>Unknown name &apos;%1&apos;. To write text, put it in double quotes: &quot;%1&quot;. To use a module&apos;s output, start with its number, e.g. 1.data.%2</source>
        <translation>Unbekannter Name &apos;%1&apos;. Um Text zu schreiben, setzen Sie ihn in doppelte Anführungszeichen: &quot;%1&quot;. Um die Ausgabe eines Moduls zu verwenden, beginnen Sie mit seiner Nummer, z. B. 1.data.%2</translation>
    </message>
    <message>
        <source>Unknown function &apos;%1&apos;. Check its spelling.</source>
        <translation>Unbekannte Funktion &apos;%1&apos;. Prüfen Sie die Schreibweise.</translation>
    </message>
    <message>
        <source>Unknown function &apos;%1&apos;. Did you mean %2?</source>
        <translation>Unbekannte Funktion &apos;%1&apos;. Meinten Sie %2?</translation>
    </message>
    <message>
        <source>%1( has no matching ). Add a ) after its values.</source>
        <translation>%1( hat keine passende ). Fügen Sie nach ihren Werten eine ) hinzu.</translation>
    </message>
    <message>
        <source>Unexpected &apos;%1&apos; in %2(…). Separate values with ; and end with ).</source>
        <translation>Unerwartetes &apos;%1&apos; in %2(…). Trennen Sie Werte mit ; und enden Sie mit ).</translation>
    </message>
    <message>
        <source>at least %1</source>
        <translation>mindestens %1</translation>
    </message>
    <message>
        <source>%1 to %2 values</source>
        <translation>%1 bis %2 Werte</translation>
    </message>
    <message>
        <source>%1 takes %2, but %3 given. Separate values with ;</source>
        <translation>%1 nimmt %2, aber %3 angegeben. Trennen Sie Werte mit ;</translation>
    </message>
    <message>
        <source>Expected a name after the dot. Put names with spaces or dashes in backticks, e.g. `x-request-id`.</source>
        <translation>Nach dem Punkt wurde ein Name erwartet. Setzen Sie Namen mit Leerzeichen oder Bindestrichen in Backticks, z. B. `x-request-id`.</translation>
    </message>
    <message>
        <source>This [ has no matching ]. Write a position such as [1], or [] for the whole list.</source>
        <translation>Diese [ hat keine passende ]. Schreiben Sie eine Position wie [1], oder [] für die ganze Liste.</translation>
    </message>
</context>
<context>
    <name>MappingTreeModel</name>
    <message>
        <source>Bundle order position</source>
        <translation>Position in der Bündelreihenfolge</translation>
    </message>
    <message>
        <source>Total number of bundles</source>
        <translation>Gesamtzahl der Bündel</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Element</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Click to put {{%1}} into the field</source>
        <translation>Klicken, um {{%1}} in das Feld zu setzen</translation>
    </message>
    <message>
        <source>the whole list</source>
        <translation>die ganze Liste</translation>
    </message>
    <message>
        <source>Click to put the whole list {{%1[]}} into the field</source>
        <translation>Klicken, um die ganze Liste {{%1[]}} in das Feld zu setzen</translation>
    </message>
    <message>
        <source>… %1 more</source>
        <translation>… %1 weitere</translation>
    </message>
    <message>
        <source>Module %1</source>
        <translation>Modul %1</translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
    <message>
        <source>not run yet</source>
        <translation>noch nicht ausgeführt</translation>
    </message>
    <message>
        <source>status %1</source>
        <translation>Status %1</translation>
    </message>
    <message>
        <source>latest bundle</source>
        <translation>neuestes Bündel</translation>
    </message>
    <message>
        <source>What module %1 returned in its latest run</source>
        <translation>Was Modul %1 bei seiner letzten Ausführung zurückgegeben hat</translation>
    </message>
    <message>
        <source>Module %1 has not run yet. Run it once to see what it returns; until then you can pick the parts every answer has.</source>
        <translation>Modul %1 ist noch nicht gelaufen. Führen Sie es einmal aus, um zu sehen, was es zurückgibt; bis dahin können Sie die Teile wählen, die jede Antwort hat.</translation>
    </message>
    <message>
        <source>e.g. 200</source>
        <translation>z. B. 200</translation>
    </message>
    <message>
        <source>by name</source>
        <translation>nach Name</translation>
    </message>
    <message>
        <source>1 header</source>
        <translation>1 Header</translation>
    </message>
    <message>
        <source>%1 headers</source>
        <translation>%1 Header</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>eine Zahl</translation>
    </message>
    <message>
        <source>%1: click to put {{%2.%3}} into the field</source>
        <translation>%1: klicken, um {{%2.%3}} in das Feld zu setzen</translation>
    </message>
    <message>
        <source>Run once to see its fields</source>
        <translation>Einmal ausführen, um seine Felder zu sehen</translation>
    </message>
    <message>
        <source>Module %1 has not run yet: run the scenario once and its fields show here.</source>
        <translation>Modul %1 ist noch nicht gelaufen: Führen Sie das Szenario einmal aus, dann erscheinen seine Felder hier.</translation>
    </message>
    <message>
        <source>Functions</source>
        <translation>Funktionen</translation>
    </message>
    <message>
        <source>Change values: make text lower case, add dates, pick list items…</source>
        <translation>Werte ändern: Text kleinschreiben, Daten addieren, Listenelemente wählen…</translation>
    </message>
    <message>
        <source>Example: %1</source>
        <translation>Beispiel: %1</translation>
    </message>
    <message>
        <source>Keywords</source>
        <translation>Schlüsselwörter</translation>
    </message>
    <message>
        <source>Special characters that are hard to type in a field</source>
        <translation>Sonderzeichen, die sich in einem Feld schwer eingeben lassen</translation>
    </message>
    <message>
        <source>empty text</source>
        <translation>leerer Text</translation>
    </message>
    <message>
        <source>a line break</source>
        <translation>ein Zeilenumbruch</translation>
    </message>
    <message>
        <source>a space</source>
        <translation>ein Leerzeichen</translation>
    </message>
    <message>
        <source>a tab character</source>
        <translation>ein Tabulatorzeichen</translation>
    </message>
    <message>
        <source>Sandbox</source>
        <translation>Sandbox</translation>
    </message>
    <message>
        <source>the built-in demo API</source>
        <translation>die eingebaute Demo-API</translation>
    </message>
    <message>
        <source>The demo API that Scenarist runs on this computer</source>
        <translation>Die Demo-API, die Scenarist auf diesem Computer betreibt</translation>
    </message>
    <message>
        <source>address of the demo API</source>
        <translation>Adresse der Demo-API</translation>
    </message>
    <message>
        <source>(empty text)</source>
        <translation>(leerer Text)</translation>
    </message>
    <message>
        <source>empty list</source>
        <translation>leere Liste</translation>
    </message>
    <message>
        <source>list of 1 item</source>
        <translation>Liste mit 1 Element</translation>
    </message>
    <message>
        <source>list of %1 items</source>
        <translation>Liste mit %1 Elementen</translation>
    </message>
    <message>
        <source>group of %1 values</source>
        <translation>Gruppe mit %1 Werten</translation>
    </message>
    <message>
        <source>Variables</source>
        <translation>Variablen</translation>
    </message>
    <message>
        <source>values that come from no module</source>
        <translation>Werte, die von keinem Modul kommen</translation>
    </message>
    <message>
        <source>Values the scenario gets from elsewhere, such as its inputs</source>
        <translation>Werte, die das Szenario von anderswo bekommt, etwa seine Eingaben</translation>
    </message>
    <message>
        <source>Scenario inputs</source>
        <translation>Szenario-Eingaben</translation>
    </message>
    <message>
        <source>none yet: declare them under Scenario › Scenario inputs…</source>
        <translation>noch keine: legen Sie sie unter Szenario › Szenario-Eingaben… fest</translation>
    </message>
    <message>
        <source>asked for when the scenario runs</source>
        <translation>abgefragt, wenn das Szenario ausgeführt wird</translation>
    </message>
    <message>
        <source>What Run once asks for before it starts</source>
        <translation>Wonach Einmal ausführen vor dem Start fragt</translation>
    </message>
    <message>
        <source>%1, required</source>
        <translation>%1, erforderlich</translation>
    </message>
</context>
<context>
    <name>MappingValue</name>
    <message>
        <source>text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>eine Zahl</translation>
    </message>
    <message>
        <source>true/false</source>
        <translation>wahr/falsch</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>eine Liste</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>ein Objekt</translation>
    </message>
    <message>
        <source>empty (null)</source>
        <translation>leer (null)</translation>
    </message>
</context>
<context>
    <name>ModuleEditor</name>
    <message>
        <source>Select a module on the canvas to change its settings.</source>
        <translation>Wählen Sie ein Modul auf der Arbeitsfläche, um seine Einstellungen zu ändern.</translation>
    </message>
    <message>
        <source>Module settings</source>
        <translation>Moduleinstellungen</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>Make a request</source>
        <translation>Anfrage stellen</translation>
    </message>
    <message>
        <source>Keep it out of the file</source>
        <translation>Aus der Datei heraushalten</translation>
    </message>
    <message>
        <source>Stores the value in this computer&apos;s keychain and puts {{secrets.NAME}} in the field instead</source>
        <translation>Speichert den Wert im Schlüsselbund dieses Computers und setzt stattdessen {{secrets.NAME}} in das Feld</translation>
    </message>
    <message>
        <source>The name shown under the module on the canvas</source>
        <translation>Der Name, der unter dem Modul auf der Arbeitsfläche steht</translation>
    </message>
    <message>
        <source>Name on the canvas</source>
        <translation>Name auf der Arbeitsfläche</translation>
    </message>
    <message>
        <source>https://api.example.com/items</source>
        <translation>https://api.example.com/items</translation>
    </message>
    <message>
        <source>The address to send the request to. Click the value picker to use a value from an earlier module.</source>
        <translation>Die Adresse, an die die Anfrage gesendet wird. Klicken Sie auf die Werteauswahl, um einen Wert aus einem früheren Modul zu verwenden.</translation>
    </message>
    <message>
        <source>URL *</source>
        <translation>URL *</translation>
    </message>
    <message>
        <source>Required: the address to send the request to</source>
        <translation>Erforderlich: die Adresse, an die die Anfrage gesendet wird</translation>
    </message>
    <message>
        <source>Add https:// to the address</source>
        <translation>https:// zur Adresse hinzufügen</translation>
    </message>
    <message>
        <source>GET reads, POST creates or sends, PUT and PATCH change, DELETE removes</source>
        <translation>GET liest, POST legt an oder sendet, PUT und PATCH ändern, DELETE entfernt</translation>
    </message>
    <message>
        <source>Method *</source>
        <translation>Methode *</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Add a header</source>
        <translation>Einen Header hinzufügen</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Extra information sent with the request, such as Authorization</source>
        <translation>Zusätzliche Informationen, die mit der Anfrage gesendet werden, etwa Authorization</translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Add a parameter</source>
        <translation>Einen Parameter hinzufügen</translation>
    </message>
    <message>
        <source>Query String</source>
        <translation>Query-String</translation>
    </message>
    <message>
        <source>Values added to the end of the URL, after a ?</source>
        <translation>Werte, die am Ende der URL nach einem ? angefügt werden</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>No body is sent</source>
        <translation>Es wird kein Body gesendet</translation>
    </message>
    <message>
        <source>Raw (JSON, text, XML)</source>
        <translation>Roh (JSON, Text, XML)</translation>
    </message>
    <message>
        <source>Sent as you write it, e.g. application/json</source>
        <translation>Gesendet, wie Sie es schreiben, z. B. application/json</translation>
    </message>
    <message>
        <source>Form fields</source>
        <translation>Formularfelder</translation>
    </message>
    <message>
        <source>Form with files</source>
        <translation>Formular mit Dateien</translation>
    </message>
    <message>
        <source>What the request carries: Raw for JSON or text you write, Form fields for a simple form (name and value), Form with files to upload files</source>
        <translation>Was die Anfrage enthält: Roh für JSON oder Text, den Sie schreiben, Formularfelder für ein einfaches Formular (Name und Wert), Formular mit Dateien zum Hochladen von Dateien</translation>
    </message>
    <message>
        <source>Body type</source>
        <translation>Body-Typ</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Eigener</translation>
    </message>
    <message>
        <source>Tells the server what kind of content you send</source>
        <translation>Teilt dem Server mit, welche Art von Inhalt Sie senden</translation>
    </message>
    <message>
        <source>Content type</source>
        <translation>Content-Type</translation>
    </message>
    <message>
        <source>e.g. application/vnd.api+json</source>
        <translation>z. B. application/vnd.api+json</translation>
    </message>
    <message>
        <source>Custom content type</source>
        <translation>Eigener Content-Type</translation>
    </message>
    <message>
        <source>The exact content type to send</source>
        <translation>Der genaue Content-Type, der gesendet wird</translation>
    </message>
    <message>
        <source>{&quot;grant_type&quot;: &quot;client_credentials&quot;, &quot;client_id&quot;: &quot;…&quot;}</source>
        <translation>{&quot;grant_type&quot;: &quot;client_credentials&quot;, &quot;client_id&quot;: &quot;…&quot;}</translation>
    </message>
    <message>
        <source>The content to send. Values from earlier modules can go anywhere in it.</source>
        <translation>Der zu sendende Inhalt. Werte aus früheren Modulen können überall darin stehen.</translation>
    </message>
    <message>
        <source>Request content</source>
        <translation>Inhalt der Anfrage</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Add a field</source>
        <translation>Ein Feld hinzufügen</translation>
    </message>
    <message>
        <source>Parse response</source>
        <translation>Antwort parsen</translation>
    </message>
    <message>
        <source>Turn JSON answers into values you can pick in later modules. Off: the answer stays plain text.</source>
        <translation>JSON-Antworten in Werte umwandeln, die Sie in späteren Modulen wählen können. Aus: Die Antwort bleibt reiner Text.</translation>
    </message>
    <message>
        <source>Turns JSON answers into values you can pick in later modules.</source>
        <translation>Wandelt JSON-Antworten in Werte um, die Sie in späteren Modulen wählen können.</translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation>Authentifizierung</translation>
    </message>
    <message>
        <source>Show advanced settings</source>
        <translation>Erweiterte Einstellungen zeigen</translation>
    </message>
    <message>
        <source>Sign-in, time limit, redirects, cookies and certificates</source>
        <translation>Anmeldung, Zeitlimit, Weiterleitungen, Cookies und Zertifikate</translation>
    </message>
    <message>
        <source>Hide advanced settings</source>
        <translation>Erweiterte Einstellungen ausblenden</translation>
    </message>
    <message>
        <source>For servers that ask for a user name and password (HTTP Basic sign-in)</source>
        <translation>Für Server, die nach Benutzername und Passwort fragen (HTTP-Basic-Anmeldung)</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>The password is hidden as you type; click Show to check it</source>
        <translation>Das Passwort wird beim Tippen verborgen; klicken Sie auf „Zeigen“, um es zu prüfen</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Zeigen</translation>
    </message>
    <message>
        <source>Show or hide the password</source>
        <translation>Das Passwort zeigen oder verbergen</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source> seconds</source>
        <translation> Sekunden</translation>
    </message>
    <message>
        <source>How long to wait for an answer before giving up (1 to 300 seconds)</source>
        <translation>Wie lange auf eine Antwort gewartet wird, bevor aufgegeben wird (1 bis 300 Sekunden)</translation>
    </message>
    <message>
        <source>Timeout</source>
        <translation>Zeitlimit</translation>
    </message>
    <message>
        <source>Share cookies with other HTTP modules</source>
        <translation>Cookies mit anderen HTTP-Modulen teilen</translation>
    </message>
    <message>
        <source>Cookies this module receives are sent by later modules in the same run, like a browser does</source>
        <translation>Cookies, die dieses Modul erhält, werden von späteren Modulen derselben Ausführung gesendet, wie ein Browser es tut</translation>
    </message>
    <message>
        <source>Reject unverified certificates</source>
        <translation>Nicht überprüfte Zertifikate ablehnen</translation>
    </message>
    <message>
        <source>Reject connections that are using unverified (self-signed) certificates</source>
        <translation>Verbindungen ablehnen, die nicht überprüfte (selbstsignierte) Zertifikate verwenden</translation>
    </message>
    <message>
        <source>Refuses servers whose certificate is self-signed or not trusted. Safer when on; turn it off only for a test server you trust.</source>
        <translation>Lehnt Server ab, deren Zertifikat selbstsigniert ist oder dem nicht vertraut wird. Sicherer, wenn eingeschaltet; schalten Sie es nur für einen Testserver aus, dem Sie vertrauen.</translation>
    </message>
    <message>
        <source>Paste a certificate (-----BEGIN CERTIFICATE-----…) or choose its file</source>
        <translation>Ein Zertifikat einfügen (-----BEGIN CERTIFICATE-----…) oder seine Datei wählen</translation>
    </message>
    <message>
        <source>A certificate authority to trust for this module, for servers with their own certificates</source>
        <translation>Eine Zertifizierungsstelle, der dieses Modul vertraut, für Server mit eigenen Zertifikaten</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>Datei wählen…</translation>
    </message>
    <message>
        <source>Pick a certificate file (.pem or .crt) from your computer</source>
        <translation>Eine Zertifikatsdatei (.pem oder .crt) auf Ihrem Computer wählen</translation>
    </message>
    <message>
        <source>Self-signed certificate</source>
        <translation>Selbstsigniertes Zertifikat</translation>
    </message>
    <message>
        <source>Follow redirect</source>
        <translation>Weiterleitung folgen</translation>
    </message>
    <message>
        <source>When the server says the answer is elsewhere (3xx), go there</source>
        <translation>Wenn der Server sagt, dass die Antwort woanders liegt (3xx), dorthin gehen</translation>
    </message>
    <message>
        <source>Follow all redirect</source>
        <translation>Allen Weiterleitungen folgen</translation>
    </message>
    <message>
        <source>Also follow redirects for POST, PUT, PATCH and DELETE, not only for GET</source>
        <translation>Weiterleitungen auch bei POST, PUT, PATCH und DELETE folgen, nicht nur bei GET</translation>
    </message>
    <message>
        <source>Evaluate all states as errors</source>
        <translation>Alle Status als Fehler werten</translation>
    </message>
    <message>
        <source>Evaluate all states as errors (except for 2xx and 3xx)</source>
        <translation>Alle Status als Fehler werten (außer 2xx und 3xx)</translation>
    </message>
    <message>
        <source>Stops the run when the server answers with an error such as 404 or 500 (anything but 2xx and 3xx).</source>
        <translation>Hält die Ausführung an, wenn der Server mit einem Fehler wie 404 oder 500 antwortet (alles außer 2xx und 3xx).</translation>
    </message>
    <message>
        <source>Request compressed content</source>
        <translation>Komprimierten Inhalt anfordern</translation>
    </message>
    <message>
        <source>Ask the server to compress its answer, which is faster; Scenarist unpacks it for you</source>
        <translation>Den Server bitten, seine Antwort zu komprimieren, was schneller ist; Scenarist entpackt sie für Sie</translation>
    </message>
    <message>
        <source>Retry when the server is busy</source>
        <translation>Erneut versuchen, wenn der Server ausgelastet ist</translation>
    </message>
    <message>
        <source>Send the request again when the server says it is busy (429, 502, 503, 504) or the connection fails</source>
        <translation>Die Anfrage erneut senden, wenn der Server meldet, dass er ausgelastet ist (429, 502, 503, 504), oder die Verbindung fehlschlägt</translation>
    </message>
    <message>
        <source>up to </source>
        <translation>bis zu </translation>
    </message>
    <message>
        <source> tries</source>
        <translation> Versuche</translation>
    </message>
    <message>
        <source>How many times to send the request in all, the first time included (2 to 10)</source>
        <translation>Wie oft die Anfrage insgesamt gesendet wird, das erste Mal eingeschlossen (2 bis 10)</translation>
    </message>
    <message>
        <source>wait at most </source>
        <translation>höchstens </translation>
    </message>
    <message>
        <source>The longest wait between two tries (1 to 600 seconds), even when the server asks for longer</source>
        <translation>Die längste Wartezeit zwischen zwei Versuchen (1 bis 600 Sekunden), auch wenn der Server um mehr bittet</translation>
    </message>
    <message>
        <source>Waits a little longer after each busy answer, or as long as the server asks. Stop ends a wait at once. The error route, if any, runs only when every try failed.</source>
        <translation>Wartet nach jeder Antwort „ausgelastet“ etwas länger, oder so lange, wie der Server bittet. „Stopp“ beendet eine Wartezeit sofort. Die Fehlerroute, falls vorhanden, läuft nur, wenn jeder Versuch fehlgeschlagen ist.</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Verbergen</translation>
    </message>
    <message>
        <source>Choose a certificate</source>
        <translation>Ein Zertifikat wählen</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>Zertifikate (*.pem *.crt *.cer);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>“%1” stands for a module of another app. It keeps that module&apos;s settings for export, and it does not run in Scenarist.</source>
        <translation>„%1“ steht für ein Modul einer anderen App. Es bewahrt die Einstellungen dieses Moduls für den Export auf und läuft nicht in Scenarist.</translation>
    </message>
    <message>
        <source>“%1” is a module of the kind “%2”. Its settings cannot be changed here yet: it runs as the scenario file says.</source>
        <translation>„%1“ ist ein Modul der Art „%2“. Seine Einstellungen können hier noch nicht geändert werden: Es läuft so, wie die Szenariodatei sagt.</translation>
    </message>
    <message>
        <source>One field has a mistake in a mapping; it is underlined in red. Point at it to see why.</source>
        <translation>Ein Feld hat einen Fehler in einer Zuordnung; es ist rot unterstrichen. Zeigen Sie darauf, um zu sehen, warum.</translation>
    </message>
    <message>
        <source>%1 fields have mistakes in their mappings; they are underlined in red. Point at them to see why.</source>
        <translation>%1 Felder haben Fehler in ihren Zuordnungen; sie sind rot unterstrichen. Zeigen Sie darauf, um zu sehen, warum.</translation>
    </message>
    <message>
        <source>%1 holds a secret. As typed, it would be saved in the scenario file.</source>
        <translation>%1 enthält ein Geheimnis. So eingegeben würde es in der Szenariodatei gespeichert.</translation>
    </message>
    <message>
        <source>There is no keychain to keep the secret in here.</source>
        <translation>Hier gibt es keinen Schlüsselbund, in dem das Geheimnis aufbewahrt werden könnte.</translation>
    </message>
    <message>
        <source>The secret is out of the file, but kept only until Scenarist closes: %1</source>
        <translation>Das Geheimnis ist aus der Datei heraus, wird aber nur bis zum Schließen von Scenarist aufbewahrt: %1</translation>
    </message>
    <message>
        <source>The address needs http:// or https://. Use %1</source>
        <translation>Die Adresse braucht http:// oder https://. Verwenden Sie %1</translation>
    </message>
    <message>
        <source>Click to change the address to %1</source>
        <translation>Klicken, um die Adresse in %1 zu ändern</translation>
    </message>
    <message>
        <source>JSON (application/json)</source>
        <translation>JSON (application/json)</translation>
    </message>
    <message>
        <source>Text (text/plain)</source>
        <translation>Text (text/plain)</translation>
    </message>
</context>
<context>
    <name>ModuleItem</name>
    <message>
        <source>%1, no address yet</source>
        <translation>%1, noch keine Adresse</translation>
    </message>
    <message>
        <source>Make module (cannot run here)</source>
        <translation>Make-Modul (kann hier nicht laufen)</translation>
    </message>
    <message>
        <source>%1 – %2 (module %3)</source>
        <translation>%1 – %2 (Modul %3)</translation>
    </message>
    <message>
        <source>Last run: %1, 1 operation</source>
        <translation>Letzte Ausführung: %1, 1 Operation</translation>
    </message>
    <message>
        <source>Last run: %1, %2 operations</source>
        <translation>Letzte Ausführung: %1, %2 Operationen</translation>
    </message>
    <message>
        <source>A placeholder for a Make module Scenarist cannot run. It keeps its settings, so exporting back to Make gives it back.</source>
        <translation>Ein Platzhalter für ein Make-Modul, das Scenarist nicht ausführen kann. Es bewahrt seine Einstellungen auf, sodass der Export zurück nach Make es wiedergibt.</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Notiz: %1</translation>
    </message>
    <message>
        <source>Double-click to open its settings; drag from the dot on its right to link it to another module.</source>
        <translation>Doppelklicken, um seine Einstellungen zu öffnen; vom Punkt rechts daran ziehen, um es mit einem anderen Modul zu verbinden.</translation>
    </message>
</context>
<context>
    <name>ModuleReferenceCheck</name>
    <message>
        <source>A module cannot use its own output. Pick a value from a module that runs before this one.</source>
        <translation>Ein Modul kann nicht seine eigene Ausgabe verwenden. Wählen Sie einen Wert aus einem Modul, das vor diesem läuft.</translation>
    </message>
    <message>
        <source>Module %1 was deleted, so there is nothing to take from it. Remove this mapping or pick another value.</source>
        <translation>Modul %1 wurde gelöscht, daher gibt es daraus nichts zu übernehmen. Entfernen Sie diese Zuordnung, oder wählen Sie einen anderen Wert.</translation>
    </message>
    <message>
        <source>Module %1 runs after this one, so its output is not available here.</source>
        <translation>Modul %1 läuft nach diesem, daher ist seine Ausgabe hier nicht verfügbar.</translation>
    </message>
    <message>
        <source>The scenario has no input called “%1”, so {{var.input.%1}} stays empty. Declare it under Scenario › Scenario inputs…, or pick another value.</source>
        <translation>Das Szenario hat keine Eingabe namens „%1“, daher bleibt {{var.input.%1}} leer. Legen Sie sie unter Szenario › Szenario-Eingaben… fest, oder wählen Sie einen anderen Wert.</translation>
    </message>
</context>
<context>
    <name>MoveModuleCommand</name>
    <message>
        <source>Move module %1</source>
        <translation>Modul %1 verschieben</translation>
    </message>
</context>
<context>
    <name>MultipartBuilder</name>
    <message>
        <source>The %1 of the multipart field &quot;%2&quot; contains a line break, which a part of the body may not hold (&quot;%3&quot;). Remove it (check what was mapped into it).</source>
        <translation>%1 des Multipart-Felds „%2“ enthält einen Zeilenumbruch, den ein Teil des Bodys nicht enthalten darf („%3“). Entfernen Sie ihn (prüfen Sie, was hineingeordnet wurde).</translation>
    </message>
    <message>
        <source>file name</source>
        <translation>Dateiname</translation>
    </message>
    <message>
        <source>content type</source>
        <translation>Content-Type</translation>
    </message>
    <message>
        <source>The file of the multipart field &quot;%1&quot; was not sent. %2</source>
        <translation>Die Datei des Multipart-Felds „%1“ wurde nicht gesendet. %2</translation>
    </message>
</context>
<context>
    <name>OperationListModel</name>
    <message>
        <source>succeeded</source>
        <translation>erfolgreich</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>failed, dealt with by the error route (%1)</source>
        <translation>fehlgeschlagen, von der Fehlerroute behandelt (%1)</translation>
    </message>
    <message>
        <source>Operation %1  ·  bundle %2</source>
        <translation>Operation %1  ·  Bündel %2</translation>
    </message>
    <message>
        <source>Operation %1, bundle %2: %3</source>
        <translation>Operation %1, Bündel %2: %3</translation>
    </message>
</context>
<context>
    <name>OrderRoutesCommand</name>
    <message>
        <source>Order the routes of module %1</source>
        <translation>Die Routen von Modul %1 ordnen</translation>
    </message>
</context>
<context>
    <name>Origin</name>
    <message>
        <source>“%1” is not a host or an origin: %2</source>
        <translation>„%1“ ist kein Host und kein Origin: %2</translation>
    </message>
    <message>
        <source>it is empty.</source>
        <translation>es ist leer.</translation>
    </message>
    <message>
        <source>write it as https://host or https://host:port.</source>
        <translation>schreiben Sie es als https://host oder https://host:port.</translation>
    </message>
    <message>
        <source>an origin has no path.</source>
        <translation>ein Origin hat keinen Pfad.</translation>
    </message>
    <message>
        <source>write it as host, host:port or https://host:port.</source>
        <translation>schreiben Sie es als host, host:port oder https://host:port.</translation>
    </message>
</context>
<context>
    <name>PaginationSection</name>
    <message>
        <source>One request (the answer is not in pages)</source>
        <translation>Eine Anfrage (die Antwort kommt nicht in Seiten)</translation>
    </message>
    <message>
        <source>Offset and page size (?offset=0&amp;limit=50)</source>
        <translation>Offset und Seitengröße (?offset=0&amp;limit=50)</translation>
    </message>
    <message>
        <source>Page number (?page=1, 2, 3…)</source>
        <translation>Seitennummer (?page=1, 2, 3…)</translation>
    </message>
    <message>
        <source>Next page&apos;s address, given by each answer</source>
        <translation>Adresse der nächsten Seite, von jeder Antwort angegeben</translation>
    </message>
    <message>
        <source>Cursor, given by each answer and sent back</source>
        <translation>Cursor, von jeder Antwort angegeben und zurückgesendet</translation>
    </message>
    <message>
        <source>How the API hands out a long list: the module then fetches every page for you</source>
        <translation>Wie die API eine lange Liste ausgibt: Das Modul ruft dann jede Seite für Sie ab</translation>
    </message>
    <message>
        <source>Pages of results</source>
        <translation>Ergebnisseiten</translation>
    </message>
    <message>
        <source>offset</source>
        <translation>offset</translation>
    </message>
    <message>
        <source>The name of the parameter that says which page, as the API&apos;s documentation writes it</source>
        <translation>Der Name des Parameters, der die Seite angibt, wie ihn die Dokumentation der API schreibt</translation>
    </message>
    <message>
        <source>Page parameter</source>
        <translation>Seitenparameter</translation>
    </message>
    <message>
        <source>in the query string (after ? in the address)</source>
        <translation>im Query-String (nach ? in der Adresse)</translation>
    </message>
    <message>
        <source>as a header</source>
        <translation>als Header</translation>
    </message>
    <message>
        <source>in the body</source>
        <translation>im Body</translation>
    </message>
    <message>
        <source>Where the request carries the page parameter</source>
        <translation>Wo die Anfrage den Seitenparameter trägt</translation>
    </message>
    <message>
        <source>Send it</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>0</source>
        <translation>0</translation>
    </message>
    <message>
        <source>The first offset or page number; leave empty for 0 (offsets) or 1 (pages)</source>
        <translation>Der erste Offset oder die erste Seitennummer; leer lassen für 0 (Offsets) oder 1 (Seiten)</translation>
    </message>
    <message>
        <source>First page</source>
        <translation>Erste Seite</translation>
    </message>
    <message>
        <source>limit</source>
        <translation>limit</translation>
    </message>
    <message>
        <source>The name of the parameter that says how many items a page holds; leave empty if the API has none</source>
        <translation>Der Name des Parameters, der angibt, wie viele Elemente eine Seite enthält; leer lassen, wenn die API keinen hat</translation>
    </message>
    <message>
        <source>Page size parameter</source>
        <translation>Parameter für die Seitengröße</translation>
    </message>
    <message>
        <source>50</source>
        <translation>50</translation>
    </message>
    <message>
        <source>How many items a page holds; the offset moves on by this much</source>
        <translation>Wie viele Elemente eine Seite enthält; der Offset rückt um so viel weiter</translation>
    </message>
    <message>
        <source>Page size</source>
        <translation>Seitengröße</translation>
    </message>
    <message>
        <source>next</source>
        <translation>next</translation>
    </message>
    <message>
        <source>Where the answer gives the next page: a field of its body, such as next or meta.next_cursor, or a value picked from this module&apos;s answer</source>
        <translation>Wo die Antwort die nächste Seite angibt: ein Feld ihres Bodys wie next oder meta.next_cursor, oder ein Wert aus der Antwort dieses Moduls</translation>
    </message>
    <message>
        <source>The answer gives the next page in</source>
        <translation>Die Antwort gibt die nächste Seite an in</translation>
    </message>
    <message>
        <source>items</source>
        <translation>Elemente</translation>
    </message>
    <message>
        <source>Where the answer holds its list of items, such as items or data.results; leave empty when the answer is a list itself</source>
        <translation>Wo die Antwort ihre Liste von Elementen hat, etwa items oder data.results; leer lassen, wenn die Antwort selbst eine Liste ist</translation>
    </message>
    <message>
        <source>The list of items is in</source>
        <translation>Die Liste der Elemente ist in</translation>
    </message>
    <message>
        <source>one bundle per page</source>
        <translation>ein Bündel je Seite</translation>
    </message>
    <message>
        <source>one bundle per item of the list</source>
        <translation>ein Bündel je Element der Liste</translation>
    </message>
    <message>
        <source>One bundle per item lets the next modules run once per item, without an iterator</source>
        <translation>Ein Bündel je Element lässt die nächsten Module einmal je Element laufen, ohne Iterator</translation>
    </message>
    <message>
        <source>Give out</source>
        <translation>Ausgeben</translation>
    </message>
    <message>
        <source>Stop at a page with an empty list</source>
        <translation>Bei einer Seite mit leerer Liste anhalten</translation>
    </message>
    <message>
        <source>a value of the page</source>
        <translation>ein Wert der Seite</translation>
    </message>
    <message>
        <source>A value of each page&apos;s answer, e.g. has_more, picked from this module&apos;s answer</source>
        <translation>Ein Wert der Antwort jeder Seite, z. B. has_more, aus der Antwort dieses Moduls gewählt</translation>
    </message>
    <message>
        <source>How to compare</source>
        <translation>Wie verglichen wird</translation>
    </message>
    <message>
        <source>false</source>
        <translation>false</translation>
    </message>
    <message>
        <source>What to compare it with</source>
        <translation>Womit er verglichen wird</translation>
    </message>
    <message>
        <source>Stop after a page when</source>
        <translation>Nach einer Seite anhalten, wenn</translation>
    </message>
    <message>
        <source>e.g. 404</source>
        <translation>z. B. 404</translation>
    </message>
    <message>
        <source>Statuses that mean there are no more pages (separated by commas): the pages end there, without an error</source>
        <translation>Status, die bedeuten, dass es keine weiteren Seiten gibt (durch Kommas getrennt): Die Seiten enden dort, ohne Fehler</translation>
    </message>
    <message>
        <source>Stop, without error, when the server answers</source>
        <translation>Ohne Fehler anhalten, wenn der Server antwortet mit</translation>
    </message>
    <message>
        <source>at most </source>
        <translation>höchstens </translation>
    </message>
    <message>
        <source> pages</source>
        <translation> Seiten</translation>
    </message>
    <message>
        <source>The most pages to fetch (1 to 10,000)</source>
        <translation>Die meisten abzurufenden Seiten (1 bis 10.000)</translation>
    </message>
    <message>
        <source>any number of items</source>
        <translation>beliebig viele Elemente</translation>
    </message>
    <message>
        <source> items</source>
        <translation> Elemente</translation>
    </message>
    <message>
        <source>The most items to give out; 0 for no limit</source>
        <translation>Die meisten auszugebenden Elemente; 0 für keine Grenze</translation>
    </message>
    <message>
        <source>Stop after a page when this value</source>
        <translation>Nach einer Seite anhalten, wenn dieser Wert</translation>
    </message>
    <message>
        <source>compared this way</source>
        <translation>so verglichen</translation>
    </message>
    <message>
        <source>with this value</source>
        <translation>mit diesem Wert</translation>
    </message>
    <message>
        <source>The most pages</source>
        <translation>Die meisten Seiten</translation>
    </message>
    <message>
        <source>The most items</source>
        <translation>Die meisten Elemente</translation>
    </message>
    <message>
        <source>Leave the first box empty for no condition.</source>
        <translation>Lassen Sie das erste Feld leer für keine Bedingung.</translation>
    </message>
    <message>
        <source>This module stops on %1 conditions, written in its file: they are kept as they are.</source>
        <translation>Dieses Modul hält bei %1 Bedingungen an, die in seiner Datei stehen: Sie bleiben, wie sie sind.</translation>
    </message>
    <message>
        <source>Choose how the API hands out a long list, and the module fetches every page, each one an operation of its own.</source>
        <translation>Wählen Sie, wie die API eine lange Liste ausgibt, und das Modul ruft jede Seite ab, jede als eigene Operation.</translation>
    </message>
    <message>
        <source>Asks for offset 0, then 0 + the page size, and so on, until a page is empty or shorter than the page size.</source>
        <translation>Fragt nach Offset 0, dann 0 + Seitengröße und so weiter, bis eine Seite leer oder kürzer als die Seitengröße ist.</translation>
    </message>
    <message>
        <source>Asks for page 1, 2, 3… until a page is empty or a rule below stops it.</source>
        <translation>Fragt nach Seite 1, 2, 3…, bis eine Seite leer ist oder eine Regel unten anhält.</translation>
    </message>
    <message>
        <source>Goes to the address each answer gives for the next page, until an answer gives none.</source>
        <translation>Geht zu der Adresse, die jede Antwort für die nächste Seite angibt, bis eine Antwort keine angibt.</translation>
    </message>
    <message>
        <source>Sends back the cursor (token) each answer gives, until an answer gives none.</source>
        <translation>Sendet den Cursor (Token) zurück, den jede Antwort angibt, bis eine Antwort keinen angibt.</translation>
    </message>
    <message>
        <source>Leave it empty when the next page is in the answer&apos;s Link header (as on GitHub).</source>
        <translation>Leer lassen, wenn die nächste Seite im Link-Header der Antwort steht (wie bei GitHub).</translation>
    </message>
    <message>
        <source>A field of the answer&apos;s body, such as next_cursor.</source>
        <translation>Ein Feld des Bodys der Antwort, etwa next_cursor.</translation>
    </message>
    <message>
        <source>Cursor parameter</source>
        <translation>Cursor-Parameter</translation>
    </message>
    <message>
        <source>Offset parameter</source>
        <translation>Offset-Parameter</translation>
    </message>
    <message>
        <source>First offset</source>
        <translation>Erster Offset</translation>
    </message>
    <message>
        <source>cursor</source>
        <translation>cursor</translation>
    </message>
    <message>
        <source>page</source>
        <translation>page</translation>
    </message>
    <message>
        <source>1</source>
        <translation>1</translation>
    </message>
</context>
<context>
    <name>Paginator</name>
    <message>
        <source>the server’s Link header “%1” could not be read: %2 at character %3</source>
        <translation>der Link-Header „%1“ des Servers konnte nicht gelesen werden: %2 bei Zeichen %3</translation>
    </message>
    <message>
        <source>an address in &lt;…&gt; was expected</source>
        <translation>eine Adresse in &lt;…&gt; wurde erwartet</translation>
    </message>
    <message>
        <source>the address opened with &lt; is never closed with &gt;</source>
        <translation>die mit &lt; geöffnete Adresse wird nie mit &gt; geschlossen</translation>
    </message>
    <message>
        <source>a “;” or “,” was expected</source>
        <translation>ein „;“ oder „,“ wurde erwartet</translation>
    </message>
    <message>
        <source>a parameter name was expected</source>
        <translation>ein Parametername wurde erwartet</translation>
    </message>
    <message>
        <source>a quoted value is never closed</source>
        <translation>ein Wert in Anführungszeichen wird nie geschlossen</translation>
    </message>
    <message>
        <source>Pagination, %1: %2</source>
        <translation>Paginierung, %1: %2</translation>
    </message>
    <message>
        <source>Pagination, %1: uses a secret, which the page settings may not send. Put the secret in a header or the query instead.</source>
        <translation>Paginierung, %1: verwendet ein Geheimnis, das die Seiteneinstellungen nicht senden dürfen. Setzen Sie das Geheimnis stattdessen in einen Header oder die Query.</translation>
    </message>
    <message>
        <source>page size parameter</source>
        <translation>Parameter für die Seitengröße</translation>
    </message>
    <message>
        <source>first value</source>
        <translation>erster Wert</translation>
    </message>
    <message>
        <source>page size</source>
        <translation>Seitengröße</translation>
    </message>
    <message>
        <source>Pagination: the parameter that names the page is empty. Type its name in the module’s Pagination settings (e.g. %1).</source>
        <translation>Paginierung: Der Parameter, der die Seite angibt, ist leer. Geben Sie seinen Namen in den Paginierungseinstellungen des Moduls ein (z. B. %1).</translation>
    </message>
    <message>
        <source>Pagination: say where the answer gives the next cursor (e.g. next_cursor) in the module’s Pagination settings.</source>
        <translation>Paginierung: Geben Sie in den Paginierungseinstellungen des Moduls an, wo die Antwort den nächsten Cursor angibt (z. B. next_cursor).</translation>
    </message>
    <message>
        <source>Pagination: the first %1 is “%2”, which is not a whole number of 0 or more.</source>
        <translation>Paginierung: Der erste %1 ist „%2“, was keine ganze Zahl von 0 oder mehr ist.</translation>
    </message>
    <message>
        <source>Pagination: the page size is “%1”, which is not a whole number of 1 or more.</source>
        <translation>Paginierung: Die Seitengröße ist „%1“, was keine ganze Zahl von 1 oder mehr ist.</translation>
    </message>
    <message>
        <source>Pagination: the page goes in the body, but the request has no JSON object, form or multipart body to put it in. Send the page in the query instead, or give the request such a body.</source>
        <translation>Paginierung: Die Seite gehört in den Body, aber die Anfrage hat kein JSON-Objekt, kein Formular und keinen Multipart-Body, in den sie passt. Senden Sie die Seite stattdessen in der Query, oder geben Sie der Anfrage einen solchen Body.</translation>
    </message>
    <message>
        <source>Pagination: the request has no body to put the page in.</source>
        <translation>Paginierung: Die Anfrage hat keinen Body, in den die Seite passt.</translation>
    </message>
    <message>
        <source>the next page’s address “%1” is not a web address.</source>
        <translation>die Adresse „%1“ der nächsten Seite ist keine Webadresse.</translation>
    </message>
    <message>
        <source>the next page’s address “%1” is on another site than the first page (%2). Scenarist follows pages only on the same site, so that what the module sends (such as its sign-in) goes nowhere else.</source>
        <translation>die Adresse „%1“ der nächsten Seite liegt auf einer anderen Website als die erste Seite (%2). Scenarist folgt Seiten nur auf derselben Website, damit das, was das Modul sendet (etwa seine Anmeldung), nirgendwo anders hingeht.</translation>
    </message>
    <message>
        <source>Page %1 has no list at “%2”; it was taken as an empty page.</source>
        <translation>Seite %1 hat keine Liste unter „%2“; sie wurde als leere Seite genommen.</translation>
    </message>
    <message>
        <source>Pagination gives one bundle per item, but page %1 is not a list and no list field is chosen. Choose the list in the module’s Pagination settings (e.g. items).</source>
        <translation>Die Paginierung gibt ein Bündel je Element aus, aber Seite %1 ist keine Liste, und kein Listenfeld ist gewählt. Wählen Sie die Liste in den Paginierungseinstellungen des Moduls (z. B. items).</translation>
    </message>
    <message>
        <source>Page %1 was the same as page %2: the server seems to ignore the “%3” parameter, so the pages stopped here instead of going on forever.</source>
        <translation>Seite %1 war gleich Seite %2: Der Server scheint den Parameter „%3“ zu ignorieren, daher endeten die Seiten hier, statt endlos weiterzugehen.</translation>
    </message>
    <message>
        <source>Page %1: %2</source>
        <translation>Seite %1: %2</translation>
    </message>
    <message>
        <source>Page %1 gave as its next page an address already fetched (%2), so the pages stopped here instead of going round forever.</source>
        <translation>Seite %1 gab als nächste Seite eine schon abgerufene Adresse an (%2), daher endeten die Seiten hier, statt endlos im Kreis zu gehen.</translation>
    </message>
    <message>
        <source>Page %1 gave the cursor “%2” again, which was already sent, so the pages stopped here instead of going round forever.</source>
        <translation>Seite %1 gab den Cursor „%2“ erneut an, der schon gesendet wurde, daher endeten die Seiten hier, statt endlos im Kreis zu gehen.</translation>
    </message>
    <message>
        <source>Stopped after %1 pages, the most this module fetches (Pagination, “At most” pages): there may be more.</source>
        <translation>Nach %1 Seiten angehalten, dem Höchsten, was dieses Modul abruft (Paginierung, „höchstens“ Seiten): Es gibt vielleicht mehr.</translation>
    </message>
</context>
<context>
    <name>PrivateFiles</name>
    <message>
        <source>Could not create the folder %1.</source>
        <translation>Der Ordner %1 konnte nicht angelegt werden.</translation>
    </message>
    <message>
        <source>Could not make the folder %1 private to you.</source>
        <translation>Der Ordner %1 konnte nicht privat für Sie gemacht werden.</translation>
    </message>
</context>
<context>
    <name>QLabel</name>
    <message>
        <source>The module&apos;s number. Later modules use it to take values from this one, e.g. {{1.data}}.</source>
        <translation>Die Nummer des Moduls. Spätere Module übernehmen damit Werte aus diesem, z. B. {{1.data}}.</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>&amp;Connections…</source>
        <translation>&amp;Verbindungen…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+K</source>
        <translation>Ctrl+Shift+K</translation>
    </message>
    <message>
        <source>Create, edit and test OAuth 2.0 connections and their secrets</source>
        <translation>OAuth-2.0-Verbindungen und ihre Geheimnisse anlegen, bearbeiten und testen</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Ausführen</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>A&amp;usführen</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Showing the first %1 of %2.</source>
        <translation>Die ersten %1 von %2 werden gezeigt.</translation>
    </message>
    <message>
        <source>Very long lines are broken into several here.</source>
        <translation>Sehr lange Zeilen werden hier auf mehrere umbrochen.</translation>
    </message>
    <message>
        <source>Scenarist scenarios (*.scenario.json *.json);;All files (*)</source>
        <translation>Scenarist-Szenarien (*.scenario.json *.json);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>RecoveryStore</name>
    <message>
        <source>Could not create the folder %1 for autosaves.</source>
        <translation>Der Ordner %1 für automatisches Speichern konnte nicht angelegt werden.</translation>
    </message>
</context>
<context>
    <name>RemoveModuleCommand</name>
    <message>
        <source>Delete module %1</source>
        <translation>Modul %1 löschen</translation>
    </message>
</context>
<context>
    <name>RenameModuleCommand</name>
    <message>
        <source>Rename module %1</source>
        <translation>Modul %1 umbenennen</translation>
    </message>
</context>
<context>
    <name>RenameScenarioCommand</name>
    <message>
        <source>Rename the scenario</source>
        <translation>Das Szenario umbenennen</translation>
    </message>
</context>
<context>
    <name>RepeaterForm</name>
    <message>
        <source>Start at</source>
        <translation>Beginnen bei</translation>
    </message>
    <message>
        <source>The first number it counts from</source>
        <translation>Die erste Zahl, ab der gezählt wird</translation>
    </message>
    <message>
        <source>Number of repeats</source>
        <translation>Anzahl der Wiederholungen</translation>
    </message>
    <message>
        <source>How many bundles it passes on (at most %1)</source>
        <translation>Wie viele Bündel es weitergibt (höchstens %1)</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>What it adds to the number each time</source>
        <translation>Was es jedes Mal zur Zahl addiert</translation>
    </message>
    <message>
        <source>Each bundle it passes on holds the number as “i”.</source>
        <translation>Jedes Bündel, das es weitergibt, enthält die Zahl als „i“.</translation>
    </message>
</context>
<context>
    <name>RepeaterKind</name>
    <message>
        <source>%1 must be a number, but is %2.</source>
        <translation>%1 muss eine Zahl sein, ist aber %2.</translation>
    </message>
    <message>
        <source>repeats must be a whole number from 0 to %L1, but is %2.</source>
        <translation>repeats muss eine ganze Zahl von 0 bis %L1 sein, ist aber %2.</translation>
    </message>
</context>
<context>
    <name>RequestMapper</name>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Query parameter</source>
        <translation>Query-Parameter</translation>
    </message>
    <message>
        <source>Content type</source>
        <translation>Content-Type</translation>
    </message>
    <message>
        <source>Request content</source>
        <translation>Inhalt der Anfrage</translation>
    </message>
    <message>
        <source>Field name</source>
        <translation>Feldname</translation>
    </message>
    <message>
        <source>Field %1</source>
        <translation>Feld %1</translation>
    </message>
    <message>
        <source> (file name)</source>
        <translation> (Dateiname)</translation>
    </message>
    <message>
        <source> (content type)</source>
        <translation> (Content-Type)</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA-Zertifikat</translation>
    </message>
    <message>
        <source>The connection “%1” has no %2. Give it one under Connections.</source>
        <translation>Die Verbindung „%1“ hat kein(e) %2. Geben Sie ihr eines unter „Verbindungen“.</translation>
    </message>
    <message>
        <source>Token URL</source>
        <translation>Token-URL</translation>
    </message>
    <message>
        <source>Client ID</source>
        <translation>Client-ID</translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation>Client-Secret</translation>
    </message>
    <message>
        <source>Scopes</source>
        <translation>Scopes</translation>
    </message>
    <message>
        <source>Token parameter</source>
        <translation>Token-Parameter</translation>
    </message>
    <message>
        <source>Private key</source>
        <translation>Privater Schlüssel</translation>
    </message>
    <message>
        <source>Private key file</source>
        <translation>Datei mit privatem Schlüssel</translation>
    </message>
    <message>
        <source>The private key</source>
        <translation>Der private Schlüssel</translation>
    </message>
    <message>
        <source>private key to sign with (a key file or a secret)</source>
        <translation>privater Schlüssel zum Signieren (eine Schlüsseldatei oder ein Geheimnis)</translation>
    </message>
    <message>
        <source>Refresh token</source>
        <translation>Refresh-Token</translation>
    </message>
    <message>
        <source>Authorization URL</source>
        <translation>Autorisierungs-URL</translation>
    </message>
    <message>
        <source>Redirect URI</source>
        <translation>Weiterleitungs-URI</translation>
    </message>
    <message>
        <source>Revocation URL</source>
        <translation>Widerrufs-URL</translation>
    </message>
    <message>
        <source>token URL</source>
        <translation>Token-URL</translation>
    </message>
    <message>
        <source>Key name</source>
        <translation>Schlüsselname</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <source>key name (the header or parameter the key goes in)</source>
        <translation>Schlüsselname (der Header oder Parameter, in den der Schlüssel kommt)</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>user name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>certificate file</source>
        <translation>Zertifikatsdatei</translation>
    </message>
    <message>
        <source>Certificate file</source>
        <translation>Zertifikatsdatei</translation>
    </message>
    <message>
        <source>Certificate password</source>
        <translation>Zertifikatspasswort</translation>
    </message>
</context>
<context>
    <name>ResponseParser</name>
    <message>
        <source>The response uses the character set &quot;%1&quot;, which Scenarist does not know; it was read as UTF-8.</source>
        <translation>Die Antwort verwendet den Zeichensatz „%1“, den Scenarist nicht kennt; sie wurde als UTF-8 gelesen.</translation>
    </message>
    <message>
        <source>The response is not valid %1 text; the bytes that could not be read were replaced with �.</source>
        <translation>Die Antwort ist kein gültiger %1-Text; die Bytes, die nicht gelesen werden konnten, wurden durch � ersetzt.</translation>
    </message>
    <message>
        <source>The server said it sent JSON, but the response is not valid JSON (%1 at character %2). Turn off &apos;Parse response&apos; to get the raw text.</source>
        <translation>Der Server sagte, er habe JSON gesendet, aber die Antwort ist kein gültiges JSON (%1 bei Zeichen %2). Schalten Sie „Antwort parsen“ aus, um den Rohtext zu erhalten.</translation>
    </message>
    <message>
        <source>garbage at the end of the document</source>
        <translation>Müll am Ende des Dokuments</translation>
    </message>
    <message>
        <source>the body is only spaces</source>
        <translation>der Body besteht nur aus Leerzeichen</translation>
    </message>
</context>
<context>
    <name>ResumeForm</name>
    <message>
        <source>When the module before the error route fails, the run goes on as if it had given these values.</source>
        <translation>Wenn das Modul vor der Fehlerroute fehlschlägt, geht die Ausführung weiter, als hätte es diese Werte geliefert.</translation>
    </message>
    <message>
        <source>Values to go on with</source>
        <translation>Werte, mit denen es weitergeht</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Add a value</source>
        <translation>Einen Wert hinzufügen</translation>
    </message>
</context>
<context>
    <name>RollbackForm</name>
    <message>
        <source>Nothing to set. Put it at the end of an error route: the run stops there and is marked as failed.</source>
        <translation>Nichts einzustellen. Setzen Sie es an das Ende einer Fehlerroute: Die Ausführung endet dort und wird als fehlgeschlagen markiert.</translation>
    </message>
</context>
<context>
    <name>RouteOrderDialog</name>
    <message>
        <source>Move up</source>
        <translation>Nach oben</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Nach unten</translation>
    </message>
    <message>
        <source>Order the routes of %1</source>
        <translation>Die Routen von %1 ordnen</translation>
    </message>
    <message>
        <source>Each bundle takes the routes from the top down: route 1 first, then route 2, and so on. Drag a route, or select it and move it.</source>
        <translation>Jedes Bündel nimmt die Routen von oben nach unten: zuerst Route 1, dann Route 2 und so weiter. Ziehen Sie eine Route, oder wählen Sie sie und verschieben Sie sie.</translation>
    </message>
    <message>
        <source>Routes, in the order bundles take them</source>
        <translation>Routen, in der Reihenfolge, in der Bündel sie nehmen</translation>
    </message>
    <message>
        <source>To %1. %2</source>
        <translation>Zu %1. %2</translation>
    </message>
    <message>
        <source>with a filter</source>
        <translation>mit einem Filter</translation>
    </message>
    <message>
        <source>filter ‘%1’</source>
        <translation>Filter ‘%1’</translation>
    </message>
    <message>
        <source>fallback route</source>
        <translation>Ersatzroute</translation>
    </message>
</context>
<context>
    <name>RouterForm</name>
    <message>
        <source>A router has nothing to set: its routes are the links that leave it. To add a route, right-click the router on the canvas and choose Add a route. To choose which bundles take a route, click the round sign in the middle of its link and set up a filter; right-click a link to make it the fallback route or to order the routes.</source>
        <translation>Ein Router hat nichts einzustellen: Seine Routen sind die Verbindungslinien, die von ihm ausgehen. Um eine Route hinzuzufügen, klicken Sie mit der rechten Maustaste auf den Router auf der Arbeitsfläche und wählen „Eine Route hinzufügen“. Um zu wählen, welche Bündel eine Route nehmen, klicken Sie auf das runde Zeichen in der Mitte ihrer Verbindungslinie und richten einen Filter ein; klicken Sie mit der rechten Maustaste auf eine Verbindungslinie, um sie zur Ersatzroute zu machen oder die Routen zu ordnen.</translation>
    </message>
</context>
<context>
    <name>RunHistory</name>
    <message>
        <source>PostgreSQL support is not installed: install the package libqt6sql6-psql.</source>
        <translation>Die PostgreSQL-Unterstützung ist nicht installiert: Installieren Sie das Paket libqt6sql6-psql.</translation>
    </message>
    <message>
        <source>SQLite support is not installed: install the package libqt6sql6-sqlite.</source>
        <translation>Die SQLite-Unterstützung ist nicht installiert: Installieren Sie das Paket libqt6sql6-sqlite.</translation>
    </message>
    <message>
        <source>could not open the run history at %1: %2</source>
        <translation>der Ausführungsverlauf unter %1 konnte nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>could not use the run history at %1: %2</source>
        <translation>der Ausführungsverlauf unter %1 konnte nicht verwendet werden: %2</translation>
    </message>
    <message>
        <source>could not record the run in the history at %1: %2</source>
        <translation>die Ausführung konnte nicht im Verlauf unter %1 festgehalten werden: %2</translation>
    </message>
    <message>
        <source>could not delete the history at %1: %2</source>
        <translation>der Verlauf unter %1 konnte nicht gelöscht werden: %2</translation>
    </message>
</context>
<context>
    <name>RunInputsForm</name>
    <message>
        <source>Scenario inputs</source>
        <translation>Szenario-Eingaben</translation>
    </message>
    <message>
        <source>This scenario asks for these values before it runs. Fields marked * are required.</source>
        <translation>Dieses Szenario fragt vor der Ausführung nach diesen Werten. Mit * markierte Felder sind erforderlich.</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Ausführen</translation>
    </message>
    <message>
        <source>input %1: </source>
        <translation>Eingabe %1: </translation>
    </message>
</context>
<context>
    <name>RunOutcome</name>
    <message>
        <source>Finished successfully</source>
        <translation>Erfolgreich beendet</translation>
    </message>
    <message>
        <source>Finished with warnings: 1 bundle could not be finished</source>
        <translation>Mit Warnungen beendet: 1 Bündel konnte nicht abgeschlossen werden</translation>
    </message>
    <message>
        <source>Finished with warnings: %1 bundles could not be finished</source>
        <translation>Mit Warnungen beendet: %1 Bündel konnten nicht abgeschlossen werden</translation>
    </message>
    <message>
        <source>Stopped with an error</source>
        <translation>Mit einem Fehler angehalten</translation>
    </message>
    <message>
        <source>see which</source>
        <translation>welche, sehen Sie hier</translation>
    </message>
    <message>
        <source>Stopped with an error in “%1”</source>
        <translation>Mit einem Fehler in „%1“ angehalten</translation>
    </message>
    <message>
        <source>see what went wrong</source>
        <translation>sehen, was schiefging</translation>
    </message>
</context>
<context>
    <name>RunResult</name>
    <message>
        <source>not run yet</source>
        <translation>noch nicht ausgeführt</translation>
    </message>
    <message>
        <source>not run (an earlier module failed)</source>
        <translation>nicht ausgeführt (ein früheres Modul ist fehlgeschlagen)</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation>erfolgreich</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>Scenario</name>
    <message>
        <source>A scenario holds at most %L1 modules, and this one has %L2, so no more can be added. Split it into several scenarios.</source>
        <translation>Ein Szenario enthält höchstens %L1 Module, und dieses hat %L2, daher können keine weiteren hinzugefügt werden. Teilen Sie es in mehrere Szenarien auf.</translation>
    </message>
    <message>
        <source>Module numbers in this scenario have reached %L1, the largest a scenario may use, so no module can be added. Start a new scenario for more modules.</source>
        <translation>Die Modulnummern in diesem Szenario haben %L1 erreicht, die größte, die ein Szenario verwenden darf, daher kann kein Modul hinzugefügt werden. Beginnen Sie ein neues Szenario für weitere Module.</translation>
    </message>
</context>
<context>
    <name>ScenarioFile</name>
    <message>
        <source>Module %1</source>
        <translation>Modul %1</translation>
    </message>
    <message>
        <source>The module at position %1 in the list</source>
        <translation>Das Modul an Position %1 der Liste</translation>
    </message>
    <message>
        <source>The scenario</source>
        <translation>Das Szenario</translation>
    </message>
    <message>
        <source>%1, key “%2”: %3</source>
        <translation>%1, Schlüssel „%2“: %3</translation>
    </message>
    <message>
        <source>%1: ignored the unknown key “%2%3”.</source>
        <translation>%1: der unbekannte Schlüssel „%2%3“ wurde ignoriert.</translation>
    </message>
    <message>
        <source>must be on one line, but holds a line break; it goes into a header of the request, where a line break would start another header.</source>
        <translation>muss in einer Zeile stehen, enthält aber einen Zeilenumbruch; es kommt in einen Header der Anfrage, wo ein Zeilenumbruch einen weiteren Header beginnen würde.</translation>
    </message>
    <message>
        <source>%1: ignored the unknown key “%2”.</source>
        <translation>%1: der unbekannte Schlüssel „%2“ wurde ignoriert.</translation>
    </message>
    <message>
        <source>“%1” is not a way of paging. Use one of %2.</source>
        <translation>„%1“ ist keine Art des Seitenabrufs. Verwenden Sie eine von %2.</translation>
    </message>
    <message>
        <source>“%1” is not a place of a request. Use query, header or body.</source>
        <translation>„%1“ ist keine Stelle einer Anfrage. Verwenden Sie query, header oder body.</translation>
    </message>
    <message>
        <source>“%1” is not a choice here. Use page (one bundle per page) or item (one bundle per item of the list).</source>
        <translation>„%1“ ist hier keine Auswahl. Verwenden Sie page (ein Bündel je Seite) oder item (ein Bündel je Element der Liste).</translation>
    </message>
    <message>
        <source>“%1” is not a body type. Use none, raw, urlencoded or multipart.</source>
        <translation>„%1“ ist kein Body-Typ. Verwenden Sie none, raw, urlencoded oder multipart.</translation>
    </message>
    <message>
        <source>must be an object, but is %1.</source>
        <translation>muss ein Objekt sein, ist aber %1.</translation>
    </message>
    <message>
        <source>“%1” is not a kind of authentication. Use none, basic or connection.</source>
        <translation>„%1“ ist keine Art der Authentifizierung. Verwenden Sie none, basic oder connection.</translation>
    </message>
    <message>
        <source>is missing; say which connection the module signs in with.</source>
        <translation>fehlt; geben Sie an, mit welcher Verbindung sich das Modul anmeldet.</translation>
    </message>
    <message>
        <source>there is no connection “%1” in this scenario (it has %2).</source>
        <translation>es gibt keine Verbindung „%1“ in diesem Szenario (es hat %2).</translation>
    </message>
    <message>
        <source>must be an object describing a connection, but is %1.</source>
        <translation>muss ein Objekt sein, das eine Verbindung beschreibt, ist aber %1.</translation>
    </message>
    <message>
        <source>The connection at position %1 in the list</source>
        <translation>Die Verbindung an Position %1 der Liste</translation>
    </message>
    <message>
        <source>Connection “%1”</source>
        <translation>Verbindung „%1“</translation>
    </message>
    <message>
        <source>is missing or empty; modules refer to a connection by its id.</source>
        <translation>fehlt oder ist leer; Module verweisen über ihre id auf eine Verbindung.</translation>
    </message>
    <message>
        <source>another connection already has this id; each needs its own.</source>
        <translation>eine andere Verbindung hat bereits diese id; jede braucht ihre eigene.</translation>
    </message>
    <message>
        <source>“%1” is a kind of connection this Scenarist does not know. It knows %2.</source>
        <translation>„%1“ ist eine Art von Verbindung, die dieses Scenarist nicht kennt. Es kennt %2.</translation>
    </message>
    <message>
        <source>“%1” is not a way to send the client ID and secret. Use body, basic, privateKeyJwt or clientSecretJwt.</source>
        <translation>„%1“ ist keine Art, Client-ID und Secret zu senden. Verwenden Sie body, basic, privateKeyJwt oder clientSecretJwt.</translation>
    </message>
    <message>
        <source>must be a secret reference such as {{secrets.%1}}, never the refresh token itself.</source>
        <translation>muss ein Verweis auf ein Geheimnis wie {{secrets.%1}} sein, nie das Refresh-Token selbst.</translation>
    </message>
    <message>
        <source>must be an HTTP status code from 100 to 599, like 401.</source>
        <translation>muss ein HTTP-Statuscode von 100 bis 599 sein, etwa 401.</translation>
    </message>
    <message>
        <source>“%1” is not a place for an API key. Use header or query.</source>
        <translation>„%1“ ist keine Stelle für einen API-Schlüssel. Verwenden Sie header oder query.</translation>
    </message>
    <message>
        <source>is missing; an HTTP module needs at least a URL.</source>
        <translation>fehlt; ein HTTP-Modul braucht mindestens eine URL.</translation>
    </message>
    <message>
        <source>is missing; every HTTP module needs a URL (it may be empty).</source>
        <translation>fehlt; jedes HTTP-Modul braucht eine URL (sie darf leer sein).</translation>
    </message>
    <message>
        <source>“%1” is not a method. Use one of %2.</source>
        <translation>„%1“ ist keine Methode. Verwenden Sie eine von %2.</translation>
    </message>
    <message>
        <source>module %1 (“%2”)</source>
        <translation>Modul %1 („%2“)</translation>
    </message>
    <message>
        <source>module %1</source>
        <translation>Modul %1</translation>
    </message>
    <message>
        <source>… (%L1 modules in all)</source>
        <translation>… (insgesamt %L1 Module)</translation>
    </message>
    <message>
        <source>the links go round in a circle: %1. No module of a circle can run first; remove one of these links.</source>
        <translation>die Verbindungslinien laufen im Kreis: %1. Kein Modul eines Kreises kann zuerst laufen; entfernen Sie eine dieser Verbindungslinien.</translation>
    </message>
    <message>
        <source>The scenario, key “version”: must be a whole number (the file format version), but is %1.</source>
        <translation>Das Szenario, Schlüssel „version“: muss eine ganze Zahl sein (die Version des Dateiformats), ist aber %1.</translation>
    </message>
    <message>
        <source>This scenario was saved by a newer Scenarist (file format version %1; this Scenarist reads version %2). Update Scenarist to open it.</source>
        <translation>Dieses Szenario wurde von einem neueren Scenarist gespeichert (Dateiformat-Version %1; dieses Scenarist liest Version %2). Aktualisieren Sie Scenarist, um es zu öffnen.</translation>
    </message>
    <message>
        <source>The scenario, key “version”: %1 is not a valid file format version.</source>
        <translation>Das Szenario, Schlüssel „version“: %1 ist keine gültige Version des Dateiformats.</translation>
    </message>
    <message>
        <source>holds %L1 modules; a scenario may have at most %L2.</source>
        <translation>enthält %L1 Module; ein Szenario darf höchstens %L2 haben.</translation>
    </message>
    <message>
        <source>must be an object describing a module, but is %1.</source>
        <translation>muss ein Objekt sein, das ein Modul beschreibt, ist aber %1.</translation>
    </message>
    <message>
        <source>is missing; every module needs a number.</source>
        <translation>fehlt; jedes Modul braucht eine Nummer.</translation>
    </message>
    <message>
        <source>another module already has the number %1; each module needs its own.</source>
        <translation>ein anderes Modul hat bereits die Nummer %1; jedes Modul braucht seine eigene.</translation>
    </message>
    <message>
        <source>is missing; it says what the module does, e.g. “%1”.</source>
        <translation>fehlt; es sagt, was das Modul tut, z. B. „%1“.</translation>
    </message>
    <message>
        <source>%1: “%2” is a kind of module this Scenarist does not know; it is kept as a placeholder that cannot run.</source>
        <translation>%1: „%2“ ist eine Art von Modul, die dieses Scenarist nicht kennt; es wird als Platzhalter aufbewahrt, der nicht laufen kann.</translation>
    </message>
    <message>
        <source>“%1” is a kind of module this Scenarist does not know. It knows “%2”.</source>
        <translation>„%1“ ist eine Art von Modul, die dieses Scenarist nicht kennt. Es kennt „%2“.</translation>
    </message>
    <message>
        <source>must be two numbers [x, y], like [0, 0].</source>
        <translation>muss aus zwei Zahlen [x, y] bestehen, etwa [0, 0].</translation>
    </message>
    <message>
        <source>must be {&quot;from&quot;: module number, &quot;to&quot;: module number}.</source>
        <translation>muss {&quot;from&quot;: Modulnummer, &quot;to&quot;: Modulnummer} sein.</translation>
    </message>
    <message>
        <source>refers to module %1, which is not in the scenario.</source>
        <translation>verweist auf Modul %1, das nicht im Szenario ist.</translation>
    </message>
    <message>
        <source>links module %1 to itself.</source>
        <translation>verbindet Modul %1 mit sich selbst.</translation>
    </message>
    <message>
        <source>The scenario was saved by an older Scenarist: its links now form one chain, in the order its modules ran.</source>
        <translation>Das Szenario wurde von einem älteren Scenarist gespeichert: Seine Verbindungslinien bilden jetzt eine Kette, in der Reihenfolge, in der seine Module liefen.</translation>
    </message>
    <message>
        <source>line %1, column %2</source>
        <translation>Zeile %1, Spalte %2</translation>
    </message>
    <message>
        <source>The file is empty.</source>
        <translation>Die Datei ist leer.</translation>
    </message>
    <message>
        <source>The file is not valid JSON: %1 at %2.</source>
        <translation>Die Datei ist kein gültiges JSON: %1 bei %2.</translation>
    </message>
    <message>
        <source>There is no file at %1.</source>
        <translation>Unter %1 gibt es keine Datei.</translation>
    </message>
    <message>
        <source>%1 is a folder, not a scenario file.</source>
        <translation>%1 ist ein Ordner, keine Szenariodatei.</translation>
    </message>
    <message>
        <source>%1 is %2 MB, too large to be a scenario.</source>
        <translation>%1 ist %2 MB groß, zu groß für ein Szenario.</translation>
    </message>
    <message>
        <source>Could not save to %1: %2.</source>
        <translation>Speichern in %1 nicht möglich: %2.</translation>
    </message>
    <message>
        <source>Could not save to %1: %2. The previous file is unchanged.</source>
        <translation>Speichern in %1 nicht möglich: %2. Die vorherige Datei ist unverändert.</translation>
    </message>
    <message>
        <source>This is not a Scenarist scenario: it has no “format” key saying “%1”.</source>
        <translation>Das ist kein Scenarist-Szenario: Es hat keinen Schlüssel „format“ mit dem Wert „%1“.</translation>
    </message>
    <message>
        <source>This is not a Scenarist scenario: its “format” is %1, not “%2”.</source>
        <translation>Das ist kein Scenarist-Szenario: Sein „format“ ist %1, nicht „%2“.</translation>
    </message>
    <message>
        <source>“%1” is not a time zone this computer knows; use a name such as “Europe/Paris”, or leave the key out to use the computer&apos;s zone.</source>
        <translation>„%1“ ist keine Zeitzone, die dieser Computer kennt; verwenden Sie einen Namen wie „Europe/Berlin“, oder lassen Sie den Schlüssel weg, um die Zeitzone des Computers zu verwenden.</translation>
    </message>
    <message>
        <source>This is not a Scenarist scenario: the file holds a list, not an object with “format” and “modules”.</source>
        <translation>Das ist kein Scenarist-Szenario: Die Datei enthält eine Liste, kein Objekt mit „format“ und „modules“.</translation>
    </message>
</context>
<context>
    <name>ScenarioInputs</name>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Zahl</translation>
    </message>
    <message>
        <source>Yes or no</source>
        <translation>Ja oder nein</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Choice from a list</source>
        <translation>Auswahl aus einer Liste</translation>
    </message>
    <message>
        <source>List</source>
        <translation>Liste</translation>
    </message>
    <message>
        <source>Collection (names and values)</source>
        <translation>Sammlung (Namen und Werte)</translation>
    </message>
    <message>
        <source>text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>eine Zahl</translation>
    </message>
    <message>
        <source>true or false (or yes or no)</source>
        <translation>true oder false (oder yes oder no)</translation>
    </message>
    <message>
        <source>a date such as 2026-12-31 or 2026-12-31T09:30:00Z</source>
        <translation>ein Datum wie 2026-12-31 oder 2026-12-31T09:30:00Z</translation>
    </message>
    <message>
        <source>one of its options</source>
        <translation>eine ihrer Optionen</translation>
    </message>
    <message>
        <source>one of %1</source>
        <translation>eines von %1</translation>
    </message>
    <message>
        <source>a list (items separated by commas, or a JSON list such as [&quot;a&quot;, &quot;b&quot;])</source>
        <translation>eine Liste (Einträge durch Kommas getrennt oder eine JSON-Liste wie [&quot;a&quot;, &quot;b&quot;])</translation>
    </message>
    <message>
        <source>a collection (a JSON object such as {&quot;key&quot;: &quot;value&quot;})</source>
        <translation>eine Sammlung (ein JSON-Objekt wie {&quot;key&quot;: &quot;value&quot;})</translation>
    </message>
    <message>
        <source>an input needs a name.</source>
        <translation>eine Eingabe braucht einen Namen.</translation>
    </message>
    <message>
        <source>the name “%1…” is longer than %2 characters.</source>
        <translation>der Name „%1…“ ist länger als %2 Zeichen.</translation>
    </message>
    <message>
        <source>“%1” cannot name an input: use letters, digits and _ only, without spaces, and do not start with a digit.</source>
        <translation>„%1“ kann keine Eingabe benennen: Verwenden Sie nur Buchstaben, Ziffern und _, ohne Leerzeichen, und beginnen Sie nicht mit einer Ziffer.</translation>
    </message>
    <message>
        <source>expected %1, got %2</source>
        <translation>erwartet wurde %1, erhalten wurde %2</translation>
    </message>
    <message>
        <source>holds %L1 inputs; a scenario may have at most %L2.</source>
        <translation>enthält %L1 Eingaben; ein Szenario darf höchstens %L2 haben.</translation>
    </message>
    <message>
        <source>“%1” is declared twice; give each input its own name.</source>
        <translation>„%1“ ist zweimal festgelegt; geben Sie jeder Eingabe einen eigenen Namen.</translation>
    </message>
    <message>
        <source>the input “%1” is a choice from a list, but has no options; give at least one.</source>
        <translation>die Eingabe „%1“ ist eine Auswahl aus einer Liste, hat aber keine Optionen; geben Sie mindestens eine an.</translation>
    </message>
    <message>
        <source>holds %L1 options; an input may have at most %L2.</source>
        <translation>enthält %L1 Optionen; eine Eingabe darf höchstens %L2 haben.</translation>
    </message>
    <message>
        <source>the input “%1” has an empty option; remove it.</source>
        <translation>die Eingabe „%1“ hat eine leere Option; entfernen Sie sie.</translation>
    </message>
    <message>
        <source>the default of “%1”: %2.</source>
        <translation>der Standardwert von „%1“: %2.</translation>
    </message>
    <message>
        <source>input %1: this scenario has no inputs.</source>
        <translation>Eingabe %1: dieses Szenario hat keine Eingaben.</translation>
    </message>
    <message>
        <source>input %1: this scenario has no input called that; its inputs are %2.</source>
        <translation>Eingabe %1: dieses Szenario hat keine Eingabe dieses Namens; seine Eingaben sind %2.</translation>
    </message>
    <message>
        <source>input %1: a value is required (%2).</source>
        <translation>Eingabe %1: ein Wert ist erforderlich (%2).</translation>
    </message>
    <message>
        <source>input %1: %2</source>
        <translation>Eingabe %1: %2</translation>
    </message>
    <message>
        <source>must be an object describing an input, but is %1.</source>
        <translation>muss ein Objekt sein, das eine Eingabe beschreibt, ist aber %1.</translation>
    </message>
    <message>
        <source>“%1” is not a type of input; use one of %2.</source>
        <translation>„%1“ ist kein Eingabetyp; verwenden Sie einen von %2.</translation>
    </message>
</context>
<context>
    <name>ScenarioInputsDialog</name>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>&amp;Up</source>
        <translation>Nach &amp;oben</translation>
    </message>
    <message>
        <source>Do&amp;wn</source>
        <translation>Nach &amp;unten</translation>
    </message>
    <message>
        <source>Required: a run cannot start without it</source>
        <translation>Erforderlich: Ohne sie kann keine Ausführung starten</translation>
    </message>
    <message>
        <source>&amp;Options:</source>
        <translation>O&amp;ptionen:</translation>
    </message>
    <message>
        <source>Scenario inputs</source>
        <translation>Szenario-Eingaben</translation>
    </message>
    <message>
        <source>Values the scenario asks for each time it runs. Modules use them as {{var.input.NAME}}: pick them in the mapping panel under Variables › Scenario inputs.</source>
        <translation>Werte, nach denen das Szenario bei jeder Ausführung fragt. Module verwenden sie als {{var.input.NAME}}: Wählen Sie sie im Zuordnungsbereich unter Variablen › Szenario-Eingaben.</translation>
    </message>
    <message>
        <source>letters, digits and _, such as pageSize</source>
        <translation>Buchstaben, Ziffern und _, etwa pageSize</translation>
    </message>
    <message>
        <source>What to enter, in a few words</source>
        <translation>Was einzugeben ist, in wenigen Worten</translation>
    </message>
    <message>
        <source>One option per line</source>
        <translation>Eine Option pro Zeile</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>&amp;Typ:</translation>
    </message>
    <message>
        <source>De&amp;fault:</source>
        <translation>&amp;Standardwert:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Beschreibung:</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Standardwert</translation>
    </message>
</context>
<context>
    <name>ScenarioOpener</name>
    <message>
        <source>There is no file at %1.</source>
        <translation>Unter %1 gibt es keine Datei.</translation>
    </message>
    <message>
        <source>%1 is not valid JSON: %2 at %3.</source>
        <translation>%1 ist kein gültiges JSON: %2 bei %3.</translation>
    </message>
    <message>
        <source>%1 is not a Make blueprint: it has no “flow” of modules.</source>
        <translation>%1 ist kein Make-Blueprint: Es hat keinen „flow“ von Modulen.</translation>
    </message>
</context>
<context>
    <name>ScenarioRunner</name>
    <message>
        <source>This module is a placeholder for “%1”, a module Scenarist cannot run: only HTTP “Make a request” modules can. Replace it with an HTTP module or delete it.</source>
        <translation>Dieses Modul ist ein Platzhalter für „%1“, ein Modul, das Scenarist nicht ausführen kann: Nur HTTP-Module „Anfrage stellen“ können das. Ersetzen Sie es durch ein HTTP-Modul, oder löschen Sie es.</translation>
    </message>
    <message>
        <source>This module (%1) cannot run in Scenarist: only HTTP “Make a request” modules can.</source>
        <translation>Dieses Modul (%1) kann in Scenarist nicht laufen: Nur HTTP-Module „Anfrage stellen“ können das.</translation>
    </message>
    <message>
        <source>This module signs in with a connection, but none is chosen. Choose one in its Authentication settings.</source>
        <translation>Dieses Modul meldet sich mit einer Verbindung an, aber keine ist gewählt. Wählen Sie eine in seinen Einstellungen unter „Authentifizierung“.</translation>
    </message>
    <message>
        <source>This module signs in with the connection “%1”, which is not in the scenario. Choose another in its Authentication settings.</source>
        <translation>Dieses Modul meldet sich mit der Verbindung „%1“ an, die nicht im Szenario ist. Wählen Sie eine andere in seinen Einstellungen unter „Authentifizierung“.</translation>
    </message>
    <message>
        <source>Connection “%1”, %2</source>
        <translation>Verbindung „%1“, %2</translation>
    </message>
    <message>
        <source>Connection “%1”: %2</source>
        <translation>Verbindung „%1“: %2</translation>
    </message>
    <message>
        <source>The connection “%1” is not signed in: click Sign in under Connections.</source>
        <translation>Die Verbindung „%1“ ist nicht angemeldet: Klicken Sie unter „Verbindungen“ auf „Anmelden“.</translation>
    </message>
    <message>
        <source>Connection “%1”, private key file: %2</source>
        <translation>Verbindung „%1“, Datei mit privatem Schlüssel: %2</translation>
    </message>
    <message>
        <source>The private key file “%1”</source>
        <translation>Die Datei mit dem privaten Schlüssel „%1“</translation>
    </message>
    <message>
        <source>The module&apos;s own %1 header was not sent: the connection “%2” signs the request in.</source>
        <translation>Der eigene %1-Header des Moduls wurde nicht gesendet: Die Verbindung „%2“ meldet die Anfrage an.</translation>
    </message>
    <message>
        <source>No token cache is available to sign in with a connection.</source>
        <translation>Kein Token-Zwischenspeicher verfügbar, um sich mit einer Verbindung anzumelden.</translation>
    </message>
    <message>
        <source>The server answered %1 to the token of the connection “%2”, so it was treated as expired: a new token was fetched and the request sent again.</source>
        <translation>Der Server hat auf das Token der Verbindung „%2“ mit %1 geantwortet, daher wurde es als abgelaufen behandelt: Ein neues Token wurde geholt und die Anfrage erneut gesendet.</translation>
    </message>
    <message>
        <source>The server answered %1.</source>
        <translation>Der Server hat mit %1 geantwortet.</translation>
    </message>
    <message>
        <source>You stopped the run before this module finished.</source>
        <translation>Sie haben die Ausführung angehalten, bevor dieses Modul fertig war.</translation>
    </message>
</context>
<context>
    <name>ScenarioScene</name>
    <message>
        <source>Delete %1 modules</source>
        <translation>%1 Module löschen</translation>
    </message>
    <message>
        <source>Delete %1 links</source>
        <translation>%1 Verbindungslinien löschen</translation>
    </message>
    <message>
        <source>Delete module %1 and links</source>
        <translation>Modul %1 und Verbindungslinien löschen</translation>
    </message>
    <message>
        <source>Delete %1 modules and links</source>
        <translation>%1 Module und Verbindungslinien löschen</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Open this module&apos;s settings</source>
        <translation>Die Einstellungen dieses Moduls öffnen</translation>
    </message>
    <message>
        <source>Run this module only</source>
        <translation>Nur dieses Modul ausführen</translation>
    </message>
    <message>
        <source>Run just this module, using what the modules before it returned last time</source>
        <translation>Nur dieses Modul ausführen, mit dem, was die Module davor beim letzten Mal zurückgegeben haben</translation>
    </message>
    <message>
        <source>Add a route</source>
        <translation>Eine Route hinzufügen</translation>
    </message>
    <message>
        <source>Add a module on a new route of this router</source>
        <translation>Ein Modul auf einer neuen Route dieses Routers hinzufügen</translation>
    </message>
    <message>
        <source>Order routes…</source>
        <translation>Routen ordnen…</translation>
    </message>
    <message>
        <source>Choose which route bundles take first</source>
        <translation>Wählen, welche Route Bündel zuerst nehmen</translation>
    </message>
    <message>
        <source>Add a second route first</source>
        <translation>Fügen Sie zuerst eine zweite Route hinzu</translation>
    </message>
    <message>
        <source>Add a module after</source>
        <translation>Ein Modul danach hinzufügen</translation>
    </message>
    <message>
        <source>Add a module that runs after this one</source>
        <translation>Ein Modul hinzufügen, das nach diesem läuft</translation>
    </message>
    <message>
        <source>Add error handler</source>
        <translation>Fehlerbehandlung hinzufügen</translation>
    </message>
    <message>
        <source>Choose what happens when this module fails: ignore it, retry later, use another answer…</source>
        <translation>Wählen, was passiert, wenn dieses Modul fehlschlägt: ignorieren, später erneut versuchen, eine andere Antwort verwenden…</translation>
    </message>
    <message>
        <source>This module has an error handler already</source>
        <translation>Dieses Modul hat bereits eine Fehlerbehandlung</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
    <message>
        <source>Give this module a name of your own</source>
        <translation>Diesem Modul einen eigenen Namen geben</translation>
    </message>
    <message>
        <source>Clone</source>
        <translation>Klonen</translation>
    </message>
    <message>
        <source>Add a copy of this module with its settings</source>
        <translation>Eine Kopie dieses Moduls mit seinen Einstellungen hinzufügen</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy this module to the clipboard</source>
        <translation>Dieses Modul in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>Edit the note</source>
        <translation>Die Notiz bearbeiten</translation>
    </message>
    <message>
        <source>Add a note</source>
        <translation>Eine Notiz hinzufügen</translation>
    </message>
    <message>
        <source>Write a note that shows on this module</source>
        <translation>Eine Notiz schreiben, die auf diesem Modul erscheint</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Delete this module and its links</source>
        <translation>Dieses Modul und seine Verbindungslinien löschen</translation>
    </message>
    <message>
        <source>Make the route to module %1 the fallback</source>
        <translation>Die Route zu Modul %1 zur Ersatzroute machen</translation>
    </message>
    <message>
        <source>Route to module %1 is no longer the fallback</source>
        <translation>Die Route zu Modul %1 ist nicht mehr die Ersatzroute</translation>
    </message>
    <message>
        <source>Move %1 modules</source>
        <translation>%1 Module verschieben</translation>
    </message>
    <message>
        <source>Add a module here</source>
        <translation>Hier ein Modul hinzufügen</translation>
    </message>
    <message>
        <source>Edit the filter</source>
        <translation>Den Filter bearbeiten</translation>
    </message>
    <message>
        <source>Set up a filter</source>
        <translation>Einen Filter einrichten</translation>
    </message>
    <message>
        <source>Let only some bundles through to module %1</source>
        <translation>Nur manche Bündel zu Modul %1 durchlassen</translation>
    </message>
    <message>
        <source>Remove the filter</source>
        <translation>Den Filter entfernen</translation>
    </message>
    <message>
        <source>Why were bundles stopped?</source>
        <translation>Warum wurden Bündel angehalten?</translation>
    </message>
    <message>
        <source>Fallback route</source>
        <translation>Ersatzroute</translation>
    </message>
    <message>
        <source>Bundles take this route only when no other route lets them through</source>
        <translation>Bündel nehmen diese Route nur, wenn keine andere Route sie durchlässt</translation>
    </message>
    <message>
        <source>Delete link</source>
        <translation>Verbindungslinie löschen</translation>
    </message>
</context>
<context>
    <name>Scenarist</name>
    <message>
        <source>Give a scenario (or Make blueprint) and the picture to write: scenarist --render FILE OUT.svg (or OUT.png)</source>
        <translation>Geben Sie ein Szenario (oder einen Make-Blueprint) und das zu schreibende Bild an: scenarist --render FILE OUT.svg (oder OUT.png)</translation>
    </message>
    <message>
        <source>Cannot write %1: Scenarist draws pictures as PNG or SVG, so end the name with .png or .svg.</source>
        <translation>%1 kann nicht geschrieben werden: Scenarist zeichnet Bilder als PNG oder SVG, lassen Sie den Namen also auf .png oder .svg enden.</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>Chain HTTP requests on a canvas.</source>
        <translation>HTTP-Anfragen auf einer Arbeitsfläche verketten.</translation>
    </message>
    <message>
        <source>Draw the canvas of FILE (a scenario or a Make blueprint) into OUT, an .svg or .png picture, without opening a window: scenarist --render FILE OUT.svg</source>
        <translation>Die Arbeitsfläche von FILE (ein Szenario oder ein Make-Blueprint) in OUT zeichnen, ein .svg- oder .png-Bild, ohne ein Fenster zu öffnen: scenarist --render FILE OUT.svg</translation>
    </message>
    <message>
        <source>With --render: lay the modules out as the canvas&apos;s Auto-align button does before drawing.</source>
        <translation>Mit --render: die Module vor dem Zeichnen so anordnen, wie es die Schaltfläche „Automatisch ausrichten“ der Arbeitsfläche tut.</translation>
    </message>
    <message>
        <source>A scenario to open.</source>
        <translation>Ein zu öffnendes Szenario.</translation>
    </message>
    <message>
        <source>With --render: the picture to write (.svg or .png).</source>
        <translation>Mit --render: das zu schreibende Bild (.svg oder .png).</translation>
    </message>
    <message>
        <source> See scenarist --help.</source>
        <translation> Siehe scenarist --help.</translation>
    </message>
</context>
<context>
    <name>ScenaristRun</name>
    <message>
        <source>The scenario to run.</source>
        <translation>Das auszuführende Szenario.</translation>
    </message>
    <message>
        <source>Output format: text (default) or json.</source>
        <translation>Ausgabeformat: text (Standard) oder json.</translation>
    </message>
    <message>
        <source>Start the built-in sandbox API on 127.0.0.1 first.</source>
        <translation>Zuerst die eingebaute Sandbox-API auf 127.0.0.1 starten.</translation>
    </message>
    <message>
        <source>Port of the sandbox API (default %1; if it is taken, a free one).</source>
        <translation>Port der Sandbox-API (Standard %1; wenn er belegt ist, ein freier).</translation>
    </message>
    <message>
        <source>Lifetime of the sandbox&apos;s tokens in seconds (default 3600).</source>
        <translation>Lebensdauer der Token der Sandbox in Sekunden (Standard 3600).</translation>
    </message>
    <message>
        <source>Run the scenario N times in this process (for benchmarks); prints the last run.</source>
        <translation>Das Szenario N-mal in diesem Prozess ausführen (für Benchmarks); gibt die letzte Ausführung aus.</translation>
    </message>
    <message>
        <source>Read secret values from FILE: NAME=value lines, # starts a comment. Environment variables SCENARIST_SECRET_&lt;NAME&gt; win over the file.</source>
        <translation>Geheime Werte aus FILE lesen: Zeilen NAME=wert, # beginnt einen Kommentar. Umgebungsvariablen SCENARIST_SECRET_&lt;NAME&gt; haben Vorrang vor der Datei.</translation>
    </message>
    <message>
        <source>Largest response a module accepts, in MB (default 100); a larger one fails the module with a message saying so.</source>
        <translation>Größte Antwort, die ein Modul annimmt, in MB (Standard 100); bei einer größeren schlägt das Modul mit einer entsprechenden Meldung fehl.</translation>
    </message>
    <message>
        <source>Also take secrets from the system keychain (after the environment and --secrets). A keychain secret goes only to the hosts it is bound to.</source>
        <translation>Geheimnisse auch aus dem Schlüsselbund des Systems nehmen (nach der Umgebung und --secrets). Ein Geheimnis aus dem Schlüsselbund geht nur an die Hosts, an die es gebunden ist.</translation>
    </message>
    <message>
        <source>Store the secret NAME in the system keychain, its value read from standard input, bound to the hosts of --secret-hosts; then exit.</source>
        <translation>Das Geheimnis NAME im Schlüsselbund des Systems speichern, sein Wert von der Standardeingabe gelesen, gebunden an die Hosts von --secret-hosts; dann beenden.</translation>
    </message>
    <message>
        <source>Where a secret may be sent: NAME=HOST[:PORT],… (HOST may be a full origin such as https://host:port); repeat it, one secret each. With --set-secret: HOST,…</source>
        <translation>Wohin ein Geheimnis gesendet werden darf: NAME=HOST[:PORT],… (HOST darf ein ganzer Origin wie https://host:port sein); wiederholen, je ein Geheimnis. Mit --set-secret: HOST,…</translation>
    </message>
    <message>
        <source>Let the scenario read local files inside DIR too (by default only inside the scenario file&apos;s folder); repeatable.</source>
        <translation>Das Szenario auch lokale Dateien in DIR lesen lassen (standardmäßig nur im Ordner der Szenariodatei); wiederholbar.</translation>
    </message>
    <message>
        <source>Largest local file a module may send, in MB (default 100).</source>
        <translation>Größte lokale Datei, die ein Modul senden darf, in MB (Standard 100).</translation>
    </message>
    <message>
        <source>Do not run FILE: write it converted to standard output (a Make blueprint or a scenario of any version, as a scenario of this version unless --to says otherwise); what could not be converted goes to standard error.</source>
        <translation>FILE nicht ausführen: es umgewandelt auf die Standardausgabe schreiben (einen Make-Blueprint oder ein Szenario beliebiger Version als Szenario dieser Version, sofern --to nichts anderes sagt); was nicht umgewandelt werden konnte, geht auf die Standardfehlerausgabe.</translation>
    </message>
    <message>
        <source>With --convert: scenario (the default) or blueprint (Make).</source>
        <translation>Mit --convert: scenario (Standard) oder blueprint (Make).</translation>
    </message>
    <message>
        <source>Do not record this run in the run history.</source>
        <translation>Diese Ausführung nicht im Ausführungsverlauf festhalten.</translation>
    </message>
    <message>
        <source>Record into this run history: an SQLite file, or postgresql://USER@HOST:PORT/DATABASE for one history shared by a team (default: SCENARIST_HISTORY_DB, else the app&apos;s own history).</source>
        <translation>In diesen Ausführungsverlauf schreiben: eine SQLite-Datei oder postgresql://USER@HOST:PORT/DATABASE für einen Verlauf, den ein Team teilt (Standard: SCENARIST_HISTORY_DB, sonst der eigene Verlauf der App).</translation>
    </message>
    <message>
        <source>How many runs of this scenario the history keeps (default %1); older ones are deleted.</source>
        <translation>Wie viele Ausführungen dieses Szenarios der Verlauf behält (Standard %1); ältere werden gelöscht.</translation>
    </message>
    <message>
        <source>Do not run FILE: delete its runs from the run history, then exit.</source>
        <translation>FILE nicht ausführen: seine Ausführungen aus dem Ausführungsverlauf löschen, dann beenden.</translation>
    </message>
    <message>
        <source> See scenarist-run --help.</source>
        <translation> Siehe scenarist-run --help.</translation>
    </message>
    <message>
        <source>--to is “%1”; use scenario or blueprint.</source>
        <translation>--to ist „%1“; verwenden Sie scenario oder blueprint.</translation>
    </message>
    <message>
        <source>--to goes with --convert.</source>
        <translation>--to gehört zu --convert.</translation>
    </message>
    <message>
        <source>--keep-runs must be a whole number, 1 or more.</source>
        <translation>--keep-runs muss eine ganze Zahl sein, 1 oder mehr.</translation>
    </message>
    <message>
        <source>--allow-files %1: there is no such folder.</source>
        <translation>--allow-files %1: Diesen Ordner gibt es nicht.</translation>
    </message>
    <message>
        <source>--max-file-mb must be a whole number of megabytes, from 1 to 4096.</source>
        <translation>--max-file-mb muss eine ganze Zahl von Megabyte sein, von 1 bis 4096.</translation>
    </message>
    <message>
        <source>--secret-hosts: %1</source>
        <translation>--secret-hosts: %1</translation>
    </message>
    <message>
        <source>--set-secret NAME needs --secret-hosts HOST,… once: the hosts the secret may be sent to.</source>
        <translation>--set-secret NAME braucht einmal --secret-hosts HOST,…: die Hosts, an die das Geheimnis gesendet werden darf.</translation>
    </message>
    <message>
        <source>--secret-hosts %1: write NAME=HOST,… (for example client_secret=auth.example.com).</source>
        <translation>--secret-hosts %1: schreiben Sie NAME=HOST,… (zum Beispiel client_secret=auth.example.com).</translation>
    </message>
    <message>
        <source>give exactly one scenario file, e.g. scenarist-run my.scenario.json (see --help).</source>
        <translation>geben Sie genau eine Szenariodatei an, z. B. scenarist-run my.scenario.json (siehe --help).</translation>
    </message>
    <message>
        <source>--output is “%1”; use text or json.</source>
        <translation>--output ist „%1“; verwenden Sie text oder json.</translation>
    </message>
    <message>
        <source>--sandbox-port must be a port number from 1 to 65535.</source>
        <translation>--sandbox-port muss eine Portnummer von 1 bis 65535 sein.</translation>
    </message>
    <message>
        <source>--sandbox-token-ttl must be a number of seconds, 1 or more.</source>
        <translation>--sandbox-token-ttl muss eine Anzahl von Sekunden sein, 1 oder mehr.</translation>
    </message>
    <message>
        <source>--repeat must be a whole number, 1 or more.</source>
        <translation>--repeat muss eine ganze Zahl sein, 1 oder mehr.</translation>
    </message>
    <message>
        <source>--max-response-mb must be a whole number of megabytes, from 1 to 4096.</source>
        <translation>--max-response-mb muss eine ganze Zahl von Megabyte sein, von 1 bis 4096.</translation>
    </message>
    <message>
        <source>%1 is not a scenario or a Make blueprint: %2</source>
        <translation>%1 ist weder ein Szenario noch ein Make-Blueprint: %2</translation>
    </message>
    <message>
        <source>it is not a JSON object.</source>
        <translation>es ist kein JSON-Objekt.</translation>
    </message>
    <message>
        <source>not converted: %1</source>
        <translation>nicht umgewandelt: %1</translation>
    </message>
    <message>
        <source>warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
    <message>
        <source>could not write to standard output.</source>
        <translation>in die Standardausgabe konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Deleted %1 run(s) of %2 from the history at %3.
</source>
        <translation>%1 Ausführung(en) von %2 aus dem Verlauf unter %3 gelöscht.
</translation>
    </message>
    <message>
        <source>could not read the secret&apos;s value from standard input.</source>
        <translation>der Wert des Geheimnisses konnte nicht von der Standardeingabe gelesen werden.</translation>
    </message>
    <message>
        <source>the secret&apos;s value is empty: give it on standard input.</source>
        <translation>der Wert des Geheimnisses ist leer: Geben Sie ihn über die Standardeingabe an.</translation>
    </message>
    <message>
        <source>Stored the secret “%1”; it may be sent to %2.
</source>
        <translation>Das Geheimnis „%1“ wurde gespeichert; es darf an %2 gesendet werden.
</translation>
    </message>
    <message>
        <source>the keychain did not store the secret: %1.</source>
        <translation>der Schlüsselbund hat das Geheimnis nicht gespeichert: %1.</translation>
    </message>
    <message>
        <source>warning: not converted from the Make blueprint: %1</source>
        <translation>Warnung: aus dem Make-Blueprint nicht umgewandelt: %1</translation>
    </message>
    <message>
        <source>note: port %1 is in use, so the sandbox runs at %2 (scenarios reach it as {{sandbox.url}})</source>
        <translation>Hinweis: Port %1 ist belegt, daher läuft die Sandbox unter %2 (Szenarien erreichen sie als {{sandbox.url}})</translation>
    </message>
    <message>
        <source>note: %1</source>
        <translation>Hinweis: %1</translation>
    </message>
    <message>
        <source>The connection “%1” signs in through a browser, which scenarist-run cannot open, and it names no refresh token secret. Sign in once in the Scenarist app and save the scenario.</source>
        <translation>Die Verbindung „%1“ meldet sich über einen Browser an, den scenarist-run nicht öffnen kann, und sie nennt kein Geheimnis für ein Refresh-Token. Melden Sie sich einmal in der Scenarist-App an und speichern Sie das Szenario.</translation>
    </message>
    <message>
        <source>The connection “%1” signs in through a browser, which scenarist-run cannot open. Sign in once in the Scenarist app and run with --keychain, or set %2 to a refresh token.</source>
        <translation>Die Verbindung „%1“ meldet sich über einen Browser an, den scenarist-run nicht öffnen kann. Melden Sie sich einmal in der Scenarist-App an und führen Sie mit --keychain aus, oder setzen Sie %2 auf ein Refresh-Token.</translation>
    </message>
    <message>
        <source>warning: this run is not recorded in the history: %1</source>
        <translation>Warnung: Diese Ausführung wird nicht im Verlauf festgehalten: %1</translation>
    </message>
    <message>
        <source>hint: this scenario calls the built-in sandbox; add --sandbox to start it.</source>
        <translation>Tipp: Dieses Szenario ruft die eingebaute Sandbox auf; fügen Sie --sandbox hinzu, um sie zu starten.</translation>
    </message>
    <message>
        <source>Runs a Scenarist scenario without a window and prints each module&apos;s input and output (the exit status below says how the run went).</source>
        <translation>Führt ein Scenarist-Szenario ohne Fenster aus und gibt Ein- und Ausgabe jedes Moduls aus (der Exit-Status unten sagt, wie die Ausführung lief).</translation>
    </message>
    <message>
        <source>Do not run FILE: retry each of its incomplete executions (bundles Break gave up on, kept in the run history), one after another.</source>
        <translation>FILE nicht ausführen: jede seiner unvollständigen Ausführungen (Bündel, die ein Modul „Unterbrechen“ aufgegeben hat, im Ausführungsverlauf aufbewahrt) nacheinander erneut versuchen.</translation>
    </message>
    <message>
        <source>Give the scenario input NAME this value (modules read it as {{var.input.NAME}}); repeat it, one input each. VALUE is read by the input&apos;s type: a number, true/false/yes/no, a date such as 2026-12-31, JSON for a collection, JSON or a comma list for an array. It wins over --inputs.</source>
        <translation>Der Szenario-Eingabe NAME diesen Wert geben (Module lesen ihn als {{var.input.NAME}}); wiederholen Sie es, je eine Eingabe. VALUE wird nach dem Typ der Eingabe gelesen: eine Zahl, true/false/yes/no, ein Datum wie 2026-12-31, JSON für eine Sammlung, JSON oder eine Liste mit Kommas für ein Array. Hat Vorrang vor --inputs.</translation>
    </message>
    <message>
        <source>Read the scenario inputs from FILE, a JSON object of NAME: value. A missing required input or a value of the wrong type stops before any request is sent (exit status 2).</source>
        <translation>Die Szenario-Eingaben aus FILE lesen, einem JSON-Objekt aus NAME: Wert. Eine fehlende erforderliche Eingabe oder ein Wert des falschen Typs bricht ab, bevor eine Anfrage gesendet wird (Exit-Status 2).</translation>
    </message>
    <message>
        <source>--retry-incomplete reads the run history: leave out --no-history.</source>
        <translation>--retry-incomplete liest den Ausführungsverlauf: Lassen Sie --no-history weg.</translation>
    </message>
    <message>
        <source>--input %1: write NAME=VALUE (for example --input word=apple).</source>
        <translation>--input %1: Schreiben Sie NAME=VALUE (zum Beispiel --input word=apple).</translation>
    </message>
    <message>
        <source>--inputs %1: %2</source>
        <translation>--inputs %1: %2</translation>
    </message>
    <message>
        <source>--inputs %1: write one JSON object of NAME: value, such as {&quot;word&quot;: &quot;apple&quot;, &quot;pageSize&quot;: 10}%2</source>
        <translation>--inputs %1: Schreiben Sie ein JSON-Objekt aus NAME: Wert, etwa {&quot;word&quot;: &quot;apple&quot;, &quot;pageSize&quot;: 10}%2</translation>
    </message>
    <message>
        <source>%1 has no incomplete executions to retry in the history at %2.
</source>
        <translation>%1 hat keine unvollständigen Ausführungen zum erneuten Versuchen im Verlauf unter %2.
</translation>
    </message>
    <message>
        <source>Bundle %1 at module %2%3</source>
        <translation>Bündel %1 bei Modul %2%3</translation>
    </message>
    <message>
        <source>: not retried. </source>
        <translation>: nicht erneut versucht. </translation>
    </message>
    <message>
        <source>: retried, it succeeded.
</source>
        <translation>: erneut versucht, erfolgreich.
</translation>
    </message>
    <message>
        <source>: failed again, it stays incomplete. </source>
        <translation>: erneut fehlgeschlagen, es bleibt unvollständig. </translation>
    </message>
    <message>
        <source>warning: the history could not keep this retry: %1</source>
        <translation>Warnung: Der Verlauf konnte diesen erneuten Versuch nicht aufbewahren: %1</translation>
    </message>
    <message>
        <source>%1 of %2 incomplete execution(s) retried successfully.
</source>
        <translation>%1 von %2 unvollständigen Ausführung(en) erfolgreich erneut versucht.
</translation>
    </message>
</context>
<context>
    <name>Schedule</name>
    <message>
        <source>Choose a number of minutes from 1 to 1440 (one day).</source>
        <translation>Wählen Sie eine Anzahl Minuten von 1 bis 1440 (ein Tag).</translation>
    </message>
    <message>
        <source>Choose at least one day of the week.</source>
        <translation>Wählen Sie mindestens einen Wochentag.</translation>
    </message>
    <message>
        <source>Choose a time of day, such as 09:00.</source>
        <translation>Wählen Sie eine Uhrzeit, etwa 09:00.</translation>
    </message>
    <message>
        <source>Write a calendar expression, such as “Mon..Fri 09:00”.</source>
        <translation>Schreiben Sie einen Kalenderausdruck, etwa „Mon..Fri 09:00“.</translation>
    </message>
    <message>
        <source>A calendar expression is one line of text, such as “Mon..Fri 09:00”.</source>
        <translation>Ein Kalenderausdruck ist eine Textzeile, etwa „Mon..Fri 09:00“.</translation>
    </message>
    <message>
        <source>every minute</source>
        <translation>jede Minute</translation>
    </message>
    <message>
        <source>every %1 minutes</source>
        <translation>alle %1 Minuten</translation>
    </message>
    <message>
        <source>every day at %1</source>
        <translation>jeden Tag um %1</translation>
    </message>
    <message>
        <source>on no day of the week</source>
        <translation>an keinem Wochentag</translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <translation>%1 und %2</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>on %1 at %2</source>
        <translation>am %1 um %2</translation>
    </message>
    <message>
        <source>at the times of “%1”</source>
        <translation>zu den Zeiten von „%1“</translation>
    </message>
    <message>
        <source>“%1” is not a time between runs that Scenarist can use: write minutes such as 15min or hours such as 2h, from 1 minute to 24 hours.</source>
        <translation>„%1“ ist kein Abstand zwischen Ausführungen, den Scenarist verwenden kann: Schreiben Sie Minuten wie 15min oder Stunden wie 2h, von 1 Minute bis 24 Stunden.</translation>
    </message>
</context>
<context>
    <name>ScheduleDialog</name>
    <message>
        <source>today at %1</source>
        <translation>heute um %1</translation>
    </message>
    <message>
        <source>tomorrow at %1</source>
        <translation>morgen um %1</translation>
    </message>
    <message>
        <source>yesterday at %1</source>
        <translation>gestern um %1</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%1 um %2</translation>
    </message>
    <message>
        <source>Time of day</source>
        <translation>Uhrzeit</translation>
    </message>
    <message>
        <source>Every</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Every day at</source>
        <translation>Jeden Tag um</translation>
    </message>
    <message>
        <source>On</source>
        <translation>Am</translation>
    </message>
    <message>
        <source>Advanced: a systemd calendar expression</source>
        <translation>Erweitert: ein systemd-Kalenderausdruck</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Remove schedule</source>
        <translation>Zeitplan entfernen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Schedule “%1”</source>
        <translation>Zeitplan für „%1“</translation>
    </message>
    <message>
        <source>Run this scenario automatically</source>
        <translation>Dieses Szenario automatisch ausführen</translation>
    </message>
    <message>
        <source>It runs the saved file %1, even while Scenarist is closed.</source>
        <translation>Der Zeitplan führt die gespeicherte Datei %1 aus, auch wenn Scenarist geschlossen ist.</translation>
    </message>
    <message>
        <source>Minutes between runs</source>
        <translation>Minuten zwischen Ausführungen</translation>
    </message>
    <message>
        <source>Calendar expression</source>
        <translation>Kalenderausdruck</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>Minuten</translation>
    </message>
    <message>
        <source>at</source>
        <translation>um</translation>
    </message>
    <message>
        <source>For example “Mon..Fri 09:00” or “*-*-01 06:30” (the first of each month). The user guide&apos;s page on schedules has more.</source>
        <translation>Zum Beispiel „Mon..Fri 09:00“ oder „*-*-01 06:30“ (der Erste jedes Monats). Mehr steht auf der Seite über Zeitpläne im Benutzerhandbuch.</translation>
    </message>
    <message>
        <source>Next run:</source>
        <translation>Nächste Ausführung:</translation>
    </message>
    <message>
        <source>Last scheduled run:</source>
        <translation>Letzte geplante Ausführung:</translation>
    </message>
    <message>
        <source>This scenario has changes that are not saved. A schedule runs the file as it was last saved: save to include them.</source>
        <translation>Dieses Szenario hat ungespeicherte Änderungen. Ein Zeitplan führt die Datei so aus, wie sie zuletzt gespeichert wurde: Speichern Sie, um sie einzubeziehen.</translation>
    </message>
    <message>
        <source>Crontab line</source>
        <translation>Crontab-Zeile</translation>
    </message>
    <message>
        <source>Copied the line. In a terminal, run crontab -e and paste it on a line of its own.</source>
        <translation>Die Zeile wurde kopiert. Führen Sie in einem Terminal crontab -e aus und fügen Sie sie in eine eigene Zeile ein.</translation>
    </message>
    <message>
        <source>%1 minutes after the schedule starts, then %1 minutes after each run.</source>
        <translation>%1 Minuten nach dem Start des Zeitplans, dann %1 Minuten nach jeder Ausführung.</translation>
    </message>
    <message>
        <source>Working it out…</source>
        <translation>Wird berechnet…</translation>
    </message>
    <message>
        <source>Not known here: this computer has no systemd-analyze to work it out.</source>
        <translation>Hier nicht bekannt: Dieser Computer hat kein systemd-analyze, um sie zu berechnen.</translation>
    </message>
    <message>
        <source>Not known: %1</source>
        <translation>Nicht bekannt: %1</translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation>erfolgreich</translation>
    </message>
    <message>
        <source>finished with a warning: some bundles were left incomplete</source>
        <translation>mit einer Warnung beendet: einige Bündel blieben unvollständig</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1, %2 (the History panel shows what it did)</source>
        <translation>%1, %2 (der Bereich Verlauf zeigt, was sie getan hat)</translation>
    </message>
    <message>
        <source>Not run yet</source>
        <translation>Noch nicht ausgeführt</translation>
    </message>
    <message>
        <source>This session has no systemd to start the schedule, and %1</source>
        <translation>Diese Sitzung hat kein systemd, um den Zeitplan zu starten, und %1</translation>
    </message>
    <message>
        <source>This session has no systemd to start the schedule. To run it with cron instead, run crontab -e in a terminal and add this line:</source>
        <translation>Diese Sitzung hat kein systemd, um den Zeitplan zu starten. Um ihn stattdessen mit cron auszuführen, führen Sie in einem Terminal crontab -e aus und fügen Sie diese Zeile hinzu:</translation>
    </message>
    <message>
        <source>Scenarist cannot find scenarist-run, which runs scheduled scenarios (it looked for %1). Install Scenarist again, then save the schedule.</source>
        <translation>Scenarist findet scenarist-run nicht, das geplante Szenarien ausführt (gesucht wurde %1). Installieren Sie Scenarist erneut und speichern Sie dann den Zeitplan.</translation>
    </message>
    <message>
        <source>Saved the schedule in %1, but this session has no systemd to start it. Use the crontab line above, or start it where systemd runs with: systemctl --user enable --now %2</source>
        <translation>Der Zeitplan wurde in %1 gespeichert, aber diese Sitzung hat kein systemd, um ihn zu starten. Verwenden Sie die Crontab-Zeile oben, oder starten Sie ihn dort, wo systemd läuft, mit: systemctl --user enable --now %2</translation>
    </message>
    <message>
        <source>Starting the schedule…</source>
        <translation>Der Zeitplan wird gestartet…</translation>
    </message>
    <message>
        <source>The schedule is saved, but systemd did not start it. %1</source>
        <translation>Der Zeitplan ist gespeichert, aber systemd hat ihn nicht gestartet. %1</translation>
    </message>
    <message>
        <source>Scheduled: it runs %1.</source>
        <translation>Geplant: Das Szenario wird %1 ausgeführt.</translation>
    </message>
    <message>
        <source>Removed the schedule. If you added its line to your crontab, take it out too: run crontab -e in a terminal.</source>
        <translation>Der Zeitplan wurde entfernt. Wenn Sie seine Zeile in Ihre Crontab eingetragen haben, nehmen Sie sie auch heraus: Führen Sie in einem Terminal crontab -e aus.</translation>
    </message>
    <message>
        <source>Stopping the schedule…</source>
        <translation>Der Zeitplan wird angehalten…</translation>
    </message>
    <message>
        <source>The schedule&apos;s files are deleted, but systemd said: %1</source>
        <translation>Die Dateien des Zeitplans sind gelöscht, aber systemd meldete: %1</translation>
    </message>
    <message>
        <source>Removed the schedule.</source>
        <translation>Der Zeitplan wurde entfernt.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>ScheduleOptions</name>
    <message>
        <source>What the run history records as having started this run: headless (the default) or schedule (as the units of --systemd-units do).</source>
        <translation>Was der Ausführungsverlauf als Auslöser dieser Ausführung festhält: headless (Standard) oder schedule (wie es die Units von --systemd-units tun).</translation>
    </message>
    <message>
        <source>Do not run FILE: write a systemd user service and timer that run it on the schedule of --every or --on-calendar into DIR, and say how to start them.</source>
        <translation>FILE nicht ausführen: einen systemd-Benutzerdienst und -Timer nach DIR schreiben, die es nach dem Zeitplan von --every oder --on-calendar ausführen, und sagen, wie man sie startet.</translation>
    </message>
    <message>
        <source>With --systemd-units: run every N minutes (15min, 15) or hours (2h), from 1 minute to 24 hours.</source>
        <translation>Mit --systemd-units: alle N Minuten (15min, 15) oder Stunden (2h) ausführen, von 1 Minute bis 24 Stunden.</translation>
    </message>
    <message>
        <source>With --systemd-units: run at the times of a systemd calendar expression, such as &quot;Mon..Fri 09:00&quot; (man systemd.time).</source>
        <translation>Mit --systemd-units: zu den Zeiten eines systemd-Kalenderausdrucks ausführen, etwa &quot;Mon..Fri 09:00&quot; (man systemd.time).</translation>
    </message>
    <message>
        <source>--trigger is “%1”; use headless or schedule.</source>
        <translation>--trigger ist „%1“; verwenden Sie headless oder schedule.</translation>
    </message>
    <message>
        <source>--every and --on-calendar go with --systemd-units DIR.</source>
        <translation>--every und --on-calendar gehören zu --systemd-units DIR.</translation>
    </message>
    <message>
        <source>--systemd-units DIR needs a folder and one schedule: --every 15min, say, or --on-calendar &quot;Mon..Fri 09:00&quot;.</source>
        <translation>--systemd-units DIR braucht einen Ordner und einen Zeitplan: etwa --every 15min oder --on-calendar &quot;Mon..Fri 09:00&quot;.</translation>
    </message>
    <message>
        <source>A schedule always records its runs in the history (that is where its results are seen): leave out --no-history.</source>
        <translation>Ein Zeitplan hält seine Ausführungen immer im Verlauf fest (dort sieht man ihre Ergebnisse): Lassen Sie --no-history weg.</translation>
    </message>
    <message>
        <source>Write it as, for example, &quot;Mon..Fri 09:00&quot; or &quot;*-*-01 06:30&quot; (docs/schedules.md has more).</source>
        <translation>Schreiben Sie ihn zum Beispiel als &quot;Mon..Fri 09:00&quot; oder &quot;*-*-01 06:30&quot; (mehr in docs/schedules.md).</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>%1 geschrieben</translation>
    </message>
    <message>
        <source>They run %1 %2.</source>
        <translation>Die Units führen %1 %2 aus.</translation>
    </message>
    <message>
        <source>Next run: %1.</source>
        <translation>Nächste Ausführung: %1.</translation>
    </message>
    <message>
        <source>The first run comes %1 minutes after the timer starts.</source>
        <translation>Die erste Ausführung kommt %1 Minuten nach dem Start des Timers.</translation>
    </message>
    <message>
        <source>note: systemd-analyze is not installed, so the calendar expression was not checked.</source>
        <translation>Hinweis: systemd-analyze ist nicht installiert, daher wurde der Kalenderausdruck nicht geprüft.</translation>
    </message>
    <message>
        <source>To start them, copy them into %1 and run:</source>
        <translation>Um sie zu starten, kopieren Sie sie nach %1 und führen Sie aus:</translation>
    </message>
    <message>
        <source>To start them, run:</source>
        <translation>Um sie zu starten, führen Sie aus:</translation>
    </message>
</context>
<context>
    <name>ScheduleUnits</name>
    <message>
        <source>Scenarist: run “%1”</source>
        <translation>Scenarist: „%1“ ausführen</translation>
    </message>
    <message>
        <source>Scenarist: run “%1” %2</source>
        <translation>Scenarist: „%1“ %2 ausführen</translation>
    </message>
    <message>
        <source>cron cannot read a systemd calendar expression: choose every N minutes, every day or days of the week, or write cron&apos;s five time fields yourself.</source>
        <translation>cron kann keinen systemd-Kalenderausdruck lesen: Wählen Sie alle N Minuten, jeden Tag oder Wochentage, oder schreiben Sie die fünf Zeitfelder von cron selbst.</translation>
    </message>
    <message>
        <source>cron cannot run something every %1 minutes: choose a number that divides an hour (such as 10, 15 or 30) or a day in whole hours (such as 120).</source>
        <translation>cron kann nichts alle %1 Minuten ausführen: Wählen Sie eine Zahl, die eine Stunde teilt (etwa 10, 15 oder 30) oder einen Tag in ganzen Stunden (etwa 120).</translation>
    </message>
    <message>
        <source>Could not create the folder %1.</source>
        <translation>Der Ordner %1 konnte nicht angelegt werden.</translation>
    </message>
    <message>
        <source>Could not write %1: %2.</source>
        <translation>%1 konnte nicht geschrieben werden: %2.</translation>
    </message>
    <message>
        <source>Could not delete %1: %2.</source>
        <translation>%1 konnte nicht gelöscht werden: %2.</translation>
    </message>
</context>
<context>
    <name>SecretBindings</name>
    <message>
        <source>The secret “%1” may not be sent anywhere yet; this module sends it to %2. Nothing was sent.</source>
        <translation>Das Geheimnis „%1“ darf noch nirgendwohin gesendet werden; dieses Modul sendet es an %2. Es wurde nichts gesendet.</translation>
    </message>
    <message>
        <source>The secret “%1” may be sent to %2 only; this module sends it to %3. Nothing was sent.</source>
        <translation>Das Geheimnis „%1“ darf nur an %2 gesendet werden; dieses Modul sendet es an %3. Es wurde nichts gesendet.</translation>
    </message>
</context>
<context>
    <name>SecretFields</name>
    <message>
        <source>the header “%1”</source>
        <translation>der Header „%1“</translation>
    </message>
    <message>
        <source>the query parameter “%1”</source>
        <translation>der Query-Parameter „%1“</translation>
    </message>
    <message>
        <source>the form field “%1”</source>
        <translation>das Formularfeld „%1“</translation>
    </message>
    <message>
        <source>the password</source>
        <translation>das Passwort</translation>
    </message>
    <message>
        <source>%1 of module %2 “%3”</source>
        <translation>%1 von Modul %2 „%3“</translation>
    </message>
    <message>
        <source> (and %1 more fields)</source>
        <translation> (und %1 weitere Felder)</translation>
    </message>
    <message>
        <source>Saved. %1%2 holds a secret as plain text in the file: select the module and click “Keep it out of the file”.</source>
        <translation>Gespeichert. %1%2 enthält ein Geheimnis als Klartext in der Datei: Wählen Sie das Modul und klicken Sie auf „Aus der Datei heraushalten“.</translation>
    </message>
</context>
<context>
    <name>SecretPlacesEditor</name>
    <message>
        <source>Secret</source>
        <translation>Geheimnis</translation>
    </message>
    <message>
        <source>The secret whose places you see below</source>
        <translation>Das Geheimnis, dessen Orte Sie unten sehen</translation>
    </message>
    <message>
        <source>Places the secret may be sent to</source>
        <translation>Orte, an die das Geheimnis gesendet werden darf</translation>
    </message>
    <message>
        <source>Filled in the first time your scenario sends it</source>
        <translation>Wird ausgefüllt, wenn Ihr Szenario es zum ersten Mal sendet</translation>
    </message>
    <message>
        <source>The only places this secret may be sent to, separated by commas: server names (auth.example.com), with a port (localhost:8443) or whole addresses (https://auth.example.com). A scenario that sends it anywhere else is stopped before anything is sent.</source>
        <translation>Die einzigen Orte, an die dieses Geheimnis gesendet werden darf, durch Kommas getrennt: Servernamen (auth.example.com), mit Port (localhost:8443) oder ganze Adressen (https://auth.example.com). Ein Szenario, das es anderswohin sendet, wird angehalten, bevor etwas gesendet wird.</translation>
    </message>
    <message>
        <source>“%1” may not be sent anywhere now.</source>
        <translation>„%1“ darf jetzt nirgendwohin gesendet werden.</translation>
    </message>
    <message>
        <source>“%1” may be sent to %2 only.</source>
        <translation>„%1“ darf nur an %2 gesendet werden.</translation>
    </message>
</context>
<context>
    <name>SecretProvider</name>
    <message>
        <source>The secret “%1” has no value. %2</source>
        <translation>Das Geheimnis „%1“ hat keinen Wert. %2</translation>
    </message>
    <message>
        <source>The secret “%1” has no value. In the app, give it one under Connections; for scenarist-run, set the environment variable %2 or give a secrets file with --secrets FILE.</source>
        <translation>Das Geheimnis „%1“ hat keinen Wert. Geben Sie ihm in der App einen unter „Verbindungen“; für scenarist-run setzen Sie die Umgebungsvariable %2 oder geben eine Geheimnisdatei mit --secrets FILE an.</translation>
    </message>
    <message>
        <source>Could not read the secrets file %1: %2</source>
        <translation>Die Geheimnisdatei %1 konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>The secrets file</source>
        <translation>Die Geheimnisdatei</translation>
    </message>
    <message>
        <source>%1, line %2: expected NAME=value (for example client_secret=…).</source>
        <translation>%1, Zeile %2: NAME=wert erwartet (zum Beispiel client_secret=…).</translation>
    </message>
    <message>
        <source>Set the environment variable %1, or give a secrets file with --secrets FILE holding a line %2=…</source>
        <translation>Setzen Sie die Umgebungsvariable %1, oder geben Sie mit --secrets FILE eine Geheimnisdatei mit einer Zeile %2=… an</translation>
    </message>
    <message>
        <source> (%1 has no such line)</source>
        <translation> (%1 hat keine solche Zeile)</translation>
    </message>
    <message>
        <source>, or store it in the keychain with scenarist-run --set-secret %1 --secret-hosts HOST</source>
        <translation>, oder speichern Sie es im Schlüsselbund mit scenarist-run --set-secret %1 --secret-hosts HOST</translation>
    </message>
</context>
<context>
    <name>SetNoteCommand</name>
    <message>
        <source>Remove the note of module %1</source>
        <translation>Die Notiz von Modul %1 entfernen</translation>
    </message>
    <message>
        <source>Add a note to module %1</source>
        <translation>Eine Notiz zu Modul %1 hinzufügen</translation>
    </message>
    <message>
        <source>Edit the note of module %1</source>
        <translation>Die Notiz von Modul %1 bearbeiten</translation>
    </message>
</context>
<context>
    <name>SetVariablesForm</name>
    <message>
        <source>Until this bundle is done (one cycle)</source>
        <translation>Bis dieses Bündel fertig ist (ein Zyklus)</translation>
    </message>
    <message>
        <source>For the whole run</source>
        <translation>Für die ganze Ausführung</translation>
    </message>
    <message>
        <source>Keep the values</source>
        <translation>Werte behalten</translation>
    </message>
    <message>
        <source>Variables</source>
        <translation>Variablen</translation>
    </message>
    <message>
        <source>Variable</source>
        <translation>Variable</translation>
    </message>
    <message>
        <source>Add a variable</source>
        <translation>Eine Variable hinzufügen</translation>
    </message>
</context>
<context>
    <name>SetVariablesKind</name>
    <message>
        <source>is empty; a variable needs a name to be read back by.</source>
        <translation>ist leer; eine Variable braucht einen Namen, unter dem sie zurückgelesen wird.</translation>
    </message>
    <message>
        <source>must be “cycle” (kept for one cycle) or “execution” (kept for the whole run), but is “%1”.</source>
        <translation>muss „cycle“ (für einen Zyklus behalten) oder „execution“ (für die ganze Ausführung behalten) sein, ist aber „%1“.</translation>
    </message>
</context>
<context>
    <name>SleepForm</name>
    <message>
        <source>Delay (seconds)</source>
        <translation>Verzögerung (Sekunden)</translation>
    </message>
    <message>
        <source>How long to wait: 1 to %1 seconds</source>
        <translation>Wie lange gewartet wird: 1 bis %1 Sekunden</translation>
    </message>
    <message>
        <source>Waits 1 to %1 seconds, then passes the bundle on unchanged.</source>
        <translation>Wartet 1 bis %1 Sekunden und gibt das Bündel dann unverändert weiter.</translation>
    </message>
</context>
<context>
    <name>SleepKind</name>
    <message>
        <source>seconds must be a number from 1 to %1, but is %2.</source>
        <translation>seconds muss eine Zahl von 1 bis %1 sein, ist aber %2.</translation>
    </message>
</context>
<context>
    <name>SourceModuleChooser</name>
    <message>
        <source>The module whose bundles it gathers, such as an iterator before it</source>
        <translation>Das Modul, dessen Bündel es sammelt, etwa ein Iterator davor</translation>
    </message>
    <message>
        <source>%1 (module %2)</source>
        <translation>%1 (Modul %2)</translation>
    </message>
    <message>
        <source>Choose the module whose bundles it gathers</source>
        <translation>Das Modul wählen, dessen Bündel es sammelt</translation>
    </message>
    <message>
        <source>Module %1, which does not run before this one</source>
        <translation>Modul %1, das nicht vor diesem läuft</translation>
    </message>
</context>
<context>
    <name>SystemdUser</name>
    <message>
        <source>“%1” did not work: %2</source>
        <translation>„%1“ hat nicht funktioniert: %2</translation>
    </message>
    <message>
        <source>systemctl is not installed.</source>
        <translation>systemctl ist nicht installiert.</translation>
    </message>
    <message>
        <source>it gave no answer within 30 seconds.</source>
        <translation>es gab innerhalb von 30 Sekunden keine Antwort.</translation>
    </message>
</context>
<context>
    <name>TextAggregatorForm</name>
    <message>
        <source>Source module</source>
        <translation>Quellmodul</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>The text taken from each bundle; map values from earlier modules</source>
        <translation>Der Text, der aus jedem Bündel genommen wird; ordnen Sie Werte aus früheren Modulen zu</translation>
    </message>
    <message>
        <source>New line</source>
        <translation>Neue Zeile</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tabulator</translation>
    </message>
    <message>
        <source>Comma</source>
        <translation>Komma</translation>
    </message>
    <message>
        <source>Nothing</source>
        <translation>Nichts</translation>
    </message>
    <message>
        <source>Other…</source>
        <translation>Anderes…</translation>
    </message>
    <message>
        <source>Put between the texts</source>
        <translation>Zwischen die Texte setzen</translation>
    </message>
    <message>
        <source>What to put between the texts</source>
        <translation>Was zwischen die Texte gesetzt wird</translation>
    </message>
</context>
<context>
    <name>ThrowForm</name>
    <message>
        <source>Error message</source>
        <translation>Fehlermeldung</translation>
    </message>
    <message>
        <source>What the error says; map values from earlier modules</source>
        <translation>Was der Fehler sagt; ordnen Sie Werte aus früheren Modulen zu</translation>
    </message>
    <message>
        <source>The bundle stops here as failed, with this message.</source>
        <translation>Das Bündel endet hier als fehlgeschlagen, mit dieser Meldung.</translation>
    </message>
</context>
<context>
    <name>ThrowKind</name>
    <message>
        <source>Stopped on purpose by a Throw module.</source>
        <translation>Absichtlich von einem Modul „Fehler auslösen“ angehalten.</translation>
    </message>
</context>
<context>
    <name>TokenCache</name>
    <message>
        <source>The refresh token expired or was revoked: sign in again with the connection&apos;s Sign in button (Connections).</source>
        <translation>Das Refresh-Token ist abgelaufen oder wurde widerrufen: Melden Sie sich mit der Schaltfläche „Anmelden“ der Verbindung erneut an (Verbindungen).</translation>
    </message>
    <message>
        <source>This server does not offer the refresh token grant, so you need to sign in again when the access token expires.</source>
        <translation>Dieser Server bietet den Refresh-Token-Grant nicht an, daher müssen Sie sich erneut anmelden, wenn das Zugriffstoken abläuft.</translation>
    </message>
    <message>
        <source>The sign-in took too long or was already used: click Sign in again.</source>
        <translation>Die Anmeldung hat zu lange gedauert oder wurde schon verwendet: Klicken Sie erneut auf „Anmelden“.</translation>
    </message>
    <message>
        <source>Check the client ID and the client secret, and whether the server expects them in the body or as a Basic header.</source>
        <translation>Prüfen Sie Client-ID und Client-Secret, und ob der Server sie im Body oder als Basic-Header erwartet.</translation>
    </message>
    <message>
        <source>Check the scopes: the server does not grant them to this client.</source>
        <translation>Prüfen Sie die Scopes: Der Server gewährt sie diesem Client nicht.</translation>
    </message>
    <message>
        <source>This client may not use the client credentials grant; ask whoever runs the server.</source>
        <translation>Dieser Client darf den Client-Credentials-Grant nicht verwenden; fragen Sie, wer den Server betreibt.</translation>
    </message>
    <message>
        <source>This server does not offer the client credentials grant.</source>
        <translation>Dieser Server bietet den Client-Credentials-Grant nicht an.</translation>
    </message>
    <message>
        <source>The server found the token request incomplete; check the token URL and the extra parameters.</source>
        <translation>Der Server fand die Token-Anfrage unvollständig; prüfen Sie die Token-URL und die zusätzlichen Parameter.</translation>
    </message>
    <message>
        <source>The private key</source>
        <translation>Der private Schlüssel</translation>
    </message>
    <message>
        <source>Could not revoke the refresh token at %1: %2</source>
        <translation>Das Refresh-Token konnte bei %1 nicht widerrufen werden: %2</translation>
    </message>
    <message>
        <source>The server did not revoke the refresh token (%1%2).</source>
        <translation>Der Server hat das Refresh-Token nicht widerrufen (%1%2).</translation>
    </message>
    <message>
        <source>The token endpoint&apos;s answer is larger than %1 MB, the most a module accepts, so the connection %2 got no token. Check the token URL: %3</source>
        <translation>Die Antwort des Token-Endpunkts ist größer als %1 MB, das Höchste, was ein Modul annimmt, daher hat die Verbindung %2 kein Token erhalten. Prüfen Sie die Token-URL: %3</translation>
    </message>
    <message>
        <source>The token endpoint of the connection %1 refused to give a token%2: %3%4.</source>
        <translation>Der Token-Endpunkt der Verbindung %1 hat die Ausgabe eines Tokens abgelehnt%2: %3%4.</translation>
    </message>
    <message>
        <source> (status %1)</source>
        <translation> (Status %1)</translation>
    </message>
    <message>
        <source>Could not get a token for the connection %1 from %2: %3</source>
        <translation>Für die Verbindung %1 konnte kein Token von %2 geholt werden: %3</translation>
    </message>
    <message>
        <source>The token endpoint of the connection %1 answered, but without an access_token. Check the token URL: %2</source>
        <translation>Der Token-Endpunkt der Verbindung %1 hat geantwortet, aber ohne access_token. Prüfen Sie die Token-URL: %2</translation>
    </message>
    <message>
        <source>answered %1</source>
        <translation>hat mit %1 geantwortet</translation>
    </message>
    <message>
        <source>did not answer</source>
        <translation>hat nicht geantwortet</translation>
    </message>
    <message>
        <source>The token endpoint of the connection %1 %2; Scenarist waited %3 s and asked again.</source>
        <translation>Der Token-Endpunkt der Verbindung %1 %2; Scenarist hat %3 s gewartet und erneut gefragt.</translation>
    </message>
    <message>
        <source> (after %1 tries: the server was busy)</source>
        <translation> (nach %1 Versuchen: Der Server war ausgelastet)</translation>
    </message>
</context>
<context>
    <name>TrustGuard</name>
    <message>
        <source>This scenario comes from elsewhere. It can run, but Scenarist asks before it reads a file from your computer or sends one of your secrets somewhere new.</source>
        <translation>Dieses Szenario kommt von anderswo. Es kann laufen, aber Scenarist fragt, bevor es eine Datei von Ihrem Computer liest oder eines Ihrer Geheimnisse an einen neuen Ort sendet.</translation>
    </message>
    <message>
        <source>I trust it</source>
        <translation>Ich vertraue ihm</translation>
    </message>
    <message>
        <source>Treat this scenario as your own: it may read the files it names without asking. Your secrets still go only to the places you allowed.</source>
        <translation>Dieses Szenario wie Ihr eigenes behandeln: Es darf die Dateien, die es nennt, ohne Nachfrage lesen. Ihre Geheimnisse gehen trotzdem nur an die Orte, die Sie erlaubt haben.</translation>
    </message>
    <message>
        <source>• %1 (module %2, “%3”)</source>
        <translation>• %1 (Modul %2, „%3“)</translation>
    </message>
    <message>
        <source>Read files from your computer?</source>
        <translation>Dateien von Ihrem Computer lesen?</translation>
    </message>
    <message>
        <source>This scenario comes from elsewhere and wants to read these files from your computer and send them to a server:</source>
        <translation>Dieses Szenario kommt von anderswo und möchte diese Dateien von Ihrem Computer lesen und an einen Server senden:</translation>
    </message>
    <message>
        <source>Allow them only if you expected this scenario to send these files. If you do not allow them, the modules that need them fail and send nothing.</source>
        <translation>Erlauben Sie es nur, wenn Sie erwartet haben, dass dieses Szenario diese Dateien sendet. Wenn Sie es nicht erlauben, schlagen die Module, die sie brauchen, fehl und senden nichts.</translation>
    </message>
    <message>
        <source>Allow these files</source>
        <translation>Diese Dateien erlauben</translation>
    </message>
    <message>
        <source>Don&apos;t allow</source>
        <translation>Nicht erlauben</translation>
    </message>
    <message>
        <source>• “%1” to %2 (module %3)</source>
        <translation>• „%1“ an %2 (Modul %3)</translation>
    </message>
    <message>
        <source>Send your secret somewhere new?</source>
        <translation>Ihr Geheimnis an einen neuen Ort senden?</translation>
    </message>
    <message>
        <source>This scenario tried to send a secret to a place it was never sent before. Nothing was sent:</source>
        <translation>Dieses Szenario hat versucht, ein Geheimnis an einen Ort zu senden, an den es nie zuvor gesendet wurde. Es wurde nichts gesendet:</translation>
    </message>
    <message>
        <source>Whoever runs that server gets the secret and can act as you. If someone else made this scenario, it may be trying to steal it. Allow it only if you know the place and meant to send the secret there; then run again.</source>
        <translation>Wer diesen Server betreibt, erhält das Geheimnis und kann in Ihrem Namen handeln. Wenn jemand anderes dieses Szenario erstellt hat, versucht es vielleicht, das Geheimnis zu stehlen. Erlauben Sie es nur, wenn Sie den Ort kennen und das Geheimnis dorthin senden wollten; führen Sie dann erneut aus.</translation>
    </message>
    <message>
        <source>Allow %1 for %2</source>
        <translation>%1 für %2 erlauben</translation>
    </message>
    <message>
        <source>Allow these places</source>
        <translation>Diese Orte erlauben</translation>
    </message>
</context>
<context>
    <name>UnlinkCommand</name>
    <message>
        <source>Remove link from module %1 to module %2</source>
        <translation>Verbindungslinie von Modul %1 zu Modul %2 entfernen</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Open the example</source>
        <translation>Beispiel öffnen</translation>
    </message>
    <message>
        <source>New scenario</source>
        <translation>Neues Szenario</translation>
    </message>
    <message>
        <source>Open a file…</source>
        <translation>Eine Datei öffnen…</translation>
    </message>
    <message>
        <source>Getting started: a first scenario, step by step</source>
        <translation>Erste Schritte: ein erstes Szenario, Schritt für Schritt</translation>
    </message>
    <message>
        <source>Welcome to Scenarist</source>
        <translation>Willkommen bei Scenarist</translation>
    </message>
    <message>
        <source>Chain web requests on a canvas: get a token from one service, use it to call another, and see exactly what each step sent and received.

New here? Open the example: it gets a token from the built-in sandbox (no internet needed) and uses it to call a protected address. Press “Run once” to watch it work.</source>
        <translation>Webanfragen auf einer Arbeitsfläche verketten: ein Token von einem Dienst holen, damit einen anderen aufrufen, und genau sehen, was jeder Schritt gesendet und empfangen hat.

Neu hier? Öffnen Sie das Beispiel: Es holt ein Token von der eingebauten Sandbox (kein Internet nötig) und ruft damit eine geschützte Adresse auf. Klicken Sie auf „Einmal ausführen“, um zuzusehen.</translation>
    </message>
    <message>
        <source>Opens a ready-made scenario that runs against the built-in sandbox</source>
        <translation>Öffnet ein fertiges Szenario, das gegen die eingebaute Sandbox läuft</translation>
    </message>
    <message>
        <source>Starts with an empty canvas</source>
        <translation>Beginnt mit einer leeren Arbeitsfläche</translation>
    </message>
    <message>
        <source>Opens a scenario you saved before</source>
        <translation>Öffnet ein Szenario, das Sie früher gespeichert haben</translation>
    </message>
    <message>
        <source>Opens Help › Getting started: a first scenario in six steps (also F1)</source>
        <translation>Öffnet Hilfe › Erste Schritte: ein erstes Szenario in sechs Schritten (auch F1)</translation>
    </message>
</context>
</TS>
