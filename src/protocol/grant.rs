//! Grant types (RFC 6749 section 4, RFC 8628) and client authentication methods
//! (RFC 6749 section 2.3, RFC 7523 section 2.2, OpenID Connect Core section 9), with the
//! names the metadata and the token endpoint use.

/// A grant type as named by `grant_type` at the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GrantType {
    AuthorizationCode,
    RefreshToken,
    ClientCredentials,
    Password,
    DeviceCode,
    TokenExchange,
    /// RFC 7523 section 2.1: a JWT from a trusted issuer as the grant.
    JwtBearer,
}

impl GrantType {
    pub const DEVICE_CODE_URN: &'static str = "urn:ietf:params:oauth:grant-type:device_code";
    pub const TOKEN_EXCHANGE_URN: &'static str = "urn:ietf:params:oauth:grant-type:token-exchange";
    pub const JWT_BEARER_URN: &'static str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    pub const ALL: [GrantType; 7] = [
        GrantType::AuthorizationCode,
        GrantType::RefreshToken,
        GrantType::ClientCredentials,
        GrantType::Password,
        GrantType::DeviceCode,
        GrantType::TokenExchange,
        GrantType::JwtBearer,
    ];

    pub fn parse(name: &str) -> Option<GrantType> {
        GrantType::ALL.into_iter().find(|g| g.name() == name)
    }

    /// The wire name: `grant_type` values and `grant_types_supported` entries.
    pub fn name(self) -> &'static str {
        match self {
            GrantType::AuthorizationCode => "authorization_code",
            GrantType::RefreshToken => "refresh_token",
            GrantType::ClientCredentials => "client_credentials",
            GrantType::Password => "password",
            GrantType::DeviceCode => Self::DEVICE_CODE_URN,
            GrantType::TokenExchange => Self::TOKEN_EXCHANGE_URN,
            GrantType::JwtBearer => Self::JWT_BEARER_URN,
        }
    }
}

/// Serialised by its wire name (`"authorization_code"`, the device-code URN, ...).
impl serde::Serialize for GrantType {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for GrantType {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        GrantType::parse(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown grant type `{name}`")))
    }
}

/// How a client authenticates at the token, introspection and revocation endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientAuthMethod {
    ClientSecretBasic,
    ClientSecretPost,
    PrivateKeyJwt,
    /// RFC 7523 with an HMAC of the client secret (OpenID Connect Core 9).
    ClientSecretJwt,
    /// RFC 8705 section 2.1: a client certificate with the registered subject DN.
    TlsClientAuth,
    /// RFC 8705 section 2.2: a self-signed client certificate whose key is registered.
    SelfSignedTlsClientAuth,
    None,
}

impl ClientAuthMethod {
    pub const ALL: [ClientAuthMethod; 7] = [
        ClientAuthMethod::ClientSecretBasic,
        ClientAuthMethod::ClientSecretPost,
        ClientAuthMethod::PrivateKeyJwt,
        ClientAuthMethod::ClientSecretJwt,
        ClientAuthMethod::TlsClientAuth,
        ClientAuthMethod::SelfSignedTlsClientAuth,
        ClientAuthMethod::None,
    ];

    /// Mutual TLS (RFC 8705): the client proves itself with its TLS certificate.
    pub fn is_mtls(self) -> bool {
        matches!(
            self,
            ClientAuthMethod::TlsClientAuth | ClientAuthMethod::SelfSignedTlsClientAuth
        )
    }

    pub fn parse(name: &str) -> Option<ClientAuthMethod> {
        ClientAuthMethod::ALL.into_iter().find(|m| m.name() == name)
    }

    /// The registered name (`token_endpoint_auth_method`).
    pub fn name(self) -> &'static str {
        match self {
            ClientAuthMethod::ClientSecretBasic => "client_secret_basic",
            ClientAuthMethod::ClientSecretPost => "client_secret_post",
            ClientAuthMethod::PrivateKeyJwt => "private_key_jwt",
            ClientAuthMethod::ClientSecretJwt => "client_secret_jwt",
            ClientAuthMethod::TlsClientAuth => "tls_client_auth",
            ClientAuthMethod::SelfSignedTlsClientAuth => "self_signed_tls_client_auth",
            ClientAuthMethod::None => "none",
        }
    }
}

/// RFC 7523 section 2.2: the one `client_assertion_type` for JWT client authentication.
pub const JWT_BEARER_ASSERTION: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for g in GrantType::ALL {
            assert_eq!(GrantType::parse(g.name()), Some(g));
            let json = serde_json::to_string(&g).unwrap();
            assert_eq!(serde_json::from_str::<GrantType>(&json).unwrap(), g);
        }
        assert!(serde_json::from_str::<GrantType>("\"implicit\"").is_err());
        for m in ClientAuthMethod::ALL {
            assert_eq!(ClientAuthMethod::parse(m.name()), Some(m));
            let json = serde_json::to_string(&m).unwrap();
            assert_eq!(json, format!("\"{}\"", m.name()));
        }
        assert_eq!(GrantType::parse("implicit"), None);
    }
}
