//! The document-level pass: links every mention to a person, body or unnamed source, so that
//! "Psaki" finds "Jen Psaki", "he" the right earlier man and "the minister" the person named as
//! minister. It reads paragraph results in text order and never looks at raw text again.
//!
//! The [`Resolver`] owns its state and holds no borrowed strings: an entity names the mention
//! its name and role come from ([`At`]) and reads the strings from the paragraph results
//! ([`Source`]) when it needs them; word indexes are keyed by a hash of the word. So the state
//! can outlive one pass: [`Resolver::checkpoint`] and [`Resolver::restore`] let the next pass
//! over an edited text start at the first paragraph the edit touched.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::lexicon::{WordHasher, lexicon};
use super::mentions::{Mention, MentionKind, normalise, strip_possessive, with_normalised};
use super::model::{Entity, EntityId, EntityKind, Gender, Resolution, Span};
use super::paragraph::ParagraphAnalysis;

/// How firmly a role was given: an explicit title or appositive beats a role noun used later.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum RoleSource {
    None,
    /// Only a party or a place ("a Democrat", "Republican Marco Rubio"): any fuller role given
    /// later says more.
    Affiliation,
    RoleNoun,
    Explicit,
}

/// Mention `m` of paragraph `p`: where an entity's strings are read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct At {
    pub p: u32,
    pub m: u32,
}

/// The paragraphs a resolver reads, in text order, with their spans in `text`.
#[derive(Clone, Copy)]
pub struct Source<'a> {
    pub text: &'a str,
    pub paragraphs: &'a [Span],
    pub locals: &'a [&'a ParagraphAnalysis],
}

impl<'a> Source<'a> {
    fn mention(&self, at: At) -> &'a Mention {
        &self.locals[at.p as usize].mentions[at.m as usize]
    }

    fn keys(&self, at: At) -> &'a MentionKeys {
        &self.locals[at.p as usize].keys[at.m as usize]
    }

    /// The mention's span in `text`.
    fn span(&self, at: At) -> Span {
        self.mention(at)
            .span
            .shift(self.paragraphs[at.p as usize].start)
    }
}

/// Where an entity's role comes from.
#[derive(Clone, Copy, PartialEq)]
enum Role {
    /// The [`MentionKeys::role_display`] of a mention with a role.
    Display(At),
    /// A role noun's role, else its own text.
    Noun(At),
}

/// Where an entity's role words come from.
#[derive(Clone, Copy, PartialEq)]
enum RoleWords {
    None,
    /// [`MentionKeys::role_words`].
    Keys(At),
    /// [`MentionKeys::noun_role_words`].
    Noun(At),
}

/// An entity being built. `Copy`: it holds no strings, only where to read them.
#[derive(Clone, Copy, PartialEq)]
struct Builder {
    /// The mention that gave the name: its words, their normalised forms (`lower`) and the
    /// display name with its words (`display`, `display_words`, `display_role_words`, or their
    /// `noun_` forms when `noun`).
    name: At,
    /// The display name is the role noun's (`noun_display`): a person known only by a role.
    noun: bool,
    kind: EntityKind,
    role: Option<Role>,
    role_source: RoleSource,
    gender: Option<Gender>,
    introduced: Span,
    /// The last mention linked to it (its mentions are in [`Resolver::mentions`]).
    last: Option<Span>,
    /// Evidence that this is a person a pronoun can point at.
    personish: bool,
    /// `role_words(role)`.
    role_words: RoleWords,
}

impl Builder {
    /// This entity of the previous text as it stands in the edited one (`None` when one of
    /// its positions falls in the bytes the edit replaced).
    fn moved(&self, map: EditMap) -> Option<Builder> {
        let last = match self.last {
            Some(s) => Some(map.span(s)?),
            None => None,
        };
        Some(Builder {
            introduced: map.span(self.introduced)?,
            last,
            ..*self
        })
    }

    fn words<'a>(&self, src: &Source<'a>) -> &'a [String] {
        &src.mention(self.name).words
    }

    fn lower<'a>(&self, src: &Source<'a>) -> &'a [String] {
        &src.keys(self.name).lower
    }

    /// A person only by default: one capitalised word ("Exxon", "Halvorsen") with no first
    /// name, title, role or gender behind it, which may as well be a company's name.
    fn bare_name(&self, src: &Source<'_>) -> bool {
        self.kind == EntityKind::Person
            && self.gender.is_none()
            && self.role.is_none()
            && self.lower(src).len() == 1
            && !src.mention(self.name).person_evidence
    }

    fn display<'a>(&self, src: &Source<'a>) -> &'a str {
        let k = src.keys(self.name);
        if self.noun {
            &k.noun_display
        } else {
            &k.display
        }
    }

    /// `normalise(display)` cut at white space.
    fn display_words<'a>(&self, src: &Source<'a>) -> &'a [String] {
        let k = src.keys(self.name);
        if self.noun {
            &k.noun_display_words
        } else {
            k.display_words()
        }
    }

    /// `role_words(display)`.
    fn display_role_words<'a>(&self, src: &Source<'a>) -> &'a [String] {
        let k = src.keys(self.name);
        if self.noun {
            &k.noun_display_role_words
        } else {
            k.display_role_words()
        }
    }

    fn role<'a>(&self, src: &Source<'a>) -> Option<&'a str> {
        self.role.map(|r| role_text(src, r).trim())
    }

    fn role_words<'a>(&self, src: &Source<'a>) -> &'a [String] {
        role_words_of(src, self.role_words)
    }
}

fn role_text<'a>(src: &Source<'a>, r: Role) -> &'a str {
    match r {
        Role::Display(at) => &src.keys(at).role_display,
        Role::Noun(at) => match &src.mention(at).role {
            Some(role) => role,
            None => src.span(at).slice(src.text),
        },
    }
}

fn role_words_of<'a>(src: &Source<'a>, w: RoleWords) -> &'a [String] {
    match w {
        RoleWords::None => &[],
        RoleWords::Keys(at) => &src.keys(at).role_words,
        RoleWords::Noun(at) => &src.keys(at).noun_role_words,
    }
}

