//! The document-level pass: links every mention to a person, body or unnamed source, so that
//! "Psaki" finds "Jen Psaki", "he" the right earlier man and "the minister" the person named as
//! minister. It reads paragraph results in text order and never looks at raw text again.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use super::lexicon::{WordHasher, lexicon};
use super::mentions::{Mention, MentionKind, normalise};
use super::model::{Entity, EntityId, EntityKind, Gender, Resolution, Span};

/// How firmly a role was given: an explicit title or appositive beats a role noun used later.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum RoleSource {
    None,
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
    /// `normalise(display)` cut at white space, `role_words(display)` and `role_words(role)`:
    /// computed by [`Resolver::index_text`] whenever `display` or `role` changes, so the
    /// look-ups below never recompute them per mention.
    display_words: Vec<String>,
    display_role_words: Vec<String>,
    role_words: Vec<String>,
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
    role.split(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
        .map(normalise)
        .filter(|w| !w.is_empty() && !ROLE_STOP.contains(&w.as_str()) && !w.ends_with("'s"))
        .collect()
}

pub struct Resolver {
    entities: Vec<Builder>,
    /// (position, entity) of every person mention so far, for pronouns.
    salience: Vec<(usize, EntityId)>,
    /// Entities by the first and last word of their normalised name: the only candidates
    /// [`Resolver::link_name`] can match. May hold stale entries (names grow); the match test
    /// is always applied to the candidates.
    by_word: HashMap<String, Vec<EntityId>, BuildHasherDefault<WordHasher>>,
    /// Entities by every word of their display name and role (as `normalise` and `role_words`
    /// cut them): the only candidates `link_body` and `link_role` can pick. Also a superset.
    by_text: HashMap<String, Vec<EntityId>, BuildHasherDefault<WordHasher>>,
}

/// Appends `id` to the entities listed under `key`, unless it is already the last one.
fn index_under(
    map: &mut HashMap<String, Vec<EntityId>, BuildHasherDefault<WordHasher>>,
    key: &str,
    id: EntityId,
) {
    match map.get_mut(key) {
        Some(ids) => {
            if ids.last() != Some(&id) {
                ids.push(id);
            }
        }
        None => {
            map.insert(key.to_string(), vec![id]);
        }
    }
}

impl Resolver {
    pub fn new() -> Self {
        Resolver {
            entities: Vec::new(),
            salience: Vec::new(),
            by_word: HashMap::default(),
            by_text: HashMap::default(),
        }
    }

    /// Links one mention (given in text order) and says how. `span` is the mention's span in
    /// `text` (the paragraph-relative `m.span` shifted to the paragraph's start).
    pub fn link(&mut self, m: &Mention, span: Span, text: &str) -> (Option<EntityId>, Resolution) {
        let found = match m.kind {
            MentionKind::Name | MentionKind::Organisation if !m.words.is_empty() => {
                self.link_name(m, span)
            }
            MentionKind::Organisation => self.link_body(m, span, text),
            MentionKind::Pronoun(p) => {
                let id = self.pronoun(span.start, p);
                if let (Some(id), Some(g)) = (id, p.gender)
                    && self.entities[id].gender.is_none()
                {
                    self.entities[id].gender = Some(g);
                }
                id.map(|id| (id, Resolution::Pronoun))
            }
            MentionKind::RoleNoun => Some(self.link_role(m, span, text)),
            MentionKind::Anonymous => Some((
                self.create(m, span, text, EntityKind::Anonymous),
                Resolution::Anonymous,
            )),
            MentionKind::Name => None,
        };
        match found {
            Some((id, how)) => {
                let e = &mut self.entities[id];
                // Mentions arrive in text order, so a repeat can only be the last one.
                if e.mentions.last() != Some(&span) {
                    e.mentions.push(span);
                }
                if e.kind == EntityKind::Person && (e.personish || m.speaker) {
                    e.personish = true;
                    self.salience.push((span.start, id));
                }
                (Some(id), how)
            }
            None => (None, Resolution::Unresolved),
        }
    }

