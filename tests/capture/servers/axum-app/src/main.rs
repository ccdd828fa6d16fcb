//! axum + jsonwebtoken scenario server for tests/capture (127.0.0.1 only).
//! The JWT errors follow axum's `examples/jwt` (`{"error": "..."}`); the session
//! route answers a bare `StatusCode::UNAUTHORIZED` (empty body, no challenge), the
//! usual axum idiom. Usage: why401-capture-axum PORT
use axum::{
    extract::State,
    http::{header, HeaderMap, StatusCode},
    response::{Html, IntoResponse, Response},
    routing::get,
    Json, Router,
};
use jsonwebtoken::{decode, Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

#[derive(Deserialize)]
#[allow(dead_code)]
struct Claims {
    sub: String,
    exp: u64,
}

#[derive(Clone)]
struct App {
    secret: Arc<String>,
    sessions: Arc<Mutex<HashSet<String>>>,
}

enum AuthError {
    MissingCredentials,
    InvalidToken,
}

impl IntoResponse for AuthError {
    fn into_response(self) -> Response {
        let msg = match self {
            AuthError::MissingCredentials => "Missing credentials",
            AuthError::InvalidToken => "Invalid token",
        };
        (
            StatusCode::UNAUTHORIZED,
            Json(serde_json::json!({ "error": msg })),
        )
            .into_response()
    }
}

async fn me(
    State(app): State<App>,
    headers: HeaderMap,
) -> Result<Json<serde_json::Value>, AuthError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or(AuthError::MissingCredentials)?;
    let mut v = Validation::new(Algorithm::HS256);
    v.set_issuer(&["https://login.idp.test/realms/why401"]);
    v.set_audience(&["why401-api"]);
    let data = decode::<Claims>(token, &DecodingKey::from_secret(app.secret.as_bytes()), &v)
        .map_err(|_| AuthError::InvalidToken)?;
    Ok(Json(serde_json::json!({ "user": data.claims.sub })))
}

fn session_of(headers: &HeaderMap) -> Option<String> {
    let c = headers.get(header::COOKIE)?.to_str().ok()?;
    c.split(';')
        .map(str::trim)
        .find_map(|kv| kv.strip_prefix("session="))
        .map(str::to_owned)
}

async fn login(State(app): State<App>) -> impl IntoResponse {
    let mut id = [0u8; 18];
    for (i, b) in id.iter_mut().enumerate() {
        *b = (std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos() as usize
            >> (i % 24)) as u8
            ^ (i as u8 * 37);
    }
    let sid: String = id.iter().map(|b| format!("{b:02x}")).collect();
    app.sessions.lock().unwrap().insert(sid.clone());
    (
        [(
            header::SET_COOKIE,
            format!("session={sid}; Path=/; HttpOnly; SameSite=Lax"),
        )],
        Html("<!doctype html><title>signed in</title><h1>signed in</h1>"),
    )
}

async fn session_me(State(app): State<App>, headers: HeaderMap) -> Response {
    match session_of(&headers) {
        Some(s) if app.sessions.lock().unwrap().contains(&s) => {
            Json(serde_json::json!({ "user": "alice" })).into_response()
        }
        _ => StatusCode::UNAUTHORIZED.into_response(),
    }
}

/// Forgets every session, as a restart of this in-memory store would.
async fn restart(State(app): State<App>) -> StatusCode {
    app.sessions.lock().unwrap().clear();
    StatusCode::NO_CONTENT
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let port: u16 = std::env::args()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(18201);
    let secret = std::env::var("WHY401_SECRET")
        .unwrap_or_else(|_| "why401-capture-secret-not-a-real-one".into());
    let app = App {
        secret: Arc::new(secret),
        sessions: Arc::default(),
    };
    let router = Router::new()
        .route(
            "/",
            get(|| async { Html("<!doctype html><title>axum app</title><h1>axum app</h1>") }),
        )
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
        .route("/api/me", get(me))
        .route("/login", get(login))
        .route("/session/me", get(session_me))
        .route("/restart", get(restart))
        .with_state(app);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .unwrap();
    axum::serve(listener, router).await.unwrap();
}
