//! The document-level pass: links every mention to a person, body or unnamed source, so that
//! "Psaki" finds "Jen Psaki", "he" the right earlier man and "the minister" the person named as
//! minister. It reads paragraph results in text order and never looks at raw text again.

use super::lexicon::lexicon;
use super::mentions::{Mention, MentionKind, normalise};
use super::model::{Entity, EntityId, EntityKind, Gender, Resolution, Span};

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

struct Builder {
    words: Vec<String>,
    lower: Vec<String>,
    display: String,
    kind: EntityKind,
    role: Option<String>,
    role_source: RoleSource,
    gender: Option<Gender>,
    introduced: Span,
    mentions: Vec<Span>,
    /// Evidence that this is a person a pronoun can point at.
    personish: bool,
}

/// How far back a pronoun looks past the nearest person for a sentence subject: mentions, and
/// bytes of text.
const SUBJECT_REACH: usize = 4;
const SUBJECT_DISTANCE: usize = 400;

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
    role.split(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
        .map(normalise)
        .filter(|w| !w.is_empty() && !ROLE_STOP.contains(&w.as_str()) && !w.ends_with("'s"))
        .collect()
}

/// Party words that set two holders of the same office apart ("the GOP nominee" is not the
/// "Democratic nominee"); place names do the same ("the Florida senator").
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

/// Both roles name a party or place, and not the same one.
fn contrasting(a: &[String], b: &[String]) -> bool {
    let lx = lexicon();
    let marks = |ws: &[String]| -> Vec<String> {
        ws.iter()
            .filter(|w| PARTY_WORDS.contains(&w.as_str()) || lx.places.contains(w.as_str()))
            .map(|w| match w.as_str() {
                "gop" | "republicans" => "republican".to_string(),
                "democrat" | "democrats" => "democratic".to_string(),
                _ => w.clone(),
            })
            .collect()
    };
    let (ma, mb) = (marks(a), marks(b));
    !ma.is_empty() && !mb.is_empty() && !ma.iter().any(|w| mb.contains(w))
}

pub struct Resolver {
    entities: Vec<Builder>,
    /// (position, entity) of every person mention so far, for pronouns.
    salience: Vec<(usize, EntityId, bool)>,
    /// Entities by the first and last word of their normalised name: the only candidates
    /// [`Resolver::link_name`] can match. May hold stale entries (names grow); the match test
    /// is always applied to the candidates.
    by_word: std::collections::HashMap<String, Vec<EntityId>>,
    /// Entities by every word of their display name and role (as `normalise` and `role_words`
    /// cut them): the only candidates `link_body` and `link_role` can pick. Also a superset.
    by_text: std::collections::HashMap<String, Vec<EntityId>>,
}

impl Resolver {
    pub fn new() -> Self {
        Resolver {
            entities: Vec::new(),
            salience: Vec::new(),
            by_word: std::collections::HashMap::new(),
            by_text: std::collections::HashMap::new(),
        }
    }

    /// Links one mention (given in text order, with absolute spans) and says how.
    pub fn link(&mut self, m: &Mention, text: &str) -> (Option<EntityId>, Resolution) {
        let found = match m.kind {
            MentionKind::Name | MentionKind::Organisation if !m.words.is_empty() => {
                self.link_name(m)
            }
            MentionKind::Organisation => self.link_body(m, text),
            MentionKind::Pronoun(p) => {
                let id = self.pronoun(m.span.start, p);
                if let (Some(id), Some(g)) = (id, p.gender)
                    && self.entities[id].gender.is_none()
                {
                    self.entities[id].gender = Some(g);
                }
                id.map(|id| (id, Resolution::Pronoun))
            }
            MentionKind::RoleNoun => Some(self.link_role(m, text)),
            MentionKind::Anonymous => Some((
                self.create(m, text, EntityKind::Anonymous),
                Resolution::Anonymous,
            )),
            MentionKind::Name => None,
        };
        match found {
            Some((id, how)) => {
                let e = &mut self.entities[id];
                // Mentions arrive in text order, so a repeat can only be the last one.
                if e.mentions.last() != Some(&m.span) {
                    e.mentions.push(m.span);
                }
                if e.kind == EntityKind::Person && (e.personish || m.speaker) {
                    e.personish = true;
                    self.salience
                        .push((m.span.start, id, m.subject || m.speaker));
                }
                (Some(id), how)
            }
            None => (None, Resolution::Unresolved),
        }
    }

    fn set_role(&mut self, id: EntityId, role: Option<&str>, source: RoleSource) {
        let lx = lexicon();
        let source = match role {
            Some(r)
                if role_words(r).iter().all(|w| {
                    PARTY_WORDS.contains(&w.as_str()) || lx.places.contains(w.as_str())
                }) =>
            {
                RoleSource::Affiliation
            }
            _ => source,
        };
        let e = &mut self.entities[id];
        if let Some(r) = role
            && source > e.role_source
            && !r.trim().is_empty()
        {
            e.role = Some(lexicon().spell_out_role(r.trim()));
            e.role_source = source;
            self.index_text(id);
        }
    }

