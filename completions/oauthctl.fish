# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_oauthctl_global_optspecs
    string join \n output= v/verbose q/quiet color= h/help V/version
end

function __fish_oauthctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_oauthctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_oauthctl_using_subcommand
    set -l cmd (__fish_oauthctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c oauthctl -n "__fish_oauthctl_needs_command" -l output -d 'Output format for data on stdout' -r -f -a "text\t''
json\t''
junit\t'JUnit XML (oauthctl audit only)'"
complete -c oauthctl -n "__fish_oauthctl_needs_command" -l color -d 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal' -r -f -a "auto\t''
always\t''
never\t''"
complete -c oauthctl -n "__fish_oauthctl_needs_command" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -s q -l quiet -d 'Only errors on stderr'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "keygen" -d 'Generate a signing key pair as private PEM, public PEM, public JWK and JWKS'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "key" -d 'Inspect, convert and thumbprint keys; maintain JWKS files'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "token" -d 'Mint, decode and strictly verify JWTs'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "flow" -d 'Drive a whole OAuth flow against a live server as a test client, step by step'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "discover" -d 'Fetch an issuer\'s metadata and point out what is missing or inconsistent'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "userinfo" -d 'Call the userinfo endpoint with an access token you have'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "introspect" -d 'Ask the introspection endpoint (RFC 7662) about a token you have'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "revoke" -d 'Revoke a token you have (RFC 7009)'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "serve" -d 'Run a local OAuth 2.0 / OpenID Connect authorization server for development'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "audit" -d 'Prove that an authorization server refuses what it must: each check tied to its RFC rule'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "generate-docs" -d 'Regenerate completions/ and man/ from this command line definition'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand keygen" -l type -d 'Key type' -r -f -a "rsa\t''
ec\t''
ed25519\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand keygen" -l bits -d 'RSA modulus size' -r -f -a "2048\t''
3072\t''
4096\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand keygen" -l curve -d 'EC curve (implies --type ec)' -r -f -a "P-256\t''
P-384\t''
P-521\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand keygen" -l alg -d 'The JWK `alg` (RSA: RS256 default, RS384, RS512, PS256, PS384, PS512)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand keygen" -l kid -d 'The JWK `kid` (default: the RFC 7638 SHA-256 thumbprint)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand keygen" -l name -d 'File name prefix' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand keygen" -l out-dir -d 'Directory for the files (created if missing)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand keygen" -l layout -d 'Which files to write' -r -f -a "standard\t'<name>.key.pem, <name>.pub.pem, <name>.jwk.json, <name>.jwks.json'
gateway\t'priv_pem, public_pem and public, as the original produce_key.py wrote them'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand keygen" -l passphrase-file -d 'Read the passphrase from this file (first line). Otherwise OAUTHCTL_PASSPHRASE, or a prompt on a terminal' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand keygen" -l cert-subject -d 'Also write a self-signed X.509 certificate for the key (NAME.cert.pem), with this subject, e.g. CN=my-client,O=Example: a client certificate for mutual TLS' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand keygen" -l cert-days -d 'The certificate\'s validity in days (from now)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand keygen" -l stdout -d 'Print one form on stdout instead of writing files' -r -f -a "jwk\t'The public JWK'
jwks\t'A JWKS holding the public JWK'
jwk-private\t'The private JWK'
public-pem\t'The public key as SPKI PEM'
private-pem\t'The private key as PKCS#8 PEM (or PKCS#1 with --pkcs1)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand keygen" -l output -d 'Output format for data on stdout' -r -f -a "text\t''
json\t''
junit\t'JUnit XML (oauthctl audit only)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand keygen" -l color -d 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal' -r -f -a "auto\t''
always\t''
never\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand keygen" -l pkcs1 -d 'Write the RSA private key as PKCS#1 (`BEGIN RSA PRIVATE KEY`) instead of PKCS#8'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand keygen" -l encrypt -d 'Encrypt the private key with a passphrase (PKCS#8 PBES2, AES-256-CBC)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand keygen" -l force -d 'Replace existing files'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand keygen" -l jwk-only -d 'Print only the public JWK on stdout (same as --stdout jwk)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand keygen" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand keygen" -s q -l quiet -d 'Only errors on stderr'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand keygen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand keygen" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and not __fish_seen_subcommand_from inspect convert thumbprint jwks help" -l output -d 'Output format for data on stdout' -r -f -a "text\t''
json\t''
junit\t'JUnit XML (oauthctl audit only)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and not __fish_seen_subcommand_from inspect convert thumbprint jwks help" -l color -d 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal' -r -f -a "auto\t''
always\t''
never\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and not __fish_seen_subcommand_from inspect convert thumbprint jwks help" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and not __fish_seen_subcommand_from inspect convert thumbprint jwks help" -s q -l quiet -d 'Only errors on stderr'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and not __fish_seen_subcommand_from inspect convert thumbprint jwks help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and not __fish_seen_subcommand_from inspect convert thumbprint jwks help" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and not __fish_seen_subcommand_from inspect convert thumbprint jwks help" -f -a "inspect" -d 'Show what a key file holds: type, size, public or private, kid, fingerprint'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and not __fish_seen_subcommand_from inspect convert thumbprint jwks help" -f -a "convert" -d 'Convert a key between PEM, DER, JWK and JWKS'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and not __fish_seen_subcommand_from inspect convert thumbprint jwks help" -f -a "thumbprint" -d 'Print the RFC 7638 JWK thumbprint'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and not __fish_seen_subcommand_from inspect convert thumbprint jwks help" -f -a "jwks" -d 'List, add to and remove from a JWKS file (key rotation)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and not __fish_seen_subcommand_from inspect convert thumbprint jwks help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from inspect" -l kid -d 'Pick the key with this kid from a JWKS' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from inspect" -l passphrase-file -d 'Read the passphrase from this file (first line). Otherwise OAUTHCTL_PASSPHRASE, or a prompt on a terminal' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from inspect" -l output -d 'Output format for data on stdout' -r -f -a "text\t''
json\t''
junit\t'JUnit XML (oauthctl audit only)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from inspect" -l color -d 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal' -r -f -a "auto\t''
always\t''
never\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from inspect" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from inspect" -s q -l quiet -d 'Only errors on stderr'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from inspect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from inspect" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from convert" -l kid -d 'Pick the key with this kid from a JWKS' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from convert" -l passphrase-file -d 'Read the passphrase from this file (first line). Otherwise OAUTHCTL_PASSPHRASE, or a prompt on a terminal' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from convert" -l to -d 'Target form' -r -f -a "jwk\t'Public JWK'
jwk-private\t'Private JWK (includes the private members)'
jwks\t'JWKS holding the public JWK'
pkcs8\t'Private key, PKCS#8'
pkcs1\t'RSA private key, PKCS#1'
sec1\t'EC private key, SEC1'
spki\t'Public key, SPKI (`BEGIN PUBLIC KEY`)'
pkcs1-public\t'RSA public key, PKCS#1 (`BEGIN RSA PUBLIC KEY`)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from convert" -l set-kid -d 'Set or replace the kid in JWK output (`thumbprint` for the RFC 7638 value)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from convert" -l alg -d 'Set the JWK `alg`' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from convert" -l out -d 'Write to this file (safely) instead of stdout' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from convert" -l output -d 'Output format for data on stdout' -r -f -a "text\t''
json\t''
junit\t'JUnit XML (oauthctl audit only)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from convert" -l color -d 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal' -r -f -a "auto\t''
always\t''
never\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from convert" -l der -d 'Binary DER instead of PEM (needs --out)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from convert" -l encrypt -d 'Encrypt the PKCS#8 output with a passphrase'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from convert" -l force -d 'Replace --out if it exists'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from convert" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from convert" -s q -l quiet -d 'Only errors on stderr'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from convert" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from convert" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from thumbprint" -l kid -d 'Pick the key with this kid from a JWKS' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from thumbprint" -l passphrase-file -d 'Read the passphrase from this file (first line). Otherwise OAUTHCTL_PASSPHRASE, or a prompt on a terminal' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from thumbprint" -l hash -d 'Hash function' -r -f -a "sha256\t''
sha384\t''
sha512\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from thumbprint" -l output -d 'Output format for data on stdout' -r -f -a "text\t''
json\t''
junit\t'JUnit XML (oauthctl audit only)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from thumbprint" -l color -d 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal' -r -f -a "auto\t''
always\t''
never\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from thumbprint" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from thumbprint" -s q -l quiet -d 'Only errors on stderr'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from thumbprint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from thumbprint" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from jwks" -l output -d 'Output format for data on stdout' -r -f -a "text\t''
json\t''
junit\t'JUnit XML (oauthctl audit only)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from jwks" -l color -d 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal' -r -f -a "auto\t''
always\t''
never\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from jwks" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from jwks" -s q -l quiet -d 'Only errors on stderr'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from jwks" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from jwks" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from jwks" -f -a "list" -d 'List the keys of a JWKS'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from jwks" -f -a "add" -d 'Add the public half of a key to a JWKS file (created if missing)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from jwks" -f -a "remove" -d 'Remove a key from a JWKS file by kid'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from jwks" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "inspect" -d 'Show what a key file holds: type, size, public or private, kid, fingerprint'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "convert" -d 'Convert a key between PEM, DER, JWK and JWKS'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "thumbprint" -d 'Print the RFC 7638 JWK thumbprint'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "jwks" -d 'List, add to and remove from a JWKS file (key rotation)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and not __fish_seen_subcommand_from mint decode verify dpop-proof help" -l output -d 'Output format for data on stdout' -r -f -a "text\t''
json\t''
junit\t'JUnit XML (oauthctl audit only)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and not __fish_seen_subcommand_from mint decode verify dpop-proof help" -l color -d 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal' -r -f -a "auto\t''
always\t''
never\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and not __fish_seen_subcommand_from mint decode verify dpop-proof help" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and not __fish_seen_subcommand_from mint decode verify dpop-proof help" -s q -l quiet -d 'Only errors on stderr'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and not __fish_seen_subcommand_from mint decode verify dpop-proof help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and not __fish_seen_subcommand_from mint decode verify dpop-proof help" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and not __fish_seen_subcommand_from mint decode verify dpop-proof help" -f -a "mint" -d 'Sign a JWT from flags and/or a JSON claims object'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and not __fish_seen_subcommand_from mint decode verify dpop-proof help" -f -a "decode" -d 'Show a token\'s header and claims without verifying it (labelled UNVERIFIED)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and not __fish_seen_subcommand_from mint decode verify dpop-proof help" -f -a "verify" -d 'Verify a token strictly: signature with a key you choose, then its claims'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and not __fish_seen_subcommand_from mint decode verify dpop-proof help" -f -a "dpop-proof" -d 'Make a DPoP proof (RFC 9449) for one request, for its `DPoP` header'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and not __fish_seen_subcommand_from mint decode verify dpop-proof help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from mint" -l key -d 'Signing key: PEM, DER, JWK, or a JWKS with --kid' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from mint" -l kid -d 'Pick the signing key from a JWKS by kid' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from mint" -l secret-file -d 'HMAC secret file (its bytes; one trailing newline is dropped). Or OAUTHCTL_SECRET' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from mint" -l passphrase-file -d 'Read the passphrase from this file (first line). Otherwise OAUTHCTL_PASSPHRASE, or a prompt on a terminal' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from mint" -l alg -d 'Signature algorithm (default: the key\'s JWK alg, else RS256 / ES by curve / EdDSA / HS256)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from mint" -l iss -d '`iss` claim' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from mint" -l sub -d '`sub` claim' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from mint" -l aud -d '`aud` claim; repeat for an array' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from mint" -l exp -d '`exp`: a duration from now (5m, +1h, 30d), an RFC 3339 time or a NumericDate' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from mint" -l nbf -d '`nbf` (default: now). Same forms as --exp' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from mint" -l jti -d '`jti` (default: 128 random bits)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from mint" -l claim -d 'A claim NAME=VALUE; VALUE is parsed as JSON when it is JSON. Repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from mint" -l claims -d 'A JSON object of claims from a file, or `-` for stdin' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from mint" -l header -d 'A protected header member NAME=VALUE. Repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from mint" -l typ -d 'The header `typ` (default JWT, RFC 7519 section 5.1; at+jwt for RFC 9068)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from mint" -l set-kid -d 'Header `kid` (default: the key\'s kid, else its RFC 7638 thumbprint)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from mint" -l count -d 'Mint N tokens (each with a fresh jti), one per line' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from mint" -l output -d 'Output format for data on stdout' -r -f -a "text\t''
json\t''
junit\t'JUnit XML (oauthctl audit only)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from mint" -l color -d 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal' -r -f -a "auto\t''
always\t''
never\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from mint" -l bare -d 'Leave out the automatic exp, nbf, iat and jti'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from mint" -l no-typ -d 'Leave `typ` out of the header'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from mint" -l no-kid -d 'Leave `kid` out of the header'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from mint" -l batch -d 'Read claims objects as JSON lines on stdin; one token per line out'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from mint" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from mint" -s q -l quiet -d 'Only errors on stderr'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from mint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from mint" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from decode" -l output -d 'Output format for data on stdout' -r -f -a "text\t''
json\t''
junit\t'JUnit XML (oauthctl audit only)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from decode" -l color -d 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal' -r -f -a "auto\t''
always\t''
never\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from decode" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from decode" -s q -l quiet -d 'Only errors on stderr'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from decode" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from decode" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l key -d 'Verify with this key: PEM, DER, JWK (or a JWKS file)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l jwks -d 'Verify with a JWKS file or https URL; the key is chosen by the token\'s kid' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l issuer -d 'Discover the JWKS from this issuer (OIDC discovery, then RFC 8414); also checks iss' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l secret-file -d 'HMAC secret file (its bytes; one trailing newline is dropped). Or OAUTHCTL_SECRET' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l alg -d 'Allowed algorithm; repeatable (default: the key\'s JWK alg, else its natural one)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l iss -d 'Expected `iss`' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l aud -d 'Accepted audience; repeatable (the token\'s aud must contain one)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l sub -d 'Expected `sub`' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l typ -d 'Expected header `typ` (e.g. at+jwt for RFC 9068 access tokens)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l require -d 'A claim that must be present; repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l claim -d 'An expected claim value NAME=VALUE (JSON when it parses); repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l leeway -d 'Clock skew allowed for exp, nbf and iat, in seconds (at most 600)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l ca-file -d 'Extra CA certificate (PEM) to trust for https' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l http-timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l client-cert -d 'A TLS client certificate (PEM) for mutual TLS (RFC 8705), e.g. from `keygen --cert-subject`' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l client-cert-key -d 'The private key of --client-cert (PEM)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l output -d 'Output format for data on stdout' -r -f -a "text\t''
json\t''
junit\t'JUnit XML (oauthctl audit only)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l color -d 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal' -r -f -a "auto\t''
always\t''
never\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l allow-no-exp -d 'Accept a token without `exp`'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l batch -d 'Read one token per line from stdin; write one JSON verdict per line'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l allow-insecure-http -d 'Allow plain http to non-loopback hosts (unsafe: tokens and secrets travel unencrypted); a warning is printed for every such request'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Only errors on stderr'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from dpop-proof" -l key -d 'The private key the tokens are bound to: PEM or JWK (the `dpop_key` that `flow --print tokens` prints, saved to a file, works)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from dpop-proof" -l method -d 'The request\'s method' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from dpop-proof" -l url -d 'The request\'s URL (its query and fragment are left out of `htu`)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from dpop-proof" -l access-token -d 'The access token the request presents (the proof then carries its hash, `ath`); `-` reads it from stdin' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from dpop-proof" -l nonce -d 'The nonce the server asked for (its `DPoP-Nonce` header)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from dpop-proof" -l output -d 'Output format for data on stdout' -r -f -a "text\t''
json\t''
junit\t'JUnit XML (oauthctl audit only)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from dpop-proof" -l color -d 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal' -r -f -a "auto\t''
always\t''
never\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from dpop-proof" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from dpop-proof" -s q -l quiet -d 'Only errors on stderr'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from dpop-proof" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from dpop-proof" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "mint" -d 'Sign a JWT from flags and/or a JSON claims object'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "decode" -d 'Show a token\'s header and claims without verifying it (labelled UNVERIFIED)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Verify a token strictly: signature with a key you choose, then its claims'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "dpop-proof" -d 'Make a DPoP proof (RFC 9449) for one request, for its `DPoP` header'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l issuer -d 'The issuer: discovery (OIDC, then RFC 8414); its `issuer` must match exactly' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l authorize-url -d 'Authorization endpoint (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l token-url -d 'Token endpoint (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l userinfo-url -d 'Userinfo endpoint (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l jwks-url -d 'JWKS URL (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l introspection-url -d 'Introspection endpoint (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l revocation-url -d 'Revocation endpoint (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l device-authorization-url -d 'Device authorization endpoint (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l issuer-id -d 'The issuer identifier to expect in `iss` (callback and ID token) when the server is given by explicit endpoints, without a discovery fetch' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l client-id -d 'The client_id' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l client-secret-file -d 'Client secret file. Or OAUTHCTL_CLIENT_SECRET, or a prompt on a terminal' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l auth-method -d 'How the client authenticates (default: client_secret_basic with a secret, else none)' -r -f -a "client_secret_basic\t''
client_secret_post\t''
private_key_jwt\t'RFC 7523: a JWT assertion signed with --client-key'
client_secret_jwt\t'RFC 7523: a JWT assertion, HS256 with the client secret'
tls_client_auth\t''
self_signed_tls_client_auth\t''
none\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l client-key -d 'Private key that signs private_key_jwt assertions (e.g. from `oauthctl keygen`)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l grant -d 'The grant to run' -r -f -a "authorization-code\t''
client-credentials\t''
refresh-token\t'Use a refresh token you have (--refresh-token-file or OAUTHCTL_REFRESH_TOKEN)'
device\t'RFC 8628: show a user code, poll until the user approves it'
password\t'Resource-owner password (legacy; avoid): --username and the password'
token-exchange\t'RFC 8693: exchange --subject-token-file for another token'
implicit\t'The implicit grant (legacy; avoid): the token arrives in the redirect\'s fragment'
jwt-bearer\t'RFC 7523: a JWT as the grant (--assertion-file, or signed with --client-key for --assertion-sub)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l scope -d 'Scope to request' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l param -d 'An extra authorization or token parameter NAME=VALUE. Repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l audience -d 'The `audience` parameter (Auth0-style). Repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l resource -d 'The `resource` indicator (RFC 8707). Repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l authorization-details -d 'Rich authorization request details (RFC 9396): a JSON array, or @FILE holding one; sent with the authorization request (or the client-credentials token request)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l response-mode -d 'The response mode to ask for: query, fragment, or JARM\'s jwt, query.jwt, fragment.jwt (the response JWT is verified with the server\'s JWKS before use)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l dpop-key -d 'DPoP with this private key (PEM or JWK, any key `keygen` writes) instead of a fresh one; implies --dpop' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l redirect-uri -d 'Fixed loopback redirect URI (default: http://127.0.0.1:<random>/callback)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l timeout -d 'How long to wait for the callback' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l login -d 'The user\'s part: browser, print, paste, auto, or command=CMD (default: browser on a terminal, auto otherwise)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l username -d 'Username for --login auto' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l password-file -d 'Password file for --login auto. Or OAUTHCTL_PASSWORD' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l form-field -d 'An extra login form field NAME=VALUE for --login auto. Repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l steps -d 'Steps after the token exchange, comma-separated (default: all the server offers): userinfo, refresh, introspect, revoke, resource' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l resource-url -d 'Call this API with the access token and expect 2xx' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l bearer-format -d 'How to send the access token to --resource-url and userinfo' -r -f -a "standard\t''
gateway\t'`Authorization: Bearer id_token="<jwt>"`, as the API gateway expects'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l print -d 'Print only this to stdout (for scripts)' -r -f -a "access_token\t''
id_token\t''
refresh_token\t''
tokens\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l refresh-token-file -d 'The refresh token for --grant refresh-token. Or OAUTHCTL_REFRESH_TOKEN' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l subject-token-file -d 'The subject token for --grant token-exchange. Or OAUTHCTL_SUBJECT_TOKEN' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l assertion-file -d 'The JWT for --grant jwt-bearer. Or OAUTHCTL_ASSERTION' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l assertion-sub -d 'For --grant jwt-bearer without --assertion-file: the subject of an assertion signed with --client-key (iss is the client, aud the token endpoint)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l subject-token-type -d 'Its type (RFC 8693 section 3)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l profile -d 'A named profile from the profiles file (flags given here override it)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l profiles-file -d 'The profiles file (default: $XDG_CONFIG_HOME/oauthctl/profiles.toml)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l ca-file -d 'Extra CA certificate (PEM) to trust for https' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l http-timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l client-cert -d 'A TLS client certificate (PEM) for mutual TLS (RFC 8705), e.g. from `keygen --cert-subject`' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l client-cert-key -d 'The private key of --client-cert (PEM)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l output -d 'Output format for data on stdout' -r -f -a "text\t''
json\t''
junit\t'JUnit XML (oauthctl audit only)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l color -d 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal' -r -f -a "auto\t''
always\t''
never\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l embedded -d 'Start `oauthctl serve` in-process on a free loopback port and run against it'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l no-pkce -d 'Skip PKCE (legacy servers only)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l par -d 'Push the authorization request first (RFC 9126 PAR); automatic when the server\'s metadata requires it'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l request-object -d 'Send the authorization request as a request object (RFC 9101) signed with --client-key: by value, or pushed with --par'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l fapi2 -d 'The FAPI 2.0 Security Profile: PAR with PKCE S256, private_key_jwt (--client-key), DPoP, RFC 9207 iss and only PS256, ES256 or EdDSA; the server\'s metadata must offer its side, or the flow stops saying what is missing'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l dpop -d 'Sender-constrain the tokens with DPoP (RFC 9449) using a fresh P-256 key: a proof on every token, refresh, userinfo and resource request'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -l allow-insecure-http -d 'Allow plain http to non-loopback hosts (unsafe: tokens and secrets travel unencrypted); a warning is printed for every such request'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -s q -l quiet -d 'Only errors on stderr'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand flow" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -l ca-file -d 'Extra CA certificate (PEM) to trust for https' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -l http-timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -l client-cert -d 'A TLS client certificate (PEM) for mutual TLS (RFC 8705), e.g. from `keygen --cert-subject`' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -l client-cert-key -d 'The private key of --client-cert (PEM)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -l output -d 'Output format for data on stdout' -r -f -a "text\t''
json\t''
junit\t'JUnit XML (oauthctl audit only)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -l color -d 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal' -r -f -a "auto\t''
always\t''
never\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -l allow-insecure-http -d 'Allow plain http to non-loopback hosts (unsafe: tokens and secrets travel unencrypted); a warning is printed for every such request'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -s q -l quiet -d 'Only errors on stderr'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l issuer -d 'The issuer: discovery (OIDC, then RFC 8414); its `issuer` must match exactly' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l authorize-url -d 'Authorization endpoint (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l token-url -d 'Token endpoint (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l userinfo-url -d 'Userinfo endpoint (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l jwks-url -d 'JWKS URL (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l introspection-url -d 'Introspection endpoint (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l revocation-url -d 'Revocation endpoint (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l device-authorization-url -d 'Device authorization endpoint (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l client-id -d 'The client_id' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l client-secret-file -d 'Client secret file. Or OAUTHCTL_CLIENT_SECRET, or a prompt on a terminal' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l auth-method -d 'How the client authenticates (default: client_secret_basic with a secret, else none)' -r -f -a "client_secret_basic\t''
client_secret_post\t''
private_key_jwt\t'RFC 7523: a JWT assertion signed with --client-key'
client_secret_jwt\t'RFC 7523: a JWT assertion, HS256 with the client secret'
tls_client_auth\t''
self_signed_tls_client_auth\t''
none\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l client-key -d 'Private key that signs private_key_jwt assertions (e.g. from `oauthctl keygen`)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l token-type-hint -d 'A token_type_hint (access_token, refresh_token)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l ca-file -d 'Extra CA certificate (PEM) to trust for https' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l http-timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l client-cert -d 'A TLS client certificate (PEM) for mutual TLS (RFC 8705), e.g. from `keygen --cert-subject`' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l client-cert-key -d 'The private key of --client-cert (PEM)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l output -d 'Output format for data on stdout' -r -f -a "text\t''
json\t''
junit\t'JUnit XML (oauthctl audit only)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l color -d 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal' -r -f -a "auto\t''
always\t''
never\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l allow-insecure-http -d 'Allow plain http to non-loopback hosts (unsafe: tokens and secrets travel unencrypted); a warning is printed for every such request'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -s q -l quiet -d 'Only errors on stderr'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l issuer -d 'The issuer: discovery (OIDC, then RFC 8414); its `issuer` must match exactly' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l authorize-url -d 'Authorization endpoint (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l token-url -d 'Token endpoint (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l userinfo-url -d 'Userinfo endpoint (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l jwks-url -d 'JWKS URL (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l introspection-url -d 'Introspection endpoint (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l revocation-url -d 'Revocation endpoint (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l device-authorization-url -d 'Device authorization endpoint (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l client-id -d 'The client_id' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l client-secret-file -d 'Client secret file. Or OAUTHCTL_CLIENT_SECRET, or a prompt on a terminal' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l auth-method -d 'How the client authenticates (default: client_secret_basic with a secret, else none)' -r -f -a "client_secret_basic\t''
client_secret_post\t''
private_key_jwt\t'RFC 7523: a JWT assertion signed with --client-key'
client_secret_jwt\t'RFC 7523: a JWT assertion, HS256 with the client secret'
tls_client_auth\t''
self_signed_tls_client_auth\t''
none\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l client-key -d 'Private key that signs private_key_jwt assertions (e.g. from `oauthctl keygen`)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l token-type-hint -d 'A token_type_hint (access_token, refresh_token)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l ca-file -d 'Extra CA certificate (PEM) to trust for https' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l http-timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l client-cert -d 'A TLS client certificate (PEM) for mutual TLS (RFC 8705), e.g. from `keygen --cert-subject`' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l client-cert-key -d 'The private key of --client-cert (PEM)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l output -d 'Output format for data on stdout' -r -f -a "text\t''
json\t''
junit\t'JUnit XML (oauthctl audit only)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l color -d 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal' -r -f -a "auto\t''
always\t''
never\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l allow-insecure-http -d 'Allow plain http to non-loopback hosts (unsafe: tokens and secrets travel unencrypted); a warning is printed for every such request'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -s q -l quiet -d 'Only errors on stderr'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand revoke" -l issuer -d 'The issuer: discovery (OIDC, then RFC 8414); its `issuer` must match exactly' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand revoke" -l authorize-url -d 'Authorization endpoint (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand revoke" -l token-url -d 'Token endpoint (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand revoke" -l userinfo-url -d 'Userinfo endpoint (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand revoke" -l jwks-url -d 'JWKS URL (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand revoke" -l introspection-url -d 'Introspection endpoint (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand revoke" -l revocation-url -d 'Revocation endpoint (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand revoke" -l device-authorization-url -d 'Device authorization endpoint (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand revoke" -l client-id -d 'The client_id' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand revoke" -l client-secret-file -d 'Client secret file. Or OAUTHCTL_CLIENT_SECRET, or a prompt on a terminal' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand revoke" -l auth-method -d 'How the client authenticates (default: client_secret_basic with a secret, else none)' -r -f -a "client_secret_basic\t''
client_secret_post\t''
private_key_jwt\t'RFC 7523: a JWT assertion signed with --client-key'
client_secret_jwt\t'RFC 7523: a JWT assertion, HS256 with the client secret'
tls_client_auth\t''
self_signed_tls_client_auth\t''
none\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand revoke" -l client-key -d 'Private key that signs private_key_jwt assertions (e.g. from `oauthctl keygen`)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand revoke" -l token-type-hint -d 'A token_type_hint (access_token, refresh_token)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand revoke" -l ca-file -d 'Extra CA certificate (PEM) to trust for https' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand revoke" -l http-timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand revoke" -l client-cert -d 'A TLS client certificate (PEM) for mutual TLS (RFC 8705), e.g. from `keygen --cert-subject`' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand revoke" -l client-cert-key -d 'The private key of --client-cert (PEM)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand revoke" -l output -d 'Output format for data on stdout' -r -f -a "text\t''
json\t''
junit\t'JUnit XML (oauthctl audit only)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand revoke" -l color -d 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal' -r -f -a "auto\t''
always\t''
never\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand revoke" -l allow-insecure-http -d 'Allow plain http to non-loopback hosts (unsafe: tokens and secrets travel unencrypted); a warning is printed for every such request'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand revoke" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand revoke" -s q -l quiet -d 'Only errors on stderr'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand revoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand revoke" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l port -d 'Port to listen on; 0 picks a free one (printed)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l bind -d 'Address to listen on. Anything but loopback needs --allow-remote' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l config -d 'TOML file with issuer, keys, users and clients (default: the demo set)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l key -d 'Signing key (default: one generated and kept in the state directory)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l state-dir -d 'Where the generated key and demo secrets are kept (default: $XDG_STATE_HOME/oauthctl/serve)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l issuer -d 'Issuer URL to announce (default: http://<address>:<port>, https with TLS)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l tls-cert -d 'Serve over TLS with this PEM certificate chain (implies --tls)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l tls-key -d 'The PEM private key of --tls-cert' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l output -d 'Output format for data on stdout' -r -f -a "text\t''
json\t''
junit\t'JUnit XML (oauthctl audit only)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l color -d 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal' -r -f -a "auto\t''
always\t''
never\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l allow-remote -d 'Allow listening on a non-loopback address'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l ephemeral -d 'Keep the generated key and demo secrets only for this run'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l auto-approve -d 'Approve every authorization request without a consent page (for CI)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l tls -d 'Serve over TLS with a self-signed certificate for localhost, 127.0.0.1 and ::1, made once and kept in the state directory (its path is printed: clients trust it with --ca-file)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -s q -l quiet -d 'Only errors on stderr'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l issuer -d 'The issuer to audit (its metadata is fetched from there)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l profile -d 'A named profile from the profiles file, as for flow (flags given here override it)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l profiles-file -d 'The profiles file (default: $XDG_CONFIG_HOME/oauthctl/profiles.toml)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l client-id -d 'The client_id' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l client-secret-file -d 'Client secret file. Or OAUTHCTL_CLIENT_SECRET, or a prompt on a terminal' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l auth-method -d 'How the client authenticates (default: client_secret_basic with a secret, else none)' -r -f -a "client_secret_basic\t''
client_secret_post\t''
private_key_jwt\t'RFC 7523: a JWT assertion signed with --client-key'
client_secret_jwt\t'RFC 7523: a JWT assertion, HS256 with the client secret'
tls_client_auth\t''
self_signed_tls_client_auth\t''
none\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l client-key -d 'Private key that signs private_key_jwt assertions (e.g. from `oauthctl keygen`)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l login -d 'The user\'s part: `auto` (headless; the only driver an unattended audit can use)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l username -d 'The test user\'s name, for the headless login' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l password-file -d 'The test user\'s password file (first line). Or OAUTHCTL_PASSWORD' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l form-field -d 'A login form field NAME=VALUE. Repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l scope -d 'The scope the audit\'s client asks for' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l param -d 'An extra authorization request parameter NAME=VALUE (prompt=consent, for servers that issue refresh tokens only after consent). Repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l redirect-uri -d 'A redirect URI registered for the client (the audit never listens on it: it reads the server\'s redirect)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l second-client-id -d 'A second confidential client, for the cross-client checks' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l second-client-secret-file -d 'The second client\'s secret file' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l public-client-id -d 'A public client (no secret), for the PKCE-required checks' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l checks -d 'Run only these checks: ids or areas, comma-separated or repeated' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l skip-checks -d 'Leave out these checks: ids or areas' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l fail-on -d 'The lowest severity whose failures make the exit code 1' -r -f -a "high\t''
medium\t''
low\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l budget -d 'The most requests the audit may send in all' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l pause-ms -d 'A pause between requests, in milliseconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l ca-file -d 'Extra CA certificate (PEM) to trust for https' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l http-timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l client-cert -d 'A TLS client certificate (PEM) for mutual TLS (RFC 8705), e.g. from `keygen --cert-subject`' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l client-cert-key -d 'The private key of --client-cert (PEM)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l output -d 'Output format for data on stdout' -r -f -a "text\t''
json\t''
junit\t'JUnit XML (oauthctl audit only)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l color -d 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal' -r -f -a "auto\t''
always\t''
never\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l fapi2 -d 'Also run the FAPI 2.0 group (area fapi2): the server\'s metadata offers the profile, and the audited client (one held to it) is refused what the profile forbids'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l list-checks -d 'List the checks (id, area, severity, rule, source) and exit'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -l allow-insecure-http -d 'Allow plain http to non-loopback hosts (unsafe: tokens and secrets travel unencrypted); a warning is printed for every such request'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -s q -l quiet -d 'Only errors on stderr'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand audit" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -l output -d 'Output format for data on stdout' -r -f -a "text\t''
json\t''
junit\t'JUnit XML (oauthctl audit only)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -l color -d 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal' -r -f -a "auto\t''
always\t''
never\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -s q -l quiet -d 'Only errors on stderr'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand generate-docs" -l dir -d 'Project root to write completions/ and man/ into' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand generate-docs" -l output -d 'Output format for data on stdout' -r -f -a "text\t''
json\t''
junit\t'JUnit XML (oauthctl audit only)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand generate-docs" -l color -d 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal' -r -f -a "auto\t''
always\t''
never\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand generate-docs" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand generate-docs" -s q -l quiet -d 'Only errors on stderr'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand generate-docs" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand generate-docs" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key token flow discover userinfo introspect revoke serve audit completions generate-docs help" -f -a "keygen" -d 'Generate a signing key pair as private PEM, public PEM, public JWK and JWKS'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key token flow discover userinfo introspect revoke serve audit completions generate-docs help" -f -a "key" -d 'Inspect, convert and thumbprint keys; maintain JWKS files'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key token flow discover userinfo introspect revoke serve audit completions generate-docs help" -f -a "token" -d 'Mint, decode and strictly verify JWTs'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key token flow discover userinfo introspect revoke serve audit completions generate-docs help" -f -a "flow" -d 'Drive a whole OAuth flow against a live server as a test client, step by step'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key token flow discover userinfo introspect revoke serve audit completions generate-docs help" -f -a "discover" -d 'Fetch an issuer\'s metadata and point out what is missing or inconsistent'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key token flow discover userinfo introspect revoke serve audit completions generate-docs help" -f -a "userinfo" -d 'Call the userinfo endpoint with an access token you have'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key token flow discover userinfo introspect revoke serve audit completions generate-docs help" -f -a "introspect" -d 'Ask the introspection endpoint (RFC 7662) about a token you have'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key token flow discover userinfo introspect revoke serve audit completions generate-docs help" -f -a "revoke" -d 'Revoke a token you have (RFC 7009)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key token flow discover userinfo introspect revoke serve audit completions generate-docs help" -f -a "serve" -d 'Run a local OAuth 2.0 / OpenID Connect authorization server for development'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key token flow discover userinfo introspect revoke serve audit completions generate-docs help" -f -a "audit" -d 'Prove that an authorization server refuses what it must: each check tied to its RFC rule'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key token flow discover userinfo introspect revoke serve audit completions generate-docs help" -f -a "completions" -d 'Print a shell completion script'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key token flow discover userinfo introspect revoke serve audit completions generate-docs help" -f -a "generate-docs" -d 'Regenerate completions/ and man/ from this command line definition'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key token flow discover userinfo introspect revoke serve audit completions generate-docs help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "inspect" -d 'Show what a key file holds: type, size, public or private, kid, fingerprint'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "convert" -d 'Convert a key between PEM, DER, JWK and JWKS'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "thumbprint" -d 'Print the RFC 7638 JWK thumbprint'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "jwks" -d 'List, add to and remove from a JWKS file (key rotation)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "mint" -d 'Sign a JWT from flags and/or a JSON claims object'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "decode" -d 'Show a token\'s header and claims without verifying it (labelled UNVERIFIED)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "verify" -d 'Verify a token strictly: signature with a key you choose, then its claims'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "dpop-proof" -d 'Make a DPoP proof (RFC 9449) for one request, for its `DPoP` header'
