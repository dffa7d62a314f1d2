//! The man pages clap cannot generate: the configuration files (section 5) and the
//! conventions every command shares (section 7: exit codes, flow steps, audit checks).
//! The tables of keys are checked against the parsers' own field lists by tests, so a key
//! added to a parser and not here fails the suite.

use clap_mangen::roff::{bold, italic, roman, Roff};

use crate::exit::ExitStatus;

/// One key of a configuration table.
pub struct Key {
    pub name: &'static str,
    pub value: &'static str,
    pub meaning: &'static str,
}

/// A TOML table of a configuration file (`[[clients]]`, `[demo_token_server]`...).
pub struct Table {
    pub header: &'static str,
    pub what: &'static str,
    pub keys: &'static [Key],
}

const fn key(name: &'static str, value: &'static str, meaning: &'static str) -> Key {
    Key {
        name,
        value,
        meaning,
    }
}

pub const SERVE_TABLES: [Table; 7] = [
    Table {
        header: "(top level)",
        what: "The server itself.",
        keys: &[key("issuer", "URL or /PATH", "The issuer identifier. A path alone (/auth/oauth/v20) is put after serve's own http://ADDRESS:PORT. Every endpoint lives under the issuer's path. Default: http://ADDRESS:PORT.")],
    },
    Table {
        header: "[[keys]]",
        what: "Signing keys: all are published in the JWKS, one signs. Without any, serve uses the key it keeps in its state directory.",
        keys: &[
            key("path", "FILE", "A private RSA, EC or Ed25519 key (PEM, DER or JWK)."),
            key("active", "BOOL", "This key signs (at most one; default: the first)."),
        ],
    },
    Table {
        header: "[[users]]",
        what: "Users who can sign in.",
        keys: &[
            key("username", "TEXT", "The login name, and the default sub."),
            key("password", "TEXT", "The password inline (demos only)."),
            key("password_file", "FILE", "The password's file (first line)."),
            key("password_hash", "pbkdf2-sha256$ITER$SALT$HASH", "A PBKDF2-HMAC-SHA256 hash, salt and hash in standard base64. Give exactly one of the three."),
            key("claims", "TABLE", "User claims (name, email, mobile...) released by the profile, email, phone and address scopes."),
        ],
    },
    Table {
        header: "[[clients]]",
        what: "Registered clients. A client id may not equal a user's sub.",
        keys: &[
            key("client_id", "TEXT", "1 to 64 letters, digits, - and _."),
            key("name", "TEXT", "Shown on the login and consent pages."),
            key("secret", "TEXT", "The client secret inline (demos only)."),
            key("secret_file", "FILE", "The client secret's file. Without a secret or jwks_file the client is public."),
            key("redirect_uris", "[URI]", "Exact redirect URIs; a loopback http URI without a port accepts any port (RFC 8252 7.3)."),
            key("grant_types", "[NAME]", "authorization_code, refresh_token, client_credentials, password, the device_code URN, the token-exchange URN. Default: authorization_code, refresh_token."),
            key("scopes", "[NAME]", "The scopes the client may ask for. Default: openid profile email offline_access all read write."),
            key("token_endpoint_auth_method", "NAME", "client_secret_basic, client_secret_post, private_key_jwt, client_secret_jwt (an HS256/384/512 assertion keyed with the secret, at least 32 bytes), tls_client_auth or self_signed_tls_client_auth (RFC 8705, serve over TLS; the certificate's subject or its key, from jwks_file) or none. Default from what is configured."),
            key("jwks_file", "FILE", "The client's public keys for private_key_jwt assertions."),
            key("access_token_lifetime", "SECONDS", "Default 1800."),
            key("refresh_token_lifetime", "SECONDS", "Default 1800."),
            key("code_lifetime", "SECONDS", "Default 60, at most 1800; above 600 (RFC 6749) it is announced at start-up."),
            key("auto_approve", "BOOL", "Skip the consent page for this client."),
            key("subject_claim", "NAME", "The user claim that becomes sub for this client (default: the username)."),
            key("allow_implicit", "BOOL", "Allow response_type=token (legacy)."),
            key(
                "authorization_details_types",
                "[TYPE]",
                "RFC 9396 authorization details types the client may ask for; granted details come back in the token response, the access token and introspection.",
            ),
            key(
                "require_par",
                "BOOL",
                "Authorization requests must be pushed to /par first (RFC 9126); when every client is held to it, the metadata says require_pushed_authorization_requests.",
            ),
            key(
                "require_signed_request_object",
                "BOOL",
                "Authorization requests (query or pushed) must be signed request objects (RFC 9101, typ oauth-authz-req+jwt) verified with the client's jwks_file; when every client is held to it, the metadata says require_signed_request_object.",
            ),
            key(
                "tls_client_auth_subject_dn",
                "DN",
                "For token_endpoint_auth_method = tls_client_auth (RFC 8705): the subject its TLS client certificate must have, e.g. CN=app,O=Example (attributes in any order).",
            ),
            key(
                "fapi2",
                "BOOL",
                "Hold the client to the FAPI 2.0 Security Profile: private_key_jwt with PS256, ES256 or EdDSA, PKCE, pushed requests, DPoP-bound tokens, no implicit or password grant; the active key must sign ES256 or EdDSA.",
            ),
            key(
                "require_dpop",
                "BOOL",
                "Every token request must carry a DPoP proof (RFC 9449); without this, a proof is optional and binds the tokens when sent.",
            ),
            key(
                "require_dpop_nonce",
                "BOOL",
                "DPoP proofs for this client and its tokens must carry a current server nonce (RFC 9449 section 8; use_dpop_nonce and DPoP-Nonce).",
            ),
            key("resources", "[URI]", "RFC 8707 resource indicators the client may ask tokens for; they become the access token's aud."),
            key("access_token_format", "NAME", "rfc9068 (typ at+jwt, default), jwt (typ JWT) or opaque."),
            key("access_token_claims", "TABLE", "Static claims added to the client's JWT access tokens; registered claims are never replaced."),
            key("require_pkce", "BOOL", "false makes PKCE optional (legacy; confidential clients only; announced)."),
            key("bearer_token_in_query_or_body", "BOOL", "userinfo takes the token from ?access_token= or a form body (legacy; announced)."),
            key("id_token_with_password_grant", "BOOL", "The password grant returns an ID token with openid (legacy; announced)."),
        ],
    },
    Table {
        header: "[[protected]]",
        what: "Protected paths (the gateway): they replace /work, check the bearer token with the verifier of token verify, then answer or relay.",
        keys: &[
            key("path", "/PATH", "The path, and everything below it; not one of serve's endpoints."),
            key("trusted_keys", "[FILE]", "PEM, JWK or JWKS files whose keys sign acceptable tokens."),
            key("trust_serve_keys", "BOOL", "Also serve's own keys (default: when trusted_keys is empty). serve's own tokens pass only while it holds them."),
            key("algorithms", "[ALG]", "Allowed algorithms (default: each key's own)."),
            key("issuer", "TEXT", "The iss tokens must have."),
            key("audience", "[TEXT]", "Accepted aud values."),
            key("require", "[NAME]", "Claims that must be present."),
            key("claims", "TABLE", "Claims that must have these values."),
            key("leeway", "SECONDS", "Clock skew for exp, nbf and iat (default 0, at most 300)."),
            key("accept", "[FORM]", "bearer (Bearer <jwt>) and/or id_token (Bearer id_token=\"<jwt>\"). Default: both."),
            key("respond", "TEXT", "The body of the answer (default: hello world)."),
            key("upstream", "URL", "Relay the request there instead, path below the protected path and query kept, with X-Forwarded-Host and X-Forwarded-Proto."),
            key("upstream_timeout", "SECONDS", "1 to 300, default 10: 504 after it, 502 when unreachable."),
            key("forward_authorization", "BOOL", "Send the caller's Authorization header upstream (default: never)."),
            key("allow_remote_upstream", "BOOL", "Allow plain http to a non-loopback upstream."),
        ],
    },
    Table {
        header: "[demo_token_server]",
        what: "GET /token and GET /check of the gateway demo's token server (off unless present; announced at start-up, since it hands tokens to anyone). The active key must be RSA.",
        keys: &[
            key("claims", "TABLE", "The claims of each token, besides iat, nbf, exp and jti."),
            key("lifetime", "SECONDS", "1 to 86400, default 300."),
        ],
    },
    Table {
        header: "[[assertion_issuers]]",
        what: "Issuers whose JWTs the JWT-bearer grant (RFC 7523 section 2.1) takes from a client allowed that grant: aud this server (or its token endpoint), exp at most an hour ahead, a sub (the token's subject; a user's claims at userinfo when it names one) and a jti that works once.",
        keys: &[
            key("issuer", "TEXT", "The iss of its assertions."),
            key("keys", "[FILE]", "PEM, JWK or JWKS files of its public keys."),
        ],
    },
];

