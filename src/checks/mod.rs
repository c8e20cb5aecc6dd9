//! Diagnostic checks. Each check is one small module with a stable code that users can switch
//! off or re-grade; [`REGISTRY`] is the one place they are listed.

mod unattributed_quote;
mod unbalanced_quote;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::engine::{Analysis, Span};

/// How loudly a finding is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Information,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Information => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses a user's setting: "error", "warning", "info"/"information", "hint".
    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" | "information" => Some(Severity::Information),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// One problem in the copy, with the byte span it covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub span: Span,
    pub message: String,
}

/// A check: reads an analysis and reports findings at its default severity.
pub trait Check: Sync {
    /// Stable identifier users configure the check by, e.g. `unattributed-quote`.
    fn code(&self) -> &'static str;
    fn default_severity(&self) -> Severity;
    /// One line for settings UIs and `--help`.
    fn description(&self) -> &'static str;
    fn run(&self, text: &str, analysis: &Analysis, out: &mut Vec<Finding>);
}

/// Every check copydesk has, in the order their findings are reported.
pub static REGISTRY: &[&dyn Check] = &[
    &unbalanced_quote::UnbalancedQuote,
    &unattributed_quote::UnattributedQuote,
];

/// Looks a check up by its code.
pub fn by_code(code: &str) -> Option<&'static dyn Check> {
    REGISTRY.iter().copied().find(|c| c.code() == code)
}

/// What the user has said about one check.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CheckSetting {
    /// `Some(false)` switches the check off.
    pub enabled: Option<bool>,
    /// Replaces the check's default severity.
    pub severity: Option<Severity>,
}

/// Per-check settings, keyed by code. Codes nobody registered are kept out by [`CheckConfig::set`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckConfig {
    settings: HashMap<&'static str, CheckSetting>,
}

/// A setting that names no registered check.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unknown check `{0}`")]
pub struct UnknownCheck(pub String);

impl CheckConfig {
    pub fn set(&mut self, code: &str, setting: CheckSetting) -> Result<(), UnknownCheck> {
        let check = by_code(code).ok_or_else(|| UnknownCheck(code.to_string()))?;
        self.settings.insert(check.code(), setting);
        Ok(())
    }

    pub fn get(&self, code: &str) -> CheckSetting {
        self.settings.get(code).copied().unwrap_or_default()
    }

    fn severity_of(&self, check: &dyn Check) -> Option<Severity> {
        let s = self.get(check.code());
        if s.enabled == Some(false) {
            return None;
        }
        Some(s.severity.unwrap_or_else(|| check.default_severity()))
    }
}

/// Runs every enabled check and returns the findings in text order.
pub fn run_all(text: &str, analysis: &Analysis, config: &CheckConfig) -> Vec<Finding> {
    // About one finding per quote on copy that needs work; sized once, not doubled ten times
    // on a long document.
    let mut all = Vec::with_capacity(analysis.quotes.len() + analysis.unbalanced.len());
    for check in REGISTRY {
        let Some(severity) = config.severity_of(*check) else {
            continue;
        };
        let start = all.len();
        check.run(text, analysis, &mut all);
        for f in &mut all[start..] {
            f.severity = severity;
        }
    }
    all.sort_by_key(|f| (f.span.start, f.span.end));
    all
}
