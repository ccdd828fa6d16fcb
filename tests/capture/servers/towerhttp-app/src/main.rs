//! Held-out scenario server: tower-http 0.6 `ValidateRequestHeaderLayer::basic`
//! and `::bearer` on axum 0.8 (their default 401s: Basic adds
//! `WWW-Authenticate: Basic`, Bearer answers a bare 401). Listens on 127.0.0.1:PORT.
#![allow(deprecated)] // ValidateRequestHeaderLayer::{basic,bearer}: deprecated "too basic", still widely used
use axum::{response::Html, routing::get, Router};
use tower_http::validate_request::ValidateRequestHeaderLayer;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let port = std::env::args().nth(1).unwrap_or_else(|| "18302".into());
    let app = Router::new()
        .route("/", get(|| async { Html("<!doctype html><title>tower-http app</title><p>tower-http app</p>") }))
        .nest(
            "/admin",
            Router::new()
                .route("/metrics", get(|| async { "up 1\n" }))
                .layer(ValidateRequestHeaderLayer::basic("admin", "s3cr3t-Adm1n-pass")),
        )
        .nest(
            "/api",
            Router::new()
                .route("/jobs", get(|| async { "[]" }))
                .layer(ValidateRequestHeaderLayer::bearer("svc_tok_2Jd8Qw5Zx1Lc7Vn4Bm9Ke3Rt")),
        );
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