/// What the resolver reads of a mention besides the mention itself: its words normalised, the
/// name an entity introduced by it shows and the words of its role. Computed once per paragraph
/// by [`mention_keys`] (and so cached with the paragraph), so the document pass, which runs at
/// every keystroke, allocates nothing per mention.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MentionKeys {
    /// `normalise` of each name word.
    lower: Vec<String>,
    /// The name words joined, else the mention's text.
    display: String,
    /// Empty when they are the same as `lower` (`display_same_as_lower`): read them through
    /// [`MentionKeys::display_words`].
    display_words: Vec<String>,
    /// Empty when they are the same as `lower` (`display_role_same_as_lower`): read them
    /// through [`MentionKeys::display_role_words`].
    display_role_words: Vec<String>,
    /// Most names ("Jen Psaki") cut and lower-case to their `lower` words whichever way they
    /// are cut: those lists are then not built again (two allocations per word saved).
    display_same_as_lower: bool,
    display_role_same_as_lower: bool,
    /// `role_words` of the mention's role.
    role_words: Vec<String>,
    /// The mention's role as a hover shows it, abbreviated titles spelled out ("Senator").
    role_display: String,
    /// Role nouns: `role_words` of the role, else of the mention's text.
    noun_role_words: Vec<String>,
    /// Role nouns: the mention's text without a leading "the ", the name of an entity the role
    /// noun introduces, with its words.
    noun_display: String,
    noun_display_words: Vec<String>,
    noun_display_role_words: Vec<String>,
    /// Bodies without a name: `normalise` of the mention's text.
    phrase: String,
}

impl MentionKeys {
    /// `display_words(display)`: `normalise(display)` cut at white space.
    fn display_words(&self) -> &[String] {
        if self.display_same_as_lower {
            &self.lower
        } else {
            &self.display_words
        }
    }

    /// `role_words(display)`.
    fn display_role_words(&self) -> &[String] {
        if self.display_role_same_as_lower {
            &self.lower
        } else {
            &self.display_role_words
        }
    }
}

/// The [`MentionKeys`] of `m`, a mention of the paragraph `text`.
pub fn mention_keys(m: &Mention, text: &str) -> MentionKeys {
    let mut k = MentionKeys::default();
    if matches!(m.kind, MentionKind::Pronoun(_)) {
        return k;
    }
    let own = m.span.slice(text);
    k.lower = m.words.iter().map(|w| normalise(w)).collect();
    k.display = if m.words.is_empty() {
        own.to_string()
    } else {
        m.words.join(" ")
    };
    // ASCII name words, none empty and none holding white space, joined by single spaces: cut
    // at white space and lower-cased, the display is the lower-cased words themselves.
    let plain = !m.words.is_empty()
        && m.words.iter().all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii() && !matches!(b, b'\t'..=b'\r' | b' '))
        });
    k.display_same_as_lower = plain;
    if !plain {
        k.display_words = display_words(&k.display);
    }
    // ... and when every word is made only of the chars `role_words` keeps together, and none
    // is a word it drops, its role words are those same words.
    k.display_role_same_as_lower = plain
        && m.words.iter().zip(&k.lower).all(|(w, l)| {
            w.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'\'')
                && !ROLE_STOP.contains(&l.as_str())
                && !l.ends_with("'s")
        });
    if !k.display_role_same_as_lower {
        k.display_role_words = role_words(&k.display);
    }
    if let Some(r) = &m.role {
        k.role_display = lexicon().spell_out_role(r.trim());
        k.role_words = role_words(&k.role_display);
    }
    match m.kind {
        MentionKind::RoleNoun => {
            k.noun_role_words = role_words(m.role.as_deref().unwrap_or(own));
            k.noun_display = own.trim_start_matches("the ").to_string();
            k.noun_display_words = display_words(&k.noun_display);
            k.noun_display_role_words = role_words(&k.noun_display);
        }
        MentionKind::Organisation if m.words.is_empty() => k.phrase = normalise(own),
        _ => {}
    }
    k
}

