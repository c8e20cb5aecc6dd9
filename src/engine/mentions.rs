//! Noun phrases that can speak: names with their titles, pronouns, role nouns ("the minister"),
//! organisations and unnamed sources. Works on one paragraph's token stream, in which every
//! quote has been folded into a single [`Item::Quote`].

use std::borrow::Cow;
use std::cell::{Cell, RefCell};

use super::lexicon::{Lexicon, Pronoun, WordClass, class, lexicon};
use super::model::{Gender, Span};
use super::text::{Token, TokenKind, is_capitalised};

/// One element of a paragraph as the attribution rules see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item {
    Tok(Token),
    /// The paragraph's k-th quote, marks and all.
    Quote(usize),
}

/// What kind of speaker a mention names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MentionKind {
    /// A proper name: usually a person, possibly a body the lexicons do not know.
    Name,
    Organisation,
    Pronoun(Pronoun),
    /// "the minister", "Trump’s campaign manager": someone identified by role.
    RoleNoun,
    Anonymous,
}

/// A speaker candidate found in a paragraph. Spans are relative to the paragraph until the
/// document pass shifts them.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    pub span: Span,
    pub kind: MentionKind,
    /// The words of the name, without titles or possessive endings ("Jen", "Psaki").
    pub words: Vec<String>,
    /// The title before the name or the appositive after it.
    pub role: Option<String>,
    pub gender: Option<Gender>,
    /// A first name, a title or an honorific says this is a person.
    pub person_evidence: bool,
    /// The subject of an attribution cue.
    pub speaker: bool,
    /// The first noun phrase of its sentence: what a later "he" or "she" most likely means.
    pub subject: bool,
}

/// Words that start a subordinate clause or join clauses: a noun phrase never runs across them.
const BOUNDARY: &[&str] = &[
    "that", "and", "but", "or", "which", "who", "whom", "when", "if", "as", "because", "while",
    "so", "what", "where", "than", "to", "said", "says", "after", "before", "since", "though",
    "although", "until", "unless", "whether", "then", "also", "has", "had", "have", "is", "was",
    "are", "were", "be", "been", "by", "with", "in", "on", "at", "about", "from", "into", "of",
    "for",
];

/// Determiners that open a noun phrase; those in `INDEFINITE` make an unnamed source.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "one", "another", "some", "several", "two", "three", "four", "many", "other",
    "his", "her", "their", "its", "our", "this", "that", "these", "those", "both", "most", "few",
    "multiple", "numerous", "senior", "top",
];
const PREPOSITIONS: &[&str] = &[
    "with", "at", "in", "on", "of", "for", "from", "by", "to", "after", "before", "during",
    "since", "as", "among", "despite", "amid", "without", "under", "over",
];
const INDEFINITE: &[&str] = &[
    "a", "an", "one", "another", "some", "several", "two", "three", "four", "many", "other",
    "multiple", "numerous", "few",
];

/// Quantifiers that can be a subject on their own ("Several said", "Most say").
const QUANTIFIERS: &[&str] = &[
    "several",
    "most",
    "many",
    "some",
    "few",
    "both",
    "others",
    "all",
    "one",
    "each",
    "another",
    "two",
    "three",
    "someone",
    "somebody",
    "everyone",
    "everybody",
];

/// Parties named by their adjective ("a heavily Democratic state"): alone, a body, never a
/// person that "she" could reach. The adjectives among the resolver's `PARTY_WORDS` (which
/// also holds the nouns, "Democrats", that do name people): add a party to both.
pub(super) const PARTY_ADJECTIVES: &[&str] = &["democratic", "republican"];

/// An unnamed source over `span` ("several", "about 200 protesters"): no name words, no role.
fn unnamed_source(span: Span) -> Mention {
    Mention {
        span,
        kind: MentionKind::Anonymous,
        words: Vec::new(),
        role: None,
        gender: None,
        person_evidence: false,
        speaker: false,
        subject: false,
    }
}

/// Counts written as words in a share of those asked: "four in 10".
const SHARE_COUNTS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
];

/// Words that make a count approximate: "about 200 protesters".
const APPROXIMATELY: &[&str] = &[
    "about",
    "some",
    "nearly",
    "almost",
    "roughly",
    "around",
    "approximately",
    "over",
];

/// Counts of people written as words, before "of": "Hundreds of nurses".
const GROUP_COUNTS: &[&str] = &[
    "dozens",
    "hundreds",
    "thousands",
    "scores",
    "tens",
    "millions",
];

/// What a quantifier can stand before that is no group of people: "All this", "most of it".
const QUANTIFIED_THINGS: &[&str] = &["this", "that", "these", "those", "it", "which", "what"];

/// Collective nouns that count a group with an article and "of": "a number of lawmakers",
/// "a handful of aides".
const GROUP_NOUNS: &[&str] = &[
    "number", "handful", "group", "couple", "majority", "minority", "host", "slew", "dozen",
    "bunch", "pair",
];

/// Plural nouns that are counted but never speak: "200 signatures", "40 percent".
const COUNTED_THINGS: &[&str] = &[
    "percent",
    "points",
    "votes",
    "dollars",
    "cents",
    "miles",
    "feet",
    "yards",
    "pounds",
    "signatures",
    "seats",
    "times",
    "items",
    "pages",
    "words",
    "copies",
    "tons",
    "acres",
    "cases",
    "deaths",
    "jobs",
    "homes",
    "units",
    "rounds",
    "shots",
    "steps",
    "questions",
];

/// Honorifics tell gender and personhood but are not a role worth showing.
const HONORIFICS: &[&str] = &[
    "mr.", "mr", "mrs.", "mrs", "ms.", "ms", "miss", "mister", "sir", "dame", "lord", "lady",
    "dr.", "dr",
];

/// Lower-case modifiers that may open a title before a name ("former Secretary of State …").
const TITLE_MODIFIERS: &[&str] = &[
    "former",
    "then",
    "acting",
    "deputy",
    "senior",
    "top",
    "chief",
    "longtime",
    "outgoing",
    "incoming",
    "interim",
    "assistant",
    "associate",
    "executive",
    "presidential",
    "vice",
    "prime",
    "national",
    "press",
    "campaign",
    "state",
    "federal",
    "foreign",
    "defense",
    "democratic",
    "republican",
    "white",
    "house",
    "communications",
    "policy",
    "political",
    "security",
    "senate",
    "majority",
    "minority",
    "party",
    "council",
    "city",
    "county",
    "board",
    "school",
    "union",
    "general",
    "attorney",
    "republican-led",
];

/// Titles that are as often adjectives before another noun ("general election", "chief
/// executive", "executive order", "official statement").
const ADJECTIVAL_TITLES: &[&str] = &[
    "general",
    "chief",
    "head",
    "deputy",
    "associate",
    "assistant",
    "executive",
    "official",
];

/// Modal and auxiliary verbs that follow a subject ("Husted will appeal").
const MODALS: &[&str] = &[
    "will", "would", "can", "could", "may", "might", "should", "must", "did", "does", "do",
];

/// Connectors allowed inside a capitalised run ("Secretary of State", "Center for American Progress").
const RUN_CONNECTORS: &[&str] = &[
    "of", "for", "de", "van", "von", "al", "bin", "la", "le", "del", "da", "di",
];

pub struct Paragraph<'a> {
    pub text: &'a str,
    pub items: &'a [Item],
    /// The inner span of each quote, by quote index.
    pub quote_inners: &'a [Span],
    /// Each item's word as written, sliced once ([`lowers_of`]); empty for punctuation and
    /// quotes. [`Paragraph::word`] reads it: rules ask for the same words many times, and a
    /// `str` slice checks both its ends for char boundaries.
    pub words: &'a [&'a str],
    /// Each item's word, normalised once ([`normalise`]); empty for punctuation and quotes.
    pub lowers: &'a [&'a str],
    /// [`Paragraph::name_mention`]'s results by (first, last) item: the cue rules and the scan
    /// for names outside quotes ask for the same runs (about four calls in ten repeat one).
    names: RefCell<Vec<(usize, usize, Option<Mention>)>>,
    /// Each item's [`WordClass`], looked up on first use ([`Paragraph::class`]); 0 until then.
    classes: &'a [Cell<WordClass>],
}