pub const PROFILE_TABLES: [Table; 1] = [Table {
    header: "[profiles.NAME]",
    what: "A named set of flow options, chosen with --profile NAME; flags override it. Secrets only by reference.",
    keys: &[
        key("issuer", "URL", "Run discovery there."),
        key("authorize_url", "URL", "Explicit endpoint, overriding discovery."),
        key("token_url", "URL", "Explicit endpoint."),
        key("userinfo_url", "URL", "Explicit endpoint."),
        key("jwks_url", "URL", "Explicit endpoint."),
        key("introspection_url", "URL", "Explicit endpoint."),
        key("revocation_url", "URL", "Explicit endpoint."),
        key("device_authorization_url", "URL", "Explicit endpoint."),
        key("client_id", "TEXT", "The client."),
        key("client_secret_file", "FILE", "The client secret's file."),
        key("client_secret_env", "NAME", "The environment variable holding the client secret."),
        key("client_key", "FILE", "The key for private_key_jwt."),
        key("auth_method", "NAME", "client_secret_basic, client_secret_post, private_key_jwt or none."),
        key("scope", "TEXT", "The scope to ask for."),
        key("params", "TABLE", "Extra authorization and token request parameters."),
        key("redirect_uri", "URI", "The loopback redirect URI."),
        key("username", "TEXT", "For --login auto and the password grant."),
        key("password_file", "FILE", "The user's password file."),
        key("password_env", "NAME", "The environment variable holding the password."),
        key("login", "NAME", "browser, print, paste, auto or command=CMD."),
    ],
}];

