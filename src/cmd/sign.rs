//! `ocw sign`: the signature value (or headers, for other schemes) for a body's exact bytes.

use anyhow::{Context, anyhow};

use super::{Ctx, read_input};
use crate::cli::SignArgs;
use crate::exit::ExitStatus;
use crate::signing;

pub async fn run(args: SignArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let p = &ctx.printer;
    let scheme = args.scheme;
    let secret = args.secret.load()?.ok_or_else(|| {
        anyhow!("no signing secret; pass --secret, --secret-file or set OCW_SECRET")
    })?;
    let body = read_input(args.file.as_deref(), &ctx.printer).await?;
    let timestamp = args
        .timestamp
        .unwrap_or_else(|| jiff::Timestamp::now().as_second());
    let msg_id = args
        .msg_id
        .unwrap_or_else(|| format!("msg_{}", ulid::Ulid::new()));
    let headers = signing::sign(&signing::SignRequest {
        scheme,
        secret: secret.expose(),
        body: &body,
        timestamp,
        msg_id: &msg_id,
    })
    .with_context(|| format!("signing with the {} scheme", scheme.name()))?;

    if p.json() {
        p.out_json(&SignJson {
            kind: "signature",
            scheme: scheme.name(),
            headers: headers
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::from(v.as_str())))
                .collect(),
        })?;
    } else if let [(_, value)] = headers.as_slice() {
        p.out(value)?;
    } else {
        for (name, value) in &headers {
            p.out(format!("{name}: {value}"))?;
        }
    }
    Ok(ExitStatus::Success)
}

/// `ocw sign --json`: the scheme and the headers it would send.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub(crate) struct SignJson {
    #[serde(rename = "type")]
    kind: &'static str,
    scheme: &'static str,
    /// In the order the scheme sends them.
    #[schemars(with = "std::collections::BTreeMap<String, String>")]
    headers: serde_json::Map<String, serde_json::Value>,
}
