//! From analysis and findings to LSP diagnostics and hovers.

use tower_lsp_server::ls_types::{
    Diagnostic, DiagnosticSeverity, Hover, HoverContents, MarkupContent, MarkupKind,
    NumberOrString, Position, Range, Uri,
};

use super::documents::Analyzed;
use super::output;
use crate::checks::{CheckConfig, Finding, Severity, run_all};
use crate::engine::{Analysis, EntityId, EntityKind, QuoteKind, Span};
use crate::position::{Encoding, LineCol, LineIndex};

pub const SOURCE: &str = "copydesk";

pub fn range(index: &LineIndex, text: &str, span: Span, enc: Encoding) -> Range {
    let a = index.position(text, span.start, enc);
    let b = index.position(text, span.end.max(span.start), enc);
    Range::new(
        Position::new(a.line, a.character),
        Position::new(b.line, b.character),
    )
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

pub fn diagnostic(a: &Analyzed, f: &Finding, enc: Encoding) -> Diagnostic {
    Diagnostic {
        range: range(&a.index, &a.text, f.span, enc),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.code.to_string())),
        source: Some(SOURCE.to_string()),
        message: f.message.clone(),
        ..Diagnostic::default()
    }
}

/// Runs the enabled checks and converts their findings.
pub fn diagnostics(a: &Analyzed, config: &CheckConfig, enc: Encoding) -> Vec<Diagnostic> {
    run_all(&a.text, &a.analysis, config)
        .iter()
        .map(|f| diagnostic(a, f, enc))
        .collect()
}

/// The `publishDiagnostics` frame for `a` under `config`: the same bytes as
/// [`output::publish_diagnostics_frame`] of [`diagnostics`], built straight from the findings
/// (no `Diagnostic` per finding; a range's end counted on from its start).
pub fn diagnostics_frame(
    a: &Analyzed,
    config: &CheckConfig,
    enc: Encoding,
    uri: &Uri,
    version: Option<i32>,
) -> Vec<u8> {
    let findings = run_all(&a.text, &a.analysis, config);
    let plain: Vec<output::Plain> = findings
        .iter()
        .map(|f| {
            let (s, e) = a
                .index
                .range(&a.text, f.span.start, f.span.end.max(f.span.start), enc);
            output::Plain {
                range: Range::new(
                    Position::new(s.line, s.character),
                    Position::new(e.line, e.character),
                ),
                severity: severity(f.severity),
                code: f.code,
                message: &f.message,
            }
        })
        .collect();
    output::publish_plain_frame(uri, &plain, version)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn snippet(text: &str, span: Span) -> String {
    let s = text.get(span.start..span.end).unwrap_or("").trim();
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s
    }
}

/// "**Jen Psaki**, State Department Spokesperson": the speaker's heading line.
fn speaker_heading(analysis: &Analysis, id: EntityId) -> String {
    let Some(e) = analysis.entities.get(id) else {
        return "an unknown speaker".into();
    };
    let mut s = format!("**{}**", e.name);
    match (&e.role, e.kind) {
        (Some(role), _) => s.push_str(&format!(", {role}")),
        (None, EntityKind::Organisation) => s.push_str(" (organisation)"),
        (None, EntityKind::Anonymous) => s.push_str(" (unnamed source)"),
        (None, EntityKind::Person) => {}
    }
    s
}

fn speaker_details(a: &Analyzed, id: EntityId, out: &mut Vec<String>) {
    let analysis = &a.analysis;
    let Some(e) = analysis.entities.get(id) else {
        return;
    };
    let line = a.index.line_of(e.introduced.start) + 1;
    let quotes = analysis.quote_count(id);
    out.push(format!(
        "Introduced on line {line}. {} from {} in this article.",
        plural(quotes, "quote", "quotes"),
        e.name
    ));
}

fn line_of(a: &Analyzed, span: Span) -> usize {
    a.index.line_of(span.start) + 1
}

