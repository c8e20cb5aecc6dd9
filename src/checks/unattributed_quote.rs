//! `unattributed-quote`: someone's words are quoted and the copy credits nobody with them.

use super::{Check, Finding, Severity};
use crate::engine::{Analysis, QuoteKind};

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
            if q.kind != QuoteKind::Speech || q.attribution.is_some() {
                continue;
            }
            out.push(Finding {
                code: self.code(),
                severity: self.default_severity(),
                span: q.span,
                message: "quote has no attribution: add who said it (e.g. `, Smith said.`)"
                    .to_string(),
            });
        }
    }
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
    fn scare_quotes_are_not_flagged() {
        assert!(codes("The so-called \"deal\" fell apart on Tuesday.").is_empty());
    }
}
