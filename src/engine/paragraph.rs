//! Everything the engine can learn from one paragraph alone: its quotes, the cue and speaker
//! mention of each, and the names it introduces. The result depends only on the paragraph's text
//! and the article's quote style, so it can be cached per paragraph; spans are paragraph-relative.

use std::cell::Cell;
use std::collections::BTreeMap;

use super::lexicon::{WordClass, class, lexicon};
use super::marks::{LocalQuote, pair_quotes};
use super::mentions::{
    Item, Mention, MentionKind, PARTY_ADJECTIVES, Paragraph, is_day, lowers_of, normalise,
    pronoun_mention, uncontracted,
};
use super::model::{Gender, QuoteKind, QuoteStyle, Span};
use super::resolve::{MentionKeys, mention_keys};
use super::text::{TokenKind, Tokens, is_alphabetic, is_capitalised, is_terminal};

/// A quote's attribution as found inside its paragraph.
#[derive(Clone, Debug, PartialEq)]
pub struct LocalAttribution {
    pub cue: Option<Span>,
    /// Index into [`ParagraphAnalysis::mentions`].
    pub mention: usize,
    /// Borrowed from an earlier quote in the same paragraph (`"A," he said. "B."`).
    pub carried: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ParagraphQuote {
    pub quote: LocalQuote,
    pub kind: QuoteKind,
    pub attribution: Option<LocalAttribution>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParagraphAnalysis {
    pub quotes: Vec<ParagraphQuote>,
    /// Speaker mentions and proper names outside quotes, in text order.
    pub mentions: Vec<Mention>,
    /// What the document pass reads of each mention, by the same index.
    pub keys: Vec<MentionKeys>,
    pub stray_closers: Vec<Span>,
    /// Words outside quotes: a paragraph that is nothing but a quote has none.
    pub prose_words: usize,
    /// A paragraph ending in a colon after a speaker ("He then listed the qualities:") hands
    /// that speaker (index into `mentions`) and the colon to a quote opening the next paragraph.
    pub lead_in: Option<(usize, Span)>,
    /// A paragraph without quotes whose last sentence reports someone's words ("Carter said
    /// that for decades critics had predicted a withdrawal.") hands that speaker and cue to a
    /// quote opening the next paragraph that names nobody: the reporter's paraphrase, then the
    /// words themselves.
    pub closing_speaker: Option<(usize, Span)>,
    /// A short paragraph opening with a dash and a name ("-Michelle Marks, Philadelphia.")
    /// credits the quote paragraph above it: the mention (index into `mentions`).
    pub credit: Option<usize>,
}

/// Participles that carry the subject of the clause before them ("…, adding: “…”").
fn is_participle(lower: &str) -> bool {
    lower.ends_with("ing")
}

/// Adverbs and auxiliaries that may stand between a speaker and the verb ("Psaki later said").
fn skippable(lower: &str) -> bool {
    matches!(
        lower,
        "also"
            | "later"
            | "then"
            | "previously"
            | "once"
            | "has"
            | "had"
            | "have"
            | "was"
            | "is"
            | "would"
            | "will"
            | "again"
            | "first"
            | "further"
            | "often"
            | "never"
            | "recently"
            | "reportedly"
            | "repeatedly"
            | "simply"
            | "flatly"
            | "quickly"
            | "publicly"
            | "privately"
            | "separately"
            | "did"
            | "does"
            | "not"
            | "just"
            | "already"
            | "earlier"
            | "initially"
            | "frequently"
            | "been"
            | "now"
            | "still"
            | "always"
    ) || (lower.len() > 4 && lower.ends_with("ly"))
}

/// Words of a span of time before "ago": "less than three weeks ago", "a few days ago".
fn is_time_ago_word(lower: &str) -> bool {
    lower.bytes().all(|b| b.is_ascii_digit())
        || matches!(
            lower,
            "a" | "an"
                | "few"
                | "several"
                | "couple"
                | "of"
                | "less"
                | "more"
                | "than"
                | "about"
                | "nearly"
                | "almost"
                | "just"
                | "only"
                | "some"
                | "one"
                | "two"
                | "three"
                | "four"
                | "five"
                | "six"
                | "seven"
                | "eight"
                | "nine"
                | "ten"
        )
        || matches!(
            lower.strip_suffix('s').unwrap_or(lower),
            "second" | "minute" | "hour" | "day" | "week" | "month" | "year" | "decade"
        )
}

/// A cue with the speaker mention it found, at item index `at`.
struct Cue {
    at: usize,
    span: Span,
    mention: Option<Mention>,
    /// "and added": no subject of its own; borrows the previous cue's.
    elided: bool,
}

/// A paragraph's working lists, none of which outlives its analysis: kept per thread and
/// reused from one paragraph to the next (cleared, their capacity kept) instead of allocated
/// and freed for every paragraph.
#[derive(Default)]
struct Scratch {
    items: Vec<Item>,
    quote_item: Vec<usize>,
    inners: Vec<Span>,
    classes: Vec<Cell<WordClass>>,
    remap: Vec<usize>,
    sentence_starts: Vec<usize>,
    /// [`lowers_of`]'s buffer of normalised words, its list of them, and the lists of items'
    /// words and normalised words (empty between paragraphs, their capacity kept: see
    /// [`relifetime`]).
    lower_buf: String,
    lower_owned: Vec<(usize, usize, usize)>,
    words: Vec<&'static str>,
    lowers: Vec<&'static str>,
}

impl Scratch {
    /// Past this many items a paragraph's lists are freed rather than kept: one huge paragraph
    /// (a whole document on one line) should not hold its memory in every thread that saw it.
    const KEEP_ITEMS: usize = 4096;

    fn kept(self) -> Scratch {
        if self.items.capacity() > Self::KEEP_ITEMS {
            Scratch::default()
        } else {
            self
        }
    }
}

thread_local! {
    /// Taken by `analyze_paragraph` while it runs and put back after (a nested or panicking
    /// analysis just starts from empty lists).
    static SCRATCH: Cell<Scratch> = const { Cell::new(Scratch {
        items: Vec::new(),
        quote_item: Vec::new(),
        inners: Vec::new(),
        classes: Vec::new(),
        remap: Vec::new(),
        sentence_starts: Vec::new(),
        lower_buf: String::new(),
        lower_owned: Vec::new(),
        words: Vec::new(),
        lowers: Vec::new(),
    }) };
}

/// An emptied list of string slices as one of another lifetime, keeping its allocation (a
/// `Vec` collected in place from its own `into_iter` reuses its buffer).
fn relifetime<'b>(mut v: Vec<&str>) -> Vec<&'b str> {
    v.clear();
    v.into_iter().map(|_| "").collect()
}

pub fn analyze_paragraph(text: &str, style: QuoteStyle) -> ParagraphAnalysis {
    let Scratch {
        mut items,
        mut quote_item,
        mut inners,
        mut classes,
        mut remap,
        mut sentence_starts,
        mut lower_buf,
        mut lower_owned,
        words,
        lowers,
    } = SCRATCH.take();
    let pq = pair_quotes(text, style);
    fold_quotes(text, &pq.quotes, &mut items, &mut quote_item);
    inners.clear();
    inners.extend(pq.quotes.iter().map(|q| q.inner));
    let mut words = relifetime(words);
    let mut lowers = relifetime(lowers);
    lowers_of(
        text,
        &items,
        &mut lower_buf,
        &mut words,
        &mut lowers,
        &mut lower_owned,
    );
    classes.clear();
    classes.resize(items.len(), Cell::new(0));
    let p = Paragraph::new(text, &items, &inners, &words, &lowers, &classes);
    let prose_words = items
        .iter()
        .filter(|it| matches!(it, Item::Tok(t) if t.kind == TokenKind::Word))
        .count();

    let cues = find_cues(&p);
    let mut mentions = MentionSet::default();
    let mut quotes: Vec<ParagraphQuote> = Vec::with_capacity(pq.quotes.len());
    for (k, q) in pq.quotes.iter().enumerate() {
        let at = quote_item[k];
        let found = attribution_for(&p, &cues, &quote_item, k, q, text)
            .map(|(ci, m)| relayed_by(&p, &cues, ci, text).unwrap_or((ci, m)))
            .map(|(ci, m)| (ci, named_for_what_they_call(&p, m, text)));
        // "roles in “Harbour Lights” and “The Long Field”": a title joined to the one before.
        let joined_to_title = k > 0
            && quotes[k - 1].kind == QuoteKind::NotSpeech
            && quote_item[k - 1] + 2 == at
            && p.lower(at - 1).is_some_and(|l| matches!(l, "and" | "or"));
        let kind = classify(&p, at, q, text, joined_to_title);
        // Scare quotes and titles are nobody's words.
        let found = found.filter(|_| kind != QuoteKind::NotSpeech);
        let mut attribution = found.map(|(cue_idx, mention)| {
            let cue = &cues[cue_idx];
            let idx = push_mention(&mut mentions, mention);
            LocalAttribution {
                cue: Some(cue.span),
                mention: idx,
                carried: false,
            }
        });
        // A fragment woven into a sentence with no speech verb ("Ruiz lamented a council on
        // which members “barely speak to each other”") is the words of the sentence's subject.
        // "…,” Halvorsen added. Still, a late fee is a long way from “a proper fine.”": a
        // fragment in a sentence with no subject of its own goes on with the speaker before it.
        let subjectless = || {
            let start = sentence_start(&p, at, text);
            let before = cues.partition_point(|c| c.at < start);
            let previous = cues[..before].last()?;
            (sentence_start(&p, previous.at, text) + 40 > start)
                .then(|| previous.mention.clone().map(|m| (m, previous.at)))
                .flatten()
        };
        // "Ruiz shared her worries with donors at a lunch, “I do not know …”": a quote a clause
        // with no speech verb introduces after a comma is its subject's.
        let introduced = kind == QuoteKind::Speech
            && attribution.is_none()
            && at > 1
            && p.punct(at - 1) == Some(',')
            && p.word(at - 2).is_some();
        if introduced
            && let Some((mut m, _)) = sentence_subject(&p, sentence_start(&p, at, text), at)
        {
            m.speaker = true;
            attribution = Some(LocalAttribution {
                cue: None,
                mention: push_mention(&mut mentions, m),
                carried: false,
            });
        }
        if attribution.is_none()
            && kind == QuoteKind::Partial
            && let Some((m, _)) = relayed_around(&p, &cues, at, text)
                .map(|(ci, m)| (m, cues[ci].at))
                .or_else(|| nearest_clause_pronoun(&p, sentence_start(&p, at, text), at))
                .or_else(|| passive_agent(&p, at))
                .or_else(|| coordinated_subject(&p, sentence_start(&p, at, text), at))
                .or_else(|| {
                    sentence_subject(&p, sentence_start(&p, at, text), at)
                        .filter(|(m, from)| !told_before(&p, m, *from, at))
                })
                .or_else(|| fronted_subject(&p, at, text))
                .or_else(subjectless)
        {
            let mut m = m;
            m.speaker = true;
            attribution = Some(LocalAttribution {
                cue: None,
                mention: push_mention(&mut mentions, m),
                carried: false,
            });
        }
        quotes.push(ParagraphQuote {
            quote: *q,
            kind,
            attribution,
        });
    }
    // Within a paragraph, an unattributed quote continues the one before it.
    // A speaker named again in between (`"…," Dos Santos said. The group will watch, Dos
    // Santos says. "…"`) is the nearer mention of whoever carries on.
    for k in 1..quotes.len() {
        if quotes[k].attribution.is_some() || quotes[k].kind != QuoteKind::Speech {
            continue;
        }
        let Some(j) = (0..k).rev().find(|&j| quotes[j].attribution.is_some()) else {
            continue;
        };
        let (from, to) = (quote_item[j], quote_item[k]);
        // The sentence of the last attribution: from its cue when the cue follows a quote
        // ending in "?" or "!" ("“Do they read?” said Whitfield, who has accused …"), which
        // ends no sentence before it.
        let anchor = quotes[j]
            .attribution
            .as_ref()
            .and_then(|a| a.cue)
            .and_then(|cue| p.item_starting_at(cue.start, from + 1..to))
            .unwrap_or(from);
        let between = cues
            [cues.partition_point(|c| c.at <= from)..cues.partition_point(|c| c.at < to)]
            .iter()
            .rev()
            // Only a sentence of its own: a clause hanging off the last attribution ("…, said
            // Pardo, who said he …") names nobody new.
            .filter(|c| {
                p.lower(c.at) != Some("according")
                    && (sentence_start(&p, c.at, text) > anchor
                        || coordinated_cue(&p, c, from)
                        || reports_quote_before(&p, c, from))
            })
            .find_map(|c| c.mention.clone());
        quotes[k].attribution = match between {
            Some(m) => Some(LocalAttribution {
                cue: None,
                mention: push_mention(&mut mentions, m),
                carried: true,
            }),
            None => quotes[j].attribution.clone().map(|prev| LocalAttribution {
                carried: true,
                ..prev
            }),
        };
    }
    // A quote standing as its own sentence after one that cues a speaker ("Khan says she got a
    // call from her niece. “She called me …”") is that speaker's.
    for k in 0..quotes.len() {
        let at = quote_item[k];
        let standalone = at == 0
            || matches!(p.items[at - 1], Item::Quote(_))
            || p.punct(at - 1).is_some_and(is_terminal);
        if quotes[k].attribution.is_some() || quotes[k].kind != QuoteKind::Speech || !standalone {
            continue;
        }
        let before = cues.partition_point(|c| c.at < at);
        if let Some(m) = cues[..before].iter().rev().find_map(|c| c.mention.clone()) {
            quotes[k].attribution = Some(LocalAttribution {
                cue: None,
                mention: push_mention(&mut mentions, m),
                carried: true,
            });
            continue;
        }
        // An action beat: "Delgado shook her head. “Relief? No.”" — a person doing something
        // in the sentence just before is the one who speaks.
        if at > 0
            && !matches!(p.items[at - 1], Item::Quote(_))
            && let Some((mut m, end)) = sentence_subject(&p, sentence_start(&p, at - 1, text), at)
            && !preceded_by(&p, &m, end, OBJECT_BEFORE_VERB)
            && match m.kind {
                MentionKind::Name | MentionKind::RoleNoun => true,
                MentionKind::Pronoun(pronoun) => !pronoun.neuter,
                _ => false,
            }
        {
            m.speaker = true;
            quotes[k].attribution = Some(LocalAttribution {
                cue: None,
                mention: push_mention(&mut mentions, m),
                carried: false,
            });
        }
    }
    // Every speaker of a cue is salient, quoted or not: "The minister said …" introduces the
    // "he" of the next paragraph.
    let mut lead_in = None;
    for c in &cues {
        if let Some(m) = &c.mention
            && mentions.overlapping(m.span).is_none()
        {
            push_mention(&mut mentions, m.clone());
        }
    }
    if p.punct(items.len().wrapping_sub(1)) == Some(':')
        && let Some(c) = cues.iter().rev().find(|c| c.mention.is_some())
        && sentence_start(&p, items.len() - 1, text) <= c.at
        && let Some(m) = &c.mention
        && let Some(idx) = mentions.overlapping(m.span)
    {
        lead_in = Some((idx, p.span(items.len() - 1).unwrap_or_default()));
    }
    let mut closing_speaker = None;
    if quotes.is_empty()
        && lead_in.is_none()
        && let Some(last) = items.len().checked_sub(1)
        && let Some(c) = cues.iter().rev().find(|c| c.mention.is_some())
        && sentence_start(&p, last, text) <= c.at
        && let Some(m) = &c.mention
        && !matches!(m.span.slice(text), "which" | "that" | "who")
        && let Some(idx) = mentions.overlapping(m.span)
    {
        closing_speaker = Some((idx, c.span));
    }
    // A credit line under a quote: "-Mayor Dana Reyes, posting after the parade.",
    // "— Nell Parrish, Elm Creek.", "Maria Lopez, 24, Houston".
    let mut credit = None;
    let headline = looks_like_headline(text);
    if quotes.is_empty()
        && prose_words <= 12
        && let Some(m) = credit_after(&p, 0, false, text)
        // A title-case line with no dash and no age is a headline ("The Long Summer Of
        // Harbour Master Reyes."), not a credit.
        && (text.trim_start().starts_with(is_dash)
            || text.contains(|c: char| c.is_ascii_digit())
            || closes_quotation(text)
            || !headline)
    {
        credit = Some(push_mention(&mut mentions, m));
    }
    // The same credit on the quote's own line, as vox pops and epigraphs run:
    // "“We just want to be heard.” — Maria Lopez, 24, Phoenix", "“…” (Ana Ruiz, 31)",
    // "“…,” Maria Lopez, 24, of Phoenix.". Only where the line is the quotes and the credit: a
    // dash and a name after prose ("…,” he said. —Kim Smith") sign the story, not the quote.
    // A list's number may stand before the quote ("3. “…” — Name").
    if let (Some(&first), Some(&last)) = (quote_item.first(), quote_item.last())
        && !(0..first).any(|k| {
            p.word(k)
                .is_some_and(|w| !w.bytes().all(|b| b.is_ascii_digit()))
        })
        && quotes
            .iter()
            .all(|q| q.attribution.is_none() && q.kind != QuoteKind::NotSpeech)
        && (last + 1..items.len())
            .filter(|&k| p.word(k).is_some())
            .count()
            <= 12
        && let Some(m) = credit_after(&p, last + 1, false, text)
    {
        let idx = push_mention(&mut mentions, m);
        for q in &mut quotes {
            q.kind = QuoteKind::Speech;
            q.attribution = Some(LocalAttribution {
                cue: None,
                mention: idx,
                carried: false,
            });
        }
    }
    // A short fragment woven into a sentence that nobody in it is credited with is scare
    // quotes ("this “alternative” information ecosystem", "the “contested convention”
    // scenario"), not words someone said. Only after a word: a quote opening its paragraph
    // may yet go on with the speaker of the paragraph before. And not in a sentence that
    // reports speech ("aides were told to “stand down”"): those are someone's words.
    for (q, &at) in quotes.iter_mut().zip(&quote_item) {
        if q.kind == QuoteKind::Partial
            && q.attribution.is_none()
            && (0..at).any(|i| p.word(i).is_some())
            && !(sentence_start(&p, at, text)..at).any(|i| p.is(i, class::SPEECH_VERB))
            && count_words_upto(q.quote.inner.slice(text), SCARE_QUOTE_WORDS + 1)
                <= SCARE_QUOTE_WORDS
        {
            q.kind = QuoteKind::NotSpeech;
        }
    }
    // Names outside quotes introduce people even when they do not speak here.
    // A headline's capitalised words are not names.
    if !headline {
        for (first, last, m) in p.name_mentions() {
            match mentions.overlapping(m.span) {
                None => {
                    push_mention(&mut mentions, m);
                }
                // "a spokeswoman for Mayor Angela Brooks said": the unnamed source speaks, and
                // the person it speaks for is introduced too ("Brooks" later is her).
                Some(o) if mentions.list[o].kind == MentionKind::Anonymous => {
                    let outer = mentions.list[o].span;
                    if let Some(principal) = p.name_after_for(first, last)
                        && outer.start < principal.span.start
                        && principal.span.end <= outer.end
                        && mentions.overlapping(principal.span) == Some(o)
                    {
                        push_mention(&mut mentions, principal);
                    }
                }
                Some(_) => {}
            }
        }
    }
    // "he" and "she" in prose tell the gender of whoever they point at, and keep them in mind;
    // so does an unnamed source of known sex opening a sentence that reports no speech ("A
    // fire department spokesman disputed that account."), for the "he" after it.
    for k in 0..items.len() {
        let Some(lower) = p.lower(k) else { continue };
        let gender = match lower {
            // Subject forms only: "him" and "her" point past the subject as often as not.
            "he" => Gender::Male,
            "she" => Gender::Female,
            // Such a source opens with an indefinite article and has a noun of known sex
            // ("spokesman", "chairwoman") among its first words.
            "a" | "an" => {
                if !headline
                    && (k == 0 || starts_sentence(&p, k, text))
                    && (k + 1..k + 6)
                        .map_while(|j| p.lower(j))
                        .any(|l| lexicon().title_gender(l).is_some())
                    && let Some(mut m) = p.subject_np_starting_at(k)
                    && m.kind == MentionKind::Anonymous
                    && m.gender.is_some()
                    && mentions.overlapping(m.span).is_none()
                {
                    m.subject = true;
                    push_mention(&mut mentions, m);
                }
                continue;
            }
            _ => continue,
        };
        let span = p.span(k).unwrap_or_default();
        if mentions.overlapping(span).is_none() {
            push_mention(&mut mentions, Mention::pronoun(span, gender));
        }
    }
    // Keep mentions in text order, remapping attribution indices. The mentions are sorted
    // with their old index beside them (a stable sort, as the index order was) and moved, not
    // cloned, into the new list.
    let mut ordered: Vec<(usize, Mention)> = mentions.list.into_iter().enumerate().collect();
    ordered.sort_by_key(|(_, m)| (m.span.start, m.span.end));
    remap.clear();
    remap.resize(ordered.len(), 0);
    for (new, (old, _)) in ordered.iter().enumerate() {
        remap[*old] = new;
    }
    let mut mentions: Vec<Mention> = ordered.into_iter().map(|(_, m)| m).collect();
    // The first mention of each sentence, and every speaker, is a subject: the likeliest
    // antecedent of the next sentence's pronoun.
    // `sentence_start(k) == k` exactly when the item before `k` ends a sentence: one look
    // back per item, not a walk to the sentence's start.
    sentence_starts.clear();
    sentence_starts.extend(
        (0..items.len())
            .filter(|&k| k == 0 || starts_sentence(&p, k, text))
            .map(|k| match items[k] {
                Item::Tok(t) => t.span.start,
                Item::Quote(qi) => pq.quotes[qi].span.start,
            }),
    );
    // A possessor ("Castellano’s sister, Rosa, …") is not the subject.
    let mut last_sentence = usize::MAX;
    for m in &mut mentions {
        let sentence = sentence_starts.partition_point(|&s| s <= m.span.start);
        let possessor = text[m.span.end..].starts_with(['\'', '’'])
            || m.span.slice(text).ends_with("'s")
            || m.span.slice(text).ends_with("’s");
        m.subject = m.speaker || (sentence != last_sentence && !possessor);
        if !possessor {
            last_sentence = sentence;
        }
    }
    for q in &mut quotes {
        if let Some(a) = &mut q.attribution {
            a.mention = remap[a.mention];
        }
    }
    let lead_in = lead_in.map(|(m, colon)| (remap[m], colon));
    let closing_speaker = closing_speaker.map(|(m, cue)| (remap[m], cue));
    let credit = credit.map(|m| remap[m]);
    let keys = mentions.iter().map(|m| mention_keys(m, text)).collect();
    drop(p);
    let words = relifetime(words);
    let lowers = relifetime(lowers);
    SCRATCH.set(
        Scratch {
            items,
            quote_item,
            inners,
            classes,
            remap,
            sentence_starts,
            lower_buf,
            lower_owned,
            words,
            lowers,
        }
        .kept(),
    );
    ParagraphAnalysis {
        quotes,
        mentions,
        keys,
        stray_closers: pq.stray_closers,
        prose_words,
        lead_in,
        closing_speaker,
        credit,
    }
}

/// The paragraph's items: its tokens, each quote folded into one item (`quote_item[k]` is
/// quote `k`'s index), in one pass over tokens and quotes together (the tokens taken one at a
/// time, not listed first). A quote made only of marks (no token inside) still gets its item.
fn fold_quotes(
    text: &str,
    quotes: &[LocalQuote],
    items: &mut Vec<Item>,
    quote_item: &mut Vec<usize>,
) {
    items.clear();
    items.reserve(text.len() / 4);
    quote_item.clear();
    quote_item.resize(quotes.len(), 0);
    let mut emitted = 0; // quotes [0, emitted) have their item
    let mut emit_through = |upto: usize, items: &mut Vec<Item>, emitted: &mut usize| {
        while *emitted < upto {
            quote_item[*emitted] = items.len();
            items.push(Item::Quote(*emitted));
            *emitted += 1;
        }
    };
    // Quotes [0, ended) end at or before the token. A cursor, not a binary search per token:
    // tokens come in text order and the outer quotes are in text order without overlapping,
    // so it only moves forward.
    let mut ended = 0;
    let mut tokens = Tokens::new(text);
    while let Some(t) = tokens.next() {
        while quotes
            .get(ended)
            .is_some_and(|q| q.span.end <= t.span.start)
        {
            ended += 1;
        }
        emit_through(ended, items, &mut emitted);
        if let Some(q) = quotes.get(ended)
            && q.span.contains(t.span.start)
        {
            emit_through(ended + 1, items, &mut emitted);
            // The quote's own tokens are no items: where its end is sure to end a token, the
            // tokens go on from there (most of an article's words are inside quotes).
            if ends_tokens(text, q) {
                tokens.skip_to(q.span.end);
            }
            continue;
        }
        items.push(Item::Tok(t));
    }
    emit_through(quotes.len(), items, &mut emitted);
}

/// Whether the tokens of `text` have a boundary at the end of quote `q`, so that tokenizing
/// from there gives the tokens after it that tokenizing from the start gives. True at the
/// paragraph's end (an unclosed quote), and after a closing mark that is never part of a word:
/// one not glued into a word as an apostrophe (`'`, `’`) or after a decomposed accent (`«`, `»`,
/// U+00AB and U+00BB).
fn ends_tokens(text: &str, q: &LocalQuote) -> bool {
    q.span.end == text.len()
        || text[..q.span.end]
            .chars()
            .next_back()
            .is_some_and(|c| matches!(c, '”' | '"' | '“' | '„' | '‘' | '`'))
}

/// A paragraph's mentions with lookups by span, so adding one never scans the others.
#[derive(Default)]
struct MentionSet {
    list: Vec<Mention>,
    /// Start of each mention → (end, index), for exact and overlap lookups.
    by_start: BTreeMap<usize, (usize, usize)>,
}

impl MentionSet {
    /// A mention overlapping `span`, if any (mentions barely overlap one another, so the few
    /// starting just before `span.end` are the only candidates).
    fn overlapping(&self, span: Span) -> Option<usize> {
        self.by_start
            .range(..span.end.max(span.start + 1))
            .rev()
            .take(4)
            .find(|(start, (end, _))| {
                Span::new(**start, *end).overlaps(span) || **start == span.start
            })
            .map(|(_, (_, i))| *i)
    }
}

/// Words that may follow the particle of a phrasal cue and leave it a cue: "shot back on
/// Twitter", "fired back with a laugh", "went on to say"; any other ("went on television")
/// makes the verb something else.
const AFTER_PARTICLE: &[&str] = &[
    "that", "to", "with", "as", "at", "in", "on", "via", "from", "during", "after", "when",
    "later", "again", "about",
];

/// Dashes that open a credit line ("— Maria Lopez", "-President Obama", "--Kim Smith").
fn is_dash(c: char) -> bool {
    matches!(super::text::dash_as_em(c), '-' | '–' | '—')
}

/// The person a credit names from item `from` on: after the quote's own closing stop, a dash
/// (or two) or an opening bracket, then a name, and what follows its comma as their role
/// ("— Michelle Marks, Philadelphia.", "(Ana Ruiz, 31)"). With no dash or bracket
/// (`dash_or_bracket` false allows that) the name must end the line or be followed by an age
/// ("Maria Lopez, 24, of Phoenix"), and a lone word is no name: a name and a verb ("“…” Lopez runs a bakery.") is a
/// sentence, not a credit.
fn credit_after(p: &Paragraph, from: usize, dash_or_bracket: bool, text: &str) -> Option<Mention> {
    let mut k = from;
    while p
        .punct(k)
        .is_some_and(|c| matches!(c, '.' | ',' | '!' | '?'))
    {
        k += 1;
    }
    let opened = k;
    let bracket = p.punct(k) == Some('(');
    if bracket {
        k += 1;
    } else {
        while p.punct(k).is_some_and(is_dash) {
            k += 1;
        }
    }
    let opener = k > opened;
    if !opener && dash_or_bracket {
        return None;
    }
    let mut m = p.np_starting_at(k)?;
    if m.kind != MentionKind::Name {
        return None;
    }
    let after = text[m.span.end..].trim_start();
    let rest = after.strip_prefix(',').map(str::trim);
    // "(Subscribe to the podcast …)" is an aside, "(Ana Ruiz, 31)" a credit.
    if bracket && rest.is_none() && !after.starts_with(')') {
        return None;
    }
    if !opener {
        let ends_line = after.trim_end_matches(['.', ' ', '"', '”']).is_empty();
        let aged = rest.is_some_and(|r| {
            r.split_whitespace()
                .next()
                .is_some_and(|w| w.trim_end_matches([',', '.']).parse::<u8>().is_ok())
        });
        // A lone capitalised word ending a line is a label ("Pause.", "LETTERS"), not a name.
        // A pull quote's credit line with an organisation after the comma.
        let closed_with_role = rest.is_some() && closes_quotation(after);
        if !(ends_line && m.span.slice(text).contains(' ') || aged || closed_with_role) {
            return None;
        }
    }
    if m.role.is_none()
        && let Some(rest) = rest
    {
        let rest = rest.trim_end_matches(['.', ';', ')', '"', '”']).trim();
        if !rest.is_empty() && rest.split_whitespace().count() <= 6 {
            m.role = Some(rest.to_string());
        }
    }
    m.speaker = true;
    Some(m)
}

/// A pull quote set in one pair of marks with its credit ("“We will not rush it. ¶ Dana
/// Reyes, Harbor Institute.”"): the credit line ends the quotation with a closing mark after
/// its full stop, which no sentence of the story does, and may be in title case without
/// being a headline.
fn closes_quotation(line: &str) -> bool {
    line.trim_end()
        .strip_suffix(['"', '”'])
        .is_some_and(|t| t.trim_end().ends_with('.'))
}

fn push_mention(mentions: &mut MentionSet, m: Mention) -> usize {
    if let Some(&(end, i)) = mentions.by_start.get(&m.span.start)
        && end == m.span.end
    {
        mentions.list[i].speaker |= m.speaker;
        return i;
    }
    let i = mentions.list.len();
    mentions
        .by_start
        .entry(m.span.start)
        .or_insert((m.span.end, i));
    mentions.list.push(m);
    i
}

/// Every attribution cue in the paragraph's prose, with its speaker where one is found.
fn find_cues(p: &Paragraph) -> Vec<Cue> {
    let lx = lexicon();
    let mut cues: Vec<Cue> = Vec::new();
    for i in 0..p.items.len() {
        let Some(w) = p.word(i) else { continue };
        let lower = p.lower(i).unwrap_or("");
        let span = p.span(i).unwrap_or_default();
        if lower == "according" && p.word(i + 1).is_some_and(|n| n.eq_ignore_ascii_case("to")) {
            // "according to campaign manager Jeff Weaver": lower-case title words before the
            // name belong to it.
            let titled_name = || {
                let k = (i + 2..i + 7).find(|&k| p.word(k).is_some_and(is_capitalised))?;
                let all_titles = (i + 2..k).all(|x| {
                    p.word(x).is_some()
                        && p.lower(x).is_some_and(|l| !BOUNDARY_WORDS.contains(&l))
                        && !determines_noun(p, x)
                });
                all_titles.then(|| p.np_starting_at(k)).flatten()
            };
            // "according to the Post": a name after "the" is a body (an outlet, a court), not a
            // person.
            let the_body = || {
                if p.lower(i + 2) != Some("the") {
                    return None;
                }
                // A lone word is no name outside this frame ("the Post", "the Journal").
                let mut m = p
                    .np_starting_at(i + 3)
                    .or_else(|| p.lone_name_at(i + 3).filter(|_| p.word(i + 4).is_none()))?;
                if !matches!(m.kind, MentionKind::Name | MentionKind::Organisation) {
                    return None;
                }
                m.kind = MentionKind::Organisation;
                Some(m)
            };
            // "according to audio provided by Coastal Public Radio", "according to a court
            // document filed by the county attorney": whoever provided or filed the record.
            let provider = || {
                let by = (i + 3..i + 9)
                    .take_while(|&k| p.word(k).is_some())
                    .find(|&k| p.lower(k) == Some("by"))?;
                p.lower(by - 1)
                    .is_some_and(|l| PROVIDED_BY.contains(&l))
                    .then(|| {
                        p.np_starting_at(by + 1)
                            .or_else(|| p.subject_np_starting_at(by + 1))
                    })
                    .flatten()
            };
            // Whatever follows "according to" is a source: "his longtime personal physician".
            let mention = provider()
                .or_else(|| p.np_starting_at(i + 2))
                .or_else(the_body)
                .or_else(titled_name)
                .or_else(|| {
                    p.subject_np_starting_at(i + 2).filter(|m| {
                        p.lower(i + 2) != Some("its") && can_speak(m.span.slice(p.text))
                    })
                })
                // "according to some on Twitter", "according to many".
                .or_else(|| p.quantifier_at(i + 2))
                .map(|m| speaker(p, m, i + 2));
            let end = p.span(i + 1).unwrap_or(span);
            cues.push(Cue {
                at: i,
                span: Span::new(span.start, end.end),
                mention,
                elided: false,
            });
            continue;
        }
        // "his promise to be “neutral”", "Clinton’s claim that “…”": words someone is said to
        // have used, named by a noun their possessive determines, are theirs.
        if is_spoken_noun(lower)
            && let Some(mention) = possessor_before(p, i)
        {
            cues.push(Cue {
                at: i,
                span,
                mention: Some(mention),
                elided: false,
            });
            continue;
        }
        // "Trump issued a statement, “…”": the document announced is the cue, its issuer
        // the speaker.
        if matches!(
            lower,
            "statement" | "tweet" | "message" | "letter" | "note" | "post" | "email" | "memo"
        ) && matches!(p.punct(i + 1), Some(',' | ':'))
            && matches!(p.items.get(i + 2), Some(Item::Quote(_)))
            && i >= 2
            && p.lower(i - 1)
                .is_some_and(|l| matches!(l, "a" | "an" | "the" | "his" | "her" | "their" | "its"))
            && p.lower(i - 2).is_some_and(|l| {
                matches!(
                    l,
                    "issued" | "released" | "posted" | "sent" | "published" | "tweeted" | "wrote"
                )
            })
        {
            cues.push(Cue {
                at: i,
                span,
                mention: subject_before(p, i - 2, true),
                elided: false,
            });
            continue;
        }
        // "But he wanted to know, “…”": a question put.
        if lower == "know"
            && i >= 2
            && p.lower(i - 1) == Some("to")
            && p.lower(i - 2)
                .is_some_and(|l| matches!(l, "wanted" | "wants" | "want" | "demanded"))
            && matches!(p.punct(i + 1), Some(',' | ':'))
        {
            cues.push(Cue {
                at: i,
                span,
                mention: subject_before(p, i - 2, true),
                elided: false,
            });
            continue;
        }
        // "she went on", "Trump shot back": the particle completes the cue.
        // Only when the clause ends there: "went on television" is no cue.
        let phrasal = p.is(i, class::PHRASAL_VERB);
        let particle = phrasal
            .then(|| lx.phrasal_cues.get(lower))
            .flatten()
            .and_then(|ps| {
                let next = p.lower(i + 1)?;
                let clause_ends = p.word(i + 2).is_none()
                    || p.lower(i + 2).is_some_and(|w| AFTER_PARTICLE.contains(&w));
                (ps.iter().any(|x| x == next) && clause_ends).then_some(i + 1)
            });
        // A sentence opens with a speech verb only when the verb is inverted ("Says Trump",
        // "Added the senator"): a bare form there is a noun in a name ("State Rep. Ana Ruiz",
        // "Post reporter …").
        let bare_opener = is_capitalised(w)
            && !(lower.ends_with('s')
                || lower.ends_with('d')
                || matches!(lower, "wrote" | "spoke"));
        // "a prosecutor who reports directly to the president": a chain of command, not speech.
        let reports_to = || {
            matches!(lower, "report" | "reports" | "reported" | "reporting")
                && p.lower(i + 1) == Some("directly")
        };
        // "if he continues to lose ground": going on doing something, not speaking.
        let continues_to = || lower.starts_with("continu") && p.lower(i + 1) == Some("to");
        if !(p.is(i, class::SPEECH_VERB) || particle.is_some())
            || is_capitalised(w) && i > 0 && p.punct(i - 1).is_none()
            || bare_opener
            || reports_to()
            || continues_to()
            || i.checked_sub(1).is_some_and(|b| determines_noun(p, b))
            || demonym_before(p, i)
            || modified_noun(p, i, lower)
        {
            continue;
        }
        let span = match particle.and_then(|k| p.span(k)) {
            Some(end) => Span::new(span.start, end.end),
            None => span,
        };
        // A passive participle ("had been told", "was asked") makes its subject the listener:
        // the speaker, if any, is the agent after "by".
        let mut b = i;
        while b > 0
            && p.lower(b - 1).is_some_and(|l| {
                l.ends_with("ly") || matches!(l, "also" | "reportedly" | "later" | "then")
            })
        {
            b -= 1;
        }
        // "as described by Council Leader Ruth Kellerman": a passive with its agent.
        let as_by = b > 0
            && p.lower(b - 1) == Some("as")
            && p.word(i + 1).is_some_and(|w| w.eq_ignore_ascii_case("by"));
        let passive = b > 0
            && (as_by
                || p.lower(b - 1).is_some_and(|l| {
                    matches!(
                        l,
                        "been" | "was" | "were" | "is" | "are" | "being" | "be" | "get" | "got"
                    )
                }))
            && (lower.ends_with("ed") || matches!(lower, "told" | "written" | "said"));
        if passive {
            if p.word(i + 1).is_some_and(|w| w.eq_ignore_ascii_case("by"))
                && let Some(m) = p.np_starting_at(i + 2)
            {
                cues.push(Cue {
                    at: i,
                    span,
                    mention: Some(speaker(p, m, i + 2)),
                    elided: false,
                });
            }
            continue;
        }
        // "Braynard is quoted as saying": the subject of the passive is the speaker.
        if matches!(lower, "saying" | "telling")
            && i >= 3
            && p.lower(i - 1) == Some("as")
            && p.lower(i - 2)
                .is_some_and(|l| matches!(l, "quoted" | "cited"))
        {
            let mut v = i - 2;
            while v > 0
                && p.lower(v - 1).is_some_and(|l| {
                    matches!(
                        l,
                        "is" | "was" | "were" | "are" | "been" | "being" | "has" | "have" | "had"
                    )
                })
            {
                v -= 1;
            }
            if v < i - 2 {
                cues.push(Cue {
                    at: i,
                    span,
                    mention: subject_before(p, v, true),
                    elided: false,
                });
                continue;
            }
        }
        // Right after a quote, any noun phrase before the verb is its speaker:
        // `"…," the man shouted`, `"…," as a city memo put it`.
        let after_quote = (i.saturating_sub(6)..i).any(|k| {
            let first_word = if p.punct(k + 1) == Some(',') {
                k + 2
            } else {
                k + 1
            };
            matches!(p.items[k], Item::Quote(_))
                && (k + 1..i)
                    .all(|j| p.word(j).is_some() || (j == k + 1 && p.punct(j) == Some(',')))
                && (k + 1..i).all(|j| {
                    p.lower(j).is_none_or(|l| {
                        j == first_word && l == "as" && j + 1 < i
                            || !BOUNDARY_WORDS.contains(&l) && !l.ends_with("'s")
                    })
                })
        });
        let generic = generic_subjects(lower) || after_quote;
        // "…, calling him a “loser”": a participle after a comma has no subject of its own;
        // the noun phrase before the comma is the object of the clause it hangs from.
        let hangs = is_participle(lower) && i > 0 && p.punct(i - 1) == Some(',');
        let mut mention = if hangs {
            None
        } else {
            subject_before(p, i, generic)
        };
        let mut elided = false;
        if mention.is_none() {
            let mut j = i;
            while j > 0 && p.lower(j - 1).is_some_and(skippable) {
                j -= 1;
            }
            let prev = j.checked_sub(1).and_then(|j| p.lower(j));
            // "interrupted me to announce, …", "booed upon saying, …": the sentence's subject
            // is the speaker.
            elided = matches!(
                prev,
                Some(
                    "and"
                        | "but"
                        | "before"
                        | "then"
                        | "to"
                        | "upon"
                        | "after"
                        | "while"
                        | "by"
                        | "without"
                )
            ) || (is_participle(lower) && p.punct(j.wrapping_sub(1)) == Some(','))
                || (is_participle(lower) && prev.is_none());
            if !elided {
                mention = subject_after(p, particle.unwrap_or(i), generic);
            }
            // "she released a statement saying, …": a participle with no subject of its own
            // leans on the sentence's.
            if mention.is_none() && is_participle(lower) && lower.len() > 5 {
                elided = true;
            }
        }
        // "scoffed, adding that anyone who complains about the acoustics “has already lost the
        // room”": a relative clause about anybody at all is part of what is said, not who says
        // it.
        let anybody_who = mention.as_ref().is_some_and(|m| {
            m.span.slice(p.text) == "who"
                && p.item_starting_at(m.span.start, 0..i)
                    .and_then(|k| k.checked_sub(1))
                    .and_then(|k| p.lower(k))
                    .is_some_and(|l| ANYBODY.contains(&l))
        });
        if anybody_who {
            continue;
        }
        cues.push(Cue {
            at: i,
            span,
            mention,
            elided,
        });
    }
    // A colon right after a name cues the quote that follows (`Trump: “…”`), and so does a
    // short lead-in ending in a colon (`She went on: “…”`), before a quote or at the end of the
    // paragraph, when the next paragraph holds the quote.
    let verb_cues = cues.len();
    for i in 1..p.items.len() {
        let before_quote = matches!(p.items.get(i + 1), Some(Item::Quote(_)));
        if p.punct(i) != Some(':') || !(before_quote || i + 1 == p.items.len()) {
            continue;
        }
        let start = sentence_start(p, i, p.text);
        let near = cues[..verb_cues]
            .partition_point(|c| c.at < start)
            .max(cues[..verb_cues].partition_point(|c| c.at + 12 < i));
        // A verb cue just before the colon already credits the quote, unless a dash sets the
        // name before the colon apart from it ("Pollsters agree - Carl Bialik: “…”").
        if cues[near..verb_cues].iter().any(|c| {
            c.at < i
                && c.mention.is_some()
                && !(c.at + 1..i).any(|k| matches!(p.punct(k), Some('-' | '—' | '–')))
        }) {
            continue;
        }
        // "… suggested Curiel was from Mexico:": a place, or the object of "from", is no
        // speaker.
        // "From the report: “…”", "More from the memo: “…”": an excerpt's source opens its
        // own short lead-in.
        let excerpt_from = |m: &Mention| {
            item_before(p, m, i - 1)
                .filter(|&k| p.lower(k) == Some("from"))
                .is_some_and(|k| {
                    // At the sentence's start or after a dash, "More" or "Also" may come first.
                    let opener = match p.lower(k.wrapping_sub(1)) {
                        Some("more" | "also") => k - 1,
                        _ => k,
                    };
                    opener <= start || matches!(p.punct(opener - 1), Some('-' | '—' | '–'))
                })
        };
        let named = p
            .np_ending_at(i - 1)
            .or_else(|| p.subject_np_ending_at(i - 1).filter(excerpt_from))
            .filter(|m| !matches!(m.kind, MentionKind::Pronoun(_)))
            .filter(|m| {
                !is_place(m) && (!preceded_by(p, m, i - 1, OBJECT_BEFORE_COLON) || excerpt_from(m))
            })
            .map(|m| (m, i - 1));
        let lead_in = || {
            let words = |from: usize| (from..i).filter(|&k| p.word(k).is_some()).count();
            // "Ruiz said both rivals were “…,” but he gave the younger one a compliment: “…”":
            // the clause before the colon has a subject of its own.
            // Only a coordinated main clause: "when he blogged:" is the sentence subject's.
            if let Some((m, k)) = nearest_clause_pronoun(p, start, i)
                && p.lower(k.wrapping_sub(1))
                    .is_some_and(|l| matches!(l, "and" | "but"))
                && words(k) <= LEAD_IN_WORDS
            {
                return Some((m, k));
            }
            (words(start) <= LEAD_IN_WORDS)
                .then(|| sentence_subject(p, start, i))
                .flatten()
        };
        // "Her message to lawmakers: “…”", "Reyes's reply: “…”": whose words the lead-in
        // names.
        let possessed = || {
            let noun =
                (start..i.min(start + 5)).find(|&k| p.lower(k).is_some_and(is_spoken_noun))?;
            let (m, k) = possessor_of(p, noun)?;
            (p.item_starting_at(m.span.start, start..=k) == Some(start)).then_some((m, k))
        };
        if let Some((m, at)) = named.or_else(possessed).or_else(lead_in) {
            cues.push(Cue {
                at: i,
                span: p.span(i).unwrap_or_default(),
                mention: Some(speaker(p, m, at)),
                elided: false,
            });
        }
    }
    cues.sort_by_key(|c| c.at);
    // Elided subjects borrow from the cue before them, or else from the sentence's subject.
    // A thing's relative clause ("the sign, which read …") is no main clause to borrow from.
    // Nor is a possessor ("after Dunmore’s conference call ended, Kowalski’s campaign put
    // out a release saying …").
    let relative = |c: &Cue| {
        c.mention
            .as_ref()
            .is_some_and(|m| matches!(m.span.slice(p.text), "which" | "that" | "who"))
            || p.lower(c.at).is_some_and(is_spoken_noun)
    };
    for k in 0..cues.len() {
        if cues[k].mention.is_none() && cues[k].elided {
            let start = sentence_start(p, cues[k].at, p.text);
            // The sentence's main clause speaks: "He said the manager had been told …, and
            // added: …" is still his.
            let from = cues[..k].partition_point(|c| c.at < start);
            let borrowed = cues[from..k]
                .iter()
                .filter(|c| !relative(c))
                .find(|c| c.mention.is_some());
            // A clause of its own between that cue and this one has its own subject:
            // "When I asked him …, he looked up and said, …".
            let clause_from = borrowed.map_or(start, |c| c.at + 1);
            let clause = clause_subject_pronoun(p, clause_from, cues[k].at);
            let borrowed = borrowed.and_then(|c| c.mention.clone());
            cues[k].mention = clause.or(borrowed).or_else(|| {
                let start = sentence_start(p, cues[k].at, p.text);
                sentence_subject(p, start, cues[k].at).map(|(m, at)| speaker(p, m, at))
            });
        }
    }
    cues
}

/// The last personal pronoun between items `from` and `to` that opens a clause after a comma
/// (", he looked", ", and she has battled"): the subject a later elided verb or hanging
/// participle shares.
fn clause_subject_pronoun(p: &Paragraph, from: usize, to: usize) -> Option<Mention> {
    let k = (from..to).rev().find(|&k| {
        p.lower(k)
            .is_some_and(|l| matches!(l, "he" | "she" | "they" | "we" | "i"))
            && k > 0
            && (p.punct(k - 1) == Some(',')
                || p.lower(k - 1).is_some_and(|l| matches!(l, "and" | "but"))
                || after_clause_opener(p, k))
    })?;
    // `np_ending_at` keeps "I", which `np_starting_at` leaves to quotes.
    p.np_ending_at(k).map(|m| speaker(p, m, k))
}

/// ", though at a town hall on Friday she used …": the pronoun at item `k` opens a clause
/// when a conjunction after a comma or dash stands a short phrase before it.
fn after_clause_opener(p: &Paragraph, k: usize) -> bool {
    (k.saturating_sub(8)..k.saturating_sub(1))
        .rev()
        .take_while(|&c| p.word(c).is_some())
        .any(|c| {
            c > 0
                && matches!(p.punct(c - 1), Some(',' | '—' | '–'))
                && p.lower(c).is_some_and(|l| CLAUSE_OPENERS.contains(&l))
        })
}

/// "a Trump-style retort", "his angry tweet": a bare verb form after a determiner and an
/// adjective or two is a noun. Past and third-person forms keep their subject ("the senator
/// retorted").
fn modified_noun(p: &Paragraph, i: usize, lower: &str) -> bool {
    // "GOP state leaders", "the report officials cited": a bare form right before a role
    // noun modifies it.
    let lx = lexicon();
    let inflected = lower.ends_with('s') || lower.ends_with("ed") || lower.ends_with("ing");
    let irregular_past = matches!(
        lower,
        "said" | "told" | "wrote" | "spoke" | "read" | "put" | "hit" | "sang"
    );
    let bare = !inflected && !irregular_past;
    let before_role = bare
        && i > 0
        && p.word(i - 1).is_some()
        && p.word(i + 1).is_some_and(|w| !is_capitalised(w))
        && p.is(i + 1, class::TITLE | class::ANONYMOUS_HEAD);
    if before_role {
        return true;
    }
    if i < 2 {
        return false;
    }
    // The word before must read as an adjective, not a plural or counted subject ("the
    // Saudis state", "the two write"), nor a person who speaks ("her husband cut in": a
    // person is no modifier of a "cut").
    let adjective = p.word(i - 1).is_some_and(|w| {
        let l = p.lower(i - 1).unwrap_or("");
        // "a heavily Democratic state", "the Mexican state": a capitalised adjective.
        let proper_adjective = PARTY_ADJECTIVES.contains(&l) || lx.places.contains(l);
        w.contains('-')
            || proper_adjective
            || !is_capitalised(w)
                && !l.ends_with('s')
                && !QUANTITY_WORDS.contains(&l)
                && !lx.pronouns.contains_key(l)
                && !p.is(i - 1, class::TITLE | class::ANONYMOUS_HEAD)
    });
    bare && adjective
        && (2..=3).any(|back| {
            i >= back
                && determines_noun(p, i - back)
                && (i - back + 1..i).all(|k| {
                    p.word(k).is_some() && p.lower(k).is_some_and(|l| !BOUNDARY_WORDS.contains(&l))
                })
        })
}

/// Numbers that can stand as a subject ("the two write").
const QUANTITY_WORDS: &[&str] = &[
    "two", "three", "four", "five", "both", "few", "many", "others",
];

/// A possessive or a determiner makes the next word a noun: "Trump's charge", "his call",
/// "the remarks" are no speech verbs.
fn determines_noun(p: &Paragraph, i: usize) -> bool {
    p.lower(i).is_some_and(|l| {
        // "he's said", "she's told": a pronoun's "'s" is "has" or "is", no possessive.
        l.ends_with("'s") && !matches!(l, "he's" | "she's" | "it's" | "that's" | "who's")
            || matches!(
                l,
                "the"
                    | "a"
                    | "an"
                    | "his"
                    | "her"
                    | "their"
                    | "its"
                    | "our"
                    | "my"
                    | "your"
                    | "this"
                    | "these"
                    | "those"
                    | "whose"
            )
    })
}

/// "scored 40% of Democratic claims as …", "across several European states", "to refute
/// Republican claims": a people's or party's adjective makes the speech verb after it a noun.
/// Only a determiner or a capitalised word before it makes the adjective a person who speaks
/// ("the Republican claims", "an Israeli said", "the Idaho Republican said"); the people would
/// be plural ("Republicans claim").
fn demonym_before(p: &Paragraph, i: usize) -> bool {
    const PERSON_DETERMINERS: &[&str] = &[
        "the", "a", "an", "one", "another", "each", "every", "fellow", "lone", "this", "that",
    ];
    i >= 2
        && p.word(i - 1).is_some_and(is_capitalised)
        && p.lower(i - 1)
            .is_some_and(|l| PARTY_ADJECTIVES.contains(&l) || lexicon().is_demonym(l))
        // "the Idaho Republican said": after a capitalised word it is a person.
        && p.word(i - 2).is_some_and(|w| !is_capitalised(w))
        && p.lower(i - 2)
            .is_some_and(|l| !PERSON_DETERMINERS.contains(&l))
}

fn speaker(p: &Paragraph, mut m: Mention, end_item: usize) -> Mention {
    m.speaker = true;
    if m.role.is_none() && matches!(m.kind, MentionKind::Name) {
        let first = p.item_starting_at(m.span.start, end_item.saturating_sub(48)..=end_item);
        m.role = p
            .appositive_after(end_item)
            .map(|(role, _)| role)
            .or_else(|| first.and_then(|f| p.role_before_comma(f)));
        m.person_evidence |= m.role.is_some();
    }
    m
}

/// The speaker before a cue verb at item `i`: "Psaki said", "Psaki later said",
/// "Jen Psaki, a State Department spokeswoman, said", "Sen. Ted Cruz (R-Texas) said".
/// Verbs so plainly about speech or writing that any noun phrase can be their subject ("the
/// statement said", "one user wrote"); with the others ("called", "described") a bare noun is
/// more often an object ("a film called …").
fn generic_subjects(verb: &str) -> bool {
    matches!(
        verb,
        "said"
            | "says"
            | "say"
            | "told"
            | "tells"
            | "added"
            | "adds"
            | "wrote"
            | "writes"
            | "stated"
            | "states"
            | "noted"
            | "notes"
            | "reported"
            | "reports"
            | "read"
            | "reads"
            | "continued"
            | "continues"
            | "concluded"
            | "explained"
            | "explains"
            | "asked"
            | "asks"
            | "argued"
            | "argues"
            | "warned"
            | "warns"
            | "claimed"
            | "claims"
            | "declared"
            | "declares"
            | "alleges"
            | "alleged"
            | "assure"
            | "assures"
            | "assured"
            | "tweeted"
            | "yelled"
            | "yells"
            | "shouted"
            | "shouts"
            | "chanted"
            | "chant"
            | "screamed"
            | "replied"
            | "replies"
            | "responded"
            | "recalled"
            | "recalls"
            | "insisted"
            | "insists"
            | "joked"
            | "quipped"
            | "announced"
            | "posted"
            | "complained"
            | "cautioned"
            | "testified"
            | "admitted"
            | "acknowledged"
            | "emailed"
    )
}

fn subject_before(p: &Paragraph, i: usize, generic: bool) -> Option<Mention> {
    let mut j = i.checked_sub(1)?;
    // "Okafor later Thursday told", "Brandt on Wednesday called": a day between subject and
    // verb is skipped too.
    while p.word(j).is_some_and(|w| {
        p.lower(j).is_some_and(|l| {
            skippable(l) && !is_capitalised(w)
                || is_day(l)
                || l == "on" && p.lower(j + 1).is_some_and(is_day)
        })
    }) {
        j = j.checked_sub(1)?;
    }
    // "The department less than three weeks ago said": a time ago is skipped too.
    if p.lower(j) == Some("ago") {
        let mut k = j.checked_sub(1)?;
        while j - k < 6
            && p.word(k).is_some_and(|w| !is_capitalised(w))
            && p.lower(k).is_some_and(is_time_ago_word)
        {
            k = k.checked_sub(1)?;
        }
        if k + 1 < j {
            j = k;
        }
    }
    j = skip_parenthetical(p, j)?;
    // "with dozens of marchers and onlookers chanting “…”", "with one of her ads asking, “…”":
    // the noun phrase after "with" is the subject of the participle.
    if p.lower(i).is_some_and(|l| l.ends_with("ing"))
        && let Some(with) = (j.saturating_sub(6)..j)
            .rev()
            .take_while(|&k| p.word(k).is_some())
            .find(|&k| p.lower(k) == Some("with"))
    {
        return p
            .phrase_np(with + 1, j + 1)
            .or_else(|| p.unnamed_phrase(with + 1, j))
            .map(|m| speaker(p, m, j));
    }
    // "21 percent said", "62 percent of independents said": the share of those asked speaks,
    // or the poll the sentence names before it ("In a March poll, 62 percent of …", "The poll
    // finds that, while 40 percent of renters say …").
    if let Some((share, first)) = p.share_ending_at(j) {
        let start = sentence_start(p, first, p.text);
        let poll = (start..first)
            .rev()
            .find(|&k| matches!(p.lower(k), Some("poll" | "survey")))
            .and_then(|k| Some((p.poll_ending_at(k)?, k)));
        return Some(match poll {
            Some((poll, k)) => speaker(p, poll, k),
            None => speaker(p, share, j),
        });
    }
    if matches!(p.punct(j), Some('—' | '–')) {
        // "Owen Tracy — a welder from Cobb Hollow — says": back to the opening dash.
        let open = (j.saturating_sub(24)..j)
            .rev()
            .find(|&k| matches!(p.punct(k), Some('—' | '–')))?;
        let end = skip_parenthetical(p, open.checked_sub(1)?)?;
        let m = p.np_ending_at(end)?;
        return Some(speaker(p, m, end));
    }
    // "Ruiz, who says the city is “broke,” described …": a quote ending with a comma closes
    // the aside the way a comma would.
    // The aside must have opened with a comma and a relative or appositive ("…, who …").
    let aside_closed_by_quote = j > 0
        && p.word(j - 1).is_some()
        && quote_ends_with_comma(p, j, p.text)
        && (j.saturating_sub(40)..j)
            .rev()
            .take_while(|&k| !p.punct(k).is_some_and(is_terminal))
            .find(|&k| p.punct(k) == Some(','))
            .is_some_and(|c| {
                p.lower(c + 1)
                    .is_some_and(|l| matches!(l, "who" | "whose" | "which" | "a" | "an" | "the"))
            });
    if p.punct(j) == Some(',') || aside_closed_by_quote {
        // A name, set off by a stray comma: "Sen. Jack Reed (D-R.I.), said".
        // Only when nothing but punctuation or the sentence start precedes the name, or it
        // would be the tail of an appositive ("…, a spokeswoman for John Kerry, said").
        if let Some(end) = j.checked_sub(1).and_then(|b| skip_parenthetical(p, b))
            && let Some(m) = p.np_ending_at(end)
            && matches!(m.kind, MentionKind::Name)
            && let Some(first) = p.item_starting_at(m.span.start, 0..=end)
            && (first == 0
                || p.punct(first - 1).is_some()
                || matches!(p.items[first - 1], Item::Quote(_)))
        {
            return Some(speaker(p, m, end));
        }
        // An appositive or aside between subject and verb, possibly with commas of its own:
        // try each earlier comma, nearest first, for a name or role standing before it.
        let mut k = j;
        while k > 0 && j - k < 48 {
            k -= 1;
            match p.items[k] {
                // A title quoted inside the aside ("wearing “Ana Ruiz” pins") is part of it.
                Item::Quote(_) if k > 0 && p.word(k - 1).is_some() && p.word(k + 1).is_some() => {
                    continue;
                }
                Item::Quote(_) => return None,
                _ if p.punct(k).is_some_and(is_terminal) => return None,
                _ if p.punct(k) == Some(',') || k == 0 => {}
                _ => continue,
            }
            let before = if p.punct(k) == Some(',') {
                k.checked_sub(1)
            } else {
                None
            };
            let Some(end) = before.and_then(|b| skip_parenthetical(p, b)) else {
                continue;
            };
            // "…, who later worked for Ruiz, said": the object inside a relative clause is no
            // subject.
            let in_relative = (end.saturating_sub(12)..end)
                .rev()
                .take_while(|&x| p.word(x).is_some())
                .any(|x| {
                    p.lower(x)
                        .is_some_and(|l| matches!(l, "who" | "which" | "whom"))
                });
            if in_relative {
                continue;
            }
            if let Some(m) = p.np_ending_at(end) {
                let m = over_prepositional_phrase(p, m, end);
                // "Cory Vance, 22, of Alder, Mich., said": hometowns sit between name and verb.
                let relative = p.lower(k + 1) == Some("who");
                if !relative && (is_place(&m) || preceded_by(p, &m, end, ORIGIN_PREPOSITIONS)) {
                    continue;
                }
                return Some(speaker(p, m, end));
            }
        }
        return None;
    }
    // "he's said", "they've told": a personal pronoun fused with "has" or "have".
    if let Some(lower) = p.lower(j)
        && (lower.ends_with("'s") || lower.ends_with("'ve"))
        && matches!(uncontracted(lower), "he" | "she" | "they" | "we" | "i")
        && let Some(pronoun) = lexicon().pronouns.get(uncontracted(lower))
    {
        return Some(speaker(p, pronoun_mention(p.span(j)?, *pronoun), j));
    }
    let m = if generic {
        p.subject_np_ending_at(j).or_else(|| p.quantifier_at(j))
    } else {
        // "Someone called it a “quiet revolution”": a pronoun for an unnamed person is a
        // subject of any cue.
        p.np_ending_at(j).or_else(|| {
            p.quantifier_at(j)
                .filter(|_| p.lower(j).is_some_and(|l| UNNAMED_PERSON.contains(&l)))
        })
    };
    // `"…," Read said.`: a lone capitalised word between a quote and the verb is the speaker.
    let m = m.or_else(|| {
        let after_quote = j > 0
            && (matches!(p.items[j - 1], Item::Quote(_))
                || (p.punct(j - 1) == Some(',')
                    && j > 1
                    && matches!(p.items[j - 2], Item::Quote(_))));
        (after_quote && j + 1 == i)
            .then(|| p.lone_name_at(j))
            .flatten()
    });
    let m = m.or_else(|| {
        // "a county official who asked not to be named said": past the relative clause to the
        // noun phrase it describes.
        let who = (j.saturating_sub(14)..j)
            .rev()
            .find(|&k| p.lower(k) == Some("who") && (k + 1..=j).all(|x| p.word(x).is_some()))?;
        let end = who.checked_sub(1)?;
        let m = over_prepositional_phrase(p, p.subject_np_ending_at(end)?, end);
        // "Dev Arora, the pollster who runs …, tweeted": the name the description stands
        // beside.
        let first = p.item_starting_at(m.span.start, end.saturating_sub(12)..=end)?;
        if first >= 2
            && p.punct(first - 1) == Some(',')
            && let Some(mut name) = p.np_ending_at(first - 2)
            && name.kind == MentionKind::Name
        {
            if name.role.is_none() {
                name.role = m.role.clone();
            }
            name.person_evidence = true;
            return Some(name);
        }
        Some(m)
    });
    let m = m.or_else(|| {
        // "a Democratic staffer in the room wondered": the noun before a short prepositional
        // phrase, when that noun can speak on its own.
        if p.lower(j).is_some_and(|l| BOUNDARY_WORDS.contains(&l)) {
            return None;
        }
        let prep = (j.saturating_sub(4)..j).rev().find(|&k| {
            p.lower(k)
                .is_some_and(|l| matches!(l, "in" | "at" | "on" | "from" | "with" | "inside"))
                && (k + 1..=j).all(|x| p.word(x).is_some())
        })?;
        let mut head = p.np_ending_at(prep.checked_sub(1)?)?;
        if !matches!(head.kind, MentionKind::Anonymous | MentionKind::RoleNoun) {
            return None;
        }
        head.span = Span::new(head.span.start, p.span(j)?.end);
        Some(head)
    })?;
    // "Ortiz answered on Facebook writing, “…”": a name after a preposition is no subject of
    // the participle after it ("with Ruiz promising" is: that "with" opens a clause).
    let participle = p.lower(i).is_some_and(|l| l.ends_with("ing"));
    // "footage of Ana Ruiz asking, “…”": a recording shows its subject speaking.
    let recorded = item_before(p, &m, j).is_some_and(|k| {
        p.lower(k) == Some("of")
            && k.checked_sub(1)
                .and_then(|r| p.lower(r))
                .is_some_and(|l| RECORDINGS.contains(&l))
    });
    if recorded {
        return Some(speaker(p, m, j));
    }
    if participle
        && m.kind == MentionKind::Name
        && preceded_by(p, &m, j, OBJECT_BEFORE_VERB)
        && !preceded_by(p, &m, j, &["with"])
    {
        return None;
    }
    // "sent a text message to volunteers saying: “…”": whoever something was sent or said
    // to is no subject of the participle after them; the sentence's subject is.
    if participle
        && item_before(p, &m, j)
            .and_then(|k| past_determiner(p, k, OBJECT_DETERMINERS))
            .is_some_and(|k| p.lower(k) == Some("to"))
    {
        return None;
    }
    let m = over_prepositional_phrase(p, m, j);
    // "Protesters marching through the streets chanted": a common noun that is still the
    // object of a preposition is no subject.
    // "A voice-over in the ad states": the phrase from the noun before the preposition is.
    // A name is the object too after a participle and its preposition ("a source speaking
    // to Fox News said"); the preposition's index, looking past a determiner.
    let talking_to = |k: usize| {
        let k = past_determiner(p, k, ARTICLES)?;
        let participle = k
            .checked_sub(1)
            .and_then(|b| p.lower(b))
            .is_some_and(|l| l.ends_with("ing") && l.len() > 5);
        (matches!(p.lower(k), Some("to" | "with")) && participle).then_some(k)
    };
    let before = item_before(p, &m, j);
    // "A letter from the union obtained by the Ledger warns": whoever obtained or saw the
    // document is no subject; the noun phrase before the participle is.
    if let Some(by) = before
        .and_then(|k| past_determiner(p, k, ARTICLES))
        .filter(|&k| p.lower(k) == Some("by"))
        && let Some(participle) = by.checked_sub(1)
        && p.lower(participle)
            .is_some_and(|l| OBTAINED_BY.contains(&l))
        && let Some(end) = participle.checked_sub(1)
        && let Some(head) = p.subject_np_ending_at(end)
    {
        let head = over_prepositional_phrase(p, head, end);
        return (!matches!(head.kind, MentionKind::Pronoun(_))).then(|| speaker(p, head, end));
    }
    let participial = before.and_then(talking_to);
    let object_of = |m: &Mention, before: Option<usize>| {
        before.filter(|&k| {
            m.kind != MentionKind::Name
                && p.lower(k).is_some_and(|l| OBJECT_BEFORE_VERB.contains(&l))
        })
    };
    let mut m = m;
    let mut preposition = participial.or(object_of(&m, before));
    // "A man at the back of the hall shouted": a phrase may hang from a phrase; back over
    // each preposition to the noun they all describe.
    for _ in 0..2 {
        let Some(prep) = preposition.filter(|_| participial.is_none()) else {
            break;
        };
        let Some(head_end) = prep.checked_sub(1) else {
            break;
        };
        let Some(head) = p.subject_np_ending_at(head_end) else {
            break;
        };
        let outer = item_before(p, &head, head_end);
        // "with the campaign of the senator saying": "with" opens a clause, whose subject
        // the phrase is.
        if head.kind == MentionKind::Name
            || object_of(&head, outer).is_none()
            || outer.and_then(|k| p.lower(k)) == Some("with")
        {
            break;
        }
        m = Mention {
            span: Span::new(head.span.start, m.span.end),
            ..head
        };
        preposition = outer;
    }
    if let Some(prep) = preposition {
        let mut head_end = prep.checked_sub(1)?;
        if p.lower(head_end)
            .is_some_and(|l| l.ends_with("ing") && l.len() > 5)
        {
            head_end = head_end.checked_sub(1)?;
        }
        // "someone in the audience shouted", "one of the protesters said": a quantifier
        // standing for people is the head too.
        let head = p
            .subject_np_ending_at(head_end)
            .or_else(|| p.quantifier_at(head_end));
        let Some(mut head) = head else {
            // "52 percent of registered voters agreed": the counted group speaks; otherwise
            // ("Protesters marching through the streets") the sentence's subject does.
            let counted = p.lower(head_end).is_some_and(|l| {
                matches!(
                    l,
                    "percent" | "%" | "majority" | "minority" | "half" | "third"
                ) || l.starts_with(|c: char| c.is_ascii_digit())
            });
            return counted.then(|| speaker(p, m, j));
        };
        if matches!(head.kind, MentionKind::Pronoun(_)) {
            return None;
        }
        if head.kind != MentionKind::Name && participial.is_none() {
            head.span = Span::new(head.span.start, m.span.end);
        }
        return Some(speaker(p, head, j));
    }
    Some(speaker(p, m, j))
}

/// A noun phrase made only of place names ("Mich.", "New York"): a hometown, never a speaker
/// set off by commas.
fn is_place(m: &Mention) -> bool {
    let lx = lexicon();
    !m.words.is_empty() && m.words.iter().all(|w| lx.places.contains(&normalise(w)))
}

/// The item just before mention `m`, whose last word is item `end` (the mention starts at
/// most twelve items back).
fn item_before(p: &Paragraph, m: &Mention, end: usize) -> Option<usize> {
    p.item_starting_at(m.span.start, end.saturating_sub(12)..=end)?
        .checked_sub(1)
}

/// Words of origin: "of Flint", "from Ohio" name a hometown, not a speaker.
const ORIGIN_PREPOSITIONS: &[&str] = &["of", "from", "in"];

/// Prepositions whose object stands before a colon ("a blunt message to Trump:") and so is
/// no speaker named before it.
const OBJECT_BEFORE_COLON: &[&str] = &[
    "of", "from", "in", "to", "for", "with", "at", "on", "about", "by", "against", "toward",
    "towards",
];

/// Prepositions whose object is no subject of the verb after it ("Protesters marching through
/// the streets chanted").
const OBJECT_BEFORE_VERB: &[&str] = &[
    "through", "in", "on", "at", "of", "for", "from", "with", "into", "across", "around",
    "outside", "inside", "near", "along",
];

/// Whether the word before mention `m` (last word at item `end`) is one of `words`.
fn preceded_by(p: &Paragraph, m: &Mention, end: usize, words: &[&str]) -> bool {
    item_before(p, m, end)
        .and_then(|k| p.lower(k))
        .is_some_and(|l| words.contains(&l))
}

/// "A senior executive at the airline": a noun phrase found after a preposition is the object
/// of a phrase modifying the real head, which comes before the preposition.
fn over_prepositional_phrase(p: &Paragraph, m: Mention, end: usize) -> Mention {
    let Some(first) = p.item_starting_at(m.span.start, end.saturating_sub(48)..=end) else {
        return m;
    };
    let is_prep = first
        .checked_sub(1)
        .and_then(|k| p.lower(k))
        .is_some_and(|l| matches!(l, "at" | "of" | "for" | "from" | "with" | "in" | "on"));
    if !is_prep || first < 2 {
        return m;
    }
    // "Protesters marching through the streets": past a participle to the noun it describes.
    let mut head_end = first - 2;
    if head_end > 0
        && p.lower(head_end)
            .is_some_and(|l| l.ends_with("ing") && l.len() > 5)
    {
        head_end -= 1;
    }
    match p.np_ending_at(head_end) {
        Some(head)
            if !matches!(head.kind, MentionKind::Pronoun(_)) && head.kind != MentionKind::Name
                || m.kind != MentionKind::Name =>
        {
            let mut head = head;
            // The whole phrase is what names the speaker ("a senior official at the agency").
            if head.kind != MentionKind::Name {
                head.span = Span::new(head.span.start, m.span.end);
                if let Some(role) = &head.role {
                    head.role = Some(format!(
                        "{role} {}",
                        &p.text[p.span(first - 1).map_or(m.span.start, |s| s.start)..m.span.end]
                    ));
                }
            }
            head
        }
        _ => m,
    }
}

/// Nouns for a recording of someone: in "video of Ruiz saying" Ruiz speaks, not the video.
const RECORDINGS: &[&str] = &[
    "footage",
    "video",
    "videos",
    "clip",
    "clips",
    "audio",
    "recording",
    "recordings",
    "tape",
    "tapes",
    "film",
];

/// Steps back over a parenthetical like "(D-Nev.)" ending at item `j`.
fn skip_parenthetical(p: &Paragraph, j: usize) -> Option<usize> {
    if p.punct(j) != Some(')') {
        return Some(j);
    }
    let open = (j.saturating_sub(8)..j)
        .rev()
        .find(|&k| p.punct(k) == Some('('))?;
    open.checked_sub(1)
}

/// The speaker after a cue verb at item `i`: "said Psaki", "said the minister", "said he".
fn subject_after(p: &Paragraph, i: usize, generic: bool) -> Option<Mention> {
    // Inversion follows a quote or a comma (`"…," said Psaki`) or opens a sentence
    // ("Said Psaki: …"); "to say the group needs …" is no attribution.
    let mut b = i;
    while b > 0 && p.lower(b - 1).is_some_and(skippable) {
        b -= 1;
    }
    let inverted_position = b == 0
        || matches!(p.items[b - 1], Item::Quote(_))
        || p.punct(b - 1)
            .is_some_and(|c| matches!(c, ',' | ':' | '—' | '–' | '(') || is_terminal(c));
    if !inverted_position {
        return None;
    }
    let mut j = i + 1;
    while p
        .word(j)
        .is_some_and(|w| p.lower(j).is_some_and(skippable) && !is_capitalised(w))
    {
        j += 1;
    }
    // "…, argued that democracies …": a complement clause, not an inverted subject.
    if p.lower(j)
        .is_some_and(|l| matches!(l, "that" | "how" | "why" | "whether"))
    {
        return None;
    }
    // The phrase runs to the end of the clause: punctuation, a quote, or a word that starts an
    // adjunct ("said Psaki in a statement", "said a source close to the campaign"). A phrase
    // that runs on into a verb is the subject of reported speech ("said they were worried").
    let mut end = j;
    let mut closes = false;
    while end < j + 12 {
        match p.items.get(end) {
            None | Some(Item::Quote(_)) => {
                closes = true;
                break;
            }
            // "said 7/14 widow Ruth Okonjo": a slash between numbers is part of the phrase.
            Some(Item::Tok(_))
                if p.punct(end) == Some('/')
                    && end > j
                    && p.word(end - 1).is_some_and(is_numeral)
                    && p.word(end + 1).is_some_and(is_numeral) =>
            {
                end += 1;
            }
            Some(Item::Tok(_)) if p.punct(end).is_some() && p.punct(end) != Some('-') => {
                closes = p.punct(end) != Some('(') || end > j;
                break;
            }
            Some(Item::Tok(_)) => {
                let l = p.lower(end).unwrap_or("");
                if end > j && INVERTED_SUBJECT_END.contains(&l) {
                    closes = true;
                    break;
                }
                end += 1;
            }
        }
    }
    if !closes || end == j {
        return None;
    }
    // "said the trust's director, Kofi Mensah": the name after the comma is the speaker.
    if p.punct(end) == Some(',')
        && let Some(role_np) = p.phrase_np(j, end)
        && matches!(role_np.kind, MentionKind::RoleNoun | MentionKind::Anonymous)
        && let Some(mut named) = p.np_starting_at(end + 1)
        && named.kind == MentionKind::Name
    {
        let det = p.word(j).map(normalise);
        let from = if det
            .as_deref()
            .is_some_and(|d| matches!(d, "the" | "a" | "an"))
        {
            j + 1
        } else {
            j
        };
        named.role = Some(p.text[p.span(from)?.start..p.span(end - 1)?.end].to_string());
        named.span = Span::new(role_np.span.start, named.span.end);
        named.person_evidence = true;
        return Some(speaker(p, named, end + 1));
    }
    let m = p
        .phrase_np(j, end)
        .or_else(|| {
            if generic {
                p.subject_np_starting_at(j)
                    .or_else(|| (end == j + 1).then(|| p.quantifier_at(j)).flatten())
            } else {
                p.np_starting_at(j)
            }
        })
        .or_else(|| named_after_modifiers(p, j, end))?;
    if !generic && matches!(m.kind, MentionKind::Organisation) && m.words.is_empty() {
        return None;
    }
    Some(speaker(p, m, end - 1))
}

/// "said 7/14 widow Ruth Okonjo": a name that ends the inverted subject after lower-case
/// modifiers no noun phrase reads (a number, a date), with them as its role.
fn named_after_modifiers(p: &Paragraph, j: usize, end: usize) -> Option<Mention> {
    if !p.word(j).is_some_and(is_numeral) {
        return None;
    }
    let last = p.span(end.checked_sub(1)?)?;
    let (k, mut named) = (j + 1..end)
        .filter(|&k| p.word(k).is_some_and(is_capitalised))
        .find_map(|k| Some((k, p.np_starting_at(k)?)))?;
    // Only numbers and content words before the name: "said 9/11 widow …", not "said to …".
    let modifier = |i: usize| {
        p.punct(i) == Some('/')
            || p.word(i)
                .is_some_and(|w| is_numeral(w) || !is_capitalised(w) && !p.is(i, class::COMMON))
    };
    if named.kind != MentionKind::Name || named.span.end != last.end || !(j..k).all(modifier) {
        return None;
    }
    if named.role.is_none() {
        let modifiers = &p.text[p.span(j)?.start..p.span(k - 1)?.end];
        named.role = Some(modifiers.to_string());
    }
    named.span = Span::new(p.span(j)?.start, named.span.end);
    Some(named)
}

fn is_numeral(w: &str) -> bool {
    w.bytes().all(|b| b.is_ascii_digit())
}

/// Articles, which may stand between a preposition and its object.
const ARTICLES: &[&str] = &["the", "a", "an"];

/// Articles and possessives before the object of a preposition ("to their members").
const OBJECT_DETERMINERS: &[&str] = &["the", "a", "an", "his", "her", "their", "its"];

/// The item before the determiner at item `k` ("to the press" → "to"), or `k` itself when it
/// is none of `determiners`; `None` before the first item.
fn past_determiner(p: &Paragraph, k: usize, determiners: &[&str]) -> Option<usize> {
    match p.lower(k) {
        Some(l) if determiners.contains(&l) => k.checked_sub(1),
        _ => Some(k),
    }
}

/// Participles whose agent only came by a document ("a memo obtained by the Post says"): the
/// document speaks, not the agent.
const OBTAINED_BY: &[&str] = &["obtained", "seen", "reviewed", "viewed", "acquired"];

/// Participles whose agent made a record the words are reported from ("according to audio
/// provided by the station"): the agent is the source. A document "obtained by" or
/// "released by" someone speaks itself (`OBTAINED_BY`).
const PROVIDED_BY: &[&str] = &["provided", "filed", "compiled", "prepared", "supplied"];

/// Indefinite pronouns for a person nobody names ("Someone in the crowd yelled").
const UNNAMED_PERSON: &[&str] = &["someone", "somebody", "everyone", "everybody"];

/// Whoever at all: a relative clause after one of these describes people in general.
const ANYBODY: &[&str] = &[
    "anybody",
    "anyone",
    "everybody",
    "everyone",
    "nobody",
    "whoever",
];

/// Words that end an inverted subject: what follows them is an adjunct, not the speaker.
const INVERTED_SUBJECT_END: &[&str] = &[
    "in",
    "on",
    "at",
    "during",
    "after",
    "before",
    "who",
    "whose",
    "which",
    "from",
    "to",
    "with",
    "when",
    "while",
    "as",
    "last",
    "this",
    "earlier",
    "later",
    "recently",
    "today",
    "yesterday",
    "tonight",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "close",
    "familiar",
    "involved",
    "speaking",
    "referring",
    "adding",
    "noting",
    "citing",
    "though",
    "although",
    "because",
    "but",
    "and",
    "via",
    "about",
    "through",
    "over",
    "under",
    "told",
    "said",
    "says",
    "asked",
    "that",
    "than",
];

/// Picks the cue for the quote at item `at`: first one after it in the same sentence, then the
/// nearest one before it in the same sentence, then a cue starting the next sentence
/// (`"…." Smith said.`).
/// `quote_items[k]` is the item index of quote `k`; cues are sorted by item index, so every
/// window below is a slice found by binary search and the paragraph stays linear in its length.
fn attribution_for(
    p: &Paragraph,
    cues: &[Cue],
    quote_items: &[usize],
    k: usize,
    q: &LocalQuote,
    text: &str,
) -> Option<(usize, Mention)> {
    let at = quote_items[k];
    let next_quote = quote_items.get(k + 1).copied().unwrap_or(p.items.len());
    let first_in_paragraph = k == 0;
    let after_at = cues.partition_point(|c| c.at <= at);
    let inner = q.inner.slice(text);
    let quote_ends_sentence = inner.ends_with(is_terminal) && !inner.ends_with("...");
    // After `"…." ` a capitalised word starts a new sentence; after `"…?" he asked` it does not.
    let next_lower = p.word(at + 1).is_some_and(|w| !is_capitalised(w))
        || p.punct(at + 1)
            .is_some_and(|c| matches!(c, ',' | '—' | '–'));
    // A fragment embedded in a clause belongs to that clause's cue ("X called the plan “a
    // gamble,” and Y said …"); a quote set off on its own takes the cue that follows it.
    let embedded = at > 0 && p.word(at - 1).is_some();
    let sentence_start = sentence_start(p, at, text);
    let from_sentence = cues.partition_point(|c| c.at < sentence_start);
    let before = || {
        let upto = after_at.min(cues.partition_point(|c| c.at < at));
        // A cue inside an aside the dashes close before the quote ("She held up the banner —
        // which read “…” — and swung it, mouthing “thanks”") speaks for the aside only.
        let dash = |k: usize| matches!(p.punct(k), Some('—' | '–'));
        // So does one in a relative clause the commas close before it ("He said the
        // announcement, which some have argued was a ploy, was an “insult”"); not a comma
        // introducing the quote ("the report, which notes, “…”").
        let comma = |k: usize| p.punct(k) == Some(',');
        let relative_opens =
            |k: usize| comma(k) && p.lower(k + 1).is_some_and(|l| matches!(l, "which" | "who"));
        let in_closed_aside = |c: &Cue| {
            (c.at + 1..at).any(dash) && (sentence_start..c.at).any(dash)
                || (c.at + 1..at.saturating_sub(1)).any(comma)
                    && (sentence_start.max(c.at.saturating_sub(8))..c.at).any(relative_opens)
        };
        let nearest = (from_sentence..upto)
            .rev()
            .find(|&ci| cues[ci].mention.is_some() && !in_closed_aside(&cues[ci]))?;
        let ci = outermost_reporter(p, cues, from_sentence, nearest);
        cues[ci].mention.clone().map(|m| (ci, m))
    };
    // "He said, “Ruiz will fix the pier” - at which moment the crowd chanted …", "he warned,
    // “…,” Ruiz told reporters": a speech verb introducing the quote with a comma or colon is
    // its cue, whatever follows.
    let introduced = at >= 2
        && matches!(p.punct(at - 1), Some(',' | ':'))
        && cues[..after_at].last().is_some_and(|c| {
            // The verb, or its particle ("fired back: “…”"), right before the comma or colon.
            p.span(at - 2).is_some_and(|s| s.end == c.span.end) && c.mention.is_some() && !c.elided
        });
    if embedded
        && !introduced
        && let Some(found) = reporter_after_fragment(p, cues, after_at, at, text)
    {
        return Some(found);
    }
    if embedded && let Some(found) = before() {
        return Some(found);
    }
    if introduced && let Some(found) = before() {
        return Some(found);
    }
    // `"Are you sure?" Miller asked`: a question or exclamation runs on into its attribution,
    // unless a lead-in before it already named the speaker.
    let runs_into_cue = (inner.ends_with('?') || inner.ends_with('!'))
        && p.word(at + 1).is_some()
        && before().is_none();
    let after_same_sentence = !quote_ends_sentence || next_lower || runs_into_cue;

    // After the quote, up to the end of the sentence.
    // The sentence runs on past embedded fragments ("would “just use the app,” he said").
    let after_end = (at + 1..p.items.len())
        .find(|&k| match p.items[k] {
            Item::Quote(qi) => quote_ends_with_terminal(p, qi, text),
            _ => p.punct(k).is_some_and(is_terminal),
        })
        .unwrap_or(p.items.len());
    let after_start = p.span(at + 1).map_or(usize::MAX, |s| s.start);
    if after_same_sentence {
        for (ci, c) in cues.iter().enumerate().skip(after_at) {
            if c.at >= after_end {
                break;
            }
            if let Some(m) = &c.mention
                && (m.span.start >= after_start || c.elided)
            {
                // `Rubio fired back: "…," referencing …`: a participle after the quote adds
                // to the cue before it, which names the speaker itself.
                let after_comma = p.punct(c.at.saturating_sub(1)) == Some(',')
                    || quote_ends_with_comma(p, c.at.saturating_sub(1), text);
                if c.elided
                    && after_comma
                    && let Some(found) = before()
                {
                    return Some(found);
                }
                return Some((ci, m.clone()));
            }
        }
    }
    // Before the quote, back to the start of its sentence.
    if let Some(found) = before() {
        return Some(found);
    }
    // Sloppy copy puts the cue in the next sentence (`"…." Smith said.`); in edited copy a quote
    // after an earlier one in the paragraph continues that speaker instead.
    // The same holds after an embedded fragment, which no speaker carries on from.
    let prev_quote_embedded = k
        .checked_sub(1)
        .map(|j| quote_items[j])
        .is_some_and(|i| i > 0 && p.word(i - 1).is_some());
    // Not after a sentence that already named a speaker ("Lynch announced the lawsuit on
    // Monday. “…” She further announced …"): the quote is that speaker's.
    let named_before = cues[..after_at].iter().any(|c| c.mention.is_some());
    if !after_same_sentence
        && !embedded
        && !named_before
        && (first_in_paragraph || prev_quote_embedded)
    {
        let next_end = (at + 1..next_quote)
            .find(|&k| p.punct(k).is_some_and(is_terminal))
            .unwrap_or(next_quote);
        for (ci, c) in cues.iter().enumerate().skip(after_at) {
            if c.at >= next_end || c.at > at + 5 {
                break;
            }
            if let Some(m) = &c.mention
                && m.span.start >= after_start
            {
                return Some((ci, m.clone()));
            }
        }
    }
    None
}

/// The cue right after a fragment woven into a sentence that the fragment's own comma closes:
/// "he “spoke for every teacher,” said Mara Quillon", "Nothing the mayor said “will calm the
/// neighbours,” the Ohio senator said". The sentence up to the comma is what the one after it
/// reports, so its words are hers, not those of a subject or speech verb before the fragment.
/// Only a cue of its own (no "and added", no participle) whose subject follows the quote, with
/// no punctuation between them: `," said X` or `," X said`. Not a pronoun (`“…,” he said`
/// after `Marchetti said …` is the same speaker again, and `“…,” he claimed they …` a new
/// clause), not a clause a conjunction opens (`“…,” but he also noted`), and not a cue that
/// introduces a quote of its own with a colon (`“…,” Ruiz said: “…”`).
fn reporter_after_fragment(
    p: &Paragraph,
    cues: &[Cue],
    after_at: usize,
    at: usize,
    text: &str,
) -> Option<(usize, Mention)> {
    if !quote_ends_with_comma(p, at, text) {
        return None;
    }
    let after_start = p.span(at + 1)?.start;
    let c = cues.get(after_at)?;
    let m = c.mention.as_ref()?;
    let close = c.at <= at + 6
        && (at + 1..=c.at).all(|k| p.lower(k).is_some_and(|l| !CLAUSE_OPENERS.contains(&l)));
    let introduces = (c.at + 1..(c.at + 3).min(p.items.len())).any(|k| p.punct(k) == Some(':'));
    let own = !c.elided && !matches!(m.kind, MentionKind::Pronoun(_)) && !introduces;
    (close && own && m.span.start >= after_start).then(|| (after_at, m.clone()))
}

/// The agent of a passive that names the fragment at item `at`: "a plan seen by the council
/// as a “steady hand”", "has been called “a shell game” by Dana Whitfield". The words are the
/// agent's, not the sentence subject's.
fn passive_agent(p: &Paragraph, at: usize) -> Option<(Mention, usize)> {
    let participle = |k: usize| {
        p.lower(k).is_some_and(|l| {
            (l.len() > 4 && (l.ends_with("ed") || l.ends_with("en")))
                || matches!(
                    l,
                    "called" | "seen" | "known" | "dubbed" | "termed" | "labeled"
                )
        })
    };
    let article = |k: usize| p.lower(k).is_some_and(|l| matches!(l, "a" | "an" | "the"));
    let agent = |by: usize, end: usize| {
        p.np_starting_at(by + 1)
            .filter(|m| !matches!(m.kind, MentionKind::Pronoun(_)))
            .or_else(|| p.phrase_np(by + 1, end))
            .or_else(|| p.quantifier_at(by + 1))
            .map(|m| (m, by + 1))
    };
    // "seen by organizers as a “…”": the agent between "by" and "as".
    let before = at.checked_sub(if at >= 2 && article(at - 1) { 2 } else { 1 })?;
    if p.lower(before) == Some("as")
        && let Some(by) = (before.saturating_sub(8)..before)
            .rev()
            .take_while(|&k| p.word(k).is_some())
            .find(|&k| p.lower(k) == Some("by"))
        && by > 0
        && participle(by - 1)
    {
        return agent(by, before);
    }
    // "called “…” by Joshua Hendrick", "hailed as “…” by a local paper": the agent after
    // the fragment.
    let named = if at >= 2 && article(at - 1) {
        at - 2
    } else {
        at - 1
    };
    let named = if named > 0 && p.lower(named) == Some("as") {
        named - 1
    } else {
        named
    };
    let by = if p.punct(at + 1) == Some(',') {
        at + 2
    } else {
        at + 1
    };
    if at > 0 && participle(named) && p.lower(by) == Some("by") {
        let end = (by + 1..p.items.len())
            .find(|&k| p.word(k).is_none())
            .unwrap_or(p.items.len());
        return agent(by, end);
    }
    None
}

/// `“…,” she said.`: cue `c` follows the quote at item `from` with only a comma inside the
/// marks between them, and its subject is a pronoun: the nearer mention of whoever the
/// sentence credits ("Marchetti said “…,” she said. “…”"). A name there is a reporter the
/// sentence relays ("Rhee said, according to the Ledger") and leaves the credit where it was.
fn reports_quote_before(p: &Paragraph, c: &Cue, from: usize) -> bool {
    c.mention
        .as_ref()
        .is_some_and(|m| matches!(m.kind, MentionKind::Pronoun(_)))
        && !c.elided
        && quote_ends_with_comma(p, from, p.text)
        && (from + 1..c.at).all(|k| p.word(k).is_some())
        && c.at - from <= 3
}

/// "“…,” Marlow said, and her brother cut in.": a cue in a clause of its own, joined by a
/// conjunction after a comma and naming its own subject, speaks for someone new, though the
/// sentence is the previous quote's.
fn coordinated_cue(p: &Paragraph, c: &Cue, from: usize) -> bool {
    let Some(m) = c.mention.as_ref().filter(|_| !c.elided) else {
        return false;
    };
    let Some(subject) = p.item_starting_at(m.span.start, from..c.at) else {
        return false;
    };
    subject >= 2
        && p.lower(subject - 1)
            .is_some_and(|l| matches!(l, "and" | "but"))
        && p.punct(subject - 2) == Some(',')
}

/// "Ruiz offered a town hall - but the Lopez campaign dismissed the offer as “a stunt”":
/// a clause joined by a conjunction after a comma or dash, opening with a noun phrase and its
/// verb, has a subject of its own, nearer the fragment than the sentence's.
fn coordinated_subject(p: &Paragraph, start: usize, at: usize) -> Option<(Mention, usize)> {
    let k = (start + 1..at).rev().find(|&k| {
        p.lower(k)
            .is_some_and(|l| matches!(l, "but" | "and" | "while" | "whereas" | "although"))
            && matches!(p.punct(k - 1), Some(',' | '—' | '–' | '-'))
    })?;
    // The clause must run on to the fragment, as in `nearest_clause_pronoun`.
    if (k + 1..at).any(|x| matches!(p.punct(x), Some(',' | '—' | '–' | '(' | ';'))) {
        return None;
    }
    let m = p.subject_np_starting_at(k + 1)?;
    let speaks = match m.kind {
        MentionKind::Name | MentionKind::RoleNoun | MentionKind::Organisation => true,
        MentionKind::Pronoun(_) => false,
        _ => can_speak(m.span.slice(p.text)),
    };
    // Its verb right after it: "but the Lopez campaign dismissed", not "and the Lopez
    // campaign's rivals" or "but the idea of …".
    let next = (k + 1..at).find(|&x| p.span(x).is_some_and(|s| s.start >= m.span.end))?;
    let verb = p.word(next).is_some_and(|w| !is_capitalised(w))
        && p.lower(next).is_some_and(|l| {
            !BOUNDARY_WORDS.contains(&l) && !matches!(l, "of" | "and" | "or" | "who" | "which")
        });
    (speaks && verb).then_some((m, k + 1))
}

/// The subject pronoun of the clause holding item `at`, when that clause opens after the
/// sentence's start with a conjunction ("Castellano gets cheers as he keeps talking about …",
/// "…, although she said plainly …", "a week in which he claimed the win for …", "…, and she
/// called the governor “a friend”"), or the "who" of a relative clause set off by a comma.
fn nearest_clause_pronoun(p: &Paragraph, start: usize, at: usize) -> Option<(Mention, usize)> {
    let k = (start + 1..at).rev().find(|&k| {
        // "Lindqvist, who has described Ruiz as “a menace to the port,” …": a relative clause
        // set off by a comma speaks through its "who".
        // The clause must still be open: a quote ending in a comma closes it ("Lindqvist, who
        // called her “a fraud,” intended the audience to “spot” her" is Lindqvist's).
        // "who" must be the clause's subject, not its object ("Haverly, who Brandt called …").
        let relative = p.lower(k) == Some("who")
            && p.punct(k - 1) == Some(',')
            && p.word(k + 1).is_some_and(|w| {
                !is_capitalised(w)
                    && p.lower(k + 1)
                        .is_some_and(|l| !lexicon().pronouns.contains_key(l))
            })
            && !(k + 1..at).any(|x| quote_ends_with_comma(p, x, p.text));
        relative
            || p.lower(k)
                .is_some_and(|l| matches!(l, "he" | "she" | "they"))
                && p.lower(k - 1).is_some_and(|l| {
                    CLAUSE_OPENERS.contains(&l) || matches!(l, "which" | "where" | "whom")
                })
    })?;
    // The clause must run on to the quote: a comma or dash after the pronoun closes a fronted
    // clause ("While she has dropped …, her campaign is planning …").
    if (k + 1..at).any(|x| matches!(p.punct(x), Some(',' | '—' | '–' | '(' | ';'))) {
        return None;
    }
    let m = p.np_starting_at(k)?;
    Some((m, k))
}

/// "Munro has railed against what she calls the “paper tiger” of audits": the pronoun of a
/// "what she calls" clause is the sentence's named subject, who is credited by name.
fn named_for_what_they_call(p: &Paragraph, m: Mention, text: &str) -> Mention {
    let MentionKind::Pronoun(_) = m.kind else {
        return m;
    };
    let Some(at) = p.item_starting_at(m.span.start, 0..p.items.len()) else {
        return m;
    };
    if at == 0 || p.lower(at - 1) != Some("what") {
        return m;
    }
    match sentence_subject(p, sentence_start(p, at, text), at - 1) {
        Some((s, _))
            if s.kind == MentionKind::Name
                && (s.gender.is_none() || m.gender.is_none() || s.gender == m.gender) =>
        {
            speaker(p, s, at)
        }
        _ => m,
    }
}

/// A cue set off by commas inside its sentence, its speaker right before the verb: "The
/// Ledger, Pryce said, called the vote “a turning point”", "The delay, Whitfield explained,
/// was a review she says produced “a better plan”". The aside reports the whole sentence, so
/// it is the outermost reporter of any other cue in it, before or after it, up to a
/// conjunction that opens another clause.
fn parenthetical_cue(p: &Paragraph, c: &Cue) -> bool {
    let Some(m) = &c.mention else {
        return false;
    };
    let adjacent = c.at > 0 && p.span(c.at - 1).is_some_and(|s| s.end == m.span.end);
    adjacent
        && p.punct(c.at + 1) == Some(',')
        && p.item_starting_at(m.span.start, c.at.saturating_sub(6)..c.at)
            .is_some_and(|k| k > 0 && p.punct(k - 1) == Some(','))
}

/// Reported speech inside reported speech ("Ruiz said that Vance, whom she called a “paper
/// mayor,” …", "Sources said he said “…”"): the words are credited to the outermost reporter
/// of the sentence, the one whose clause holds the others. Walks back from cue `ci` while an
/// earlier reporting verb governs it.
fn outermost_reporter(p: &Paragraph, cues: &[Cue], from: usize, mut ci: usize) -> usize {
    for e in (from..ci).rev() {
        let outer = &cues[e];
        // Not past a conjunction opening a clause of its own ("Over the years, she said, …
        // – although at any mention she laughed and admitted “…”").
        let own_clause = (outer.at + 1..cues[ci].at)
            .any(|k| p.lower(k).is_some_and(|w| CLAUSE_OPENERS.contains(&w)));
        if parenthetical_cue(p, outer) && !own_clause {
            ci = e;
            continue;
        }
        if outer.mention.is_none()
            || !p.lower(outer.at).is_some_and(generic_subjects)
            || p.punct(outer.at + 1) == Some(':')
        {
            continue;
        }
        let inner_from = cues[ci].mention.as_ref().map_or(cues[ci].at, |m| {
            (outer.at..cues[ci].at)
                .find(|&k| p.span(k).is_some_and(|s| s.start >= m.span.start))
                .unwrap_or(cues[ci].at)
        });
        // The inner speaker must stand in the outer verb's complement.
        if inner_from <= outer.at {
            continue;
        }
        // Only a plain complement ("Sources said he said …") nests; a comma, dash or quote in
        // between starts another clause, and a relative pronoun ("Brandt, who said …") speaks
        // for itself.
        let separated = (outer.at + 1..inner_from).any(|k| {
            matches!(p.items[k], Item::Quote(_))
                || p.punct(k).is_some()
                || p.lower(k).is_some_and(|w| CLAUSE_OPENERS.contains(&w))
        });
        let relative = p
            .lower(inner_from)
            .is_some_and(|w| matches!(w, "who" | "which" | "whom" | "that"));
        if separated || relative {
            break;
        }
        ci = e;
    }
    ci
}

/// "…," Rhee said, according to the Ledger: the outlet that relayed the words is the source of the
/// sentence's attribution (the outermost reporter again), as PolNeAR credits it.
fn relayed_by(p: &Paragraph, cues: &[Cue], ci: usize, text: &str) -> Option<(usize, Mention)> {
    let cue = &cues[ci];
    if p.lower(cue.at) == Some("according") {
        return None;
    }
    relayed_around(p, cues, cue.at, text)
}

/// The relaying cue ("according to …", ", CNN reported") of the sentence holding item `at`,
/// for words credited at `at` (a cue, or a fragment with none).
fn relayed_around(p: &Paragraph, cues: &[Cue], at: usize, text: &str) -> Option<(usize, Mention)> {
    let start = sentence_start(p, at, text);
    // A quote ending its sentence ends the search there.
    let ends_here = matches!(
        p.items.get(at),
        Some(Item::Quote(qi)) if quote_ends_with_terminal(p, *qi, text)
    );
    let end = if ends_here {
        at + 1
    } else {
        (at + 1..p.items.len())
            .find(|&k| match p.items[k] {
                Item::Quote(qi) => quote_ends_with_terminal(p, qi, text),
                _ => p.punct(k).is_some_and(is_terminal),
            })
            .unwrap_or(p.items.len())
    };
    // "according to Reuters", or a closing ", reported the Washington Examiner" or ", CNN
    // reported."
    let reporting = |c: &Cue| {
        c.at > at
            && p.lower(c.at)
                .is_some_and(|w| matches!(w, "reported" | "reports"))
    };
    let closing_clause = |c: &Cue| {
        let Some(m) = &c.mention else { return false };
        let first = p.item_starting_at(m.span.start, at..c.at);
        // The mention may leave out its article: ", the Valley Ledger reported."
        let f = first.map(|f| {
            if f > 0 && p.lower(f - 1) == Some("the") {
                f - 1
            } else {
                f
            }
        });
        f.is_some_and(|f| {
            f > 0 && (p.punct(f - 1) == Some(',') || matches!(p.items[f - 1], Item::Quote(_)))
        }) && ((c.at + 1..end).all(|k| p.word(k).is_none())
            // ", The Washington Post reported in 1991."
            || p.lower(c.at + 1).is_some_and(|l| {
                matches!(l, "in" | "on" | "at" | "last" | "earlier" | "this") || is_day(l)
            }))
    };
    // ", reports USA Today" after "said Kristen Day, …": the inverted subject, even when the
    // cue found a subject before it.
    let relaying = |c: &Cue| -> Option<Mention> {
        if p.lower(c.at) == Some("according") {
            return c.mention.clone();
        }
        if !reporting(c) {
            return None;
        }
        if p.punct(c.at - 1) == Some(',') {
            let inverted = c
                .mention
                .clone()
                .filter(|m| m.span.start > c.span.end)
                .or_else(|| subject_after(p, c.at, true));
            if inverted.is_some() {
                return inverted;
            }
        }
        closing_clause(c).then(|| c.mention.clone()).flatten()
    };
    cues.iter()
        .enumerate()
        .filter(|(_, c)| c.at >= start && c.at < end)
        .find_map(|(i, c)| relaying(c).map(|m| (i, m)))
}

/// How long a sentence ending in a colon may run and still be a lead-in to the quote after it
/// ("The Lopez campaign, in a memo to its volunteers, put it more gently: …").
const LEAD_IN_WORDS: usize = 25;

/// Whether the head of a noun phrase can say anything: not an abstract noun ("the rejection",
/// "the scheduling") unless it names a body ("the administration"), not a time ("the next day").
fn can_speak(phrase: &str) -> bool {
    let lx = lexicon();
    let head = normalise(phrase.rsplit(' ').next().unwrap_or(phrase));
    let abstract_noun = ["tion", "sion", "ment", "ing", "ness", "ity", "ance", "ence"]
        .iter()
        .any(|s| head.ends_with(s));
    !lx.common_words.contains(&head)
        && (!abstract_noun || lx.organisation_words.contains(&head) || lx.is_title(&head))
}

/// Verbs of taking a side that are no speech verbs ("attacked the village" is no quote cue)
/// but whose subject, in a sentence that goes on to a quote, is the one who spoke.
const STANCE_VERBS: &[&str] = &[
    "attacked",
    "endorsed",
    "backed",
    "defended",
    "rejected",
    "dismissed",
    "opposed",
];

/// Determiners that open a subject noun phrase at the start of a clause.
const SUBJECT_DETERMINERS: &[&str] = &["the", "a", "an", "his", "her", "its", "their"];

/// Conjunctions that start a clause of their own rather than a complement.
const CLAUSE_OPENERS: &[&str] = &[
    "and", "but", "or", "after", "before", "when", "while", "because", "as", "if", "since",
    "until", "although", "though", "whereas",
];

/// The first item of the sentence holding item `at`. Embedded quotes do not end a sentence; a
/// quote whose words end with a full stop does.
fn sentence_start(p: &Paragraph, at: usize, text: &str) -> usize {
    (1..=at)
        .rev()
        .find(|&k| starts_sentence(p, k, text))
        .unwrap_or(0)
}

/// Whether item `k` (not the first) opens a sentence: the item before it ends one, or is a
/// dotted abbreviation followed by a subject pronoun ("… in the U.S. He says"), which no
/// sentence goes on with.
fn starts_sentence(p: &Paragraph, k: usize, text: &str) -> bool {
    match p.items[k - 1] {
        Item::Quote(qi) => quote_ends_with_terminal(p, qi, text),
        Item::Tok(_) if p.punct(k - 1).is_some_and(is_terminal) => true,
        Item::Tok(_) => {
            p.word(k - 1)
                .is_some_and(|w| w.len() > 2 && w.ends_with('.'))
                && p.word(k)
                    .is_some_and(|w| matches!(w, "He" | "She" | "They" | "We" | "It" | "I" | "But"))
        }
    }
}

/// Whether item `k` is a quote whose words end with a comma (`“not Christian,”`).
fn quote_ends_with_comma(p: &Paragraph, k: usize, text: &str) -> bool {
    let Some(Item::Quote(qi)) = p.items.get(k) else {
        return false;
    };
    quote_words(p, *qi, text).is_some_and(|s| s.ends_with(','))
}

fn quote_ends_with_terminal(p: &Paragraph, qi: usize, text: &str) -> bool {
    quote_words(p, qi, text).is_some_and(|s| s.ends_with(is_terminal))
}

/// Quote `qi`'s words without closing marks of quotes nested at their end.
fn quote_words<'t>(p: &Paragraph, qi: usize, text: &'t str) -> Option<&'t str> {
    p.quote_inner(qi)
        .map(|s| s.slice(text).trim_end_matches(['"', '\'', '’', '”']))
}

