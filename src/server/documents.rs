//! Open documents: text as a rope, version, language, and the latest analysis.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, Mutex};

use ropey::Rope;
use tower_lsp_server::ls_types::{Range, TextDocumentContentChangeEvent, Uri};

use crate::engine::{Analysis, Analyzer};
use crate::position::{Encoding, LineCol, LineIndex, position_to_offset_rope};

/// How a document's text is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    Plaintext,
    Markdown,
}

impl Language {
    /// The language for an LSP language id, and whether the id was one we know.
    pub fn from_id(id: &str) -> (Language, bool) {
        match id {
            "markdown" => (Language::Markdown, true),
            "plaintext" | "text" => (Language::Plaintext, true),
            _ => (Language::Plaintext, false),
        }
    }
}

/// One analysed version of a document. Spans in `analysis` are byte offsets into `text`.
#[derive(Debug)]
pub struct Analyzed {
    /// The [`Document::id`] and version analysed.
    pub doc: u64,
    pub version: i32,
    /// The document text as the user has it (not masked): positions are computed on this.
    pub text: String,
    pub index: LineIndex,
    pub analysis: Analysis,
}

#[derive(Debug)]
pub struct Document {
    /// Unique per open: a buffer closed and reopened at the same version number is a different
    /// document, and work started for the old one must not land on the new one.
    pub id: u64,
    pub rope: Rope,
    pub version: i32,
    pub language: Language,
    /// The latest analysis: of `version` once computed (check [`Analyzed::version`]), else of
    /// an earlier version, whose line index the next analysis takes over where the text is
    /// unchanged.
    pub analyzed: Option<Arc<Analyzed>>,
    /// The newest version whose diagnostics were published.
    pub published: Option<i32>,
    /// Per-paragraph cache: an edit re-analyses only the paragraphs it touched. Shared with the
    /// blocking job analysing the document; jobs for one document take turns on it.
    pub analyzer: Arc<Mutex<Analyzer>>,
    /// `version`, readable from a blocking job so that work for a superseded version stops.
    pub latest: Arc<AtomicI32>,
}

/// Why a change was not applied.
#[derive(Debug, PartialEq, Eq)]
pub enum ChangeError {
    UnknownDocument,
    /// The change's version is not newer than the document's.
    Stale {
        have: i32,
        got: i32,
    },
}

/// What [`Document::latest`] reads once the document is closed.
const CLOSED: i32 = i32::MIN;

#[derive(Debug, Default)]
pub struct Documents {
    docs: HashMap<Uri, Document>,
    opened: u64,
}

/// Byte range of an LSP range in `rope`, clamped, start never after end.
pub fn range_to_bytes(rope: &Rope, range: Range, enc: Encoding) -> (usize, usize) {
    let a = position_to_offset_rope(
        rope,
        LineCol::new(range.start.line, range.start.character),
        enc,
    );
    let b = position_to_offset_rope(rope, LineCol::new(range.end.line, range.end.character), enc);
    (a.min(b), a.max(b))
}

impl Documents {
    /// Opens (or reopens) a document; returns its id.
    pub fn open(&mut self, uri: Uri, text: &str, version: i32, language: Language) -> u64 {
        self.opened += 1;
        let id = self.opened;
        self.docs.insert(
            uri,
            Document {
                id,
                rope: Rope::from_str(text),
                version,
                language,
                analyzed: None,
                published: None,
                analyzer: Arc::default(),
                latest: Arc::new(AtomicI32::new(version)),
            },
        );
        id
    }

    /// Forgets `uri`. Work still running for it sees a version no open document has (the
    /// smallest `i32`, which no editor sends) and stops: nothing is published for a closed
    /// buffer.
    pub fn close(&mut self, uri: &Uri) -> bool {
        match self.docs.remove(uri) {
            Some(doc) => {
                doc.latest.store(CLOSED, Ordering::SeqCst);
                true
            }
            None => false,
        }
    }

    pub fn get(&self, uri: &Uri) -> Option<&Document> {
        self.docs.get(uri)
    }

    pub fn get_mut(&mut self, uri: &Uri) -> Option<&mut Document> {
        self.docs.get_mut(uri)
    }

    /// Every open document with its id and version.
    pub fn open_documents(&self) -> Vec<(Uri, u64, i32)> {
        self.docs
            .iter()
            .map(|(u, d)| (u.clone(), d.id, d.version))
            .collect()
    }

