//! Inputs the fuzz targets (`fuzz/`, `make fuzz`) found, each with the invariant it broke.
//! The parsers' own test tables hold the same inputs as rows; these replay them through the
//! same checks the fuzz targets make.

use why401::mask::MaskedText;
use why401::parse::authorization::parse_authorization;
use why401::parse::url::parse_url;

/// fuzz/parse_url: a second ':' in the authority gave the host `api.why401.test:18180https`,
/// whose origin did not parse back; a host of dots only became an empty host.
#[test]
fn url_origin_parses_back() {
    for s in [
        "http://api.why401.test:18180https://ort.json",
        "http://h:1:2/",
        "http://./",
        "http://..:80/",
        "http://api.why401.test:18180/x",
    ] {
        let Some(u) = parse_url(s) else { continue };
        assert!(!u.host.is_empty() && !u.host.contains(':'), "{s:?}: {u:?}");
        let o = parse_url(&u.origin()).unwrap_or_else(|| panic!("origin of {s:?}"));
        assert_eq!(
            (o.scheme, o.host, o.port),
            (u.scheme, u.host, u.port),
            "{s:?}"
        );
    }
}

/// fuzz/parse_authorization: a placeholder quoting a line break put the caret's label on a
/// third line.
#[test]
fn caret_stays_on_two_lines() {
    let v = "{Be!r\nmr owdefinedt${t};o{t${t};ok}";
    let a = parse_authorization(v);
    assert!(!a.problems.is_empty());
    for p in &a.problems {
        let c = p.caret(v);
        assert_eq!(c.lines().count(), 2, "{c:?}");
        assert!(c.lines().last().unwrap().trim_start().starts_with("^ "));
    }
}

/// fuzz/parse_challenge: a `\` ending an unterminated quoted string repeated the text before
/// it, so an unescaped value came out longer than the whole header.
#[test]
fn challenge_value_never_longer_than_input() {
    for v in [
        "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\tt reaqop=\"au \x7ftDigestaa,ss lt \x7f ,Etagestaa,ss lt \x7f ,Ey399d-i\\",
        "Digest realm=\"why4,1-d,teAheBBB'''\0\0\0~\\",
        "\0\0Di1lm=\x0f\x0f\x0f\x1d\x0f\x0f\x0f\x0fBeKe1realm=AKmeyDi\"w\0\", noDigest rm=\"whi401d- {ealm=es\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0cyc\\",
        "Basic re=BeKeKey re=esSet-@igest realm=\"lm=3nk oCookie: a=t rt r\0\0gBLLLLLLLLLLLLLLLLLLLLgA=69a\\",
        "Digest realm=\"ab\\",
    ] {
        let (challenges, _) = why401::parse::challenge::parse_challenges(v);
        for c in &challenges {
            for (n, val) in &c.params {
                assert!(val.len() <= v.len(), "{n}={val:?} from {v:?}");
                assert!(!val.ends_with('\\'), "{n}={val:?} from {v:?}");
            }
        }
    }
}

/// fuzz/input's invariant: a byte-order mark after leading whitespace made `detect` (which
/// stripped marks, then whitespace) and `analyze` (which did it twice) name different kinds,
/// and `capture` read a HAR it had detected as something else.
#[test]
fn detect_analyze_capture_agree_around_marks() {
    use why401::input::{analyze, capture, detect, Kind};
    let ctx = why401::model::Ctx::at(0.0);
    let har = r#"{"log":{"entries":[]}}"#;
    for text in [
        format!("\u{feff} \u{feff}{har}"),
        format!(" \u{feff}\n{har}\u{feff} "),
        format!("\u{feff}{har}"),
    ] {
        assert_eq!(detect(&text), Kind::Har, "{text:?}");
        assert_eq!(analyze(&text, &ctx).unwrap().kind, Kind::Har, "{text:?}");
        assert_eq!(capture(&text).unwrap().0, Kind::Har, "{text:?}");
    }
}

/// `mask_text`: a `curl -v` transcript holding `"description"` … a quote closed only lines
/// later, more than 1 KB away: masking the masked text again changed it.
#[test]
fn remasking_marked_text_changes_nothing() {
    let text = include_str!("../fuzz/regressions/mask_text-remask-not-idempotent");
    let once = MaskedText::text(text);
    assert_eq!(MaskedText::text(once.as_str()).as_str(), once.as_str());
}

/// fuzz/session: a Tornado v2 value whose timestamp overflows (`17959.e597`) was read as an
/// infinite issue time.
#[test]
fn tornado_time_is_finite() {
    let v = "2|1:0|10:17959.e597|4:user|8:YWxpY2U=|6e74fb37f3ea420189c323f54e187166492dca3a10f3582517637af89c323f54ec988167b5";
    let s = why401::parse::session::decode("user", v);
    assert!(
        s.is_none_or(|s| s.issued_s.is_none_or(f64::is_finite)),
        "{v}"
    );
}