/// The first speaker-like noun phrase of the sentence starting at `start`, before item `before`:
/// the subject a participle or an "and"-clause leans on ("Sanders attacked, saying …").
fn sentence_subject(p: &Paragraph, start: usize, before: usize) -> Option<(Mention, usize)> {
    let lx = lexicon();
    // A dateline ("PHILADELPHIA, July 25 (UPI) — The committee …", "Washington (AFP) – …")
    // comes before the sentence: capitalised words, numbers and punctuation up to a dash.
    let start = if start == 0 {
        (0..12.min(before))
            .take_while(|&k| p.word(k).is_none_or(|w| !w.starts_with(char::is_lowercase)))
            .find(|&k| k > 0 && matches!(p.punct(k), Some('—' | '–')))
            .map_or(start, |d| d + 1)
    } else {
        start
    };
    // An introductory phrase comes before the subject: "Here in Columbia, Sanders …",
    // "Flying home one night, she …", "In his speech, Trump …".
    if let Some(lower) = p.lower(start) {
        // "Shortly after …,", "Horrified at …,", "Asked about …,": an adverb or participle
        // followed by a preposition opens a phrase, not a name.
        let modifier = (lower.ends_with("ly") || lower.ends_with("ed"))
            && lower.len() > 5
            && !lx.first_names.contains_key(lower)
            && p.lower(start + 1).is_some_and(|l| {
                INTRODUCTORY.contains(&l)
                    || (l.len() > 5 && (l.ends_with("ing") || l.ends_with("ed")))
            });
        // "Even before …,", "Minutes after …,": a common word and a subordinator open a
        // clause that comes before the subject.
        let delayed_clause = lx.common_words.contains(lower)
            && p.lower(start + 1).is_some_and(|l| {
                matches!(
                    l,
                    "after" | "before" | "when" | "while" | "since" | "until" | "once" | "as"
                )
            });
        let intro = INTRODUCTORY.contains(&lower)
            || (lower.ends_with("ing") && lower.len() > 5)
            || modifier
            || delayed_clause;
        if intro
            && let Some(comma) = (start..before.min(start + 20)).find(|&k| p.punct(k) == Some(','))
        {
            // "Introduced by Jo Lane, the county sheriff, Vance opened …": a role set off by
            // commas inside the phrase is an appositive; the subject comes after it.
            let after_appositive = || {
                let (m, _) = clause_subject(p, comma + 1, before)?;
                if m.kind != MentionKind::RoleNoun {
                    return None;
                }
                // The appositive is short: its closing comma within a dozen items.
                let next =
                    (comma + 1..before.min(comma + 12)).find(|&k| p.punct(k) == Some(','))?;
                clause_subject(p, next + 1, before)
            };
            // "Then he turned on Ruiz, calling her …": when nothing after the comma is a
            // subject, the comma closed no introductory phrase.
            return after_appositive()
                .or_else(|| clause_subject(p, comma + 1, before))
                .or_else(|| clause_subject(p, start, before));
        }
        // "In calling the mayor's budget “not serious,” the auditor …": the quote closes the
        // introductory phrase, so its subject comes after it.
        if intro && before - start <= 20 && quote_ends_with_comma(p, before, p.text) {
            return None;
        }
    }
    clause_subject(p, start, before)
}

