// panva's oidc-provider on 127.0.0.1, for the sign-in tests (tests/core/tst_thirdparty_oidc).
// Usage: node oidc-provider.mjs PORT
// Clients:
//   native-app         public (no secret), authorization code + PKCE S256 with a loopback
//                      redirect (any port, RFC 8252 §7.3), refresh tokens, revocation
//   jwt-key-client     client credentials with private_key_jwt: the public half of the
//                      test-only key resources/examples/sandbox-client-key.pem
//   jwt-secret-client  client credentials with client_secret_jwt (HS256)
// Its development login and consent pages (devInteractions) are plain HTML forms, so a test
// can sign in over HTTP as a browser would: any login name, any password.
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const port = Number(process.argv[2] || 0);
const issuer = `http://127.0.0.1:${port}`;
const keyFile = new URL('../../resources/examples/sandbox-client-key.pem', import.meta.url);
const publicJwk = createPublicKey(readFileSync(keyFile)).export({ format: 'jwk' });

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'native-app',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      redirect_uris: ['http://127.0.0.1/'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    },
    {
      client_id: 'jwt-key-client',
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'RS256',
      jwks: { keys: [{ ...publicJwk, use: 'sig', alg: 'RS256' }] },
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
    },
    {
      client_id: 'jwt-secret-client',
      client_secret: 'a-long-test-only-secret-for-hs256-0123456789abcdef',
      token_endpoint_auth_method: 'client_secret_jwt',
      token_endpoint_auth_signing_alg: 'HS256',
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
    },
  ],
  features: {
    devInteractions: { enabled: true },
    clientCredentials: { enabled: true },
    revocation: { enabled: true },
  },
  pkce: { required: () => true, methods: ['S256'] },
  // A refresh token for every code of a client allowed the grant (not only offline_access).
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
  ttl: { AccessToken: 600, ClientCredentials: 600 },
  cookies: { keys: ['test-only-cookie-key'] },
});
provider.on('server_error', (ctx, error) => console.error('server_error', error));

const server = provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
