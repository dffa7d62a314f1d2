//! The arguments of the network commands: `flow`, `serve`, and the server and client
//! descriptions and network options they share with `token verify`.

use super::*;

#[derive(Debug, Args)]
pub struct NetArgs {
    /// Extra CA certificate (PEM) to trust for https.
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,

    /// Timeout for each HTTP request, in seconds.
    #[arg(long, default_value_t = 10)]
    pub http_timeout: u64,

    /// Allow plain http to non-loopback hosts (unsafe: tokens and secrets travel
    /// unencrypted); a warning is printed for every such request.
    #[arg(long)]
    pub allow_insecure_http: bool,

    /// A TLS client certificate (PEM) for mutual TLS (RFC 8705), e.g. from `keygen
    /// --cert-subject`.
    #[arg(long, value_name = "FILE", requires = "client_cert_key")]
    pub client_cert: Option<PathBuf>,

    /// The private key of --client-cert (PEM).
    #[arg(long, value_name = "FILE", requires = "client_cert")]
    pub client_cert_key: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port to listen on; 0 picks a free one (printed).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,

    /// Address to listen on. Anything but loopback needs --allow-remote.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,

    /// Allow listening on a non-loopback address.
    #[arg(long)]
    pub allow_remote: bool,

    /// TOML file with issuer, keys, users and clients (default: the demo set).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Signing key (default: one generated and kept in the state directory).
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,

    /// Where the generated key and demo secrets are kept (default: $XDG_STATE_HOME/oauthctl/serve).
    #[arg(long, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,

    /// Keep the generated key and demo secrets only for this run.
    #[arg(long, conflicts_with = "state_dir")]
    pub ephemeral: bool,

    /// Approve every authorization request without a consent page (for CI).
    #[arg(long)]
    pub auto_approve: bool,

    /// Issuer URL to announce (default: http://<address>:<port>, https with TLS).
    #[arg(long)]
    pub issuer: Option<String>,

    /// Serve over TLS with a self-signed certificate for localhost, 127.0.0.1 and ::1,
    /// made once and kept in the state directory (its path is printed: clients trust it
    /// with --ca-file).
    #[arg(long)]
    pub tls: bool,

