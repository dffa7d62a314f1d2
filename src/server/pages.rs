//! The server's HTML pages: plain forms that work without JavaScript, with every
//! interpolated value escaped.

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}}\
         label{{display:block;margin:.8rem 0 .2rem}}input{{width:100%;padding:.4rem;font-size:1rem}}\
         button{{margin:1rem .5rem 0 0;padding:.5rem 1.2rem;font-size:1rem}}.error{{color:#a00}}</style>\
         </head><body><main><h1>{}</h1>\n{body}\n</main></body></html>\n",
        escape(title),
        escape(title)
    )
}

/// The sign-in form; `username` prefills its first field (a `login_hint`, or what was
/// typed before a failed attempt).
pub fn login(
    base: &str,
    client_name: &str,
    request_id: &str,
    username: Option<&str>,
    error: Option<&str>,
) -> String {
    let error = error
        .map(|e| format!("<p class=\"error\" role=\"alert\">{}</p>", escape(e)))
        .unwrap_or_default();
    page(
        "Sign in",
        &format!(
            "<p>to continue to <strong>{}</strong></p>{error}\
             <form method=\"post\" action=\"{}/login\">\
             <input type=\"hidden\" name=\"request_id\" value=\"{}\">\
             <label for=\"username\">Username</label>\
             <input id=\"username\" name=\"username\" value=\"{}\" autocomplete=\"username\" required autofocus>\
             <label for=\"password\">Password</label>\
             <input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>\
             <button type=\"submit\">Sign in</button></form>",
            escape(client_name),
            escape(base),
            escape(request_id),
            escape(username.unwrap_or_default())
        ),
    )
}

/// The Form Post Response Mode's page: the response as hidden fields, posted to the
/// redirect URI by script, or by a button where scripts do not run.
pub fn form_post(action: &str, params: &[(&str, &str)]) -> String {
    let fields: String = params
        .iter()
        .map(|(name, value)| {
            format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                escape(name),
                escape(value)
            )
        })
        .collect();
    page(
        "Returning to the application",
        &format!(
            "<form method=\"post\" action=\"{}\">{fields}\
             <noscript><button type=\"submit\">Continue</button></noscript></form>\
             <script>document.forms[0].submit()</script>",
            escape(action)
        ),
    )
}

pub fn consent(
    base: &str,
    client_name: &str,
    username: &str,
    asks: &[String],
    request_id: &str,
    csrf: &str,
) -> String {
    let items: String = asks
        .iter()
        .map(|s| format!("<li>{}</li>", escape(s)))
        .collect();
    page(
        "Allow access?",
        &format!(
            "<p><strong>{}</strong> asks to access your account <strong>{}</strong> with:</p>\
             <ul>{items}</ul>\
             <form method=\"post\" action=\"{}/consent\">\
             <input type=\"hidden\" name=\"request_id\" value=\"{}\">\
             <input type=\"hidden\" name=\"csrf\" value=\"{}\">\
             <button type=\"submit\" name=\"decision\" value=\"approve\">Allow</button>\
             <button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button></form>",
            escape(client_name),
            escape(username),
            escape(base),
            escape(request_id),
            escape(csrf)
        ),
    )
}

pub fn error(title: &str, message: &str) -> String {
    page(
        title,
        &format!("<p class=\"error\" role=\"alert\">{}</p>", escape(message)),
    )
}

pub fn device(base: &str, message: Option<&str>, user_code: &str) -> String {
    let message = message
        .map(|m| format!("<p role=\"status\">{}</p>", escape(m)))
        .unwrap_or_default();
    page(
        "Connect a device",
        &format!(
            "{message}<form method=\"post\" action=\"{}/device\">\
             <label for=\"user_code\">Code shown on the device</label>\
             <input id=\"user_code\" name=\"user_code\" value=\"{}\" autocomplete=\"off\" required>\
             <label for=\"username\">Username</label>\
             <input id=\"username\" name=\"username\" autocomplete=\"username\" required>\
             <label for=\"password\">Password</label>\
             <input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>\
             <button type=\"submit\" name=\"decision\" value=\"approve\">Allow</button>\
             <button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button></form>",
            escape(base),
            escape(user_code)
        ),
    )
}
