//! Webhook payloads: the built-in event catalog (the article's example payloads plus one for each
//! other event), editing a payload from the command line (`--set`/`--unset`), the exact bytes
//! that go on the wire (JavaScript's `JSON.stringify`, section 1 of docs/webhook-contract.md), and the
//! per-delivery stamping of `timestamp` and `conversation_id`.

pub mod catalog;
pub mod edit;
pub mod ids;
pub mod js;
pub mod scenario;
pub mod stamp;
pub mod template;

pub use catalog::{Catalog, CatalogError, EVENT_NAMES, Fixture, conversation_rank};
pub use edit::EditError;
pub use js::JsonError;
pub use stamp::{Compiled, Stamp, new_conversation_id, rfc3339_seconds, stamp};
pub use template::{Rendered, Template, TemplateBody};