    fn create(&mut self, m: &Mention, text: &str, kind: EntityKind) -> EntityId {
        let display = if m.words.is_empty() {
            m.span.slice(text).to_string()
        } else {
            m.words.join(" ")
        };
        self.entities.push(Builder {
            lower: m.words.iter().map(|w| normalise(w)).collect(),
            words: m.words.clone(),
            display,
            kind,
            role: None,
            role_source: RoleSource::None,
            gender: m.gender,
            introduced: m.span,
            mentions: Vec::new(),
            personish: kind == EntityKind::Person && (m.person_evidence || m.speaker),
        });
        let id = self.entities.len() - 1;
        self.index_words(id);
        self.index_text(id);
        let source = if matches!(m.kind, MentionKind::RoleNoun) {
            RoleSource::RoleNoun
        } else {
            RoleSource::Explicit
        };
        self.set_role(id, m.role.as_deref(), source);
        id
    }

    fn index_text(&mut self, id: EntityId) {
        let e = &self.entities[id];
        let mut keys: Vec<String> = normalise(&e.display)
            .split_whitespace()
            .map(str::to_string)
            .collect();
        keys.extend(role_words(&e.display));
        if let Some(r) = &e.role {
            keys.extend(role_words(r));
        }
        for k in keys {
            let ids = self.by_text.entry(k).or_default();
            if ids.last() != Some(&id) {
                ids.push(id);
            }
        }
    }