    fn set_role(&mut self, id: EntityId, role: Option<&str>, source: RoleSource) {
        let e = &mut self.entities[id];
        if let Some(r) = role
            && source > e.role_source
            && !r.trim().is_empty()
        {
            e.role = Some(r.trim().to_string());
            e.role_source = source;
            self.index_text(id);
        }
    }

    fn create(&mut self, m: &Mention, span: Span, text: &str, kind: EntityKind) -> EntityId {
        let display = if m.words.is_empty() {
            span.slice(text).to_string()
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
            introduced: span,
            mentions: Vec::new(),
            personish: kind == EntityKind::Person && (m.person_evidence || m.speaker),
            display_words: Vec::new(),
            display_role_words: Vec::new(),
            role_words: Vec::new(),
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

    /// Recomputes the entity's cached words after its display name or role changed, and lists
    /// it under each of them.
    fn index_text(&mut self, id: EntityId) {
        let e = &mut self.entities[id];
        e.display_words = normalise(&e.display)
            .split_whitespace()
            .map(str::to_string)
            .collect();
        e.display_role_words = role_words(&e.display);
        e.role_words = e.role.as_deref().map(role_words).unwrap_or_default();
        let e = &self.entities[id];
        for k in e
            .display_words
            .iter()
            .chain(&e.display_role_words)
            .chain(&e.role_words)
        {
            index_under(&mut self.by_text, k, id);
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
            index_under(&mut self.by_word, w, id);
        }
    }

    fn link_name(&mut self, m: &Mention, span: Span) -> Option<(EntityId, Resolution)> {
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
        // Every entity that can match has `last` as the first or last word of its name. The
        // most recently mentioned wins; among equals, the newest entity (the largest id).
        let best = self
            .by_word
            .get(last.as_str())
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|&i| (i, &self.entities[i]))
            .filter(|(_, e)| matches(e))
            .max_by_key(|&(i, e)| (e.mentions.last().map_or(0, |s| s.start), i))
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
        let id = self.create(m, span, "", kind);
        let how = if kind == EntityKind::Organisation {
            Resolution::Organisation
        } else {
            Resolution::Name
        };
        Some((id, how))
    }

    fn link_body(&mut self, m: &Mention, span: Span, text: &str) -> Option<(EntityId, Resolution)> {
        let phrase = normalise(span.slice(text));
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
                e.kind == EntityKind::Organisation && e.display_words.iter().any(|w| *w == head)
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
        let id = existing.unwrap_or_else(|| self.create(m, span, text, EntityKind::Organisation));
        Some((id, Resolution::Organisation))
    }

    fn link_role(&mut self, m: &Mention, span: Span, text: &str) -> (EntityId, Resolution) {
        let role = m
            .role
            .clone()
            .unwrap_or_else(|| span.slice(text).to_string());
        let words = role_words(&role);
        let head = words.last().cloned().unwrap_or_default();
        // The named person whose role shares the most words, the head noun counting double.
        let mut best: Option<(usize, usize)> = None;
        for id in self.text_candidates(words.iter().map(String::as_str)) {
            let e = &self.entities[id];
            if e.kind != EntityKind::Person || e.words.is_empty() {
                continue;
            }
            if e.role.is_none() {
                continue;
            }
            let ew = &e.role_words;
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
                    && (e.display_role_words.contains(&head) || e.role_words.last() == Some(&head))
            })
        {
            return (id, Resolution::Anonymous);
        }
        let id = self.create(m, span, text, EntityKind::Person);
        let e = &mut self.entities[id];
        e.display = span.slice(text).trim_start_matches("the ").to_string();
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
        self.salience
            .iter()
            .rev()
            .filter(|(pos, _)| *pos < at)
            .map(|(_, id)| *id)
            .find(|&id| {
                let e = &self.entities[id];
                e.personish && (p.gender.is_none() || e.gender.is_none() || e.gender == p.gender)
            })
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
