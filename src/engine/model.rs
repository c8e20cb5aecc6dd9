//! The typed result of analysing one article. Every span is a half-open range of UTF-8 byte
//! offsets into the text that was analysed, always on char boundaries.

use serde::Serialize;

/// A half-open byte range into the analysed text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub const fn len(&self) -> usize {
        self.end - self.start
    }
    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    /// True when `offset` lies inside the span (end exclusive).
    pub const fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
    pub const fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    pub fn shift(self, by: usize) -> Span {
        Span::new(self.start + by, self.end + by)
    }
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// Which marks an article uses as its outer quotation marks. Detected per article: American copy
/// quotes with double marks and nests single ones; British house style does the reverse.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuoteStyle {
    #[default]
    Double,
    Single,
}

/// Which marks open a quote: the corpus scorer and most style guides count only double
/// quotation marks as quotes; typewriter copy doubles apostrophes or backticks instead.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Marks {
    /// “…”, "…", „…“ or «…».
    #[default]
    Double,
    /// ‘…’ or '…' as the outer marks of British house style.
    Single,
    /// ''…'' or ``…'', as in some wire and archive copy.
    Typewriter,
}

/// What a quoted stretch is doing in the copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuoteKind {
    /// Someone's words, quoted as a sentence or more.
    Speech,
    /// A fragment of someone's words woven into reported speech (`called them "deplorables"`).
    Partial,
    /// Scare quotes, nicknames and titles of works: quoted, but nobody is speaking.
    NotSpeech,
}

/// Who a mention or an entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntityKind {
    Person,
    /// A government body, company, newspaper, campaign or other institution.
    Organisation,
    /// An unnamed source: "a senior official", "sources", "aides".
    Anonymous,
}

/// Grammatical gender as far as the copy tells it; `None` when it does not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Gender {
    Male,
    Female,
}

/// How the speaker of a quote was found, from most to least direct.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Resolution {
    /// The cue names the speaker in full ("Jen Psaki said").
    Name,
    /// A surname or partial name that matched a person introduced earlier ("Psaki said").
    Surname,
    /// A pronoun resolved to the most recent compatible person ("he said").
    Pronoun,
    /// A role noun resolved to the person holding that role ("the minister said").
    Role,
    /// An organisation or body speaking ("the State Department said").
    Organisation,
    /// An unnamed source ("a senior official said").
    Anonymous,
    /// Continues an attributed quote: the next paragraph of a multi-paragraph quote, or a
    /// further quote in the same paragraph (`"A," he said. "B."`).
    Continuation,
    /// A quote opening a new paragraph with no attribution of its own, credited to the speaker
    /// of the quote just before. Readers will assume the same, but style guides want the new
    /// paragraph attributed, so the `unattributed-quote` check still reports it.
    Assumed,
    /// A mention was found but could not be linked to anyone named in the article.
    Unresolved,
}

impl Resolution {
    /// A phrase a copy editor reads in a hover: "pronoun", "surname", …
    pub fn describe(self) -> &'static str {
        match self {
            Resolution::Name => "named in the attribution",
            Resolution::Surname => "surname of a person named earlier",
            Resolution::Pronoun => "pronoun resolved to the most recent matching person or body",
            Resolution::Role => "role held by a person named in the article",
            Resolution::Organisation => "organisation or body",
            Resolution::Anonymous => "unnamed source",
            Resolution::Continuation => "continues the previous speaker's quote",
            Resolution::Assumed => {
                "assumed to be the previous quote's speaker (no attribution in its paragraph)"
            }
            Resolution::Unresolved => "mention not linked to a named person",
        }
    }
}

/// Index into [`Analysis::entities`].
pub type EntityId = usize;

/// The attribution of one quote: the cue, the local speaker mention, and who it resolves to.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Attribution {
    /// The speech verb or phrase: "said", "told reporters", "according to", or a colon.
    pub cue: Option<Span>,
    /// The words that name the speaker next to the quote ("Psaki", "he", "the minister").
    /// `None` for a continuation, where the speaker is carried over from an earlier quote.
    pub mention: Option<Span>,
    /// The speaker, when the mention (or the continued quote) links to an entity.
    pub entity: Option<EntityId>,
    pub how: Resolution,
}

/// One quoted stretch, from its opening mark to its closing mark. A quote interrupted by its
/// attribution (`"A," he said, "B."`) is two `Quote`s sharing one attribution; a quote running
/// over several paragraphs is one `Quote` per paragraph, each after the first `open_before`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Quote {
    /// Opening mark to closing mark, both included; to the end of the paragraph when the quote
    /// runs on into the next paragraph.
    pub span: Span,
    /// The words between the marks.
    pub inner: Span,
    pub marks: Marks,
    pub kind: QuoteKind,
    /// The paragraph ends inside this quote and the next paragraph reopens it.
    pub runs_on: bool,
    /// Index of the paragraph (in [`Analysis::paragraphs`]) holding the opening mark.
    pub paragraph: usize,
    /// `None` when nobody can be credited with the quote.
    pub attribution: Option<Attribution>,
}

impl Quote {
    pub fn speaker(&self) -> Option<EntityId> {
        self.attribution.as_ref().and_then(|a| a.entity)
    }
}

/// A person, body or unnamed source the article quotes or introduces.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entity {
    /// The fullest name the article gives ("Jen Psaki", "the State Department", "a senior official").
    pub name: String,
    pub kind: EntityKind,
    /// Their role as the article gives it, shortened for a hover ("State Department Spokesperson").
    pub role: Option<String>,
    pub gender: Option<Gender>,
    /// The first mention, where the article introduces them.
    pub introduced: Span,
    /// Every mention linked to this entity, in text order (the introduction included).
    pub mentions: Vec<Span>,
}

/// A quotation mark that does not pair up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MarkProblem {
    /// An opening mark that never closes, and the paragraph after it does not continue the quote.
    Unclosed,
    /// A closing mark with no opening mark before it.
    Unopened,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct UnbalancedMark {
    pub span: Span,
    pub problem: MarkProblem,
}

/// Everything the engine knows about one article.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Analysis {
    pub style: QuoteStyle,
    /// The article's paragraphs, in order (the text between line breaks, blank lines dropped).
    pub paragraphs: Vec<Span>,
    /// Every quote, in text order.
    pub quotes: Vec<Quote>,
    pub entities: Vec<Entity>,
    pub unbalanced: Vec<UnbalancedMark>,
}

impl Analysis {
    /// The quote whose span holds `offset`, if any.
    pub fn quote_at(&self, offset: usize) -> Option<&Quote> {
        let i = self.quotes.partition_point(|q| q.span.end <= offset);
        self.quotes.get(i).filter(|q| q.span.contains(offset))
    }

    /// The entity one of whose mentions holds `offset`, with that mention.
    pub fn mention_at(&self, offset: usize) -> Option<(EntityId, Span)> {
        self.entities.iter().enumerate().find_map(|(id, e)| {
            e.mentions
                .iter()
                .find(|m| m.contains(offset))
                .map(|m| (id, *m))
        })
    }

    /// How many quotes are credited to `entity`.
    pub fn quote_count(&self, entity: EntityId) -> usize {
        self.quotes
            .iter()
            .filter(|q| q.speaker() == Some(entity))
            .count()
    }
}