    /// Candidates from `by_text` for any of `words`, in ascending order.
    fn text_candidates<'a>(&self, words: impl IntoIterator<Item = &'a str>) -> Vec<EntityId> {
        let mut ids: Vec<EntityId> = Vec::new();
        for w in words {
            if let Some(v) = self.by_text.get(w) {
                ids.extend_from_slice(v);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    fn index_words(&mut self, id: EntityId) {
        let lower = &self.entities[id].lower;
        let (Some(first), Some(last)) = (lower.first(), lower.last()) else {
            return;
        };
        for w in [first, last] {
            let ids = self.by_word.entry(w.clone()).or_default();
            if ids.last() != Some(&id) {
                ids.push(id);
            }
        }
    }

    fn link_name(&mut self, m: &Mention) -> Option<(EntityId, Resolution)> {
        let lx = lexicon();
        let lower: Vec<String> = m.words.iter().map(|w| normalise(w)).collect();
        let last = lower.last()?;
        let matches = |e: &Builder| -> bool {
            let Some(elast) = e.lower.last() else {
                return false;
            };
            if elast == last {
                // Same surname: the first names must not disagree ("Bill" vs "Hillary Clinton").
                return lower.len() < 2 || e.lower.len() < 2 || e.lower[0] == lower[0];
            }
            (lower.len() == 1
                && e.lower.len() > 1
                && e.lower[0] == lower[0]
                && e.kind == EntityKind::Person)
                || (e.lower.len() == 1 && lower.len() > 1 && &e.lower[0] == last)
        };
        // Every entity that can match has `last` as the first or last word of its name.
        let mut candidates: Vec<EntityId> = self.by_word.get(last).cloned().unwrap_or_default();
        candidates.sort_unstable();
        candidates.dedup();
        let best = candidates
            .into_iter()
            .map(|i| (i, &self.entities[i]))
            .filter(|(_, e)| matches(e))
            .max_by_key(|(_, e)| e.mentions.last().map_or(0, |s| s.start))
            .map(|(i, _)| i);
        if let Some(id) = best {
            let was_fuller = self.entities[id].lower.len() > lower.len();
            let e = &mut self.entities[id];
            let grew = lower.len() > e.lower.len();
            if grew {
                e.words = m.words.clone();
                e.lower = lower.clone();
                e.display = m.words.join(" ");
            }
            if e.gender.is_none() {
                e.gender = m.gender;
            }
            e.personish |= m.person_evidence;
            if m.kind == MentionKind::Organisation && !e.personish {
                e.kind = EntityKind::Organisation;
            }
            if grew {
                self.index_words(id);
                self.index_text(id);
            }
            self.set_role(id, m.role.as_deref(), RoleSource::Explicit);
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
        let id = self.create(m, "", kind);
        let how = if kind == EntityKind::Organisation {
            Resolution::Organisation
        } else {
            Resolution::Name
        };
        Some((id, how))
    }

    fn link_body(&mut self, m: &Mention, text: &str) -> Option<(EntityId, Resolution)> {
        let phrase = normalise(m.span.slice(text));
        let head = phrase.split_whitespace().last().unwrap_or("").to_string();
        // Only a bare "the airline": "the aviation authority" is a body of its own.
        let definite = (phrase.starts_with("the ") || phrase.starts_with("its "))
            && phrase.split_whitespace().count() == 2;
        let existing = self
            .text_candidates([head.as_str()])
            .into_iter()
            .rev()
            .find(|&i| {
                let e = &self.entities[i];
                e.kind == EntityKind::Organisation
                    && normalise(&e.display).split_whitespace().any(|w| w == head)
            })
            // "the airline", "the company": a definite generic noun for the body named last.
            .or_else(|| {
                (definite && GENERIC_BODIES.contains(&head.as_str()))
                    .then(|| {
                        self.entities.iter().rposition(|e| {
                            e.kind == EntityKind::Organisation && !e.words.is_empty()
                        })
                    })
                    .flatten()
            });
        let id = existing.unwrap_or_else(|| self.create(m, text, EntityKind::Organisation));
        Some((id, Resolution::Organisation))
    }

    fn link_role(&mut self, m: &Mention, text: &str) -> (EntityId, Resolution) {
        let role = m
            .role
            .clone()
            .unwrap_or_else(|| m.span.slice(text).to_string());
        let words = role_words(&role);
        let head = words.last().cloned().unwrap_or_default();
        // The named person whose role shares the most words, the head noun counting double.
        let mut best: Option<(usize, usize)> = None;
        for id in self.text_candidates(words.iter().map(String::as_str)) {
            let e = &self.entities[id];
            if e.kind != EntityKind::Person || e.words.is_empty() {
                continue;
            }
            let Some(er) = &e.role else { continue };
            let ew = role_words(er);
            if contrasting(&words, &ew) {
                continue;
            }
            let score: usize = words
                .iter()
                .filter(|w| ew.contains(w))
                .map(|w| if *w == head { 2 } else { 1 })
                .sum();
            if score > 0 && best.is_none_or(|(_, s)| score >= s) {
                best = Some((id, score));
            }
        }
        if let Some((id, _)) = best {
            self.set_role(id, Some(&role), RoleSource::RoleNoun);
            return (id, Resolution::Role);
        }
        // "the official" after "a senior official".
        if let Some(id) = self
            .text_candidates([head.as_str()])
            .into_iter()
            .rev()
            .find(|&i| {
                let e = &self.entities[i];
                e.kind == EntityKind::Anonymous
                    && (role_words(&e.display).contains(&head)
                        || e.role
                            .as_deref()
                            .is_some_and(|r| role_words(r).last() == Some(&head)))
            })
        {
            return (id, Resolution::Anonymous);
        }
        // "the billionaire businessman" for the man in the news: a definite role noun that fits
        // no one's stated role describes the person most in mind.
        // An office ("the former president") goes only to someone whose role the story has not
        // yet given.
        let definite = normalise(m.span.slice(text)).starts_with("the ");
        let descriptive = lexicon().descriptive_roles.contains(&head);
        // Plural heads ("the organisers") are never one person.
        let singular = descriptive || lexicon().titles.contains_key(&head);
        if definite
            && singular
            && let Some(id) = self.preferred_person(m.span.start, |e| {
                !e.words.is_empty()
                    && (m.gender.is_none() || e.gender.is_none() || e.gender == m.gender)
                    && (descriptive || e.role.is_none())
            })
        {
            self.set_role(id, Some(&role), RoleSource::RoleNoun);
            return (id, Resolution::Role);
        }
        let id = self.create(m, text, EntityKind::Person);
        let e = &mut self.entities[id];
        e.display = m.span.slice(text).trim_start_matches("the ").to_string();
        self.index_text(id);
        (id, Resolution::Unresolved)
    }

    fn pronoun(&self, at: usize, p: super::lexicon::Pronoun) -> Option<EntityId> {
        if p.neuter || p.plural {
            let body = self.entities.iter().enumerate().rev().find(|(_, e)| {
                matches!(e.kind, EntityKind::Organisation | EntityKind::Anonymous)
                    && e.mentions.last().is_some_and(|s| s.start < at)
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
            let plural_description =
                e.words.is_empty() && e.display.ends_with('s') && !e.display.ends_with("ss");
            (p.gender.is_none() || e.gender.is_none() || e.gender == p.gender)
                && (p.plural || !plural_description)
        })
    }

    /// The person most in mind before byte `at` among those `fits` accepts: the nearest one,
    /// unless a sentence subject stands just before them ("Hendler warned that the move against
    /// Sanders … . He wrote …" is Hendler).
    fn preferred_person(&self, at: usize, fits: impl Fn(&Builder) -> bool) -> Option<EntityId> {
        let mut recent = self.salience.iter().rev().filter(|(pos, id, _)| {
            let e = &self.entities[*id];
            *pos < at && e.personish && fits(e)
        });
        let (nearest_pos, nearest, nearest_subject) = *recent.next()?;
        if nearest_subject {
            return Some(nearest);
        }
        recent
            .take(SUBJECT_REACH)
            .take_while(|(pos, _, _)| nearest_pos - pos < SUBJECT_DISTANCE)
            .find(|(_, _, subject)| *subject)
            .map(|(_, id, _)| *id)
            .or(Some(nearest))
    }

    pub fn finish(self) -> Vec<Entity> {
        self.entities
            .into_iter()
            .map(|b| {
                let mut mentions = b.mentions;
                mentions.sort();
                Entity {
                    name: b.display,
                    kind: b.kind,
                    role: b.role,
                    gender: b.gender,
                    introduced: mentions.first().copied().unwrap_or(b.introduced),
                    mentions,
                }
            })
            .collect()
    }
}
