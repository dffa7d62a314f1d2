//! Every member and every value of serve's discovery document is exercised: a method,
//! grant, mode, scope, claim or prompt the metadata advertises must work, and a member
//! this test does not know fails it (so that advertising something new means showing
//! here that it works).

use crate::common;

use std::time::Duration;

use common::serve_client::*;
use oauthctl::keys::generate::{generate, KeySpec};
use oauthctl::keys::{Algorithm, Curve, Key};
use oauthctl::protocol::dpop::Prover;
use oauthctl::protocol::{ClientAuthMethod, GrantType};
use serde_json::{json, Value};

const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// The `client_secret_jwt` client's secret: 64 bytes, long enough for HS512.
const HMAC_SECRET: &str = "an-hmac-secret-of-sixty-four-bytes-for-hs512-0123456789abcdefghi";

struct World {
    s: Server,
    /// The `private_key_jwt` client's keys, one per key type (their JWKs name no `alg`).
    keys: Vec<Key>,
    cookie: String,
}

fn claims(jwt: &str) -> Value {
    let part = jwt.split('.').nth(1).expect("a JWT");
    serde_json::from_slice(&oauthctl::b64::decode(part).unwrap()).unwrap()
}

fn header(jwt: &str) -> Value {
    let part = jwt.split('.').next().unwrap();
    serde_json::from_slice(&oauthctl::b64::decode(part).unwrap()).unwrap()
}

impl World {
    /// Everything on: the password grant and the implicit grant for demo-client, and a
    /// `private_key_jwt` client `signer`.
    fn new() -> World {
        let mut keys = Vec::new();
        for spec in [
            KeySpec::Rsa(2048),
            KeySpec::Ec(Curve::P256),
            KeySpec::Ec(Curve::P384),
            KeySpec::Ec(Curve::P521),
            KeySpec::Ed25519,
        ] {
            let mut key = generate(spec).unwrap();
            key.kid = Some(key.kid_or_thumbprint());
            keys.push(key);
        }
        let public: Vec<Key> = keys.iter().map(Key::public).collect();
        let s = start_with(move |settings| {
            settings.auto_approve = true;
            let demo = &mut settings.clients[0];
            demo.grants.insert(GrantType::Password);
            demo.allow_implicit = true;
            demo.authorization_details_types = vec!["payment_initiation".into()];
            let mut signer = settings.clients[0].clone();
            signer.id = "signer".into();
            signer.secret = None;
            signer.auth_method = ClientAuthMethod::PrivateKeyJwt;
            signer.jwks = public;
            let mut hmac = signer.clone();
            settings.clients.push(signer);
            hmac.id = "hmac".into();
            hmac.auth_method = ClientAuthMethod::ClientSecretJwt;
            hmac.secret = Some(oauthctl::secret::Secret::new(HMAC_SECRET.into()));
            hmac.jwks = Vec::new();
            settings.clients.push(hmac);
        });
        let (_, logged, cookie) = sign_in(&s, "demo-client", &pkce().1, "openid");
        assert_eq!(logged.status, 303, "{}", logged.body);
        World { s, keys, cookie }
    }

    /// `claims` signed for `signer` with `alg` by the key that fits it (its kid, and `typ`
    /// when given, in the header).
    fn signed(&self, alg: Algorithm, typ: Option<&str>, claims: &Value) -> String {
        let key = self
            .keys
            .iter()
            .find(|k| k.fits(alg))
            .unwrap_or_else(|| panic!("no test key fits {}", alg.name()));
        let signer = oauthctl::keys::crypto::Signer::new(key, alg).unwrap();
        let mut header = serde_json::Map::new();
        header.insert("kid".into(), key.kid.clone().unwrap().into());
        if let Some(typ) = typ {
            header.insert("typ".into(), typ.into());
        }
        oauthctl::jwt::token::mint(&signer, &header, claims.as_object().unwrap()).unwrap()
    }