    /// The id and version of `uri` if it is open.
    pub fn current(&self, uri: &Uri) -> Option<(u64, i32)> {
        self.docs.get(uri).map(|d| (d.id, d.version))
    }

    /// Applies `changes` in order and moves the document to `version`.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
        enc: Encoding,
    ) -> Result<u64, ChangeError> {
        let doc = self.docs.get_mut(uri).ok_or(ChangeError::UnknownDocument)?;
        if version <= doc.version {
            return Err(ChangeError::Stale {
                have: doc.version,
                got: version,
            });
        }
        for change in changes {
            apply(&mut doc.rope, change, enc);
        }
        doc.version = version;
        doc.latest.store(version, Ordering::SeqCst);
        Ok(doc.id)
    }
}

/// Applies one content change to `rope`. Out-of-range positions are clamped, never a panic.
pub fn apply(rope: &mut Rope, change: &TextDocumentContentChangeEvent, enc: Encoding) {
    match change.range {
        None => *rope = Rope::from_str(&change.text),
        Some(range) => {
            let (start, end) = range_to_bytes(rope, range, enc);
            let (cs, ce) = (rope.byte_to_char(start), rope.byte_to_char(end));
            rope.remove(cs..ce);
            rope.insert(cs, &change.text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::Position;

    fn edit(l0: u32, c0: u32, l1: u32, c1: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l0, c0), Position::new(l1, c1))),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn edits_in_utf16_and_utf8() {
        let mut r = Rope::from_str("a😀b\r\nc");
        apply(&mut r, &edit(0, 3, 0, 4, "B"), Encoding::Utf16);
        assert_eq!(r.to_string(), "a😀B\r\nc");
        apply(&mut r, &edit(0, 1, 0, 5, ""), Encoding::Utf8);
        assert_eq!(r.to_string(), "aB\r\nc");
        // Out of range: clamped to the end of the document.
        apply(&mut r, &edit(9, 9, 10, 0, "!"), Encoding::Utf16);
        assert_eq!(r.to_string(), "aB\r\nc!");
        // Reversed range is normalised.
        apply(&mut r, &edit(0, 2, 0, 0, "x"), Encoding::Utf16);
        assert_eq!(r.to_string(), "x\r\nc!");
    }

    #[test]
    fn random_edits_at_random_positions_never_panic() {
        // A small LCG: deterministic, no dependency.
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |n: u32| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) as u32) % n
        };
        let pieces = [
            "", "a", "😀", "e\u{301}", "\r\n", "\r", "\n", "“x”", "\u{2028}",
        ];
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            let mut r = Rope::from_str("“We will,” he said.\r\n\r\n😀 ok\n");
            for _ in 0..2000 {
                let lines = r.len_lines() as u32 + 2;
                let (l0, l1) = (next(lines), next(lines));
                let (c0, c1) = (next(12), next(12));
                let text = pieces[next(pieces.len() as u32) as usize];
                apply(&mut r, &edit(l0, c0, l1, c1, text), enc);
                let s = r.to_string();
                assert_eq!(s.len(), r.len_bytes());
            }
        }
    }

    #[test]
    fn closing_stops_the_work_still_running_for_the_document() {
        let uri: Uri = "file:///a.txt".parse().unwrap();
        let mut d = Documents::default();
        d.open(uri.clone(), "x", 3, Language::Plaintext);
        // What a blocking job holds while it analyses version 3.
        let latest = d.get(&uri).unwrap().latest.clone();
        assert_eq!(latest.load(Ordering::SeqCst), 3);
        assert!(d.close(&uri));
        assert_ne!(latest.load(Ordering::SeqCst), 3);
        assert!(!d.close(&uri));
    }

    #[test]
    fn stale_and_unknown() {
        let uri: Uri = "file:///a.txt".parse().unwrap();
        let mut d = Documents::default();
        assert_eq!(
            d.change(&uri, 1, &[], Encoding::Utf16),
            Err(ChangeError::UnknownDocument)
        );
        d.open(uri.clone(), "x", 3, Language::Plaintext);
        assert_eq!(
            d.change(&uri, 3, &[], Encoding::Utf16),
            Err(ChangeError::Stale { have: 3, got: 3 })
        );
        assert!(
            d.change(&uri, 4, &[edit(0, 1, 0, 1, "y")], Encoding::Utf16)
                .is_ok()
        );
        assert_eq!(d.get(&uri).unwrap().rope.to_string(), "xy");
    }
}
