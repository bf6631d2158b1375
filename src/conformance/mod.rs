//! `ocw test`'s domain: a conformance suite for webhook receivers. A case is data:
//! a small YAML file (the request recipe, the expectation, and the sentence that explains a
//! failure) in `cases/`, embedded in the binary; users add their own with `--cases DIR`.
//!
//! YAML, not TOML or JSON: the project already reads YAML with serde-saphyr (the webhook
//! config), YAML's single-quoted strings keep a body's backslashes as written (the escapes
//! case needs `"\u00e9"` on the wire), folded `>-` scalars keep long explanations readable, and
//! comments say why a case exists. JSON has no comments and would need escapes of escapes;
//! TOML would add a dependency.
//!
//! Layout: `case` (the model, loading, selection), `recipe` (a recipe made into a signed
//! request, through `signing`), `run` (sending through `delivery`, grading), `effects` (the
//! user's effects counter), `junit` (the CI report). Nothing here prints: `cmd::test` does.
//! Only the receiver's URL is ever contacted, with redirects off.

pub mod case;
pub mod effects;
pub mod junit;
pub mod recipe;
pub mod run;

pub use case::{Case, CaseError};
pub use effects::{Effects, EffectsError};
pub use recipe::Target;
pub use run::{CaseResult, EffectsSeen, Grade, Run, RunError, Settings};
