//! Encrypted (or otherwise unreadable) session formats, recognised by structure: Rails
//! `MessageEncryptor`, Laravel `encrypt()`, ASP.NET Core Data Protection and its chunked
//! cookies, and PASETO (whose `public` purpose is signed, so readable).

use super::{b64, b64_any, is_b64url, json, times_in, Family, Session};
use serde_json::Value;

fn std_b64(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=')
}

/// Rails: `data--iv--tag` (AES-256-GCM, Rails 5.2+) or `data--hexdigest` (older AES-CBC
/// cookies signed with HMAC). The name is a hint (`_<app>_session`).
pub fn rails(name: &str, v: &str) -> Option<Session> {
    let parts: Vec<&str> = v.splitn(4, "--").collect();
    let ok = match parts.as_slice() {
        [d, iv, tag] => {
            std_b64(d)
                && b64(iv, false).is_some_and(|b| b.len() == 12)
                && b64(tag, false).is_some_and(|b| b.len() == 16)
        }
        [d, digest] => {
            std_b64(d)
                && (digest.len() == 40 || digest.len() == 64)
                && digest.bytes().all(|b| b.is_ascii_hexdigit())
                && (name.ends_with("_session") || name.contains("rails"))
        }
        _ => false,
    };
    if !ok {
        return None;
    }
    let mut s = Session::new(Family::Rails, "Rails encrypted cookie");
    s.notes.push(
        "encrypted with the app's secret_key_base: its content cannot be read here".to_string(),
    );
    Some(s)
}

/// Laravel: base64 of `{"iv":..,"value":..,"mac":..,"tag":..}`.
pub fn laravel(v: &str) -> Option<Session> {
    if !v.starts_with("eyJpdiI6") {
        return None;
    }
    let obj = json(&b64_any(v)?)?;
    let o = obj.as_object()?;
    if !(o.contains_key("iv") && o.contains_key("value") && o.contains_key("mac")) {
        return None;
    }
    let mut s = Session::new(Family::Laravel, "Laravel encrypted cookie");
    s.notes.push(
        "encrypted with the app's APP_KEY (AES-CBC/GCM envelope: iv, value, mac): its content cannot be read here"
            .to_string(),
    );
    Some(s)
}

/// ASP.NET Core Data Protection: base64url starting with the magic header 09 F0 C9 F0.
pub fn aspnet(v: &str) -> Option<Session> {
    if !v.starts_with("CfDJ8") || !is_b64url(v) || v.len() < 40 {
        return None;
    }
    let mut s = Session::new(Family::AspNetCore, "ASP.NET Core data-protected cookie");
    s.notes.push(
        "encrypted with the app's Data Protection keys: its content (the authentication ticket) cannot be read here"
            .to_string(),
    );
    Some(s)
}

/// The head of an ASP.NET Core chunked cookie: `chunks-N` (parts in `<name>C1`..`<name>CN`).
pub fn aspnet_chunks(v: &str) -> Option<Session> {
    let n: usize = v.strip_prefix("chunks-")?.parse().ok()?;
    if !(1..=1000).contains(&n) {
        return None;
    }
    let mut s = Session::new(Family::AspNetChunks, "ASP.NET Core chunked cookie");
    s.chunks = Some(n);
    s.notes.push(format!(
        "split in {n} parts (`C1`..`C{n}` cookies); the server reads it only when every part is sent"
    ));
    Some(s)
}

