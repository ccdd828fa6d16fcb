//! Another extension changed the credentials: `extension-modified`.
//!
//! **What it finds.** The browser extension compared this request's Authorization,
//! Proxy-Authorization and Cookie headers as the page's request carried them
//! (`onBeforeSendHeaders`) with what left the browser (`onSendHeaders`), and another extension
//! removed or changed one of them in between (an added one is only a hint: the page did not
//! ask for it, but it may still be right).
//!
//! **Why it causes a 401.** The server judges what arrived, not what the page sent: a header
//! modifier left on (ModHeader, Requestly), a privacy tool that strips cookies or
//! Authorization, or a stale rule rewriting the token makes a good request fail.
//!
//! **Example.** The page fetches `/api/me` with `Authorization: Bearer eyJ…`; a
//! declarativeNetRequest rule of another extension removes the header; the API answers 401
//! `Bearer` without an error code.
//!
//! **Fix.** Users: turn off (or fix the rules of) the extension that rewrites headers for this
//! site, then retry. Developers: nothing on the site is wrong; tell the user.

use crate::cause::{Cause, CauseId};
use crate::facts::Facts;
use crate::model::Ctx;

pub fn check(facts: &Facts, _ctx: &Ctx, out: &mut Vec<Cause>) {
    if facts.tampered.is_empty() {
        return;
    }
    let harmful = facts.tampered.iter().any(|c| c.change != "added");
    let names: Vec<String> = facts
        .tampered
        .iter()
        .map(|c| format!("{} {}", header_label(&c.name), c.change))
        .collect();
    let mut c = Cause::new(
        CauseId::ExtensionModified,
        if harmful { 0.95 } else { 0.35 },
        format!("Another browser extension changed this request's credentials: {}", names.join(", ")),
    )
    .explain("The request the page made carried different credentials from the request that left the browser: another extension installed in this browser (a header modifier left on, a privacy or cookie tool) changed them in between, so the server judged credentials the page never sent.")
    .fix_user("Turn off the other extension for this site (or remove its rule that rewrites headers), then reload the page.")
    .fix_dev("Nothing on the site needs fixing: the user's browser rewrote the request. Ask them to retry without header-modifying extensions.");
    for t in &facts.tampered {
        let what = match t.change.as_str() {
            "removed" => "the page's request carried it; the request sent had none".to_string(),
            "added" => "the page's request had none; the request sent carried one".to_string(),
            // The fingerprints stay out of what is shown: equal or not is all that matters.
            _ => "the value sent differs from the page's".to_string(),
        };
        c = c.evidence(format!("{} {}: {what}", header_label(&t.name), t.change));
    }
    out.push(c);
}

fn header_label(name: &str) -> &'static str {
    match name {
        "authorization" => "Authorization",
        "proxy-authorization" => "Proxy-Authorization",
        _ => "Cookie",
    }
}

#[cfg(test)]
mod tests {
    use crate::cause::CauseId::*;
    use crate::rules::testkit::*;

    const CASES: &[Case] = &[
        Case {
            name: "Authorization removed by another extension",
            text: "GET https://api.example.com/me\n@type fetch\n@changed authorization removed\n\n401\nWWW-Authenticate: Bearer\n",
            first: Some(ExtensionModified),
            present: &[NoCredentials],
            absent: &[],
        },
        Case {
            name: "Authorization rewritten to a placeholder",
            text: "GET https://api.example.com/me\n@changed authorization changed\nAuthorization: Bearer undefined\n\n401\nWWW-Authenticate: Bearer error=\"invalid_token\"\n",
            first: Some(ExtensionModified),
            present: &[AuthorizationMalformed],
            absent: &[],
        },
        Case {
            name: "Cookie removed though the jar has the session",
            text: "GET https://example.com/account\n@changed cookie removed\n@jar sid=abc123; domain=example.com; path=/; hostonly\n\n401\n",
            first: Some(ExtensionModified),
            present: &[],
            absent: &[],
        },
        Case {
            name: "a header added by another extension is a hint, not the top cause",
            text: "GET https://api.example.com/me\n@changed authorization added\nAuthorization: Bearer $JWT{\"exp\":$T-1h}\n\n401\nWWW-Authenticate: Bearer error=\"invalid_token\"\n",
            first: Some(TokenExpired),
            present: &[ExtensionModified],
            absent: &[],
        },
        Case {
            name: "an unknown header or change kind is ignored",
            text: "GET https://api.example.com/me\n@changed x-api-key removed\n@changed authorization swapped\nAuthorization: Bearer $JWT{\"exp\":$T-1h}\n\n401\nWWW-Authenticate: Bearer error=\"invalid_token\"\n",
            first: Some(TokenExpired),
            present: &[],
            absent: &[ExtensionModified],
        },
        Case {
            name: "no change recorded: no extension-modified",
            text: "GET https://api.example.com/me\n\n401\nWWW-Authenticate: Bearer\n",
            first: Some(NoCredentials),
            present: &[],
            absent: &[ExtensionModified],
        },
    ];

    #[test]
    fn cases() {
        run_cases(CASES);
    }
}
