//! The authorization request's vocabulary beyond grants: how the response travels back
//! (OAuth 2.0 Multiple Response Type Encoding Practices, Form Post Response Mode) and the
//! `prompt` values of OpenID Connect Core 3.1.2.1.

/// How an authorization response reaches the redirect URI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseMode {
    Query,
    Fragment,
    FormPost,
    /// JARM: the response's parameters in one signed JWT, `response`, sent in the query.
    QueryJwt,
    FragmentJwt,
    FormPostJwt,
    /// JARM's default: `query.jwt` for a code, `fragment.jwt` for a token (resolved when
    /// the request is checked).
    Jwt,
}

impl ResponseMode {
    pub const ALL: [ResponseMode; 7] = [
        ResponseMode::Query,
        ResponseMode::Fragment,
        ResponseMode::FormPost,
        ResponseMode::QueryJwt,
        ResponseMode::FragmentJwt,
        ResponseMode::FormPostJwt,
        ResponseMode::Jwt,
    ];

    /// How the response travels: query, fragment or form post.
    pub fn transport(self) -> ResponseMode {
        match self {
            ResponseMode::QueryJwt | ResponseMode::Jwt => ResponseMode::Query,
            ResponseMode::FragmentJwt => ResponseMode::Fragment,
            ResponseMode::FormPostJwt => ResponseMode::FormPost,
            plain => plain,
        }
    }

    /// A JWT-secured mode (JARM).
    pub fn is_jwt(self) -> bool {
        self.transport() != self || self == ResponseMode::Jwt
    }

    /// `jwt` made concrete for a response whose plain default is `default`.
    pub fn resolved(self, default: ResponseMode) -> ResponseMode {
        match (self, default) {
            (ResponseMode::Jwt, ResponseMode::Fragment) => ResponseMode::FragmentJwt,
            (ResponseMode::Jwt, _) => ResponseMode::QueryJwt,
            (mode, _) => mode,
        }
    }

    pub fn parse(name: &str) -> Option<ResponseMode> {
        ResponseMode::ALL.into_iter().find(|m| m.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            ResponseMode::Query => "query",
            ResponseMode::Fragment => "fragment",
            ResponseMode::FormPost => "form_post",
            ResponseMode::QueryJwt => "query.jwt",
            ResponseMode::FragmentJwt => "fragment.jwt",
            ResponseMode::FormPostJwt => "form_post.jwt",
            ResponseMode::Jwt => "jwt",
        }
    }

    /// The mode a response type uses when the request names none: tokens never travel
    /// in a query (Multiple Response Types section 2.1).
    pub fn default_for(response_type: &str) -> ResponseMode {
        if response_type
            .split(' ')
            .any(|t| t == "token" || t == "id_token")
        {
            ResponseMode::Fragment
        } else {
            ResponseMode::Query
        }
    }
}

/// The `prompt` parameter: a space-separated set in which `none` stands alone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prompt {
    pub none: bool,
    pub login: bool,
    pub consent: bool,
    /// Choosing an account means signing in again: there is no account chooser.
    pub select_account: bool,
}

impl Prompt {
    pub const VALUES: [&'static str; 4] = ["none", "login", "consent", "select_account"];

    /// Parse a `prompt` value; the error says what is wrong with it.
    pub fn parse(text: &str) -> Result<Prompt, String> {
        let mut prompt = Prompt::default();
        for value in text.split(' ').filter(|v| !v.is_empty()) {
            let flag = match value {
                "none" => &mut prompt.none,
                "login" => &mut prompt.login,
                "consent" => &mut prompt.consent,
                "select_account" => &mut prompt.select_account,
                other => {
                    return Err(format!(
                        "prompt value `{other}` is not supported (supported: {})",
                        Prompt::VALUES.join(", ")
                    ))
                }
            };
            *flag = true;
        }
        if prompt.none && (prompt.login || prompt.consent || prompt.select_account) {
            return Err("prompt=none cannot be combined with other values".into());
        }
        Ok(prompt)
    }

    /// Whether the user must sign in again even with a live session.
    pub fn forces_login(self) -> bool {
        self.login || self.select_account
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompt_is_a_set_in_which_none_stands_alone() {
        let both = Prompt::parse("login consent").unwrap();
        assert!(both.login && both.consent && !both.none);
        assert!(Prompt::parse("select_account").unwrap().forces_login());
        assert!(!Prompt::parse("consent").unwrap().forces_login());
        assert_eq!(Prompt::parse("").unwrap(), Prompt::default());
        let none_and_login = Prompt::parse("none login").unwrap_err();
        assert!(
            none_and_login.contains("cannot be combined"),
            "{none_and_login}"
        );
        let unknown = Prompt::parse("login bogus").unwrap_err();
        assert!(unknown.contains("`bogus`"), "{unknown}");
    }

    #[test]
    fn response_modes_default_by_response_type() {
        assert_eq!(ResponseMode::default_for("code"), ResponseMode::Query);
        assert_eq!(ResponseMode::default_for("token"), ResponseMode::Fragment);
        assert_eq!(
            ResponseMode::parse("form_post"),
            Some(ResponseMode::FormPost)
        );
        assert_eq!(ResponseMode::parse("jwt"), Some(ResponseMode::Jwt));
        assert_eq!(
            ResponseMode::Jwt.resolved(ResponseMode::Fragment),
            ResponseMode::FragmentJwt
        );
        assert_eq!(
            ResponseMode::Jwt.resolved(ResponseMode::Query),
            ResponseMode::QueryJwt
        );
        assert!(ResponseMode::FormPostJwt.is_jwt() && !ResponseMode::FormPost.is_jwt());
        assert_eq!(ResponseMode::parse("query.jwt.x"), None);
    }
}
