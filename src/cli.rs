//! The command line, as clap types only. Every command's logic lives in `commands/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use crate::protocol::ClientAuthMethod;

/// What `flow` asks for unless told otherwise.
pub const DEFAULT_FLOW_SCOPE: &str = "openid profile email offline_access";

#[derive(Debug, Parser)]
#[command(
    name = "oauthctl",
    version,
    about = "OAuth 2.0 keys and tokens from the command line",
    long_about = "oauthctl generates and converts signing keys (PEM, DER, JWK, JWKS) and \
                  works with OAuth 2.0 / OpenID Connect tokens.\n\n\
                  Data goes to stdout, messages to stderr. Exit codes: 0 success, 1 the \
                  answer is no (token rejected, check failed), 2 usage error, 3 bad input \
                  (key, claims, config), 4 refused for local safety (file exists, symlink), \
                  5 the authorization server broke the protocol, 6 network or timeout.",
    after_help = "Examples:\n  \
                  oauthctl keygen --out-dir keys\n  \
                  oauthctl key inspect keys/oauthctl.jwk.json\n  \
                  oauthctl completions bash > /etc/bash_completion.d/oauthctl",
    propagate_version = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Deferred<Command>,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Output format for data on stdout.
    #[arg(long, global = true, value_enum, default_value_t = OutputFormat::Text)]
    pub output: OutputFormat,

    /// More detail on stderr (repeat for more).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Only errors on stderr.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// When to colour stderr; `auto` honours NO_COLOR and checks for a terminal.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Generate a signing key pair as private PEM, public PEM, public JWK and JWKS.
    #[command(after_help = "Examples:\n  \
        oauthctl keygen                          # RSA 2048 in ./oauthctl.*\n  \
        oauthctl keygen --type ec --curve P-256 --name gateway --out-dir keys\n  \
        oauthctl keygen --layout gateway         # priv_pem, public_pem, public\n  \
        oauthctl keygen --stdout jwk | jq .n")]
    Keygen(Deferred<KeygenArgs>),

    /// Inspect, convert and thumbprint keys; maintain JWKS files.
    #[command(subcommand)]
    Key(Deferred<KeyCommand>),

    /// Mint, decode and strictly verify JWTs.
    #[command(subcommand)]
    Token(Deferred<TokenCommand>),

    /// Drive a whole OAuth flow against a live server as a test client, step by step.
    #[command(after_help = "Examples:\n  \
        oauthctl flow --embedded                       # against a built-in server, headless\n  \
        oauthctl flow --issuer https://idp.example --client-id app --client-secret-file app.secret\n  \
        oauthctl flow --issuer $ISS --client-id app --login auto --username alice --password-file pw --output json\n  \
        TOKEN=$(oauthctl flow --embedded --print access_token)")]
    Flow(Deferred<FlowArgs>),

    /// Fetch an issuer's metadata and point out what is missing or inconsistent.
    #[command(after_help = "Examples:\n  \
        oauthctl discover https://idp.example\n  \
        oauthctl discover http://127.0.0.1:8080 --output json | jq .metadata.token_endpoint")]
    Discover(Deferred<DiscoverArgs>),

    /// Call the userinfo endpoint with an access token you have.
    #[command(
        after_help = "Examples:\n  oauthctl userinfo \"$TOKEN\" --issuer https://idp.example"
    )]
    Userinfo(Deferred<TokenToolArgs>),

    /// Ask the introspection endpoint (RFC 7662) about a token you have.
    #[command(after_help = "Examples:\n  \
        oauthctl introspect \"$TOKEN\" --issuer https://idp.example --client-id api --client-secret-file api.secret")]
    Introspect(Deferred<TokenToolArgs>),

    /// Revoke a token you have (RFC 7009).
    #[command(after_help = "Examples:\n  \
        oauthctl revoke \"$REFRESH\" --token-type-hint refresh_token --issuer https://idp.example --client-id app --client-secret-file app.secret")]
    Revoke(Deferred<TokenToolArgs>),

    /// Run a local OAuth 2.0 / OpenID Connect authorization server for development.
    #[command(after_help = "Examples:\n  \
        oauthctl serve                         # http://127.0.0.1:8080 with demo client and user\n  \
        oauthctl serve --port 0 --ephemeral    # a free port, nothing written to disk\n  \
        oauthctl serve --config idp.toml --auto-approve")]
    Serve(Deferred<ServeArgs>),

    /// Print a shell completion script.
    #[command(after_help = "Examples:\n  \
        oauthctl completions bash > ~/.local/share/bash-completion/completions/oauthctl\n  \
        oauthctl completions zsh > \"${fpath[1]}/_oauthctl\"")]
    Completions(Deferred<CompletionsArgs>),

    /// Regenerate completions/ and man/ from this command line definition.
    #[command(hide = true)]
    GenerateDocs(Deferred<GenerateDocsArgs>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeyType {
    Rsa,
    Ec,
    Ed25519,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CurveName {
    #[value(name = "P-256", alias = "p256")]
    P256,
    #[value(name = "P-384", alias = "p384")]
    P384,
    #[value(name = "P-521", alias = "p521")]
    P521,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Layout {
    /// <name>.key.pem, <name>.pub.pem, <name>.jwk.json, <name>.jwks.json
    Standard,
    /// priv_pem, public_pem and public, as the original produce_key.py wrote them
    Gateway,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StdoutForm {
    /// The public JWK.
    Jwk,
    /// A JWKS holding the public JWK.
    Jwks,
    /// The private JWK.
    JwkPrivate,
    /// The public key as SPKI PEM.
    PublicPem,
    /// The private key as PKCS#8 PEM (or PKCS#1 with --pkcs1).
    PrivatePem,
}

#[derive(Debug, Args)]
pub struct PassphraseArgs {
    /// Read the passphrase from this file (first line). Otherwise OAUTHCTL_PASSPHRASE, or a
    /// prompt on a terminal.
    #[arg(long, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Key type.
    #[arg(long = "type", value_enum, default_value_t = KeyType::Rsa)]
    pub key_type: KeyType,

    /// RSA modulus size.
    #[arg(long, value_parser = ["2048", "3072", "4096"], conflicts_with = "curve")]
    pub bits: Option<String>,

    /// EC curve (implies --type ec).
    #[arg(long, value_enum)]
    pub curve: Option<CurveName>,

    /// The JWK `alg` (RSA: RS256 default, RS384, RS512, PS256, PS384, PS512).
    #[arg(long)]
    pub alg: Option<String>,

    /// The JWK `kid` (default: the RFC 7638 SHA-256 thumbprint).
    #[arg(long, allow_hyphen_values = true)]
    pub kid: Option<String>,

    /// File name prefix.
    #[arg(long, default_value = "oauthctl")]
    pub name: String,

    /// Directory for the files (created if missing).
    #[arg(long, default_value = ".")]
    pub out_dir: PathBuf,

    /// Which files to write.
    #[arg(long, value_enum, default_value_t = Layout::Standard)]
    pub layout: Layout,

    /// Write the RSA private key as PKCS#1 (`BEGIN RSA PRIVATE KEY`) instead of PKCS#8.
    #[arg(long)]
    pub pkcs1: bool,

    /// Encrypt the private key with a passphrase (PKCS#8 PBES2, AES-256-CBC).
    #[arg(long)]
    pub encrypt: bool,

    #[command(flatten)]
    pub passphrase: PassphraseArgs,

    /// Replace existing files.
    #[arg(long)]
    pub force: bool,

    /// Print one form on stdout instead of writing files.
    #[arg(long, value_enum, conflicts_with_all = ["layout", "force", "out_dir", "name"])]
    pub stdout: Option<StdoutForm>,

    /// Print only the public JWK on stdout (same as --stdout jwk).
    #[arg(long, conflicts_with = "stdout")]
    pub jwk_only: bool,
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Show what a key file holds: type, size, public or private, kid, fingerprint.
    #[command(after_help = "Examples:\n  \
        oauthctl key inspect oauthctl.key.pem\n  \
        curl -s https://idp.example/jwks | oauthctl key inspect -")]
    Inspect(Deferred<InspectArgs>),

    /// Convert a key between PEM, DER, JWK and JWKS.
    #[command(after_help = "Examples:\n  \
        oauthctl key convert oauthctl.key.pem --to jwk        # public JWK\n  \
        oauthctl key convert public --to spki                 # JWK to PEM\n  \
        oauthctl key convert key.pem --to jwk-private --out key.jwk.json")]
    Convert(Deferred<ConvertArgs>),

    /// Print the RFC 7638 JWK thumbprint.
    #[command(after_help = "Examples:\n  oauthctl key thumbprint oauthctl.pub.pem")]
    Thumbprint(Deferred<ThumbprintArgs>),

    /// List, add to and remove from a JWKS file (key rotation).
    #[command(subcommand)]
    Jwks(Deferred<JwksCommand>),
}

#[derive(Debug, Args)]
pub struct KeyInput {
    /// Key file (PEM, DER, JWK or JWKS), or `-` for stdin.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Pick the key with this kid from a JWKS.
    #[arg(long, allow_hyphen_values = true)]
    pub kid: Option<String>,

    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    #[command(flatten)]
    pub input: KeyInput,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConvertTo {
    /// Public JWK.
    Jwk,
    /// Private JWK (includes the private members).
    JwkPrivate,
    /// JWKS holding the public JWK.
    Jwks,
    /// Private key, PKCS#8.
    Pkcs8,
    /// RSA private key, PKCS#1.
    Pkcs1,
    /// EC private key, SEC1.
    Sec1,
    /// Public key, SPKI (`BEGIN PUBLIC KEY`).
    Spki,
    /// RSA public key, PKCS#1 (`BEGIN RSA PUBLIC KEY`).
    Pkcs1Public,
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    #[command(flatten)]
    pub input: KeyInput,

    /// Target form.
    #[arg(long, value_enum, default_value_t = ConvertTo::Jwk)]
    pub to: ConvertTo,

    /// Binary DER instead of PEM (needs --out).
    #[arg(long, requires = "out")]
    pub der: bool,

    /// Encrypt the PKCS#8 output with a passphrase.
    #[arg(long)]
    pub encrypt: bool,

    /// Set or replace the kid in JWK output (`thumbprint` for the RFC 7638 value).
    #[arg(long, allow_hyphen_values = true)]
    pub set_kid: Option<String>,

    /// Set the JWK `alg`.
    #[arg(long)]
    pub alg: Option<String>,

    /// Write to this file (safely) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Replace --out if it exists.
    #[arg(long, requires = "out")]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HashName {
    Sha256,
    Sha384,
    Sha512,
}

#[derive(Debug, Args)]
pub struct ThumbprintArgs {
    #[command(flatten)]
    pub input: KeyInput,

    /// Hash function.
    #[arg(long, value_enum, default_value_t = HashName::Sha256)]
    pub hash: HashName,
}

#[derive(Debug, Subcommand)]
pub enum JwksCommand {
    /// List the keys of a JWKS.
    List(JwksListArgs),
    /// Add the public half of a key to a JWKS file (created if missing).
    #[command(after_help = "Examples:\n  \
        oauthctl keygen --name next --out-dir keys\n  \
        oauthctl key jwks add keys/jwks.json keys/next.key.pem")]
    Add(JwksAddArgs),
    /// Remove a key from a JWKS file by kid.
    Remove(JwksRemoveArgs),
}

#[derive(Debug, Args)]
pub struct JwksListArgs {
    /// JWKS file, or `-` for stdin.
    pub jwks: PathBuf,
}

#[derive(Debug, Args)]
pub struct JwksAddArgs {
    /// JWKS file to update.
    pub jwks: PathBuf,

    #[command(flatten)]
    pub key: KeyInput,

    /// kid for the new entry (default: the key's own kid, else its thumbprint).
    #[arg(long, allow_hyphen_values = true)]
    pub set_kid: Option<String>,

    /// The JWK `alg` for the new entry.
    #[arg(long)]
    pub alg: Option<String>,
}

#[derive(Debug, Args)]
pub struct JwksRemoveArgs {
    /// JWKS file to update.
    pub jwks: PathBuf,

    /// kid of the key to remove. A thumbprint kid may begin with `-`; it is still a kid.
    #[arg(allow_hyphen_values = true)]
    pub kid_to_remove: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Shell to generate for.
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Args)]
pub struct GenerateDocsArgs {
    /// Project root to write completions/ and man/ into.
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Sign a JWT from flags and/or a JSON claims object.
    #[command(after_help = "Examples:\n  \
        oauthctl token mint --key oauthctl.key.pem --sub alice --aud api --exp 1h\n  \
        oauthctl token mint --key priv_pem --claim foo=bar --claim wup=90\n  \
        oauthctl token decode \"$T\" --output json | jq .claims | oauthctl token mint --key k.pem --claims -\n  \
        OAUTHCTL_SECRET=$(cat secret) oauthctl token mint --alg HS256 --sub svc")]
    Mint(Deferred<MintArgs>),

    /// Show a token's header and claims without verifying it (labelled UNVERIFIED).
    #[command(after_help = "Examples:\n  \
        oauthctl token decode eyJhbGciOi...\n  \
        pbpaste | oauthctl token decode          # also takes 'Bearer <jwt>' and 'Authorization: ...'")]
    Decode(Deferred<DecodeArgs>),

    /// Verify a token strictly: signature with a key you choose, then its claims.
    #[command(after_help = "Examples:\n  \
        oauthctl token verify \"$T\" --key oauthctl.pub.pem --aud api\n  \
        oauthctl token verify \"$T\" --jwks https://idp.example/jwks.json --iss https://idp.example\n  \
        oauthctl token verify \"$T\" --issuer https://idp.example --aud api\n  \
        oauthctl token verify --batch --key public < tokens.txt")]
    Verify(Deferred<VerifyArgs>),
}

