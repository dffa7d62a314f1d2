//! `oauthctl audit`'s arguments: the server and client as for `flow`, the extras some
//! checks need, the selection, and the politeness bounds.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    High,
    Medium,
    Low,
}

/// The default scope of the audit's requests.
pub const DEFAULT_AUDIT_SCOPE: &str = "openid offline_access";
/// The default redirect URI of the audit's client.
pub const DEFAULT_AUDIT_REDIRECT: &str = "http://127.0.0.1/callback";

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The issuer to audit (its metadata is fetched from there).
    #[arg(long)]
    pub issuer: Option<String>,

    /// A named profile from the profiles file, as for flow (flags given here override it).
    #[arg(long)]
    pub profile: Option<String>,

    /// The profiles file (default: $XDG_CONFIG_HOME/oauthctl/profiles.toml).
    #[arg(long, value_name = "FILE")]
    pub profiles_file: Option<PathBuf>,

    #[command(flatten)]
    pub client: ClientArgs,

    /// The user's part: `auto` (headless; the only driver an unattended audit can use).
    #[arg(long, value_name = "DRIVER")]
    pub login: Option<String>,

    /// The test user's name, for the headless login.
    #[arg(long)]
    pub username: Option<String>,

    /// The test user's password file (first line). Or OAUTHCTL_PASSWORD.
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<PathBuf>,

    /// A login form field NAME=VALUE. Repeatable.
    #[arg(long = "form-field", value_name = "NAME=VALUE")]
    pub form_fields: Vec<String>,

    /// The scope the audit's client asks for.
    #[arg(long, default_value = DEFAULT_AUDIT_SCOPE)]
    pub scope: String,

    /// An extra authorization request parameter NAME=VALUE (prompt=consent, for servers
    /// that issue refresh tokens only after consent). Repeatable.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,

    /// A redirect URI registered for the client (the audit never listens on it: it reads
    /// the server's redirect).
    #[arg(long, default_value = DEFAULT_AUDIT_REDIRECT)]
    pub redirect_uri: String,

    /// A second confidential client, for the cross-client checks.
    #[arg(long, value_name = "ID")]
    pub second_client_id: Option<String>,

    /// The second client's secret file.
    #[arg(long, value_name = "FILE")]
    pub second_client_secret_file: Option<PathBuf>,

    /// A public client (no secret), for the PKCE-required checks.
    #[arg(long, value_name = "ID")]
    pub public_client_id: Option<String>,

    /// Also run the FAPI 2.0 group (area fapi2): the server's metadata offers the
    /// profile, and the audited client (one held to it) is refused what the profile forbids.
    #[arg(long)]
    pub fapi2: bool,

    /// Run only these checks: ids or areas, comma-separated or repeated.
    #[arg(long, value_delimiter = ',')]
    pub checks: Vec<String>,

    /// Leave out these checks: ids or areas.
    #[arg(long, value_delimiter = ',')]
    pub skip_checks: Vec<String>,

    /// The lowest severity whose failures make the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Medium)]
    pub fail_on: FailOn,

    /// List the checks (id, area, severity, rule, source) and exit.
    #[arg(long)]
    pub list_checks: bool,

    /// The most requests the audit may send in all.
    #[arg(long, default_value_t = 300)]
    pub budget: u32,

    /// A pause between requests, in milliseconds.
    #[arg(long, default_value_t = 0)]
    pub pause_ms: u64,

    #[command(flatten)]
    pub net: NetArgs,
}