impl<'a> Paragraph<'a> {
    /// `words` and `lowers` are [`lowers_of`]'s, a word per item. `classes` holds a cell per
    /// item, each 0, for the paragraph to fill as its rules ask ([`Paragraph::class`]); without
    /// one (an empty slice) every ask is a look-up.
    pub fn new(
        text: &'a str,
        items: &'a [Item],
        quote_inners: &'a [Span],
        words: &'a [&'a str],
        lowers: &'a [&'a str],
        classes: &'a [Cell<WordClass>],
    ) -> Paragraph<'a> {
        Paragraph {
            text,
            items,
            quote_inners,
            words,
            lowers,
            names: RefCell::new(Vec::new()),
            classes,
        }
    }

    /// The lexicon class of item `i`'s word ([`Lexicon::classify`] of its normalised word),
    /// looked up once per paragraph however many rules ask; no bit but [`class::KNOWN`] for
    /// punctuation and quotes, 0 past the end.
    #[inline]
    pub fn class(&self, i: usize) -> WordClass {
        match self.classes.get(i) {
            Some(cell) if cell.get() != 0 => cell.get(),
            cell => self.classify(i, cell),
        }
    }

    /// The first ask about item `i`: its look-up, kept in `cell` (out of line, so that the
    /// asks after it inline to a load and a test). Without a cell it is looked up every time.
    #[inline(never)]
    fn classify(&self, i: usize, cell: Option<&Cell<WordClass>>) -> WordClass {
        if i >= self.items.len() {
            return 0;
        }
        let c = self
            .lower(i)
            .map_or(class::KNOWN, |l| lexicon().classify(l));
        if let Some(cell) = cell {
            cell.set(c);
        }
        c
    }

    /// Item `i`'s word has one of the [`class`] bits `bits`.
    #[inline]
    pub fn is(&self, i: usize, bits: WordClass) -> bool {
        self.class(i) & bits != 0
    }

    pub fn quote_inner(&self, qi: usize) -> Option<Span> {
        self.quote_inners.get(qi).copied()
    }
    /// Item `i`'s word as written, read from [`Paragraph::words`].
    pub fn word(&self, i: usize) -> Option<&'a str> {
        match self.items.get(i)? {
            Item::Tok(t) if t.kind == TokenKind::Word => self.words.get(i).copied(),
            _ => None,
        }
    }
    pub fn punct(&self, i: usize) -> Option<char> {
        match self.items.get(i)? {
            Item::Tok(Token {
                kind: TokenKind::Punct(c),
                ..
            }) => Some(*c),
            _ => None,
        }
    }
    pub fn span(&self, i: usize) -> Option<Span> {
        match self.items.get(i)? {
            Item::Tok(t) => Some(t.span),
            Item::Quote(_) => None,
        }
    }
    /// Item `i`'s normalised word.
    pub fn lower(&self, i: usize) -> Option<&'a str> {
        match self.items.get(i)? {
            Item::Tok(t) if t.kind == TokenKind::Word => self.lowers.get(i).copied(),
            _ => None,
        }
    }
    fn join(&self, from: usize, to: usize) -> String {
        let (Some(a), Some(b)) = (self.span(from), self.span(to)) else {
            return String::new();
        };
        self.text[a.start..b.end].to_string()
    }
}

/// The word of every item as written (`words`, for [`Paragraph::words`]) and normalised
/// (`out`, for [`Paragraph::lowers`]): a normalised word is borrowed from the text when
/// normalising leaves the word as it is (most words), so only the others are allocated.
pub fn lowers_of<'a>(
    text: &'a str,
    items: &[Item],
    buf: &'a mut String,
    words: &mut Vec<&'a str>,
    out: &mut Vec<&'a str>,
    owned: &mut Vec<(usize, usize, usize)>,
) {
    // A word already in its normal form (most) is itself; the others are normalised one
    // after another into `buf` (one buffer, not a `String` each) and sliced from it after.
    buf.clear();
    words.clear();
    out.clear();
    owned.clear();
    for (i, it) in items.iter().enumerate() {
        match it {
            Item::Tok(t) if t.kind == TokenKind::Word => {
                let w = t.span.slice(text);
                words.push(w);
                if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
                    out.push(w);
                } else {
                    let start = buf.len();
                    if w.is_ascii() {
                        buf.push_str(w);
                        buf[start..].make_ascii_lowercase();
                    } else {
                        buf.push_str(&normalise(w));
                    }
                    owned.push((i, start, buf.len()));
                    out.push("");
                }
            }
            _ => {
                words.push("");
                out.push("");
            }
        }
    }
    let buf: &'a String = buf;
    for &(i, start, end) in owned.iter() {
        out[i] = &buf[start..end];
    }
}

/// Calls `f` with `normalise(word)`, lower-casing short ASCII words on the stack instead of
/// allocating.
pub fn with_normalised<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let b = word.as_bytes();
    if b.iter().all(|&c| c.is_ascii() && !c.is_ascii_uppercase()) {
        // Already its own normal form (most words): no copy.
        return f(word);
    }
    if b.len() <= 32 && b.is_ascii() {
        let mut buf = [0u8; 32];
        buf[..b.len()].copy_from_slice(b);
        buf[..b.len()].make_ascii_lowercase();
        // ASCII in, ASCII out: always valid UTF-8.
        match std::str::from_utf8(&buf[..b.len()]) {
            Ok(lower) => f(lower),
            Err(_) => f(&normalise(word)),
        }
    } else {
        f(&normalise(word))
    }
}

/// Lower case, curly apostrophes straightened.
pub fn normalise(word: &str) -> String {
    if word.is_ascii() {
        word.to_ascii_lowercase()
    } else {
        word.to_lowercase().replace('’', "'")
    }
}

/// The name ends in a body's word ("White House", "Foundation") or holds an acronym ("ACLU").
fn body_head(lx: &Lexicon, words: &[String], lower: &[Cow<str>]) -> bool {
    let acronym = |w: &String| {
        w.len() >= 3 && w.chars().all(|c| c.is_ascii_uppercase()) && !lx.is_title(&w.to_lowercase())
    };
    words.len() > 1
        && (lower.last().is_some_and(|w| is_org_word(lx, w)) || words.iter().any(acronym))
}

/// "J.", "W.": an initial, which belongs to the name after it.
fn is_initial(word: &str) -> bool {
    let mut c = word.chars();
    matches!((c.next(), c.next(), c.next()), (Some(l), Some('.'), None) if l.is_uppercase())
}

/// Days that date a verb or end a clause ("Priebus on Thursday told", "reported Monday"),
/// never the last word of a name.
pub fn is_day(lower: &str) -> bool {
    matches!(
        lower,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "today"
            | "yesterday"
            | "tonight"
            | "tomorrow"
    )
}

/// "Trump’s" → ("Trump", true).
pub(super) fn strip_possessive(word: &str) -> (&str, bool) {
    for suffix in ["’s", "'s", "’", "'"] {
        if let Some(stem) = word.strip_suffix(suffix)
            && !stem.is_empty()
        {
            return (stem, true);
        }
    }
    (word, false)
}

fn is_name_word(lx: &Lexicon, w: &str) -> bool {
    is_capitalised(w) && !with_normalised(w, |l| lx.is_common(l))
}

fn is_org_word(lx: &Lexicon, lower: &str) -> bool {
    lx.organisation_words.contains(lower)
}

