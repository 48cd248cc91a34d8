//! `textDocument/hover`: on a finding, the rule's explanation and remediation in markdown.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::lsp::analysis;
use crate::lsp::session::Session;
use crate::text;

pub async fn handle(session: &Arc<Session>, params: HoverParams) -> Result<Option<Hover>> {
    let position = params.text_document_position_params;
    let uri = position.text_document.uri;
    let Some(published) = analysis::current(session, &uri).await else {
        return Ok(None);
    };
    let offset = {
        let Some(document) = session.documents.get(&uri) else {
            return Ok(None);
        };
        text::rope_offset(
            &document.rope,
            crate::lsp::convert::from_lsp(position.position),
            session.encoding(),
        )
    };
    let sections: Vec<String> = published
        .findings
        .iter()
        .filter(|finding| finding.span.start_byte <= offset && offset <= finding.span.end_byte)
        .map(markdown)
        .collect();
    if sections.is_empty() {
        return Ok(None);
    }
    Ok(Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sections.join("\n\n---\n\n"),
        }),
        range: None,
    }))
}

fn markdown(finding: &crate::engine::Finding) -> String {
    let meta = &finding.rule.meta;
    let cwe: Vec<String> = meta
        .cwe
        .iter()
        .map(|cwe| format!("[CWE-{cwe}](https://cwe.mitre.org/data/definitions/{cwe}.html)"))
        .collect();
    let mut text = format!(
        "**{}** `{}` ({}, {})\n\n{}",
        meta.message,
        meta.id,
        finding.severity,
        cwe.join(", "),
        meta.description.as_deref().unwrap_or_default()
    );
    text.push_str(&format!(
        "\n\n**Remediation:** {}\n\n[Reference]({})",
        meta.remediation.text, meta.remediation.url
    ));
    text
}
