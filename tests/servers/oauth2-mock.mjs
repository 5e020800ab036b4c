// npm's oauth2-mock-server on 127.0.0.1, for the engine's third-party tests.
// Usage: node oauth2-mock.mjs PORT
// Every token response also carries "received": the client authentication the server saw
// (Authorization header and form fields), so that tests can check what went on the wire.
import { OAuth2Server } from 'oauth2-mock-server';

const port = Number(process.argv[2] || 0);
const server = new OAuth2Server();
await server.issuer.keys.generate('RS256');
server.service.on('beforeResponse', (response, req) => {
  if (req.path === '/token' && response.body && typeof response.body === 'object') {
    response.body.received = {
      authorization: req.headers.authorization || null,
      contentType: req.headers['content-type'] || null,
      body: req.body || null,
    };
  }
});
await server.start(port, '127.0.0.1');
console.log(`oauth2-mock-server listening on ${server.issuer.url}`);
// Stop cleanly when the test script says so.
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, async () => { await server.stop(); process.exit(0); });
}
