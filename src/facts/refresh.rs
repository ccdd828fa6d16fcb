//! Token refreshes earlier in the capture: POSTs with `grant_type=refresh_token` (form or
//! JSON body; or, from the extension, entries it marked as refreshes with a fingerprint of
//! the refresh token, `Entry::refresh`), grouped by the refresh token they used (kept as a
//! fingerprint, never the token), with their outcome.

use super::*;

/// Refreshes further back than this before the failure are not part of its story.
const WINDOW_MS: f64 = 10.0 * 60.0 * 1000.0;
/// Refreshes kept per capture position.
const MAX_REFRESHES: usize = 64;

/// One refresh call.
#[derive(Clone, Debug, PartialEq)]
pub struct Refresh {
    pub pos: usize,
    pub url: String,
    pub started_ms: Option<f64>,
    pub status: i64,
    /// The response said `invalid_grant`, or the status was 400/401.
    pub refused: bool,
    /// `invalid_grant` in the response body.
    pub invalid_grant: bool,
}

/// Refreshes that used one refresh token.
#[derive(Clone, Debug, PartialEq)]
pub struct RefreshGroup {
    /// The refresh token's length (the token itself is not kept).
    pub token_len: usize,
    pub calls: Vec<Refresh>,
}

/// The refresh token of a token-endpoint body, when the body is a refresh.
pub fn refresh_token_of(body: &str) -> Option<&str> {
    let b = body.trim();
    if b.starts_with('{') {
        // JSON: a flat scan is enough for `"grant_type":"refresh_token"` bodies.
        let v: serde_json::Value = serde_json::from_str(b).ok()?;
        if v.get("grant_type")?.as_str()? != "refresh_token" {
            return None;
        }
        let t = v.get("refresh_token")?.as_str()?;
        // Find it in the body to return a borrowed slice.
        let i = b.find(t)?;
        return b.get(i..i + t.len());
    }
    let mut grant = false;
    let mut token = None;
    for pair in b.split('&').take(64) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        match k {
            "grant_type" => grant = v == "refresh_token",
            "refresh_token" if !v.is_empty() => token = Some(v),
            _ => {}
        }
    }
    if grant {
        token
    } else {
        None
    }
}

/// Groups the refreshes before `pos` (within [`WINDOW_MS`] of it) by refresh token. Reads
/// only the refresh calls the history indexed (linear in those, not in the capture).
pub(crate) fn refresh_groups(hist: &History<'_>, pos: usize) -> Vec<RefreshGroup> {
    let capture = hist.capture;
    let end_ms = capture.entries.get(pos).and_then(|e| e.started_ms);
    let mut groups: Vec<(String, RefreshGroup)> = Vec::new();
    let mut n = 0usize;
    let before = hist.refresh_posts.partition_point(|&p| p < pos);
    for &i in hist.refresh_posts.get(..before).unwrap_or(&[]) {
        let Some(e) = capture.entries.get(i) else {
            continue;
        };
        // The extension's mark (a fingerprint), else the body (a HAR's).
        let (key, token_len) = match &e.refresh {
            Some(r) if !r.token_print.is_empty() => {
                (format!("print:{}", cut(&r.token_print, 64)), r.token_len)
            }
            _ => {
                let Some(token) = e.request_body.as_deref().and_then(refresh_token_of) else {
                    continue;
                };
                (
                    crate::mask::placeholder(crate::mask::Kind::Token, token),
                    token.len(),
                )
            }
        };
        if let (Some(a), Some(b)) = (e.started_ms, end_ms) {
            if b - a > WINDOW_MS {
                continue;
            }
        }
        n += 1;
        if n > MAX_REFRESHES {
            break;
        }
        let body = e.response_body.as_deref().unwrap_or("");
        let invalid_grant = body.contains("invalid_grant");
        let call = Refresh {
            pos: i,
            url: cut(&e.url, 300).to_string(),
            started_ms: e.started_ms,
            status: e.status,
            refused: invalid_grant || e.status == 400 || e.status == 401,
            invalid_grant,
        };
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, g)) => g.calls.push(call),
            None => groups.push((
                key,
                RefreshGroup {
                    token_len,
                    calls: vec![call],
                },
            )),
        }
    }
    groups.into_iter().map(|(_, g)| g).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn bodies() {
        let cases: &[(&str, Option<&str>)] = &[
            ("grant_type=refresh_token&refresh_token=abc", Some("abc")),
            (
                "refresh_token=abc&grant_type=refresh_token&client_id=x",
                Some("abc"),
            ),
            ("grant_type=authorization_code&code=abc", None),
            (
                "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"r1\"}",
                Some("r1"),
            ),
            ("{\"grant_type\":\"password\"}", None),
            ("grant_type=refresh_token", None),
            ("", None),
        ];
        for (b, want) in cases {
            assert_eq!(refresh_token_of(b), *want, "{b}");
        }
    }

    /// The extension's refreshes carry a fingerprint, not a body: grouped by it, with the
    /// token's real length.
    #[test]
    fn extension_marks() {
        let mark = |print: &str, at: f64, status: i64| Entry {
            method: "POST".into(),
            url: "https://idp.example.com/token".into(),
            started_ms: Some(at),
            status,
            request_headers_unseen: true,
            refresh: Some(crate::model::RefreshSeen {
                token_print: print.into(),
                token_len: 43,
            }),
            ..Entry::default()
        };
        let cap = Capture {
            entries: vec![
                mark("0a1b2c3d4e5f60", 1000.0, 200),
                mark("0a1b2c3d4e5f60", 1200.0, 400),
                mark("ffffffffffffff", 1300.0, 200),
                // Marked without a fingerprint: not a refresh.
                mark("", 1400.0, 400),
                Entry {
                    method: "GET".into(),
                    url: "https://api.example.com/me".into(),
                    started_ms: Some(2000.0),
                    status: 401,
                    ..Entry::default()
                },
            ],
            ..Capture::default()
        };
        let hist = History::new(&cap, &crate::model::Ctx::at(0.0));
        let g = refresh_groups(&hist, 4);
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].token_len, 43);
        assert_eq!(
            g[0].calls
                .iter()
                .map(|c| (c.pos, c.refused))
                .collect::<Vec<_>>(),
            [(0, false), (1, true)]
        );
        assert_eq!(g[1].calls.len(), 1);
    }

    proptest! {
        #[test]
        fn prop_never_panics(b in "\\PC{0,200}") {
            let _ = refresh_token_of(&b);
        }
    }
}