impl Paragraph<'_> {
    /// Item `i` is a plural title after a connector, which names a body's members, not a
    /// person's office: "American Federation of Teachers", "Union of Concerned Scientists".
    fn names_members(&self, i: usize) -> bool {
        i > 0
            && self
                .lower(i - 1)
                .is_some_and(|l| RUN_CONNECTORS.contains(&l))
            && self.lower(i).is_some_and(|l| {
                !lexicon()
                    .titles
                    .contains_key(l.strip_suffix("'s").unwrap_or(l))
            })
    }

    /// [`is_name_word`] of item `i`'s word without its possessive ending ([`strip_possessive`]),
    /// false for no word. With no ending to cut (most words) the word's normalised form is
    /// the item's, so its class answers ([`class::COMMON`] is `is_common`): no look-up.
    fn name_word_at(&self, i: usize) -> bool {
        let Some(w) = self.word(i) else {
            return false;
        };
        match strip_possessive(w) {
            (_, false) => is_capitalised(w) && !self.is(i, class::COMMON),
            (stem, true) => is_name_word(lexicon(), stem),
        }
    }

    /// The capitalised run ending at item `end`, as (first index, last index).
    fn run_ending_at(&self, end: usize) -> Option<(usize, usize)> {
        let w = self.word(end)?;
        // "Judicial Watch", "Right Wing Watch": a capitalised common word ends a name that
        // another capitalised word begins.
        let ends_a_name = is_capitalised(w)
            && end > 0
            && !self.lower(end).is_some_and(is_day)
            && self.name_word_at(end - 1);
        if !self.name_word_at(end) && !self.is(end, class::TITLE) && !ends_a_name {
            return None;
        }
        let mut start = end;
        while start > 0 {
            let Some(prev) = self.word(start - 1) else {
                break;
            };
            let lower = self.lower(start - 1).unwrap_or("");
            if strip_possessive(prev).1 || self.inverted_verb(start - 1) {
                break;
            }
            if is_capitalised(prev) && !self.is(start - 1, class::COMMON)
                || (RUN_CONNECTORS.contains(&lower)
                    && start >= 2
                    && self.word(start - 2).is_some_and(is_capitalised))
                || (lower == "the" && start >= 2 && self.lower(start - 2) == Some("of"))
            {
                start -= 1;
            } else {
                break;
            }
        }
        while start < end
            && self
                .lower(start)
                .is_some_and(|l| RUN_CONNECTORS.contains(&l) || l == "the")
        {
            start += 1;
        }
        Some((start, end))
    }

    /// The capitalised run starting at item `start`.
    fn run_starting_at(&self, start: usize) -> Option<(usize, usize)> {
        let w = self.word(start)?;
        // `is_name_word(w)` and `is_title(lower)`, from the item's class.
        let name_word = is_capitalised(w) && !self.is(start, class::COMMON);
        if !name_word && !self.is(start, class::TITLE) {
            return None;
        }
        if self.inverted_verb(start) {
            return None;
        }
        let mut end = start;
        loop {
            if strip_possessive(self.word(end).unwrap_or("")).1 {
                break;
            }
            let Some(next) = self.word(end + 1) else {
                break;
            };
            let lower = self.lower(end + 1).unwrap_or("");
            if is_capitalised(next) && !self.is(end + 1, class::COMMON) {
                end += 1;
            } else if RUN_CONNECTORS.contains(&lower)
                && self.word(end + 2).is_some_and(is_capitalised)
            {
                end += 2;
            } else {
                break;
            }
        }
        Some((start, end))
    }

    /// Item `i` is the apostrophe of a plural possessive: "’" or "'" right after a word
    /// ending in "s" ("the teachers’ union", "the Parents' Association").
    fn plural_possessive_mark(&self, i: usize) -> bool {
        i > 0
            && matches!(self.punct(i), Some('’' | '\''))
            && self.word(i - 1).is_some_and(|w| w.ends_with('s'))
            && self.span(i - 1).map(|s| s.end) == self.span(i).map(|s| s.start)
    }

    /// "Said Kessler, …", "Added the mayor: …": a speech verb opening a sentence, inverted
    /// before its subject, is no part of the name after it (though "Said" is a first name too).
    fn inverted_verb(&self, i: usize) -> bool {
        // The class bit first: most words are no speech verb.
        self.is(i, class::SPEECH_VERB)
            && self.lower(i).is_some_and(|l| {
                l.ends_with("ed") || l.ends_with('s') || matches!(l, "said" | "told" | "wrote")
            })
            && self.word(i + 1).is_some_and(is_capitalised)
            && (i == 0
                || matches!(self.items[i - 1], Item::Quote(_))
                || self
                    .punct(i - 1)
                    .is_some_and(|c| matches!(c, '.' | '!' | '?' | ':' | '—' | '–')))
    }

    /// Where a capitalised run that starts with a person's name goes on with "of …": the index
    /// of that "of". The name before it has a known first name or an initial and at least two
    /// words, none a title or a body's word; the run before the name may hold titles only
    /// ("Sen. Ted Cruz of Texas"). "Secretary of State" and "Bank of America" never split.
    fn affiliation_cut(&self, first: usize, last: usize) -> Option<usize> {
        let lx = lexicon();
        let cut = (first + 2..last).find(|&i| self.lower(i) == Some("of"))?;
        let name_from = (first..cut)
            .find(|&i| self.lower(i).is_some() && !self.is(i, class::TITLE))
            .filter(|&i| cut - i >= 2)?;
        let opens_name = self
            .lower(name_from)
            .is_some_and(|l| lx.first_names.contains_key(l))
            || self.word(name_from).is_some_and(is_initial);
        let plain = (name_from..cut).all(|i| {
            self.lower(i).is_some_and(|l| {
                !self.is(i, class::TITLE | class::ORGANISATION) && !RUN_CONNECTORS.contains(&l)
            }) && self.word(i).is_some_and(|w| !strip_possessive(w).1)
        });
        (opens_name && plain).then_some(cut)
    }

    /// Builds a name mention from the capitalised run `first..=last`: splits the title from the
    /// name, extends the title back over lower-case role words, and classifies the whole.
    /// Worked out once per run and paragraph; a repeated call gets a copy.
    fn name_mention(&self, first: usize, last: usize) -> Option<Mention> {
        if let Some((_, _, m)) = self
            .names
            .borrow()
            .iter()
            .find(|(f, l, _)| *f == first && *l == last)
        {
            return m.clone();
        }
        let m = self.build_name_mention(first, last);
        self.names.borrow_mut().push((first, last, m.clone()));
        m
    }

    /// [`Self::name_mention`] for the scan for names outside quotes, which comes after every
    /// other asker: a kept result is moved out instead of copied, and a new one is not kept
    /// (an ask after it would work the run out again, with the same result).
    fn take_name_mention(&self, first: usize, last: usize) -> Option<Mention> {
        let kept = {
            let mut names = self.names.borrow_mut();
            names
                .iter()
                .position(|(f, l, _)| *f == first && *l == last)
                .map(|k| names.swap_remove(k).2)
        };
        match kept {
            Some(m) => m,
            None => self.build_name_mention(first, last),
        }
    }

    fn build_name_mention(&self, first: usize, last: usize) -> Option<Mention> {
        let lx = lexicon();
        if let Some(cut) = self.affiliation_cut(first, last) {
            // "Rep. Jim Jordan of Ohio", "Ann Wu of the Brookings Institution": the person is
            // the name before "of"; what follows is where they come from.
            let mut m = self.name_mention(first, cut - 1)?;
            if m.role.is_none() && m.kind == MentionKind::Name {
                let from = if self.lower(cut + 1) == Some("the") {
                    cut + 2
                } else {
                    cut + 1
                };
                m.role = Some(self.join(from, last));
            }
            return Some(m);
        }
        // The run's words, by item: a word's normalised form is its item's `lower` and its
        // lexicon lists are its item's class.
        let idx: Vec<usize> = (first..=last).filter(|&i| self.word(i).is_some()).collect();
        if idx.is_empty() {
            return None;
        }
        let word = |k: usize| self.word(idx[k]).unwrap_or("");
        let lower = |k: usize| self.lower(idx[k]).unwrap_or("");
        let is = |k: usize, bits: WordClass| self.is(idx[k], bits);
        let connector = |k: usize| RUN_CONNECTORS.contains(&lower(k));
        // The name is the longest tail of words that are neither titles nor connectors.
        let mut name_from = idx.len();
        while name_from > 0 {
            let k = name_from - 1;
            if is(k, class::TITLE) && !self.names_members(idx[k])
                || connector(k)
                || lower(k) == "the"
            {
                break;
            }
            name_from -= 1;
        }
        if name_from == idx.len() {
            // All title: "the Secretary" — a role noun, handled by the caller.
            return None;
        }
        // A body named with a connector ("Bank of America", "Center for American Progress"):
        // when the run opens with a word that is no title and no first name follows, the
        // whole run is the name.
        if name_from > 0
            && (0..name_from).any(connector)
            && !is(0, class::TITLE)
            && !connector(0)
            && lower(0) != "the"
            && !(name_from..idx.len()).any(|k| is(k, class::FIRST_NAME))
        {
            name_from = 0;
        }
        // A known first name inside a longer tail starts the name: "… of State John Kerry".
        if let Some(p) =
            (name_from + 1..idx.len().saturating_sub(1)).find(|&p| is(p, class::FIRST_NAME))
            && !is(name_from, class::FIRST_NAME)
            && !is_initial(word(name_from))
        {
            name_from = p;
        }
        let name_words: Vec<String> = (name_from..idx.len())
            .map(|k| strip_possessive(word(k)).0.to_string())
            .collect();
        // `normalise` of each name word: the item's own `lower` when no possessive was cut off
        // (most words), so only the others are allocated.
        let lower_name: Vec<Cow<str>> = (name_from..idx.len())
            .zip(&name_words)
            .map(|(k, w)| {
                if w.len() == word(k).len() {
                    Cow::Borrowed(lower(k))
                } else {
                    Cow::Owned(normalise(w))
                }
            })
            .collect();
        // "Audiences can expect …", "Frustrations at …": a lone capitalised plural of an
        // abstract noun opens a sentence; no surname ends that way.
        if lower_name.len() == 1 && name_from == 0 && is_abstract_plural(&lower_name[0]) {
            return None;
        }
        // "Retired machinist Frank Olsen", "Visibly angry, Ruiz …": a participle or an adverb
        // opening a sentence before a lower-case word is no name (it would take the sentence's
        // subject from the name after it).
        if let [word] = lower_name.as_slice()
            && name_from == 0
            && (looks_past_tense(word) || word.len() > 5 && word.ends_with("ly"))
            && !lx.first_names.contains_key(word.as_ref())
            && (first == 0
                || self
                    .punct(first - 1)
                    .is_some_and(|c| matches!(c, '.' | '!' | '?')))
            && self.word(last + 1).is_some_and(|w| !is_capitalised(w))
            // … and not a verb after a surname ("Husted continued", "Reed says", "Husted will").
            && self.lower(last + 1).is_some_and(|l| {
                !(l.ends_with("ed")
                    || l.ends_with('s')
                    || BOUNDARY.contains(&l)
                    || MODALS.contains(&l)
                    || self.is(last + 1, class::SPEECH_VERB))
            })
        {
            return None;
        }
        let mut gender = None;
        let mut person_evidence = false;
        let mut role_words: Vec<&str> = Vec::new();
        for k in 0..name_from {
            let l = lower(k);
            if let Some(g) = lx.title_gender(l) {
                gender = Some(g);
            }
            if is(k, class::TITLE) {
                person_evidence = true;
            }
            if !HONORIFICS.contains(&l) {
                role_words.push(word(k));
            }
        }
        // A lone word is a surname as often as a first name ("Clinton", "Sanders"): only a
        // first name before a surname tells the gender.
        if let Some(g) = lx.first_names.get(lower_name[0].as_ref())
            && name_words.len() > 1
        {
            person_evidence = true;
            gender = gender.or(*g);
        }
        let is_org = lower_name.iter().any(|w| is_org_word(lx, w))
            || (lower_name.len() == 1
                && (lx.places.contains(lower_name[0].as_ref())
                    || PARTY_ADJECTIVES.contains(&lower_name[0].as_ref())))
            || lower_name.iter().all(|w| lx.places.contains(w.as_ref()));
        // Two or three capitalised words that are no body and no place: most likely a person
        // whose first name the lexicon lacks ("Edwin Tolland").
        if (2..=3).contains(&name_words.len())
            && !is_org
            && !lower_name
                .iter()
                .any(|w| lx.places.contains(w.as_ref()) || lx.titles.contains_key(w.as_ref()))
            && name_words.iter().all(|w| {
                w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
            })
        {
            person_evidence = true;
        }
        let mut span_first = first;
        let mut role = (!role_words.is_empty()).then(|| role_words.join(" "));
        // Lower-case title words just before the run: "Republican presidential nominee Donald Trump".
        if name_from == 0 && !is_org {
            let mut k = first;
            let mut found_head = false;
            while k > 0 && first - k < 5 {
                let Some(lower) = self.lower(k - 1) else {
                    break;
                };
                let w = self.word(k - 1).unwrap_or("");
                if self.is(k - 1, class::TITLE) && !HONORIFICS.contains(&lower) {
                    found_head = true;
                    k -= 1;
                } else if found_head
                    && (TITLE_MODIFIERS.contains(&lower)
                        || (is_capitalised(w) && !self.is(k - 1, class::COMMON)))
                {
                    k -= 1;
                } else {
                    break;
                }
            }
            if found_head && k < first {
                role = Some(self.join(k, first - 1));
                span_first = k;
                person_evidence = true;
            } else if first >= 3
                && self.lower(first - 2) == Some("of")
                && self.word(first - 1).is_some_and(|w| !is_capitalised(w))
                && self.is(first - 3, class::TITLE)
            {
                // "Head of highways Grace Whitfield": a title of some domain.
                role = Some(self.join(first - 3, first - 1));
                span_first = first - 3;
                person_evidence = true;
            } else if first >= 1
                && name_words.len() >= 2
                && let Some(w) = self.word(first - 1)
                && let (stem, true) = strip_possessive(w)
                && is_capitalised(stem)
                && with_normalised(stem, |l| {
                    !lx.first_names.contains_key(l) && !lx.common_words.contains(l)
                })
                && (first < 2 || self.word(first - 2).is_none_or(|w| !is_capitalised(w)))
            {
                // "Commentary’s Noah Rothman", "MSNBC’s Ayman Mohyeldin": the outlet or body
                // a person speaks for, as their role.
                role = Some(stem.to_string());
            }
        } else if role.is_some() {
            // "former Secretary of State Hillary Clinton", "his Israeli counterpart …": keep the
            // modifiers and adjectives before the title.
            let mut k = first;
            while k > 0
                && first - k < 4
                && self.word(k - 1).is_some_and(|w| {
                    let l = self.lower(k - 1).unwrap_or("");
                    TITLE_MODIFIERS.contains(&l)
                        || (is_capitalised(w)
                            && !self.is(k - 1, class::COMMON)
                            && !strip_possessive(w).1)
                })
            {
                k -= 1;
            }
            if k < first {
                role = Some(format!(
                    "{} {}",
                    self.join(k, first - 1),
                    role.unwrap_or_default()
                ));
                span_first = k;
            }
        }
        let span = Span::new(self.span(span_first)?.start, self.span(last)?.end);
        let span = Span::new(
            span.start,
            span.start + strip_possessive(&self.text[span.start..span.end]).0.len(),
        );
        Some(Mention {
            span,
            // A body's head word or an acronym outweighs a first name: "Clinton White House",
            // "Massachusetts DFER".
            kind: if is_org && !person_evidence || body_head(lx, &name_words, &lower_name) {
                MentionKind::Organisation
            } else {
                MentionKind::Name
            },
            words: name_words,
            role,
            gender,
            person_evidence,
            speaker: false,
            subject: false,
        })
    }

    /// A lower-case noun phrase ending at `head`: "the minister", "a senior official",
    /// "officials", "Trump’s campaign manager", "the campaign".
    fn common_np_ending_at(&self, head: usize) -> Option<Mention> {
        self.common_np(head, false)
    }

    /// Like [`Self::common_np_ending_at`], but in subject position next to a speech verb any
    /// determined noun can speak: "the statement said", "said the 46-year-old", "one user wrote".
    pub fn subject_np_ending_at(&self, end: usize) -> Option<Mention> {
        self.np_ending_at(end).or_else(|| self.common_np(end, true))
    }

    /// Like [`Self::np_starting_at`], accepting any determined noun: "said a narrator",
    /// "says the 46-year-old".
    pub fn subject_np_starting_at(&self, start: usize) -> Option<Mention> {
        let lx = lexicon();
        if let Some(m) = self.np_starting_at(start) {
            return Some(m);
        }
        let lower = self.lower(start)?;
        if !DETERMINERS.contains(&lower) {
            return None;
        }
        let mut h = start + 1;
        while h < start + 4
            && self.word(h + 1).is_some_and(|w| {
                let l = self.lower(h + 1).unwrap_or("");
                !BOUNDARY.contains(&l)
                    && !lx.speech_verbs.contains(l)
                    && !is_capitalised(w)
                    && !looks_past_tense(l)
            })
        {
            h += 1;
        }
        self.common_np(h, true)
    }

    /// The noun phrase filling items `start..end` (exclusive) after an inverted speech verb:
    /// "Republican party boss Ana Ruiz", "one unaligned Ohio Democratic strategist",
    /// "the Florida senator". The whole phrase is the mention; a name inside it is the name and
    /// what precedes the name is the role.
    pub fn phrase_np(&self, start: usize, end: usize) -> Option<Mention> {
        let lx = lexicon();
        if end <= start || (start..end).any(|k| self.word(k).is_none()) {
            return None;
        }
        let last = end - 1;
        let span = Span::new(self.span(start)?.start, self.span(last)?.end);
        let first_lower = self.lower(start)?;
        if BOUNDARY.contains(&first_lower) && first_lower != "the" {
            return None;
        }
        if lx.pronouns.contains_key(first_lower) {
            return (end == start + 1 && first_lower != "it")
                .then(|| self.np_starting_at(start))
                .flatten();
        }
        let last_word = self.word(last)?;
        if is_capitalised(strip_possessive(last_word).0) {
            let (f, l) = self.run_ending_at(last)?;
            let mut m = self.name_mention(f, l).or_else(|| self.title_only(f, l))?;
            // Words the name's own title already took ("station officer Nadia Brennan") are
            // not repeated in the prefix.
            let prefix_end =
                (start..f).rfind(|&k| self.span(k).is_some_and(|s| s.end <= m.span.start));
            if let Some(pe) = prefix_end {
                let det = DETERMINERS.contains(&first_lower);
                let role_start = if det { start + 1 } else { start };
                let prefix = if role_start <= pe {
                    Some(self.join(role_start, pe))
                } else {
                    None
                };
                m.role = match (prefix, m.role.take()) {
                    (Some(p), Some(r)) if m.kind == MentionKind::Name => Some(format!("{p} {r}")),
                    (Some(p), None) if m.kind == MentionKind::Name => Some(p),
                    (Some(p), Some(r)) => Some(format!("{p} {r}")),
                    (p, r) => r.or(p),
                };
                // "the Trump campaign's new chief": words before the body's name make a role
                // noun of it; "the State Department" alone stays the body.
                if m.kind == MentionKind::Organisation
                    && !m.words.is_empty()
                    && det
                    && role_start <= pe
                {
                    m.kind = MentionKind::RoleNoun;
                    m.words.clear();
                }
                m.person_evidence |= m.kind == MentionKind::Name;
            }
            // "… Maria Lopez of Houston": the mention ends with the name, not its affiliation.
            m.span = if self.affiliation_cut(f, l).is_some() {
                Span::new(span.start, m.span.end)
            } else {
                span
            };
            return Some(m);
        }
        // No name: a determined common noun phrase.
        let mut m = self.common_np(last, true)?;
        m.span = span;
        if INDEFINITE.contains(&first_lower) && m.kind != MentionKind::Organisation {
            m.kind = MentionKind::Anonymous;
        }
        Some(m)
    }

    /// A quantifier standing alone as subject: "Several said", "most say".
    pub fn quantifier_at(&self, at: usize) -> Option<Mention> {
        let lower = self.lower(at)?;
        if !QUANTIFIERS.contains(&lower) {
            return None;
        }
        // "All this has led …", "Some of it was …": a quantifier of a thing is nobody.
        let of = usize::from(self.lower(at + 1) == Some("of"));
        if self
            .lower(at + 1 + of)
            .is_some_and(|l| QUANTIFIED_THINGS.contains(&l))
        {
            return None;
        }
        Some(unnamed_source(self.span(at)?))
    }

    /// "21 percent", "31% of Republicans", "62 percent of likely voters", "About four in 10",
    /// "six in 10 voters": a share of those asked, ending at item `end`, an unnamed source;
    /// with the index of its first item (the number).
    pub fn share_ending_at(&self, end: usize) -> Option<(Mention, usize)> {
        let count = |k: usize| {
            self.word(k).is_some_and(|w| {
                w.starts_with(|c: char| c.is_ascii_digit())
                    && w.bytes()
                        .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
            }) || self.lower(k).is_some_and(|l| SHARE_COUNTS.contains(&l))
        };
        // The share ending at item `k`: its first item, and whether an "of" phrase must
        // follow it before the group is named ("40 percent of renters", "six in 10 renters").
        let share_at = |k: usize| {
            if self.lower(k) == Some("percent") || self.punct(k) == Some('%') {
                let n = k
                    .checked_sub(1)
                    .filter(|&n| self.word(n).is_some_and(|_| count(n)))?;
                return self
                    .word(n)?
                    .starts_with(|c: char| c.is_ascii_digit())
                    .then_some((n, true));
            }
            (matches!(self.lower(k), Some("10" | "ten"))
                && k >= 2
                && self.lower(k - 1) == Some("in")
                && count(k - 2))
            .then(|| (k - 2, false))
        };
        let first = (end.saturating_sub(6)..=end)
            .rev()
            .take_while(|&k| self.word(k).is_some() || self.punct(k) == Some('%'))
            .find_map(|k| {
                let (first, needs_of) = share_at(k)?;
                (k == end || !needs_of || self.lower(k + 1) == Some("of")).then_some(first)
            })?;
        let span = Span::new(self.span(first)?.start, self.span(end)?.end);
        Some((unnamed_source(span), first))
    }

    /// Items `start..=end` as an unnamed source ("one of her ads", "many marchers and
    /// spectators", "a voice-over"), when every one of them is a lower-case word and, with no
    /// article, the last can name people: a plural, or a person noun. "softer language
    /// calling for …" is no source.
    pub fn unnamed_phrase(&self, start: usize, end: usize) -> Option<Mention> {
        if end < start || (start..=end).any(|k| self.word(k).is_none_or(is_capitalised)) {
            return None;
        }
        let head = self.lower(end)?;
        let people = matches!(self.lower(start), Some("a" | "an" | "the"))
            || head == "people"
            || head.len() > 3 && head.ends_with('s') && !head.ends_with("ss")
            || self.is(end, class::ANONYMOUS_HEAD)
            || self.is(end, class::TITLE);
        if !people {
            return None;
        }
        let span = Span::new(self.span(start)?.start, self.span(end)?.end);
        Some(unnamed_source(span))
    }

    /// The poll or survey whose noun is item `head`: "The poll", "a March Ledger poll", and
    /// "a Ledger/KTV poll", whose slash no other noun phrase reads through (then an unnamed
    /// source from the article).
    pub fn poll_ending_at(&self, head: usize) -> Option<Mention> {
        self.subject_np_ending_at(head).or_else(|| {
            let det = (head.saturating_sub(8)..head)
                .rev()
                .take_while(|&k| self.word(k).is_some() || matches!(self.punct(k), Some('/')))
                .find(|&k| matches!(self.lower(k), Some("a" | "an" | "the")))?;
            let span = Span::new(self.span(det)?.start, self.span(head)?.end);
            Some(unnamed_source(span))
        })
    }

    /// "about 200 protesters", "Hundreds of nurses", "more than 40 angry workers": a counted
    /// group of people, an unnamed source, starting at item `start`; with the index of its
    /// last word. Counted things ("200 years", "40 percent") are no group.
    pub fn counted_group_at(&self, start: usize) -> Option<(Mention, usize)> {
        let mut k = start;
        if APPROXIMATELY.contains(&self.lower(k)?) {
            k += 1;
        }
        if matches!(
            (self.lower(k), self.lower(k + 1)),
            (Some("more" | "fewer"), Some("than")) | (Some("at"), Some("least"))
        ) {
            k += 2;
        }
        let count = self.lower(k)?;
        let numeral = count.starts_with(|c: char| c.is_ascii_digit())
            && count.bytes().all(|b| b.is_ascii_digit() || b == b',');
        let of_count = GROUP_COUNTS.contains(&count) && self.lower(k + 1) == Some("of");
        // "A number of lawmakers", "a handful of aides": the article, the collective, "of".
        let collective = matches!(count, "a" | "an")
            && self.lower(k + 1).is_some_and(|l| GROUP_NOUNS.contains(&l))
            && self.lower(k + 2) == Some("of");
        let first = match (numeral, of_count, collective) {
            (true, _, _) => k + 1,
            (_, true, _) => k + 2,
            (_, _, true) => k + 3,
            _ => return None,
        };
        // One modifier may stand before the noun: "200 angry protesters".
        let lx = lexicon();
        let head = (first..first + 2).find(|&h| {
            self.word(h).is_some_and(|w| !is_capitalised(w))
                && self.lower(h).is_some_and(|l| {
                    (l == "people" || l.len() > 3 && l.ends_with('s') && !l.ends_with("ss"))
                        && !COUNTED_THINGS.contains(&l)
                        && !lx.common_words.contains(l)
                })
        })?;
        if head > first && self.word(first).is_none_or(is_capitalised) {
            return None;
        }
        let span = Span::new(self.span(start)?.start, self.span(head)?.end);
        Some((unnamed_source(span), head))
    }

    fn common_np(&self, head: usize, generic: bool) -> Option<Mention> {
        let lx = lexicon();
        // "the Democratic nominee's speech": the possessor is the role noun.
        let (head_word, possessive) = strip_possessive(self.word(head)?);
        let item_lower = self.lower(head)?;
        let head_lower = if possessive {
            item_lower.strip_suffix("'s").unwrap_or(item_lower)
        } else {
            item_lower
        };
        // The item's own word (no possessive cut off): its class answers for the lists.
        let own = head_lower.len() == item_lower.len();
        let is_title = if own {
            self.is(head, class::TITLE)
        } else {
            lx.is_title(head_lower)
        };
        // "the American Federation of Teachers": the name run reads it whole.
        if is_capitalised(head_word) && (!is_title || self.names_members(head)) {
            return None;
        }
        let common = if own {
            self.is(head, class::COMMON)
        } else {
            lx.common_words.contains(head_lower)
        };
        if generic
            && (common
                || BOUNDARY.contains(&head_lower)
                || !(head_lower.chars().all(|c| c.is_alphabetic() || c == '-')
                    || head_lower.ends_with("-old")))
        {
            return None;
        }
        let singular = head_lower.strip_suffix('s').unwrap_or(head_lower);
        let is_anon = if own {
            self.is(head, class::ANONYMOUS_HEAD)
        } else {
            lx.anonymous_heads.contains(head_lower)
        };
        let org = if own {
            self.is(head, class::ORGANISATION)
        } else {
            is_org_word(lx, head_lower)
        };
        // The singular is looked up only when it is another word.
        let is_org = org || (singular.len() != head_lower.len() && is_org_word(lx, singular));
        let person_like = head_lower.ends_with("-old");
        if !(is_anon || is_title || is_org || generic) {
            return None;
        }
        // Scan back for a determiner.
        let mut k = head;
        let mut det: Option<(usize, &str)> = None;
        while k > 0 && head - k < 6 {
            // "the teachers’ union": a plural possessive, whose apostrophe is a token of its
            // own (it could have closed a quote), determines the phrase as "’s" does.
            let word = self.word(k - 1);
            let plural_possessor = word.is_none() && k >= 2 && self.plural_possessive_mark(k - 1);
            if word.is_none() && !plural_possessor {
                // "the bespectacled, 71-year-old diplomat": a comma between adjectives.
                let between_adjectives = self.punct(k - 1) == Some(',')
                    && k >= 3
                    && self.word(k - 2).is_some_and(|w| !is_capitalised(w))
                    && self
                        .lower(k - 2)
                        .is_some_and(|l| !BOUNDARY.contains(&l) && !DETERMINERS.contains(&l))
                    && (k.saturating_sub(4)..k - 2)
                        .any(|d| self.lower(d).is_some_and(|l| DETERMINERS.contains(&l)));
                if between_adjectives {
                    k -= 1;
                    continue;
                }
                break;
            }
            let lower = self.lower(k - 1).unwrap_or("");
            if DETERMINERS.contains(&lower) && lower != "senior" && lower != "top" {
                det = Some((k - 1, lower));
                k -= 1;
                break;
            }
            if plural_possessor || word.is_some_and(|w| strip_possessive(w).1) {
                // "Trump’s campaign manager": the possessor acts as determiner. A common noun's
                // possessive has its own ("the prime minister’s spokesman", "a company's
                // lawyer"), which determines the whole phrase.
                if plural_possessor {
                    k -= 1;
                }
                det = Some((k - 1, "'s"));
                k -= 1;
                if !self.word(k).is_some_and(is_capitalised) {
                    let mut d = k;
                    while d > 0 && k - d < 3 {
                        let Some(l) = self.lower(d - 1) else { break };
                        if DETERMINERS.contains(&l) {
                            det = Some((d - 1, l));
                            k = d - 1;
                            break;
                        }
                        if BOUNDARY.contains(&l) {
                            break;
                        }
                        d -= 1;
                    }
                } else if let Some((f, _)) = self.run_ending_at(k)
                    && f < k
                    && f > 0
                    && let Some(l) = self.lower(f - 1)
                    && matches!(l, "the" | "a" | "an")
                {
                    // "The Prime Minister's official spokesman": a title's possessive with
                    // its article, which determines the whole phrase.
                    det = Some((f - 1, l));
                    k = f - 1;
                }
                break;
            }
            if BOUNDARY.contains(&lower) || self.is(k - 1, class::SPEECH_VERB) {
                break;
            }
            k -= 1;
        }
        let plural = head_lower.ends_with('s') && !lx.titles.contains_key(head_lower);
        let (start, kind) = match &det {
            Some((d, det_word)) => {
                let kind = if INDEFINITE.contains(det_word)
                    && (is_anon || is_title || person_like || generic)
                {
                    MentionKind::Anonymous
                } else if (is_org || generic && !person_like) && !is_title && !is_anon {
                    MentionKind::Organisation
                } else {
                    MentionKind::RoleNoun
                };
                (*d, kind)
            }
            None if plural && (is_anon || is_title) => (k, MentionKind::Anonymous),
            None if is_org => (k, MentionKind::Organisation),
            None => return None,
        };
        let head_span = self.span(head)?;
        let span = Span::new(self.span(start)?.start, head_span.start + head_word.len());
        let gender = lx.title_gender(head_lower);
        let mut role_from = if det.is_some() && kind != MentionKind::RoleNoun
            || det.as_ref().is_some_and(|(_, w)| *w != "'s")
        {
            start + 1
        } else {
            start
        };
        if self.plural_possessive_mark(role_from) {
            role_from += 1;
        }
        let role = (role_from <= head).then(|| {
            let role = self.join(role_from, head);
            role[..role.len() - (head_span.len() - head_word.len())].to_string()
        });
        Some(Mention {
            span,
            kind,
            words: Vec::new(),
            role,
            gender,
            person_evidence: is_title || person_like,
            speaker: false,
            subject: false,
        })
    }

    /// A noun phrase ending at item `end`: a pronoun, a name (with its title) or a common NP.
    pub fn np_ending_at(&self, end: usize) -> Option<Mention> {
        let lx = lexicon();
        let lower = self.lower(end)?;
        if let Some(p) = lx.pronouns.get(lower) {
            // "called it" is an object; "and it says", "what it calls", "although it does say"
            // open a clause whose subject it is, and so does a verb agreeing with it ("Below the
            // photo it reads, …": no object comes before a verb in -s or -ed).
            let agrees = || {
                self.is(end + 1, class::SPEECH_VERB)
                    && self.lower(end + 1).is_some_and(|l| {
                        l.ends_with('s')
                            || l.ends_with("ed")
                            || matches!(l, "said" | "told" | "wrote")
                    })
            };
            if lower == "it"
                && end > 0
                && self.word(end - 1).is_some()
                && !agrees()
                && !self.lower(end - 1).is_some_and(|l| {
                    matches!(
                        l,
                        "and" | "but" | "although" | "though" | "while" | "what" | "where"
                    )
                })
            {
                return None;
            }
            return Some(pronoun_mention(self.span(end)?, *p));
        }
        if let Some(np) = self.common_np_ending_at(end) {
            return Some(np);
        }
        let (first, last) = self.run_ending_at(end)?;
        self.name_mention(first, last)
            .or_else(|| self.title_only(first, last))
    }

    /// A noun phrase starting at item `start` (for "said Jen Psaki", "said the minister").
    pub fn np_starting_at(&self, start: usize) -> Option<Mention> {
        let lx = lexicon();
        let w = self.word(start)?;
        let lower = self.lower(start)?;
        let uncontracted = uncontracted(lower);
        if let Some(p) = lx.pronouns.get(uncontracted) {
            return (uncontracted != "it" && uncontracted != "i")
                .then(|| pronoun_mention(self.span(start).unwrap_or_default(), *p));
        }
        let title = self.is(start, class::TITLE);
        if DETERMINERS.contains(&lower) || title && !is_capitalised(w) {
            // Find the head: the last role word within a few words.
            let mut best = None;
            let mut k = start;
            while k < start + 6 {
                let Some(l) = self.lower(k) else { break };
                if k > start && (BOUNDARY.contains(&l) || self.is(k, class::SPEECH_VERB)) {
                    break;
                }
                if is_capitalised(self.word(k).unwrap_or("")) && k > start {
                    // "said spokeswoman Jen Psaki" / "said the State Department"
                    if let Some((f, l2)) = self.run_starting_at(k) {
                        // "the Florida senator", "the White House spokesman": the name
                        // modifies a role noun, which is the head.
                        if self.word(l2 + 1).is_some_and(|w| !is_capitalised(w))
                            && self.is(l2 + 1, class::TITLE | class::ANONYMOUS_HEAD)
                        {
                            k = l2 + 1;
                            continue;
                        }
                        let with_title = if title { start } else { f };
                        if let Some(m) = self.name_mention(f, l2) {
                            let mut m = m;
                            if with_title < f {
                                m.role = Some(self.join(with_title, f - 1));
                                m.span.start = self.span(with_title)?.start;
                                m.person_evidence = true;
                            }
                            return Some(m);
                        }
                    }
                    break;
                }
                // `is_role_head` or `is_org_word`.
                let head = class::TITLE | class::ANONYMOUS_HEAD | class::ORGANISATION;
                if self.is(k, head) {
                    best = Some(k);
                }
                k += 1;
            }
            return best.and_then(|h| self.common_np_ending_at(h));
        }
        let (first, last) = self.run_starting_at(start)?;
        // "Former Vance speechwriter Jo Lane": a name modifying the role nouns before
        // another name is part of that name's role.
        let role_end = (last + 1..last + 4)
            .take_while(|&k| self.word(k).is_some_and(|w| !is_capitalised(w)))
            .filter(|&k| {
                self.is(k, class::TITLE | class::ANONYMOUS_HEAD)
                    && self.word(k + 1).is_some_and(is_capitalised)
            })
            .last();
        if let Some(r) = role_end
            && let Some((f2, l2)) = self.run_starting_at(r + 1)
            && f2 == r + 1
            && let Some(m) = self.np_ending_at(l2)
            && m.kind == MentionKind::Name
            && self.span(first).is_some_and(|s| s.start == m.span.start)
        {
            return Some(m);
        }
        // "Former prosecutor and Harbor City Mayor Ana Ruiz": two roles joined by "and"
        // before a titled name are both that person's.
        let and_at = (last + 1..last + 4)
            .take_while(|&k| self.word(k).is_some_and(|w| !is_capitalised(w)))
            .find(|&k| self.lower(k) == Some("and"));
        if let Some(a) = and_at
            && a > last + 1
            && self.is(a - 1, class::TITLE | class::ANONYMOUS_HEAD)
            && let Some((f2, l2)) = self.run_starting_at(a + 1)
            && f2 == a + 1
            && let Some(mut m) = self.np_ending_at(l2)
            && m.kind == MentionKind::Name
            && m.role.is_some()
            && self.span(f2).is_some_and(|s| s.start == m.span.start)
        {
            let own = m.role.take().unwrap_or_default();
            m.span.start = self.span(first)?.start;
            m.role = Some(format!("{} {own}", self.join(first, a)));
            return Some(m);
        }
        self.name_mention(first, last)
            .or_else(|| self.title_only(first, last))
    }

    /// A capitalised run made only of title words: "The Israeli Foreign Minister".
    fn title_only(&self, first: usize, last: usize) -> Option<Mention> {
        let lx = lexicon();
        let head = self.lower(last)?;
        if !lx.is_title(head) {
            return None;
        }
        let mut start = first;
        if start > 0 && self.lower(start - 1).is_some_and(|l| l == "the") {
            start -= 1;
        }
        Some(Mention {
            span: Span::new(self.span(start)?.start, self.span(last)?.end),
            kind: MentionKind::RoleNoun,
            words: Vec::new(),
            role: Some(self.join(first, last)),
            gender: lx.title_gender(head),
            person_evidence: true,
            speaker: false,
            subject: false,
        })
    }

    /// The item among `within` whose span starts at byte `start`: where a mention found
    /// nearby begins. `within` bounds the search (callers look a few items back from the
    /// mention's last word).
    pub fn item_starting_at(
        &self,
        start: usize,
        within: impl IntoIterator<Item = usize>,
    ) -> Option<usize> {
        within
            .into_iter()
            .find(|&k| self.span(k).is_some_and(|s| s.start == start))
    }

    /// The one capitalised word at item `k` as a name, even a word that is usually no name
    /// ("Read", "From"): for a word standing alone between a quote and its speech verb
    /// (`"…," Read said.`), where nothing else can be the speaker.
    pub fn lone_name_at(&self, k: usize) -> Option<Mention> {
        let w = self.word(k)?;
        let (stem, _) = strip_possessive(w);
        if !is_capitalised(stem) || !stem.chars().all(char::is_alphabetic) {
            return None;
        }
        let lx = lexicon();
        let lower = self.lower(k)?;
        if lx.pronouns.contains_key(lower) || lx.is_title(lower) {
            return None;
        }
        Some(Mention {
            span: Span::new(self.span(k)?.start, self.span(k)?.start + stem.len()),
            kind: MentionKind::Name,
            words: vec![stem.to_string()],
            role: None,
            gender: None,
            person_evidence: false,
            speaker: false,
            subject: false,
        })
    }

    /// "the floods in Alder Springs, Calif., and …": a name whose last word (item `last`)
    /// is followed by a comma and a state standing alone is a city, not a person.
    fn city_before_state(&self, last: usize) -> bool {
        self.punct(last + 1) == Some(',')
            && self.word(last + 2).is_some()
            && self
                .lower(last + 2)
                .is_some_and(|l| lexicon().places.contains(l))
            && (last + 3 >= self.items.len()
                || self
                    .punct(last + 3)
                    .is_some_and(|c| matches!(c, ',' | '.' | ';' | ')')))
    }

    /// The person named after "for" in the run `first..=last` ("spokeswoman for Mayor Angela
    /// Brooks"): whom an unnamed source speaks for.
    pub fn name_after_for(&self, first: usize, last: usize) -> Option<Mention> {
        let k = (first..last).find(|&k| self.lower(k) == Some("for"))?;
        let m = self.name_mention(k + 1, last)?;
        (m.kind == MentionKind::Name && !m.words.is_empty()).then_some(m)
    }

    /// Every proper-name mention outside quotes, for introductions and pronoun antecedents.
    pub fn name_mentions(&self) -> Vec<(usize, usize, Mention)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.items.len() {
            let Some(_) = self.word(i) else {
                i += 1;
                continue;
            };
            if let Some((f, l)) = self.run_starting_at(i)
                && let Some(m) = self.take_name_mention(f, l)
                && !m
                    .words
                    .iter()
                    .all(|w| with_normalised(w, |l| lexicon().places.contains(l)))
                && !(f..=l).any(|k| {
                    self.span(k).is_some_and(|s| s.end == m.span.end) && self.city_before_state(k)
                })
            {
                let mut m = m;
                // "Labour's Ann Lee, the party's health spokeswoman,": the appositive says more
                // than the body her name was given with.
                let body_role = f > 0
                    && m.role.as_deref().is_some_and(|r| {
                        self.word(f - 1)
                            .is_some_and(|w| strip_possessive(w) == (r, true))
                    });
                if (m.role.is_none() || body_role)
                    && m.kind == MentionKind::Name
                    && let Some((role, _)) = self.appositive_after(l)
                {
                    m.role = Some(role);
                    m.person_evidence = true;
                }
                if m.role.is_none()
                    && m.kind == MentionKind::Name
                    && let Some(role) = self.role_before_comma(f)
                {
                    m.role = Some(role);
                    m.person_evidence = true;
                }
                // "Univision anchor Jorge Ramos": a title run that swallows the capitalised word
                // before it (first seen as a name of its own) replaces that mention.
                while out
                    .last()
                    .is_some_and(|(_, _, prev): &(usize, usize, Mention)| {
                        prev.span.overlaps(m.span)
                    })
                {
                    out.pop();
                }
                out.push((f, l, m));
                i = l + 1;
                continue;
            }
            // "the commissioner", "the former senator": a role noun in prose keeps its holder
            // in mind for the pronouns that follow.
            // Party and place words may stand before the head ("the GOP nominee", "the
            // Democratic nominee's speech").
            if self.lower(i) == Some("the")
                && let Some(h) = (i + 1..i + 4).find(|&h| {
                    self.lower(h).is_some_and(|l| {
                        let l = l.strip_suffix("'s").unwrap_or(l);
                        lexicon().is_title(l) && !HONORIFICS.contains(&l)
                    }) && self.word(h).is_some_and(|w| !is_capitalised(w))
                })
                && (i + 1..h).all(|k| self.word(k).is_some())
                && self.word(h + 1).is_none_or(|w| !is_capitalised(w))
                // "the general election", "the executive order": a title that is as often an
                // adjective is no head with a noun after it.
                && !(ADJECTIVAL_TITLES.contains(&self.lower(h).unwrap_or(""))
                    && self.lower(h + 1).is_some_and(|l| !BOUNDARY.contains(&l))
                    && !self.is(h + 1, class::SPEECH_VERB))
                // "the victim's mother, Rosa Delgado,": the name after the comma is the one in
                // mind, and the role is hers.
                && !(self.punct(h + 1) == Some(',')
                    // `is_name_word` of the word, from its class.
                    && self
                        .word(h + 2)
                        .is_some_and(|w| is_capitalised(w) && !self.is(h + 2, class::COMMON))
                    && self
                        .run_starting_at(h + 2)
                        .is_some_and(|(_, l)| self.punct(l + 1) == Some(',')))
                && let Some(m) = self.common_np_ending_at(h)
                && m.kind == MentionKind::RoleNoun
            {
                out.push((i, h, m));
                i = h + 1;
                continue;
            }
            i += 1;
        }
        out
    }

    /// A role set before a name with a comma: "a spokeswoman for the group, Lena Marsh," →
    /// "spokeswoman for the group". `first` is the name's first item.
    pub fn role_before_comma(&self, first: usize) -> Option<String> {
        if first < 2 || self.punct(first - 1) != Some(',') {
            return None;
        }
        let last = first - 2;
        let mut k = last + 1;
        while k > 0 && last + 1 - k < 9 {
            k -= 1;
            let w = self.word(k)?;
            let l = self.lower(k)?;
            // A capitalised title too when "the" comes right before it (British copy: "the
            // Chancellor, Tom Barker,").
            let lower_case = !is_capitalised(w) || k > 0 && self.lower(k - 1) == Some("the");
            if self.is(k, class::TITLE) && !HONORIFICS.contains(&l) && lower_case {
                let m = self.common_np_ending_at(k)?;
                let det_item = self.item_starting_at(m.span.start, (0..=k).rev())?;
                let det = self.lower(det_item)?;
                // Only a phrase of its own ("A spokeswoman for the group, Lena Marsh"), not the
                // tail of an introductory phrase ("With 40 delegates at stake, Cho …").
                let opens_phrase = DETERMINERS.contains(&det) || det.ends_with("'s");
                // A possessor opens the phrase proper: "from the club's executive director,
                // Lena Dorsey," is the director's appositive.
                let anchor = (det_item..k)
                    .find(|&x| self.word(x).is_some_and(|w| strip_possessive(w).1))
                    .unwrap_or(det_item);
                let after_preposition = anchor
                    .checked_sub(1)
                    .and_then(|b| self.lower(b))
                    .is_some_and(|b| PREPOSITIONS.contains(&b));
                // "a spokeswoman for the mayor, Dana Reyes,": a title after a preposition may
                // complete an earlier one, the head, whose phrase runs on to the comma.
                if opens_phrase && after_preposition && anchor >= 2 {
                    k = anchor - 1;
                    continue;
                }
                if !opens_phrase || after_preposition {
                    return None;
                }
                let from = if DETERMINERS.contains(&det) {
                    det_item + 1
                } else {
                    det_item
                };
                return Some(self.join(from, last));
            }
        }
        None
    }

    /// An appositive right after item `after`: ", a State Department spokeswoman," → its text,
    /// shortened to what a hover needs, and the index of the closing comma (or full stop).
    pub fn appositive_after(&self, after: usize) -> Option<(String, usize)> {
        let lx = lexicon();
        if self.punct(after + 1) != Some(',') {
            return None;
        }
        let mut start = after + 2;
        // An age comes first: "Gavin Hale, 23, a student from Fresno".
        if self
            .word(start)
            .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()))
            && self.punct(start + 1) == Some(',')
        {
            start += 2;
        }
        let first = self.lower(start)?;
        let first_word = self.word(start)?;
        // "Wendell Marsh, 58, who farms outside Pinecrest, says": a voter's relative clause
        // is all the copy says of them.
        if first == "who" && start > after + 2 {
            let end = (start + 1..start + 12).find(|&k| self.word(k).is_none())?;
            if self.punct(end) == Some(',') && end > start + 2 {
                return Some((self.join(start + 1, end - 1), end));
            }
            return None;
        }
        // "Rhea Dunn, of Sarasota, Fla.": where a voter is from is all the copy says of them.
        let origin =
            matches!(first, "of" | "from") && self.word(start + 1).is_some_and(is_capitalised);
        let opens = DETERMINERS.contains(&first)
            || strip_possessive(first_word).1
            || (is_capitalised(first_word)
                && first_word.starts_with(char::is_alphabetic)
                && !lx.common_words.contains(first))
            || TITLE_MODIFIERS.contains(&first)
            || lx.is_title(first)
            || origin;
        if !opens || lx.pronouns.contains_key(first) {
            return None;
        }
        let mut k = start;
        let mut has_role = origin;
        let mut cut = None;
        while k < start + 16 {
            match self.items.get(k) {
                Some(Item::Tok(t)) if t.kind == TokenKind::Word => {
                    let l = self.lower(k).unwrap_or("");
                    if cut.is_none()
                        && ["who", "which", "whose", "said", "says", "told"].contains(&l)
                    {
                        cut = Some(k);
                    }
                    // An appositive has no verb of its own: "Ryan and the chairman have spent …"
                    // is a clause.
                    if cut.is_none() && FINITE_VERBS.contains(&l) {
                        return None;
                    }
                    let head = class::TITLE | class::ANONYMOUS_HEAD | class::ORGANISATION;
                    if cut.is_none() && self.is(k, head) {
                        has_role = true;
                    }
                    k += 1;
                    // "an analyst at Kessel & Co. He rates …": an abbreviation's point before
                    // a capitalised pronoun or common word ends the sentence, and the phrase.
                    if self.word(k - 1).is_some_and(|w| w.ends_with('.'))
                        && self.word(k).is_some_and(is_capitalised)
                        && self.lower(k).is_some_and(|l| {
                            lx.pronouns.contains_key(l) || lx.common_words.contains(l)
                        })
                    {
                        break;
                    }
                }
                Some(Item::Tok(t))
                    if matches!(t.kind, TokenKind::Punct(',' | '.' | ';' | ')' | '—' | '–')) =>
                {
                    break;
                }
                Some(Item::Tok(_)) => k += 1,
                _ => return None,
            }
        }
        // "Diana Ruocco, a student from Daytona Beach,": an indefinite description set off
        // after a name says who they are, whatever the noun.
        let described = matches!(first, "a" | "an") && k > start + 1;
        if !(has_role || described) || k == start {
            return None;
        }
        let end = cut.unwrap_or(k);
        if end <= start {
            return None;
        }
        let role_start = if ["a", "an", "the"].contains(&first) {
            start + 1
        } else {
            start
        };
        let words_in_role = end - role_start;
        let last = role_start + words_in_role.min(9) - 1;
        Some((self.join(role_start, last.max(role_start)), k))
    }
}

