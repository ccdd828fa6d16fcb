//! Held-out scenario server: poem 3 + poem-openapi 5 security schemes with
//! checkers (Basic, Bearer, API key header). Every 401 is poem-openapi's own
//! `AuthorizationError` (a checker that returns None). Listens on 127.0.0.1:PORT.
use poem::{listener::TcpListener, Request, Route, Server};
use poem_openapi::{
    auth::{ApiKey, Basic, Bearer},
    payload::PlainText,
    OpenApi, OpenApiService, SecurityScheme,
};

struct User(String);

#[derive(SecurityScheme)]
#[oai(ty = "basic", checker = "check_basic")]
struct BasicAuth(User);
async fn check_basic(_: &Request, b: Basic) -> Option<User> {
    (b.username == "alice" && b.password == "wonderland").then(|| User(b.username))
}

#[derive(SecurityScheme)]
#[oai(ty = "bearer", checker = "check_bearer")]
struct BearerAuth(User);
async fn check_bearer(_: &Request, b: Bearer) -> Option<User> {
    (b.token == "pat_live_7Hq2Kx9Lm4Vb1Nc8Zr5Tw3Yp").then(|| User("alice".into()))
}

#[derive(SecurityScheme)]
#[oai(ty = "api_key", key_name = "X-API-Key", key_in = "header", checker = "check_key")]
struct KeyAuth(User);
async fn check_key(_: &Request, k: ApiKey) -> Option<User> {
    (k.key == "ak_live_4f9d2c7b1e8a6d3f").then(|| User("reports-bot".into()))
}

struct Api;
#[OpenApi]
impl Api {
    #[oai(path = "/admin/stats", method = "get")]
    async fn stats(&self, auth: BasicAuth) -> PlainText<String> {
        PlainText(format!("hello {}", auth.0 .0))
    }
    #[oai(path = "/me", method = "get")]
    async fn me(&self, auth: BearerAuth) -> PlainText<String> {
        PlainText(format!("hello {}", auth.0 .0))
    }
    #[oai(path = "/reports", method = "get")]
    async fn reports(&self, auth: KeyAuth) -> PlainText<String> {
        PlainText(format!("hello {}", auth.0 .0))
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), std::io::Error> {
    let port = std::env::args().nth(1).unwrap_or_else(|| "18301".into());
    let api = OpenApiService::new(Api, "why401 held-out", "1.0");
    let app = Route::new()
        .nest("/api", api)
        .at("/", poem::endpoint::make_sync(|_| poem::web::Html("<!doctype html><title>poem app</title><p>poem app</p>")));
    Server::new(TcpListener::bind(format!("127.0.0.1:{port}"))).run(app).await
}
