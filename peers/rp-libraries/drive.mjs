// Drives `oauthctl serve` with two certified relying-party libraries nobody on the project
// wrote: openid-client and oauth4webapi (pinned in package.json), clock tolerance 0.
// The browser's part (the login and consent forms) is played with fetch.
//
//   node drive.mjs SCENARIO ARG...   (the server's issuer, client secret and user password
//                                     come from OAUTHCTL_ISSUER, _SECRET, _PASSWORD)
// Prints `ok SCENARIO` on success; otherwise the library's error (name, code, OAuth error,
// message) and exit code 1.

import * as client from 'openid-client';
import * as oauth from 'oauth4webapi';

const issuer = process.env.OAUTHCTL_ISSUER;
const secret = process.env.OAUTHCTL_SECRET;
const password = process.env.OAUTHCTL_PASSWORD;
const redirectUri = 'http://127.0.0.1:49152/callback';

function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

function decodeJwt(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
}

function unescapeHtml(text) {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function hiddenFields(html) {
  const fields = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields.append(unescapeHtml(m[1]), unescapeHtml(m[2]));
  }
  return fields;
}

function formPost(url, fields, cookie) {
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  if (cookie) headers.cookie = cookie;
  return fetch(new URL(url, issuer), { method: 'POST', body: fields, headers, redirect: 'manual' });
}