/// The steps `flow` reports, in the order they run.
pub const FLOW_STEPS: [(&str, &str); 15] = [
    ("discovery", "fetch and check the issuer's metadata"),
    (
        "fapi2",
        "--fapi2: the metadata offers PAR, PKCE S256, RFC 9207 iss, private_key_jwt, DPoP and PS256/ES256/EdDSA",
    ),
    (
        "par",
        "--par or a server that requires it: the request pushed (RFC 9126)",
    ),
    (
        "authorize",
        "the authorization request and the login, up to the callback",
    ),
    ("callback", "state and RFC 9207 iss of the answer"),
    ("device_authorization", "RFC 8628: the user code"),
    (
        "device_approve",
        "--login auto: the code approved on the verification page",
    ),
    ("token", "the token request of the grant"),
    (
        "id_token",
        "signature, iss, aud, azp, exp, iat, nonce, at_hash",
    ),
    ("userinfo", "its sub equals the ID token's"),
    ("resource", "--resource-url called with the access token"),
    ("refresh", "a refresh, noting rotation"),
    ("introspect", "the access token is active"),
    ("revoke", "the access token revoked"),
    ("introspect_revoked", "inactive after revocation"),
];

/// serve's endpoints, below the issuer's path.
pub const ENDPOINTS: [(&str, &str); 13] = [
    ("/.well-known/openid-configuration", "discovery (also /.well-known/oauth-authorization-server, and RFC 8414's form for a path issuer)"),
    ("/jwks", "the public signing keys"),
    ("/authorize", "the authorization endpoint: login and consent pages"),
    ("/login, /consent", "the forms of those pages"),
    ("/token", "the token endpoint (GET: the demo token server, when configured)"),
    ("/userinfo, /me", "OpenID Connect userinfo"),
    ("/introspect", "RFC 7662"),
    ("/par", "RFC 9126: pushed authorization requests, a one-time request_uri for 60 s"),
    ("/revoke", "RFC 7009"),
    ("/device_authorization", "RFC 8628: start a device grant"),
    ("/device", "the page where the user enters the code"),
    ("/work", "the default protected resource (replaced by [[protected]])"),
    ("/check", "the demo token server's check (when configured)"),
];

fn title(page: &mut Roff, name: &str, section: &str, summary: &str) {
    page.control(
        "TH",
        [name.to_uppercase().as_str(), section, "", "oauthctl"],
    );
    page.control("SH", ["NAME"]);
    page.text([roman(format!("{name} - {summary}"))]);
}

fn tables(page: &mut Roff, tables: &[Table]) {
    for table in tables {
        page.control("SS", [table.header]);
        page.text([roman(table.what)]);
        for k in table.keys {
            page.control("TP", []);
            page.text([bold(k.name), roman(" = "), italic(k.value)]);
            page.text([roman(k.meaning)]);
        }
    }
}

/// `oauthctl-serve.toml(5)`.
pub fn serve_config() -> String {
    let mut page = Roff::new();
    title(
        &mut page,
        "oauthctl-serve.toml",
        "5",
        "the configuration file of oauthctl serve",
    );
    page.control("SH", ["SYNOPSIS"]);
    page.text([roman("oauthctl serve --config "), italic("FILE")]);
    page.control("SH", ["DESCRIPTION"]);
    page.text([roman("A TOML file. Relative paths in it start from its directory. Unknown keys, files that do not load and values out of range are errors that name the file, the line and the key (exit 3).")]);
    page.control("SH", ["TABLES"]);
    tables(&mut page, &SERVE_TABLES);
    page.control("SH", ["ENDPOINTS"]);
    for (path, what) in ENDPOINTS {
        page.control("TP", []);
        page.text([bold(path)]);
        page.text([roman(what)]);
    }
    page.control("SH", ["SEE ALSO"]);
    page.text([roman("oauthctl-serve(1), oauthctl(7)")]);
    page.render()
}

