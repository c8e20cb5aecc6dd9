//! The incremental [`Analyzer`] gives exactly what a fresh `analyze` gives, across long random
//! edit sequences: typing and deleting characters, quotation marks of both styles, line breaks,
//! whole paragraphs pasted, moved and deleted.

use copydesk::engine::{Analyzer, analyze};

const ARTICLE: &str = include_str!("../benches/fixtures/article-1k.txt");

/// A small deterministic PRNG (PCG-style LCG): no dependency, same sequence everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

const PIECES: &[&str] = &[
    "a",
    "e",
    " ",
    "said",
    " he said",
    ", she said.",
    "“",
    "”",
    "\"",
    "‘",
    "’",
    "'",
    "«",
    "»",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    ".",
    ",",
    ":",
    "Jen Psaki",
    "Mr. ",
    "the minister",
    "é",
    "😀",
    "``",
    "''",
];

/// One random edit, like a keystroke, a deletion, a paste or a cut.
fn edit(text: &mut String, rng: &mut Rng) {
    let at = floor(text, rng.below(text.len() + 1));
    match rng.below(10) {
        0..=4 => text.insert_str(at, PIECES[rng.below(PIECES.len())]),
        5..=6 => {
            let end = floor(text, at + 1 + rng.below(4));
            let end = if end <= at {
                text[at..].chars().next().map_or(at, |c| at + c.len_utf8())
            } else {
                end
            };
            text.replace_range(at..end, "");
        }
        7 => {
            // Paste a paragraph from the fixture.
            let lines: Vec<&str> = ARTICLE.lines().filter(|l| !l.is_empty()).collect();
            let line = lines[rng.below(lines.len())];
            text.insert_str(at, &format!("\n{line}\n"));
        }
        8 => {
            // Cut a larger stretch (possibly several paragraphs).
            let end = floor(text, at + rng.below(400));
            text.replace_range(at..end, "");
        }
        _ => {
            // Replace one quotation mark with another style of mark.
            let marks = ['“', '”', '"', '‘', '’', '\''];
            if let Some((i, c)) = text[at..].char_indices().find(|(_, c)| marks.contains(c)) {
                let i = at + i;
                let m = marks[rng.below(marks.len())];
                text.replace_range(i..i + c.len_utf8(), &m.to_string());
            }
        }
    }
}

fn check_sequence(seed: u64, start: &str, edits: usize) {
    let mut rng = Rng(seed);
    let mut analyzer = Analyzer::new();
    let mut text = start.to_string();
    for step in 0..edits {
        let incremental = analyzer.analyze(&text);
        let fresh = analyze(&text);
        assert!(
            incremental == fresh,
            "seed {seed}, step {step}: incremental analysis differs from a fresh one for\n{text:?}"
        );
        edit(&mut text, &mut rng);
    }
}

#[test]
fn random_edits_of_an_article_match_fresh_analysis() {
    for seed in 0..12 {
        check_sequence(seed, ARTICLE, 150);
    }
}

#[test]
fn random_edits_from_empty_match_fresh_analysis() {
    for seed in 100..110 {
        check_sequence(seed, "", 300);
    }
}

#[test]
fn a_single_keystroke_reanalyses_one_paragraph() {
    let mut analyzer = Analyzer::new();
    let mut text = ARTICLE.to_string();
    analyzer.analyze(&text);
    let at = text.find(" said").unwrap();
    text.insert(at, 'x');
    assert_eq!(analyzer.analyze(&text), analyze(&text));
    assert_eq!(analyzer.last_fresh(), 1);
}

#[test]
fn reusing_an_analyzer_across_documents_is_safe() {
    let mut analyzer = Analyzer::new();
    let a = "“Yes,” said Jen Psaki.\n\n“No,” she said.\n";
    let b = "‘Yes,’ said Jen Psaki.\n\n“No,” she said.\n";
    for text in [a, b, a, "", b, ARTICLE, a] {
        assert_eq!(analyzer.analyze(text), analyze(text));
    }
}