/// [`sentence_subject`] once any introductory phrase is behind `start`.
fn clause_subject(p: &Paragraph, start: usize, before: usize) -> Option<(Mention, usize)> {
    let lx = lexicon();
    // "A number of lawmakers echo …": the counted group, not its collective noun.
    if p.lower(start).is_some_and(|l| matches!(l, "a" | "an"))
        && let Some((group, _)) = p.counted_group_at(start)
    {
        return Some((group, start));
    }
    // "The agency declined …", "the billionaire real estate mogul offered …": a determined
    // noun phrase opening the clause is its subject.
    if p.lower(start)
        .is_some_and(|l| SUBJECT_DETERMINERS.contains(&l))
        && let Some(m) = p.subject_np_starting_at(start)
        && !matches!(m.kind, MentionKind::Pronoun(_))
        && m.span.end <= p.span(before.saturating_sub(1)).map_or(0, |s| s.end)
        && can_speak(m.span.slice(p.text))
    {
        // "The opposition leader, Carla Benedetti, …": the name set off after the role.
        let last = (start..before).rfind(|&k| p.span(k).is_some_and(|s| s.end <= m.span.end));
        if let Some(last) = last
            && p.punct(last + 1) == Some(',')
            && let Some(mut named) = p.np_starting_at(last + 2)
            && named.kind == MentionKind::Name
        {
            let from = if p
                .lower(start)
                .is_some_and(|d| matches!(d, "the" | "a" | "an"))
            {
                start + 1
            } else {
                start
            };
            named.role = Some(p.text[p.span(from)?.start..m.span.end].to_string());
            named.person_evidence = true;
            return Some((named, last + 2));
        }
        return Some((m, start));
    }
    for k in start..before {
        let Some(w) = p.word(k) else { continue };
        let lower = p.lower(k).unwrap_or("");
        if matches!(uncontracted(lower), "he" | "she" | "they" | "we" | "i") {
            return p.np_starting_at(k).map(|m| (m, k));
        }
        // "Later, it attacked Ruiz, saying …": "it" taking a side or speaking is the
        // body the article spoke of, not a dummy subject ("it was reported", "it started").
        if lower == "it"
            && (p.is(k + 1, class::SPEECH_VERB)
                || p.lower(k + 1).is_some_and(|l| STANCE_VERBS.contains(&l)))
            && let (Some(span), Some(it)) = (p.span(k), lx.pronouns.get("it"))
        {
            // Built here, not by `np_ending_at`, which takes "it" after a word for an object
            // ("Then it attacked …" is a subject: the verb after it says so).
            return Some((pronoun_mention(span, *it), k));
        }
        // "about 200 protesters gathered …", "Hundreds of nurses marched …": a counted group
        // opening the clause.
        if k == start
            && let Some((group, _)) = p.counted_group_at(k)
        {
            return Some((group, k));
        }
        // "During the Cold War, many followed …": a quantifier opening the clause.
        if k == start
            && p.word(k + 1).is_some_and(|w| !is_capitalised(w))
            && let Some(m) = p.quantifier_at(k)
        {
            return Some((m, k));
        }
        // "Holding signs calling the mayor …, the protesters chanted": a participle opening
        // the sentence is no name.
        let opening_participle = k == start
            && lower.len() > 4
            && (lower.ends_with("ing") || lower.ends_with("ed"))
            && !lx.first_names.contains_key(lower);
        if is_capitalised(w)
            && !opening_participle
            && !lx.common_words.contains(lower)
            && !lx.common_words.contains(lower.trim_end_matches("'s"))
            && let Some(m) = p.np_starting_at(k)
        {
            let body = m.kind == MentionKind::Organisation
                && !m.words.iter().all(|w| lx.places.contains(&normalise(w)));
            if matches!(m.kind, MentionKind::Name | MentionKind::RoleNoun) || body {
                return Some((m, k));
            }
        }
    }
    None
}

