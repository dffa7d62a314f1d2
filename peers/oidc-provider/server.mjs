// oidc-provider (panva) as a peer for oauthctl's tests and benchmarks, on 127.0.0.1 only.
// Prints one JSON line with the issuer once it listens. Env: PORT (0 = any free port).
import http from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'peer-rs256', use: 'sig', alg: 'RS256' };

const server = http.createServer();
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    jwks: { keys: [jwk] },
    clients: [
      {
        client_id: 'peer-client',
        client_secret: 'peer-client-secret-0123456789abcdef',
        // A native (loopback) client, so that any port is accepted (RFC 8252 7.3).
        application_type: 'native',
        grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
        response_types: ['code'],
        redirect_uris: ['http://127.0.0.1/callback'],
        scope: 'openid profile email offline_access read',
        authorization_details_types: ['payment_initiation'],
      },
      {
        // A second confidential client, for oauthctl audit's cross-client checks.
        client_id: 'peer-client-2',
        client_secret: 'peer-client-2-secret-0123456789abcdef',
        application_type: 'native',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: ['http://127.0.0.1/callback'],
        scope: 'openid offline_access',
      },
      {
        // RFC 7523 client authentication with an HMAC of the secret.
        client_id: 'peer-hs',
        client_secret: 'peer-hs-secret-of-at-least-32-bytes-0123456789',
        token_endpoint_auth_method: 'client_secret_jwt',
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        scope: 'read',
      },
      {
        client_id: 'peer-public',
        token_endpoint_auth_method: 'none',
        application_type: 'native',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: ['http://127.0.0.1/callback'],
        scope: 'openid profile email offline_access',
      },
      // A client that signs request objects (RFC 9101), with the public JWK the test
      // hands over in PEER_JAR_CLIENT_JWK (only when it does).
      ...(process.env.PEER_JAR_CLIENT_JWK ? [{
        client_id: 'peer-jar',
        client_secret: 'peer-jar-secret-0123456789abcdef',
        application_type: 'native',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: ['http://127.0.0.1/callback'],
        scope: 'openid',
        jwks: { keys: [JSON.parse(process.env.PEER_JAR_CLIENT_JWK)] },
        require_signed_request_object: true,
      }] : []),
    ],
    features: {
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      // Rich authorization requests (RFC 9396): one type, granted as asked (the grant's
      // details in the code flow, the request's for client credentials).
      richAuthorizationRequests: {
        enabled: true,
        types: { payment_initiation: { validate() {} } },
        authorizationDetailsForGrantSource: (ctx) => ctx.oidc.grant?.rar,
        authorizationDetailsForAccessToken: (ctx, token, source) => source?.rar
          ?? (ctx.oidc.params.authorization_details
            ? JSON.parse(ctx.oidc.params.authorization_details) : undefined),
        authorizationDetailsForIntrospection: (ctx, token) => token.rar,
      },
      // Signed request objects (RFC 9101) and JWT-secured responses (JARM).
      requestObjects: { enabled: true },
      jwtResponseModes: { enabled: true },
      // DPoP (RFC 9449) with server nonces required, so that a client must do the dance.
      dPoP: { enabled: true, nonceSecret: randomBytes(32), requireNonce: () => true },
      resourceIndicators: {
        enabled: true,
        // Opaque tokens unless a client asks for the API by `resource` (the benchmark does).
        defaultResource: () => undefined,
        useGrantedResource: () => false,
        getResourceServerInfo: () => ({
          scope: 'read',
          audience: 'urn:oauthctl:api',
          accessTokenTTL: 1800,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    scopes: ['openid', 'profile', 'email', 'offline_access', 'read'],
    claims: { email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: (ctx, id) => ({
      accountId: id,
      claims: () => ({ sub: id, name: 'Peer User', email: `${id}@example.test`, email_verified: true }),
    }),
    pkce: { required: () => true },
    ttl: { AccessToken: 1800, ClientCredentials: 1800, RefreshToken: 1800 },
  });
  provider.proxy = false;
  server.on('request', provider.callback());
  process.stdout.write(JSON.stringify({ issuer }) + '\n');
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