#[derive(Debug, Args)]
pub struct SecretArgs {
    /// HMAC secret file (its bytes; one trailing newline is dropped). Or OAUTHCTL_SECRET.
    #[arg(long, value_name = "FILE")]
    pub secret_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct MintArgs {
    /// Signing key: PEM, DER, JWK, or a JWKS with --kid.
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,

    /// Pick the signing key from a JWKS by kid.
    #[arg(long, allow_hyphen_values = true)]
    pub kid: Option<String>,

    #[command(flatten)]
    pub secret: SecretArgs,

    #[command(flatten)]
    pub passphrase: PassphraseArgs,

    /// Signature algorithm (default: the key's JWK alg, else RS256 / ES by curve / EdDSA / HS256).
    #[arg(long)]
    pub alg: Option<String>,

    /// `iss` claim.
    #[arg(long)]
    pub iss: Option<String>,

    /// `sub` claim.
    #[arg(long)]
    pub sub: Option<String>,

    /// `aud` claim; repeat for an array.
    #[arg(long)]
    pub aud: Vec<String>,

    /// `exp`: a duration from now (5m, +1h, 30d), an RFC 3339 time or a NumericDate.
    #[arg(long, default_value = "5m")]
    pub exp: String,

    /// `nbf` (default: now). Same forms as --exp.
    #[arg(long)]
    pub nbf: Option<String>,

    /// `jti` (default: 128 random bits).
    #[arg(long)]
    pub jti: Option<String>,

    /// Leave out the automatic exp, nbf, iat and jti.
    #[arg(long)]
    pub bare: bool,

    /// A claim NAME=VALUE; VALUE is parsed as JSON when it is JSON. Repeatable.
    #[arg(long = "claim", value_name = "NAME=VALUE")]
    pub claims: Vec<String>,

    /// A JSON object of claims from a file, or `-` for stdin.
    #[arg(long = "claims", value_name = "FILE")]
    pub claims_file: Option<PathBuf>,

    /// A protected header member NAME=VALUE. Repeatable.
    #[arg(long = "header", value_name = "NAME=VALUE")]
    pub headers: Vec<String>,

    /// The header `typ` (default JWT, RFC 7519 section 5.1; at+jwt for RFC 9068).
    #[arg(long, conflicts_with = "no_typ")]
    pub typ: Option<String>,

    /// Leave `typ` out of the header.
    #[arg(long)]
    pub no_typ: bool,

    /// Header `kid` (default: the key's kid, else its RFC 7638 thumbprint).
    #[arg(long, conflicts_with = "no_kid", allow_hyphen_values = true)]
    pub set_kid: Option<String>,

    /// Leave `kid` out of the header.
    #[arg(long)]
    pub no_kid: bool,

    /// Mint N tokens (each with a fresh jti), one per line.
    #[arg(long, default_value_t = 1)]
    pub count: u64,

    /// Read claims objects as JSON lines on stdin; one token per line out.
    #[arg(long, conflicts_with_all = ["count", "claims_file"])]
    pub batch: bool,
}

#[derive(Debug, Args)]
pub struct DecodeArgs {
    /// The token (also `Bearer <jwt>` or an Authorization header); `-` or absent: stdin.
    pub token: Option<String>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The token (also `Bearer <jwt>` or an Authorization header); `-` or absent: stdin.
    pub token: Option<String>,