/// The subject after an introductory clause holding the quote at item `at`: "After a week of
/// arguing over whose plan is “costed,” Ruiz turned on Lopez".
fn fronted_subject(p: &Paragraph, at: usize, text: &str) -> Option<(Mention, usize)> {
    let end = (at + 1..p.items.len())
        .find(|&k| match p.items[k] {
            Item::Quote(qi) => quote_ends_with_terminal(p, qi, text),
            _ => p.punct(k).is_some_and(is_terminal),
        })
        .unwrap_or(p.items.len());
    // The comma may be inside the quote's own marks: "In calling it “not serious,” the
    // auditor …".
    let comma = if quote_ends_with_comma(p, at, text) {
        at
    } else {
        (at + 1..end).find(|&k| p.punct(k) == Some(','))?
    };
    let (m, k) = sentence_subject(p, comma + 1, end)?;
    // Only the clause's first noun phrase: "…, Ruiz turned", not a name deep in the clause.
    (k <= comma + 3).then_some((m, k))
}

/// Title Case with nearly every longer word capitalised: a headline, not a sentence.
fn looks_like_headline(text: &str) -> bool {
    // The words (cut at white space) with more than three letters count, and those of them
    // whose first letter is a capital. One pass by byte, a char decoded only when it is not
    // ASCII, and given up as soon as the answer is no: past 25 counted words, or at the first
    // counted word in lower case before a closing full stop (every word must be capitalised
    // then), else at the sixth (4 in 5 must be, and at most 25 count, so at most 5 may not).
    let lower_allowed = if text.trim_end().ends_with(is_terminal) {
        0
    } else {
        5
    };
    let b = text.as_bytes();
    let (mut words, mut capitalised) = (0usize, 0usize);
    // In the word being read: its letters so far (counting stops at 4), the case of its first.
    let (mut letters, mut first_upper) = (0u32, false);
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        let (c, len) = if x.is_ascii() {
            (char::from(x), 1)
        } else {
            // `i` is a char boundary: it only ever moves by whole chars.
            let c = text[i..].chars().next().unwrap_or(' ');
            (c, c.len_utf8())
        };
        i += len;
        if c.is_whitespace() {
            letters = 0;
            continue;
        }
        if letters > 3 || !is_alphabetic(c) {
            continue;
        }
        if letters == 0 {
            first_upper = c.is_uppercase();
        }
        letters += 1;
        if letters > 3 {
            words += 1;
            capitalised += usize::from(first_upper);
            if words > 25 || words - capitalised > lower_allowed {
                return false;
            }
        }
    }
    if words < 3 {
        return false;
    }
    // A sentence full of names still has lower-case verbs; a headline capitalises them too.
    capitalised * 10 >= words * 8 && (lower_allowed > 0 || capitalised == words)
}

