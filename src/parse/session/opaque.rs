//! Opaque session ids: nothing to read, but the stack is worth naming. Recognised by the
//! cookie name (a hint) and a shape that fits it (the id alphabet and length).

use super::{Family, Session};

/// (cookie name, stack, what the id is)
const NAMES: &[(&str, &str)] = &[
    ("PHPSESSID", "PHP session id"),
    (
        "JSESSIONID",
        "Java servlet session id (Tomcat, Jetty, Undertow)",
    ),
    ("SESSION", "Spring Session id"),
    ("ASP.NET_SessionId", ".NET (System.Web) session id"),
    (
        ".AspNetCore.Session",
        "ASP.NET Core session id (data-protected)",
    ),
    ("sessionid", "Django session id (database-backed session)"),
    ("connect.sid", "express-session id"),
    ("laravel_session", "Laravel session id"),
    ("_gorilla_session", "Go gorilla/sessions cookie"),
    ("mysession", "Go gorilla/sessions cookie"),
    ("CGISESSID", "Perl CGI::Session id"),
    ("ci_session", "CodeIgniter session id"),
];

fn id_shape(v: &str) -> bool {
    (8..=512).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.=+/!%~,".contains(&b))
}

pub fn decode(name: &str, v: &str) -> Option<Session> {
    let (_, what) = NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(name))?;
    if !id_shape(v) {
        return None;
    }
    let mut s = Session::new(Family::OpaqueId, *what);
    s.secret = Some(v.to_string());
    s.notes.push(
        "an opaque session id: the session itself is stored on the server, nothing to read here"
            .to_string(),
    );
    if name == "JSESSIONID" {
        if let Some((_, route)) = v.rsplit_once('.') {
            if !route.is_empty() && route.len() <= 32 {
                s.notes.push(format!(
                    "the id ends with a load-balancer route: `.{route}`"
                ));
            }
        }
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn table() {
        let cases: &[(&str, &str, bool)] = &[
            ("PHPSESSID", "q4bs9lf1g5v8d1fh3bq7m2a0n6", true),
            ("JSESSIONID", "6F9619FF8B86D011B42D00C04FC964FF.node1", true),
            (
                "SESSION",
                "ZDk4YWM5NzMtNTZkYi00MTU3LWI2ZjQtZGJkNDhjZjljYzE4",
                true,
            ),
            ("phpsessid", "q4bs9lf1g5v8d1fh3bq7m2a0n6", true),
            ("PHPSESSID", "short", false),
            ("theme", "q4bs9lf1g5v8d1fh3bq7m2a0n6", false),
            ("PHPSESSID", "has spaces in it", false),
        ];
        for (n, v, want) in cases {
            assert_eq!(decode(n, v).is_some(), *want, "{n}={v}");
        }
        let j = decode("JSESSIONID", "6F9619FF8B86D011B42D00C04FC964FF.node1").unwrap();
        assert!(j.notes.iter().any(|n| n.contains(".node1")));
    }

    proptest! {
        #[test]
        fn prop_never_panics(n in "\\PC{0,20}", v in "\\PC{0,100}") {
            let _ = decode(&n, &v);
        }
    }
}
