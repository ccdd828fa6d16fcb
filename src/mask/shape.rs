//! Values that are secrets by their shape, whatever their name: JWTs and long random
//! strings (API keys, opaque tokens, signatures, session ids).

use super::Kind;

/// Shortest value judged random-looking.
pub const MIN_RANDOM: usize = 20;

/// The kind of secret `v` looks like, if it looks like one: a JWT (or JWE), or a long
/// random-looking string.
pub fn secret_shape(v: &str) -> Option<Kind> {
    if crate::parse::jwt::looks_like_jwt(v) {
        Some(Kind::Token)
    } else if random_looking(v) {
        Some(Kind::Secret)
    } else {
        None
    }
}

/// At least [`MIN_RANDOM`] bytes of token characters (letters, digits, `-._~+/=`), and
/// either letters and digits with the character class (lower, upper, digit, other)
/// changing at least 3 times in 10 characters, or 32 bytes or more with a Shannon entropy
/// of at least 4 bits per character. Random base64, base62 and hex pass (UUIDs and commit
/// hashes too: they are masked); words, camelCase names, slugs and dates do not.
pub fn random_looking(v: &str) -> bool {
    let v = v.trim_end_matches('=');
    if v.len() < MIN_RANDOM || v.len() > 16 * 1024 {
        return false;
    }
    let class = |b: u8| match b {
        b'a'..=b'z' => 0u8,
        b'A'..=b'Z' => 1,
        b'0'..=b'9' => 2,
        b'-' | b'.' | b'_' | b'~' | b'+' | b'/' | b'=' => 3,
        _ => 9,
    };
    let bytes = v.as_bytes();
    if bytes.iter().any(|&b| class(b) == 9) {
        return false;
    }
    let digits = bytes.iter().any(u8::is_ascii_digit);
    let letters = bytes.iter().any(u8::is_ascii_alphabetic);
    let changes = bytes
        .windows(2)
        .filter(|w| class(w[0]) != class(w[1]))
        .count();
    (digits && letters && changes * 10 >= bytes.len() * 3)
        || (bytes.len() >= 32 && entropy(bytes) >= 4.0)
}

/// Shannon entropy of the bytes, bits per byte.
fn entropy(bytes: &[u8]) -> f64 {
    let mut counts = [0usize; 256];
    for &b in bytes {
        counts[b as usize] += 1;
    }
    let n = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.log2()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let cases: &[(&str, Option<Kind>)] = &[
            (
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln",
                Some(Kind::Token),
            ),
            (
                "ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8",
                Some(Kind::Secret),
            ),
            // An AWS access key id is an identifier, masked only under its name.
            ("AKIAIOSFODNN7EXAMPLE1", None),
            (
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                Some(Kind::Secret),
            ),
            ("3f1c2a9e-7b4d-4e6f-9a8b-1c2d3e4f5a6b", Some(Kind::Secret)),
            ("dGhpcyBpcyBhIHNlY3JldCB2YWx1ZQ==", Some(Kind::Secret)),
            ("getUserProfileSettings2024", None),
            ("2026-11-25T14:02:00Z", None),
            ("the-quick-brown-fox-jumps", None),
            ("short1A", None),
            ("abcdefghijklmnopqrstuvwxyz", None),
            ("how-to-configure-the-api-gateway", None),
            ("xKqWbTzRmLpNvCsYdHfGjQwErTyUiOpAsDfG", Some(Kind::Secret)),
            ("12345678901234567890123", None),
            ("", None),
        ];
        for (v, want) in cases {
            assert_eq!(secret_shape(v), *want, "{v}");
        }
    }
}