/// Several different articles one after another (many people, pronouns and role nouns whose
/// antecedents are paragraphs back), from the 100k-word fixture.
fn articles() -> String {
    let long = include_str!("../benches/fixtures/article-100k.txt");
    let mut text = String::new();
    for from in [0, long.len() / 3, long.len() * 2 / 3] {
        let a = floor(long, from);
        let b = floor(long, a + 3000);
        text.push_str(&long[a..b]);
        text.push_str("\n\n");
    }
    text
}

/// Edits the way a writer makes them: mostly close to the last one (typing, deleting, breaking
/// and joining paragraphs there), sometimes somewhere else (the start, the end, anywhere).
fn local_edit(text: &mut String, at: &mut usize, rng: &mut Rng) {
    *at = match rng.below(10) {
        0 => 0,
        1 => text.len(),
        2 => rng.below(text.len() + 1),
        _ => (*at + rng.below(120)).saturating_sub(60),
    };
    let p = floor(text, *at);
    *at = p;
    const TYPED: &[&str] = &[
        "a",
        " ",
        "e",
        ".",
        "\n\n",
        "\n",
        "”",
        "“",
        " She said.",
        " He said",
        "They",
        " the minister",
        " the spokeswoman said",
        "Jen Psaki",
        "Mr. ",
        " Smith",
        " said Ana Diaz, the mayor.",
    ];
    match rng.below(6) {
        0..=2 => text.insert_str(p, TYPED[rng.below(TYPED.len())]),
        3 => {
            // Delete a few characters (which may join two paragraphs).
            let end = floor(text, p + 1 + rng.below(6));
            let end = if end <= p {
                text[p..].chars().next().map_or(p, |c| p + c.len_utf8())
            } else {
                end
            };
            text.replace_range(p..end, "");
        }
        4 => {
            // Join this paragraph with the next one.
            if let Some(i) = text[p..].find("\n\n") {
                text.replace_range(p + i..p + i + 2, " ");
            }
        }
        _ => {
            // Split the paragraph at the next sentence end.
            if let Some(i) = text[p..].find(". ") {
                text.replace_range(p + i + 1..p + i + 2, "\n\n");
            }
        }
    }
}

#[test]
fn local_edits_across_articles_match_fresh_analysis() {
    let start = articles();
    let (mut resumed, mut took_over) = (0, 0);
    for seed in 0..6 {
        let mut rng = Rng(1000 + seed);
        let mut analyzer = Analyzer::new();
        let mut text = start.clone();
        let mut at = floor(&text, rng.below(text.len()));
        for step in 0..80 {
            matches_fresh(&mut analyzer, &text, &format!("seed {seed}, step {step}"));
            if analyzer.last_linked_from() > 0 {
                resumed += 1;
            }
            if analyzer.last_took_over() {
                took_over += 1;
            }
            local_edit(&mut text, &mut at, &mut rng);
        }
    }
    // Most passes went on from a checkpoint rather than from the start.
    assert!(resumed > 150, "{resumed} of 480 passes resumed");
    // Some stopped after the edited paragraph (the next edit close to the last one, in the
    // same paragraph, leaving the resolver's state after it as it was).
    assert!(took_over > 20, "{took_over} of 480 passes stopped early");
}

