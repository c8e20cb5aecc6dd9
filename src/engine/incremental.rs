//! Incremental analysis for an editor: an [`Analyzer`] keeps every paragraph's local result,
//! keyed by the paragraph's text and the article's quote style, so an edit re-runs
//! [`analyze_paragraph`] only on the paragraphs it touched and then the document pass
//! ([`link`]). The result is always identical to a fresh [`analyze`](super::analyze).

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;

use super::marks::detect_style;
use super::model::{Analysis, QuoteStyle};
use super::paragraph::{ParagraphAnalysis, analyze_paragraph};
use super::{link, text};

/// One cached paragraph: its local analysis and the last analysis run that used it.
struct Entry {
    local: Arc<ParagraphAnalysis>,
    seen: u64,
}

/// Analyses successive versions of one document, re-analysing only changed paragraphs.
///
/// The cache holds the paragraphs of the latest version only (plus nothing else): entries for
/// paragraphs that are no longer in the text are evicted at every [`Analyzer::analyze`], so its
/// size follows the document's. Identical paragraphs share one entry.
#[derive(Default)]
pub struct Analyzer {
    /// The style the cached results were computed for; a change of style empties the cache.
    style: Option<QuoteStyle>,
    cache: HashMap<Box<str>, Entry, FastHash>,
    run: u64,
    /// Paragraphs analysed afresh by the last call (for tests and benchmarks).
    fresh: usize,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("style", &self.style)
            .field("cached", &self.cache.len())
            .field("fresh", &self.fresh)
            .finish()
    }
}

impl Analyzer {
    pub fn new() -> Self {
        Analyzer::default()
    }

    /// Analyses `text`; the same result as [`analyze`](super::analyze)`(text)`.
    pub fn analyze(&mut self, text: &str) -> Analysis {
        let style = detect_style(text);
        if self.style != Some(style) {
            self.cache.clear();
            self.style = Some(style);
        }
        self.run += 1;
        let run = self.run;
        let paragraphs = text::paragraphs(text);
        let mut fresh = 0;
        let locals: Vec<Arc<ParagraphAnalysis>> = paragraphs
            .iter()
            .map(|p| {
                let t = p.slice(text);
                if let Some(e) = self.cache.get_mut(t) {
                    e.seen = run;
                    return e.local.clone();
                }
                fresh += 1;
                let local = Arc::new(analyze_paragraph(t, style));
                self.cache.insert(
                    t.into(),
                    Entry {
                        local: local.clone(),
                        seen: run,
                    },
                );
                local
            })
            .collect();
        if fresh > 0 || self.cache.len() > paragraphs.len() {
            self.cache.retain(|_, e| e.seen == run);
        }
        self.fresh = fresh;
        let refs: Vec<&ParagraphAnalysis> = locals.iter().map(|l| &**l).collect();
        link(text, style, paragraphs, &refs)
    }

    /// How many paragraphs the last [`Analyzer::analyze`] had to analyse afresh.
    pub fn last_fresh(&self) -> usize {
        self.fresh
    }

    /// Distinct paragraphs in the cache.
    pub fn cached(&self) -> usize {
        self.cache.len()
    }

    /// Drops every cached paragraph.
    pub fn clear(&mut self) {
        self.cache.clear();
        self.style = None;
    }
}

/// A fast non-cryptographic hash for paragraph keys (FxHash's multiply-rotate, eight bytes at a
/// time), seeded per process. Hashing every paragraph of a long document at each keystroke with
/// SipHash would cost more than the rest of the lookup.
#[derive(Clone, Copy)]
struct FastHash(u64);

impl Default for FastHash {
    fn default() -> Self {
        // Per-process randomness from the standard library, so collisions cannot be planned.
        FastHash(std::collections::hash_map::RandomState::new().hash_one(0u64) | 1)
    }
}

impl BuildHasher for FastHash {
    type Hasher = FxHasher;
    fn build_hasher(&self) -> FxHasher {
        FxHasher(self.0)
    }
}

struct FxHasher(u64);

const K: u64 = 0x517c_c1b7_2722_0a95;

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf) ^ ((rest.len() as u64) << 59));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        // A final avalanche so the low bits hashbrown uses depend on every input bit.
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::analyze;

    #[test]
    fn only_changed_paragraphs_are_reanalysed() {
        let mut a = Analyzer::new();
        let v1 = "“We will win,” said Jen Psaki.\n\nShe left.\n\n“Not yet,” she said.\n";
        assert_eq!(a.analyze(v1), analyze(v1));
        assert_eq!(a.last_fresh(), 3);
        let v2 = "“We will win,” said Jen Psaki.\n\nShe left early.\n\n“Not yet,” she said.\n";
        assert_eq!(a.analyze(v2), analyze(v2));
        assert_eq!(a.last_fresh(), 1);
        assert_eq!(a.cached(), 3);
        // Evicted: the old paragraph is gone.
        let v3 = "“We will win,” said Jen Psaki.\n";
        assert_eq!(a.analyze(v3), analyze(v3));
        assert_eq!(a.last_fresh(), 0);
        assert_eq!(a.cached(), 1);
    }

    #[test]
    fn a_change_of_style_starts_afresh() {
        let mut a = Analyzer::new();
        let double = "“Yes,” he said.\n\n‘No,’ she said.\n";
        assert_eq!(a.analyze(double), analyze(double));
        let single = "‘Yes,’ he said.\n\n‘No,’ she said.\n\n‘Maybe,’ they said.\n";
        assert_eq!(a.analyze(single), analyze(single));
        assert_eq!(a.last_fresh(), 3);
    }
}
