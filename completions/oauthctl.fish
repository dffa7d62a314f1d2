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
json\t''"
complete -c oauthctl -n "__fish_oauthctl_needs_command" -l color -d 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal' -r -f -a "auto\t''
always\t''
never\t''"
complete -c oauthctl -n "__fish_oauthctl_needs_command" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -s q -l quiet -d 'Only errors on stderr'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "keygen" -d 'Generate a signing key pair as private PEM, public PEM, public JWK and JWKS'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "key" -d 'Inspect, convert and thumbprint keys; maintain JWKS files'
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
complete -c oauthctl -n "__fish_oauthctl_using_subcommand keygen" -l stdout -d 'Print one form on stdout instead of writing files' -r -f -a "jwk\t'The public JWK'
jwks\t'A JWKS holding the public JWK'
jwk-private\t'The private JWK'
public-pem\t'The public key as SPKI PEM'
private-pem\t'The private key as PKCS#8 PEM (or PKCS#1 with --pkcs1)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand keygen" -l output -d 'Output format for data on stdout' -r -f -a "text\t''
json\t''"
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
json\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and not __fish_seen_subcommand_from inspect convert thumbprint jwks help" -l color -d 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal' -r -f -a "auto\t''
always\t''
never\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and not __fish_seen_subcommand_from inspect convert thumbprint jwks help" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and not __fish_seen_subcommand_from inspect convert thumbprint jwks help" -s q -l quiet -d 'Only errors on stderr'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and not __fish_seen_subcommand_from inspect convert thumbprint jwks help" -s h -l help -d 'Print help'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and not __fish_seen_subcommand_from inspect convert thumbprint jwks help" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and not __fish_seen_subcommand_from inspect convert thumbprint jwks help" -f -a "inspect" -d 'Show what a key file holds: type, size, public or private, kid, fingerprint'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and not __fish_seen_subcommand_from inspect convert thumbprint jwks help" -f -a "convert" -d 'Convert a key between PEM, DER, JWK and JWKS'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and not __fish_seen_subcommand_from inspect convert thumbprint jwks help" -f -a "thumbprint" -d 'Print the RFC 7638 JWK thumbprint'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and not __fish_seen_subcommand_from inspect convert thumbprint jwks help" -f -a "jwks" -d 'List, add to and remove from a JWKS file (key rotation)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and not __fish_seen_subcommand_from inspect convert thumbprint jwks help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from inspect" -l kid -d 'Pick the key with this kid from a JWKS' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from inspect" -l passphrase-file -d 'Read the passphrase from this file (first line). Otherwise OAUTHCTL_PASSPHRASE, or a prompt on a terminal' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from inspect" -l output -d 'Output format for data on stdout' -r -f -a "text\t''
json\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from inspect" -l color -d 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal' -r -f -a "auto\t''
always\t''
never\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from inspect" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from inspect" -s q -l quiet -d 'Only errors on stderr'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from inspect" -s h -l help -d 'Print help'
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
json\t''"
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
json\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from thumbprint" -l color -d 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal' -r -f -a "auto\t''
always\t''
never\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from thumbprint" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from thumbprint" -s q -l quiet -d 'Only errors on stderr'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from thumbprint" -s h -l help -d 'Print help'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from thumbprint" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from jwks" -l output -d 'Output format for data on stdout' -r -f -a "text\t''
json\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from jwks" -l color -d 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal' -r -f -a "auto\t''
always\t''
never\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from jwks" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from jwks" -s q -l quiet -d 'Only errors on stderr'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand key; and __fish_seen_subcommand_from jwks" -s h -l help -d 'Print help'
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
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -l output -d 'Output format for data on stdout' -r -f -a "text\t''
json\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -l color -d 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal' -r -f -a "auto\t''
always\t''
never\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -s q -l quiet -d 'Only errors on stderr'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -s h -l help -d 'Print help'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand generate-docs" -l dir -d 'Project root to write completions/ and man/ into' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand generate-docs" -l output -d 'Output format for data on stdout' -r -f -a "text\t''
json\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand generate-docs" -l color -d 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal' -r -f -a "auto\t''
always\t''
never\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand generate-docs" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand generate-docs" -s q -l quiet -d 'Only errors on stderr'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand generate-docs" -s h -l help -d 'Print help'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand generate-docs" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key completions generate-docs help" -f -a "keygen" -d 'Generate a signing key pair as private PEM, public PEM, public JWK and JWKS'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key completions generate-docs help" -f -a "key" -d 'Inspect, convert and thumbprint keys; maintain JWKS files'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key completions generate-docs help" -f -a "completions" -d 'Print a shell completion script'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key completions generate-docs help" -f -a "generate-docs" -d 'Regenerate completions/ and man/ from this command line definition'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from keygen key completions generate-docs help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "inspect" -d 'Show what a key file holds: type, size, public or private, kid, fingerprint'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "convert" -d 'Convert a key between PEM, DER, JWK and JWKS'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "thumbprint" -d 'Print the RFC 7638 JWK thumbprint'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "jwks" -d 'List, add to and remove from a JWKS file (key rotation)'
