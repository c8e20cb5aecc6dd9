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

use paragraph::{ParagraphAnalysis, analyze_paragraph};
use resolve::Resolver;

/// Analyses one article.
pub fn analyze(text: &str) -> Analysis {
    let style = marks::detect_style(text);
    let paragraphs = text::paragraphs(text);
    let locals: Vec<ParagraphAnalysis> = paragraphs
        .iter()
        .map(|p| analyze_paragraph(p.slice(text), style))
        .collect();
    let locals: Vec<&ParagraphAnalysis> = locals.iter().collect();
    link(text, style, paragraphs, &locals)
}

/// The document pass over per-paragraph results.
fn link(
    text: &str,
    style: QuoteStyle,
    paragraphs: Vec<Span>,
    locals: &[&ParagraphAnalysis],
) -> Analysis {
    // Resolve every mention in text order. The results of all paragraphs go in one list:
    // paragraph `pi`'s mention `m` is at `first_mention[pi] + m`.
    let mentions: usize = locals.iter().map(|l| l.mentions.len()).sum();
    let mut resolver = Resolver::new(mentions);
    let mut first_mention: Vec<usize> = Vec::with_capacity(locals.len());
    let mut resolved: Vec<(Option<EntityId>, Resolution)> = Vec::with_capacity(mentions);
    let mut abs_mentions: Vec<Span> = Vec::with_capacity(mentions);
    for (p, local) in paragraphs.iter().zip(locals) {
        first_mention.push(resolved.len());
        for (m, keys) in local.mentions.iter().zip(&local.keys) {
            let span = m.span.shift(p.start);
            resolved.push(resolver.link(m, keys, span, text));
            abs_mentions.push(span);
        }
    }
    let entities = resolver.finish();

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
                let (entity, how) = resolved[first_mention[pi - 1] + m];
                quote.kind = QuoteKind::Speech;
                quote.attribution = Some(Attribution {
                    cue: Some(colon.shift(paragraphs[pi - 1].start)),
                    mention: Some(abs_mentions[first_mention[pi - 1] + m]),
                    entity,
                    how,
                });
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
                let (entity, _) = resolved[first_mention[pi - 1] + m];
                quote.kind = QuoteKind::Speech;
                quote.attribution = Some(Attribution {
                    cue: Some(cue.shift(paragraphs[pi - 1].start)),
                    mention: Some(abs_mentions[first_mention[pi - 1] + m]),
                    entity,
                    how: Resolution::Assumed,
                });
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
            quotes.push(quote);
        }
    }
    Analysis {
        style,
        paragraphs,
        quotes,
        entities,
        unbalanced,
    }
}