/// Typing and deleting inside one paragraph, as a writer does: after the first keystroke,
/// each pass stops after that paragraph when the edit leaves its mentions alone (words typed
/// into a quote and deleted again) and goes on to the end when it does not (a name or a
/// pronoun typed after the quote), and every analysis equals a fresh one.
#[test]
fn typing_in_one_paragraph_stops_the_pass_after_it_exactly() {
    let start = articles();
    // A paragraph in the middle that holds a quote and a mention after it.
    let mid = start.len() / 2;
    let close = mid + start[mid..].find('”').expect("a closing mark");
    let mut text = start.clone();
    let mut analyzer = Analyzer::new();
    analyzer.analyze(&text);
    let (mut stopped, mut went_on) = (0, 0);
    // What is typed inside the quote (before its closing mark) and then after it; "" deletes
    // what was typed so far, a char at a time.
    let inside = [
        "x",
        "y",
        "",
        " word",
        "",
        " He said",
        "",
        " Jen Psaki said",
        "",
        "z",
        "q",
        "",
    ];
    let after = [" Jen Psaki said", "", " he said", ""];
    let mut steps = Vec::new();
    for (at, typed) in [(close, &inside[..]), (close + '”'.len_utf8(), &after[..])] {
        let mut inserted = String::new();
        for piece in typed {
            if piece.is_empty() {
                while let Some(c) = inserted.pop() {
                    let from = at + inserted.len();
                    steps.push((from, from + c.len_utf8(), ""));
                }
            } else {
                steps.push((at + inserted.len(), at + inserted.len(), *piece));
                inserted.push_str(piece);
            }
        }
    }
    for (step, &(from, to, piece)) in steps.iter().enumerate() {
        text.replace_range(from..to, piece);
        let incremental = analyzer.analyze(&text);
        assert!(
            incremental == analyze(&text),
            "step {step}: incremental analysis differs from a fresh one for\n{text:?}"
        );
        if analyzer.last_took_over() {
            stopped += 1;
        } else {
            went_on += 1;
        }
    }
    assert_eq!(text, start);
    // A name typed after the quote is a new mention: those passes go on to the end.
    assert!(went_on >= 2, "{went_on} passes went on to the end");
    assert!(
        stopped * 2 >= steps.len(),
        "{stopped} of {} passes stopped early",
        steps.len()
    );
}

/// A probe that says stop from its `k + 1`-th call on.
fn stop_after(k: usize) -> impl Fn() -> bool {
    let calls = std::cell::Cell::new(0);
    move || {
        calls.set(calls.get() + 1);
        calls.get() > k
    }
}

/// An editor typing faster than the analysis: some versions' analyses are stopped at a random
/// point (among the paragraphs, in the document pass, or not at all when the probe's budget
/// outlasts the work), one or several in a row, and the next analysis that runs to the end is
/// always a fresh one's.
#[test]
fn analyses_cancelled_at_random_points_leave_the_analyzer_exact() {
    let start = articles();
    let (mut cancelled, mut finished) = (0, 0);
    for seed in 0..8 {
        let mut rng = Rng(2000 + seed);
        let mut analyzer = Analyzer::new();
        let mut text = if seed % 2 == 0 {
            start.clone()
        } else {
            ARTICLE.to_string()
        };
        let mut at = floor(&text, rng.below(text.len()));
        for step in 0..100 {
            // Most probes stop early; a few have a budget larger than the whole document.
            let k = match rng.below(4) {
                0 => rng.below(3),
                1 | 2 => rng.below(40),
                _ => rng.below(400),
            };
            match analyzer.analyze_cancellable(&text, &stop_after(k)) {
                Err(_) => cancelled += 1,
                Ok(a) => {
                    finished += 1;
                    assert!(
                        a == analyze(&text),
                        "seed {seed}, step {step}: an analysis its probe let finish differs from a fresh one for\n{text:?}"
                    );
                }
            }
            if rng.below(3) == 0 {
                let incremental = analyzer.analyze(&text);
                assert!(
                    incremental == analyze(&text),
                    "seed {seed}, step {step}: the analysis after a cancelled one differs from a fresh one for\n{text:?}"
                );
            }
            if rng.below(2) == 0 {
                local_edit(&mut text, &mut at, &mut rng);
            } else {
                edit(&mut text, &mut rng);
            }
        }
        let incremental = analyzer.analyze(&text);
        assert!(
            incremental == analyze(&text),
            "seed {seed}: the last analysis differs from a fresh one for\n{text:?}"
        );
    }
    assert!(
        cancelled > 300 && finished > 100,
        "{cancelled} cancelled, {finished} finished"
    );
}

/// The analyzer's analysis of `text` (the next version of its document) equals a fresh one.
fn matches_fresh(analyzer: &mut Analyzer, text: &str, when: &str) {
    let incremental = analyzer.analyze(text);
    assert!(
        incremental == analyze(text),
        "{when}: incremental analysis differs from a fresh one for\n{text:?}"
    );
}

