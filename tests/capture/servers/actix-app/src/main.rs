//! actix-web + actix-web-httpauth scenario server for tests/capture (127.0.0.1
//! only). The 401s are actix-web-httpauth's own: `AuthenticationError` with an
//! RFC 6750 / RFC 7617 challenge and an empty body. Usage: why401-capture-actix PORT
use actix_web::{dev::ServiceRequest, web, App, Error, HttpResponse, HttpServer};
use actix_web_httpauth::extractors::{basic, bearer, AuthenticationError};
use actix_web_httpauth::middleware::HttpAuthentication;
use jsonwebtoken::{decode, Algorithm, DecodingKey, Validation};
use serde::Deserialize;

#[derive(Deserialize)]
#[allow(dead_code)]
struct Claims {
    sub: String,
    exp: u64,
}

async fn bearer_validator(
    req: ServiceRequest,
    credentials: bearer::BearerAuth,
) -> Result<ServiceRequest, (Error, ServiceRequest)> {
    let secret = std::env::var("WHY401_SECRET")
        .unwrap_or_else(|_| "why401-capture-secret-not-a-real-one".into());
    let mut v = Validation::new(Algorithm::HS256);
    v.set_issuer(&["https://login.idp.test/realms/why401"]);
    v.set_audience(&["why401-api"]);
    match decode::<Claims>(
        credentials.token(),
        &DecodingKey::from_secret(secret.as_bytes()),
        &v,
    ) {
        Ok(_) => Ok(req),
        Err(_) => {
            let config = bearer::Config::default().realm("why401");
            Err((
                AuthenticationError::from(config)
                    .with_error(bearer::Error::InvalidToken)
                    .into(),
                req,
            ))
        }
    }
}

async fn basic_validator(
    req: ServiceRequest,
    credentials: basic::BasicAuth,
) -> Result<ServiceRequest, (Error, ServiceRequest)> {
    if credentials.user_id() == "alice" && credentials.password() == Some("wonderland") {
        Ok(req)
    } else {
        let config = basic::Config::default().realm("why401 actix");
        Err((AuthenticationError::from(config).into(), req))
    }
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let port: u16 = std::env::args()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(18220);
    HttpServer::new(|| {
        App::new()
            .route(
                "/",
                web::get().to(|| async {
                    HttpResponse::Ok()
                        .content_type("text/html; charset=utf-8")
                        .body("<!doctype html><title>actix app</title><h1>actix app</h1>")
                }),
            )
            .route("/favicon.ico", web::get().to(HttpResponse::NoContent))
            .service(
                web::scope("/api")
                    .wrap(HttpAuthentication::bearer(bearer_validator))
                    .route("/me", web::get().to(|| async { HttpResponse::Ok().json(["alice"]) })),
            )
            .service(
                web::scope("/admin")
                    .wrap(HttpAuthentication::basic(basic_validator))
                    .route("/stats", web::get().to(|| async { HttpResponse::Ok().json([42]) })),
            )
    })
    .workers(1)
    .bind(("127.0.0.1", port))?
    .run()
    .await
}