/// Words that never stand inside a speaker's noun phrase.
const BOUNDARY_WORDS: &[&str] = &[
    "as", "of", "that", "and", "but", "or", "which", "who", "to", "in", "on", "at", "for", "with",
    "by", "from", "about", "is", "was", "are", "were", "has", "had", "have",
];

/// Words that open an introductory phrase rather than the subject of a sentence.
const INTRODUCTORY: &[&str] = &[
    "in",
    "on",
    "at",
    "after",
    "before",
    "during",
    "since",
    "while",
    "when",
    "here",
    "there",
    "however",
    "meanwhile",
    "still",
    "yet",
    "but",
    "and",
    "so",
    "also",
    "then",
    "later",
    "early",
    "earlier",
    "now",
    "today",
    "yesterday",
    "last",
    "first",
    "despite",
    "amid",
    "although",
    "though",
    "as",
    "if",
    "because",
    "with",
    "without",
    "for",
    "from",
    "under",
    "over",
    "through",
    "given",
    "like",
    "unlike",
    "instead",
    "speaking",
    "asked",
    "by",
    "once",
    "until",
    "unless",
    "whether",
    "outside",
    "inside",
    "across",
    "near",
    "behind",
    "beyond",
    "throughout",
];

/// Words a title leaves lower-case ("This Week with Jo Lane").
const TITLE_SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "of", "with", "in", "on", "for", "to", "at", "by", "from",
];