fn display_words(display: &str) -> Vec<String> {
    if display.is_ascii() {
        // ASCII: lower-cased piece by piece, cut at the ASCII chars `split_whitespace` cuts at.
        return display
            .split(|c: char| matches!(c, '\t'..='\r' | ' '))
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
    }
    normalise(display)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// Words before a body's noun that say which body it is without naming it.
/// ("his campaign": the campaign named last, as before; whose it is, is not worked out.)
const BODY_DETERMINERS: &[&str] = &[
    "the", "a", "an", "its", "their", "our", "this", "that", "his", "her",
];

/// How far back a pronoun looks past the nearest person for a sentence subject: mentions, and
/// bytes of text.
const SUBJECT_REACH: usize = 4;
const SUBJECT_DISTANCE: usize = 400;

/// Party words that set two holders of the same office apart ("the GOP nominee" is not the
/// "Democratic nominee"); place names do the same ("the Florida senator"). Its adjectives are
/// also `mentions::PARTY_ADJECTIVES` (a party adjective alone is no person): add a party to both.
const PARTY_WORDS: &[&str] = &[
    "democratic",
    "democrat",
    "democrats",
    "republican",
    "republicans",
    "gop",
    "independent",
    "libertarian",
    "green",
    "labour",
    "conservative",
    "tory",
    "liberal",
];

/// Words that qualify a role without saying which it is: "the former secretary" is not the
/// "former FBI agent".
const ROLE_MODIFIERS: &[&str] = &[
    "former", "ex", "then", "top", "senior", "deputy", "acting", "current", "new", "longtime",
];

/// Role words that relate a person to someone else rather than say what they are.
const RELATIONAL_ROLES: &[&str] = &[
    "rival",
    "rivals",
    "opponent",
    "challenger",
    "foe",
    "ally",
    "counterpart",
    "successor",
    "predecessor",
    "colleague",
    "friend",
];

/// The parties and places a role names, each in one spelling ("gop" is "republican").
fn party_or_place_marks(words: &[String]) -> Vec<&str> {
    let lx = lexicon();
    words
        .iter()
        .filter_map(|w| {
            let w = w.as_str();
            if !(PARTY_WORDS.contains(&w) || lx.places.contains(w)) {
                return None;
            }
            Some(match w {
                "gop" | "republicans" => "republican",
                "democrat" | "democrats" => "democratic",
                other => other,
            })
        })
        .collect()
}

/// Both roles name a party or place, and not the same one. `ma` are `a`'s
/// [`party_or_place_marks`], found once by the caller: a role noun is compared with many
/// roles, and most role nouns name no party or place, which settles it without looking at `b`.
fn contrasting(ma: &[&str], b: &[String]) -> bool {
    if ma.is_empty() {
        return false;
    }
    let mb = party_or_place_marks(b);
    !mb.is_empty() && !ma.iter().any(|w| mb.contains(w))
}

/// Generic nouns that, with "the", stand for the organisation named last ("the airline said").
const GENERIC_BODIES: &[&str] = &[
    "company",
    "firm",
    "airline",
    "carrier",
    "operator",
    "group",
    "organisation",
    "organization",
    "business",
    "bank",
    "retailer",
    "agency",
    "authority",
    "studio",
    "network",
    "newspaper",
    "paper",
    "publication",
    "outlet",
    "union",
    "charity",
    "council",
    "department",
    "ministry",
    "campaign",
    "committee",
    "party",
    "university",
    "school",
    "hospital",
    "trust",
    "board",
];

/// Function words left out when comparing roles.
const ROLE_STOP: &[&str] = &[
    "the", "a", "an", "of", "for", "and", "his", "her", "their", "its", "to", "in", "on",
];

fn role_words(role: &str) -> Vec<String> {
    if role.is_ascii() {
        // ASCII: cut by bytes, each piece lower-cased on the stack and allocated only if kept.
        let mut out = Vec::new();
        let b = role.as_bytes();
        let mut start = 0;
        for i in 0..=b.len() {
            if i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b'\'') {
                continue;
            }
            if i > start {
                with_normalised(&role[start..i], |w| {
                    if !ROLE_STOP.contains(&w) && !w.ends_with("'s") {
                        out.push(w.to_string());
                    }
                });
            }
            start = i + 1;
        }
        return out;
    }
    // Each piece is looked at normalised on the stack; only the kept ones are allocated.
    role.split(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
        .filter(|w| !w.is_empty())
        .filter_map(|w| {
            with_normalised(w, |w| {
                (!w.is_empty() && !ROLE_STOP.contains(&w) && !w.ends_with("'s"))
                    .then(|| w.to_string())
            })
        })
        .collect()
}

/// Entities by a hash of a word ([`word_key`]). Every index is a superset of the entities a
/// lookup can accept (a hash collision only adds a candidate), and every lookup tests its
/// candidates again.
type WordIndex = HashMap<u64, Vec<EntityId>, BuildHasherDefault<WordHasher>>;

fn word_key(w: &str) -> u64 {
    let mut h = WordHasher::default();
    h.write(w.as_bytes());
    h.finish()
}

/// Which word index.
#[derive(Clone, Copy, PartialEq)]
enum Index {
    Word,
    Display,
    PersonRole,
    Anonymous,
}

/// Resolves mentions to entities, reading every string from a [`Source`]; owned strings are
/// made only by [`Resolver::finish`].
#[derive(Default)]
pub struct Resolver {
    entities: Vec<Builder>,
    /// (entity, span) of every mention linked, in text order: the entities' mentions.
    mentions: Vec<(EntityId, Span)>,
    /// (position, entity, is a sentence subject) of every person mention so far, for pronouns.
    salience: Vec<(usize, EntityId, bool)>,
    /// Entities by the first and last word of their normalised name: the only candidates
    /// [`Resolver::link_name`] can match. May hold stale entries (names grow); the match test
    /// is always applied to the candidates.
    by_word: WordIndex,
    /// Entities by every word of their normalised display name: the only bodies `link_body` can
    /// pick. Also a superset.
    by_display: WordIndex,
    /// Named persons by the words of their role: the only entities `link_role` can credit with
    /// a role noun (a superset: the kind is checked again).
    by_person_role: WordIndex,
    /// Unnamed sources by the words of their display name and the last word of their role: the
    /// only entities "the official" can continue (a superset, checked again).
    by_anonymous: WordIndex,
    /// Every entry added to a word index, in order, so that [`Resolver::restore`] can take
    /// them out again (and the entity listed, so that [`Resolver::fast_forward`] can put them
    /// back).
    indexed: Vec<(Index, u64, EntityId)>,
    /// Scratch list for [`Resolver::role_candidates`].
    scratch: Vec<EntityId>,
    /// Scratch list for `link_role`: each role-noun word's weight in a candidate's score.
    role_weights: Vec<usize>,
}

/// Where the positions of a previous text are in an edited one: the bytes before `start` stay,
/// those from `old_end` on move to `new_end` on, and those between were replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EditMap {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

impl EditMap {
    /// Where byte `p` of the previous text is now.
    pub fn pos(&self, p: usize) -> Option<usize> {
        if p < self.start {
            Some(p)
        } else if p >= self.old_end {
            Some(p - self.old_end + self.new_end)
        } else {
            None
        }
    }

    /// The map of this edit followed by `next` (an edit of the text this one made): the bytes
    /// before both edits stay, the bytes after both move by both; everything between counts
    /// as replaced, even where the second edit put back what the first took out.
    pub fn then(self, next: EditMap) -> EditMap {
        // The start of the stretch neither edit touched at the end, in the text between them.
        let mid_end = self.new_end.max(next.old_end);
        EditMap {
            start: self.start.min(next.start),
            old_end: mid_end - self.new_end + self.old_end,
            new_end: mid_end - next.old_end + next.new_end,
        }
    }

    /// Where byte `p` of the previous text, past the edit (`p >= old_end`), is now.
    pub fn past(&self, p: usize) -> usize {
        p - self.old_end + self.new_end
    }

    /// Where a span of the previous text is now, when the edit left it and its text alone.
    pub fn span(&self, s: Span) -> Option<Span> {
        // An edit that replaced nothing with nothing (two edits that undid each other,
        // composed by `then`) touched no span, even one that runs across where it was.
        if s.end <= self.start || self.old_end == self.start && self.new_end == self.start {
            Some(s)
        } else if s.start >= self.old_end {
            Some(Span::new(
                s.start - self.old_end + self.new_end,
                s.end - self.old_end + self.new_end,
            ))
        } else {
            None
        }
    }
}

/// A resolver's state from a checkpoint to the end of its pass ([`Resolver::tail`]).
#[derive(Clone, Default)]
pub struct Tail {
    entities: Vec<Builder>,
    mentions: Vec<(EntityId, Span)>,
    salience: Vec<(usize, EntityId, bool)>,
    indexed: Vec<(Index, u64, EntityId)>,
}

/// The state of a [`Resolver`] at one point of a pass, for [`Resolver::restore`]: the entities
/// as they were, and how long the resolver's append-only lists were.
#[derive(Clone, Default)]
pub struct Checkpoint {
    entities: Vec<Builder>,
    mentions: usize,
    salience: usize,
    indexed: usize,
}

impl Resolver {
    /// Empties the resolver (keeping its allocations).
    pub fn reset(&mut self) {
        self.entities.clear();
        self.mentions.clear();
        self.salience.clear();
        self.by_word.clear();
        self.by_display.clear();
        self.by_person_role.clear();
        self.by_anonymous.clear();
        self.indexed.clear();
    }

    /// The state now. Restoring it later is valid while every mention linked before this point
    /// (and the text of its paragraph) is still there, unchanged, at the same place.
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            entities: self.entities.clone(),
            mentions: self.mentions.len(),
            salience: self.salience.len(),
            indexed: self.indexed.len(),
        }
    }

    /// Goes back to the state of `c`, a [`Checkpoint`] of this resolver taken before every
    /// change since made to it (entities only ever change, lists and indexes only ever grow).
    pub fn restore(&mut self, c: &Checkpoint) {
        for (index, key, _) in self.indexed.drain(c.indexed..).rev() {
            let map = match index {
                Index::Word => &mut self.by_word,
                Index::Display => &mut self.by_display,
                Index::PersonRole => &mut self.by_person_role,
                Index::Anonymous => &mut self.by_anonymous,
            };
            // An emptied list stands for no list: every lookup treats them alike.
            if let Some(ids) = map.get_mut(&key) {
                ids.pop();
            }
        }
        self.mentions.truncate(c.mentions);
        self.salience.truncate(c.salience);
        self.entities.clear();
        self.entities.extend_from_slice(&c.entities);
    }

    /// The state from checkpoint `c` on (the end of this resolver's pass), kept aside before
    /// the resolver goes back to `c` for an edited text: see [`Resolver::fast_forward`].
    pub fn tail(&self, c: &Checkpoint) -> Tail {
        Tail {
            entities: self.entities.clone(),
            mentions: self.mentions[c.mentions..].to_vec(),
            salience: self.salience[c.salience..].to_vec(),
            indexed: self.indexed[c.indexed..].to_vec(),
        }
    }

    /// Goes on to the end of the previous pass without linking another mention, when that is
    /// exact; says whether it did.
    ///
    /// The resolver is at the start of paragraph B of an edited text, having gone back to
    /// checkpoint `from` (taken where the edit starts) and linked the mentions in between.
    /// `old` is the previous pass's checkpoint at that same paragraph and `tail` its state from
    /// `from` to its end ([`Resolver::tail`]); `map` says where the previous text's positions
    /// are now, and every paragraph from B on is the previous text's, moved by the same amount
    /// (`boundary` is B's start; the caller checks that the strings every `At` names are the
    /// same). When the state now equals the previous pass's at B with its positions moved, the
    /// rest of the pass would do what it did then: each decision reads only the entities, the
    /// lists and the indexes (now equal), the strings behind them (the same), the order of
    /// positions (kept by the move) and, for a pronoun, how far apart two person mentions are
    /// (`SUBJECT_DISTANCE`). Only a distance across the edit can differ, so no such comparison
    /// may come out differently in the two texts ([`Resolver::far_across`]). Then the
    /// resolver's state becomes the previous pass's final state, moved.
    pub fn fast_forward(
        &mut self,
        from: &Checkpoint,
        old: &Checkpoint,
        tail: &Tail,
        map: EditMap,
        boundary: usize,
    ) -> bool {
        let (m, s, x) = (
            old.mentions - from.mentions,
            old.salience - from.salience,
            old.indexed - from.indexed,
        );
        let same_lengths = self.entities.len() == old.entities.len()
            && self.mentions.len() == old.mentions
            && self.salience.len() == old.salience
            && self.indexed.len() == old.indexed
            && tail.mentions.len() >= m
            && tail.salience.len() >= s
            && tail.indexed.len() >= x;
        if !same_lengths || boundary < map.new_end {
            return false;
        }
        let moved_pos = |p: usize| map.pos(p);
        let same = self
            .entities
            .iter()
            .zip(&old.entities)
            .all(|(now, was)| was.moved(map) == Some(*now))
            && self.mentions[from.mentions..]
                .iter()
                .zip(&tail.mentions[..m])
                .all(|(now, was)| was.0 == now.0 && map.span(was.1) == Some(now.1))
            && self.salience[from.salience..]
                .iter()
                .zip(&tail.salience[..s])
                .all(|(now, was)| {
                    (was.1, was.2) == (now.1, now.2) && moved_pos(was.0) == Some(now.0)
                })
            && self.indexed[from.indexed..] == tail.indexed[..x];
        if !same || !self.far_across(map, &tail.salience[s..]) {
            return false;
        }
        if !tail.entities.iter().all(|b| b.moved(map).is_some()) {
            return false;
        }
        // Into the list's own allocation: a collect into `Option<Vec>` cannot size it.
        self.entities.clear();
        self.entities
            .extend(tail.entities.iter().filter_map(|b| b.moved(map)));
        // Everything after B is past the edit (`boundary >= map.new_end`): moved as a whole.
        let past = |sp: Span| Span::new(map.past(sp.start), map.past(sp.end));
        self.mentions
            .extend(tail.mentions[m..].iter().map(|&(id, sp)| (id, past(sp))));
        self.salience.extend(
            tail.salience[s..]
                .iter()
                .map(|&(pos, id, subject)| (map.past(pos), id, subject)),
        );
        for &(index, key, id) in &tail.indexed[x..] {
            let map = match index {
                Index::Word => &mut self.by_word,
                Index::Display => &mut self.by_display,
                Index::PersonRole => &mut self.by_person_role,
                Index::Anonymous => &mut self.by_anonymous,
            };
            map.entry(key).or_default().push(id);
            self.indexed.push((index, key, id));
        }
        true
    }

    /// No comparison of the distance between two person mentions across the edit (one
    /// before it, in this state; one after it, in this state or still to come: `future`, in
    /// the previous text) comes out differently in the two texts: the two distances, which
    /// differ by the edit's change of length, are on the same side of `SUBJECT_DISTANCE`.
    /// Mentions are linked in text order, so the positions are sorted and only the pairs less
    /// than `SUBJECT_DISTANCE` apart in one of the texts are looked at.
    fn far_across(&self, map: EditMap, future: &[(usize, EntityId, bool)]) -> bool {
        let reach = SUBJECT_DISTANCE;
        let past_edit = self
            .salience
            .iter()
            .rev()
            .take_while(|e| e.0 >= map.start)
            .count();
        let split = self.salience.len() - past_edit;
        // Every position past the edit is where a position of the previous text went.
        if self.salience[split..].iter().any(|e| e.0 < map.new_end) {
            return false;
        }
        let before = self.salience[..split]
            .iter()
            .rev()
            .map(|e| e.0)
            .take_while(|&b| map.start - b < reach);
        for b in before {
            // (position in the previous text, position now) of each mention past the edit.
            let now = self.salience[split..]
                .iter()
                .map(|e| (e.0 + map.old_end - map.new_end, e.0));
            let later = future.iter().map(|e| (e.0, map.past(e.0)));
            for (was, is) in now.chain(later) {
                let (was, is) = (was - b, is - b);
                if was >= reach && is >= reach {
                    break;
                }
                if was.min(is) < reach && was.max(is) >= reach {
                    return false;
                }
            }
        }
        true
    }

    /// Appends `id` to the entities listed under `word` in `index`, unless it is already the
    /// last one.
    fn index_under(&mut self, index: Index, word: &str, id: EntityId) {
        let key = word_key(word);
        let map = match index {
            Index::Word => &mut self.by_word,
            Index::Display => &mut self.by_display,
            Index::PersonRole => &mut self.by_person_role,
            Index::Anonymous => &mut self.by_anonymous,
        };
        let ids = map.entry(key).or_default();
        if ids.last() != Some(&id) {
            ids.push(id);
            self.indexed.push((index, key, id));
        }
    }

    /// Links one mention (given in text order) and says how.
    pub fn link(&mut self, src: &Source<'_>, at: At) -> (Option<EntityId>, Resolution) {
        let m = src.mention(at);
        let span = src.span(at);
        let found = match m.kind {
            MentionKind::Name | MentionKind::Organisation if !m.words.is_empty() => {
                self.link_name(src, at)
            }
            MentionKind::Organisation => self.link_body(src, at),
            MentionKind::Pronoun(p) => {
                let id = self.pronoun(src, span.start, p);
                // What "it" speaks for is a body, as "he" and "she" tell a person's gender.
                if let Some(id) = id
                    && p.neuter
                    && self.entities[id].kind == EntityKind::Person
                {
                    let e = &mut self.entities[id];
                    e.kind = EntityKind::Organisation;
                    e.personish = false;
                }
                if let (Some(id), Some(g)) = (id, p.gender)
                    && self.entities[id].gender.is_none()
                {
                    self.entities[id].gender = Some(g);
                }
                id.map(|id| (id, Resolution::Pronoun))
            }
            MentionKind::RoleNoun => Some(self.link_role(src, at)),
            MentionKind::Anonymous => Some((
                self.create(src, at, EntityKind::Anonymous),
                Resolution::Anonymous,
            )),
            MentionKind::Name => None,
        };
        match found {
            Some((id, how)) => {
                let e = &mut self.entities[id];
                // Mentions arrive in text order, so a repeat can only be the last one.
                if e.last != Some(span) {
                    e.last = Some(span);
                    self.mentions.push((id, span));
                }
                // An unnamed source of known sex who speaks or opens a sentence ("a police
                // spokeswoman said") is whom the next "she" most likely means, as a named
                // speaker is.
                let gendered_source = e.kind == EntityKind::Anonymous
                    && e.gender.is_some()
                    && (m.speaker || m.subject);
                if e.kind == EntityKind::Person && (e.personish || m.speaker) || gendered_source {
                    e.personish = true;
                    self.salience.push((span.start, id, m.subject || m.speaker));
                }
                (Some(id), how)
            }
            None => (None, Resolution::Unresolved),
        }
    }

    /// Sets the role `role` (whose `role_words` are `role_words`) if it beats the one the
    /// entity has.
    fn set_role(
        &mut self,
        src: &Source<'_>,
        id: EntityId,
        role: Option<Role>,
        role_words: RoleWords,
        source: RoleSource,
    ) {
        // No role sets nothing: the role's words are not looked at (most names come without
        // one, and a party word test is string comparisons).
        if role.is_none() {
            return;
        }
        // The affiliation test below can only make the source `Affiliation`: when even the
        // larger of the two does not beat the entity's role source, nothing is set, and the
        // role's words need not be read (most mentions of a person with a role repeat it).
        if source.max(RoleSource::Affiliation) <= self.entities[id].role_source {
            return;
        }
        let words = role_words_of(src, role_words);
        let lx = lexicon();
        // A party, a place, or one bare word that says only how the person stands to someone
        // else ("rival Marco Rubio"): a title given later says what they are.
        let affiliation = words
            .iter()
            .all(|w| PARTY_WORDS.contains(&w.as_str()) || lx.places.contains(w.as_str()))
            || matches!(words, [w] if RELATIONAL_ROLES.contains(&w.as_str()));
        let source = if affiliation {
            RoleSource::Affiliation
        } else {
            source
        };
        let e = &mut self.entities[id];
        if let Some(r) = role
            && source > e.role_source
            && !role_text(src, r).trim().is_empty()
        {
            e.role = Some(r);
            e.role_words = role_words;
            e.role_source = source;
            // An entity's kind only ever changes from person to organisation, and its name words
            // never appear later: whoever can be a named person is one when the role is set.
            let named_person = e.kind == EntityKind::Person && !e.words(src).is_empty();
            let anonymous = e.kind == EntityKind::Anonymous;
            if named_person {
                for w in words {
                    self.index_under(Index::PersonRole, w, id);
                }
            }
            if anonymous && let Some(w) = words.last() {
                self.index_under(Index::Anonymous, w, id);
            }
        }
    }

    fn create(&mut self, src: &Source<'_>, at: At, kind: EntityKind) -> EntityId {
        let m = src.mention(at);
        self.entities.push(Builder {
            name: at,
            noun: false,
            kind,
            role: None,
            role_source: RoleSource::None,
            gender: m.gender,
            introduced: src.span(at),
            last: None,
            personish: kind == EntityKind::Person && (m.person_evidence || m.speaker),
            role_words: RoleWords::None,
        });
        let id = self.entities.len() - 1;
        self.index_words(src, id);
        self.index_display(src, id);
        let source = if matches!(m.kind, MentionKind::RoleNoun) {
            RoleSource::RoleNoun
        } else {
            RoleSource::Explicit
        };
        let role = m.role.as_ref().map(|_| Role::Display(at));
        self.set_role(src, id, role, RoleWords::Keys(at), source);
        id
    }

    /// Lists the entity under the words of its display name (its role's words are listed when
    /// the role is set).
    ///
    /// Only `link_body` reads the display index, and only for organisations. An entity without
    /// name words (an anonymous source, a person known by a role noun) that is not an
    /// organisation never becomes one: a kind changes only in `link_name`, for an entity found
    /// in the word index, and when "it" speaks for a one-word name (`bare_name`), and
    /// `index_words` lists nobody without name words (names only grow in `link_name` too). So
    /// such an entity is left out of the display index: the picks are the same, and most
    /// anonymous sources cost a few hash entries less.
    fn index_display(&mut self, src: &Source<'_>, id: EntityId) {
        let e = self.entities[id];
        if e.kind == EntityKind::Organisation || !e.lower(src).is_empty() {
            for k in e.display_words(src) {
                self.index_under(Index::Display, k, id);
            }
        }
        if e.kind == EntityKind::Anonymous {
            for k in e.display_role_words(src) {
                self.index_under(Index::Anonymous, k, id);
            }
        }
    }

    /// The largest id listed under `key` in `index` that satisfies `ok`: what a search from the
    /// newest entity back over every entity listed under `key` finds first.
    fn newest_listed(
        &self,
        index: &WordIndex,
        key: &str,
        ok: impl Fn(&Builder) -> bool,
    ) -> Option<EntityId> {
        index
            .get(&word_key(key))?
            .iter()
            .copied()
            .filter(|&i| ok(&self.entities[i]))
            .max()
    }

    /// Named persons whose role has any of `words`, in ascending order, without repeats.
    fn role_candidates(&mut self, words: &[String]) -> Vec<EntityId> {
        let mut ids = std::mem::take(&mut self.scratch);
        ids.clear();
        for w in words {
            if let Some(v) = self.by_person_role.get(&word_key(w)) {
                ids.extend_from_slice(v);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    fn index_words(&mut self, src: &Source<'_>, id: EntityId) {
        let lower = self.entities[id].lower(src);
        let (Some(first), Some(last)) = (lower.first(), lower.last()) else {
            return;
        };
        for w in [first, last] {
            self.index_under(Index::Word, w, id);
        }
    }

    fn link_name(&mut self, src: &Source<'_>, at: At) -> Option<(EntityId, Resolution)> {
        let lx = lexicon();
        let m = src.mention(at);
        let lower = &src.keys(at).lower;
        let last = lower.last()?;
        let matches = |e: &Builder| -> bool {
            let elower = e.lower(src);
            let Some(elast) = elower.last() else {
                return false;
            };
            if elast == last {
                // Same surname: the first names must not disagree ("Bill" vs "Hillary Clinton").
                return lower.len() < 2 || elower.len() < 2 || elower[0] == lower[0];
            }
            (lower.len() == 1
                && elower.len() > 1
                && elower[0] == lower[0]
                && e.kind == EntityKind::Person)
                || (elower.len() == 1 && lower.len() > 1 && &elower[0] == last)
        };
        // Every entity that can match has `last` as the first or last word of its name. The
        // most recently mentioned wins; among equals, the newest entity (the largest id). The
        // name test (string comparisons) is asked only of a candidate whose key beats the best
        // match so far: one that does not cannot be the answer whether it matches or not, and
        // two list entries with the same key are the same entity. So the result is the
        // matching candidate with the largest key, as testing every candidate finds.
        let mut best: Option<(usize, EntityId)> = None;
        for &i in self
            .by_word
            .get(&word_key(last))
            .map_or(&[][..], Vec::as_slice)
        {
            let e = &self.entities[i];
            let key = (e.last.map_or(0, |s| s.start), i);
            if best.is_none_or(|b| key > b) && matches(e) {
                best = Some(key);
            }
        }
        let best = best.map(|(_, i)| i);
        if let Some(id) = best {
            let was_fuller = self.entities[id].lower(src).len() > lower.len();
            let e = &mut self.entities[id];
            let grew = lower.len() > e.lower(src).len();
            if grew {
                e.name = at;
                e.noun = false;
            }
            if e.gender.is_none() {
                e.gender = m.gender;
            }
            e.personish |= m.person_evidence;
            if m.kind == MentionKind::Organisation && !e.personish {
                e.kind = EntityKind::Organisation;
            }
            if grew {
                self.index_words(src, id);
                self.index_display(src, id);
            }
            let role = m.role.as_ref().map(|_| Role::Display(at));
            self.set_role(src, id, role, RoleWords::Keys(at), RoleSource::Explicit);
            let how = if was_fuller {
                Resolution::Surname
            } else {
                Resolution::Name
            };
            let how = if self.entities[id].kind == EntityKind::Organisation {
                Resolution::Organisation
            } else {
                how
            };
            return Some((id, how));
        }
        let single_place = lower.iter().all(|w| lx.places.contains(w));
        let worth_an_entity = m.speaker || m.person_evidence || (lower.len() >= 2 && !single_place);
        if !worth_an_entity {
            return None;
        }
        let kind = if m.kind == MentionKind::Organisation || (single_place && !m.person_evidence) {
            EntityKind::Organisation
        } else {
            EntityKind::Person
        };
        let id = self.create(src, at, kind);
        let how = if kind == EntityKind::Organisation {
            Resolution::Organisation
        } else {
            Resolution::Name
        };
        Some((id, how))
    }

    fn link_body(&mut self, src: &Source<'_>, at: At) -> Option<(EntityId, Resolution)> {
        let phrase = src.keys(at).phrase.as_str();
        let head = phrase.split_whitespace().last().unwrap_or("");
        // Only a bare "the airline": "the aviation authority" is a body of its own.
        let definite = (phrase.starts_with("the ") || phrase.starts_with("its "))
            && phrase.split_whitespace().count() == 2;
        // Every word of the phrase but its determiner is one of the body's: "the union" is the
        // teachers' union named before, "the nurses union" is not.
        let own: Vec<&str> = phrase
            .split_whitespace()
            .filter(|w| !BODY_DETERMINERS.contains(w))
            .map(|w| strip_possessive(w).0)
            .collect();
        let existing = self
            .newest_listed(&self.by_display, head, |e| {
                let words = e.display_words(src);
                e.kind == EntityKind::Organisation
                    && words.iter().any(|w| *w == head)
                    && own
                        .iter()
                        .all(|o| words.iter().any(|w| strip_possessive(w).0 == *o))
            })
            // "the airline", "the company": a definite generic noun for the body named last.
            .or_else(|| {
                (definite && GENERIC_BODIES.contains(&head))
                    .then(|| {
                        self.entities.iter().rposition(|e| {
                            e.kind == EntityKind::Organisation && !e.words(src).is_empty()
                        })
                    })
                    .flatten()
            });
        let id = existing.unwrap_or_else(|| self.create(src, at, EntityKind::Organisation));
        Some((id, Resolution::Organisation))
    }

    fn link_role(&mut self, src: &Source<'_>, at: At) -> (EntityId, Resolution) {
        let m = src.mention(at);
        let span = src.span(at);
        let role = Role::Noun(at);
        let words = &src.keys(at).noun_role_words;
        let head = words.last().map_or("", String::as_str);
        // The named person whose role shares the most words, the head noun counting double.
        let mut best: Option<(usize, usize)> = None;
        let candidates = self.role_candidates(words);
        let marks = party_or_place_marks(words);
        // Each word's weight, found once per role noun rather than once per candidate: 0 for a
        // modifier (it does not count), 2 for the head noun, 1 for the others.
        let mut weights = std::mem::take(&mut self.role_weights);
        weights.clear();
        weights.extend(words.iter().map(|w| {
            if ROLE_MODIFIERS.contains(&w.as_str()) {
                0
            } else if *w == head {
                2
            } else {
                1
            }
        }));
        for &id in &candidates {
            let e = &self.entities[id];
            if e.kind != EntityKind::Person || e.words(src).is_empty() {
                continue;
            }
            if e.role.is_none() {
                continue;
            }
            let ew = e.role_words(src);
            if contrasting(&marks, ew) {
                continue;
            }
            let score: usize = words
                .iter()
                .zip(&weights)
                .filter(|&(w, &k)| k > 0 && ew.contains(w))
                .map(|(_, &k)| k)
                .sum();
            if score > 0 && best.is_none_or(|(_, s)| score >= s) {
                best = Some((id, score));
            }
        }
        self.scratch = candidates;
        self.role_weights = weights;
        if let Some((id, _)) = best {
            self.set_role(
                src,
                id,
                Some(role),
                RoleWords::Noun(at),
                RoleSource::RoleNoun,
            );
            return (id, Resolution::Role);
        }
        // "the official" after "a senior official".
        let anonymous = self.newest_listed(&self.by_anonymous, head, |e| {
            e.kind == EntityKind::Anonymous
                && (e.display_role_words(src).iter().any(|w| w == head)
                    || e.role_words(src).last().is_some_and(|w| w == head))
        });
        if let Some(id) = anonymous {
            return (id, Resolution::Anonymous);
        }
        // "the billionaire businessman" for the man in the news: a definite role noun that fits
        // no one's stated role describes the person most in mind. An office ("the former
        // president") goes only to someone whose role the story has not yet given, and a plural
        // ("the organisers") to no one.
        let lx = lexicon();
        // "The state's governor" is the governor of something named in the phrase, not a
        // description of whoever is in mind.
        let phrase = span.slice(src.text);
        let definite = phrase
            .get(..4)
            .is_some_and(|w| w.eq_ignore_ascii_case("the "))
            && !phrase.contains("'s ")
            && !phrase.contains("’s ");
        let descriptive = lx.descriptive_roles.contains(head);
        let singular = descriptive || lx.titles.contains_key(head);
        if definite
            && singular
            && let Some(id) = self.person_in_mind(
                span.start,
                |e| {
                    !e.words(src).is_empty()
                        && (m.gender.is_none() || e.gender.is_none() || e.gender == m.gender)
                        && (descriptive || e.role.is_none())
                },
                !descriptive,
            )
        {
            self.set_role(
                src,
                id,
                Some(role),
                RoleWords::Noun(at),
                RoleSource::RoleNoun,
            );
            return (id, Resolution::Role);
        }
        let id = self.create(src, at, EntityKind::Person);
        self.entities[id].noun = true;
        self.index_display(src, id);
        (id, Resolution::Unresolved)
    }

    fn pronoun(&self, src: &Source<'_>, at: usize, p: super::lexicon::Pronoun) -> Option<EntityId> {
        if p.neuter || p.plural {
            // "Exxon said in a statement. It added …": "it" also reaches a name nothing has
            // shown to be a person's.
            let body = self.entities.iter().enumerate().rev().find(|(_, e)| {
                (matches!(e.kind, EntityKind::Organisation | EntityKind::Anonymous)
                    || p.neuter && e.bare_name(src))
                    && e.last.is_some_and(|s| s.start < at)
            });
            if let Some((id, _)) = body {
                return Some(id);
            }
            if p.neuter {
                return None;
            }
        }
        self.preferred_person(at, |e| {
            // "his supporters" is nobody's "he".
            let display = e.display(src);
            let plural_description =
                e.words(src).is_empty() && display.ends_with('s') && !display.ends_with("ss");
            (p.gender.is_none() || e.gender.is_none() || e.gender == p.gender)
                && (p.plural || !plural_description)
        })
    }

    /// The person most in mind before byte `at` among those `fits` accepts: the nearest one,
    /// unless a sentence subject stands just before them ("Okafor warned that the move against
    /// Ruiz … . He wrote …" is Okafor).
    fn preferred_person(&self, at: usize, fits: impl Fn(&Builder) -> bool) -> Option<EntityId> {
        self.person_in_mind(at, fits, false)
    }

    /// [`Self::preferred_person`], or with `subject_only` the sentence subject alone: an
    /// office nobody holds ("the new state auditor") is never the object or possessor just
    /// mentioned ("In calling the mayor's budget …, the auditor …").
    fn person_in_mind(
        &self,
        at: usize,
        fits: impl Fn(&Builder) -> bool,
        subject_only: bool,
    ) -> Option<EntityId> {
        let mut recent = self.salience.iter().rev().filter(|(pos, id, _)| {
            let e = &self.entities[*id];
            *pos < at && e.personish && fits(e)
        });
        let (nearest_pos, nearest, nearest_subject) = *recent.next()?;
        if nearest_subject {
            return Some(nearest);
        }
        let subject = recent
            .take(SUBJECT_REACH)
            .take_while(|(pos, _, _)| nearest_pos - pos < SUBJECT_DISTANCE)
            .find(|(_, _, subject)| *subject)
            .map(|(_, id, _)| *id);
        if subject_only {
            subject
        } else {
            subject.or(Some(nearest))
        }
    }

    /// The entities as they stand (the resolver is left as it is, to go on from a
    /// checkpoint).
    pub fn finish(&self, src: &Source<'_>) -> Vec<Entity> {
        let mut counts = vec![0usize; self.entities.len()];
        for &(id, _) in &self.mentions {
            counts[id] += 1;
        }
        let mut lists: Vec<Vec<Span>> = counts.iter().map(|&n| Vec::with_capacity(n)).collect();
        for &(id, span) in &self.mentions {
            lists[id].push(span);
        }
        self.entities
            .iter()
            .zip(lists)
            .map(|(b, mut mentions)| {
                // Mentions are linked in text order, so the list is almost always sorted
                // already; checking that is one pass, where a sort call per entity at every
                // keystroke is not.
                if !mentions.is_sorted() {
                    mentions.sort();
                }
                Entity {
                    name: b.display(src).to_string(),
                    kind: b.kind,
                    role: b.role(src).map(str::to_string),
                    gender: b.gender,
                    introduced: mentions.first().copied().unwrap_or(b.introduced),
                    mentions,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::EditMap;

    /// `text` with bytes `start..end` replaced by `with`, and the map of that edit.
    fn edit(text: &str, start: usize, end: usize, with: &str) -> (String, EditMap) {
        let edited = format!("{}{with}{}", &text[..start], &text[end..]);
        let map = EditMap {
            start,
            old_end: end,
            new_end: start + with.len(),
        };
        (edited, map)
    }

    /// Every byte the composed map keeps is the same byte in the first and the last text.
    fn keeps_bytes(first: &str, last: &str, map: EditMap) {
        for (p, b) in first.bytes().enumerate() {
            if let Some(q) = map.pos(p) {
                assert_eq!(
                    last.as_bytes()[q],
                    b,
                    "byte {p} of {first:?} in {last:?} ({map:?})"
                );
            }
        }
        assert_eq!(first.len() - map.old_end, last.len() - map.new_end);
    }

    #[test]
    fn two_edits_compose_into_one_map() {
        let t0 = "He said it was over. She said it was not.";
        // (start, end, replacement) of the first edit and of the second.
        type Edit<'a> = (usize, usize, &'a str);
        let cases: [(Edit, Edit); 5] = [
            // Before, overlapping, after, inside the first edit's new bytes, far apart.
            ((10, 12, "XYZ"), (2, 4, "")),
            ((10, 12, "XYZ"), (11, 15, "q")),
            ((3, 3, "ab"), (30, 31, "")),
            ((5, 6, "long words"), (8, 9, "")),
            ((0, 1, ""), (39, 40, "!!")),
        ];
        for (a, b) in cases {
            let (t1, m1) = edit(t0, a.0, a.1, a.2);
            let (t2, m2) = edit(&t1, b.0, b.1, b.2);
            let m = m1.then(m2);
            keeps_bytes(t0, &t2, m);
            assert!(m.start <= m.old_end && m.start <= m.new_end, "{m:?}");
        }
    }

    #[test]
    fn a_keystroke_and_its_backspace_compose_into_no_edit() {
        let t0 = "“It is over,” Psaki said.";
        let (t1, m1) = edit(t0, 19, 19, "x");
        let (t2, m2) = edit(&t1, 19, 20, "");
        assert_eq!(t2, t0);
        let m = m1.then(m2);
        assert_eq!((m.old_end, m.new_end), (m.start, m.start), "{m:?}");
        // Nothing was replaced: a span across where the two edits were ("Psaki") is kept.
        let psaki = super::Span::new(18, 23);
        assert_eq!(m.span(psaki), Some(psaki));
        // A mark deleted and put back: the map cannot tell the bytes put back are the ones
        // taken out, so they count as replaced; everything around them is kept.
        let (t1, m1) = edit(t0, 14, 17, "");
        let (t2, m2) = edit(&t1, 14, 14, "”");
        assert_eq!(t2, t0);
        let m = m1.then(m2);
        assert_eq!(
            m,
            EditMap {
                start: 14,
                old_end: 17,
                new_end: 17
            }
        );
        keeps_bytes(t0, &t2, m);
    }
}