    /// Verify with this key: PEM, DER, JWK (or a JWKS file).
    #[arg(long, value_name = "FILE", group = "keysource")]
    pub key: Option<PathBuf>,

    /// Verify with a JWKS file or https URL; the key is chosen by the token's kid.
    #[arg(long, value_name = "FILE|URL", group = "keysource")]
    pub jwks: Option<String>,

    /// Discover the JWKS from this issuer (OIDC discovery, then RFC 8414); also checks iss.
    #[arg(long, value_name = "URL", group = "keysource")]
    pub issuer: Option<String>,

    #[command(flatten)]
    pub secret: SecretArgs,

    /// Allowed algorithm; repeatable (default: the key's JWK alg, else its natural one).
    #[arg(long)]
    pub alg: Vec<String>,

    /// Expected `iss`.
    #[arg(long)]
    pub iss: Option<String>,

    /// Accepted audience; repeatable (the token's aud must contain one).
    #[arg(long)]
    pub aud: Vec<String>,

    /// Expected `sub`.
    #[arg(long)]
    pub sub: Option<String>,

    /// Expected header `typ` (e.g. at+jwt for RFC 9068 access tokens).
    #[arg(long)]
    pub typ: Option<String>,

    /// A claim that must be present; repeatable.
    #[arg(long, value_name = "CLAIM")]
    pub require: Vec<String>,