/// Whether mention `m`, which starts at or after item `from`, is the listener of a passive
/// speech verb before item `at`: "Aides were told to “stand down”" quotes whoever told them,
/// not the aides.
fn told_before(p: &Paragraph, m: &Mention, from: usize, at: usize) -> bool {
    let Some(next) = (from..at).find(|&k| p.span(k).is_some_and(|s| s.start >= m.span.end)) else {
        return false;
    };
    if !p
        .lower(next)
        .is_some_and(|l| matches!(l, "was" | "were" | "is" | "are" | "been" | "being" | "got"))
    {
        return false;
    }
    // "were also asked", "were repeatedly told".
    let verb = (next + 1..at).find(|&k| {
        p.lower(k)
            .is_none_or(|l| !(l.ends_with("ly") || matches!(l, "also" | "then" | "later")))
    });
    verb.is_some_and(|k| {
        p.lower(k)
            .is_some_and(|l| TOLD.contains(&l) || SPOKEN_OF.contains(&l))
    })
}

/// Participles of speech about someone: their passive's subject is who is spoken of ("Marsh
/// was hailed as “the comeback kid”", "the plan was branded “a giveaway”"), not the speaker.
const SPOKEN_OF: &[&str] = &[
    "called",
    "branded",
    "labeled",
    "labelled",
    "dubbed",
    "hailed",
    "termed",
    "derided",
    "described",
    "decried",
    "mocked",
];

/// Participles of speech addressed to someone: their passive's subject is the listener.
const TOLD: &[&str] = &[
    "told",
    "asked",
    "urged",
    "ordered",
    "instructed",
    "advised",
    "warned",
    "reminded",
];

/// The most words a fragment nobody is credited with may have and still be scare quotes.
const SCARE_QUOTE_WORDS: usize = 8;

/// Prepositions before a title of a work: "an interview with “Morning Desk.”", "the author
/// of “Going Under,”", "a role in “Night Harbor”". Not "from", which quotes ("a line from
/// “…”"), nor a possessive pronoun: "his “Grand Bargain”" is as often his own phrase.
const TITLE_PREPOSITIONS: &[&str] = &["on", "with", "for", "in", "of"];

/// Nouns for what someone said: a possessive before one names the speaker of the words
/// quoted after it.
fn is_spoken_noun(l: &str) -> bool {
    // A `match` (by length, then bytes), not a scan of a list: asked of every prose word.
    matches!(
        l,
        "promise"
            | "pledge"
            | "vow"
            | "claim"
            | "comment"
            | "comments"
            | "remark"
            | "remarks"
            | "assertion"
            | "warning"
            | "threat"
            | "suggestion"
            | "insistence"
            | "argument"
            | "accusation"
            | "charge"
            | "prediction"
            | "complaint"
            | "contention"
            | "declaration"
            | "description"
            | "words"
            | "phrase"
            | "slogan"
            | "answer"
            | "response"
            | "reply"
            | "statement"
            | "call"
            | "calls"
            | "demand"
            | "plea"
            | "boast"
            | "admission"
            | "denial"
            | "criticism"
            | "attack"
            | "attacks"
            | "insult"
            | "claims"
            | "promises"
            | "pledges"
            | "warnings"
            | "threats"
            | "tweet"
            | "message"
    )
}

/// Prepositions whose object's possessor names who said the words after it ("including his
/// promise to be “neutral”", "over her remark that “…”").
const POSSESSOR_PREPOSITIONS: &[&str] = &[
    "on",
    "including",
    "after",
    "before",
    "beyond",
    "despite",
    "with",
    "since",
    "amid",
    "following",
    "like",
    "unlike",
    "over",
    "about",
    "against",
    "between",
];

/// The possessor determining the noun at item `noun`, up to three modifiers back: "his",
/// "Ruiz’s", "the senator’s" ("his March comment", "Ruiz’s repeated claim").
fn possessor_before(p: &Paragraph, noun: usize) -> Option<Mention> {
    let (m, k) = possessor_of(p, noun)?;
    // Not the object of someone else's verb ("Vance called Ruiz's remarks “a new low”"):
    // only after a preposition ("including his promise to be “neutral”", "after her comment
    // that"), or joined to such an object ("after the shootings, and his call for “…”"). A
    // possessive opening the sentence is its subject's, and the verb's cue wins.
    let joined = item_before(p, &m, k).is_some_and(|b| {
        p.lower(b) == Some("and") && b > 0 && !p.punct(b - 1).is_some_and(is_terminal)
    });
    let free = preceded_by(p, &m, k, POSSESSOR_PREPOSITIONS) || joined;
    free.then(|| speaker(p, m, k))
}

/// The person or body determining the noun at item `noun` (see [`possessor_before`]), with
/// the possessive's item, wherever the phrase stands.
fn possessor_of(p: &Paragraph, noun: usize) -> Option<(Mention, usize)> {
    let lx = lexicon();
    let k = (noun.saturating_sub(4)..noun).rev().find(|&k| {
        let Some(w) = p.word(k) else { return false };
        matches!(p.lower(k), Some("his" | "her" | "their"))
            || w.ends_with("'s")
            || w.ends_with("’s")
    })?;
    // Only modifiers between: no verb, boundary word or other determiner.
    let modifiers = (k + 1..noun).all(|x| {
        p.word(x).is_some()
            && p.lower(x)
                .is_some_and(|l| !BOUNDARY_WORDS.contains(&l) && !is_spoken_noun(l))
    });
    if !modifiers {
        return None;
    }
    // "his" is "he" as a possessor.
    let subject_form = match p.lower(k) {
        Some("his") => Some("he"),
        Some("her") => Some("she"),
        Some("their") => Some("they"),
        _ => None,
    };
    let m = match subject_form {
        Some(f) => pronoun_mention(p.span(k)?, *lx.pronouns.get(f)?),
        None => p.np_ending_at(k)?,
    };
    matches!(
        m.kind,
        MentionKind::Name | MentionKind::Pronoun(_) | MentionKind::RoleNoun
    )
    .then_some((m, k))
}

/// `s.split_whitespace().count()`, without decoding every char: ASCII white space by byte,
/// and only a char led by a byte that can start a non-ASCII white space char (U+0085, U+00A0,
/// U+1680, U+2000–U+205F, U+3000) decoded.
#[cfg(test)]
fn count_words(s: &str) -> usize {
    count_words_upto(s, usize::MAX)
}

/// `count_words(s).min(limit)`: stops at the `limit`-th word.
fn count_words_upto(s: &str, limit: usize) -> usize {
    let b = s.as_bytes();
    let (mut n, mut in_word, mut i) = (0, false, 0);
    while i < b.len() && n < limit {
        let x = b[i];
        let (space, len) = if x.is_ascii() {
            (x == b' ' || (0x09..=0x0d).contains(&x), 1)
        } else if matches!(x, 0xC2 | 0xE1 | 0xE2 | 0xE3) {
            // A lead byte: `i` is a char boundary.
            let c = s[i..].chars().next().unwrap_or('x');
            (c.is_whitespace(), c.len_utf8())
        } else {
            (false, 1)
        };
        if !space && !in_word {
            n += 1;
        }
        in_word = !space;
        i += len;
    }
    n
}

