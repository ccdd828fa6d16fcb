//! The clocks: the client's, the server's Date, and the tokens' issuers'.

use super::*;

/// Another server's clock, measured against the client's.
#[derive(Clone, Debug, PartialEq)]
pub struct HostSkew {
    pub host: String,
    /// server - client, ms (median over its responses).
    pub skew_ms: f64,
    pub samples: usize,
}

/// Clock readings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClockFacts {
    /// The client's clock when it sent the request, Unix ms.
    pub client_ms: Option<f64>,
    /// The server's Date, Unix ms.
    pub server_ms: Option<f64>,
    /// The Date header as sent.
    pub date_header: Option<String>,
    /// server - client, ms.
    pub skew_ms: Option<f64>,
    /// The clocks of the tokens' issuers, when the capture holds their responses.
    pub issuer_skews: Vec<HostSkew>,
}

impl ClockFacts {
    /// The time to judge the request by on the client side, Unix seconds, and whether it
    /// is the request's own time (`false`: the diagnosis time).
    pub fn client_secs(&self, ctx: &Ctx) -> (f64, bool) {
        match self.client_ms {
            Some(ms) => (ms / 1000.0, true),
            None => (ctx.now_ms / 1000.0, false),
        }
    }
    pub fn server_secs(&self) -> Option<f64> {
        self.server_ms.map(|ms| ms / 1000.0)
    }
}

impl ClockFacts {
    /// The clocks of one request: the client's (`client_ms`), the server's Date, their
    /// difference, and the clocks of the tokens' issuers when the capture has their answers.
    pub(crate) fn build(
        hist: &History<'_>,
        req: &Req<'_, '_>,
        client_ms: Option<f64>,
        tokens: &[TokenFacts<'_>],
    ) -> ClockFacts {
        let server_ms = hist.server_ms.get(req.pos).copied().flatten();
        let mut clocks = ClockFacts {
            client_ms,
            server_ms,
            date_header: req
                .entry
                .response_header("date")
                .map(|d| cut(d, 64).to_string()),
            skew_ms: match (server_ms, client_ms) {
                (Some(s), Some(c)) => Some(s - c),
                _ => None,
            },
            issuer_skews: Vec::new(),
        };
        for t in tokens {
            if let Some(iss) = t.jws().and_then(|j| j.iss.as_deref()).and_then(parse_url) {
                if req.url.is_some_and(|u| u.host == iss.host)
                    || clocks.issuer_skews.iter().any(|s| s.host == iss.host)
                {
                    continue;
                }
                if let Some(s) = hist.skew_of_host(&iss.host) {
                    clocks.issuer_skews.push(s);
                }
            }
        }
        clocks
    }
}
