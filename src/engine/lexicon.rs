//! The word lists the engine reads, compiled into the binary from `lexicons/*.txt` and parsed once.
//! Keeping them as data means a copy editor can extend them without touching a rule.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use super::model::Gender;

/// FxHash: lexicon look-ups hash a short word per token, where SipHash's flood resistance buys
/// nothing (the keys are our own word lists) and costs a tenth of the engine's time.
#[derive(Default, Clone, Copy)]
pub struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let word = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// The lexicons' hasher: [`WordHasher`]'s mixing step, taken once per eight bytes with the
/// last bytes zero-padded into one word instead of once per byte (lexicon words are short and
/// looked up several times per token). The resolver's word keys keep [`WordHasher`].
#[derive(Default, Clone, Copy)]
pub struct LexHasher(u64);

impl LexHasher {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    #[inline]
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl Hasher for LexHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.mix(u64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // Shifted in byte by byte: a `copy_from_slice` of a variable length is a `memcpy` call.
            let word = rest
                .iter()
                .enumerate()
                .fold(0u64, |w, (i, &b)| w | u64::from(b) << (8 * i));
            self.mix(word);
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.mix(u64::from(i));
    }
    #[inline]
    fn finish(&self) -> u64 {
        // The multiply leaves the low bits (the table's bucket) weakest: bring high bits down.
        self.0.rotate_left(26)
    }
}

pub type WordSet = HashSet<String, BuildHasherDefault<LexHasher>>;
pub type WordMap<V> = HashMap<String, V, BuildHasherDefault<LexHasher>>;

/// What a word is in the lexicons, as bits ([`Lexicon::classify`]): one look-up answers
/// for every list a rule asks about, where the rules asked each list in turn, hashing and
/// comparing the word again each time.
pub type WordClass = u16;

/// The bits of a [`WordClass`].
pub mod class {
    use super::WordClass;
    pub const SPEECH_VERB: WordClass = 1;
    /// A verb of [`super::Lexicon::phrasal_cues`].
    pub const PHRASAL_VERB: WordClass = 1 << 1;
    /// [`super::Lexicon::is_title`]: a title, or the plural of one.
    pub const TITLE: WordClass = 1 << 2;
    pub const COMMON: WordClass = 1 << 3;
    pub const ANONYMOUS_HEAD: WordClass = 1 << 4;
    pub const ORGANISATION: WordClass = 1 << 5;
    pub const FIRST_NAME: WordClass = 1 << 6;
    /// Set on every class [`super::Lexicon::classify`] returns, so that 0 can mean "not
    /// classified yet" to a cache.
    pub const KNOWN: WordClass = 1 << 15;
}

/// Every lexicon, parsed. Obtain it with [`lexicon()`].
pub struct Lexicon {
    pub speech_verbs: WordSet,
    /// Verbs that cue speech with their particle only ("went" + "on", "shot" + "back").
    pub phrasal_cues: WordMap<Vec<String>>,
    /// Role and title words, with the gender some of them mark (spokeswoman, Mr.).
    pub titles: WordMap<Option<Gender>>,
    pub pronouns: WordMap<Pronoun>,
    pub organisation_words: WordSet,
    pub anonymous_heads: WordSet,
    pub first_names: WordMap<Option<Gender>>,
    pub common_words: WordSet,
    pub places: WordSet,
    /// Nouns for works and names ("film", "memoir", "nicknamed"): a quote after them is a title.
    pub works: WordSet,
    /// Abbreviated titles with the word a hover spells out ("sen." → "senator").
    pub title_abbreviations: WordMap<String>,
    /// Role heads that describe a person already in the story ("the billionaire businessman").
    pub descriptive_roles: WordSet,
    /// The [`class`] bits of every word in the lists above that has one (a title under its own
    /// spelling; plurals are found by [`Lexicon::classify`]).
    classes: WordMap<WordClass>,
}

/// What a subject pronoun tells about its referent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pronoun {
    pub gender: Option<Gender>,
    pub plural: bool,
    /// "it": refers to a body, not a person.
    pub neuter: bool,
}

/// Endings of adverbs made from adjectives ("Domestically", "Reportedly", "Surprisingly"),
/// which open sentences capitalised; surnames seldom end so ("Kelly", "Reilly" do not).
const ADVERB_ENDINGS: &[&str] = &[
    "ally", "ously", "ively", "ently", "antly", "ably", "ibly", "fully", "edly", "ingly", "lessly",
    "ately", "ersely", "ilarly", "ularly", "ctly", "ainly", "icly",
];

