//! The DevTools panel's timeline: a capture's auth-relevant exchanges in order
//! ([`classify`]), each 401/407 with its diagnosis, each request with what changed since
//! the previous request to the same API ([`diff`]), redirects with whether the next hop
//! carried or dropped the credentials; and the sanitized HAR of just these ([`export`]).
//!
//! Where the data comes from (decided for the panel, see README "DevTools panel"): the
//! panel reads `devtools.network` (getHAR, then onRequestFinished) only while it is open,
//! so a closed panel costs nothing; the HAR goes through the core's HAR reader
//! ([`crate::readers::har`]). Failures from before DevTools was opened come from what the
//! background already stored for the tab ([`merge_stored`]).
//!
//! Everything in a [`Timeline`] is masked as in a report ([`crate::mask`]): URLs are
//! [`MaskedUrl`]s, secrets are placeholders numbered over the whole timeline ([`number`]).

pub mod classify;
pub mod diff;
pub mod export;

use crate::facts::{path_key, resolve_location};
use crate::mask::{MaskedUrl, Numbering};
use crate::model::{Capture, Ctx, Entry};
use crate::parse::url::parse_url;
use crate::report::{Finding, Report};
use classify::{classify, Kind};
use diff::Change;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Items kept in a timeline (the newest); older ones are counted in a note.
pub const MAX_ITEMS: usize = 2_000;
/// How far back (entries) a diff looks for the previous request to the same API.
const MAX_LOOKBACK: usize = 500;

/// The panel's view of a tab's sign-in story.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Timeline {
    pub items: Vec<Item>,
    pub notes: Vec<String>,
}

/// One auth-relevant exchange.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    /// Position in the capture's entries (`log.entries` index); None for a stored finding.
    pub entry: Option<usize>,
    pub kind: Kind,
    /// `devtools` (seen by the panel) or `background` (a failure stored before DevTools
    /// was opened).
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_ms: Option<f64>,
    pub method: String,
    pub url: MaskedUrl,
    pub status: i64,
    /// For a redirect: `carried` or `dropped` (the credentials on the next hop), with the
    /// sentence shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect: Option<Redirect>,
    /// For a 401/407: its diagnosis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finding: Option<Finding>,
    /// What changed since the previous request to the same API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diff: Option<DiffView>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Redirect {
    pub credentials: String,
    pub detail: String,
}

/// The changes from an earlier request to this one.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DiffView {
    /// The earlier request's entry index, status and method.
    pub against: usize,
    pub against_status: i64,
    pub against_method: String,
    pub changes: Vec<Change>,
}

/// The timeline of `capture`, markers numbered. See [`panel_view`] to add stored findings.
pub fn build(capture: &Capture, ctx: &Ctx) -> Timeline {
    let mut t = build_unnumbered(capture, ctx);
    number(&mut t);
    t
}

/// The panel's whole view: the capture's timeline plus the stored findings it does not
/// already hold (failures from before DevTools was opened), in time order, numbered.
pub fn panel_view(capture: &Capture, stored: Option<&Report>, ctx: &Ctx) -> Timeline {
    let mut t = build_unnumbered(capture, ctx);
    if let Some(r) = stored {
        merge_stored(&mut t, r);
    }
    number(&mut t);
    t
}

/// Which entries are auth-relevant, and as what (positions in `capture.entries`, oldest
/// first; at most [`MAX_ITEMS`], the newest).
pub fn relevant(capture: &Capture) -> Vec<(usize, Kind)> {
    relevant_cut(capture).0
}

/// [`relevant`], and whether older relevant entries were left out.
fn relevant_cut(capture: &Capture) -> (Vec<(usize, Kind)>, bool) {
    let mut failing: HashSet<&str> = HashSet::new();
    let mut out = Vec::new();
    for (pos, e) in capture.entries.iter().enumerate().rev() {
        let key = path_key(&e.url);
        if let Some(k) = classify(e, failing.contains(key)) {
            out.push((pos, k));
        }
        if e.is_auth_failure() {
            failing.insert(key);
        }
        if out.len() > MAX_ITEMS {
            break;
        }
    }
    let cut = out.len() > MAX_ITEMS;
    out.truncate(MAX_ITEMS);
    out.reverse();
    (out, cut)
}

