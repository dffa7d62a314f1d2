//! Just enough HTML reading for the headless login driver: the page title and its forms,
//! with their fields and submit buttons. Tolerant of markup it does not understand.

#[derive(Debug, Clone, Default)]
pub struct Form {
    pub action: Option<String>,
    pub method: String,
    /// (name, value, type) of inputs, in document order.
    pub inputs: Vec<(String, String, String)>,
    /// (name, value, label) of submit buttons.
    pub buttons: Vec<(Option<String>, Option<String>, String)>,
}

impl Form {
    pub fn has_password(&self) -> bool {
        self.inputs.iter().any(|(_, _, t)| t == "password")
    }
}

fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let bytes = tag.as_bytes();
    let mut i = tag.find(|c: char| c.is_whitespace()).unwrap_or(tag.len());
    while i < bytes.len() {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        let start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && bytes[i] != b'='
            && bytes[i] != b'>'
        {
            i += 1;
        }
        if start == i {
            i += 1;
            continue;
        }
        let name = tag[start..i].to_ascii_lowercase();
        let mut value = String::new();
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let quote = bytes[i];
                let vstart = i + 1;
                i = vstart;
                while i < bytes.len() && bytes[i] != quote {
                    i += 1;
                }
                value = tag[vstart..i.min(tag.len())].to_string();
                i += 1;
            } else {
                let vstart = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                value = tag[vstart..i].to_string();
            }
        }
        out.push((name, unescape(&value)));
    }
    out
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Tags in order: (lowercase tag name with a leading `/` for end tags, raw tag text, the
/// text up to the next tag).
fn tags(html: &str) -> Vec<(String, &str, &str)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('>') else { break };
        let raw = &after[..close];
        let name: String = raw
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '/' || *c == '!')
            .collect::<String>()
            .to_ascii_lowercase();
        rest = &after[close + 1..];
        let text = &rest[..rest.find('<').unwrap_or(rest.len())];
        out.push((name, raw, text));
    }
    out
}

pub fn title(html: &str) -> Option<String> {
    tags(html)
        .into_iter()
        .find(|(name, _, _)| name == "title")
        .map(|(_, _, text)| unescape(text.trim()))
}

pub fn forms(html: &str) -> Vec<Form> {
    let mut forms = Vec::new();
    let mut current: Option<Form> = None;
    for (name, raw, text) in tags(html) {
        match name.as_str() {
            "form" => {
                let a = attributes(raw);
                current = Some(Form {
                    action: attr(&a, "action").map(str::to_owned),
                    method: attr(&a, "method").unwrap_or("get").to_ascii_lowercase(),
                    ..Form::default()
                });
            }
            "/form" => forms.extend(current.take()),
            "input" => {
                if let Some(form) = current.as_mut() {
                    let a = attributes(raw);
                    let kind = attr(&a, "type").unwrap_or("text").to_ascii_lowercase();
                    let field = attr(&a, "name").map(str::to_owned);
                    let value = attr(&a, "value").map(str::to_owned);
                    if kind == "submit" || kind == "image" {
                        let label = value.clone().unwrap_or_default();
                        form.buttons.push((field, value, label));
                    } else if let Some(field) = field {
                        form.inputs.push((field, value.unwrap_or_default(), kind));
                    }
                }
            }
            "button" => {
                let a = attributes(raw);
                let kind = attr(&a, "type").unwrap_or("submit").to_ascii_lowercase();
                if let (true, Some(form)) = (kind == "submit", current.as_mut()) {
                    let name = attr(&a, "name").map(str::to_owned);
                    let value = attr(&a, "value").map(str::to_owned);
                    form.buttons.push((name, value, unescape(text.trim())));
                }
            }
            _ => {}
        }
    }
    forms.extend(current.take());
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_forms_fields_and_buttons() {
        let html = r#"<html><head><title>Sign in</title></head><body>
            <form method="post" action="/login"><input type="hidden" name="request_id" value="a&amp;b">
            <input id=u name=username><input name="password" type="password">
            <button type="submit">Sign in</button></form>
            <form method=POST action="/consent"><button name="decision" value="approve">Allow</button>
            <button name="decision" value="deny">Deny</button></form></body></html>"#;
        assert_eq!(title(html).as_deref(), Some("Sign in"));
        let forms = forms(html);
        assert_eq!(forms.len(), 2);
        assert!(forms[0].has_password());
        assert_eq!(
            forms[0].inputs[0],
            ("request_id".into(), "a&b".into(), "hidden".into())
        );
        assert_eq!(forms[1].method, "post");
        assert_eq!(
            forms[1].buttons[1],
            (Some("decision".into()), Some("deny".into()), "Deny".into())
        );
    }
}
