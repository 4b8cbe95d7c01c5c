//! The OpenAPI 3 document, generated from the handlers' annotations.

use crate::api;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Kingpin API", description = "Multi-agency intelligence over people-smuggling networks. Every answer is limited to what the caller's agency, releasability and investigations allow; every request is audited."),
    paths(
        api::auth::login, api::auth::logout, api::auth::me,
        api::read::stats, api::read::sources, api::read::search, api::read::entity,
        api::read::neighbours, api::analyse::path, api::analyse::rank, api::bulk::export,
        api::bulk::import, api::work::doc_check, api::work::decisions, api::work::decide,
        api::oversight::deconfliction, api::oversight::audit, api::oversight::investigations_list,
        api::oversight::investigations_add, api::oversight::investigations_member,
    ),
    modifiers(&Security),
    security(("bearer" = []), ("cookie" = [])),
)]
struct Doc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let c = openapi.components.get_or_insert_with(Default::default);
        c.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        c.add_security_scheme(
            "cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(api::COOKIE))),
        );
    }
}

/// The document served at `/openapi.json`.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = Doc::openapi();
    doc.merge(api::ui::openapi());
    doc.merge(api::money::openapi());
    doc.merge(api::social::openapi());
    doc.merge(api::cases::openapi());
    doc
}
