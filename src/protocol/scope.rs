//! Scopes (RFC 6749 section 3.3): a space-delimited list of tokens.

/// The scope tokens of a `scope` parameter, in order, empty tokens dropped.
pub fn parse(text: &str) -> Vec<String> {
    text.split(' ')
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// The `scope` parameter for a list of tokens.
pub fn join(scope: &[String]) -> String {
    scope.join(" ")
}

pub fn contains(scope: &[String], token: &str) -> bool {
    scope.iter().any(|s| s == token)
}

#[cfg(test)]
mod tests {
    #[test]
    fn parse_drops_empty_tokens() {
        assert_eq!(super::parse(" openid  read "), vec!["openid", "read"]);
        assert!(super::parse("").is_empty());
    }
}