/// Auxiliaries that make a phrase a clause rather than an appositive.
const FINITE_VERBS: &[&str] = &[
    "is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could", "should",
    "did", "does", "do",
];

impl Mention {
    /// A singular personal pronoun of known gender ("she", "his"), outside any attribution.
    pub fn pronoun(span: Span, gender: Gender) -> Mention {
        pronoun_mention(
            span,
            Pronoun {
                gender: Some(gender),
                plural: false,
                neuter: false,
            },
        )
    }
}

/// A lower-cased word without a verb contracted onto it: "they're" → "they" ("They’re less
/// hostile …" has a pronoun subject).
pub fn uncontracted(lower: &str) -> &str {
    ["'re", "'s", "'ll", "'ve", "'d", "'m"]
        .iter()
        .find_map(|c| lower.strip_suffix(c))
        .unwrap_or(lower)
}

pub fn pronoun_mention(span: Span, p: Pronoun) -> Mention {
    Mention {
        span,
        kind: MentionKind::Pronoun(p),
        words: Vec::new(),
        role: None,
        gender: p.gender,
        person_evidence: false,
        speaker: false,
        subject: false,
    }
}

/// "His standing improved after …": a word in "-ed" after a determined noun is its verb, not
/// more of the noun phrase ("need", "speed" and "hundred" are nouns).
/// Plural abstract nouns ("frustrations", "audiences", "requirements"): never a surname. The
/// stem must run to four letters, so short names ("Vances") are not caught.
fn is_abstract_plural(lower: &str) -> bool {
    [
        "tions", "sions", "ments", "ences", "ances", "nesses", "ities", "isms",
    ]
    .iter()
    .any(|suffix| lower.len() >= suffix.len() + 4 && lower.ends_with(suffix))
}