fn build_unnumbered(capture: &Capture, ctx: &Ctx) -> Timeline {
    let (chosen, cut) = relevant_cut(capture);
    let report = crate::diagnose::diagnose_unnumbered(capture, ctx);
    // "None of the N requests was answered 401": the panel's count says it already.
    let mut notes: Vec<String> = report
        .notes
        .iter()
        .filter(|n| !n.starts_with("None of the ") && *n != "The capture holds no requests.")
        .cloned()
        .collect();
    if cut {
        notes.push(format!(
            "Only the newest {MAX_ITEMS} auth-relevant requests are shown."
        ));
    }
    let mut findings: HashMap<usize, Finding> =
        report.findings.into_iter().map(|f| (f.entry, f)).collect();
    let mut last_by_api: HashMap<&str, usize> = HashMap::new();
    let mut items = Vec::with_capacity(chosen.len());
    for &(pos, kind) in &chosen {
        let e = &capture.entries[pos];
        let key = path_key(&e.url);
        // A preflight never carries credentials: not compared, and not "the previous request".
        let diff = last_by_api
            .get(key)
            .filter(|_| kind != Kind::Preflight)
            .copied()
            .filter(|&p| pos - p <= MAX_LOOKBACK)
            .and_then(|p| diff_view(&capture.entries[p], e, kind));
        if !matches!(kind, Kind::Preflight) {
            last_by_api.insert(key, pos);
        }
        let redirect = (kind == Kind::Redirect)
            .then(|| redirect_of(capture, pos))
            .flatten();
        items.push(Item {
            entry: Some(e.index),
            kind,
            source: "devtools".into(),
            started_ms: e.started_ms,
            method: e.method.clone(),
            url: MaskedUrl::new(&e.url),
            status: e.status,
            redirect,
            finding: e
                .is_auth_failure()
                .then(|| findings.remove(&e.index))
                .flatten(),
            diff,
        });
    }
    Timeline { items, notes }
}

fn diff_view(a: &Entry, b: &Entry, kind: Kind) -> Option<DiffView> {
    if a.request_headers_unseen || b.request_headers_unseen {
        return None;
    }
    let changes = diff::diff(a, b);
    // An unchanged request is worth saying only for a failure ("the same token worked").
    if changes.is_empty() && !matches!(kind, Kind::Unauthorized | Kind::ProxyAuth) {
        return None;
    }
    Some(DiffView {
        against: a.index,
        against_status: a.status,
        against_method: a.method.clone(),
        changes,
    })
}

/// Whether the hop after the redirect at `pos` carried the credentials it had.
fn redirect_of(capture: &Capture, pos: usize) -> Option<Redirect> {
    let e = &capture.entries[pos];
    let location = e
        .response_header("location")
        .or(e.redirect_url.as_deref())?;
    let target = resolve_location(&parse_url(&e.url)?, location)?;
    let next = capture
        .entries
        .iter()
        .skip(pos + 1)
        .take(MAX_LOOKBACK)
        .find(|n| path_key(&n.url) == path_key(&target))?;
    if next.request_headers_unseen {
        return None;
    }
    let had_auth = e.request_header("authorization").is_some();
    let has_auth = next.request_header("authorization").is_some();
    let had_cookie = e.request_header("cookie").is_some();
    let has_cookie = next.request_header("cookie").is_some() || next.cookie_header_unseen;
    let mut dropped = Vec::new();
    if had_auth && !has_auth {
        dropped.push("Authorization");
    }
    if had_cookie && !has_cookie {
        dropped.push("Cookie");
    }
    let to = MaskedUrl::new(&target);
    Some(if dropped.is_empty() {
        Redirect {
            credentials: "carried".into(),
            detail: format!(
                "The next request ({}) carried the credentials.",
                to.as_str()
            ),
        }
    } else {
        Redirect {
            credentials: "dropped".into(),
            detail: format!(
                "The next request ({}) went without {}; it answered {}.",
                to.as_str(),
                dropped.join(" and "),
                next.status
            ),
        }
    })
}

/// Adds the stored findings (the background's, for this tab) that the timeline does not
/// hold already (same masked URL, status and start within 2 s), then sorts by time.
pub fn merge_stored(t: &mut Timeline, stored: &Report) {
    for f in &stored.findings {
        let seen = t.items.iter().any(|i| {
            i.url == f.url
                && i.status == f.status
                && match (i.started_ms, f.started_ms) {
                    (Some(a), Some(b)) => (a - b).abs() <= 2_000.0,
                    _ => true,
                }
        });
        if seen {
            continue;
        }
        t.items.push(Item {
            entry: None,
            kind: if f.status == 407 {
                Kind::ProxyAuth
            } else {
                Kind::Unauthorized
            },
            source: "background".into(),
            started_ms: f.started_ms,
            method: f.method.clone(),
            url: f.url.clone(),
            status: f.status,
            redirect: None,
            finding: Some(f.clone()),
            diff: None,
        });
    }
    for n in &stored.notes {
        if !t.notes.contains(n) {
            t.notes.push(n.clone());
        }
    }
    // Stable: items without a time keep their place after the timed ones before them.
    t.items.sort_by(|a, b| match (a.started_ms, b.started_ms) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        _ => std::cmp::Ordering::Equal,
    });
}

/// Numbers every placeholder marker in reading order over the whole timeline.
pub fn number(t: &mut Timeline) {
    let mut n = Numbering::default();
    for i in &mut t.items {
        n.url(&mut i.url);
        if let Some(r) = &mut i.redirect {
            n.string(&mut r.detail);
        }
        if let Some(d) = &mut i.diff {
            for c in &mut d.changes {
                n.string(&mut c.detail);
            }
        }
        if let Some(f) = &mut i.finding {
            n.finding(f);
        }
    }
}

#[cfg(test)]
mod tests;