/// Speech, a partial quote, or not speech at all (scare quotes, titles of works).
/// Partial quotes are kept whether or not a cue was found: copy quotes fragments of speech far
/// more often than it uses scare quotes, and only a full quote with nobody credited is flagged.
fn classify(
    p: &Paragraph,
    at: usize,
    q: &LocalQuote,
    text: &str,
    joined_to_title: bool,
) -> QuoteKind {
    let lx = lexicon();
    let inner = q.inner.slice(text);
    // Only asked against 1, 2, 3, 7 and 8: counted up to 9.
    let words = count_words_upto(inner, 9);
    let before = at.checked_sub(1);
    let framed_before = match before {
        None => true,
        Some(b) => {
            matches!(p.items[b], Item::Quote(_))
                || p.punct(b).is_some_and(|c| {
                    matches!(c, ':' | ',' | '—' | '–' | '(' | '[') || is_terminal(c)
                })
        }
    };
    // The word before the quote, looking past one comma ("a sequel, “Night Harbor 2,”").
    let prev_idx = match before {
        Some(b) if p.punct(b) == Some(',') => b.checked_sub(1),
        b => b,
    };
    // `normalise` of the item's word: its `lower`.
    let word_at = |i: Option<usize>| i.and_then(|i| p.lower(i));
    let prev_word = word_at(prev_idx);
    if prev_word == Some("so-called") {
        return QuoteKind::NotSpeech;
    }
    let ends_with_terminal = inner.ends_with(is_terminal);
    let ends_with_punct = ends_with_terminal || inner.ends_with([',', '—', '–', '-']);
    // After a noun for a work or a naming word: a title or a nickname ("the thriller “Night
    // Harbor”", "known locally as “the Lighthouse”", "a show called “Brokers”"). Titles are short.
    let is_work = |w: Option<&str>| w.is_some_and(|w| lx.works.contains(w));
    let namer = is_work(prev_word)
        || (matches!(prev_word, Some("as" | "called" | "named"))
            && (1..=2).any(|back| is_work(word_at(prev_idx.and_then(|i| i.checked_sub(back))))));
    if namer && words <= 7 && !ends_with_terminal {
        return QuoteKind::NotSpeech;
    }
    if framed_before && (words >= 3 || ends_with_punct && words >= 1) {
        return QuoteKind::Speech;
    }
    // `He said "We will win."`: a capitalised quote straight after a speech verb.
    let starts_upper = inner
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_uppercase);
    if prev_word.is_some_and(|w| lx.speech_verbs.contains(w)) && starts_upper && words >= 3 {
        return QuoteKind::Speech;
    }
    // A title of a work: Title Case, after a possessive, "the" or a preposition ("on ABC's
    // “This Week With Jo Lane.”", "the host of “The Late Hour”"). American style puts the
    // sentence's comma or period inside the marks, so one at the very end is allowed.
    let body = inner.trim_end_matches([',', '.']);
    let title_case = (2..=8).contains(&words)
        && !body.contains(['.', ',', '?', '!', ';'])
        && inner.split_whitespace().enumerate().all(|(i, w)| {
            let first = w.chars().next();
            first.is_some_and(|c| c.is_uppercase() || !c.is_alphabetic())
                || (i > 0 && TITLE_SMALL_WORDS.contains(&w))
        });
    let after_possessive = prev_word.is_some_and(|w| w.ends_with("'s") || w == "the");
    let after_on = prev_word.is_some_and(|w| w.ends_with("'s") || TITLE_PREPOSITIONS.contains(&w));
    if title_case
        && (joined_to_title
            || (!ends_with_punct && after_possessive)
            || (body.len() + 1 >= inner.len() && after_on))
    {
        return QuoteKind::NotSpeech;
    }
    // Words woven into a sentence are a partial quote, however long.
    QuoteKind::Partial
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`fold_quotes`] as first written: every token read, those inside a quote dropped.
    fn fold_quotes_token_by_token(text: &str, quotes: &[LocalQuote]) -> (Vec<Item>, Vec<usize>) {
        let (mut items, mut quote_item) = (Vec::new(), vec![0; quotes.len()]);
        let mut emitted = 0;
        for t in Tokens::new(text) {
            let inside = quotes.iter().position(|q| q.span.contains(t.span.start));
            let upto = match inside {
                Some(k) => k + 1,
                None => quotes.partition_point(|q| q.span.end <= t.span.start),
            };
            while emitted < upto {
                quote_item[emitted] = items.len();
                items.push(Item::Quote(emitted));
                emitted += 1;
            }
            if inside.is_none() {
                items.push(Item::Tok(t));
            }
        }
        while emitted < quotes.len() {
            quote_item[emitted] = items.len();
            items.push(Item::Quote(emitted));
            emitted += 1;
        }
        (items, quote_item)
    }

    #[test]
    fn folding_quotes_skips_their_tokens_and_gives_the_same_items() {
        let mut texts: Vec<String> = [
            "“Yes,” she said. “No.” He left",
            "'quoted'text and 'more' here, 'open",
            "’Tis ’quoted’s end’s said",
            "«café»s and «Ã»x, «cafe\u{301}»s",
            "''So,'' he said. ``Well,'' she said",
            "“unclosed to the end",
            "“nested ‘inner’ quote” after„ and “x”y “z”.",
            "\"straight\"quotes\" and \"U.S.\" Sen.\"",
            "“”“” marks only, “ ” and `tick` ",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let root = env!("CARGO_MANIFEST_DIR");
        let mut files = vec![
            format!("{root}/benches/fixtures/article-1k.txt"),
            format!("{root}/benches/fixtures/article-100k.txt"),
        ];
        for e in std::fs::read_dir(format!("{root}/tests/corpus")).expect("the corpus") {
            let path = e.expect("an entry").path();
            if path.extension().is_some_and(|x| x == "txt") {
                files.push(path.display().to_string());
            }
        }
        for f in files {
            let text = std::fs::read_to_string(&f).expect("a fixture");
            texts.extend(text.lines().map(str::to_string));
        }
        let (mut items, mut quote_item) = (Vec::new(), Vec::new());
        for text in &texts {
            for style in [QuoteStyle::Double, QuoteStyle::Single] {
                let pq = pair_quotes(text, style);
                fold_quotes(text, &pq.quotes, &mut items, &mut quote_item);
                let (want_items, want_quote_item) = fold_quotes_token_by_token(text, &pq.quotes);
                assert_eq!(items, want_items, "{text:?}");
                assert_eq!(quote_item, want_quote_item, "{text:?}");
            }
        }
    }

    #[test]
    fn count_words_is_split_whitespace_count() {
        for s in [
            "",
            " ",
            "a",
            " two  words ",
            "tab\tand\nnew\r\nlines\x0bvt\x0cff",
            "no\u{a0}break\u{85}nel",
            "em\u{2003}space\u{2028}ls\u{202f}nnbsp\u{205f}mm\u{3000}ideo\u{1680}ogham",
            "“curly quotes” — dashes… and ’apostrophes’",
            "Ünïcödé wörds ¡ñ! \u{2060}joiner\u{200b}zwsp\u{feff}bom",
            "\u{c2}\u{e1}\u{e2}\u{e3}",
        ] {
            assert_eq!(count_words(s), s.split_whitespace().count(), "{s:?}");
            for limit in 0..6 {
                let n = s.split_whitespace().count().min(limit);
                assert_eq!(count_words_upto(s, limit), n, "{s:?} {limit}");
            }
        }
        // Every char as a separator between two words, and as a word between spaces.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for s in [format!("a{c}b"), format!(" {c} ")] {
                assert_eq!(count_words(&s), s.split_whitespace().count(), "{s:?}");
            }
        }
    }

    /// (quote text, speaker mention text) for each quote of a paragraph.
    fn attributions(text: &str) -> Vec<(String, Option<String>)> {
        let a = analyze_paragraph(text, QuoteStyle::Double);
        a.quotes
            .iter()
            .map(|q| {
                (
                    q.quote.span.slice(text).to_string(),
                    q.attribution
                        .as_ref()
                        .map(|at| a.mentions[at.mention].span.slice(text).to_string()),
                )
            })
            .collect()
    }

    fn speaker_of(text: &str) -> Option<String> {
        attributions(text).into_iter().next().and_then(|(_, s)| s)
    }

    /// The paragraph with the speaker of its quote number `n` in brackets, for sentences where
    /// the same word stands in more than one place ("He …, and he …").
    fn bracket_speaker(text: &str, n: usize) -> String {
        let a = analyze_paragraph(text, QuoteStyle::Double);
        let Some(at) = a.quotes.get(n).and_then(|q| q.attribution.as_ref()) else {
            return text.to_string();
        };
        let span = a.mentions[at.mention].span;
        format!(
            "{}[{}]{}",
            &text[..span.start],
            span.slice(text),
            &text[span.end..]
        )
    }

    #[test]
    fn attribution_after_the_quote() {
        assert_eq!(
            speaker_of("“We will,” Psaki said.").as_deref(),
            Some("Psaki")
        );
        assert_eq!(
            speaker_of("“We will,” said Psaki.").as_deref(),
            Some("Psaki")
        );
        assert_eq!(speaker_of("“We will,” he said.").as_deref(), Some("he"));
        assert_eq!(
            speaker_of("“We will,” Psaki said after the meeting.").as_deref(),
            Some("Psaki")
        );
        assert_eq!(
            speaker_of("“We will,” Psaki told reporters.").as_deref(),
            Some("Psaki")
        );
        assert_eq!(
            speaker_of("“We will,” Psaki later told reporters.").as_deref(),
            Some("Psaki")
        );
    }

    #[test]
    fn attribution_before_the_quote() {
        assert_eq!(
            speaker_of("Kerry said: “We will talk.”").as_deref(),
            Some("Kerry")
        );
        assert_eq!(
            speaker_of("Kerry told the BBC: “We will talk.”").as_deref(),
            Some("Kerry")
        );
        assert_eq!(
            speaker_of("According to Kerry, “the talks go on.”").as_deref(),
            Some("Kerry")
        );
        assert_eq!(
            speaker_of("Trump: “I think she will.”").as_deref(),
            Some("Trump")
        );
    }

    #[test]
    fn attribution_inside_the_quote_covers_both_halves() {
        let got = attributions("“A is true,” he said, “and B is too.”");
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].1.as_deref(), Some("he"));
        assert_eq!(got[1].1.as_deref(), Some("he"));
    }

    #[test]
    fn attribution_in_the_next_sentence_of_sloppy_copy() {
        assert_eq!(
            speaker_of("“We will win.” Smith said.").as_deref(),
            Some("Smith")
        );
    }

    #[test]
    fn partial_quote_in_reported_speech() {
        let text = "Vance called them “freeloaders.”";
        let a = analyze_paragraph(text, QuoteStyle::Double);
        assert_eq!(a.quotes[0].kind, QuoteKind::Partial);
        assert_eq!(speaker_of(text).as_deref(), Some("Vance"));
    }

    #[test]
    fn appositive_between_subject_and_verb() {
        let text = "“We are ready,” Jen Psaki, a State Department spokeswoman, said.";
        assert_eq!(speaker_of(text).as_deref(), Some("Jen Psaki"));
        let a = analyze_paragraph(text, QuoteStyle::Double);
        let m = &a.mentions[a.quotes[0].attribution.as_ref().unwrap().mention];
        assert_eq!(m.role.as_deref(), Some("State Department spokeswoman"));
    }

    #[test]
    fn anonymous_and_organisation_speakers() {
        let a = analyze_paragraph("“No deal,” a senior official said.", QuoteStyle::Double);
        let m = &a.mentions[a.quotes[0].attribution.as_ref().unwrap().mention];
        assert_eq!(m.kind, MentionKind::Anonymous);
        let a = analyze_paragraph("“No deal,” the State Department said.", QuoteStyle::Double);
        let m = &a.mentions[a.quotes[0].attribution.as_ref().unwrap().mention];
        assert_eq!(m.kind, MentionKind::Organisation);
    }

    #[test]
    fn scare_quotes_and_titles_are_not_speech() {
        let a = analyze_paragraph("The so-called “deal” collapsed.", QuoteStyle::Double);
        assert_eq!(a.quotes[0].kind, QuoteKind::NotSpeech);
        let a = analyze_paragraph(
            "She starred in the “Big Short Story” last year.",
            QuoteStyle::Double,
        );
        assert_eq!(a.quotes[0].kind, QuoteKind::NotSpeech);
    }

    #[test]
    fn a_pronoun_after_a_dotted_abbreviation_opens_a_sentence() {
        let text = "Vance says the plan will fail in the U.S. He says voters want no more “empty promises.”";
        let a = analyze_paragraph(text, QuoteStyle::Double);
        let m = &a.mentions[a.quotes[0].attribution.as_ref().unwrap().mention];
        assert_eq!(m.span.slice(text), "He");
    }

    #[test]
    fn the_one_speaking_to_someone_is_the_speaker() {
        let text = "A police source speaking to the Valley Ledger said, “The search is over.”";
        assert_eq!(speaker_of(text).as_deref(), Some("A police source"));
    }

    #[test]
    fn a_bare_verb_opening_a_sentence_is_part_of_a_name() {
        let text = "State Rep. Ana Ruiz released a plan on Friday.";
        let a = analyze_paragraph(text, QuoteStyle::Double);
        let spans: Vec<&str> = a.mentions.iter().map(|m| m.span.slice(text)).collect();
        assert_eq!(spans, vec!["State Rep. Ana Ruiz"]);
        // Inverted, the verb still cues: "Says Ruiz: …".
        assert_eq!(
            speaker_of("Says Ruiz: “The plan is ready.”").as_deref(),
            Some("Ruiz")
        );
    }

    #[test]
    fn the_possessor_of_a_spoken_noun_after_a_preposition_said_the_words() {
        let text =
            "The talks stalled after Ruiz's repeated claim that the deal was “already dead.”";
        assert_eq!(speaker_of(text).as_deref(), Some("Ruiz"));
        let text = "Doubts grew, including her promise to stay “neutral” in the talks.";
        assert_eq!(speaker_of(text).as_deref(), Some("her"));
        // The object of someone else's verb is not: Vance is judging Ruiz's remarks.
        let text = "Vance called Ruiz's remarks “a new low.”";
        assert_eq!(speaker_of(text).as_deref(), Some("Vance"));
    }

    #[test]
    fn a_quote_after_a_comma_is_the_clause_subjects() {
        let text = "Earlier, Ruiz shared her worries with donors at a lunch, “I do not know who will show up.”";
        assert_eq!(speaker_of(text).as_deref(), Some("Ruiz"));
        // No subject to credit: nobody.
        let text = "In a statement late on Friday, “We will appeal.”";
        assert_eq!(speaker_of(text), None);
    }

    #[test]
    fn a_quote_closing_an_aside_leaves_the_subject_before_it() {
        let text = "Ruiz, who says the city is “broke,” described the budget as “a fantasy.”";
        let a = attributions(text);
        assert_eq!(a[1].1.as_deref(), Some("Ruiz"));
        // A quote after its subject, cue after it: still the name after the verb.
        let text = "Vance “has a lot of fences to mend,” said Doyle, a former governor.";
        assert_eq!(speaker_of(text).as_deref(), Some("Doyle"));
    }

    #[test]
    fn a_name_modifying_a_role_belongs_to_the_role_of_the_name_after_it() {
        let text = "Former Vance speechwriter Jo Lane published a column, titled, “Why I Left.”";
        let a = analyze_paragraph(text, QuoteStyle::Double);
        let m = &a.mentions[a.quotes[0].attribution.as_ref().unwrap().mention];
        assert_eq!(m.span.slice(text), "Former Vance speechwriter Jo Lane");
        assert_eq!(m.role.as_deref(), Some("Former Vance speechwriter"));
    }

    #[test]
    fn contracted_pronouns_and_party_titles_open_clauses() {
        let text = "He’s predicting he will finish “comfortably ahead” in Ohio.";
        assert_eq!(speaker_of(text).as_deref(), Some("He’s"));
        let text = "Democratic presidential candidate Ana Ruiz is calling it “a rigged game.”";
        assert_eq!(
            speaker_of(text).as_deref(),
            Some("Democratic presidential candidate Ana Ruiz")
        );
    }

    #[test]
    fn two_roles_joined_by_and_before_a_titled_name_are_both_its() {
        // As the subject a participle leans on (the verb's own subject search reads back from
        // the verb and keeps "Harbor City Mayor Ana Ruiz").
        let text = "Former prosecutor and Harbor City Mayor Ana Ruiz, who backs Vance, tried to \
                    calm things, calling it “a mistake.”";
        let a = analyze_paragraph(text, QuoteStyle::Double);
        let m = &a.mentions[a.quotes[0].attribution.as_ref().unwrap().mention];
        assert_eq!(
            m.span.slice(text),
            "Former prosecutor and Harbor City Mayor Ana Ruiz"
        );
        assert_eq!(
            m.role.as_deref(),
            Some("Former prosecutor and Harbor City Mayor")
        );
        // Two people are not merged.
        let text = "Vance and Sen. Ana Ruiz traded insults, calling it “a mistake.”";
        assert_eq!(speaker_of(text).as_deref(), Some("Vance"));
    }

    #[test]
    fn an_appositive_inside_an_introductory_phrase_is_not_the_subject() {
        let text = "Introduced by Jo Lane, the county sheriff and a longtime ally, Vance opened \
                    with a tribute to the “night-shift workers” of the valley.";
        assert_eq!(speaker_of(text).as_deref(), Some("Vance"));
    }

    #[test]
    fn a_short_participle_opening_a_sentence_is_no_name() {
        let text = "Based on the statement released by the Harbor Board, it seems the mayor \
                    will need “a lot of convincing.”";
        assert_ne!(speaker_of(text).as_deref(), Some("Based"));
    }

    #[test]
    fn a_demonym_after_a_capitalised_word_or_a_determiner_still_speaks() {
        let text = "“The numbers speak for themselves,” another Vermont Republican said.";
        assert!(speaker_of(text).is_some_and(|s| s.ends_with("Republican")));
        let text = "“The numbers speak for themselves,” the Republican said.";
        assert!(speaker_of(text).is_some_and(|s| s.ends_with("Republican")));
        let text = "Democrats want to refute Republican claims of “record savings.”";
        assert_eq!(speaker_of(text).as_deref(), Some("Democrats"));
    }

    #[test]
    fn a_relative_clause_about_anybody_is_no_speaker() {
        let text = "Mayor Lena Ortiz scoffed at the excuse, adding that anyone who complains \
                    about the acoustics “has already lost the room.”";
        assert_eq!(speaker_of(text).as_deref(), Some("Mayor Lena Ortiz"));
    }

    #[test]
    fn it_taking_a_side_is_the_subject_of_a_participle() {
        let text = "Later, it attacked Dan Ruiz, saying he “has never run a thing.”";
        assert_eq!(speaker_of(text).as_deref(), Some("it"));
        let text = "Then it attacked Dan Ruiz, saying he “has never run a thing.”";
        assert_eq!(speaker_of(text).as_deref(), Some("it"));
    }

    #[test]
    fn now_and_still_between_subject_and_verb_are_skipped() {
        let text = "“This town is yours,” it now says, showing a row of shopfronts.";
        assert_eq!(speaker_of(text).as_deref(), Some("it"));
        let text = "The board still says the plan is “on schedule.”";
        assert_eq!(speaker_of(text).as_deref(), Some("The board"));
    }

    #[test]
    fn a_name_after_a_preposition_is_no_subject_of_a_participle() {
        let text = "Ortiz answered the council on Facebook writing, “We will not back down.”";
        assert_eq!(speaker_of(text).as_deref(), Some("Ortiz"));
        // "with Name …ing" opens a clause whose subject the name is.
        let text = "Critics piled on, with Sen. Ana Ruiz calling it “a shell game.”";
        assert_eq!(speaker_of(text).as_deref(), Some("Sen. Ana Ruiz"));
    }

    #[test]
    fn show_titles_after_on_or_a_possessive_are_not_speech() {
        // American style: the sentence's period and comma sit inside the marks.
        for text in [
            "Vance said on KTV’s “Morning Line with Jo Hale.”",
            "Vance spoke Sunday on “Face the Valley,” and left early.",
        ] {
            let a = analyze_paragraph(text, QuoteStyle::Double);
            assert_eq!(a.quotes[0].kind, QuoteKind::NotSpeech, "{text}");
        }
        // Speech after "on" is still speech.
        let a = analyze_paragraph(
            "Vance said on Sunday, “We are not done yet.”",
            QuoteStyle::Double,
        );
        assert_eq!(a.quotes[0].kind, QuoteKind::Speech);
        let a = analyze_paragraph(
            "Vance insisted on “Real Change Now. Today.”",
            QuoteStyle::Double,
        );
        assert_ne!(a.quotes[0].kind, QuoteKind::NotSpeech);
    }

    /// The headline test as it read before it went by byte: the reference it must agree with.
    fn looks_like_headline_by_words(text: &str) -> bool {
        let (mut words, mut capitalised) = (0usize, 0usize);
        for w in text.split_whitespace() {
            let (mut letters, mut first_upper) = (0, false);
            for c in w.chars().filter(|&c| c.is_alphabetic()) {
                if letters == 0 {
                    first_upper = c.is_uppercase();
                }
                letters += 1;
                if letters > 3 {
                    break;
                }
            }
            if letters > 3 {
                words += 1;
                if words > 25 {
                    return false;
                }
                capitalised += usize::from(first_upper);
            }
        }
        if words < 3 {
            return false;
        }
        if text.trim_end().ends_with(is_terminal) {
            capitalised == words
        } else {
            capitalised * 10 >= words * 8
        }
    }

    #[test]
    fn headline_test_agrees_with_the_word_by_word_count() {
        let pieces = [
            "Port",
            "Authority",
            "chief",
            "Defends",
            "the",
            "Ünïcode",
            "élan",
            "Élan",
            "A.B.C.D",
            "Dos",
            "x1y2z3w4",
            "“Quoted”",
            "Trump’s",
            "—",
            "...",
            "Now.",
            "ok",
            "\u{a0}",
            "\u{2003}",
            "\u{3000}",
            "\u{85}",
            "\t",
            "\n",
            " ",
            "  ",
            ".",
            "!",
            "…",
            "Ωmega",
            "ωmega",
            "ǅemal",
        ];
        // Every sequence of up to four pieces, and longer ones built by a fixed stride.
        let mut texts: Vec<String> = vec![String::new()];
        for n in 1..=4 {
            let mut idx = vec![0usize; n];
            loop {
                texts.push(idx.iter().map(|&k| pieces[k]).collect::<Vec<_>>().join(" "));
                texts.push(idx.iter().map(|&k| pieces[k]).collect::<String>());
                let mut d = 0;
                while d < n {
                    idx[d] += 1;
                    if idx[d] < pieces.len() {
                        break;
                    }
                    idx[d] = 0;
                    d += 1;
                }
                if d == n {
                    break;
                }
            }
        }
        for len in [10, 20, 26, 27, 30, 40] {
            for seed in 0..pieces.len() {
                let words: Vec<&str> = (0..len)
                    .map(|k| pieces[(seed + k * 7) % pieces.len()])
                    .collect();
                texts.push(words.join(" "));
                let caps: Vec<&str> = (0..len)
                    .map(|k| {
                        if k % (seed + 2) == 0 {
                            "later"
                        } else {
                            "Words"
                        }
                    })
                    .collect();
                texts.push(caps.join(" "));
                texts.push(caps.join(" ") + ".");
            }
        }
        for t in &texts {
            assert_eq!(
                looks_like_headline(t),
                looks_like_headline_by_words(t),
                "{t:?}"
            );
        }
    }

    #[test]
    fn headlines_are_told_from_sentences_full_of_names() {
        assert!(looks_like_headline(
            "Port Authority Chief Defends Harbour Plan as Council Vote Nears"
        ));
        assert!(looks_like_headline(
            "Silence Over Illness: Mayor Was Taken to Clinic."
        ));
        assert!(!looks_like_headline(
            "John Kerry spoke in Geneva on Monday."
        ));
    }

    #[test]
    fn unattributed_quote_stays_unattributed() {
        assert_eq!(
            speaker_of("“We will win in November and everyone knows it.”"),
            None
        );
    }

    #[test]
    fn a_document_issued_by_someone_is_their_cue() {
        assert_eq!(
            speaker_of("After the vote, Okafor issued a statement, “We accept the result.”")
                .as_deref(),
            Some("Okafor")
        );
        assert_eq!(
            speaker_of("Okafor issued a statement about “the result” on Monday.").as_deref(),
            Some("Okafor"),
            "a fragment still belongs to the sentence's subject"
        );
    }

    #[test]
    fn a_credit_on_the_quote_line_names_its_speaker() {
        let text = "“We just want to be heard.” — Maria Lopez, 24, Phoenix";
        assert_eq!(speaker_of(text).as_deref(), Some("Maria Lopez"));
        let a = analyze_paragraph(text, QuoteStyle::Double);
        let role = a.quotes[0]
            .attribution
            .as_ref()
            .map(|at| &a.mentions[at.mention].role);
        assert_eq!(role, Some(&Some("24, Phoenix".to_string())));
        assert_eq!(
            speaker_of("\"Nobody asked us.\" --Dana Whitfield.").as_deref(),
            Some("Dana Whitfield")
        );
        assert_eq!(
            speaker_of("“Nobody asked us,” Dana Whitfield, 52, of Elm Creek.").as_deref(),
            Some("Dana Whitfield")
        );
        assert_eq!(
            speaker_of("“Nobody asked us.” (Dana Whitfield, 52)").as_deref(),
            Some("Dana Whitfield")
        );
        // A name and a verb is a sentence; a bracketed aside is no credit.
        assert_eq!(
            speaker_of("“Nobody asked us.” Dana Whitfield runs the shop.").as_deref(),
            None
        );
        assert_eq!(
            speaker_of("“Nobody asked us.” (Subscribe to the Elm Creek podcast.)").as_deref(),
            None
        );
        // After prose, a dash and a name sign the story, not the quote.
        assert_eq!(
            speaker_of("The party said it was “the No. 1 choice in the valley.” —Kim Hollis.")
                .as_deref(),
            Some("The party")
        );
        // A dash and a clause is no credit.
        assert_eq!(
            speaker_of("“We will win.” — and the crowd cheered.").as_deref(),
            None
        );
    }

    #[test]
    fn a_pronoun_fused_with_has_is_the_subject() {
        assert_eq!(
            bracket_speaker("Since the vote, she's said, “We will not back down.”", 0),
            "Since the vote, [she's] said, “We will not back down.”"
        );
        assert_eq!(
            bracket_speaker(
                "Ever since Ana Ruiz won, she's said it at every stop: “Us.”",
                0
            ),
            "Ever since Ana Ruiz won, [she's] said it at every stop: “Us.”"
        );
    }

    #[test]
    fn a_coordinated_clause_with_its_own_subject_speaks() {
        assert_eq!(
            speaker_of(
                "Ruiz offered a town hall on Monday - but the Lopez campaign dismissed it as \
                 “a stunt” within the hour."
            )
            .as_deref(),
            // A candidate's campaign is credited by the candidate's name, as everywhere.
            Some("Lopez")
        );
        // No verb after the noun phrase: no clause of its own, the sentence's subject speaks.
        assert_eq!(
            speaker_of("Ruiz attacked the plan, and the governor’s “reckless” budget.").as_deref(),
            Some("Ruiz")
        );
    }

    #[test]
    fn a_day_between_subject_and_verb_is_skipped() {
        assert_eq!(
            speaker_of(
                "The anger was aimed at Haverly, who Brandt on Wednesday called “a menace.”"
            )
            .as_deref(),
            Some("Brandt")
        );
    }

    #[test]
    fn a_woven_fragment_takes_no_cue_from_the_next_sentence() {
        assert_eq!(
            bracket_speaker(
                "He commanded the party to “open its doors to new voters.” Then he said he \
                 would stay in the race.",
                0
            ),
            "[He] commanded the party to “open its doors to new voters.” Then he said he \
             would stay in the race."
        );
        // A quote set off on its own still takes it, as sloppy copy runs: `"…." Smith said.`
        assert_eq!(
            speaker_of("“We will stay in the race.” Smith said it twice.").as_deref(),
            Some("Smith")
        );
    }

    #[test]
    fn a_capitalised_abstract_plural_is_no_name() {
        let text = "“It’s all new material,” Varga said. Audiences should expect him to bring “a \
                    lot more edge than last year.”";
        assert_eq!(
            attributions(text)[1].1.as_deref(),
            Some("Varga"),
            "{:?}",
            attributions(text)
        );
    }

    #[test]
    fn a_coordinated_cue_hands_the_next_quote_to_its_subject() {
        let text = "“Ask her about the old boathouse,” Marlow said, and her brother added. \
                    “Don’t forget the dog.”";
        let speakers: Vec<_> = attributions(text).into_iter().map(|(_, s)| s).collect();
        assert_eq!(
            speakers,
            vec![Some("Marlow".to_string()), Some("her brother".to_string())]
        );
        // A relative clause hanging off the attribution names nobody new.
        let text = "“We will appeal,” said Pardo, who said he was tired. “It is not over.”";
        assert_eq!(attributions(text)[1].1.as_deref(), Some("Pardo"));
    }

    #[test]
    fn the_agent_of_a_passive_naming_a_fragment_speaks() {
        assert_eq!(
            speaker_of("The mayor was praised by the council as a “steady hand” on Monday.")
                .as_deref(),
            Some("the council")
        );
        assert_eq!(
            speaker_of("The scheme has been called “a shell game” by Dana Whitfield, an auditor.")
                .as_deref(),
            Some("Dana Whitfield")
        );
        // No agent: the sentence's subject, as before.
        assert_eq!(
            speaker_of("Ruiz called the scheme “a shell game” on Monday.").as_deref(),
            Some("Ruiz")
        );
    }

    #[test]
    fn a_verb_introducing_the_quote_with_a_comma_is_its_cue() {
        assert_eq!(
            bracket_speaker(
                "He said, “Ruiz will fix the pier” - at which moment the crowd chanted.",
                0
            ),
            "[He] said, “Ruiz will fix the pier” - at which moment the crowd chanted."
        );
        assert_eq!(
            bracket_speaker(
                "After the mayor accused him of stalling, he warned, “That will be fair game,” \
                 Ruiz told reporters.",
                0
            ),
            "After the mayor accused him of stalling, [he] warned, “That will be fair game,” \
             Ruiz told reporters."
        );
    }

    #[test]
    fn a_coordinated_clause_before_a_colon_speaks_through_its_pronoun() {
        assert_eq!(
            bracket_speaker(
                "Ruiz said both rivals were “non-entities,” but he gave the younger one a \
                 compliment: “He is a very smart man.”",
                1
            ),
            "Ruiz said both rivals were “non-entities,” but [he] gave the younger one a \
             compliment: “He is a very smart man.”"
        );
        // A subordinate clause's pronoun is the sentence subject's.
        assert_eq!(
            bracket_speaker(
                "Tom Ferrante said it plainly when he blogged: “It is over.”",
                0
            ),
            "[Tom Ferrante] said it plainly when he blogged: “It is over.”"
        );
    }

    #[test]
    fn continuing_to_do_something_is_no_speech() {
        assert_eq!(
            speaker_of(
                "Ruiz himself acknowledged on Monday “the odds are getting long” if he \
                 continues to slip in the polls."
            )
            .as_deref(),
            Some("Ruiz")
        );
        assert_eq!(
            speaker_of("According to some on Twitter, Ruiz was “furious.”").as_deref(),
            Some("some")
        );
    }

    #[test]
    fn a_quote_after_a_named_speaker_takes_no_cue_from_the_next_sentence() {
        assert_eq!(
            bracket_speaker(
                "Ruiz announced the lawsuit on Monday. “We are seeking a court order.” She \
                 further announced a review.",
                0
            ),
            "[Ruiz] announced the lawsuit on Monday. “We are seeking a court order.” She \
             further announced a review."
        );
        // A phrasal cue before a colon introduces the quote: "fired back: “…”".
        assert_eq!(
            bracket_speaker("Kessler fired back: “As a parent,” he wrote, “I know.”", 0),
            "[Kessler] fired back: “As a parent,” he wrote, “I know.”"
        );
    }

    #[test]
    fn a_clause_after_the_cue_of_a_question_names_nobody_new() {
        // The question's mark ends no sentence before "said Whitfield": the relative clause
        // hanging off her cue leaves the next quote hers, by her name.
        assert_eq!(
            bracket_speaker(
                "“Has anyone opened the report?” said Dana Whitfield, who has accused critics of \
                 stalling. “I doubt it.”",
                1
            ),
            "“Has anyone opened the report?” said [Dana Whitfield], who has accused critics of \
             stalling. “I doubt it.”"
        );
    }

    #[test]
    fn a_passive_with_as_credits_its_agent() {
        assert_eq!(
            speaker_of(
                "The plan was “reckless” – as described by Council Leader Ruth Kellerman – and \
                 the vote failed."
            )
            .as_deref(),
            Some("Council Leader Ruth Kellerman")
        );
    }

    #[test]
    fn what_she_calls_credits_the_named_subject() {
        assert_eq!(
            speaker_of("Munro has railed against what she calls the “paper tiger” of audits.")
                .as_deref(),
            Some("Munro")
        );
    }

    #[test]
    fn a_verb_form_used_as_a_noun_is_no_cue() {
        assert_eq!(
            speaker_of("Okafor offered a Ruiz-style retort, tweeting at him, “You are a loser.”")
                .as_deref(),
            Some("Okafor")
        );
        assert_eq!(
            speaker_of("He wrote an essay mocking GOP state leaders as “timid” on taxes.")
                .as_deref(),
            Some("He")
        );
    }

    #[test]
    fn a_fragment_belongs_to_the_pronoun_of_the_clause_holding_it() {
        assert_eq!(
            speaker_of(
                "Castellano gets cheers as he keeps talking about “a kind of job fair online.”"
            )
            .as_deref(),
            Some("he")
        );
        // A comma closes the fronted clause: its pronoun is not the main clause's subject.
        assert_ne!(
            speaker_of(
                "While she has dropped attacks, her campaign will reprint “a withering” piece."
            )
            .as_deref(),
            Some("she")
        );
    }

    #[test]
    fn a_lone_common_word_before_the_verb_is_a_surname() {
        assert_eq!(
            speaker_of("“We believe this deal is great,” Read said.").as_deref(),
            Some("Read")
        );
    }

    #[test]
    fn a_participle_without_a_subject_leans_on_the_sentence() {
        assert_eq!(
            speaker_of("At that point, she released a statement saying, “We are proud.”")
                .as_deref(),
            Some("she")
        );
        assert_eq!(
            speaker_of("When I asked him about it, he looked up and said, “Not yet.”").as_deref(),
            Some("he")
        );
    }

    #[test]
    fn a_coordinated_clause_speaks_through_its_own_pronoun() {
        // A fragment in the second clause belongs to that clause's subject.
        assert_eq!(
            bracket_speaker(
                "She voiced a wish for a “strong city,” and she called the governor “a friend.”",
                1
            ),
            "She voiced a wish for a “strong city,” and [she] called the governor “a friend.”"
        );
        // An elided verb ("and said") shares the subject of the nearest clause, with or
        // without a comma before the conjunction.
        assert_eq!(
            bracket_speaker(
                "He pledged to fix the roads and he, once again, pledged an “honest count” and \
                 said he would stand up to the “parking lobby” in the county.",
                1
            ),
            "He pledged to fix the roads and [he], once again, pledged an “honest count” and \
             said he would stand up to the “parking lobby” in the county."
        );
    }

    #[test]
    fn a_possessive_joined_to_a_prepositions_object_names_the_speaker() {
        // "improved" is the verb, not part of a noun phrase "His standing improved"; "his call
        // for" names whose words the fragment is.
        assert_eq!(
            bracket_speaker(
                "His standing improved after the floods in Alder Springs, Calif., and his \
                 call for “an open inquiry” into the levees.",
                0
            ),
            "His standing improved after the floods in Alder Springs, Calif., and [his] \
             call for “an open inquiry” into the levees."
        );
        // After "over", "about" or "against" too.
        assert_eq!(
            speaker_of(
                "The former treasurer fanned controversy over her remark that “every audit is \
                 theatre.”"
            )
            .as_deref(),
            Some("her")
        );
        // And after "between".
        assert_eq!(
            bracket_speaker(
                "It was a question about the gap between her claim that she “had not seen \
                 the invoices” and the ledger.",
                0
            ),
            "It was a question about the gap between [her] claim that she “had not seen \
             the invoices” and the ledger."
        );
        // A possessor is no clause subject for a later participle to lean on.
        assert_eq!(
            speaker_of(
                "Shortly after Dunmore’s conference call ended, Kowalski’s campaign put out a \
                 release saying Dunmore owes “the county an apology.”"
            )
            .as_deref(),
            Some("Kowalski")
        );
    }

    #[test]
    fn a_city_followed_by_its_state_is_no_person() {
        let text = "The floods in Alder Springs, Calif., shocked the town.";
        let a = analyze_paragraph(text, QuoteStyle::Double);
        let names: Vec<&str> = a.mentions.iter().map(|m| m.span.slice(text)).collect();
        assert!(!names.contains(&"Alder Springs"), "{names:?}");
        // A person "of" a county, state is still a person.
        let text = "Betsy Parrish of Tanner County, Georgia, knows him.";
        let a = analyze_paragraph(text, QuoteStyle::Double);
        let names: Vec<&str> = a.mentions.iter().map(|m| m.span.slice(text)).collect();
        assert!(names.contains(&"Betsy Parrish"), "{names:?}");
    }

    #[test]
    fn an_open_relative_clause_speaks_through_its_who() {
        let text = "Lindqvist, who has for years described Ruiz as “a menace” and “a \
                    fraud” whose tenure “will end in ruin,” plainly intended the \
                    audience to “spot” Ruiz in that passage.";
        let speakers: Vec<_> = attributions(text).into_iter().map(|(_, s)| s).collect();
        let who = Some("who".to_string());
        assert_eq!(
            speakers,
            vec![who.clone(), who.clone(), who, Some("Lindqvist".to_string())]
        );
        // "who" as the object of the clause's verb is nobody's speaker.
        assert_ne!(
            speaker_of(
                "The anger was aimed at Haverly, who Brandt called “a disgrace to the office.”"
            )
            .as_deref(),
            Some("who")
        );
    }

    #[test]
    fn a_cue_inside_a_closed_dash_aside_speaks_for_the_aside_only() {
        assert_eq!(
            bracket_speaker(
                "She held up the banner — which read “Teachers 4 Ruiz” — and swung it overhead, \
                 mouthing “thanks” to the front row.",
                1
            ),
            "[She] held up the banner — which read “Teachers 4 Ruiz” — and swung it overhead, \
             mouthing “thanks” to the front row."
        );
    }

    #[test]
    fn a_cue_inside_a_relative_clause_closed_before_the_quote_speaks_for_the_clause_only() {
        assert_eq!(
            speaker_of(
                "She said the board’s decision, which some have called a stalling tactic, was \
                 “an insult” to the parents."
            )
            .as_deref(),
            Some("She")
        );
        // A comma introducing the quote closes nothing: the clause's verb is the cue.
        assert_eq!(
            speaker_of("Pryce linked to the audit, which notes, “The books do not balance.”")
                .as_deref(),
            Some("which")
        );
    }

    #[test]
    fn a_participle_leans_on_a_clause_opened_after_a_short_phrase() {
        assert_eq!(
            bracket_speaker(
                "Ruiz has been criticized for avoiding the word, though at a town hall \
                 she used sharper language, saying the board “must be replaced.”",
                0
            ),
            "Ruiz has been criticized for avoiding the word, though at a town hall \
             [she] used sharper language, saying the board “must be replaced.”"
        );
        // After a dash, and past the speaker of a parenthetical "she said".
        assert_eq!(
            bracket_speaker(
                "Over the decades, she said, letters have kept them close – although at any hint \
                 of letters she laughed and admitted “the stamps add up.”",
                0
            ),
            "Over the decades, she said, letters have kept them close – although at any hint \
             of letters [she] laughed and admitted “the stamps add up.”"
        );
    }

    #[test]
    fn according_to_the_outlet_named_by_one_word_relays_the_quote() {
        assert_eq!(
            speaker_of("“We won,” the judge said, according to the Post.").as_deref(),
            Some("Post")
        );
    }

    #[test]
    fn it_opening_a_clause_is_the_subject_of_its_speech_verb() {
        assert_eq!(
            speaker_of("The group seeks to pass what it calls “sensible laws.”").as_deref(),
            Some("it")
        );
        assert_eq!(
            speaker_of("The memo lists steps, and it says the sites were “blocked.”").as_deref(),
            Some("it")
        );
        // As an object, "it" speaks for nobody.
        assert_ne!(
            speaker_of("The mayor called it “a disgrace.”").as_deref(),
            Some("it")
        );
    }

    #[test]
    fn reporting_directly_to_someone_is_no_speech() {
        assert_eq!(
            speaker_of(
                "She has proposed a “chief housing inspector” who reports directly to the \
                 mayor."
            )
            .as_deref(),
            Some("She")
        );
    }

    #[test]
    fn a_share_of_those_asked_speaks_unless_a_poll_is_named() {
        assert_eq!(
            speaker_of("Asked about the mayor, 21 percent said “not very likely.”").as_deref(),
            Some("21 percent")
        );
        assert_eq!(
            speaker_of("Of the renters, 31% of first-time buyers said they were “very worried.”")
                .as_deref(),
            Some("31% of first-time buyers")
        );
        assert_eq!(
            speaker_of(
                "In a March Ledger poll, 62 percent of independents said the levy was “too much.”"
            )
            .as_deref(),
            Some("a March Ledger poll")
        );
        assert_eq!(
            speaker_of("In a Ledger/KTV survey, 27% of renters said they were “very worried.”")
                .as_deref(),
            Some("a Ledger/KTV survey")
        );
        assert_eq!(
            speaker_of("About four in 10 said the meters were “a nuisance.”").as_deref(),
            Some("four in 10")
        );
    }

    #[test]
    fn the_noun_phrase_after_with_is_the_subject_of_its_participle() {
        assert_eq!(
            speaker_of(
                "The parade went on, with dozens of marchers and onlookers chanting “We are here.”"
            )
            .as_deref(),
            Some("dozens of marchers and onlookers")
        );
        assert_eq!(
            speaker_of("Okafor went after her rival, with one of her ads asking, “Who paid?”")
                .as_deref(),
            Some("one of her ads")
        );
    }

    #[test]
    fn whoever_provided_the_record_is_the_source() {
        assert_eq!(
            attributions(
                "“The levy is too much,” Reyes said Monday, according to audio provided by \
                 Coastal Public Radio."
            )[0]
            .1
            .as_deref(),
            Some("Coastal Public Radio")
        );
    }

    #[test]
    fn a_time_ago_before_the_verb_is_no_subject() {
        assert_eq!(
            speaker_of(
                "The agency less than three weeks ago said the line needed “major repairs.”"
            )
            .as_deref(),
            Some("The agency")
        );
    }
}
