//! The arguments of `keygen`, `key` and the generated completions and man pages.

use super::*;

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

    /// Also write a self-signed X.509 certificate for the key (NAME.cert.pem), with this
    /// subject, e.g. CN=my-client,O=Example: a client certificate for mutual TLS.
    #[arg(long, value_name = "SUBJECT")]
    pub cert_subject: Option<String>,

    /// The certificate's validity in days (from now).
    #[arg(long, default_value_t = 365, requires = "cert_subject")]
    pub cert_days: u32,

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