    /// An expected claim value NAME=VALUE (JSON when it parses); repeatable.
    #[arg(long = "claim", value_name = "NAME=VALUE")]
    pub claims: Vec<String>,

    /// Clock skew allowed for exp, nbf and iat, in seconds (at most 600).
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(0..=600))]
    pub leeway: u64,

    /// Accept a token without `exp`.
    #[arg(long)]
    pub allow_no_exp: bool,

    /// Read one token per line from stdin; write one JSON verdict per line.
    #[arg(long, conflicts_with = "token")]
    pub batch: bool,

    #[command(flatten)]
    pub net: NetArgs,
}

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

    /// Issuer URL to announce (default: http://<address>:<port>).
    #[arg(long)]
    pub issuer: Option<String>,
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

    /// Skip PKCE (legacy servers only).
    #[arg(long)]
    pub no_pkce: bool,

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

/// A subcommand whose arguments clap builds only when the command line names it.
///
/// Building every command's arguments up front was a third of a one-token `token verify` run
/// (callgrind); deferred, a run builds the root, one group and one leaf. Help, completions and
/// man pages still see the whole tree: clap builds deferred parts on demand.
///
/// At the top level ([`Cli::command`]), [`command_for`] also prunes: clap copies the global
/// options into every subcommand of the root when it builds the root, and for the twelve a run
/// does not use that was a sixth of clap's work and a third of the heap of a one-token run.
///
/// Completions and man pages are generated from [`full_command`], built eagerly, so that they
/// list arguments in their declared order and see the nested `help` subcommands.
///
/// The about texts stay the variant's: building a struct's arguments late would otherwise let
/// its own doc comment (or a flattened struct's) replace them. The `_for_update` builders are
/// not deferred (oauthctl never updates parsed arguments).
#[derive(Debug)]
pub struct Deferred<T>(Box<T>);

