//! The URL splitter and the cookie domain / path matching built on it.
#![no_main]
use libfuzzer_sys::fuzz_target;
use why401::parse::url::{domain_matches, parse_url, path_matches, same_site};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some(s) = common::text(data) else { return };
    let (a, b) = common::two(s);
    let _ = domain_matches(a, b);
    let _ = path_matches(a, b);
    if domain_matches(a, b) {
        assert!(a.len() >= b.trim_start_matches('.').len());
    }
    if path_matches(a, b) {
        assert!(a.starts_with(b));
    }
    let Some(u) = parse_url(s) else { return };
    assert!(!u.scheme.is_empty(), "{u:?}");
    assert!(!u.host.is_empty() || u.scheme == "file", "{u:?}");
    assert_eq!(u.scheme, u.scheme.to_ascii_lowercase());
    assert_eq!(u.host, u.host.to_ascii_lowercase());
    assert!(
        !u.host.chars().any(|c| c.is_whitespace() || c.is_control()),
        "host {:?}",
        u.host
    );
    assert!(u.path.starts_with('/'), "path {:?}", u.path);
    let _ = (
        u.is_secure(),
        u.is_potentially_trustworthy(),
        u.effective_port(),
    );
    // The origin is itself a URL with the same scheme, host and port.
    let o = parse_url(&u.origin()).unwrap_or_else(|| panic!("origin {:?} of {s:?}", u.origin()));
    assert_eq!(
        (&o.scheme, &o.host, o.port),
        (&u.scheme, &u.host, u.port),
        "{s:?}"
    );
    assert!(same_site(&u, &o));
    // A request always path-matches its own path.
    assert!(path_matches(&u.path, &u.path));
});
