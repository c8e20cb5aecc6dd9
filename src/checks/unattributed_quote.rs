//! `unattributed-quote`: someone's words are quoted and the copy credits nobody with them.

use super::{Check, Finding, Severity};
use crate::engine::{Analysis, QuoteKind, Resolution};

pub struct UnattributedQuote;

impl Check for UnattributedQuote {
    fn code(&self) -> &'static str {
        "unattributed-quote"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn description(&self) -> &'static str {
        "a quotation nobody in the copy is credited with"
    }

    fn run(&self, _text: &str, analysis: &Analysis, out: &mut Vec<Finding>) {
        for q in &analysis.quotes {
            // Scare quotes and titles of works are nobody's words; partial quotes sit inside
            // reported speech whose attribution the engine may not tie to the fragment itself.
            if q.kind != QuoteKind::Speech {
                continue;
            }
            let message = match &q.attribution {
                None => {
                    "quote has no attribution: add who said it (e.g. `, Smith said.`)".to_string()
                }
                Some(a) if a.how == Resolution::Assumed => {
                    let who = a
                        .entity
                        .map(|e| analysis.entities[e].name.as_str())
                        .unwrap_or("the previous speaker");
                    assumed_message(who)
                }
                Some(_) => continue,
            };
            out.push(Finding {
                code: self.code(),
                severity: self.default_severity(),
                span: q.span,
                message,
            });
        }
    }
}

/// "quote opens a new paragraph with no attribution: readers will assume {who}; attribute it
/// in this paragraph", joined into a string of the right size: the server makes this message
/// for hundreds of findings at every keystroke of a long document, and `format!`'s machinery
/// cost four times the copying.
fn assumed_message(who: &str) -> String {
    const HEAD: &str = "quote opens a new paragraph with no attribution: readers will assume ";
    const TAIL: &str = "; attribute it in this paragraph";
    let mut message = String::with_capacity(HEAD.len() + who.len() + TAIL.len());
    message.push_str(HEAD);
    message.push_str(who);
    message.push_str(TAIL);
    message
}

#[cfg(test)]
mod tests {
    use crate::checks::{CheckConfig, run_all};
    use crate::engine::analyze;

    fn codes(text: &str) -> Vec<(&'static str, String)> {
        let a = analyze(text);
        run_all(text, &a, &CheckConfig::default())
            .into_iter()
            .filter(|f| f.code == "unattributed-quote")
            .map(|f| (f.code, f.span.slice(text).to_string()))
            .collect()
    }

    #[test]
    fn assumed_message_reads_as_formatted() {
        assert_eq!(
            super::assumed_message("Jen Psaki"),
            format!(
                "quote opens a new paragraph with no attribution: readers will assume {}; attribute it in this paragraph",
                "Jen Psaki"
            )
        );
    }

    #[test]
    fn attributed_quote_is_clean() {
        assert!(codes("\"We will win,\" Smith said.").is_empty());
    }

    #[test]
    fn quote_with_no_speaker_is_flagged() {
        let text = "The rain fell.\n\n\"We will win in November and everyone knows it.\"\n";
        assert_eq!(
            codes(text),
            vec![(
                "unattributed-quote",
                "\"We will win in November and everyone knows it.\"".to_string()
            )]
        );
    }

    #[test]
    fn new_paragraph_quote_credited_by_assumption_is_still_flagged() {
        let text = "\"We will win,\" Smith said.\n\n\"And we will win big, believe me, in every state.\"\n";
        let got = codes(text);
        assert_eq!(got.len(), 1);
        assert!(got[0].1.starts_with("\"And we will win big"));
    }

    #[test]
    fn multi_paragraph_quote_is_not_flagged() {
        let text = "\"We will win,\" Smith said. \"We will win in every state.\n\n\"And we will win big.\"\n";
        assert!(codes(text).is_empty());
    }

    #[test]
    fn scare_quotes_are_not_flagged() {
        assert!(codes("The so-called \"deal\" fell apart on Tuesday.").is_empty());
    }
}