impl<T> Deferred<T> {
    pub fn into_inner(self) -> T {
        *self.0
    }
}

impl<T: Args> Args for Deferred<T> {
    fn augment_args(command: clap::Command) -> clap::Command {
        if BUILD_EAGERLY.get() {
            return T::augment_args(command);
        }
        command.defer(|command| keeping_about(command, T::augment_args))
    }

    fn augment_args_for_update(command: clap::Command) -> clap::Command {
        T::augment_args_for_update(command)
    }

    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }
}

impl<T: Subcommand> Subcommand for Deferred<T> {
    fn augment_subcommands(command: clap::Command) -> clap::Command {
        // Set only while command_for builds the root, whose subcommands are built first.
        if let Some(name) = ONLY_SUBCOMMAND.take() {
            let all = T::augment_subcommands(clap::Command::new("all"));
            if let Some(chosen) = all.find_subcommand(&name) {
                return command.subcommand(chosen.clone());
            }
        }
        if BUILD_EAGERLY.get() {
            return T::augment_subcommands(command);
        }
        command.defer(|command| keeping_about(command, T::augment_subcommands))
    }

    fn augment_subcommands_for_update(command: clap::Command) -> clap::Command {
        T::augment_subcommands_for_update(command)
    }

    fn has_subcommand(name: &str) -> bool {
        T::has_subcommand(name)
    }
}