fn looks_past_tense(lower: &str) -> bool {
    lower.len() > 5 && lower.ends_with("ed") && !lower.ends_with("eed") && lower != "hundred"
}

#[cfg(test)]
mod tests {
    use super::super::text::tokenize;
    use super::*;

    fn para(text: &str) -> Vec<Item> {
        tokenize(text).into_iter().map(Item::Tok).collect()
    }

    /// Each item's word as written and normalised ([`lowers_of`]).
    type Words<'a> = (Vec<&'a str>, Vec<&'a str>);

    fn paragraph<'a>(text: &'a str, items: &'a [Item], words: &'a Words<'a>) -> Paragraph<'a> {
        Paragraph::new(text, items, &[], &words.0, &words.1, &[])
    }

    /// [`lowers_of`] for a test: the buffer of normalised words is leaked.
    fn lowers<'a>(text: &'a str, items: &[Item]) -> Words<'a> {
        let buf: &'a mut String = Box::leak(Box::default());
        let (mut words, mut out) = (Vec::new(), Vec::new());
        lowers_of(text, items, buf, &mut words, &mut out, &mut Vec::new());
        (words, out)
    }

    fn np_before_last(text: &str) -> Option<(String, MentionKind, Option<String>)> {
        let items = para(text);
        let lowers = lowers(text, &items);
        let p = paragraph(text, &items, &lowers);
        p.np_ending_at(items.len() - 1)
            .map(|m| (m.span.slice(text).to_string(), m.kind, m.role))
    }

    #[test]
    fn title_is_split_from_name() {
        let (span, kind, role) = np_before_last("US Secretary of State John Kerry").unwrap();
        assert_eq!(span, "US Secretary of State John Kerry");
        assert_eq!(kind, MentionKind::Name);
        assert_eq!(role.as_deref(), Some("US Secretary of State"));
        let (_, _, role) = np_before_last("State Department Spokesperson Jen Psaki").unwrap();
        assert_eq!(role.as_deref(), Some("State Department Spokesperson"));
    }

    #[test]
    fn lower_case_title_before_name_is_a_role() {
        let (span, _, role) = np_before_last("his Israeli counterpart Avigdor Lieberman").unwrap();
        assert_eq!(span, "Israeli counterpart Avigdor Lieberman");
        assert_eq!(role.as_deref(), Some("Israeli counterpart"));
    }

    #[test]
    fn honorific_is_not_a_role() {
        let (_, kind, role) = np_before_last("Mr. Trump").unwrap();
        assert_eq!(kind, MentionKind::Name);
        assert_eq!(role, None);
    }

    #[test]
    fn common_noun_phrases_are_classified() {
        let cases = [
            ("a senior official", MentionKind::Anonymous),
            ("officials", MentionKind::Anonymous),
            ("the minister", MentionKind::RoleNoun),
            ("the campaign", MentionKind::Organisation),
            ("The Israeli Foreign Minister", MentionKind::RoleNoun),
            ("the State Department", MentionKind::Organisation),
        ];
        for (np, kind) in cases {
            assert_eq!(np_before_last(np).unwrap().1, kind, "{np}");
        }
        assert!(matches!(
            np_before_last("Yesterday he").unwrap().1,
            MentionKind::Pronoun(_)
        ));
    }

    #[test]
    fn appositive_gives_a_role() {
        let text = "Jen Psaki, a State Department spokeswoman, said";
        let items = para(text);
        let lowers = lowers(text, &items);
        let p = paragraph(text, &items, &lowers);
        let (role, _) = p.appositive_after(1).unwrap();
        assert_eq!(role, "State Department spokeswoman");
    }
}
