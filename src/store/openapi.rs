//! The OpenAPI 3.1 description of wire protocol v1, served at `GET /v1/openapi.json`.
//!
//! Static text kept beside the routes it describes; a test checks that every route of
//! `api::router` appears in it. No logic here.

pub const DOCUMENT: &str = include_str!("openapi.json");