// The browser: follow the authorization request through login and consent to the response
// meant for the redirect URI. Returns the callback (a URL, or a POST Request for
// form_post), the session cookie, and the pages seen on the way.
async function browse(authorizationUrl, { cookie, username = 'demo' } = {}) {
  const seen = [];
  let res = await fetch(authorizationUrl, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  for (let step = 0; step < 4; step += 1) {
    const location = res.headers.get('location');
    if ((res.status === 302 || res.status === 303) && location.startsWith(redirectUri)) {
      return { callback: new URL(location), cookie, seen };
    }
    const html = await res.text();
    check(res.status === 200, `the authorization endpoint answered ${res.status}: ${html}`);
    const fields = hiddenFields(html);
    if (html.includes('action="/login"')) {
      seen.push('login');
      fields.set('username', username);
      fields.set('password', password);
      res = await formPost('/login', fields);
      const set = res.headers.get('set-cookie');
      if (set) cookie = set.split(';')[0];
    } else if (html.includes('action="/consent"')) {
      seen.push('consent');
      fields.set('decision', 'approve');
      res = await formPost('/consent', fields, cookie);
    } else {
      const action = unescapeHtml(html.match(/<form method="post" action="([^"]+)"/)[1]);
      check(action === redirectUri, `a form post to ${action}`);
      seen.push('form_post');
      const callback = new Request(action, {
        method: 'POST',
        body: fields,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      return { callback, cookie, seen };
    }
  }
  throw new Error(`no answer for the redirect URI after ${seen.join(', ')}`);
}

function authFor(kind) {
  switch (kind) {
    case 'basic': return ['demo-client', client.ClientSecretBasic(secret)];
    case 'post': return ['demo-client', client.ClientSecretPost(secret)];
    case 'none': return ['demo-public', client.None()];
    default: throw new Error(`unknown client kind ${kind}`);
  }
}

async function configure(kind) {
  const [clientId, auth] = authFor(kind);
  return client.discovery(new URL(issuer), clientId, { [client.clockTolerance]: 0 }, auth, {
    execute: [client.allowInsecureRequests],
  });
}

// An authorization request with PKCE, state and nonce; what the callback must be checked with.
async function request(config, extra = {}) {
  const verifier = client.randomPKCECodeVerifier();
  const checks = {
    pkceCodeVerifier: verifier,
    expectedState: client.randomState(),
    expectedNonce: client.randomNonce(),
  };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid profile email offline_access',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: checks.expectedState,
    nonce: checks.expectedNonce,
    ...extra,
  });
  return { url, checks };
}

async function codeFlow(config, { extra = {}, cookie, checks: more = {}, tokenParams } = {}) {
  const { url, checks } = await request(config, extra);
  const browsed = await browse(url, { cookie });
  const tokens = await client.authorizationCodeGrant(
    config, browsed.callback, { ...checks, ...more }, tokenParams,
  );
  return { tokens, ...browsed };
}

async function expectOAuthError(promise, code, what) {
  try {
    await promise;
  } catch (e) {
    let got = e.error ?? e.cause?.error ?? e.cause?.parameters?.get?.('error');
    if (e.code === oauth.WWW_AUTHENTICATE_CHALLENGE) {
      // A 401 with its challenge: the OAuth error is in the body.
      got = (await e.response.json().catch(() => ({}))).error;
    }
    check(got === code, `${what}: expected ${code}, got ${e.name} ${e.code} ${got}: ${e.message}`);
    return e;
  }
  throw new Error(`${what}: expected ${code}, but it succeeded`);
}

const scenarios = {
  // The code flow, userinfo, refresh, introspection and revocation for one client kind.
  async code(kind) {
    const config = await configure(kind);
    const { tokens } = await codeFlow(config);
    const claims = tokens.claims();
    check(claims.sub === 'demo', `sub ${claims.sub}`);
    const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    check(info.email === 'demo@example.test', `userinfo ${JSON.stringify(info)}`);
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
    check(refreshed.refresh_token !== tokens.refresh_token, 'the refresh token rotates');
    if (kind !== 'none') {
      const active = await client.tokenIntrospection(config, refreshed.access_token);
      check(active.active === true && active.token_type === 'Bearer', JSON.stringify(active));
    }
    await client.tokenRevocation(config, refreshed.refresh_token);
    await expectOAuthError(
      client.refreshTokenGrant(config, refreshed.refresh_token), 'invalid_grant', 'a revoked refresh token',
    );
    // The replayed code and the reused refresh token are refused too.
    await expectOAuthError(
      client.refreshTokenGrant(config, tokens.refresh_token), 'invalid_grant', 'a rotated refresh token',
    );
  },

  // oauth4webapi's low-level calls, the response in the query or posted as a form.
  async o4(kind, mode) {
    const as = await oauth.discoveryRequest(new URL(issuer), { [oauth.allowInsecureRequests]: true })
      .then((response) => oauth.processDiscoveryResponse(new URL(issuer), response));
    const [clientId, clientAuth] = {
      basic: ['demo-client', oauth.ClientSecretBasic(secret)],
      post: ['demo-client', oauth.ClientSecretPost(secret)],
      none: ['demo-public', oauth.None()],
    }[kind];
    const c = { client_id: clientId, [oauth.clockTolerance]: 0 };
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    const url = new URL(as.authorization_endpoint);
    for (const [k, v] of Object.entries({
      client_id: clientId, redirect_uri: redirectUri, response_type: 'code', scope: 'openid email',
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
      state, nonce, response_mode: mode,
    })) url.searchParams.set(k, v);
    const { callback } = await browse(url);
    let parameters = callback.searchParams;
    if (callback instanceof Request) parameters = new URLSearchParams(await callback.text());
    else if (mode === 'fragment') parameters = new URLSearchParams(callback.hash.slice(1));
    const validated = oauth.validateAuthResponse(as, c, parameters, state);
    const response = await oauth.authorizationCodeGrantRequest(
      as, c, clientAuth, validated, redirectUri, verifier, { [oauth.allowInsecureRequests]: true },
    );
    const result = await oauth.processAuthorizationCodeResponse(as, c, response, {
      expectedNonce: nonce, requireIdToken: true,
    });
    const { sub } = oauth.getValidatedIdTokenClaims(result);
    const info = await oauth.userInfoRequest(as, c, result.access_token, { [oauth.allowInsecureRequests]: true })
      .then((r) => oauth.processUserInfoResponse(as, c, sub, r));
    check(info.email === 'demo@example.test', JSON.stringify(info));
  },

  // max_age shorter than the session's age: the server must sign the user in again, and the
  // library checks auth_time against max_age.
  async 'max-age'() {
    const config = await configure('basic');
    const first = await codeFlow(config);
    await new Promise((resolve) => { setTimeout(resolve, 2100); });
    const again = await codeFlow(config, { extra: { max_age: '1' }, cookie: first.cookie, checks: { maxAge: 1 } });
    check(again.seen.includes('login'), `pages seen with max_age=1: ${again.seen}`);
    const zero = await codeFlow(config, { extra: { max_age: '0' }, cookie: again.cookie, checks: { maxAge: 0 } });
    check(zero.seen.includes('login'), `pages seen with max_age=0: ${zero.seen}`);
  },

  async prompts() {
    const config = await configure('basic');
    const first = await codeFlow(config);
    const both = await codeFlow(config, { extra: { prompt: 'login consent' }, cookie: first.cookie });
    check(both.seen.join() === 'login,consent', `pages seen with prompt=login consent: ${both.seen}`);
    const silent = await codeFlow(config, { extra: { prompt: 'none' }, cookie: first.cookie });
    check(silent.seen.length === 0, `prompt=none with a session showed ${silent.seen}`);
    await expectOAuthError(
      codeFlow(config, { extra: { prompt: 'none' } }), 'login_required', 'prompt=none without a session',
    );
    await expectOAuthError(
      codeFlow(config, { extra: { prompt: 'none login' } }), 'invalid_request', 'prompt=none login',
    );
  },

  async 'form-post'() {
    const config = await configure('post');
    const { tokens, seen } = await codeFlow(config, { extra: { response_mode: 'form_post' } });
    check(seen.includes('form_post'), `pages seen: ${seen}`);
    check(tokens.claims().sub === 'demo', 'an ID token for demo');
  },

  async resource(resource) {
    const config = await configure('basic');
    const { tokens } = await codeFlow(config, { extra: { resource }, tokenParams: { resource } });
    const access = decodeJwt(tokens.access_token);
    check(access.aud === resource && access.client_id === 'demo-client', JSON.stringify(access));
    const service = await client.clientCredentialsGrant(config, { resource });
    check(decodeJwt(service.access_token).aud === resource, 'client credentials for the resource');
    await expectOAuthError(
      client.clientCredentialsGrant(config, { resource: 'https://not-allowed.example/' }),
      'invalid_target', 'a resource the client may not use',
    );
  },

  // oauth4webapi pushes the request (RFC 9126) and the browser sends only request_uri.
  async par(kind) {
    const as = await oauth.discoveryRequest(new URL(issuer), { [oauth.allowInsecureRequests]: true })
      .then((response) => oauth.processDiscoveryResponse(new URL(issuer), response));
    const [clientId, clientAuth] = {
      basic: ['demo-client', oauth.ClientSecretBasic(secret)],
      none: ['demo-public', oauth.None()],
    }[kind];
    const c = { client_id: clientId, [oauth.clockTolerance]: 0 };
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    const params = new URLSearchParams({
      client_id: clientId, redirect_uri: redirectUri, response_type: 'code', scope: 'openid',
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
      state, nonce,
    });
    const pushed = await oauth.pushedAuthorizationRequest(as, c, clientAuth, params, { [oauth.allowInsecureRequests]: true })
      .then((response) => oauth.processPushedAuthorizationResponse(as, c, response));
    check(pushed.expires_in === 60, `expires_in ${pushed.expires_in}`);
    const url = new URL(as.authorization_endpoint);
    url.searchParams.set('client_id', clientId);
    url.searchParams.set('request_uri', pushed.request_uri);
    const { callback } = await browse(url);
    const validated = oauth.validateAuthResponse(as, c, callback.searchParams, state);
    const response = await oauth.authorizationCodeGrantRequest(
      as, c, clientAuth, validated, redirectUri, verifier, { [oauth.allowInsecureRequests]: true },
    );
    const result = await oauth.processAuthorizationCodeResponse(as, c, response, {
      expectedNonce: nonce, requireIdToken: true,
    });
    check(typeof result.access_token === 'string', 'an access token');
  },

  // oauth4webapi binds the tokens with DPoP (RFC 9449): the code grant, userinfo, the
  // protected resource and a refresh, each retried once when serve asks for a nonce.
  async dpop(kind, nonces) {
    const insecure = { [oauth.allowInsecureRequests]: true };
    const as = await oauth.discoveryRequest(new URL(issuer), insecure)
      .then((response) => oauth.processDiscoveryResponse(new URL(issuer), response));
    check(as.dpop_signing_alg_values_supported.includes('ES256'), 'ES256 proofs advertised');
    const [clientId, clientAuth] = {
      basic: ['demo-client', oauth.ClientSecretBasic(secret)],
      none: ['demo-public', oauth.None()],
    }[kind];
    const c = { client_id: clientId, [oauth.clockTolerance]: 0 };
    const DPoP = oauth.DPoP(c, await oauth.generateKeyPair('ES256'));
    const options = { ...insecure, DPoP };
    let nonceRetries = 0;
    const retryOnNonce = async (attempt) => {
      try {
        return await attempt();
      } catch (e) {
        if (!oauth.isDPoPNonceError(e)) throw e;
        nonceRetries += 1;
        return attempt();
      }
    };
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const url = new URL(as.authorization_endpoint);
    for (const [name, value] of Object.entries({
      client_id: clientId, redirect_uri: redirectUri, response_type: 'code',
      scope: 'openid offline_access', state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    })) url.searchParams.set(name, value);
    const { callback } = await browse(url);
    const validated = oauth.validateAuthResponse(as, c, callback.searchParams, state);
    const tokens = await retryOnNonce(async () => oauth.processAuthorizationCodeResponse(
      as, c,
      await oauth.authorizationCodeGrantRequest(as, c, clientAuth, validated, redirectUri, verifier, options),
    ));
    check(tokens.token_type === 'dpop', `token_type ${tokens.token_type}`);
    check(typeof decodeJwt(tokens.access_token).cnf?.jkt === 'string', 'cnf.jkt in the access token');
    const sub = decodeJwt(tokens.id_token).sub;
    await retryOnNonce(async () => oauth.processUserInfoResponse(
      as, c, sub, await oauth.userInfoRequest(as, c, tokens.access_token, options),
    ));
    const work = await retryOnNonce(async () => {
      const response = await oauth.protectedResourceRequest(
        tokens.access_token, 'GET', new URL(`${issuer}/work`), new Headers(), null, options,
      );
      check(response.status === 200, `/work answered ${response.status}`);
      return response;
    });
    check((await work.text()).includes('hello'), 'the protected resource answered');
    const refreshed = await retryOnNonce(async () => oauth.processRefreshTokenResponse(
      as, c, await oauth.refreshTokenGrantRequest(as, c, clientAuth, tokens.refresh_token, options),
    ));
    check(refreshed.token_type === 'dpop', `refreshed token_type ${refreshed.token_type}`);
    // With nonces required, serve asks once per endpoint kind; after that the nonce is known.
    if (nonces === 'nonces') check(nonceRetries >= 1, 'serve asked for a nonce');
    else check(nonceRetries === 0, `${nonceRetries} nonce retries without nonces required`);
  },

  // oauth4webapi signs the request as an RFC 9101 request object (sent by value, or pushed)
  // with the client key in OAUTHCTL_CLIENT_JWK, asks for the JARM response mode `mode`,
  // and validates serve's response JWT (signature by the JWKS, iss, aud, exp) before use.
  async jar(mode, how) {
    const insecure = { [oauth.allowInsecureRequests]: true };
    const as = await oauth.discoveryRequest(new URL(issuer), insecure)
      .then((response) => oauth.processDiscoveryResponse(new URL(issuer), response));
    check(as.request_parameter_supported === true, 'request objects advertised');
    check(as.response_modes_supported.includes(mode), `${mode} advertised`);
    const jwk = JSON.parse(process.env.OAUTHCTL_CLIENT_JWK);
    const key = await crypto.subtle.importKey(
      'jwk', jwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign'],
    );
    const c = { client_id: 'demo-client', [oauth.clockTolerance]: 0 };
    const clientAuth = oauth.ClientSecretBasic(secret);
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const params = new URLSearchParams({
      client_id: 'demo-client', redirect_uri: redirectUri, response_type: 'code', scope: 'openid',
      state, response_mode: mode,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });
    const request = await oauth.issueRequestObject(as, c, params, { key, kid: jwk.kid });
    const url = new URL(as.authorization_endpoint);
    url.searchParams.set('client_id', 'demo-client');
    if (how === 'pushed') {
      const pushed = await oauth.pushedAuthorizationRequest(
        as, c, clientAuth, new URLSearchParams({ request }), insecure,
      ).then((response) => oauth.processPushedAuthorizationResponse(as, c, response));
      url.searchParams.set('request_uri', pushed.request_uri);
    } else {
      url.searchParams.set('request', request);
    }
    const { callback } = await browse(url);
    let answer;
    if (callback instanceof Request) answer = new URLSearchParams(await callback.text());
    else if (callback.hash.length > 1) answer = new URLSearchParams(callback.hash.slice(1));
    else answer = callback.searchParams;
    check(answer.has('response') && !answer.has('code'), 'only the response JWT travels');
    const validated = await oauth.validateJwtAuthResponse(as, c, answer, state, insecure);
    const result = await oauth.processAuthorizationCodeResponse(
      as, c,
      await oauth.authorizationCodeGrantRequest(as, c, clientAuth, validated, redirectUri, verifier, insecure),
      { requireIdToken: true, expectedNonce: oauth.expectNoNonce },
    );
    check(typeof result.access_token === 'string', 'an access token');
  },

  // oauth4webapi authenticates with a JWT assertion (RFC 7523): `hmac` (client_secret_jwt
  // with OAUTHCTL_HMAC_SECRET) or `key` (private_key_jwt with OAUTHCTL_CLIENT_JWK), twice
  // (each time a fresh assertion, which serve's replay check lets through).
  async assertion(kind) {
    const insecure = { [oauth.allowInsecureRequests]: true };
    const as = await oauth.discoveryRequest(new URL(issuer), insecure)
      .then((response) => oauth.processDiscoveryResponse(new URL(issuer), response));
    let clientId;
    let clientAuth;
    if (kind === 'hmac') {
      clientId = 'hmac';
      clientAuth = oauth.ClientSecretJwt(process.env.OAUTHCTL_HMAC_SECRET);
    } else {
      const jwk = JSON.parse(process.env.OAUTHCTL_CLIENT_JWK);
      const key = await crypto.subtle.importKey(
        'jwk', jwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign'],
      );
      clientId = 'signer';
      clientAuth = oauth.PrivateKeyJwt({ key, kid: jwk.kid });
    }
    check(as.token_endpoint_auth_methods_supported.includes(
      kind === 'hmac' ? 'client_secret_jwt' : 'private_key_jwt',
    ), 'the method is advertised');
    const c = { client_id: clientId, [oauth.clockTolerance]: 0 };
    const params = new URLSearchParams({ scope: 'read' });
    const tokens = await oauth.processClientCredentialsResponse(
      as, c, await oauth.clientCredentialsGrantRequest(as, c, clientAuth, params, insecure),
    );
    check(typeof tokens.access_token === 'string', 'an access token');
    // A second request makes a fresh assertion (its own jti): it works too.
    await oauth.processClientCredentialsResponse(
      as, c, await oauth.clientCredentialsGrantRequest(as, c, clientAuth, params, insecure),
    );
  },

  async device() {
    const config = await configure('none');
    const started = await client.initiateDeviceAuthorization(config, { scope: 'openid' });
    const approved = await formPost('/device', new URLSearchParams({
      user_code: started.user_code, username: 'demo', password, decision: 'approve',
    }));
    check(approved.status === 200, `the device page answered ${approved.status}`);
    const tokens = await client.pollDeviceAuthorizationGrant(config, started);
    check(typeof tokens.access_token === 'string', 'an access token');
  },

  async refusals() {
    const wrong = await client.discovery(
      new URL(issuer), 'demo-client', { [client.clockTolerance]: 0 }, client.ClientSecretPost('wrong'),
      { execute: [client.allowInsecureRequests] },
    );
    const e = await expectOAuthError(client.clientCredentialsGrant(wrong), 'invalid_client', 'a wrong secret');
    check(e.status === 401, `status ${e.status}`);
    check(e.cause?.[0]?.scheme === 'basic', `challenge ${JSON.stringify(e.cause)}`);
    const config = await configure('basic');
    const { url, checks } = await request(config);
    const { callback } = await browse(url);
    await client.authorizationCodeGrant(config, callback, checks);
    await expectOAuthError(
      client.authorizationCodeGrant(config, callback, checks), 'invalid_grant', 'a replayed code',
    );
    const other = await request(config);
    const second = await browse(other.url);
    await expectOAuthError(
      client.authorizationCodeGrant(config, second.callback, { ...other.checks, pkceCodeVerifier: checks.pkceCodeVerifier }),
      'invalid_grant', 'another request\'s code verifier',
    );
  },
};

const [name, ...args] = process.argv.slice(2);
try {
  if (!scenarios[name]) throw new Error(`unknown scenario ${name}`);
  await scenarios[name](...args);
  console.log(`ok ${name} ${args.join(' ')}`);
} catch (e) {
  const oauthError = e.error ?? e.cause?.error ?? '';
  console.log(`FAIL ${name} ${args.join(' ')}: ${e.name} ${e.code ?? ''} ${oauthError} ${e.message}`);
  if (e.cause) console.log('cause:', e.cause);
  process.exit(1);
}
