
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'oauthctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'oauthctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'oauthctl' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Generate a signing key pair as private PEM, public PEM, public JWK and JWKS')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'Inspect, convert and thumbprint keys; maintain JWKS files')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Mint, decode and strictly verify JWTs')
            [CompletionResult]::new('flow', 'flow', [CompletionResultType]::ParameterValue, 'Drive a whole OAuth flow against a live server as a test client, step by step')
            [CompletionResult]::new('discover', 'discover', [CompletionResultType]::ParameterValue, 'Fetch an issuer''s metadata and point out what is missing or inconsistent')
            [CompletionResult]::new('userinfo', 'userinfo', [CompletionResultType]::ParameterValue, 'Call the userinfo endpoint with an access token you have')
            [CompletionResult]::new('introspect', 'introspect', [CompletionResultType]::ParameterValue, 'Ask the introspection endpoint (RFC 7662) about a token you have')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token you have (RFC 7009)')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run a local OAuth 2.0 / OpenID Connect authorization server for development')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Prove that an authorization server refuses what it must: each check tied to its RFC rule')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('generate-docs', 'generate-docs', [CompletionResultType]::ParameterValue, 'Regenerate completions/ and man/ from this command line definition')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'oauthctl;keygen' {
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Key type')
            [CompletionResult]::new('--bits', '--bits', [CompletionResultType]::ParameterName, 'RSA modulus size')
            [CompletionResult]::new('--curve', '--curve', [CompletionResultType]::ParameterName, 'EC curve (implies --type ec)')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'The JWK `alg` (RSA: RS256 default, RS384, RS512, PS256, PS384, PS512)')
            [CompletionResult]::new('--kid', '--kid', [CompletionResultType]::ParameterName, 'The JWK `kid` (default: the RFC 7638 SHA-256 thumbprint)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'File name prefix')
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Directory for the files (created if missing)')
            [CompletionResult]::new('--layout', '--layout', [CompletionResultType]::ParameterName, 'Which files to write')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line). Otherwise OAUTHCTL_PASSPHRASE, or a prompt on a terminal')
            [CompletionResult]::new('--cert-subject', '--cert-subject', [CompletionResultType]::ParameterName, 'Also write a self-signed X.509 certificate for the key (NAME.cert.pem), with this subject, e.g. CN=my-client,O=Example: a client certificate for mutual TLS')
            [CompletionResult]::new('--cert-days', '--cert-days', [CompletionResultType]::ParameterName, 'The certificate''s validity in days (from now)')
            [CompletionResult]::new('--stdout', '--stdout', [CompletionResultType]::ParameterName, 'Print one form on stdout instead of writing files')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal')
            [CompletionResult]::new('--pkcs1', '--pkcs1', [CompletionResultType]::ParameterName, 'Write the RSA private key as PKCS#1 (`BEGIN RSA PRIVATE KEY`) instead of PKCS#8')
            [CompletionResult]::new('--encrypt', '--encrypt', [CompletionResultType]::ParameterName, 'Encrypt the private key with a passphrase (PKCS#8 PBES2, AES-256-CBC)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace existing files')
            [CompletionResult]::new('--jwk-only', '--jwk-only', [CompletionResultType]::ParameterName, 'Print only the public JWK on stdout (same as --stdout jwk)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;key' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show what a key file holds: type, size, public or private, kid, fingerprint')
            [CompletionResult]::new('convert', 'convert', [CompletionResultType]::ParameterValue, 'Convert a key between PEM, DER, JWK and JWKS')
            [CompletionResult]::new('thumbprint', 'thumbprint', [CompletionResultType]::ParameterValue, 'Print the RFC 7638 JWK thumbprint')
            [CompletionResult]::new('jwks', 'jwks', [CompletionResultType]::ParameterValue, 'List, add to and remove from a JWKS file (key rotation)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'oauthctl;key;inspect' {
            [CompletionResult]::new('--kid', '--kid', [CompletionResultType]::ParameterName, 'Pick the key with this kid from a JWKS')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line). Otherwise OAUTHCTL_PASSPHRASE, or a prompt on a terminal')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;key;convert' {
            [CompletionResult]::new('--kid', '--kid', [CompletionResultType]::ParameterName, 'Pick the key with this kid from a JWKS')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line). Otherwise OAUTHCTL_PASSPHRASE, or a prompt on a terminal')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Target form')
            [CompletionResult]::new('--set-kid', '--set-kid', [CompletionResultType]::ParameterName, 'Set or replace the kid in JWK output (`thumbprint` for the RFC 7638 value)')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Set the JWK `alg`')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write to this file (safely) instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal')
            [CompletionResult]::new('--der', '--der', [CompletionResultType]::ParameterName, 'Binary DER instead of PEM (needs --out)')
            [CompletionResult]::new('--encrypt', '--encrypt', [CompletionResultType]::ParameterName, 'Encrypt the PKCS#8 output with a passphrase')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace --out if it exists')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;key;thumbprint' {
            [CompletionResult]::new('--kid', '--kid', [CompletionResultType]::ParameterName, 'Pick the key with this kid from a JWKS')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line). Otherwise OAUTHCTL_PASSPHRASE, or a prompt on a terminal')
            [CompletionResult]::new('--hash', '--hash', [CompletionResultType]::ParameterName, 'Hash function')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;key;jwks' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the keys of a JWKS')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add the public half of a key to a JWKS file (created if missing)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a key from a JWKS file by kid')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'oauthctl;key;jwks;list' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;key;jwks;add' {
            [CompletionResult]::new('--kid', '--kid', [CompletionResultType]::ParameterName, 'Pick the key with this kid from a JWKS')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line). Otherwise OAUTHCTL_PASSPHRASE, or a prompt on a terminal')
            [CompletionResult]::new('--set-kid', '--set-kid', [CompletionResultType]::ParameterName, 'kid for the new entry (default: the key''s own kid, else its thumbprint)')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'The JWK `alg` for the new entry')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;key;jwks;remove' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;key;jwks;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the keys of a JWKS')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add the public half of a key to a JWKS file (created if missing)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a key from a JWKS file by kid')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'oauthctl;key;jwks;help;list' {
            break
        }
        'oauthctl;key;jwks;help;add' {
            break
        }
        'oauthctl;key;jwks;help;remove' {
            break
        }
        'oauthctl;key;jwks;help;help' {
            break
        }
        'oauthctl;key;help' {
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show what a key file holds: type, size, public or private, kid, fingerprint')
            [CompletionResult]::new('convert', 'convert', [CompletionResultType]::ParameterValue, 'Convert a key between PEM, DER, JWK and JWKS')
            [CompletionResult]::new('thumbprint', 'thumbprint', [CompletionResultType]::ParameterValue, 'Print the RFC 7638 JWK thumbprint')
            [CompletionResult]::new('jwks', 'jwks', [CompletionResultType]::ParameterValue, 'List, add to and remove from a JWKS file (key rotation)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'oauthctl;key;help;inspect' {
            break
        }
        'oauthctl;key;help;convert' {
            break
        }
        'oauthctl;key;help;thumbprint' {
            break
        }
        'oauthctl;key;help;jwks' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the keys of a JWKS')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add the public half of a key to a JWKS file (created if missing)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a key from a JWKS file by kid')
            break
        }
        'oauthctl;key;help;jwks;list' {
            break
        }
        'oauthctl;key;help;jwks;add' {
            break
        }
        'oauthctl;key;help;jwks;remove' {
            break
        }
        'oauthctl;key;help;help' {
            break
        }
        'oauthctl;token' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('mint', 'mint', [CompletionResultType]::ParameterValue, 'Sign a JWT from flags and/or a JSON claims object')
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Show a token''s header and claims without verifying it (labelled UNVERIFIED)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify a token strictly: signature with a key you choose, then its claims')
            [CompletionResult]::new('dpop-proof', 'dpop-proof', [CompletionResultType]::ParameterValue, 'Make a DPoP proof (RFC 9449) for one request, for its `DPoP` header')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'oauthctl;token;mint' {
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Signing key: PEM, DER, JWK, or a JWKS with --kid')
            [CompletionResult]::new('--kid', '--kid', [CompletionResultType]::ParameterName, 'Pick the signing key from a JWKS by kid')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'HMAC secret file (its bytes; one trailing newline is dropped). Or OAUTHCTL_SECRET')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line). Otherwise OAUTHCTL_PASSPHRASE, or a prompt on a terminal')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Signature algorithm (default: the key''s JWK alg, else RS256 / ES by curve / EdDSA / HS256)')
            [CompletionResult]::new('--iss', '--iss', [CompletionResultType]::ParameterName, '`iss` claim')
            [CompletionResult]::new('--sub', '--sub', [CompletionResultType]::ParameterName, '`sub` claim')
            [CompletionResult]::new('--aud', '--aud', [CompletionResultType]::ParameterName, '`aud` claim; repeat for an array')
            [CompletionResult]::new('--exp', '--exp', [CompletionResultType]::ParameterName, '`exp`: a duration from now (5m, +1h, 30d), an RFC 3339 time or a NumericDate')
            [CompletionResult]::new('--nbf', '--nbf', [CompletionResultType]::ParameterName, '`nbf` (default: now). Same forms as --exp')
            [CompletionResult]::new('--jti', '--jti', [CompletionResultType]::ParameterName, '`jti` (default: 128 random bits)')
            [CompletionResult]::new('--claim', '--claim', [CompletionResultType]::ParameterName, 'A claim NAME=VALUE; VALUE is parsed as JSON when it is JSON. Repeatable')
            [CompletionResult]::new('--claims', '--claims', [CompletionResultType]::ParameterName, 'A JSON object of claims from a file, or `-` for stdin')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'A protected header member NAME=VALUE. Repeatable')
            [CompletionResult]::new('--typ', '--typ', [CompletionResultType]::ParameterName, 'The header `typ` (default JWT, RFC 7519 section 5.1; at+jwt for RFC 9068)')
            [CompletionResult]::new('--set-kid', '--set-kid', [CompletionResultType]::ParameterName, 'Header `kid` (default: the key''s kid, else its RFC 7638 thumbprint)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Mint N tokens (each with a fresh jti), one per line')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal')
            [CompletionResult]::new('--bare', '--bare', [CompletionResultType]::ParameterName, 'Leave out the automatic exp, nbf, iat and jti')
            [CompletionResult]::new('--no-typ', '--no-typ', [CompletionResultType]::ParameterName, 'Leave `typ` out of the header')
            [CompletionResult]::new('--no-kid', '--no-kid', [CompletionResultType]::ParameterName, 'Leave `kid` out of the header')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Read claims objects as JSON lines on stdin; one token per line out')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;token;decode' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;token;verify' {
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Verify with this key: PEM, DER, JWK (or a JWKS file)')
            [CompletionResult]::new('--jwks', '--jwks', [CompletionResultType]::ParameterName, 'Verify with a JWKS file or https URL; the key is chosen by the token''s kid')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Discover the JWKS from this issuer (OIDC discovery, then RFC 8414); also checks iss')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'HMAC secret file (its bytes; one trailing newline is dropped). Or OAUTHCTL_SECRET')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Allowed algorithm; repeatable (default: the key''s JWK alg, else its natural one)')
            [CompletionResult]::new('--iss', '--iss', [CompletionResultType]::ParameterName, 'Expected `iss`')
            [CompletionResult]::new('--aud', '--aud', [CompletionResultType]::ParameterName, 'Accepted audience; repeatable (the token''s aud must contain one)')
            [CompletionResult]::new('--sub', '--sub', [CompletionResultType]::ParameterName, 'Expected `sub`')
            [CompletionResult]::new('--typ', '--typ', [CompletionResultType]::ParameterName, 'Expected header `typ` (e.g. at+jwt for RFC 9068 access tokens)')
            [CompletionResult]::new('--require', '--require', [CompletionResultType]::ParameterName, 'A claim that must be present; repeatable')
            [CompletionResult]::new('--claim', '--claim', [CompletionResultType]::ParameterName, 'An expected claim value NAME=VALUE (JSON when it parses); repeatable')
            [CompletionResult]::new('--leeway', '--leeway', [CompletionResultType]::ParameterName, 'Clock skew allowed for exp, nbf and iat, in seconds (at most 600)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra CA certificate (PEM) to trust for https')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'A TLS client certificate (PEM) for mutual TLS (RFC 8705), e.g. from `keygen --cert-subject`')
            [CompletionResult]::new('--client-cert-key', '--client-cert-key', [CompletionResultType]::ParameterName, 'The private key of --client-cert (PEM)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal')
            [CompletionResult]::new('--allow-no-exp', '--allow-no-exp', [CompletionResultType]::ParameterName, 'Accept a token without `exp`')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Read one token per line from stdin; write one JSON verdict per line')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Allow plain http to non-loopback hosts (unsafe: tokens and secrets travel unencrypted); a warning is printed for every such request')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;token;dpop-proof' {
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The private key the tokens are bound to: PEM or JWK (the `dpop_key` that `flow --print tokens` prints, saved to a file, works)')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'The request''s method')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The request''s URL (its query and fragment are left out of `htu`)')
            [CompletionResult]::new('--access-token', '--access-token', [CompletionResultType]::ParameterName, 'The access token the request presents (the proof then carries its hash, `ath`); `-` reads it from stdin')
            [CompletionResult]::new('--nonce', '--nonce', [CompletionResultType]::ParameterName, 'The nonce the server asked for (its `DPoP-Nonce` header)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;token;help' {
            [CompletionResult]::new('mint', 'mint', [CompletionResultType]::ParameterValue, 'Sign a JWT from flags and/or a JSON claims object')
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Show a token''s header and claims without verifying it (labelled UNVERIFIED)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify a token strictly: signature with a key you choose, then its claims')
            [CompletionResult]::new('dpop-proof', 'dpop-proof', [CompletionResultType]::ParameterValue, 'Make a DPoP proof (RFC 9449) for one request, for its `DPoP` header')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'oauthctl;token;help;mint' {
            break
        }
        'oauthctl;token;help;decode' {
            break
        }
        'oauthctl;token;help;verify' {
            break
        }
        'oauthctl;token;help;dpop-proof' {
            break
        }
        'oauthctl;token;help;help' {
            break
        }
        'oauthctl;flow' {
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'The issuer: discovery (OIDC, then RFC 8414); its `issuer` must match exactly')
            [CompletionResult]::new('--authorize-url', '--authorize-url', [CompletionResultType]::ParameterName, 'Authorization endpoint (overrides discovery)')
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'Token endpoint (overrides discovery)')
            [CompletionResult]::new('--userinfo-url', '--userinfo-url', [CompletionResultType]::ParameterName, 'Userinfo endpoint (overrides discovery)')
            [CompletionResult]::new('--jwks-url', '--jwks-url', [CompletionResultType]::ParameterName, 'JWKS URL (overrides discovery)')
            [CompletionResult]::new('--introspection-url', '--introspection-url', [CompletionResultType]::ParameterName, 'Introspection endpoint (overrides discovery)')
            [CompletionResult]::new('--revocation-url', '--revocation-url', [CompletionResultType]::ParameterName, 'Revocation endpoint (overrides discovery)')
            [CompletionResult]::new('--device-authorization-url', '--device-authorization-url', [CompletionResultType]::ParameterName, 'Device authorization endpoint (overrides discovery)')
            [CompletionResult]::new('--issuer-id', '--issuer-id', [CompletionResultType]::ParameterName, 'The issuer identifier to expect in `iss` (callback and ID token) when the server is given by explicit endpoints, without a discovery fetch')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The client_id')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Client secret file. Or OAUTHCTL_CLIENT_SECRET, or a prompt on a terminal')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'How the client authenticates (default: client_secret_basic with a secret, else none)')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Private key that signs private_key_jwt assertions (e.g. from `oauthctl keygen`)')
            [CompletionResult]::new('--grant', '--grant', [CompletionResultType]::ParameterName, 'The grant to run')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope to request')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'An extra authorization or token parameter NAME=VALUE. Repeatable')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'The `audience` parameter (Auth0-style). Repeatable')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'The `resource` indicator (RFC 8707). Repeatable')
            [CompletionResult]::new('--authorization-details', '--authorization-details', [CompletionResultType]::ParameterName, 'Rich authorization request details (RFC 9396): a JSON array, or @FILE holding one; sent with the authorization request (or the client-credentials token request)')
            [CompletionResult]::new('--response-mode', '--response-mode', [CompletionResultType]::ParameterName, 'The response mode to ask for: query, fragment, or JARM''s jwt, query.jwt, fragment.jwt (the response JWT is verified with the server''s JWKS before use)')
            [CompletionResult]::new('--dpop-key', '--dpop-key', [CompletionResultType]::ParameterName, 'DPoP with this private key (PEM or JWK, any key `keygen` writes) instead of a fresh one; implies --dpop')
            [CompletionResult]::new('--redirect-uri', '--redirect-uri', [CompletionResultType]::ParameterName, 'Fixed loopback redirect URI (default: http://127.0.0.1:<random>/callback)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for the callback')
            [CompletionResult]::new('--login', '--login', [CompletionResultType]::ParameterName, 'The user''s part: browser, print, paste, auto, or command=CMD (default: browser on a terminal, auto otherwise)')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Username for --login auto')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Password file for --login auto. Or OAUTHCTL_PASSWORD')
            [CompletionResult]::new('--form-field', '--form-field', [CompletionResultType]::ParameterName, 'An extra login form field NAME=VALUE for --login auto. Repeatable')
            [CompletionResult]::new('--steps', '--steps', [CompletionResultType]::ParameterName, 'Steps after the token exchange, comma-separated (default: all the server offers): userinfo, refresh, introspect, revoke, resource')
            [CompletionResult]::new('--resource-url', '--resource-url', [CompletionResultType]::ParameterName, 'Call this API with the access token and expect 2xx')
            [CompletionResult]::new('--bearer-format', '--bearer-format', [CompletionResultType]::ParameterName, 'How to send the access token to --resource-url and userinfo')
            [CompletionResult]::new('--print', '--print', [CompletionResultType]::ParameterName, 'Print only this to stdout (for scripts)')
            [CompletionResult]::new('--refresh-token-file', '--refresh-token-file', [CompletionResultType]::ParameterName, 'The refresh token for --grant refresh-token. Or OAUTHCTL_REFRESH_TOKEN')
            [CompletionResult]::new('--subject-token-file', '--subject-token-file', [CompletionResultType]::ParameterName, 'The subject token for --grant token-exchange. Or OAUTHCTL_SUBJECT_TOKEN')
            [CompletionResult]::new('--assertion-file', '--assertion-file', [CompletionResultType]::ParameterName, 'The JWT for --grant jwt-bearer. Or OAUTHCTL_ASSERTION')
            [CompletionResult]::new('--assertion-sub', '--assertion-sub', [CompletionResultType]::ParameterName, 'For --grant jwt-bearer without --assertion-file: the subject of an assertion signed with --client-key (iss is the client, aud the token endpoint)')
            [CompletionResult]::new('--subject-token-type', '--subject-token-type', [CompletionResultType]::ParameterName, 'Its type (RFC 8693 section 3)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the profiles file (flags given here override it)')
            [CompletionResult]::new('--profiles-file', '--profiles-file', [CompletionResultType]::ParameterName, 'The profiles file (default: $XDG_CONFIG_HOME/oauthctl/profiles.toml)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra CA certificate (PEM) to trust for https')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'A TLS client certificate (PEM) for mutual TLS (RFC 8705), e.g. from `keygen --cert-subject`')
            [CompletionResult]::new('--client-cert-key', '--client-cert-key', [CompletionResultType]::ParameterName, 'The private key of --client-cert (PEM)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal')
            [CompletionResult]::new('--embedded', '--embedded', [CompletionResultType]::ParameterName, 'Start `oauthctl serve` in-process on a free loopback port and run against it')
            [CompletionResult]::new('--no-pkce', '--no-pkce', [CompletionResultType]::ParameterName, 'Skip PKCE (legacy servers only)')
            [CompletionResult]::new('--par', '--par', [CompletionResultType]::ParameterName, 'Push the authorization request first (RFC 9126 PAR); automatic when the server''s metadata requires it')
            [CompletionResult]::new('--request-object', '--request-object', [CompletionResultType]::ParameterName, 'Send the authorization request as a request object (RFC 9101) signed with --client-key: by value, or pushed with --par')
            [CompletionResult]::new('--fapi2', '--fapi2', [CompletionResultType]::ParameterName, 'The FAPI 2.0 Security Profile: PAR with PKCE S256, private_key_jwt (--client-key), DPoP, RFC 9207 iss and only PS256, ES256 or EdDSA; the server''s metadata must offer its side, or the flow stops saying what is missing')
            [CompletionResult]::new('--dpop', '--dpop', [CompletionResultType]::ParameterName, 'Sender-constrain the tokens with DPoP (RFC 9449) using a fresh P-256 key: a proof on every token, refresh, userinfo and resource request')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Allow plain http to non-loopback hosts (unsafe: tokens and secrets travel unencrypted); a warning is printed for every such request')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;discover' {
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra CA certificate (PEM) to trust for https')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'A TLS client certificate (PEM) for mutual TLS (RFC 8705), e.g. from `keygen --cert-subject`')
            [CompletionResult]::new('--client-cert-key', '--client-cert-key', [CompletionResultType]::ParameterName, 'The private key of --client-cert (PEM)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Allow plain http to non-loopback hosts (unsafe: tokens and secrets travel unencrypted); a warning is printed for every such request')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;userinfo' {
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'The issuer: discovery (OIDC, then RFC 8414); its `issuer` must match exactly')
            [CompletionResult]::new('--authorize-url', '--authorize-url', [CompletionResultType]::ParameterName, 'Authorization endpoint (overrides discovery)')
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'Token endpoint (overrides discovery)')
            [CompletionResult]::new('--userinfo-url', '--userinfo-url', [CompletionResultType]::ParameterName, 'Userinfo endpoint (overrides discovery)')
            [CompletionResult]::new('--jwks-url', '--jwks-url', [CompletionResultType]::ParameterName, 'JWKS URL (overrides discovery)')
            [CompletionResult]::new('--introspection-url', '--introspection-url', [CompletionResultType]::ParameterName, 'Introspection endpoint (overrides discovery)')
            [CompletionResult]::new('--revocation-url', '--revocation-url', [CompletionResultType]::ParameterName, 'Revocation endpoint (overrides discovery)')
            [CompletionResult]::new('--device-authorization-url', '--device-authorization-url', [CompletionResultType]::ParameterName, 'Device authorization endpoint (overrides discovery)')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The client_id')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Client secret file. Or OAUTHCTL_CLIENT_SECRET, or a prompt on a terminal')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'How the client authenticates (default: client_secret_basic with a secret, else none)')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Private key that signs private_key_jwt assertions (e.g. from `oauthctl keygen`)')
            [CompletionResult]::new('--token-type-hint', '--token-type-hint', [CompletionResultType]::ParameterName, 'A token_type_hint (access_token, refresh_token)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra CA certificate (PEM) to trust for https')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'A TLS client certificate (PEM) for mutual TLS (RFC 8705), e.g. from `keygen --cert-subject`')
            [CompletionResult]::new('--client-cert-key', '--client-cert-key', [CompletionResultType]::ParameterName, 'The private key of --client-cert (PEM)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Allow plain http to non-loopback hosts (unsafe: tokens and secrets travel unencrypted); a warning is printed for every such request')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;introspect' {
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'The issuer: discovery (OIDC, then RFC 8414); its `issuer` must match exactly')
            [CompletionResult]::new('--authorize-url', '--authorize-url', [CompletionResultType]::ParameterName, 'Authorization endpoint (overrides discovery)')
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'Token endpoint (overrides discovery)')
            [CompletionResult]::new('--userinfo-url', '--userinfo-url', [CompletionResultType]::ParameterName, 'Userinfo endpoint (overrides discovery)')
            [CompletionResult]::new('--jwks-url', '--jwks-url', [CompletionResultType]::ParameterName, 'JWKS URL (overrides discovery)')
            [CompletionResult]::new('--introspection-url', '--introspection-url', [CompletionResultType]::ParameterName, 'Introspection endpoint (overrides discovery)')
            [CompletionResult]::new('--revocation-url', '--revocation-url', [CompletionResultType]::ParameterName, 'Revocation endpoint (overrides discovery)')
            [CompletionResult]::new('--device-authorization-url', '--device-authorization-url', [CompletionResultType]::ParameterName, 'Device authorization endpoint (overrides discovery)')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The client_id')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Client secret file. Or OAUTHCTL_CLIENT_SECRET, or a prompt on a terminal')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'How the client authenticates (default: client_secret_basic with a secret, else none)')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Private key that signs private_key_jwt assertions (e.g. from `oauthctl keygen`)')
            [CompletionResult]::new('--token-type-hint', '--token-type-hint', [CompletionResultType]::ParameterName, 'A token_type_hint (access_token, refresh_token)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra CA certificate (PEM) to trust for https')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'A TLS client certificate (PEM) for mutual TLS (RFC 8705), e.g. from `keygen --cert-subject`')
            [CompletionResult]::new('--client-cert-key', '--client-cert-key', [CompletionResultType]::ParameterName, 'The private key of --client-cert (PEM)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Allow plain http to non-loopback hosts (unsafe: tokens and secrets travel unencrypted); a warning is printed for every such request')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;revoke' {
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'The issuer: discovery (OIDC, then RFC 8414); its `issuer` must match exactly')
            [CompletionResult]::new('--authorize-url', '--authorize-url', [CompletionResultType]::ParameterName, 'Authorization endpoint (overrides discovery)')
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'Token endpoint (overrides discovery)')
            [CompletionResult]::new('--userinfo-url', '--userinfo-url', [CompletionResultType]::ParameterName, 'Userinfo endpoint (overrides discovery)')
            [CompletionResult]::new('--jwks-url', '--jwks-url', [CompletionResultType]::ParameterName, 'JWKS URL (overrides discovery)')
            [CompletionResult]::new('--introspection-url', '--introspection-url', [CompletionResultType]::ParameterName, 'Introspection endpoint (overrides discovery)')
            [CompletionResult]::new('--revocation-url', '--revocation-url', [CompletionResultType]::ParameterName, 'Revocation endpoint (overrides discovery)')
            [CompletionResult]::new('--device-authorization-url', '--device-authorization-url', [CompletionResultType]::ParameterName, 'Device authorization endpoint (overrides discovery)')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The client_id')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Client secret file. Or OAUTHCTL_CLIENT_SECRET, or a prompt on a terminal')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'How the client authenticates (default: client_secret_basic with a secret, else none)')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Private key that signs private_key_jwt assertions (e.g. from `oauthctl keygen`)')
            [CompletionResult]::new('--token-type-hint', '--token-type-hint', [CompletionResultType]::ParameterName, 'A token_type_hint (access_token, refresh_token)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra CA certificate (PEM) to trust for https')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'A TLS client certificate (PEM) for mutual TLS (RFC 8705), e.g. from `keygen --cert-subject`')
            [CompletionResult]::new('--client-cert-key', '--client-cert-key', [CompletionResultType]::ParameterName, 'The private key of --client-cert (PEM)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Allow plain http to non-loopback hosts (unsafe: tokens and secrets travel unencrypted); a warning is printed for every such request')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;serve' {
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port to listen on; 0 picks a free one (printed)')
            [CompletionResult]::new('--bind', '--bind', [CompletionResultType]::ParameterName, 'Address to listen on. Anything but loopback needs --allow-remote')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'TOML file with issuer, keys, users and clients (default: the demo set)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Signing key (default: one generated and kept in the state directory)')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where the generated key and demo secrets are kept (default: $XDG_STATE_HOME/oauthctl/serve)')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer URL to announce (default: http://<address>:<port>, https with TLS)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Serve over TLS with this PEM certificate chain (implies --tls)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'The PEM private key of --tls-cert')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal')
            [CompletionResult]::new('--allow-remote', '--allow-remote', [CompletionResultType]::ParameterName, 'Allow listening on a non-loopback address')
            [CompletionResult]::new('--ephemeral', '--ephemeral', [CompletionResultType]::ParameterName, 'Keep the generated key and demo secrets only for this run')
            [CompletionResult]::new('--auto-approve', '--auto-approve', [CompletionResultType]::ParameterName, 'Approve every authorization request without a consent page (for CI)')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Serve over TLS with a self-signed certificate for localhost, 127.0.0.1 and ::1, made once and kept in the state directory (its path is printed: clients trust it with --ca-file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;audit' {
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'The issuer to audit (its metadata is fetched from there)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the profiles file, as for flow (flags given here override it)')
            [CompletionResult]::new('--profiles-file', '--profiles-file', [CompletionResultType]::ParameterName, 'The profiles file (default: $XDG_CONFIG_HOME/oauthctl/profiles.toml)')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The client_id')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Client secret file. Or OAUTHCTL_CLIENT_SECRET, or a prompt on a terminal')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'How the client authenticates (default: client_secret_basic with a secret, else none)')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Private key that signs private_key_jwt assertions (e.g. from `oauthctl keygen`)')
            [CompletionResult]::new('--login', '--login', [CompletionResultType]::ParameterName, 'The user''s part: `auto` (headless; the only driver an unattended audit can use)')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'The test user''s name, for the headless login')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'The test user''s password file (first line). Or OAUTHCTL_PASSWORD')
            [CompletionResult]::new('--form-field', '--form-field', [CompletionResultType]::ParameterName, 'A login form field NAME=VALUE. Repeatable')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'The scope the audit''s client asks for')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'An extra authorization request parameter NAME=VALUE (prompt=consent, for servers that issue refresh tokens only after consent). Repeatable')
            [CompletionResult]::new('--redirect-uri', '--redirect-uri', [CompletionResultType]::ParameterName, 'A redirect URI registered for the client (the audit never listens on it: it reads the server''s redirect)')
            [CompletionResult]::new('--second-client-id', '--second-client-id', [CompletionResultType]::ParameterName, 'A second confidential client, for the cross-client checks')
            [CompletionResult]::new('--second-client-secret-file', '--second-client-secret-file', [CompletionResultType]::ParameterName, 'The second client''s secret file')
            [CompletionResult]::new('--public-client-id', '--public-client-id', [CompletionResultType]::ParameterName, 'A public client (no secret), for the PKCE-required checks')
            [CompletionResult]::new('--checks', '--checks', [CompletionResultType]::ParameterName, 'Run only these checks: ids or areas, comma-separated or repeated')
            [CompletionResult]::new('--skip-checks', '--skip-checks', [CompletionResultType]::ParameterName, 'Leave out these checks: ids or areas')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'The lowest severity whose failures make the exit code 1')
            [CompletionResult]::new('--budget', '--budget', [CompletionResultType]::ParameterName, 'The most requests the audit may send in all')
            [CompletionResult]::new('--pause-ms', '--pause-ms', [CompletionResultType]::ParameterName, 'A pause between requests, in milliseconds')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra CA certificate (PEM) to trust for https')
            [CompletionResult]::new('--http-timeout', '--http-timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'A TLS client certificate (PEM) for mutual TLS (RFC 8705), e.g. from `keygen --cert-subject`')
            [CompletionResult]::new('--client-cert-key', '--client-cert-key', [CompletionResultType]::ParameterName, 'The private key of --client-cert (PEM)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal')
            [CompletionResult]::new('--fapi2', '--fapi2', [CompletionResultType]::ParameterName, 'Also run the FAPI 2.0 group (area fapi2): the server''s metadata offers the profile, and the audited client (one held to it) is refused what the profile forbids')
            [CompletionResult]::new('--list-checks', '--list-checks', [CompletionResultType]::ParameterName, 'List the checks (id, area, severity, rule, source) and exit')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Allow plain http to non-loopback hosts (unsafe: tokens and secrets travel unencrypted); a warning is printed for every such request')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;completions' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;generate-docs' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Project root to write completions/ and man/ into')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;help' {
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Generate a signing key pair as private PEM, public PEM, public JWK and JWKS')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'Inspect, convert and thumbprint keys; maintain JWKS files')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Mint, decode and strictly verify JWTs')
            [CompletionResult]::new('flow', 'flow', [CompletionResultType]::ParameterValue, 'Drive a whole OAuth flow against a live server as a test client, step by step')
            [CompletionResult]::new('discover', 'discover', [CompletionResultType]::ParameterValue, 'Fetch an issuer''s metadata and point out what is missing or inconsistent')
            [CompletionResult]::new('userinfo', 'userinfo', [CompletionResultType]::ParameterValue, 'Call the userinfo endpoint with an access token you have')
            [CompletionResult]::new('introspect', 'introspect', [CompletionResultType]::ParameterValue, 'Ask the introspection endpoint (RFC 7662) about a token you have')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token you have (RFC 7009)')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run a local OAuth 2.0 / OpenID Connect authorization server for development')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Prove that an authorization server refuses what it must: each check tied to its RFC rule')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('generate-docs', 'generate-docs', [CompletionResultType]::ParameterValue, 'Regenerate completions/ and man/ from this command line definition')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'oauthctl;help;keygen' {
            break
        }
        'oauthctl;help;key' {
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show what a key file holds: type, size, public or private, kid, fingerprint')
            [CompletionResult]::new('convert', 'convert', [CompletionResultType]::ParameterValue, 'Convert a key between PEM, DER, JWK and JWKS')
            [CompletionResult]::new('thumbprint', 'thumbprint', [CompletionResultType]::ParameterValue, 'Print the RFC 7638 JWK thumbprint')
            [CompletionResult]::new('jwks', 'jwks', [CompletionResultType]::ParameterValue, 'List, add to and remove from a JWKS file (key rotation)')
            break
        }
        'oauthctl;help;key;inspect' {
            break
        }
        'oauthctl;help;key;convert' {
            break
        }
        'oauthctl;help;key;thumbprint' {
            break
        }
        'oauthctl;help;key;jwks' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the keys of a JWKS')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add the public half of a key to a JWKS file (created if missing)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a key from a JWKS file by kid')
            break
        }
        'oauthctl;help;key;jwks;list' {
            break
        }
        'oauthctl;help;key;jwks;add' {
            break
        }
        'oauthctl;help;key;jwks;remove' {
            break
        }
        'oauthctl;help;token' {
            [CompletionResult]::new('mint', 'mint', [CompletionResultType]::ParameterValue, 'Sign a JWT from flags and/or a JSON claims object')
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Show a token''s header and claims without verifying it (labelled UNVERIFIED)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify a token strictly: signature with a key you choose, then its claims')
            [CompletionResult]::new('dpop-proof', 'dpop-proof', [CompletionResultType]::ParameterValue, 'Make a DPoP proof (RFC 9449) for one request, for its `DPoP` header')
            break
        }
        'oauthctl;help;token;mint' {
            break
        }
        'oauthctl;help;token;decode' {
            break
        }
        'oauthctl;help;token;verify' {
            break
        }
        'oauthctl;help;token;dpop-proof' {
            break
        }
        'oauthctl;help;flow' {
            break
        }
        'oauthctl;help;discover' {
            break
        }
        'oauthctl;help;userinfo' {
            break
        }
        'oauthctl;help;introspect' {
            break
        }
        'oauthctl;help;revoke' {
            break
        }
        'oauthctl;help;serve' {
            break
        }
        'oauthctl;help;audit' {
            break
        }
        'oauthctl;help;completions' {
            break
        }
        'oauthctl;help;generate-docs' {
            break
        }
        'oauthctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