    /// Serve over TLS with this PEM certificate chain (implies --tls).
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// The PEM private key of --tls-cert.
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FlowGrant {
    AuthorizationCode,
    ClientCredentials,
    /// Use a refresh token you have (--refresh-token-file or OAUTHCTL_REFRESH_TOKEN).
    RefreshToken,
    /// RFC 8628: show a user code, poll until the user approves it.
    Device,
    /// Resource-owner password (legacy; avoid): --username and the password.
    Password,
    /// RFC 8693: exchange --subject-token-file for another token.
    TokenExchange,
    /// The implicit grant (legacy; avoid): the token arrives in the redirect's fragment.
    Implicit,
    /// RFC 7523: a JWT as the grant (--assertion-file, or signed with --client-key for
    /// --assertion-sub).
    JwtBearer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PrintWhat {
    #[value(name = "access_token")]
    AccessToken,
    #[value(name = "id_token")]
    IdToken,
    #[value(name = "refresh_token")]
    RefreshToken,
    Tokens,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BearerFormat {
    Standard,
    /// `Authorization: Bearer id_token="<jwt>"`, as the API gateway expects.
    Gateway,
}

#[derive(Debug, Args)]
pub struct FlowArgs {
    /// Start `oauthctl serve` in-process on a free loopback port and run against it.
    #[arg(long, conflicts_with = "issuer")]
    pub embedded: bool,

    #[command(flatten)]
    pub server: ServerArgs,

    /// The issuer identifier to expect in `iss` (callback and ID token) when the server is
    /// given by explicit endpoints, without a discovery fetch.
    #[arg(long, value_name = "ID", conflicts_with = "issuer")]
    pub issuer_id: Option<String>,

    #[command(flatten)]
    pub client: ClientArgs,

    /// The grant to run.
    #[arg(long, value_enum, default_value_t = FlowGrant::AuthorizationCode)]
    pub grant: FlowGrant,

    /// Scope to request.
    #[arg(long, default_value = DEFAULT_FLOW_SCOPE)]
    pub scope: String,

    /// An extra authorization or token parameter NAME=VALUE. Repeatable.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,

    /// The `audience` parameter (Auth0-style). Repeatable.
    #[arg(long)]
    pub audience: Vec<String>,

    /// The `resource` indicator (RFC 8707). Repeatable.
    #[arg(long)]
    pub resource: Vec<String>,

    /// Rich authorization request details (RFC 9396): a JSON array, or @FILE holding one;
    /// sent with the authorization request (or the client-credentials token request).
    #[arg(long, value_name = "JSON|@FILE")]
    pub authorization_details: Option<String>,

    /// Skip PKCE (legacy servers only).
    #[arg(long)]
    pub no_pkce: bool,

    /// Push the authorization request first (RFC 9126 PAR); automatic when the server's
    /// metadata requires it.
    #[arg(long)]
    pub par: bool,

    /// The response mode to ask for: query, fragment, or JARM's jwt, query.jwt,
    /// fragment.jwt (the response JWT is verified with the server's JWKS before use).
    #[arg(long, value_name = "MODE")]
    pub response_mode: Option<String>,

    /// Send the authorization request as a request object (RFC 9101) signed with
    /// --client-key: by value, or pushed with --par.
    #[arg(long)]
    pub request_object: bool,

    /// The FAPI 2.0 Security Profile: PAR with PKCE S256, private_key_jwt (--client-key),
    /// DPoP, RFC 9207 iss and only PS256, ES256 or EdDSA; the server's metadata must offer
    /// its side, or the flow stops saying what is missing.
    #[arg(long)]
    pub fapi2: bool,

    /// Sender-constrain the tokens with DPoP (RFC 9449) using a fresh P-256 key: a proof
    /// on every token, refresh, userinfo and resource request.
    #[arg(long)]
    pub dpop: bool,

    /// DPoP with this private key (PEM or JWK, any key `keygen` writes) instead of a fresh
    /// one; implies --dpop.
    #[arg(long, value_name = "FILE")]
    pub dpop_key: Option<PathBuf>,

    /// Fixed loopback redirect URI (default: http://127.0.0.1:<random>/callback).
    #[arg(long)]
    pub redirect_uri: Option<String>,

    /// How long to wait for the callback.
    #[arg(long, default_value = "5m")]
    pub timeout: String,

    /// The user's part: browser, print, paste, auto, or command=CMD (default: browser on a
    /// terminal, auto otherwise).
    #[arg(long)]
    pub login: Option<String>,

    /// Username for --login auto.
    #[arg(long)]
    pub username: Option<String>,

    /// Password file for --login auto. Or OAUTHCTL_PASSWORD.
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<PathBuf>,

    /// An extra login form field NAME=VALUE for --login auto. Repeatable.
    #[arg(long = "form-field", value_name = "NAME=VALUE")]
    pub form_fields: Vec<String>,

    /// Steps after the token exchange, comma-separated (default: all the server offers):
    /// userinfo, refresh, introspect, revoke, resource.
    #[arg(long, value_delimiter = ',')]
    pub steps: Option<Vec<String>>,

    /// Call this API with the access token and expect 2xx.
    #[arg(long)]
    pub resource_url: Option<String>,

    /// How to send the access token to --resource-url and userinfo.
    #[arg(long, value_enum, default_value_t = BearerFormat::Standard)]
    pub bearer_format: BearerFormat,

    /// Print only this to stdout (for scripts).
    #[arg(long, value_enum)]
    pub print: Option<PrintWhat>,

    /// The refresh token for --grant refresh-token. Or OAUTHCTL_REFRESH_TOKEN.
    #[arg(long, value_name = "FILE")]
    pub refresh_token_file: Option<PathBuf>,

    /// The subject token for --grant token-exchange. Or OAUTHCTL_SUBJECT_TOKEN.
    #[arg(long, value_name = "FILE")]
    pub subject_token_file: Option<PathBuf>,

    /// The JWT for --grant jwt-bearer. Or OAUTHCTL_ASSERTION.
    #[arg(long, value_name = "FILE")]
    pub assertion_file: Option<PathBuf>,

    /// For --grant jwt-bearer without --assertion-file: the subject of an assertion signed
    /// with --client-key (iss is the client, aud the token endpoint).
    #[arg(long, value_name = "SUB")]
    pub assertion_sub: Option<String>,

    /// Its type (RFC 8693 section 3).
    #[arg(long, default_value = "urn:ietf:params:oauth:token-type:access_token")]
    pub subject_token_type: String,

    /// A named profile from the profiles file (flags given here override it).
    #[arg(long)]
    pub profile: Option<String>,

    /// The profiles file (default: $XDG_CONFIG_HOME/oauthctl/profiles.toml).
    #[arg(long, value_name = "FILE")]
    pub profiles_file: Option<PathBuf>,

    #[command(flatten)]
    pub net: NetArgs,
}

/// Where the authorization server is: discovery, or explicit endpoints that override it.
#[derive(Debug, Args, Clone, Default)]
pub struct ServerArgs {
    /// The issuer: discovery (OIDC, then RFC 8414); its `issuer` must match exactly.
    #[arg(long)]
    pub issuer: Option<String>,
    /// Authorization endpoint (overrides discovery).
    #[arg(long)]
    pub authorize_url: Option<String>,
    /// Token endpoint (overrides discovery).
    #[arg(long)]
    pub token_url: Option<String>,
    /// Userinfo endpoint (overrides discovery).
    #[arg(long)]
    pub userinfo_url: Option<String>,
    /// JWKS URL (overrides discovery).
    #[arg(long)]
    pub jwks_url: Option<String>,
    /// Introspection endpoint (overrides discovery).
    #[arg(long)]
    pub introspection_url: Option<String>,
    /// Revocation endpoint (overrides discovery).
    #[arg(long)]
    pub revocation_url: Option<String>,
    /// Device authorization endpoint (overrides discovery).
    #[arg(long)]
    pub device_authorization_url: Option<String>,
}

/// Who the client is and how it authenticates.
#[derive(Debug, Args, Clone, Default)]
pub struct ClientArgs {
    /// The client_id.
    #[arg(long)]
    pub client_id: Option<String>,

    /// Client secret file. Or OAUTHCTL_CLIENT_SECRET, or a prompt on a terminal.
    #[arg(long, value_name = "FILE")]
    pub client_secret_file: Option<PathBuf>,

    /// How the client authenticates (default: client_secret_basic with a secret, else none).
    #[arg(long, value_enum)]
    pub auth_method: Option<ClientAuthMethod>,

    /// Private key that signs private_key_jwt assertions (e.g. from `oauthctl keygen`).
    #[arg(long, value_name = "FILE")]
    pub client_key: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DiscoverArgs {
    /// The issuer URL.
    pub issuer: String,

    #[command(flatten)]
    pub net: NetArgs,
}

#[derive(Debug, Args)]
pub struct TokenToolArgs {
    /// The token (also `Bearer <jwt>`); `-` or absent: stdin.
    pub token: Option<String>,

    #[command(flatten)]
    pub server: ServerArgs,

    #[command(flatten)]
    pub client: ClientArgs,

    /// A token_type_hint (access_token, refresh_token).
    #[arg(long)]
    pub token_type_hint: Option<String>,

    #[command(flatten)]
    pub net: NetArgs,
}
