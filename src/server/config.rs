//! Server settings, from `initializationOptions` or `workspace/didChangeConfiguration`.
//!
//! Shape (agreed with the editor integrations):
//!
//! ```json
//! {"checks": {"unattributed-quote": {"enabled": true, "severity": "warning"},
//!             "unbalanced-quote": {"enabled": false}}}
//! ```
//!
//! optionally wrapped as `{"copydesk": {...}}`. Anything not understood is ignored and reported
//! back as a warning for `window/logMessage`; it never fails the request.

use serde_json::Value;

use crate::checks::{CheckConfig, CheckSetting, Severity, by_code};

/// Settings parsed from a client value, with what was ignored.
#[derive(Debug, Default, PartialEq)]
pub struct Parsed {
    /// `None` when the value has no `checks` section at all: the current settings stand. (Neovim
    /// sends an empty `didChangeConfiguration` right after start-up, which must not wipe the
    /// `initializationOptions`.) `{"checks": {}}` resets every check to its default.
    pub checks: Option<CheckConfig>,
    pub warnings: Vec<String>,
}

/// Parses settings.
pub fn parse(value: &Value) -> Parsed {
    let mut out = Parsed::default();
    let root = match value {
        Value::Null => return out,
        Value::Object(map) => match map.get("copydesk") {
            Some(inner) if map.len() == 1 || !map.contains_key("checks") => inner,
            _ => value,
        },
        other => {
            out.warnings
                .push(format!("ignored settings: expected an object, got {other}"));
            return out;
        }
    };
    let Some(map) = root.as_object() else {
        if !root.is_null() {
            out.warnings
                .push(format!("ignored settings: expected an object, got {root}"));
        }
        return out;
    };
    for (key, val) in map {
        if key != "checks" {
            out.warnings
                .push(format!("ignored unknown setting `{key}`"));
            continue;
        }
        let Some(checks) = val.as_object() else {
            if !val.is_null() {
                out.warnings
                    .push(format!("ignored `checks`: expected an object, got {val}"));
            }
            continue;
        };
        let config = out.checks.get_or_insert_with(CheckConfig::default);
        for (code, setting) in checks {
            if by_code(code).is_none() {
                out.warnings.push(format!("ignored unknown check `{code}`"));
                continue;
            }
            let mut s = CheckSetting::default();
            match setting {
                // Shorthand some users will try: `"unbalanced-quote": false`.
                Value::Bool(b) => s.enabled = Some(*b),
                Value::Object(fields) => {
                    for (field, v) in fields {
                        match (field.as_str(), v) {
                            ("enabled", Value::Bool(b)) => s.enabled = Some(*b),
                            ("severity", Value::String(name)) => match Severity::parse(name) {
                                Some(sev) => s.severity = Some(sev),
                                None => out.warnings.push(format!(
                                    "ignored unknown severity `{name}` for `{code}` \
                                     (use error, warning, info or hint)"
                                )),
                            },
                            (_, Value::Null) => {}
                            ("enabled" | "severity", other) => out.warnings.push(format!(
                                "ignored `{code}.{field}`: unexpected value {other}"
                            )),
                            _ => out
                                .warnings
                                .push(format!("ignored unknown setting `{code}.{field}`")),
                        }
                    }
                }
                other => out
                    .warnings
                    .push(format!("ignored `{code}`: expected an object, got {other}")),
            }
            // `by_code` succeeded, so `set` cannot fail.
            let _ = config.set(code, s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn agreed_shape_parses() {
        let p = parse(&json!({"checks": {
            "unattributed-quote": {"enabled": true, "severity": "warning"},
            "unbalanced-quote": {"enabled": false}
        }}));
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        let checks = p.checks.unwrap();
        assert_eq!(checks.get("unbalanced-quote").enabled, Some(false));
        assert_eq!(
            checks.get("unattributed-quote").severity,
            Some(Severity::Warning)
        );
    }

    #[test]
    fn wrapped_shape_parses() {
        let p = parse(&json!({"copydesk": {"checks": {"unbalanced-quote": {"severity": "hint"}}}}));
        assert!(p.warnings.is_empty());
        assert_eq!(
            p.checks.unwrap().get("unbalanced-quote").severity,
            Some(Severity::Hint)
        );
    }

    #[test]
    fn unknown_things_are_warned_not_fatal() {
        let p = parse(&json!({"checks": {
            "no-such-check": {},
            "unbalanced-quote": {"severity": "loud", "colour": "red", "enabled": false}
        }, "extra": 1}));
        assert_eq!(p.warnings.len(), 4, "{:?}", p.warnings);
        let checks = p.checks.unwrap();
        assert_eq!(checks.get("unbalanced-quote").enabled, Some(false));
        assert_eq!(checks.get("unbalanced-quote").severity, None);
    }

    #[test]
    fn no_checks_section_keeps_current_settings() {
        assert_eq!(parse(&Value::Null), Parsed::default());
        assert_eq!(parse(&json!({})), Parsed::default());
        assert_eq!(parse(&json!(3)).checks, None);
        assert_eq!(parse(&json!({"copydesk": null})), Parsed::default());
        assert_eq!(
            parse(&json!({"checks": {}})).checks,
            Some(CheckConfig::default())
        );
    }
}