/// An adverb by its ending, in a word long enough not to be a short name.
fn is_derived_adverb(lower: &str) -> bool {
    lower.len() > 6 && ADVERB_ENDINGS.iter().any(|e| lower.ends_with(e))
}

/// A spelled-out compound number ("twenty-two", "Ninety-nine"), which opens sentences in
/// capitals ("Twenty-two years ago, …") and is never a name.
fn is_compound_number(lower: &str) -> bool {
    const TENS: &[&str] = &[
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    const UNITS: &[&str] = &[
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    lower
        .split_once('-')
        .is_some_and(|(tens, unit)| TENS.contains(&tens) && UNITS.contains(&unit))
}

fn entries(src: &str) -> impl Iterator<Item = &str> {
    src.lines()
        .map(|l| l.split('#').next().unwrap_or(""))
        .flat_map(str::split_whitespace)
}

fn gender_tag(tag: &str) -> Option<Gender> {
    match tag {
        "male" | "m" => Some(Gender::Male),
        "female" | "f" => Some(Gender::Female),
        _ => None,
    }
}

fn word_set(src: &str) -> WordSet {
    entries(src).map(str::to_lowercase).collect()
}

impl Lexicon {
    fn parse() -> Lexicon {
        let titles = entries(include_str!("../../lexicons/titles.txt"))
            .map(|e| match e.split_once(':') {
                Some((w, g)) => (w.to_string(), gender_tag(g)),
                None => (e.to_string(), None),
            })
            .collect();
        let pronouns = include_str!("../../lexicons/pronouns.txt")
            .lines()
            .map(|l| l.split('#').next().unwrap_or(""))
            .filter_map(|l| {
                let f: Vec<&str> = l.split_whitespace().collect();
                (f.len() == 3).then(|| {
                    (
                        f[0].to_string(),
                        Pronoun {
                            gender: gender_tag(f[1]),
                            plural: f[2] == "plural",
                            neuter: f[2] == "neuter",
                        },
                    )
                })
            })
            .collect();
        // The census list first, so the hand-kept list overrides it.
        let mut first_names = WordMap::default();
        for src in [
            include_str!("../../lexicons/first_names_census.txt"),
            include_str!("../../lexicons/first_names.txt"),
        ] {
            let names: Vec<&str> = entries(src).collect();
            first_names.extend(
                names
                    .chunks_exact(2)
                    .map(|p| (p[0].to_string(), gender_tag(p[1]))),
            );
        }
        let mut lexicon = Lexicon {
            speech_verbs: word_set(include_str!("../../lexicons/speech_verbs.txt")),
            phrasal_cues: {
                let mut m: WordMap<Vec<String>> = WordMap::default();
                for pair in entries(include_str!("../../lexicons/phrasal_cues.txt"))
                    .collect::<Vec<_>>()
                    .chunks_exact(2)
                {
                    m.entry(pair[0].to_lowercase())
                        .or_default()
                        .push(pair[1].to_lowercase());
                }
                m
            },
            titles,
            pronouns,
            organisation_words: word_set(include_str!("../../lexicons/organisation_words.txt")),
            anonymous_heads: word_set(include_str!("../../lexicons/anonymous_sources.txt")),
            first_names,
            common_words: word_set(include_str!("../../lexicons/common_words.txt")),
            places: word_set(include_str!("../../lexicons/places.txt")),
            works: word_set(include_str!("../../lexicons/works.txt")),
            descriptive_roles: word_set(include_str!("../../lexicons/descriptive_roles.txt")),
            title_abbreviations: entries(include_str!("../../lexicons/title_abbreviations.txt"))
                .collect::<Vec<_>>()
                .chunks_exact(2)
                .map(|p| (p[0].to_lowercase(), p[1].to_string()))
                .collect(),
            classes: WordMap::default(),
        };
        let mut classes: WordMap<WordClass> = WordMap::default();
        let mut mark = |words: &mut dyn Iterator<Item = &String>, bit: WordClass| {
            for w in words {
                *classes.entry(w.clone()).or_default() |= bit;
            }
        };
        mark(&mut lexicon.speech_verbs.iter(), class::SPEECH_VERB);
        mark(&mut lexicon.phrasal_cues.keys(), class::PHRASAL_VERB);
        mark(&mut lexicon.titles.keys(), class::TITLE);
        mark(&mut lexicon.common_words.iter(), class::COMMON);
        mark(&mut lexicon.anonymous_heads.iter(), class::ANONYMOUS_HEAD);
        mark(&mut lexicon.organisation_words.iter(), class::ORGANISATION);
        mark(&mut lexicon.first_names.keys(), class::FIRST_NAME);
        lexicon.classes = classes;
        lexicon
    }

    /// The [`class`] bits of `lower` (a normalised word), with [`class::KNOWN`] set.
    pub fn classify(&self, lower: &str) -> WordClass {
        let mut c = self.classes.get(lower).copied().unwrap_or(0) | class::KNOWN;
        if is_party_affiliation(lower) || is_derived_adverb(lower) || is_compound_number(lower) {
            c |= class::COMMON;
        }
        // `is_title`: the plural's stem only when the word is no title itself.
        if c & class::TITLE == 0
            && lower.ends_with('s')
            && self.titles.contains_key(lower.trim_end_matches('s'))
        {
            c |= class::TITLE;
        }
        c
    }

    /// A word that is never a name: a common word, a party-and-state tag ("D-Calif."), or an
    /// adverb opening a sentence ("Domestically, …").
    pub fn is_common(&self, lower: &str) -> bool {
        self.common_words.contains(lower)
            || is_party_affiliation(lower)
            || is_derived_adverb(lower)
            || is_compound_number(lower)
    }

    /// A people's adjective ("Mexican", "Asian", "British"): a place word with an adjective's
    /// ending, never a place itself ("Iran", "Michigan").
    pub fn is_demonym(&self, lower: &str) -> bool {
        const ENDINGS: &[&str] = &[
            "ian", "ican", "ean", "ese", "ish", "ench", "man", "uban", "eli", "aqi", "udi",
        ];
        self.places.contains(lower) && ENDINGS.iter().any(|e| lower.ends_with(e))
    }

    pub fn is_title(&self, lower: &str) -> bool {
        // The plural's stem only when there is one: without a final "s" it is the word itself.
        self.titles.contains_key(lower)
            || (lower.ends_with('s') && self.titles.contains_key(lower.trim_end_matches('s')))
    }

    /// A role as a hover shows it: abbreviated titles spelled out ("Sen." → "Senator"),
    /// keeping an initial capital.
    pub fn spell_out_role(&self, role: &str) -> String {
        let mut out = String::with_capacity(role.len() + 8);
        for (k, w) in role.split(' ').enumerate() {
            if k > 0 {
                out.push(' ');
            }
            // `to_lowercase` of an ASCII word is its ASCII lower case: done on the stack.
            let b = w.as_bytes();
            let full = if b.len() <= 32 && b.is_ascii() {
                let mut buf = [0u8; 32];
                buf[..b.len()].copy_from_slice(b);
                buf[..b.len()].make_ascii_lowercase();
                std::str::from_utf8(&buf[..b.len()])
                    .ok()
                    .and_then(|l| self.title_abbreviations.get(l))
            } else {
                self.title_abbreviations.get(&w.to_lowercase())
            };
            match full {
                Some(full) if w.starts_with(char::is_uppercase) => {
                    let mut c = full.chars();
                    if let Some(f) = c.next() {
                        out.extend(f.to_uppercase());
                        out.push_str(c.as_str());
                    }
                }
                Some(full) => out.push_str(full),
                None => out.push_str(w),
            }
        }
        out
    }

    pub fn title_gender(&self, lower: &str) -> Option<Gender> {
        self.titles.get(lower).copied().flatten()
    }
}

/// A US party-and-state tag, lower-cased: "d-calif.", "r-texas", "i-vt." (AP style sets it off
/// by commas after a lawmaker's name: "Sen. Jane Doe, D-Calif., said"). It looks like a
/// capitalised word but names nobody.
fn is_party_affiliation(lower: &str) -> bool {
    let b = lower.as_bytes();
    b.len() >= 4 && matches!(b[0], b'd' | b'r' | b'i') && b[1] == b'-' && b[2].is_ascii_lowercase()
}

/// The lexicons, parsed on first use.
pub fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(Lexicon::parse)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicons_parse_with_genders() {
        let lx = lexicon();
        assert!(lx.speech_verbs.contains("said"));
        assert!(lx.speech_verbs.contains("told"));
        assert_eq!(lx.phrasal_cues["shot"], vec!["back".to_string()]);
        assert_eq!(lx.title_gender("spokeswoman"), Some(Gender::Female));
        assert_eq!(lx.title_gender("minister"), None);
        assert!(lx.is_title("ministers"));
        assert_eq!(lx.first_names.get("john"), Some(&Some(Gender::Male)));
        assert_eq!(lx.first_names.get("jen"), Some(&Some(Gender::Female)));
        assert_eq!(lx.pronouns["she"].gender, Some(Gender::Female));
        assert!(lx.pronouns["they"].plural);
        assert!(lx.pronouns["it"].neuter);
        assert_eq!(lx.spell_out_role("Sen."), "Senator");
        assert_eq!(lx.spell_out_role("former Gov."), "former Governor");
        assert_eq!(
            lx.spell_out_role("Senate Majority Leader"),
            "Senate Majority Leader"
        );
    }

    #[test]
    fn a_words_class_is_what_the_lists_say() {
        let lx = lexicon();
        let mut words: Vec<String> = ["", "s", "ss", "psaki", "xyzzy"]
            .iter()
            .map(|w| w.to_string())
            .chain(lx.speech_verbs.iter().cloned())
            .chain(lx.phrasal_cues.keys().cloned())
            .chain(lx.titles.keys().cloned())
            .chain(lx.common_words.iter().cloned())
            .chain(lx.anonymous_heads.iter().cloned())
            .chain(lx.organisation_words.iter().cloned())
            .chain(lx.first_names.keys().take(2000).cloned())
            .collect();
        // Plurals, and plurals of plurals, of every word so far.
        let plurals: Vec<String> = words
            .iter()
            .flat_map(|w| [format!("{w}s"), format!("{w}ss")])
            .collect();
        words.extend(plurals);
        for w in &words {
            let w = w.as_str();
            let c = lx.classify(w);
            assert_ne!(c & class::KNOWN, 0);
            assert_eq!(
                c & class::SPEECH_VERB != 0,
                lx.speech_verbs.contains(w),
                "{w}"
            );
            let phrasal = lx.phrasal_cues.contains_key(w);
            assert_eq!(c & class::PHRASAL_VERB != 0, phrasal, "{w}");
            assert_eq!(c & class::TITLE != 0, lx.is_title(w), "{w}");
            assert_eq!(c & class::COMMON != 0, lx.is_common(w), "{w}");
            let anonymous = lx.anonymous_heads.contains(w);
            assert_eq!(c & class::ANONYMOUS_HEAD != 0, anonymous, "{w}");
            let organisation = lx.organisation_words.contains(w);
            assert_eq!(c & class::ORGANISATION != 0, organisation, "{w}");
            let first_name = lx.first_names.contains_key(w);
            assert_eq!(c & class::FIRST_NAME != 0, first_name, "{w}");
        }
    }

    #[test]
    fn spelled_out_compound_numbers_are_never_names() {
        let lx = lexicon();
        for number in ["twenty-two", "ninety-nine", "forty-one"] {
            assert!(lx.is_common(number), "{number}");
            assert_ne!(lx.classify(number) & class::COMMON, 0, "{number}");
        }
        for word in ["twenty-somethings", "one-two", "forty-niners"] {
            assert!(!lx.is_common(word), "{word}");
        }
    }

    #[test]
    fn party_and_state_tags_are_never_names() {
        let lx = lexicon();
        for tag in ["d-calif.", "r-texas", "i-vt.", "d-n.y."] {
            assert!(lx.is_common(tag), "{tag}");
            assert_ne!(lx.classify(tag) & class::COMMON, 0, "{tag}");
        }
        for word in ["doe", "dr.", "re-elect", "r", "x-ray"] {
            assert!(!lx.is_common(word), "{word}");
        }
    }

    #[test]
    fn demonyms_are_adjectives_and_places_are_not() {
        let lx = lexicon();
        for adjective in ["mexican", "asian", "british", "french", "german", "israeli"] {
            assert!(lx.is_demonym(adjective), "{adjective}");
        }
        for place in [
            "iran",
            "jordan",
            "michigan",
            "japan",
            "russia",
            "americans",
            "washington",
        ] {
            assert!(!lx.is_demonym(place), "{place}");
        }
    }

    #[test]
    fn adverbs_opening_sentences_are_never_names_but_surnames_in_ly_are() {
        let lx = lexicon();
        for adverb in [
            "domestically",
            "reportedly",
            "surprisingly",
            "notably",
            "hopefully",
            "conversely",
            "separately",
            "similarly",
            "particularly",
            "directly",
            "certainly",
            "publicly",
        ] {
            assert!(lx.is_common(adverb), "{adverb}");
            assert_ne!(lx.classify(adverb) & class::COMMON, 0, "{adverb}");
        }
        for surname in ["kelly", "reilly", "connolly", "donnelly", "beverly", "ally"] {
            assert!(!lx.is_common(surname), "{surname}");
        }
    }
}