/// PASETO `vN.purpose.payload[.footer]`.
pub fn paseto(v: &str) -> Option<Session> {
    let mut it = v.split('.');
    let (ver, purpose, payload) = (it.next()?, it.next()?, it.next()?);
    let footer = it.next();
    if it.next().is_some() || !matches!(ver, "v1" | "v2" | "v3" | "v4") || !is_b64url(payload) {
        return None;
    }
    let mut s = Session::new(Family::Paseto, format!("PASETO {ver}.{purpose}"));
    if let Some(f) = footer.and_then(|f| b64(f, true)) {
        if let Ok(t) = String::from_utf8(f) {
            s.notes.push(format!(
                "footer: {}",
                t.chars().take(200).collect::<String>()
            ));
        }
    }
    match purpose {
        "local" => s.notes.push(
            "encrypted (local purpose): the claims cannot be read without the key".to_string(),
        ),
        "public" => {
            let bytes = b64(payload, true)?;
            let sig = match ver {
                "v1" => 256,
                "v3" => 96,
                _ => 64,
            };
            let msg = bytes.get(..bytes.len().checked_sub(sig)?)?;
            let claims: Value = json(msg)?;
            let (iat, exp) = times_in(&claims);
            s.readable = true;
            s.issued_s = iat;
            s.expires_s = exp;
            s.signature_len = Some(sig);
            s.payload = Some(claims);
            s.notes
                .push("signed (public purpose): the claims are readable".to_string());
        }
        _ => return None,
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::base64_encode;
    use proptest::prelude::*;

    #[test]
    fn table() {
        let iv = base64_encode(&[1u8; 12], false);
        let tag = base64_encode(&[2u8; 16], false);
        let rails_gcm = format!("YWJjZGVm--{iv}--{tag}");
        let laravel_v = base64_encode(
            b"{\"iv\":\"a\",\"value\":\"b\",\"mac\":\"c\",\"tag\":\"\"}",
            false,
        );
        let aspnet_v = format!("CfDJ8{}", "A".repeat(60));
        let mut msg = b"{\"sub\":\"x\",\"exp\":\"2026-11-29T10:00:00+00:00\"}".to_vec();
        msg.extend([0u8; 64]);
        let pub4 = format!("v4.public.{}", base64_encode(&msg, true));
        let cases: Vec<(&str, String, Option<Family>)> = vec![
            ("_app_session", rails_gcm, Some(Family::Rails)),
            (
                "_app_session",
                format!("YWJj--{}", "f".repeat(40)),
                Some(Family::Rails),
            ),
            ("other", format!("YWJj--{}", "f".repeat(40)), None),
            ("laravel_session", laravel_v, Some(Family::Laravel)),
            (".AspNetCore.Cookies", aspnet_v, Some(Family::AspNetCore)),
            (
                ".AspNetCore.Cookies",
                "chunks-3".into(),
                Some(Family::AspNetChunks),
            ),
            ("x", "chunks-0".into(), None),
            ("t", pub4, Some(Family::Paseto)),
            ("t", "v4.local.AAAA".into(), Some(Family::Paseto)),
            ("t", "v9.local.AAAA".into(), None),
        ];
        for (name, v, fam) in cases {
            let got = aspnet_chunks(&v)
                .or_else(|| paseto(&v))
                .or_else(|| aspnet(&v))
                .or_else(|| laravel(&v))
                .or_else(|| rails(name, &v));
            assert_eq!(got.map(|s| s.family), fam, "{name}={v}");
        }
    }

    #[test]
    fn paseto_public_claims() {
        let mut msg = b"{\"exp\":\"2026-11-29T10:00:00+00:00\"}".to_vec();
        msg.extend([0u8; 64]);
        let s = paseto(&format!("v4.public.{}", base64_encode(&msg, true))).unwrap();
        assert!(s.readable);
        assert_eq!(s.expires_s, Some(1_795_946_400.0));
        assert!(!paseto("v4.local.AAAA").unwrap().readable);
        assert_eq!(aspnet_chunks("chunks-4").unwrap().chunks, Some(4));
    }

    proptest! {
        #[test]
        fn prop_never_panics(name in "[a-z_]{0,10}", v in "[A-Za-z0-9+/=_.\\-]{0,200}") {
            let _ = rails(&name, &v);
            let _ = laravel(&v);
            let _ = aspnet(&v);
            let _ = aspnet_chunks(&v);
            let _ = paseto(&v);
        }
    }
}