impl<T: clap::FromArgMatches> clap::FromArgMatches for Deferred<T> {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(|inner| Self(Box::new(inner)))
    }

    fn from_arg_matches_mut(matches: &mut clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(|inner| Self(Box::new(inner)))
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }

    fn update_from_arg_matches_mut(
        &mut self,
        matches: &mut clap::ArgMatches,
    ) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(matches)
    }
}

thread_local! {
    static BUILD_EAGERLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static ONLY_SUBCOMMAND: std::cell::Cell<Option<String>> = const { std::cell::Cell::new(None) };
}

/// The command line to parse with: deferred parts, and a root that carries only the subcommand
/// the first argument after the program name names, if it names one exactly. Otherwise (a flag
/// first, a typo, `help`) the root carries them all, for help and suggestions.
pub fn command_for(first_argument: Option<&std::ffi::OsStr>) -> clap::Command {
    let named = first_argument
        .and_then(std::ffi::OsStr::to_str)
        .filter(|name| Command::has_subcommand(name));
    ONLY_SUBCOMMAND.set(named.map(str::to_string));
    let command = <Cli as clap::CommandFactory>::command();
    ONLY_SUBCOMMAND.set(None);
    command
}

/// The whole command line with every part built now, as the derive alone would build it.
pub fn full_command() -> clap::Command {
    BUILD_EAGERLY.set(true);
    let command = <Cli as clap::CommandFactory>::command();
    BUILD_EAGERLY.set(false);
    command
}

fn keeping_about(
    command: clap::Command,
    augment: impl FnOnce(clap::Command) -> clap::Command,
) -> clap::Command {
    use clap::builder::Resettable;
    let kept = |text: Option<&clap::builder::StyledStr>| {
        text.cloned().map_or(Resettable::Reset, Resettable::Value)
    };
    let (about, long_about) = (kept(command.get_about()), kept(command.get_long_about()));
    augment(command).about(about).long_about(long_about)
}