/// Deleting a closing quotation mark re-pairs the paragraph's quotes (the words after it are
/// quoted now, a mention goes): the pass after it goes on to the end. Putting the mark back
/// gives the text of two versions ago, and from then on each pass stops after the paragraph
/// against the pass before the last one; every analysis equals a fresh one.
#[test]
fn undoing_an_edit_stops_the_pass_against_the_one_before() {
    let start = articles();
    let closers: Vec<usize> = start
        .char_indices()
        .zip(start.chars().skip(1))
        .filter(|&((_, c), next)| matches!(c, '.' | ',' | '!' | '?') && next == '”')
        .map(|((i, c), _)| i + c.len_utf8())
        .collect();
    assert!(closers.len() > 20, "{} closing marks", closers.len());
    let (mut passes, mut stopped) = (0, 0);
    for &at in closers.iter().step_by(closers.len() / 8) {
        let mut text = start.clone();
        let mut analyzer = Analyzer::new();
        analyzer.analyze(&text);
        for step in 0..6 {
            if step % 2 == 0 {
                text.replace_range(at..at + '”'.len_utf8(), "");
            } else {
                text.insert(at, '”');
            }
            let incremental = analyzer.analyze(&text);
            assert!(
                incremental == analyze(&text),
                "mark at {at}, step {step}: incremental analysis differs from a fresh one for\n{text:?}"
            );
            // The first deletion and the first restore have no pass to stop against: the
            // analyzer's first pass kept no state after this paragraph.
            if step > 1 {
                passes += 1;
                stopped += usize::from(analyzer.last_took_over());
            }
        }
        assert_eq!(text[..at], start[..at]);
    }
    // A mark whose quote credits nobody after it changes no mention: those passes stop
    // against the last one. Either way nearly all of them stop.
    assert!(
        stopped * 10 >= passes * 9,
        "{stopped} of {passes} passes stopped early"
    );
}

/// A typo in a name after a quote, taken out again with backspace: the typo makes a different
/// mention, so its pass goes on to the end; the backspace gives back the text of two versions
/// ago, and its pass stops after the paragraph.
#[test]
fn backspacing_a_typo_stops_the_pass_early() {
    let start = articles();
    let mid = start.len() / 2;
    let at = mid + start[mid..].find("” ").expect("a closing mark") + '”'.len_utf8();
    let mut text = start.clone();
    text.insert_str(at, " said Jen Psaki");
    let mut analyzer = Analyzer::new();
    analyzer.analyze(&text);
    let mut stopped = Vec::new();
    // A typo inside "Jen", inside "Psaki" and after it, each taken out at once.
    for (k, typo) in [(6, 'x'), (10, 'q'), (13, 'z'), (15, 'y'), (2, 'w')] {
        for backspace in [false, true] {
            if backspace {
                text.remove(at + k);
            } else {
                text.insert(at + k, typo);
            }
            let incremental = analyzer.analyze(&text);
            assert!(
                incremental == analyze(&text),
                "typo {typo:?}, backspace {backspace}: incremental analysis differs from a fresh one for\n{text:?}"
            );
            if backspace {
                stopped.push(analyzer.last_took_over());
            }
        }
    }
    // The first backspace has no pass to stop against: the analyzer's first pass kept no
    // state after this paragraph.
    assert!(
        stopped[1..].iter().all(|s| *s),
        "backspaces that stopped early: {stopped:?}"
    );
}

/// Random edits near one another, each undone now and then (the previous text given back),
/// sometimes twice in a row (redo): every analysis equals a fresh one.
#[test]
fn random_edits_with_undo_and_redo_match_fresh_analysis() {
    let start = articles();
    let mut took_over = 0;
    for seed in 0..6 {
        let mut rng = Rng(3000 + seed);
        let mut analyzer = Analyzer::new();
        let mut text = start.clone();
        let mut previous = text.clone();
        let mut at = floor(&text, rng.below(text.len()));
        for step in 0..80 {
            matches_fresh(&mut analyzer, &text, &format!("seed {seed}, step {step}"));
            took_over += usize::from(analyzer.last_took_over());
            if rng.below(3) == 0 {
                // Undo (or redo, after an undo): back to the text before the last edit.
                std::mem::swap(&mut text, &mut previous);
            } else {
                previous = text.clone();
                local_edit(&mut text, &mut at, &mut rng);
            }
        }
    }
    assert!(took_over > 60, "{took_over} of 480 passes stopped early");
}
