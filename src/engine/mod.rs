//! The attribution engine: finds quotations, their attribution cues and speakers, and resolves
//! speakers to the people and bodies the article introduces.
//!
//! It works paragraph by paragraph ([`paragraph::analyze_paragraph`], whose result depends only
//! on the paragraph's text and the article's quote style) and then runs one document-level pass
//! ([`link`]) that stitches multi-paragraph quotes, carries speakers over and resolves mentions.

mod incremental;
mod lexicon;
mod marks;
mod mentions;
mod model;
mod paragraph;
mod resolve;
mod text;

pub use incremental::Analyzer;
pub use model::*;

use mentions::Mention;
use paragraph::{ParagraphAnalysis, analyze_paragraph};
use resolve::{At, Checkpoint, EditMap, Resolver, Source, Tail};
use std::sync::Arc;

/// The most words a paragraph between two quote paragraphs may have to be a beat in the
/// dialogue ("She pauses.", "He looks at the floor for a while.").
const BEAT_WORDS: usize = 8;

/// The most words of a beat that names nobody: a stage direction ("Pause.", "Long silence.").
const STAGE_DIRECTION_WORDS: usize = 2;

/// Analyses one article.
pub fn analyze(text: &str) -> Analysis {
    let style = marks::detect_style(text);
    let paragraphs = text::paragraphs(text);
    let locals: Vec<ParagraphAnalysis> = paragraphs
        .iter()
        .map(|p| analyze_paragraph(p.slice(text), style))
        .collect();
    let locals: Vec<&ParagraphAnalysis> = locals.iter().collect();
    match link(
        text,
        style,
        paragraphs,
        &locals,
        &mut Resume::default(),
        0,
        None,
        &|| false,
    ) {
        Ok(analysis) => analysis,
        Err(Cancelled) => unreachable!("a pass that is never asked to stop is not cancelled"),
    }
}

/// An analysis given up because its caller's probe asked it to stop (see
/// [`Analyzer::analyze_cancellable`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cancelled;

impl std::fmt::Display for Cancelled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("analysis cancelled")
    }
}

impl std::error::Error for Cancelled {}

/// What the document pass keeps from one text to the next version of it, so that it can go
/// on from the first paragraph an edit touched instead of resolving every mention again.
#[derive(Default)]
struct Resume {
    /// The resolver's state at the end of the last pass.
    resolver: Resolver,
    /// The last pass's result for each mention, and its span in the text, in text order.
    resolved: Vec<(Option<EntityId>, Resolution)>,
    spans: Vec<Span>,
    /// Where each paragraph's mentions start in `resolved`, with the total at the end.
    first_mention: Vec<usize>,
    /// The resolver's state at the start of paragraph `.0` of the last pass.
    checkpoint: Option<(usize, Checkpoint)>,
    /// The resolver's state at the start of the paragraph after the first changed one, `.0`,
    /// of the last pass: what the next pass compares its own with to stop early.
    after: Option<(usize, Checkpoint)>,
    /// The paragraph the last pass started resolving at (for tests).
    from: usize,
    /// The last pass stopped resolving after the edited paragraph and took over the results
    /// of the pass before it, or of the one before that (for tests).
    took_over: bool,
    /// The pass before the last one, when the last edit changed the mentions of the paragraph
    /// it touched: an edit that undoes it (a keystroke and its backspace, undo, redo) gives
    /// back that text, and the next pass can stop against that pass instead.
    older: Option<Older>,
}

/// A pass kept for an edit that undoes the next one: the state it had after the edited
/// paragraph (`early.at - 1`) and its results from there on (`early`, with `early.map` from
/// its text to the last pass's), and the edited paragraph as it was in its text.
struct Older {
    local: Arc<ParagraphAnalysis>,
    start: usize,
    early: Early,
}

impl Older {
    /// The last pass (`early`), before the edit to its paragraph `edited.old`.
    fn of(edited: &Edited, early: Early) -> Older {
        Older {
            local: Arc::clone(&edited.old),
            start: edited.old_start,
            early,
        }
    }
}

