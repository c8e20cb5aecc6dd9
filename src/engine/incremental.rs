//! Incremental analysis for an editor: an [`Analyzer`] keeps every paragraph's local result,
//! keyed by the paragraph's text and the article's quote style, so an edit re-runs
//! [`analyze_paragraph`] only on the paragraphs it touched and then the document pass
//! ([`link`]). The result is always identical to a fresh [`analyze`](super::analyze).

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;

use crate::bytes::shared_ends;

use super::marks::{StyleVotes, style_of, style_votes};
use super::model::{Analysis, QuoteStyle, Span};
use super::paragraph::{ParagraphAnalysis, analyze_paragraph};
use super::resolve::EditMap;
use super::{Cancelled, Edited, Resume, link, text};

/// One cached paragraph: its local analysis and how many paragraphs of the current text have
/// this text.
struct Entry {
    local: Arc<ParagraphAnalysis>,
    uses: usize,
}

/// The text last analysed, with its paragraphs and their local results.
#[derive(Default)]
struct Previous {
    text: String,
    /// The house-style votes of `text`'s lines.
    votes: StyleVotes,
    paragraphs: Vec<Span>,
    locals: Vec<Arc<ParagraphAnalysis>>,
}

/// Analyses successive versions of one document, re-analysing only changed paragraphs.
///
/// The cache holds the paragraphs of the latest version only (plus nothing else): entries for
/// paragraphs that are no longer in the text are evicted at every [`Analyzer::analyze`], so its
/// size follows the document's. Identical paragraphs share one entry. The one exception: the
/// paragraphs a cancelled call analysed stay, unused, until the next call that gets through
/// its paragraphs (a later version most often has them too).
#[derive(Default)]
pub struct Analyzer {
    /// The style the cached results were computed for; a change of style empties the cache.
    style: Option<QuoteStyle>,
    cache: HashMap<Box<str>, Entry, FastHash>,
    prev: Previous,
    /// The document pass's state, to go on from the first paragraph an edit touched.
    resume: Resume,
    /// Paragraphs analysed afresh by the last call (for tests and benchmarks).
    fresh: usize,
    /// A cancelled call left entries no paragraph of the text uses (`uses == 0`).
    unused: bool,
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
    ///
    /// The paragraphs in the stretch the previous text and `text` share at their start and at
    /// their end keep their results without being looked at again; the paragraphs of the stretch
    /// in between are split afresh and looked up in the cache by their text.
    pub fn analyze(&mut self, text: &str) -> Analysis {
        match self.analyze_cancellable(text, &|| false) {
            Ok(analysis) => analysis,
            Err(Cancelled) => {
                unreachable!("an analysis that is never asked to stop is not cancelled")
            }
        }
    }