/// Hover text for the byte `offset` of an analysed document, if it is on a quote or a mention.
pub fn hover(a: &Analyzed, offset: usize, enc: Encoding) -> Option<Hover> {
    let analysis = &a.analysis;
    let (span, lines) = if let Some(q) = analysis.quote_at(offset) {
        let mut lines = Vec::new();
        match (q.kind, &q.attribution) {
            (QuoteKind::NotSpeech, _) => {
                lines.push("**Not speech**: read as scare quotes, a nickname or a title, so nobody needs to be credited.".to_string());
                lines.push("If these are someone's words, add who said them.".to_string());
            }
            (_, None) => {
                lines.push(
                    "**Unattributed quote**: nobody in the copy is credited with these words."
                        .to_string(),
                );
                lines.push("Add who said it: `, Name said.`".to_string());
            }
            (kind, Some(att)) => {
                let said = if kind == QuoteKind::Partial {
                    "Partial quote from"
                } else {
                    "Quote from"
                };
                match att.entity {
                    Some(id) => {
                        lines.push(format!("{said} {}", speaker_heading(analysis, id)));
                        let name = analysis.entities.get(id).map_or("?", |e| e.name.as_str());
                        let intro = analysis.entities.get(id).map(|e| line_of(a, e.introduced));
                        let how = match att.mention {
                            Some(m) => format!(
                                "“{}” → **{name}**{} ({})",
                                snippet(&a.text, m),
                                intro
                                    .map_or(String::new(), |l| format!(", introduced on line {l}")),
                                att.how.describe()
                            ),
                            None => format!(
                                "→ **{name}**{} ({})",
                                intro
                                    .map_or(String::new(), |l| format!(", introduced on line {l}")),
                                att.how.describe()
                            ),
                        };
                        lines.push(how);
                        let n = analysis.quote_count(id);
                        lines.push(format!(
                            "{} from {name} in this article.",
                            plural(n, "quote", "quotes")
                        ));
                    }
                    None => {
                        let who = att
                            .mention
                            .map(|m| format!("“{}”", snippet(&a.text, m)))
                            .unwrap_or_else(|| "an earlier speaker".into());
                        lines.push(format!("{said} {who} ({})", att.how.describe()));
                        lines.push(
                            "Not linked to anyone named in the article: consider naming the speaker."
                                .to_string(),
                        );
                    }
                }
            }
        }
        (q.span, lines)
    } else if let Some((id, mention)) = analysis.mention_at(offset) {
        let mut lines = vec![speaker_heading(analysis, id)];
        speaker_details(a, id, &mut lines);
        (mention, lines)
    } else {
        return None;
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: lines.join("\n\n"),
        }),
        range: Some(range(&a.index, &a.text, span, enc)),
    })
}

/// The byte offset of an LSP position in an analysed document.
pub fn offset(a: &Analyzed, pos: Position, enc: Encoding) -> usize {
    a.index
        .offset(&a.text, LineCol::new(pos.line, pos.character), enc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::{CheckConfig, Severity};
    use crate::engine::analyze;
    use crate::position::LineIndex;

    /// The frame built from the findings is byte for byte the frame of the `Diagnostic`s.
    #[test]
    fn frame_from_findings_is_the_frame_of_the_diagnostics() {
        let texts = [
            include_str!("../../benches/fixtures/article-1k.txt").to_string(),
            include_str!("../../tests/corpus/british-house-style.txt").to_string(),
            "“One,” he said.\r\n\r\n“Two.”\n\n‘Three 😀 é\n\n\"Four\"\n".to_string(),
            "\"A \\ b\" c\n“x\t\u{1}”".to_string(),
            String::new(),
        ];
        let uri: Uri = "file:///a%20b.txt".parse().unwrap();
        let mut quiet = CheckConfig::default();
        quiet
            .set(
                "unbalanced-quote",
                crate::checks::CheckSetting {
                    enabled: None,
                    severity: Some(Severity::Hint),
                },
            )
            .unwrap();
        for text in &texts {
            let a = Analyzed {
                doc: 1,
                version: 3,
                index: LineIndex::new(text),
                analysis: analyze(text),
                text: text.clone(),
            };
            for config in [&CheckConfig::default(), &quiet] {
                for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                    for version in [Some(3), None] {
                        let diags = diagnostics(&a, config, enc);
                        assert_eq!(
                            diagnostics_frame(&a, config, enc, &uri, version),
                            output::publish_diagnostics_frame(&uri, &diags, version)
                        );
                    }
                }
            }
        }
    }
}
