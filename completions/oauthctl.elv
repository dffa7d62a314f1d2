
use builtin;
use str;

set edit:completion:arg-completer[oauthctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'oauthctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'oauthctl'= {
            cand --output 'Output format for data on stdout'
            cand --color 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand keygen 'Generate a signing key pair as private PEM, public PEM, public JWK and JWKS'
            cand key 'Inspect, convert and thumbprint keys; maintain JWKS files'
            cand token 'Mint, decode and strictly verify JWTs'
            cand flow 'Drive a whole OAuth flow against a live server as a test client, step by step'
            cand discover 'Fetch an issuer''s metadata and point out what is missing or inconsistent'
            cand userinfo 'Call the userinfo endpoint with an access token you have'
            cand introspect 'Ask the introspection endpoint (RFC 7662) about a token you have'
            cand revoke 'Revoke a token you have (RFC 7009)'
            cand serve 'Run a local OAuth 2.0 / OpenID Connect authorization server for development'
            cand audit 'Prove that an authorization server refuses what it must: each check tied to its RFC rule'
            cand completions 'Print a shell completion script'
            cand generate-docs 'Regenerate completions/ and man/ from this command line definition'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'oauthctl;keygen'= {
            cand --type 'Key type'
            cand --bits 'RSA modulus size'
            cand --curve 'EC curve (implies --type ec)'
            cand --alg 'The JWK `alg` (RSA: RS256 default, RS384, RS512, PS256, PS384, PS512)'
            cand --kid 'The JWK `kid` (default: the RFC 7638 SHA-256 thumbprint)'
            cand --name 'File name prefix'
            cand --out-dir 'Directory for the files (created if missing)'
            cand --layout 'Which files to write'
            cand --passphrase-file 'Read the passphrase from this file (first line). Otherwise OAUTHCTL_PASSPHRASE, or a prompt on a terminal'
            cand --cert-subject 'Also write a self-signed X.509 certificate for the key (NAME.cert.pem), with this subject, e.g. CN=my-client,O=Example: a client certificate for mutual TLS'
            cand --cert-days 'The certificate''s validity in days (from now)'
            cand --stdout 'Print one form on stdout instead of writing files'
            cand --output 'Output format for data on stdout'
            cand --color 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal'
            cand --pkcs1 'Write the RSA private key as PKCS#1 (`BEGIN RSA PRIVATE KEY`) instead of PKCS#8'
            cand --encrypt 'Encrypt the private key with a passphrase (PKCS#8 PBES2, AES-256-CBC)'
            cand --force 'Replace existing files'
            cand --jwk-only 'Print only the public JWK on stdout (same as --stdout jwk)'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'oauthctl;key'= {
            cand --output 'Output format for data on stdout'
            cand --color 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand inspect 'Show what a key file holds: type, size, public or private, kid, fingerprint'
            cand convert 'Convert a key between PEM, DER, JWK and JWKS'
            cand thumbprint 'Print the RFC 7638 JWK thumbprint'
            cand jwks 'List, add to and remove from a JWKS file (key rotation)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'oauthctl;key;inspect'= {
            cand --kid 'Pick the key with this kid from a JWKS'
            cand --passphrase-file 'Read the passphrase from this file (first line). Otherwise OAUTHCTL_PASSPHRASE, or a prompt on a terminal'
            cand --output 'Output format for data on stdout'
            cand --color 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'oauthctl;key;convert'= {
            cand --kid 'Pick the key with this kid from a JWKS'
            cand --passphrase-file 'Read the passphrase from this file (first line). Otherwise OAUTHCTL_PASSPHRASE, or a prompt on a terminal'
            cand --to 'Target form'
            cand --set-kid 'Set or replace the kid in JWK output (`thumbprint` for the RFC 7638 value)'
            cand --alg 'Set the JWK `alg`'
            cand --out 'Write to this file (safely) instead of stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal'
            cand --der 'Binary DER instead of PEM (needs --out)'
            cand --encrypt 'Encrypt the PKCS#8 output with a passphrase'
            cand --force 'Replace --out if it exists'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'oauthctl;key;thumbprint'= {
            cand --kid 'Pick the key with this kid from a JWKS'
            cand --passphrase-file 'Read the passphrase from this file (first line). Otherwise OAUTHCTL_PASSPHRASE, or a prompt on a terminal'
            cand --hash 'Hash function'
            cand --output 'Output format for data on stdout'
            cand --color 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'oauthctl;key;jwks'= {
            cand --output 'Output format for data on stdout'
            cand --color 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the keys of a JWKS'
            cand add 'Add the public half of a key to a JWKS file (created if missing)'
            cand remove 'Remove a key from a JWKS file by kid'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'oauthctl;key;jwks;list'= {
            cand --output 'Output format for data on stdout'
            cand --color 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'oauthctl;key;jwks;add'= {
            cand --kid 'Pick the key with this kid from a JWKS'
            cand --passphrase-file 'Read the passphrase from this file (first line). Otherwise OAUTHCTL_PASSPHRASE, or a prompt on a terminal'
            cand --set-kid 'kid for the new entry (default: the key''s own kid, else its thumbprint)'
            cand --alg 'The JWK `alg` for the new entry'
            cand --output 'Output format for data on stdout'
            cand --color 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'oauthctl;key;jwks;remove'= {
            cand --output 'Output format for data on stdout'
            cand --color 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'oauthctl;key;jwks;help'= {
            cand list 'List the keys of a JWKS'
            cand add 'Add the public half of a key to a JWKS file (created if missing)'
            cand remove 'Remove a key from a JWKS file by kid'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'oauthctl;key;jwks;help;list'= {
        }
        &'oauthctl;key;jwks;help;add'= {
        }
        &'oauthctl;key;jwks;help;remove'= {
        }
        &'oauthctl;key;jwks;help;help'= {
        }
        &'oauthctl;key;help'= {
            cand inspect 'Show what a key file holds: type, size, public or private, kid, fingerprint'
            cand convert 'Convert a key between PEM, DER, JWK and JWKS'
            cand thumbprint 'Print the RFC 7638 JWK thumbprint'
            cand jwks 'List, add to and remove from a JWKS file (key rotation)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'oauthctl;key;help;inspect'= {
        }
        &'oauthctl;key;help;convert'= {
        }
        &'oauthctl;key;help;thumbprint'= {
        }
        &'oauthctl;key;help;jwks'= {
            cand list 'List the keys of a JWKS'
            cand add 'Add the public half of a key to a JWKS file (created if missing)'
            cand remove 'Remove a key from a JWKS file by kid'
        }
        &'oauthctl;key;help;jwks;list'= {
        }
        &'oauthctl;key;help;jwks;add'= {
        }
        &'oauthctl;key;help;jwks;remove'= {
        }
        &'oauthctl;key;help;help'= {
        }
        &'oauthctl;token'= {
            cand --output 'Output format for data on stdout'
            cand --color 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand mint 'Sign a JWT from flags and/or a JSON claims object'
            cand decode 'Show a token''s header and claims without verifying it (labelled UNVERIFIED)'
            cand verify 'Verify a token strictly: signature with a key you choose, then its claims'
            cand dpop-proof 'Make a DPoP proof (RFC 9449) for one request, for its `DPoP` header'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'oauthctl;token;mint'= {
            cand --key 'Signing key: PEM, DER, JWK, or a JWKS with --kid'
            cand --kid 'Pick the signing key from a JWKS by kid'
            cand --secret-file 'HMAC secret file (its bytes; one trailing newline is dropped). Or OAUTHCTL_SECRET'
            cand --passphrase-file 'Read the passphrase from this file (first line). Otherwise OAUTHCTL_PASSPHRASE, or a prompt on a terminal'
            cand --alg 'Signature algorithm (default: the key''s JWK alg, else RS256 / ES by curve / EdDSA / HS256)'
            cand --iss '`iss` claim'
            cand --sub '`sub` claim'
            cand --aud '`aud` claim; repeat for an array'
            cand --exp '`exp`: a duration from now (5m, +1h, 30d), an RFC 3339 time or a NumericDate'
            cand --nbf '`nbf` (default: now). Same forms as --exp'
            cand --jti '`jti` (default: 128 random bits)'
            cand --claim 'A claim NAME=VALUE; VALUE is parsed as JSON when it is JSON. Repeatable'
            cand --claims 'A JSON object of claims from a file, or `-` for stdin'
            cand --header 'A protected header member NAME=VALUE. Repeatable'
            cand --typ 'The header `typ` (default JWT, RFC 7519 section 5.1; at+jwt for RFC 9068)'
            cand --set-kid 'Header `kid` (default: the key''s kid, else its RFC 7638 thumbprint)'
            cand --count 'Mint N tokens (each with a fresh jti), one per line'
            cand --output 'Output format for data on stdout'
            cand --color 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal'
            cand --bare 'Leave out the automatic exp, nbf, iat and jti'
            cand --no-typ 'Leave `typ` out of the header'
            cand --no-kid 'Leave `kid` out of the header'
            cand --batch 'Read claims objects as JSON lines on stdin; one token per line out'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'oauthctl;token;decode'= {
            cand --output 'Output format for data on stdout'
            cand --color 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'oauthctl;token;verify'= {
            cand --key 'Verify with this key: PEM, DER, JWK (or a JWKS file)'
            cand --jwks 'Verify with a JWKS file or https URL; the key is chosen by the token''s kid'
            cand --issuer 'Discover the JWKS from this issuer (OIDC discovery, then RFC 8414); also checks iss'
            cand --secret-file 'HMAC secret file (its bytes; one trailing newline is dropped). Or OAUTHCTL_SECRET'
            cand --alg 'Allowed algorithm; repeatable (default: the key''s JWK alg, else its natural one)'
            cand --iss 'Expected `iss`'
            cand --aud 'Accepted audience; repeatable (the token''s aud must contain one)'
            cand --sub 'Expected `sub`'
            cand --typ 'Expected header `typ` (e.g. at+jwt for RFC 9068 access tokens)'
            cand --require 'A claim that must be present; repeatable'
            cand --claim 'An expected claim value NAME=VALUE (JSON when it parses); repeatable'
            cand --leeway 'Clock skew allowed for exp, nbf and iat, in seconds (at most 600)'
            cand --ca-file 'Extra CA certificate (PEM) to trust for https'
            cand --http-timeout 'Timeout for each HTTP request, in seconds'
            cand --client-cert 'A TLS client certificate (PEM) for mutual TLS (RFC 8705), e.g. from `keygen --cert-subject`'
            cand --client-cert-key 'The private key of --client-cert (PEM)'
            cand --output 'Output format for data on stdout'
            cand --color 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal'
            cand --allow-no-exp 'Accept a token without `exp`'
            cand --batch 'Read one token per line from stdin; write one JSON verdict per line'
            cand --allow-insecure-http 'Allow plain http to non-loopback hosts (unsafe: tokens and secrets travel unencrypted); a warning is printed for every such request'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'oauthctl;token;dpop-proof'= {
            cand --key 'The private key the tokens are bound to: PEM or JWK (the `dpop_key` that `flow --print tokens` prints, saved to a file, works)'
            cand --method 'The request''s method'
            cand --url 'The request''s URL (its query and fragment are left out of `htu`)'
            cand --access-token 'The access token the request presents (the proof then carries its hash, `ath`); `-` reads it from stdin'
            cand --nonce 'The nonce the server asked for (its `DPoP-Nonce` header)'
            cand --output 'Output format for data on stdout'
            cand --color 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'oauthctl;token;help'= {
            cand mint 'Sign a JWT from flags and/or a JSON claims object'
            cand decode 'Show a token''s header and claims without verifying it (labelled UNVERIFIED)'
            cand verify 'Verify a token strictly: signature with a key you choose, then its claims'
            cand dpop-proof 'Make a DPoP proof (RFC 9449) for one request, for its `DPoP` header'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'oauthctl;token;help;mint'= {
        }
        &'oauthctl;token;help;decode'= {
        }
        &'oauthctl;token;help;verify'= {
        }
        &'oauthctl;token;help;dpop-proof'= {
        }
        &'oauthctl;token;help;help'= {
        }
        &'oauthctl;flow'= {
            cand --issuer 'The issuer: discovery (OIDC, then RFC 8414); its `issuer` must match exactly'
            cand --authorize-url 'Authorization endpoint (overrides discovery)'
            cand --token-url 'Token endpoint (overrides discovery)'
            cand --userinfo-url 'Userinfo endpoint (overrides discovery)'
            cand --jwks-url 'JWKS URL (overrides discovery)'
            cand --introspection-url 'Introspection endpoint (overrides discovery)'
            cand --revocation-url 'Revocation endpoint (overrides discovery)'
            cand --device-authorization-url 'Device authorization endpoint (overrides discovery)'
            cand --issuer-id 'The issuer identifier to expect in `iss` (callback and ID token) when the server is given by explicit endpoints, without a discovery fetch'
            cand --client-id 'The client_id'
            cand --client-secret-file 'Client secret file. Or OAUTHCTL_CLIENT_SECRET, or a prompt on a terminal'
            cand --auth-method 'How the client authenticates (default: client_secret_basic with a secret, else none)'
            cand --client-key 'Private key that signs private_key_jwt assertions (e.g. from `oauthctl keygen`)'
            cand --grant 'The grant to run'
            cand --scope 'Scope to request'
            cand --param 'An extra authorization or token parameter NAME=VALUE. Repeatable'
            cand --audience 'The `audience` parameter (Auth0-style). Repeatable'
            cand --resource 'The `resource` indicator (RFC 8707). Repeatable'
            cand --authorization-details 'Rich authorization request details (RFC 9396): a JSON array, or @FILE holding one; sent with the authorization request (or the client-credentials token request)'
            cand --response-mode 'The response mode to ask for: query, fragment, or JARM''s jwt, query.jwt, fragment.jwt (the response JWT is verified with the server''s JWKS before use)'
            cand --dpop-key 'DPoP with this private key (PEM or JWK, any key `keygen` writes) instead of a fresh one; implies --dpop'
            cand --redirect-uri 'Fixed loopback redirect URI (default: http://127.0.0.1:<random>/callback)'
            cand --timeout 'How long to wait for the callback'
            cand --login 'The user''s part: browser, print, paste, auto, or command=CMD (default: browser on a terminal, auto otherwise)'
            cand --username 'Username for --login auto'
            cand --password-file 'Password file for --login auto. Or OAUTHCTL_PASSWORD'
            cand --form-field 'An extra login form field NAME=VALUE for --login auto. Repeatable'
            cand --steps 'Steps after the token exchange, comma-separated (default: all the server offers): userinfo, refresh, introspect, revoke, resource'
            cand --resource-url 'Call this API with the access token and expect 2xx'
            cand --bearer-format 'How to send the access token to --resource-url and userinfo'
            cand --print 'Print only this to stdout (for scripts)'
            cand --refresh-token-file 'The refresh token for --grant refresh-token. Or OAUTHCTL_REFRESH_TOKEN'
            cand --subject-token-file 'The subject token for --grant token-exchange. Or OAUTHCTL_SUBJECT_TOKEN'
            cand --assertion-file 'The JWT for --grant jwt-bearer. Or OAUTHCTL_ASSERTION'
            cand --assertion-sub 'For --grant jwt-bearer without --assertion-file: the subject of an assertion signed with --client-key (iss is the client, aud the token endpoint)'
            cand --subject-token-type 'Its type (RFC 8693 section 3)'
            cand --profile 'A named profile from the profiles file (flags given here override it)'
            cand --profiles-file 'The profiles file (default: $XDG_CONFIG_HOME/oauthctl/profiles.toml)'
            cand --ca-file 'Extra CA certificate (PEM) to trust for https'
            cand --http-timeout 'Timeout for each HTTP request, in seconds'
            cand --client-cert 'A TLS client certificate (PEM) for mutual TLS (RFC 8705), e.g. from `keygen --cert-subject`'
            cand --client-cert-key 'The private key of --client-cert (PEM)'
            cand --output 'Output format for data on stdout'
            cand --color 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal'
            cand --embedded 'Start `oauthctl serve` in-process on a free loopback port and run against it'
            cand --no-pkce 'Skip PKCE (legacy servers only)'
            cand --par 'Push the authorization request first (RFC 9126 PAR); automatic when the server''s metadata requires it'
            cand --request-object 'Send the authorization request as a request object (RFC 9101) signed with --client-key: by value, or pushed with --par'
            cand --fapi2 'The FAPI 2.0 Security Profile: PAR with PKCE S256, private_key_jwt (--client-key), DPoP, RFC 9207 iss and only PS256, ES256 or EdDSA; the server''s metadata must offer its side, or the flow stops saying what is missing'
            cand --dpop 'Sender-constrain the tokens with DPoP (RFC 9449) using a fresh P-256 key: a proof on every token, refresh, userinfo and resource request'
            cand --allow-insecure-http 'Allow plain http to non-loopback hosts (unsafe: tokens and secrets travel unencrypted); a warning is printed for every such request'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'oauthctl;discover'= {
            cand --ca-file 'Extra CA certificate (PEM) to trust for https'
            cand --http-timeout 'Timeout for each HTTP request, in seconds'
            cand --client-cert 'A TLS client certificate (PEM) for mutual TLS (RFC 8705), e.g. from `keygen --cert-subject`'
            cand --client-cert-key 'The private key of --client-cert (PEM)'
            cand --output 'Output format for data on stdout'
            cand --color 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal'
            cand --allow-insecure-http 'Allow plain http to non-loopback hosts (unsafe: tokens and secrets travel unencrypted); a warning is printed for every such request'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'oauthctl;userinfo'= {
            cand --issuer 'The issuer: discovery (OIDC, then RFC 8414); its `issuer` must match exactly'
            cand --authorize-url 'Authorization endpoint (overrides discovery)'
            cand --token-url 'Token endpoint (overrides discovery)'
            cand --userinfo-url 'Userinfo endpoint (overrides discovery)'
            cand --jwks-url 'JWKS URL (overrides discovery)'
            cand --introspection-url 'Introspection endpoint (overrides discovery)'
            cand --revocation-url 'Revocation endpoint (overrides discovery)'
            cand --device-authorization-url 'Device authorization endpoint (overrides discovery)'
            cand --client-id 'The client_id'
            cand --client-secret-file 'Client secret file. Or OAUTHCTL_CLIENT_SECRET, or a prompt on a terminal'
            cand --auth-method 'How the client authenticates (default: client_secret_basic with a secret, else none)'
            cand --client-key 'Private key that signs private_key_jwt assertions (e.g. from `oauthctl keygen`)'
            cand --token-type-hint 'A token_type_hint (access_token, refresh_token)'
            cand --ca-file 'Extra CA certificate (PEM) to trust for https'
            cand --http-timeout 'Timeout for each HTTP request, in seconds'
            cand --client-cert 'A TLS client certificate (PEM) for mutual TLS (RFC 8705), e.g. from `keygen --cert-subject`'
            cand --client-cert-key 'The private key of --client-cert (PEM)'
            cand --output 'Output format for data on stdout'
            cand --color 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal'
            cand --allow-insecure-http 'Allow plain http to non-loopback hosts (unsafe: tokens and secrets travel unencrypted); a warning is printed for every such request'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'oauthctl;introspect'= {
            cand --issuer 'The issuer: discovery (OIDC, then RFC 8414); its `issuer` must match exactly'
            cand --authorize-url 'Authorization endpoint (overrides discovery)'
            cand --token-url 'Token endpoint (overrides discovery)'
            cand --userinfo-url 'Userinfo endpoint (overrides discovery)'
            cand --jwks-url 'JWKS URL (overrides discovery)'
            cand --introspection-url 'Introspection endpoint (overrides discovery)'
            cand --revocation-url 'Revocation endpoint (overrides discovery)'
            cand --device-authorization-url 'Device authorization endpoint (overrides discovery)'
            cand --client-id 'The client_id'
            cand --client-secret-file 'Client secret file. Or OAUTHCTL_CLIENT_SECRET, or a prompt on a terminal'
            cand --auth-method 'How the client authenticates (default: client_secret_basic with a secret, else none)'
            cand --client-key 'Private key that signs private_key_jwt assertions (e.g. from `oauthctl keygen`)'
            cand --token-type-hint 'A token_type_hint (access_token, refresh_token)'
            cand --ca-file 'Extra CA certificate (PEM) to trust for https'
            cand --http-timeout 'Timeout for each HTTP request, in seconds'
            cand --client-cert 'A TLS client certificate (PEM) for mutual TLS (RFC 8705), e.g. from `keygen --cert-subject`'
            cand --client-cert-key 'The private key of --client-cert (PEM)'
            cand --output 'Output format for data on stdout'
            cand --color 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal'
            cand --allow-insecure-http 'Allow plain http to non-loopback hosts (unsafe: tokens and secrets travel unencrypted); a warning is printed for every such request'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'oauthctl;revoke'= {
            cand --issuer 'The issuer: discovery (OIDC, then RFC 8414); its `issuer` must match exactly'
            cand --authorize-url 'Authorization endpoint (overrides discovery)'
            cand --token-url 'Token endpoint (overrides discovery)'
            cand --userinfo-url 'Userinfo endpoint (overrides discovery)'
            cand --jwks-url 'JWKS URL (overrides discovery)'
            cand --introspection-url 'Introspection endpoint (overrides discovery)'
            cand --revocation-url 'Revocation endpoint (overrides discovery)'
            cand --device-authorization-url 'Device authorization endpoint (overrides discovery)'
            cand --client-id 'The client_id'
            cand --client-secret-file 'Client secret file. Or OAUTHCTL_CLIENT_SECRET, or a prompt on a terminal'
            cand --auth-method 'How the client authenticates (default: client_secret_basic with a secret, else none)'
            cand --client-key 'Private key that signs private_key_jwt assertions (e.g. from `oauthctl keygen`)'
            cand --token-type-hint 'A token_type_hint (access_token, refresh_token)'
            cand --ca-file 'Extra CA certificate (PEM) to trust for https'
            cand --http-timeout 'Timeout for each HTTP request, in seconds'
            cand --client-cert 'A TLS client certificate (PEM) for mutual TLS (RFC 8705), e.g. from `keygen --cert-subject`'
            cand --client-cert-key 'The private key of --client-cert (PEM)'
            cand --output 'Output format for data on stdout'
            cand --color 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal'
            cand --allow-insecure-http 'Allow plain http to non-loopback hosts (unsafe: tokens and secrets travel unencrypted); a warning is printed for every such request'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'oauthctl;serve'= {
            cand --port 'Port to listen on; 0 picks a free one (printed)'
            cand --bind 'Address to listen on. Anything but loopback needs --allow-remote'
            cand --config 'TOML file with issuer, keys, users and clients (default: the demo set)'
            cand --key 'Signing key (default: one generated and kept in the state directory)'
            cand --state-dir 'Where the generated key and demo secrets are kept (default: $XDG_STATE_HOME/oauthctl/serve)'
            cand --issuer 'Issuer URL to announce (default: http://<address>:<port>, https with TLS)'
            cand --tls-cert 'Serve over TLS with this PEM certificate chain (implies --tls)'
            cand --tls-key 'The PEM private key of --tls-cert'
            cand --output 'Output format for data on stdout'
            cand --color 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal'
            cand --allow-remote 'Allow listening on a non-loopback address'
            cand --ephemeral 'Keep the generated key and demo secrets only for this run'
            cand --auto-approve 'Approve every authorization request without a consent page (for CI)'
            cand --tls 'Serve over TLS with a self-signed certificate for localhost, 127.0.0.1 and ::1, made once and kept in the state directory (its path is printed: clients trust it with --ca-file)'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'oauthctl;audit'= {
            cand --issuer 'The issuer to audit (its metadata is fetched from there)'
            cand --profile 'A named profile from the profiles file, as for flow (flags given here override it)'
            cand --profiles-file 'The profiles file (default: $XDG_CONFIG_HOME/oauthctl/profiles.toml)'
            cand --client-id 'The client_id'
            cand --client-secret-file 'Client secret file. Or OAUTHCTL_CLIENT_SECRET, or a prompt on a terminal'
            cand --auth-method 'How the client authenticates (default: client_secret_basic with a secret, else none)'
            cand --client-key 'Private key that signs private_key_jwt assertions (e.g. from `oauthctl keygen`)'
            cand --login 'The user''s part: `auto` (headless; the only driver an unattended audit can use)'
            cand --username 'The test user''s name, for the headless login'
            cand --password-file 'The test user''s password file (first line). Or OAUTHCTL_PASSWORD'
            cand --form-field 'A login form field NAME=VALUE. Repeatable'
            cand --scope 'The scope the audit''s client asks for'
            cand --param 'An extra authorization request parameter NAME=VALUE (prompt=consent, for servers that issue refresh tokens only after consent). Repeatable'
            cand --redirect-uri 'A redirect URI registered for the client (the audit never listens on it: it reads the server''s redirect)'
            cand --second-client-id 'A second confidential client, for the cross-client checks'
            cand --second-client-secret-file 'The second client''s secret file'
            cand --public-client-id 'A public client (no secret), for the PKCE-required checks'
            cand --checks 'Run only these checks: ids or areas, comma-separated or repeated'
            cand --skip-checks 'Leave out these checks: ids or areas'
            cand --fail-on 'The lowest severity whose failures make the exit code 1'
            cand --budget 'The most requests the audit may send in all'
            cand --pause-ms 'A pause between requests, in milliseconds'
            cand --ca-file 'Extra CA certificate (PEM) to trust for https'
            cand --http-timeout 'Timeout for each HTTP request, in seconds'
            cand --client-cert 'A TLS client certificate (PEM) for mutual TLS (RFC 8705), e.g. from `keygen --cert-subject`'
            cand --client-cert-key 'The private key of --client-cert (PEM)'
            cand --output 'Output format for data on stdout'
            cand --color 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal'
            cand --fapi2 'Also run the FAPI 2.0 group (area fapi2): the server''s metadata offers the profile, and the audited client (one held to it) is refused what the profile forbids'
            cand --list-checks 'List the checks (id, area, severity, rule, source) and exit'
            cand --allow-insecure-http 'Allow plain http to non-loopback hosts (unsafe: tokens and secrets travel unencrypted); a warning is printed for every such request'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'oauthctl;completions'= {
            cand --output 'Output format for data on stdout'
            cand --color 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'oauthctl;generate-docs'= {
            cand --dir 'Project root to write completions/ and man/ into'
            cand --output 'Output format for data on stdout'
            cand --color 'When to colour stderr; `auto` honours NO_COLOR and checks for a terminal'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'oauthctl;help'= {
            cand keygen 'Generate a signing key pair as private PEM, public PEM, public JWK and JWKS'
            cand key 'Inspect, convert and thumbprint keys; maintain JWKS files'
            cand token 'Mint, decode and strictly verify JWTs'
            cand flow 'Drive a whole OAuth flow against a live server as a test client, step by step'
            cand discover 'Fetch an issuer''s metadata and point out what is missing or inconsistent'
            cand userinfo 'Call the userinfo endpoint with an access token you have'
            cand introspect 'Ask the introspection endpoint (RFC 7662) about a token you have'
            cand revoke 'Revoke a token you have (RFC 7009)'
            cand serve 'Run a local OAuth 2.0 / OpenID Connect authorization server for development'
            cand audit 'Prove that an authorization server refuses what it must: each check tied to its RFC rule'
            cand completions 'Print a shell completion script'
            cand generate-docs 'Regenerate completions/ and man/ from this command line definition'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'oauthctl;help;keygen'= {
        }
        &'oauthctl;help;key'= {
            cand inspect 'Show what a key file holds: type, size, public or private, kid, fingerprint'
            cand convert 'Convert a key between PEM, DER, JWK and JWKS'
            cand thumbprint 'Print the RFC 7638 JWK thumbprint'
            cand jwks 'List, add to and remove from a JWKS file (key rotation)'
        }
        &'oauthctl;help;key;inspect'= {
        }
        &'oauthctl;help;key;convert'= {
        }
        &'oauthctl;help;key;thumbprint'= {
        }
        &'oauthctl;help;key;jwks'= {
            cand list 'List the keys of a JWKS'
            cand add 'Add the public half of a key to a JWKS file (created if missing)'
            cand remove 'Remove a key from a JWKS file by kid'
        }
        &'oauthctl;help;key;jwks;list'= {
        }
        &'oauthctl;help;key;jwks;add'= {
        }
        &'oauthctl;help;key;jwks;remove'= {
        }
        &'oauthctl;help;token'= {
            cand mint 'Sign a JWT from flags and/or a JSON claims object'
            cand decode 'Show a token''s header and claims without verifying it (labelled UNVERIFIED)'
            cand verify 'Verify a token strictly: signature with a key you choose, then its claims'
            cand dpop-proof 'Make a DPoP proof (RFC 9449) for one request, for its `DPoP` header'
        }
        &'oauthctl;help;token;mint'= {
        }
        &'oauthctl;help;token;decode'= {
        }
        &'oauthctl;help;token;verify'= {
        }
        &'oauthctl;help;token;dpop-proof'= {
        }
        &'oauthctl;help;flow'= {
        }
        &'oauthctl;help;discover'= {
        }
        &'oauthctl;help;userinfo'= {
        }
        &'oauthctl;help;introspect'= {
        }
        &'oauthctl;help;revoke'= {
        }
        &'oauthctl;help;serve'= {
        }
        &'oauthctl;help;audit'= {
        }
        &'oauthctl;help;completions'= {
        }
        &'oauthctl;help;generate-docs'= {
        }
        &'oauthctl;help;help'= {
        }
    ]
    $completions[$command]
}