    /// [`Analyzer::analyze`], giving up with [`Cancelled`] as soon as `should_stop` says yes.
    ///
    /// `should_stop` is asked before each paragraph analysed afresh and before each paragraph
    /// of the document pass (see [`link`]), so it should be cheap, such as reading an atomic.
    /// A cancelled call leaves the analyzer ready for any text: one cancelled among the
    /// paragraphs leaves the previous text as it was (the paragraphs it analysed stay in the
    /// cache); one cancelled in the document pass has all of `text`'s paragraphs and takes
    /// `text` as the previous text, the document pass going on next time from its checkpoint.
    pub fn analyze_cancellable(
        &mut self,
        text: &str,
        should_stop: &dyn Fn() -> bool,
    ) -> Result<Analysis, Cancelled> {
        let (prefix, suffix) = shared_ends(self.prev.text.as_bytes(), text.as_bytes());
        // The style votes of the lines the edit touched are recounted; the others keep theirs.
        let votes = {
            let (o, n) = (self.prev.text.as_bytes(), text.as_bytes());
            let lo = o[..prefix]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let line_end = |t: &[u8]| {
                let from = t.len() - suffix;
                t[from..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(t.len(), |i| from + i)
            };
            let mut votes = self.prev.votes;
            votes.sub(style_votes(&self.prev.text[lo..line_end(o)]));
            votes.add(style_votes(&text[lo..line_end(n)]));
            votes
        };
        let style = style_of(votes);
        let (prefix, suffix) = if self.style != Some(style) {
            self.cache.clear();
            self.prev = Previous::default();
            self.style = Some(style);
            (0, 0)
        } else {
            (prefix, suffix)
        };
        let old = std::mem::take(&mut self.prev);
        let n = text.as_bytes();
        // Lines that end (break included) inside the shared start, or start (break before them
        // included) inside the shared end, split and read exactly as before.
        let head_end = n[..prefix].iter().rposition(|&b| b == b'\n' || b == b'\r');
        let tail_from = n.len() - suffix;
        let tail_start = n[tail_from..]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .map_or(n.len(), |i| tail_from + i);
        let delta = n.len() as isize - old.text.len() as isize;
        let keep_head = head_end.map_or(0, |h| old.paragraphs.partition_point(|p| p.end <= h));
        let keep_tail_from = old
            .paragraphs
            .partition_point(|p| (p.start as isize + delta) <= tail_start as isize)
            .max(keep_head);

        // The paragraphs that left: release their cache entries.
        for (p, _) in old.paragraphs[keep_head..keep_tail_from]
            .iter()
            .zip(&old.locals[keep_head..keep_tail_from])
        {
            let t = p.slice(&old.text);
            if let Some(e) = self.cache.get_mut(t) {
                e.uses -= 1;
                if e.uses == 0 {
                    self.cache.remove(t);
                }
            }
        }
        // The stretch in between, split afresh.
        let mid_start = head_end.map_or(0, |h| h + 1).min(tail_start);
        let mut fresh = 0;
        let mut mid_paragraphs: Vec<Span> = Vec::new();
        let mut mid_locals: Vec<Arc<ParagraphAnalysis>> = Vec::new();
        for p in text::paragraphs(&text[mid_start..tail_start]) {
            let p = p.shift(mid_start);
            let t = p.slice(text);
            let local = match self.cache.get_mut(t) {
                Some(e) => {
                    e.uses += 1;
                    e.local.clone()
                }
                None => {
                    if should_stop() {
                        self.give_back(old, keep_head..keep_tail_from, &mid_paragraphs, text);
                        return Err(Cancelled);
                    }
                    fresh += 1;
                    let local = Arc::new(analyze_paragraph(t, style));
                    self.cache.insert(
                        t.into(),
                        Entry {
                            local: local.clone(),
                            uses: 1,
                        },
                    );
                    local
                }
            };
            mid_paragraphs.push(p);
            mid_locals.push(local);
        }
        // Every paragraph of `text` is counted now: what a cancelled call left unused goes.
        if std::mem::take(&mut self.unused) {
            self.cache.retain(|_, e| e.uses > 0);
        }
        // The previous lists with the stretch in between replaced, in place: the paragraphs
        // before and after it keep their results without a reference count going up and down.
        let Previous {
            text: old_text,
            mut paragraphs,
            mut locals,
            ..
        } = old;
        // One paragraph edited into one: the document pass may stop after it (see `link`).
        let edited_one = (keep_tail_from == keep_head + 1 && mid_locals.len() == 1)
            .then(|| (locals[keep_head].clone(), paragraphs[keep_head].start));
        let map = EditMap {
            start: prefix,
            old_end: old_text.len() - suffix,
            new_end: text.len() - suffix,
        };
        for p in &mut paragraphs[keep_tail_from..] {
            let start = (p.start as isize + delta) as usize;
            *p = Span::new(start, start + p.len());
        }
        paragraphs.splice(keep_head..keep_tail_from, mid_paragraphs);
        locals.splice(keep_head..keep_tail_from, mid_locals);
        self.fresh = fresh;
        let refs: Vec<&ParagraphAnalysis> = locals.iter().map(|l| &**l).collect();
        // The first `keep_head` paragraphs, and the text before the next one, are the previous
        // text's.
        let analysis = link(
            text,
            style,
            paragraphs.clone(),
            &refs,
            &mut self.resume,
            keep_head,
            edited_one.map(|(old, old_start)| Edited {
                map,
                old,
                old_start,
            }),
            should_stop,
        );
        drop(refs);
        let mut prev_text = old_text;
        take_over(&mut prev_text, text, prefix, suffix);
        self.prev = Previous {
            text: prev_text,
            votes,
            paragraphs,
            locals,
        };
        analysis
    }

    /// Undoes a call cancelled among the paragraphs: `old` is the previous text again, with
    /// its paragraphs `left` (which the call released) counted again and the paragraphs `mid`
    /// of `text` it had taken not. The entries made for those stay, unused, until the next
    /// call that gets through its paragraphs.
    fn give_back(&mut self, old: Previous, left: std::ops::Range<usize>, mid: &[Span], text: &str) {
        for p in mid {
            if let Some(e) = self.cache.get_mut(p.slice(text)) {
                e.uses -= 1;
                self.unused |= e.uses == 0;
            }
        }
        for (p, local) in old.paragraphs[left.clone()].iter().zip(&old.locals[left]) {
            let t = p.slice(&old.text);
            match self.cache.get_mut(t) {
                Some(e) => e.uses += 1,
                None => {
                    self.cache.insert(
                        t.into(),
                        Entry {
                            local: local.clone(),
                            uses: 1,
                        },
                    );
                }
            }
        }
        self.prev = old;
    }

    /// How many paragraphs the last [`Analyzer::analyze`] had to analyse afresh.
    pub fn last_fresh(&self) -> usize {
        self.fresh
    }

    /// The paragraph the last [`Analyzer::analyze`] started resolving mentions at: the
    /// paragraphs before it kept the resolver's state from an earlier pass.
    pub fn last_linked_from(&self) -> usize {
        self.resume.from
    }

    /// Whether the last [`Analyzer::analyze`] stopped resolving mentions after the paragraph
    /// the edit touched, the resolver's state there being the previous pass's, and took over
    /// that pass's results for the rest.
    pub fn last_took_over(&self) -> bool {
        self.resume.took_over
    }

    /// Distinct paragraphs in the cache.
    pub fn cached(&self) -> usize {
        self.cache.len()
    }

    /// Drops every cached paragraph.
    pub fn clear(&mut self) {
        self.cache.clear();
        self.prev = Previous::default();
        self.resume = Resume::default();
        self.style = None;
        self.unused = false;
    }
}

/// Makes `old` equal to `new`, whose first `prefix` and last `suffix` bytes are `old`'s
/// ([`shared_ends`], both 0 for an empty `old`), in place: only the bytes between are replaced
/// and the end moved (copying the whole text was 7 % of a keystroke's instructions at 100k
/// words). The shared ends are first narrowed to char boundaries (a shared byte may begin a
/// char that differs); a boundary within the shared bytes is one in `new` too.
fn take_over(old: &mut String, new: &str, prefix: usize, suffix: usize) {
    let mut from = prefix;
    while !old.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = old.len() - suffix;
    while !old.is_char_boundary(to) {
        to += 1;
    }
    let new_to = new.len() - (old.len() - to);
    old.replace_range(from..to, &new[from..new_to]);
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
    fn the_previous_text_is_taken_over_in_place() {
        // Edits that share bytes of a char that differs (“ and ” share E2 80), at either end,
        // that empty the text and that fill it again.
        let versions = [
            "“Yes,” he said.\n\n“No.”",
            "“Yes,“ he said.\n\n“No.”",
            "”Yes,“ he said.\n\n“No.”",
            "”Yes,“ he said.\n\n“No.“",
            "”Yes,“ he said.\n\n“No.“é",
            "é”Yes,“ he said.\n\n“No.“é",
            "",
            "ü",
            "é",
            "éé—",
            "é–é—",
            "“Yes,” he said.\n\n“No.”",
        ];
        for (i, old) in versions.iter().enumerate() {
            for new in &versions[i..] {
                let mut text = old.to_string();
                let (prefix, suffix) = shared_ends(old.as_bytes(), new.as_bytes());
                take_over(&mut text, new, prefix, suffix);
                assert_eq!(text, *new, "{old:?} → {new:?}");
            }
        }
        let mut a = Analyzer::new();
        for v in versions {
            assert_eq!(a.analyze(v), analyze(v));
            assert_eq!(a.prev.text, v);
        }
    }

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
    fn the_document_pass_goes_on_from_the_edited_paragraph() {
        let mut a = Analyzer::new();
        let v1 = "Jen Psaki spoke.\n\nShe left.\n\n“Not yet,” she said.\n\nThe end.\n";
        assert_eq!(a.analyze(v1), analyze(v1));
        assert_eq!(a.last_linked_from(), 0);
        // An edit in the third paragraph: the first pass left a checkpoint only at the end.
        let v2 = "Jen Psaki spoke.\n\nShe left.\n\n“Not yet,” she said then.\n\nThe end.\n";
        assert_eq!(a.analyze(v2), analyze(v2));
        assert_eq!(a.last_linked_from(), 0);
        // Another in the same paragraph goes on from it; one in the fourth too.
        let v3 = "Jen Psaki spoke.\n\nShe left.\n\n“Not yet,” he said then.\n\nThe end.\n";
        assert_eq!(a.analyze(v3), analyze(v3));
        assert_eq!(a.last_linked_from(), 2);
        let v4 =
            "Jen Psaki spoke.\n\nShe left.\n\n“Not yet,” he said then.\n\nThe end, she said.\n";
        assert_eq!(a.analyze(v4), analyze(v4));
        assert_eq!(a.last_linked_from(), 2);
        // One before it starts again from the beginning.
        let v5 =
            "Jen Psaki spoke up.\n\nShe left.\n\n“Not yet,” he said then.\n\nThe end, she said.\n";
        assert_eq!(a.analyze(v5), analyze(v5));
        assert_eq!(a.last_linked_from(), 0);
    }

    #[test]
    fn style_votes_kept_across_edits_equal_a_fresh_count() {
        let mut a = Analyzer::new();
        let mut text =
            String::from("‘Yes,’ he said.\r\n\n“No,” she said.\n'Maybe' \"so\"\r``x''\n");
        let pieces = ["", "\n", "\r\n", "‘", "“", "'a", "\"", "``", "x", "\r"];
        let mut seed: u64 = 7;
        for _ in 0..3000 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let r = (seed >> 33) as usize;
            let mut at = r % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + (r >> 8) % 4).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(at..end, pieces[(r >> 12) % pieces.len()]);
            assert_eq!(a.analyze(&text).style, analyze(&text).style);
            assert_eq!(a.prev.votes, style_votes(&text), "{text:?}");
        }
    }

    /// The cache's counts are the previous text's: every paragraph of it has an entry used as
    /// many times as the text has it; any other entry is unused, and only after a cancel.
    fn assert_counts_match_the_previous_text(a: &Analyzer) {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for p in &a.prev.paragraphs {
            *counts.entry(p.slice(&a.prev.text)).or_default() += 1;
        }
        for (t, n) in &counts {
            assert_eq!(a.cache.get(*t).map(|e| e.uses), Some(*n), "{t:?}");
        }
        for (t, e) in &a.cache {
            if !counts.contains_key(&**t) {
                assert!(a.unused && e.uses == 0, "{t:?} used {} times", e.uses);
            }
        }
        assert_eq!(a.prev.locals.len(), a.prev.paragraphs.len());
    }

    /// A probe that says stop from its `k + 1`-th call on.
    fn stop_after(k: usize) -> impl Fn() -> bool {
        let calls = std::cell::Cell::new(0);
        move || {
            calls.set(calls.get() + 1);
            calls.get() > k
        }
    }

    #[test]
    fn a_call_cancelled_among_the_paragraphs_leaves_the_previous_text() {
        let mut a = Analyzer::new();
        let v1 = "“We will win,” said Jen Psaki.\n\nShe left.\n\n“Not yet,” she said.\n";
        assert_eq!(a.analyze(v1), analyze(v1));
        // Three new paragraphs replace the last two: stopped before the third.
        let v2 = "“We will win,” said Jen Psaki.\n\nA.\n\nB.\n\n“C,” he said.\n";
        assert_eq!(a.analyze_cancellable(v2, &stop_after(2)), Err(Cancelled));
        assert_eq!(a.prev.text, v1);
        assert_counts_match_the_previous_text(&a);
        assert_eq!(a.cached(), 5, "the two paragraphs analysed stay");
        // The next version has them: they are not analysed again, and the unused entries go.
        let v3 = "“We will win,” said Jen Psaki.\n\nA.\n\nB.\n\n“C,” she said.\n";
        assert_eq!(a.analyze(v3), analyze(v3));
        assert_eq!(a.last_fresh(), 1);
        assert!(!a.unused);
        assert_counts_match_the_previous_text(&a);
        assert_eq!(a.cached(), 4);
        // Stopped at once: nothing changes.
        assert_eq!(a.analyze_cancellable(v1, &|| true), Err(Cancelled));
        assert_eq!(a.prev.text, v3);
        assert_counts_match_the_previous_text(&a);
        assert_eq!(a.analyze(v1), analyze(v1));
        assert_eq!(a.cached(), 3);
    }

    #[test]
    fn a_call_cancelled_in_the_document_pass_keeps_its_checkpoint() {
        let mut a = Analyzer::new();
        let v1 = "Jen Psaki spoke.\n\nShe left.\n\n“Not yet,” she said.\n\nThe end.\n\nOr not.\n";
        assert_eq!(a.analyze(v1), analyze(v1));
        let v2 =
            "Jen Psaki spoke.\n\nShe left.\n\n“Not yet,” she said then.\n\nThe end.\n\nOr not.\n";
        assert_eq!(a.analyze(v2), analyze(v2));
        // Paragraph 3 edited: one fresh paragraph (one probe), then the pass from paragraph 2
        // asks before paragraphs 2, 3 and 4: stopped before paragraph 4.
        let v3 =
            "Jen Psaki spoke.\n\nShe left.\n\n“Not yet,” he said then.\n\nThe end.\n\nOr not.\n";
        assert_eq!(a.analyze_cancellable(v3, &stop_after(3)), Err(Cancelled));
        assert_eq!(a.last_linked_from(), 2);
        assert_eq!(a.prev.text, v3, "all its paragraphs were analysed");
        assert_counts_match_the_previous_text(&a);
        // The next pass goes on from the checkpoint the cancelled one put back.
        let v4 = "Jen Psaki spoke.\n\nShe left.\n\n“Not yet,” he said then.\n\nThe end, he said.\n\nOr not.\n";
        assert_eq!(a.analyze(v4), analyze(v4));
        assert_eq!(a.last_linked_from(), 2);
        assert_eq!(a.last_fresh(), 1);
        // A probe that never says stop is asked once per paragraph analysed afresh and once per
        // paragraph of the pass.
        let asked = std::cell::Cell::new(0);
        let counting = || {
            asked.set(asked.get() + 1);
            false
        };
        assert_eq!(a.analyze_cancellable(v1, &counting), Ok(analyze(v1)));
        assert_eq!(asked.get(), 2 + 5);
    }

    #[test]
    fn the_cache_counts_stay_right_across_random_cancels() {
        let mut a = Analyzer::new();
        let mut text = String::from("“Yes,” he said.\n\nNo.\n\n‘Maybe,’ she said.\n\nNo.\n");
        let pieces = [
            "",
            "x",
            "\n\n",
            "No.\n\n",
            "“",
            "‘",
            "\n\n“Yes,” he said.\n\n",
        ];
        let mut seed: u64 = 11;
        for step in 0..3000 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let r = (seed >> 33) as usize;
            let mut at = r % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + (r >> 8) % 12).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(at..end, pieces[(r >> 12) % pieces.len()]);
            let result = a.analyze_cancellable(&text, &stop_after((r >> 16) % 8));
            assert_counts_match_the_previous_text(&a);
            if result.is_ok() || step % 3 == 0 {
                assert_eq!(a.analyze(&text), analyze(&text), "{text:?}");
                assert!(!a.unused);
                assert_counts_match_the_previous_text(&a);
            }
        }
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
