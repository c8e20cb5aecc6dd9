//! `unbalanced-quote`: an opening mark that never closes, or a closing mark with no opening one.
//! A paragraph left open because the next one reopens the quote (the multi-paragraph convention)
//! is not unbalanced; the engine has already told the two apart.

use super::{Check, Finding, Severity};
use crate::engine::{Analysis, MarkProblem};

pub struct UnbalancedQuote;

impl Check for UnbalancedQuote {
    fn code(&self) -> &'static str {
        "unbalanced-quote"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn description(&self) -> &'static str {
        "a quotation mark that opens and never closes, or closes and never opened"
    }

    fn run(&self, _text: &str, analysis: &Analysis, out: &mut Vec<Finding>) {
        for m in &analysis.unbalanced {
            let message = match m.problem {
                MarkProblem::Unclosed => {
                    "opening quotation mark is never closed (and the next paragraph does not continue the quote)"
                }
                MarkProblem::Unopened => "closing quotation mark has no opening mark",
            };
            out.push(Finding {
                code: self.code(),
                severity: self.default_severity(),
                span: m.span,
                message: message.to_string(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::{CheckConfig, run_all};
    use crate::engine::analyze;

    fn spans(text: &str) -> Vec<String> {
        let a = analyze(text);
        run_all(text, &a, &CheckConfig::default())
            .into_iter()
            .filter(|f| f.code == "unbalanced-quote")
            .map(|f| f.span.slice(text).to_string())
            .collect()
    }

    #[test]
    fn balanced_copy_is_clean() {
        assert!(spans("“We will,” she said.").is_empty());
    }

    #[test]
    fn multi_paragraph_quote_is_not_unbalanced() {
        let text = "“We will fight on the beaches,” he said. “We will never surrender.\n\n“We will go on to the end.”\n";
        assert!(spans(text).is_empty());
    }

    #[test]
    fn quote_that_never_closes_is_flagged_at_its_mark() {
        let text = "“We will fight on the beaches, he said.\n\nThe crowd cheered.\n";
        assert_eq!(spans(text), vec!["“".to_string()]);
    }

    #[test]
    fn stray_closing_mark_is_flagged() {
        let text = "We will fight on the beaches,” he said.\n";
        assert_eq!(spans(text), vec!["”".to_string()]);
    }
}