/// `oauthctl-profiles.toml(5)`.
pub fn profiles() -> String {
    let mut page = Roff::new();
    title(
        &mut page,
        "oauthctl-profiles.toml",
        "5",
        "named flow profiles",
    );
    page.control("SH", ["DESCRIPTION"]);
    page.text([roman("$XDG_CONFIG_HOME/oauthctl/profiles.toml (else ~/.config/oauthctl/profiles.toml, or --profiles-file). Relative paths start from the file's directory. An inline secret is an error: use the _file or _env keys.")]);
    page.control("SH", ["TABLES"]);
    tables(&mut page, &PROFILE_TABLES);
    page.control("SH", ["SEE ALSO"]);
    page.text([roman("oauthctl-flow(1)")]);
    page.render()
}

/// `oauthctl(7)`: exit codes and flow steps.
pub fn conventions() -> String {
    let mut page = Roff::new();
    title(
        &mut page,
        "oauthctl",
        "7",
        "exit codes, flow steps and audit checks of oauthctl",
    );
    page.control("SH", ["EXIT STATUS"]);
    for status in ExitStatus::ALL {
        page.control("TP", []);
        page.text([bold(status.code().to_string())]);
        page.text([roman(status.meaning())]);
    }
    page.control("SH", ["FLOW STEPS"]);
    page.text([roman(
        "oauthctl flow reports these steps (--steps chooses the optional ones):",
    )]);
    for (name, what) in FLOW_STEPS {
        page.control("TP", []);
        page.text([bold(name)]);
        page.text([roman(what)]);
    }
    page.control("SH", ["AUDIT CHECKS"]);
    page.text([roman(
        "oauthctl audit runs these checks (--checks and --skip-checks take ids or areas):",
    )]);
    for check in &crate::audit::CATALOG {
        page.control("TP", []);
        page.text([
            bold(check.id),
            roman(format!(" ({}, {})", check.area, check.severity.name())),
        ]);
        page.text([roman(format!(
            "{}: {} ({}). Fix: {}.",
            check.title, check.rule, check.source, check.fix
        ))]);
    }
    page.control("SH", ["SEE ALSO"]);
    page.text([roman(
        "oauthctl(1), oauthctl-flow(1), oauthctl-audit(1), oauthctl-serve.toml(5), \
         oauthctl-profiles.toml(5)",
    )]);
    page.render()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The field names a parser's "unknown field" error lists.
    fn expected_fields(message: &str) -> Vec<String> {
        let list = message
            .split_once("expected")
            .unwrap_or_else(|| panic!("no field list in: {message}"))
            .1;
        list.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    }

    fn documented(table: &Table) -> Vec<String> {
        let mut names: Vec<String> = table.keys.iter().map(|k| k.name.to_string()).collect();
        names.sort();
        names
    }

    fn serve_fields(header: &str) -> Vec<String> {
        let text = match header {
            "(top level)" => "zz_unknown = 1\n".to_string(),
            table => format!("{table}\nzz_unknown = 1\n"),
        };
        let path = std::path::Path::new("serve.toml");
        let bind = "127.0.0.1:0".parse().unwrap();
        let error = crate::server::config::from_text(&text, path, bind, false).unwrap_err();
        let mut fields = expected_fields(&error.message);
        fields.sort();
        fields
    }

    #[test]
    fn every_key_the_serve_config_parser_accepts_is_documented_and_no_other() {
        for table in &SERVE_TABLES {
            let mut parsed = serve_fields(table.header);
            if table.header == "(top level)" {
                // The other tables' own names, documented as their headers.
                let headers = [
                    "keys",
                    "users",
                    "clients",
                    "protected",
                    "demo_token_server",
                    "assertion_issuers",
                ];
                parsed.retain(|f| !headers.contains(&f.as_str()));
                for header in &SERVE_TABLES[1..] {
                    let name = header.header.trim_matches(['[', ']']);
                    assert!(headers.contains(&name), "{name}");
                }
            }
            assert_eq!(documented(table), parsed, "{}", table.header);
        }
    }

    #[test]
    fn every_profile_key_is_documented_and_no_other() {
        let error = toml::from_str::<super::super::client::Profile>("zz_unknown = 1").unwrap_err();
        let mut parsed = expected_fields(error.message());
        parsed.sort();
        assert_eq!(documented(&PROFILE_TABLES[0]), parsed);
    }

    #[test]
    fn the_pages_render_every_table_and_exit_code() {
        let page = serve_config();
        for table in &SERVE_TABLES {
            assert!(page.contains(table.header), "{}", table.header);
        }
        let conventions = conventions();
        for status in ExitStatus::ALL {
            // roff writes a hyphen as `\-`.
            let rendered = status.meaning().replace('-', "\\-");
            assert!(conventions.contains(&rendered), "{status:?}");
        }
    }
}
