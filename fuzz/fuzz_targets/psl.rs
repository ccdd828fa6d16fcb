//! Public suffixes and registrable domains (the embedded Public Suffix List).
#![no_main]
use libfuzzer_sys::fuzz_target;
use why401::parse::url::{public_suffix, registrable_domain};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some(host) = common::text(data) else {
        return;
    };
    let ps = public_suffix(host);
    assert!(host.ends_with(ps), "suffix {ps:?} of {host:?}");
    let rd = registrable_domain(host);
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    assert!(h.ends_with(&rd), "registrable {rd:?} of {host:?}");
    // The site of a site is itself.
    assert_eq!(registrable_domain(&rd), rd, "of {host:?}");
    // A subdomain of a registrable domain has the same one.
    // (IP literals are their own site: a last label of digits, a ':' or '['.)
    let ip = rd.contains([':', '['])
        || rd
            .rsplit('.')
            .next()
            .is_some_and(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit()));
    if !ip && rd.contains('.') && rd.len() < 240 && !rd.starts_with('.') {
        let sub = format!("www.{rd}");
        // (Unless a wildcard rule makes `www.` + it a public suffix: `*.oaiusercontent.com`.)
        if public_suffix(&rd) != rd && public_suffix(&sub) != sub {
            assert_eq!(registrable_domain(&sub), rd, "of {sub:?}");
        }
    }
});
