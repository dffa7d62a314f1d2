//! The command line, as clap types only. Every command's logic lives in `commands/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

mod audit;
mod keys;
mod network;
pub use audit::*;
pub use keys::*;
pub use network::*;

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
    #[arg(long, global = true, value_enum, default_value_t = OutputFormat::Text, help_heading = "Global options")]
    pub output: OutputFormat,

    /// More detail on stderr (repeat for more).
    #[arg(short, long, global = true, action = clap::ArgAction::Count, help_heading = "Global options")]
    pub verbose: u8,

    /// Only errors on stderr.
    #[arg(
        short,
        long,
        global = true,
        conflicts_with = "verbose",
        help_heading = "Global options"
    )]
    pub quiet: bool,

    /// When to colour stderr; `auto` honours NO_COLOR and checks for a terminal.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto, help_heading = "Global options")]
    pub color: Color,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
    /// JUnit XML (oauthctl audit only).
    Junit,
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

    /// Prove that an authorization server refuses what it must: each check tied to its RFC rule.
    #[command(after_help = "Examples:\n  \
        oauthctl audit --issuer https://idp.example --client-id app --client-secret-file app.secret \\\n      \
        --login auto --username smoke --password-file smoke.pw --output junit > audit.xml\n  \
        oauthctl audit --list-checks\n  \
        oauthctl audit --issuer $ISS --client-id app --checks token,authorize --fail-on high")]
    Audit(Deferred<AuditArgs>),

    /// Print a shell completion script.
    #[command(after_help = "Examples:\n  \
        oauthctl completions bash > ~/.local/share/bash-completion/completions/oauthctl\n  \
        oauthctl completions zsh > \"${fpath[1]}/_oauthctl\"")]
    Completions(Deferred<CompletionsArgs>),

    /// Regenerate completions/ and man/ from this command line definition.
    #[command(hide = true)]
    GenerateDocs(Deferred<GenerateDocsArgs>),
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

    /// Make a DPoP proof (RFC 9449) for one request, for its `DPoP` header.
    #[command(after_help = "Examples:\n  \
        oauthctl token dpop-proof --key dpop.key.pem --method POST --url https://idp.example/token\n  \
        curl -H \"Authorization: DPoP $T\" -H \"DPoP: $(oauthctl token dpop-proof --key dpop.key.pem \\\n    \
        --url https://api.example/orders --access-token \"$T\")\" https://api.example/orders")]
    DpopProof(Deferred<DpopProofArgs>),
}

#[derive(Debug, Args)]
pub struct DpopProofArgs {
    /// The private key the tokens are bound to: PEM or JWK (the `dpop_key` that `flow
    /// --print tokens` prints, saved to a file, works).
    #[arg(long, value_name = "FILE")]
    pub key: PathBuf,

    /// The request's method.
    #[arg(long, default_value = "GET")]
    pub method: String,

    /// The request's URL (its query and fragment are left out of `htu`).
    #[arg(long)]
    pub url: String,

    /// The access token the request presents (the proof then carries its hash, `ath`);
    /// `-` reads it from stdin.
    #[arg(long, value_name = "TOKEN")]
    pub access_token: Option<String>,

    /// The nonce the server asked for (its `DPoP-Nonce` header).
    #[arg(long)]
    pub nonce: Option<String>,
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
            ClientAuthMethod::ClientSecretJwt => {
                value.help("RFC 7523: a JWT assertion, HS256 with the client secret")
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