/// The shared vocabulary's client authentication methods as `--auth-method` values (the
/// protocol module stays free of clap).
impl ValueEnum for ClientAuthMethod {
    fn value_variants<'a>() -> &'a [Self] {
        &ClientAuthMethod::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        let value = clap::builder::PossibleValue::new(self.name());
        Some(match self {
            ClientAuthMethod::PrivateKeyJwt => {
                value.help("RFC 7523: a JWT assertion signed with --client-key")
            }
            _ => value,
        })
    }
}

#[cfg(test)]
mod tests {
    use clap::FromArgMatches;

    use super::*;

    fn command_paths(command: &clap::Command, prefix: &[String], paths: &mut Vec<Vec<String>>) {
        for sub in command
            .get_subcommands()
            .filter(|sub| sub.get_name() != "help")
        {
            let mut path = prefix.to_vec();
            path.push(sub.get_name().to_string());
            command_paths(sub, &path, paths);
            paths.push(path);
        }
    }

    fn rendered(command: clap::Command, path: &[String], flag: &str) -> String {
        let argv = std::iter::once("oauthctl").chain(path.iter().map(String::as_str));
        match command.try_get_matches_from(argv.chain([flag])) {
            Ok(_) => panic!("{path:?} {flag} parsed instead of printing"),
            Err(e) => e.render().to_string(),
        }
    }

    #[test]
    fn the_root_carries_only_a_subcommand_named_first() {
        let names = |first: Option<&str>| -> Vec<String> {
            let mut command = command_for(first.map(std::ffi::OsStr::new));
            command.build();
            command
                .get_subcommands()
                .map(|sub| sub.get_name().to_string())
                .filter(|name| name != "help")
                .collect()
        };
        assert_eq!(names(Some("token")), ["token"]);
        assert_eq!(names(Some("serve")), ["serve"]);
        let all = full_command().get_subcommands().count();
        for first in [None, Some("--output"), Some("tokn"), Some("help")] {
            assert_eq!(names(first).len(), all, "{first:?}");
        }
    }

    #[test]
    fn the_full_definition_is_consistent() {
        full_command().debug_assert();
    }

    #[test]
    fn the_parsed_tree_prints_the_same_help_and_errors_as_the_full_tree() {
        let mut paths = vec![Vec::new()];
        command_paths(&full_command(), &[], &mut paths);
        assert!(paths.len() > 20, "walked only {} commands", paths.len());
        for path in &paths {
            let first = path.first().map(std::ffi::OsStr::new);
            for flag in [
                "--help",
                "-h",
                "--no-such-flag",
                "--versoin",
                "-V",
                "--version",
            ] {
                assert_eq!(
                    rendered(command_for(first), path, flag),
                    rendered(full_command(), path, flag),
                    "oauthctl {} {flag}",
                    path.join(" ")
                );
            }
        }
    }

    #[test]
    fn the_parsed_tree_parses_as_the_full_tree_does() {
        let argvs: &[&[&str]] = &[
            &[
                "token", "verify", "T", "--key", "k.pem", "--aud", "a", "--aud", "b", "-q",
            ],
            &[
                "--output", "json", "token", "mint", "--key", "k", "--claim", "x=1",
            ],
            &[
                "key", "jwks", "add", "set.json", "k.pem", "--output", "json",
            ],
            &["flow", "--embedded", "--grant", "client-credentials"],
            &["serve", "--port", "0", "--ephemeral"],
            &["keygen", "--type", "ec", "--curve", "P-384", "-v"],
        ];
        for argv in argvs {
            let argv = std::iter::once(&"oauthctl").chain(argv.iter());
            let first = argv.clone().nth(1).map(std::ffi::OsStr::new);
            let deferred = command_for(first)
                .try_get_matches_from(argv.clone())
                .and_then(|matches| Cli::from_arg_matches(&matches))
                .expect("deferred parse");
            let full = full_command()
                .try_get_matches_from(argv)
                .and_then(|matches| Cli::from_arg_matches(&matches))
                .expect("full parse");
            assert_eq!(format!("{deferred:?}"), format!("{full:?}"));
        }
    }
}