    /// A client assertion signed with `alg`: for `signer` by the key that fits it, or for
    /// `hmac` (client_secret_jwt) with its secret.
    fn assertion(&self, alg: Algorithm, aud: &str) -> String {
        let hmac = alg.family() == oauthctl::keys::Family::Hmac;
        let client = if hmac { "hmac" } else { "signer" };
        let now = oauthctl::jwt::time::now().unwrap();
        let claims = json!({
            "iss": client, "sub": client, "aud": aud,
            "iat": now, "exp": now + 60,
            "jti": oauthctl::jwt::token::random_jti().unwrap(),
        });
        if !hmac {
            return self.signed(alg, None, &claims);
        }
        let key = Key::new(oauthctl::keys::Material::Oct {
            k: oauthctl::secret::Secret::new(HMAC_SECRET.into()),
        });
        let signer = oauthctl::keys::crypto::Signer::new(&key, alg).unwrap();
        oauthctl::jwt::token::mint(
            &signer,
            &serde_json::Map::new(),
            claims.as_object().unwrap(),
        )
        .unwrap()
    }

    /// An authorization request for `signer` as a request object signed with `alg`
    /// (RFC 9101); the authorization endpoint's answer.
    fn request_object(&self, alg: Algorithm) -> Reply {
        let now = oauthctl::jwt::time::now().unwrap();
        let (_, challenge) = pkce();
        let claims = json!({
            "iss": "signer", "aud": self.s.running.issuer, "exp": now + 60,
            "client_id": "signer", "response_type": "code", "redirect_uri": REDIRECT,
            "scope": "openid", "state": "st4te", "code_challenge": challenge,
            "code_challenge_method": "S256",
        });
        let jwt = self.signed(alg, Some("oauth-authz-req+jwt"), &claims);
        let query =
            serde_urlencoded::to_string([("client_id", "signer"), ("request", &jwt)]).unwrap();
        self.s
            .get(&format!("/authorize?{query}"), Some(&self.cookie))
    }

    /// POST `form` to `path`, authenticated by `method` (demo-client, demo-public for
    /// `none`, signer for `private_key_jwt`, hmac for `client_secret_jwt`).
    fn post_as(&self, method: &str, path: &str, form: &[(&str, &str)]) -> Reply {
        let mut form: Vec<(&str, &str)> = form.to_vec();
        let mut headers = Vec::new();
        let basic_header = basic("demo-client", SECRET);
        let assertion;
        match method {
            "client_secret_basic" => headers.push(("Authorization", basic_header.as_str())),
            "client_secret_post" => {
                form.extend([("client_id", "demo-client"), ("client_secret", SECRET)])
            }
            "none" => form.push(("client_id", "demo-public")),
            "private_key_jwt" | "client_secret_jwt" => {
                let alg = if method == "private_key_jwt" {
                    Algorithm::Es256
                } else {
                    Algorithm::Hs256
                };
                assertion = self.assertion(alg, &self.s.url(path));
                form.extend([
                    ("client_assertion_type", ASSERTION_TYPE),
                    ("client_assertion", assertion.as_str()),
                ]);
            }
            other => panic!("advertised client authentication method `{other}` has no exercise"),
        }
        self.s.post(path, &form, &headers)
    }

    /// An access token (and refresh token) issued to the client `method` stands for.
    fn tokens_for(&self, method: &str) -> Value {
        if method == "none" {
            let (verifier, challenge) = pkce();
            let code = get_code(&self.s, "demo-public", &challenge, "openid offline_access");
            let form = [
                ("grant_type", "authorization_code"),
                ("code", code.as_str()),
                ("redirect_uri", REDIRECT),
                ("code_verifier", verifier.as_str()),
            ];
            return self.ok(self.post_as("none", "/token", &form));
        }
        self.ok(self.post_as(method, "/token", &[("grant_type", "client_credentials")]))
    }

    fn ok(&self, reply: Reply) -> Value {
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.json()
    }