/// The one paragraph an edit touched (paragraph `unchanged` of [`link`], still one paragraph),
/// as it was in the previous text, and where the previous text's positions are now.
pub(crate) struct Edited {
    pub map: EditMap,
    pub old: Arc<ParagraphAnalysis>,
    /// Where the paragraph started in the previous text (a blank line edited before it may
    /// have moved it).
    pub old_start: usize,
}

/// What a pass keeps of a previous pass to stop after the edited paragraph: the resolver's
/// state at the paragraph after it (`at`, `old`) and from the checkpoint on (`tail`), the
/// results of the mentions from that paragraph on (with `first_mention` from it to the end),
/// and where that pass's positions are in this text (`map`).
struct Early {
    at: usize,
    map: EditMap,
    old: Checkpoint,
    tail: Tail,
    resolved: Vec<(Option<EntityId>, Resolution)>,
    spans: Vec<Span>,
    first_mention: Vec<usize>,
}

/// The resolver reads the same from the edited paragraph as from the paragraph it was (`was`,
/// at `was_start` in a previous text whose positions `map` moves to this one): the same
/// mentions with the same keys, each where the edit moved it (and so with the same text).
fn same_mentions(
    was: &ParagraphAnalysis,
    was_start: usize,
    map: EditMap,
    now: &ParagraphAnalysis,
    start: usize,
) -> bool {
    was.keys == now.keys
        && was.mentions.len() == now.mentions.len()
        && was.mentions.iter().zip(&now.mentions).all(|(w, n)| {
            // Every field named, so that a new one is compared too.
            let Mention {
                span,
                kind,
                words,
                role,
                gender,
                person_evidence,
                speaker,
                subject,
            } = w;
            map.span(span.shift(was_start)) == Some(n.span.shift(start))
                && *kind == n.kind
                && *words == n.words
                && *role == n.role
                && *gender == n.gender
                && *person_evidence == n.person_evidence
                && *speaker == n.speaker
                && *subject == n.subject
        })
}

/// The last pass's results from paragraph `e.at` on, after a [`Resolver::fast_forward`] there:
/// the same entities and resolutions, the spans moved by the edit. The paragraphs' first
/// mentions are the same (the edited paragraph has as many mentions as before); the total is
/// pushed by the caller.
fn take_over_results(resume: &mut Resume, e: Early) {
    let map = e.map;
    resume.resolved.extend_from_slice(&e.resolved);
    resume.spans.extend(
        e.spans
            .iter()
            .map(|s| Span::new(map.past(s.start), map.past(s.end))),
    );
    resume
        .first_mention
        .extend_from_slice(&e.first_mention[..e.first_mention.len() - 1]);
}

