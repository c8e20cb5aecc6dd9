#![allow(dead_code)]
//! Invariants every analysis must hold, shared by the fuzz targets.

use copydesk::checks::{CheckConfig, run_all};
use copydesk::engine::{Analysis, Span};
use copydesk::position::{Encoding, LineIndex};
use copydesk::server::convert;
use copydesk::server::documents::Analyzed;

fn span_ok(text: &str, s: Span, what: &str) {
    assert!(s.start <= s.end, "{what}: reversed span {s:?}");
    assert!(
        s.end <= text.len(),
        "{what}: span {s:?} past the end ({})",
        text.len()
    );
    assert!(
        text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
        "{what}: span {s:?} not on char boundaries"
    );
}

/// Panics if any span of `a` is outside `text` or off a char boundary, or an index dangles.
pub fn check_analysis(text: &str, a: &Analysis) {
    for p in &a.paragraphs {
        span_ok(text, *p, "paragraph");
    }
    for w in a.paragraphs.windows(2) {
        assert!(w[0].end <= w[1].start, "paragraphs out of order: {w:?}");
    }
    for q in &a.quotes {
        span_ok(text, q.span, "quote");
        span_ok(text, q.inner, "quote inner");
        assert!(
            q.span.start <= q.inner.start && q.inner.end <= q.span.end,
            "inner {:?} outside quote {:?}",
            q.inner,
            q.span
        );
        assert!(q.paragraph < a.paragraphs.len(), "quote paragraph dangles");
        if let Some(at) = &q.attribution {
            if let Some(c) = at.cue {
                span_ok(text, c, "cue");
            }
            if let Some(m) = at.mention {
                span_ok(text, m, "mention");
            }
            if let Some(e) = at.entity {
                assert!(e < a.entities.len(), "attribution entity dangles");
            }
        }
    }
    for w in a.quotes.windows(2) {
        assert!(
            w[0].span.start <= w[1].span.start,
            "quotes out of text order: {:?} then {:?}",
            w[0].span,
            w[1].span
        );
    }
    for e in &a.entities {
        span_ok(text, e.introduced, "entity introduced");
        for m in &e.mentions {
            span_ok(text, *m, "entity mention");
        }
    }
    for u in &a.unbalanced {
        span_ok(text, u.span, "unbalanced mark");
    }
    for f in run_all(text, a, &CheckConfig::default()) {
        span_ok(text, f.span, f.code);
    }
}

/// Runs the language server's conversions (diagnostics, hovers) over an analysis.
pub fn check_server_views(text: &str, a: &Analysis, probes: &[usize]) {
    let analyzed = Analyzed {
        doc: 1,
        version: 1,
        text: text.to_string(),
        index: LineIndex::new(text),
        analysis: a.clone(),
    };
    for enc in [Encoding::Utf8, Encoding::Utf16] {
        let _ = convert::diagnostics(&analyzed, &CheckConfig::default(), enc);
        for &p in probes {
            let _ = convert::hover(&analyzed, p, enc);
        }
    }
}