    /// An authorization request from the signed-in session.
    fn authorize(&self, extra: &[(&str, &str)]) -> Reply {
        let (_, challenge) = pkce();
        let mut params = vec![
            ("response_type", "code"),
            ("client_id", "demo-client"),
            ("redirect_uri", REDIRECT),
            ("scope", "openid"),
            ("state", "st4te"),
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", "S256"),
        ];
        for (name, value) in extra {
            params.retain(|(n, _)| n != name);
            params.push((name, value));
        }
        let query = serde_urlencoded::to_string(&params).unwrap();
        self.s
            .get(&format!("/authorize?{query}"), Some(&self.cookie))
    }

    /// A full code flow for demo-client; the token response.
    fn code_flow(&self, scope: &str, extra: &[(&str, &str)]) -> Value {
        let (verifier, challenge) = pkce();
        let mut params = vec![("code_challenge", challenge.as_str()), ("scope", scope)];
        params.extend_from_slice(extra);
        let code = self
            .authorize(&params)
            .location_param("code")
            .expect("a code");
        self.ok(exchange(&self.s, &code, &verifier))
    }

    fn exercise(&self, member: &str, value: &Value) {
        let text = value.as_str().unwrap_or_default();
        match member {
            "response_types_supported" => self.response_type(text),
            "response_modes_supported" => self.response_mode(text),
            "grant_types_supported" => self.grant(text),
            "code_challenge_methods_supported" => self.code_challenge_method(text),
            "token_endpoint_auth_methods_supported" => {
                assert!(self.tokens_for(text)["access_token"].is_string())
            }
            "token_endpoint_auth_signing_alg_values_supported" => {
                let alg = Algorithm::from_name(text).expect("a known algorithm");
                let jwt = self.assertion(alg, &self.s.url("/token"));
                let form = [
                    ("grant_type", "client_credentials"),
                    ("client_assertion_type", ASSERTION_TYPE),
                    ("client_assertion", jwt.as_str()),
                ];
                self.ok(self.s.post("/token", &form, &[]));
            }
            "dpop_signing_alg_values_supported" => self.dpop_algorithm(text),
            "request_object_signing_alg_values_supported" => {
                let alg = Algorithm::from_name(text).expect("a known algorithm");
                let r = self.request_object(alg);
                assert!(r.location_param("code").is_some(), "{text}: {}", r.body);
            }
            "introspection_endpoint_auth_methods_supported" => {
                let token = self.tokens_for("client_secret_basic")["access_token"].clone();
                let form = [("token", token.as_str().unwrap())];
                let answer = self.ok(self.post_as(text, "/introspect", &form));
                assert_eq!(answer["active"], true, "{text}: {answer}");
            }
            "revocation_endpoint_auth_methods_supported" => {
                let token = self.tokens_for(text)["access_token"].clone();
                let token = token.as_str().unwrap();
                let revoked = self.post_as(text, "/revoke", &[("token", token)]);
                assert_eq!(revoked.status, 200, "{text}: {}", revoked.body);
                assert_eq!(introspect(&self.s, token)["active"], false, "{text}");
            }
            "scopes_supported" => self.scope(text),
            "subject_types_supported" => {
                assert_eq!(text, "public");
                let id =
                    |tokens: Value| claims(tokens["id_token"].as_str().unwrap())["sub"].clone();
                let confidential = id(self.code_flow("openid", &[]));
                let (verifier, challenge) = pkce();
                let code = get_code(&self.s, "demo-public", &challenge, "openid");
                let form = [
                    ("grant_type", "authorization_code"),
                    ("code", code.as_str()),
                    ("redirect_uri", REDIRECT),
                    ("code_verifier", verifier.as_str()),
                ];
                let public = id(self.ok(self.post_as("none", "/token", &form)));
                assert_eq!(
                    confidential, public,
                    "a public sub is the same for every client"
                );
            }
            "id_token_signing_alg_values_supported" => {
                let tokens = self.code_flow("openid", &[]);
                assert_eq!(header(tokens["id_token"].as_str().unwrap())["alg"], text);
            }
            "claims_supported" => self.claim(text),
            "authorization_details_types_supported" => {
                let details = format!(r#"[{{"type":"{text}"}}]"#);
                let form = [
                    ("grant_type", "client_credentials"),
                    ("authorization_details", details.as_str()),
                ];
                let basic_auth = basic("demo-client", SECRET);
                let granted =
                    self.ok(self
                        .s
                        .post("/token", &form, &[("Authorization", &basic_auth)]));
                assert_eq!(granted["authorization_details"][0]["type"], text);
            }
            "prompt_values_supported" => self.prompt(text),
            "authorization_signing_alg_values_supported" => {
                // The one algorithm listed is the one a JARM response is signed with.
                let r = self.authorize(&[("response_mode", "query.jwt")]);
                let jwt = r.location_param("response").expect("a JARM response");
                let header = header(&jwt);
                assert_eq!(header["alg"], text, "{header}");
            }
            other => panic!("metadata member `{other}` has no exercise here: add one"),
        }
    }

    fn response_type(&self, response_type: &str) {
        match response_type {
            "code" => {
                assert!(self.code_flow("openid", &[])["access_token"].is_string());
            }
            "token" => {
                let r = self.authorize(&[("response_type", "token")]);
                let location = r.location();
                let fragment = location.split_once('#').expect("a fragment").1;
                let pairs: Vec<(String, String)> = serde_urlencoded::from_str(fragment).unwrap();
                let token = pairs
                    .iter()
                    .find(|(n, _)| n == "access_token")
                    .expect("a token");
                assert_eq!(self.s.get_bearer("/userinfo", &token.1).status, 200);
            }
            other => panic!("advertised response type `{other}` has no exercise"),
        }
    }

    fn response_mode(&self, mode: &str) {
        let r = self.authorize(&[("response_mode", mode)]);
        match mode {
            "query" => assert!(r.location_param("code").is_some(), "{}", r.location()),
            "fragment" => assert!(r.location().contains("#code="), "{}", r.location()),
            "form_post" => {
                assert_eq!(r.status, 200);
                assert!(r.body.contains("name=\"code\""), "{}", r.body);
            }
            "jwt" | "query.jwt" => self.jarm(&r.location_param("response").expect(mode)),
            "fragment.jwt" => {
                let location = r.location();
                let fragment = location.split_once("#response=").expect(mode).1;
                self.jarm(fragment);
            }
            "form_post.jwt" => {
                assert_eq!(r.status, 200);
                self.jarm(&hidden(&r.body, "response"));
            }
            other => panic!("advertised response mode `{other}` has no exercise"),
        }
    }

    /// A JARM response: signed by serve's keys (with the advertised algorithm), for
    /// demo-client, short-lived, carrying the code, the state and the issuer.
    fn jarm(&self, jwt: &str) {
        let jwks = self.s.get("/jwks", None).json();
        let keys = oauthctl::keys::jwk::parse_jwks(jwks.as_object().unwrap()).unwrap();
        let ring = oauthctl::jwt::token::KeyRing::new(keys.keys, false, &[]).unwrap();
        let policy = oauthctl::jwt::claims::Policy {
            now: oauthctl::jwt::time::now().unwrap(),
            issuer: Some(self.s.running.issuer.clone()),
            audiences: vec!["demo-client".into()],
            required: vec!["exp".into()],
            ..Default::default()
        };
        let verified = ring.verify(jwt, &policy).unwrap();
        let claims = &verified.claims;
        assert!(claims["code"].is_string(), "{claims:?}");
        assert_eq!(claims["state"], "st4te");
        assert!(claims["exp"].as_i64().unwrap() - policy.now <= 120);
    }

    fn grant(&self, grant: &str) {
        let basic_auth = basic("demo-client", SECRET);
        let auth = [("Authorization", basic_auth.as_str())];
        match GrantType::parse(grant) {
            Some(GrantType::AuthorizationCode) => {
                assert!(self.code_flow("openid", &[])["id_token"].is_string());
            }
            Some(GrantType::RefreshToken) => {
                let tokens = self.code_flow("openid offline_access", &[]);
                let refresh = tokens["refresh_token"].as_str().unwrap();
                let form = [("grant_type", grant), ("refresh_token", refresh)];
                self.ok(self.s.post("/token", &form, &auth));
            }
            Some(GrantType::ClientCredentials) => {
                self.ok(self.s.post("/token", &[("grant_type", grant)], &auth));
            }
            Some(GrantType::Password) => {
                let form = [
                    ("grant_type", grant),
                    ("username", "demo"),
                    ("password", PASSWORD),
                ];
                self.ok(self.s.post("/token", &form, &auth));
            }
            Some(GrantType::DeviceCode) => self.device_grant(),
            Some(GrantType::TokenExchange) => {
                let subject = self.tokens_for("client_secret_basic")["access_token"].clone();
                let form = [
                    ("grant_type", grant),
                    ("subject_token", subject.as_str().unwrap()),
                    (
                        "subject_token_type",
                        "urn:ietf:params:oauth:token-type:access_token",
                    ),
                ];
                let issued = self.ok(self.s.post("/token", &form, &auth));
                assert_eq!(
                    issued["issued_token_type"],
                    "urn:ietf:params:oauth:token-type:access_token"
                );
            }
            _ => panic!("advertised grant `{grant}` has no exercise"),
        }
    }

    /// A token bound to a proof key of this algorithm, used at userinfo with a proof.
    fn dpop_algorithm(&self, name: &str) {
        let alg = Algorithm::from_name(name).expect("a known algorithm");
        let mut key = self
            .keys
            .iter()
            .find(|k| k.fits(alg))
            .unwrap_or_else(|| panic!("no test key fits {name}"))
            .clone();
        key.alg = Some(alg);
        let prover = Prover::new(key).unwrap();
        let token_url = self.s.url("/token");
        let proof = prover.proof("POST", &token_url, None, None).unwrap();
        let basic_auth = basic("demo-client", SECRET);
        let form = [("grant_type", "client_credentials"), ("scope", "openid")];
        let headers = [
            ("Authorization", basic_auth.as_str()),
            ("DPoP", proof.as_str()),
        ];
        let issued = self.ok(self.s.post("/token", &form, &headers));
        assert_eq!(issued["token_type"], "DPoP", "{name}: {issued}");
        let access = issued["access_token"].as_str().unwrap();
        assert_eq!(claims(access)["cnf"]["jkt"], prover.jkt(), "{name}");
        let info_url = self.s.url("/userinfo");
        let proof = prover.proof("GET", &info_url, Some(access), None).unwrap();
        let scheme = format!("DPoP {access}");
        let info = self.s.get_with(
            "/userinfo",
            &[("Authorization", scheme.as_str()), ("DPoP", proof.as_str())],
        );
        assert_eq!(info.status, 200, "{name}: {}", info.body);
    }

    fn device_grant(&self) {
        let basic_auth = basic("demo-client", SECRET);
        let auth = [("Authorization", basic_auth.as_str())];
        let started = self.ok(self.s.post("/device_authorization", &[], &auth));
        let approved = self.s.post(
            "/device",
            &[
                ("user_code", started["user_code"].as_str().unwrap()),
                ("username", "demo"),
                ("password", PASSWORD),
                ("decision", "approve"),
            ],
            &[],
        );
        assert_eq!(approved.status, 200, "{}", approved.body);
        let device_code = started["device_code"].as_str().unwrap();
        let form = [
            ("grant_type", GrantType::DeviceCode.name()),
            ("device_code", device_code),
        ];
        // Within the interval the server says slow_down or pending; wait it out once.
        let interval = started["interval"].as_u64().unwrap();
        std::thread::sleep(Duration::from_millis(interval * 1000 + 100));
        self.ok(self.s.post("/token", &form, &auth));
    }

    fn code_challenge_method(&self, method: &str) {
        assert_eq!(method, "S256", "only S256 has an exercise");
        let (_, challenge) = pkce();
        let code = self
            .authorize(&[("code_challenge", &challenge)])
            .location_param("code")
            .unwrap();
        let wrong = exchange(&self.s, &code, &pkce_other_verifier());
        assert_eq!(wrong.json()["error"], "invalid_grant", "{}", wrong.body);
    }

    fn scope(&self, scope: &str) {
        match scope {
            "openid" => assert!(self.code_flow("openid", &[])["id_token"].is_string()),
            "offline_access" => {
                assert!(self.code_flow("openid offline_access", &[])["refresh_token"].is_string())
            }
            other => {
                let form = [("grant_type", "client_credentials"), ("scope", other)];
                let basic_auth = basic("demo-client", SECRET);
                let granted =
                    self.ok(self
                        .s
                        .post("/token", &form, &[("Authorization", &basic_auth)]));
                assert_eq!(granted["scope"], other);
            }
        }
    }

    fn claim(&self, claim: &str) {
        let tokens = self.code_flow("openid profile email", &[("nonce", "n")]);
        let id = claims(tokens["id_token"].as_str().unwrap());
        let access = tokens["access_token"].as_str().unwrap();
        let userinfo = self.s.get_bearer("/userinfo", access).json();
        assert!(
            id.get(claim).is_some() || userinfo.get(claim).is_some(),
            "advertised claim `{claim}` is in neither the ID token {id} nor userinfo {userinfo}"
        );
    }

    fn prompt(&self, prompt: &str) {
        let r = self.authorize(&[("prompt", prompt)]);
        match prompt {
            "none" => assert!(r.location_param("code").is_some(), "{}", r.location()),
            "login" | "select_account" => {
                assert!(
                    r.body.contains("action=\"/login\""),
                    "{prompt}: {}",
                    r.status
                )
            }
            "consent" => assert!(r.body.contains("action=\"/consent\""), "{}", r.status),
            other => panic!("advertised prompt `{other}` has no exercise"),
        }
    }

    /// A member that says true or false.
    fn flag(&self, member: &str, value: bool) {
        match (member, value) {
            ("authorization_response_iss_parameter_supported", true) => {
                let r = self.authorize(&[]);
                assert_eq!(r.location_param("iss").unwrap(), self.s.running.issuer);
            }
            ("request_parameter_supported", true) => {
                let r = self.request_object(Algorithm::Es256);
                assert!(r.location_param("code").is_some(), "{}", r.body);
            }
            ("require_signed_request_object", false) => {
                // Not required: a plain query works for a client with keys too.
                let r = self.authorize(&[("client_id", "signer")]);
                assert!(r.location_param("code").is_some(), "{}", r.body);
            }
            ("request_uri_parameter_supported", false) => {
                let r = self.authorize(&[("request_uri", "https://rp.example/r")]);
                assert_eq!(
                    r.location_param("error").unwrap(),
                    "request_uri_not_supported"
                );
            }
            ("require_pushed_authorization_requests", false) => {
                // Not required: a request in the query works; and a pushed one too.
                assert!(self.code_flow("openid", &[])["access_token"].is_string());
                let (verifier, challenge) = pkce();
                let form = [
                    ("response_type", "code"),
                    ("redirect_uri", REDIRECT),
                    ("scope", "openid"),
                    ("state", "st4te"),
                    ("code_challenge", challenge.as_str()),
                    ("code_challenge_method", "S256"),
                ];
                let pushed = self.post_as("client_secret_basic", "/par", &form);
                assert_eq!(pushed.status, 201, "{}", pushed.body);
                let request_uri = pushed.json()["request_uri"].as_str().unwrap().to_string();
                let query = serde_urlencoded::to_string([
                    ("client_id", "demo-client"),
                    ("request_uri", request_uri.as_str()),
                ])
                .unwrap();
                let r = self
                    .s
                    .get(&format!("/authorize?{query}"), Some(&self.cookie));
                let code = r
                    .location_param("code")
                    .expect("a code for the pushed request");
                self.ok(exchange(&self.s, &code, &verifier));
            }
            ("claims_parameter_supported", false) => {
                // Not supported, so not acted on: an ID token asked to carry the email it
                // would carry only with the email scope comes without it.
                let asked = r#"{"id_token":{"email":{"essential":true}}}"#;
                let tokens = self.code_flow("openid", &[("claims", asked)]);
                let id = claims(tokens["id_token"].as_str().unwrap());
                assert!(id.get("email").is_none(), "{id}");
            }
            _ => panic!("metadata member `{member}`: {value} has no exercise here: add one"),
        }
    }
}

fn pkce_other_verifier() -> String {
    oauthctl::b64::encode(b"another verifier, also thirty-two bytes!")
}

#[test]
fn every_value_the_metadata_advertises_works() {
    let w = World::new();
    let meta = w.s.get("/.well-known/openid-configuration", None).json();
    let issuer = w.s.running.issuer.clone();
    let endpoints: [(&str, &str); 8] = [
        ("pushed_authorization_request_endpoint", "POST"),
        ("authorization_endpoint", "GET"),
        ("token_endpoint", "POST"),
        ("userinfo_endpoint", "GET"),
        ("jwks_uri", "GET"),
        ("introspection_endpoint", "POST"),
        ("revocation_endpoint", "POST"),
        ("device_authorization_endpoint", "POST"),
    ];
    let mut exercised = 0;
    for (member, value) in meta.as_object().unwrap() {
        if member == "issuer" {
            assert_eq!(value, &issuer);
        } else if let Some((_, method)) = endpoints.iter().find(|(m, _)| m == member) {
            let path = value.as_str().unwrap().strip_prefix(&issuer).unwrap();
            let answer = if *method == "GET" {
                w.s.get(path, None)
            } else {
                w.s.post(path, &[], &[])
            };
            assert!(
                ![404, 405].contains(&answer.status),
                "{member}: {}",
                answer.status
            );
        } else if let Some(flag) = value.as_bool() {
            w.flag(member, flag);
        } else {
            let values = value
                .as_array()
                .unwrap_or_else(|| panic!("{member}: {value}"));
            assert!(!values.is_empty(), "{member} is empty");
            for v in values {
                w.exercise(member, v);
            }
        }
        exercised += 1;
    }
    assert_eq!(exercised, meta.as_object().unwrap().len());
    // What this configuration turns on is advertised.
    for (member, value) in [
        ("grant_types_supported", "password"),
        ("response_types_supported", "token"),
        (
            "introspection_endpoint_auth_methods_supported",
            "private_key_jwt",
        ),
    ] {
        assert!(
            meta[member]
                .as_array()
                .unwrap()
                .contains(&Value::from(value)),
            "{member} lacks {value}"
        );
    }
}

#[test]
fn what_no_client_may_use_is_not_advertised() {
    let s = start_with(|settings| {
        for client in &mut settings.clients {
            client.grants.remove(&GrantType::DeviceCode);
            client.scopes.retain(|s| s != "write");
        }
    });
    let meta = s.get("/.well-known/openid-configuration", None).json();
    let listed = |member: &str, value: &str| {
        meta[member]
            .as_array()
            .unwrap()
            .contains(&Value::from(value))
    };
    assert!(!listed(
        "grant_types_supported",
        GrantType::DeviceCode.name()
    ));
    assert!(!listed("grant_types_supported", "password"));
    assert!(!listed("response_types_supported", "token"));
    assert!(!listed("scopes_supported", "write"));
    assert!(listed("scopes_supported", "read"));
    assert!(meta.get("device_authorization_endpoint").is_none());
}