/// The document pass over per-paragraph results.
///
/// `unchanged` paragraphs at the start are, with the text before the next one, what they were
/// in the last pass that used `resume` (0 when nothing is known): the pass restores the
/// resolver's checkpoint when it was taken at or before the first changed paragraph and goes on
/// from there, which gives exactly what a pass from the start gives, since the resolver's
/// state at a paragraph depends only on the paragraphs before it. It leaves a checkpoint at the
/// first changed paragraph for the next edit, which is most often in the same place.
///
/// `should_stop` is asked before each paragraph's mentions are resolved; when it says yes the
/// pass gives up with [`Cancelled`] between two paragraphs, the resolver's state consistent,
/// and puts its checkpoint back: the next pass can go on from it, as the paragraphs before it
/// are still what they were (they were before the first changed paragraph of this pass too).
///
/// With `edited` (the one paragraph `unchanged` changed, the paragraphs after it the previous
/// text's), the pass stops resolving at the next paragraph when the resolver's state there is
/// the last pass's, moved by the edit ([`Resolver::fast_forward`]): the mentions after it then
/// resolve as they did, and their results are taken over.
#[allow(clippy::too_many_arguments)]
fn link(
    text: &str,
    style: QuoteStyle,
    paragraphs: Vec<Span>,
    locals: &[&ParagraphAnalysis],
    resume: &mut Resume,
    unchanged: usize,
    edited: Option<Edited>,
    should_stop: &dyn Fn() -> bool,
) -> Result<Analysis, Cancelled> {
    // Resolve every mention in text order. The results of all paragraphs go in one list:
    // paragraph `pi`'s mention `m` is at `first_mention[pi] + m`.
    let src = Source {
        text,
        paragraphs: &paragraphs,
        locals,
    };
    // Taken out while the pass runs: if it panics, the next pass starts from the beginning.
    let checkpoint = resume.checkpoint.take();
    let after = resume.after.take();
    // The passes this one may stop against after the edited paragraph: the last one when the
    // edit left the paragraph's mentions as they were; the one before it when the edit gave
    // the paragraph's mentions back as they were then (it undid the last edit).
    let older = resume.older.take();
    let (mut last, mut before_last) = (None, None);
    if let (Some(e), Some((k, c)), Some((at, old))) = (&edited, &checkpoint, after)
        && *k == unchanged
        && at == unchanged + 1
        && at < locals.len()
        && resume.first_mention.len() == locals.len() + 1
    {
        let first = resume.first_mention[at];
        let pass = Early {
            at,
            map: e.map,
            old,
            tail: resume.resolver.tail(c),
            resolved: resume.resolved[first..].to_vec(),
            spans: resume.spans[first..].to_vec(),
            first_mention: resume.first_mention[at..].to_vec(),
        };
        let now = (locals[unchanged], paragraphs[unchanged].start);
        before_last = older.and_then(|o| {
            let map = o.early.map.then(e.map);
            (o.early.at == at
                && o.early.first_mention.len() == pass.first_mention.len()
                && same_mentions(&o.local, o.start, map, now.0, now.1))
            .then_some(Early { map, ..o.early })
        });
        if same_mentions(&e.old, e.old_start, e.map, now.0, now.1) {
            last = Some(pass);
        } else {
            resume.older = Some(Older::of(e, pass));
        }
    }
    let mut after = None;
    let (from, checkpoint) = match checkpoint {
        Some((k, c)) if k <= unchanged && k < resume.first_mention.len() => {
            resume.resolver.restore(&c);
            (k, Some((k, c)))
        }
        _ => {
            resume.resolver.reset();
            resume.first_mention.clear();
            (0, None)
        }
    };
    resume.from = from;
    resume.took_over = false;
    let keep = resume.first_mention.get(from).copied().unwrap_or(0);
    resume.first_mention.truncate(from);
    resume.resolved.truncate(keep);
    resume.spans.truncate(keep);
    if from == 0 {
        // A pass from the start (every fresh analysis) sizes its lists once instead of
        // growing them mention by mention; a resumed pass keeps the capacity it had.
        let mentions: usize = locals.iter().map(|l| l.mentions.len()).sum();
        resume.resolved.reserve(mentions);
        resume.spans.reserve(mentions);
        resume.first_mention.reserve(locals.len() + 1);
    }
    let mut checkpoint = checkpoint;
    for (pi, local) in locals.iter().enumerate().skip(from) {
        if should_stop() {
            resume.checkpoint = checkpoint;
            resume.older = None;
            return Err(Cancelled);
        }
        if pi == unchanged && checkpoint.as_ref().is_none_or(|(k, _)| *k != pi) {
            checkpoint = Some((pi, resume.resolver.checkpoint()));
        }
        if pi == unchanged + 1 {
            let now = resume.resolver.checkpoint();
            let mut stopped = false;
            if let Some((k, from)) = &checkpoint
                && *k == unchanged
            {
                let resolved = resume.resolved.len();
                let stop = |resolver: &mut Resolver, e: &Early| {
                    e.at == pi
                        && e.first_mention.first() == Some(&resolved)
                        && resolver.fast_forward(from, &e.old, &e.tail, e.map, paragraphs[pi].start)
                };
                if let Some(e) = last.take() {
                    if stop(&mut resume.resolver, &e) {
                        take_over_results(resume, e);
                        stopped = true;
                    } else if let Some(edited) = &edited {
                        // Not the last pass's state: that pass is the one an undo gives back.
                        resume.older = Some(Older::of(edited, e));
                    }
                }
                if !stopped
                    && let Some(e) = before_last.take()
                    && stop(&mut resume.resolver, &e)
                {
                    take_over_results(resume, e);
                    stopped = true;
                }
            }
            after = Some((pi, now));
            if stopped {
                resume.took_over = true;
                break;
            }
        }
        resume.first_mention.push(resume.resolved.len());
        for m in 0..local.mentions.len() {
            let at = At {
                p: pi as u32,
                m: m as u32,
            };
            resume.resolved.push(resume.resolver.link(&src, at));
            resume
                .spans
                .push(local.mentions[m].span.shift(paragraphs[pi].start));
        }
    }
    resume.first_mention.push(resume.resolved.len());
    resume.after = after;
    if unchanged >= locals.len() && checkpoint.as_ref().is_none_or(|(k, _)| *k != locals.len()) {
        checkpoint = Some((locals.len(), resume.resolver.checkpoint()));
    }
    let entities = resume.resolver.finish(&src);
    resume.checkpoint = checkpoint;
    let (first_mention, resolved, abs_mentions) =
        (&resume.first_mention, &resume.resolved, &resume.spans);

    // The attribution to mention `m` of paragraph `pi`, for a quote credited from another
    // paragraph (a lead-in, a closing report, a credit line); `how` overrides the resolution.
    let credited = |pi: usize, m: usize, cue: Option<Span>, how: Option<Resolution>| {
        let (entity, resolved_how) = resolved[first_mention[pi] + m];
        Attribution {
            cue: cue.map(|c| c.shift(paragraphs[pi].start)),
            mention: Some(abs_mentions[first_mention[pi] + m]),
            entity,
            how: how.unwrap_or(resolved_how),
        }
    };
    let mut quotes: Vec<Quote> = Vec::with_capacity(locals.iter().map(|l| l.quotes.len()).sum());
    let mut unbalanced: Vec<UnbalancedMark> = Vec::new();
    for (pi, (p, local)) in paragraphs.iter().zip(locals).enumerate() {
        let next_opens = locals
            .get(pi + 1)
            .and_then(|n| n.quotes.first())
            .is_some_and(|q| q.quote.span.start == 0);
        for s in &local.stray_closers {
            unbalanced.push(UnbalancedMark {
                span: s.shift(p.start),
                problem: MarkProblem::Unopened,
            });
        }
        // A credit line names the speaker of the quote paragraph above it.
        if let Some(m) = local.credit
            && pi > 0
            && locals[pi - 1].prose_words == 0
        {
            for q in quotes
                .iter_mut()
                .rev()
                .take_while(|q| q.paragraph + 1 == pi)
            {
                let unstated = q.attribution.as_ref().is_none_or(|a| {
                    matches!(a.how, Resolution::Assumed | Resolution::Continuation)
                });
                if unstated && q.kind != QuoteKind::NotSpeech {
                    q.kind = QuoteKind::Speech;
                    q.attribution = Some(credited(pi, m, None, None));
                }
            }
        }
        let prev_runs_on = quotes.last().is_some_and(|q: &Quote| q.runs_on);
        let last_index = local.quotes.len().saturating_sub(1);
        for (k, pq) in local.quotes.iter().enumerate() {
            let runs_on = !pq.quote.closed && k == last_index && next_opens;
            if !pq.quote.closed && !runs_on {
                let open = pq.quote.span.start + p.start;
                let mark_len = text[open..].chars().next().map_or(1, char::len_utf8);
                unbalanced.push(UnbalancedMark {
                    span: Span::new(open, open + mark_len),
                    problem: MarkProblem::Unclosed,
                });
            }
            let attribution = pq.attribution.as_ref().map(|a| {
                let (entity, how) = resolved[first_mention[pi] + a.mention];
                Attribution {
                    cue: a.cue.map(|c| c.shift(p.start)),
                    mention: Some(abs_mentions[first_mention[pi] + a.mention]),
                    entity,
                    how: if a.carried {
                        Resolution::Continuation
                    } else {
                        how
                    },
                }
            });
            let mut quote = Quote {
                span: pq.quote.span.shift(p.start),
                inner: pq.quote.inner.shift(p.start),
                marks: pq.quote.marks,
                kind: pq.kind,
                runs_on,
                paragraph: pi,
                attribution,
            };
            // A quote alone in its paragraph continues the speaker before it: the next paragraph
            // of a multi-paragraph quote, or a further quote with no new speaker in between.
            // A paragraph that opens with a quote after a lead-in ending in a colon.
            if quote.attribution.is_none()
                && k == 0
                && pq.quote.span.start == 0
                && pi > 0
                && let Some((m, colon)) = locals[pi - 1].lead_in
            {
                quote.kind = QuoteKind::Speech;
                quote.attribution = Some(credited(pi - 1, m, Some(colon), None));
            }
            // A paragraph opening with a quote that names nobody, after a paragraph that
            // ends by reporting what someone said.
            if quote.attribution.is_none()
                && quote.kind != QuoteKind::NotSpeech
                && k == 0
                && pq.quote.span.start == 0
                && pi > 0
                && let Some((m, cue)) = locals[pi - 1].closing_speaker
            {
                // Assumed, not stated: the unattributed-quote check still asks for a credit.
                quote.kind = QuoteKind::Speech;
                quote.attribution = Some(credited(pi - 1, m, Some(cue), Some(Resolution::Assumed)));
            }
            let continues = k == 0 && (prev_runs_on || local.prose_words == 0);
            if quote.attribution.is_none()
                && quote.kind != QuoteKind::NotSpeech
                && continues
                && let Some(prev) = quotes.last()
                && prev.paragraph + 1 == pi
                && let Some(a) = &prev.attribution
            {
                quote.kind = QuoteKind::Speech;
                quote.attribution = Some(Attribution {
                    how: if prev_runs_on {
                        Resolution::Continuation
                    } else {
                        Resolution::Assumed
                    },
                    ..a.clone()
                });
            }
            // "“…” ¶ She pauses. ¶ “…”": a short paragraph with no quote (and no credit line)
            // between two quote paragraphs, naming nobody or only the speaker before it, is a
            // beat in the dialogue; a quote standing alone after it goes on with that speaker
            // (assumed).
            if quote.attribution.is_none()
                && quote.kind != QuoteKind::NotSpeech
                && k == 0
                && pq.quote.span.start == 0
                && pi > 1
                && local.prose_words == 0
                && let Some(prev) = quotes.last()
                && prev.paragraph + 2 == pi
                && let Some(a) = &prev.attribution
                && let beat = &locals[pi - 1]
                && beat.quotes.is_empty()
                && beat.credit.is_none()
                && beat.prose_words <= BEAT_WORDS
                // The beat is the speaker's ("She pauses.") or a bare stage direction
                // ("Silence."); a short sentence about something else ("The talks resume next
                // week.") is narration, after which a quote needs its own attribution.
                && (!beat.mentions.is_empty() || beat.prose_words <= STAGE_DIRECTION_WORDS)
                && (0..beat.mentions.len()).all(|m| {
                    a.entity.is_some() && resolved[first_mention[pi - 1] + m].0 == a.entity
                })
            {
                quote.kind = QuoteKind::Speech;
                quote.attribution = Some(Attribution {
                    how: Resolution::Assumed,
                    ..a.clone()
                });
            }
            quotes.push(quote);
        }
    }
    Ok(Analysis {
        style,
        paragraphs,
        quotes,
        entities,
        unbalanced,
    })
}
