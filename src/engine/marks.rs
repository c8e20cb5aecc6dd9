//! Quotation marks: which article style is in use, which marks are quotes rather than
//! apostrophes or primes, and how they pair up within a paragraph.

use std::sync::OnceLock;

use regex::Regex;

use super::model::{Marks, QuoteStyle, Span};
use super::text::dash_as_em;

/// A quote found in one paragraph, spans relative to the paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocalQuote {
    /// Opening mark to closing mark; to the paragraph's end when it never closes.
    pub span: Span,
    pub inner: Span,
    pub closed: bool,
    pub marks: Marks,
}

/// The outer quotes of one paragraph.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParagraphQuotes {
    pub quotes: Vec<LocalQuote>,
    /// Closing marks with no opening mark before them.
    pub stray_closers: Vec<Span>,
}

/// Stretches where a mark is markup, not prose: HTML-like tags and URLs.
fn excluded(text: &str) -> Vec<Span> {
    // Every match holds a `<` (a tag) or a `:` (a URL's "://"): most paragraphs have neither,
    // and one `memchr2` over them costs a fraction of a regex search.
    if memchr::memchr2(b'<', b':', text.as_bytes()).is_none() {
        return Vec::new();
    }
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r#"<[A-Za-z/!][^<>\n]*>|https?://[^\s"“”]+"#).expect("valid markup pattern")
    });
    re.find_iter(text)
        .map(|m| Span::new(m.start(), m.end()))
        .collect()
}

fn is_opening_context(prev: Option<char>) -> bool {
    prev.map(dash_as_em).is_none_or(|p| {
        p.is_whitespace()
            || matches!(
                p,
                '(' | '[' | '{' | '—' | '–' | '-' | '/' | '“' | '‘' | '"' | '\'' | ':'
            )
    })
}

fn is_closing_context(next: Option<char>) -> bool {
    next.map(dash_as_em).is_none_or(|n| {
        n.is_whitespace()
            || matches!(
                n,
                '.' | ','
                    | ';'
                    | ':'
                    | '!'
                    | '?'
                    | ')'
                    | ']'
                    | '}'
                    | '—'
                    | '–'
                    | '-'
                    | '/'
                    | '”'
                    | '’'
                    | '"'
                    | '\''
                    | '…'
            )
    })
}

/// Mark context: what stands either side.
#[derive(Clone, Copy)]
struct Ctx {
    prev: Option<char>,
    next: Option<char>,
}

impl Ctx {
    fn opener_like(self) -> bool {
        is_opening_context(self.prev) && self.next.is_some_and(|n| !n.is_whitespace())
    }
    fn closer_like(self) -> bool {
        self.prev.is_some_and(|p| !p.is_whitespace()) && is_closing_context(self.next)
    }
    /// Between two letters or digits: an apostrophe (don't, Trump’s).
    fn inside_word(self) -> bool {
        self.prev.is_some_and(char::is_alphanumeric) && self.next.is_some_and(char::is_alphanumeric)
    }
}

/// Decides the house style: British copy opens quotes with single marks and nests double ones.
/// Each paragraph votes with the first opening mark it uses; nested marks never come first.
pub fn detect_style(text: &str) -> QuoteStyle {
    style_of(style_votes(text))
}

/// The style a tally of [`style_votes`] gives.
pub fn style_of(votes: StyleVotes) -> QuoteStyle {
    if votes.single > votes.double {
        QuoteStyle::Single
    } else {
        QuoteStyle::Double
    }
}

/// Lines voting for each house style. Votes add up line by line (lines end at `\n`), so the
/// tally of a text is the sum of the tallies of its lines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StyleVotes {
    pub double: usize,
    pub single: usize,
}

impl StyleVotes {
    pub fn add(&mut self, other: StyleVotes) {
        self.double += other.double;
        self.single += other.single;
    }
    pub fn sub(&mut self, other: StyleVotes) {
        self.double -= other.double;
        self.single -= other.single;
    }
}

/// The votes of every line of `text` (see [`detect_style`]).
pub fn style_votes(text: &str) -> StyleVotes {
    // One scan of the whole text for the bytes that can start a voting mark, not a search per
    // line: a line without one costs nothing, and after a line's vote the scan goes on at the
    // start of the next line. A mark's context is read within its line.
    let mut votes = StyleVotes::default();
    let bytes = text.as_bytes();
    let mut i = 0;
    // ' ` " are ASCII; “ „ ‘ are E2 80 9C / 9E / 98 (0xE2 only ever leads a char). The
    // backtick, rare, is found with its own `memchr` and kept until the search passes it.
    let mut tick = memchr::memchr(b'`', bytes).unwrap_or(bytes.len());
    loop {
        let common = memchr::memchr3(b'\'', b'"', 0xE2, &bytes[i..]).map_or(bytes.len(), |k| i + k);
        if tick < i {
            tick = memchr::memchr(b'`', &bytes[i..]).map_or(bytes.len(), |k| i + k);
        }
        i = common.min(tick);
        if i >= bytes.len() {
            break;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let end = i + c.len_utf8();
        let ctx = Ctx {
            // A `\r` before a `\n` stays in its line: at the end of a line a `\r` and nothing
            // are alike for every rule here (both fail `opener_like` and match no mark).
            prev: if i == 0 || bytes[i - 1] == b'\n' {
                None
            } else {
                text[..i].chars().next_back()
            },
            next: match bytes.get(end) {
                None | Some(b'\n') => None,
                Some(_) => text[end..].chars().next(),
            },
        };
        match vote(c, ctx) {
            Some(style) => {
                match style {
                    QuoteStyle::Double => votes.double += 1,
                    QuoteStyle::Single => votes.single += 1,
                }
                i = memchr::memchr(b'\n', &bytes[end..]).map_or(bytes.len(), |k| end + k + 1);
            }
            None => i = end,
        }
    }
    votes
}

/// The style a mark `c` in context `ctx` votes for, if it opens a quote in one style.
fn vote(c: char, ctx: Ctx) -> Option<QuoteStyle> {
    match c {
        '“' | '„' => Some(QuoteStyle::Double),
        '\'' | '`' if ctx.next == Some(c) => Some(QuoteStyle::Double),
        '"' if ctx.opener_like() => Some(QuoteStyle::Double),
        '‘' if ctx.opener_like() => Some(QuoteStyle::Single),
        '\'' if ctx.opener_like() && ctx.next.is_some_and(char::is_alphabetic) => {
            Some(QuoteStyle::Single)
        }
        _ => None,
    }
}

/// What a character does at a given place, for the article's style.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    Open,
    Close,
    /// Opens when no quote is open, closes when one is (straight marks).
    Toggle,
    /// Could close an open quote, but is not an error when nothing is open (’ after a plural).
    MaybeClose,
    None,
}

/// A mark that opens quotes in this style. While a quote is open it is nested (ignored), unless
/// it stands where a closing mark would: a misused opener closes ("Apparently not,“ he said).
fn opening_mark(ctx: Ctx, open: bool) -> Role {
    if open && ctx.closer_like() && !ctx.opener_like() {
        Role::Close
    } else if open {
        Role::None
    } else {
        Role::Open
    }
}

fn role(c: char, ctx: Ctx, style: QuoteStyle, open: bool) -> Role {
    match style {
        QuoteStyle::Double => match c {
            '“' | '„' | '«' => opening_mark(ctx, open),
            '”' | '»' => {
                if !open && ctx.opener_like() && !ctx.closer_like() {
                    Role::Open
                } else {
                    Role::Close
                }
            }
            '"' => {
                // A prime after a digit: 5'10".
                if ctx.prev.is_some_and(|p| p.is_ascii_digit()) && !open {
                    return Role::None;
                }
                if !open && ctx.closer_like() && !ctx.opener_like() {
                    Role::Close
                } else {
                    Role::Toggle
                }
            }
            _ => Role::None,
        },
        QuoteStyle::Single => match c {
            '‘' => opening_mark(ctx, open),
            '’' | '\'' => {
                if ctx.inside_word() {
                    Role::None
                } else if !open
                    && ctx.opener_like()
                    && ctx.next.is_some_and(char::is_alphabetic)
                    && c == '\''
                {
                    Role::Open
                } else if ctx.closer_like() {
                    if open { Role::MaybeClose } else { Role::None }
                } else {
                    Role::None
                }
            }
            _ => Role::None,
        },
    }
}

/// `”` at byte `b` as the inch mark of a height inside a quote ("he’s like 6’3”,” Delaney
/// said", "my sister is 5’2”. She …”"): feet, inches, and a `”` later in the paragraph.
fn inch_mark(para: &str, b: usize) -> bool {
    let before = &para[..b];
    let digits = before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let feet = before[..before.len() - digits].ends_with(['’', '\'']);
    let after = &para[b + '”'.len_utf8()..];
    // A closing mark still to come in the paragraph closes the quote instead.
    digits > 0 && feet && after.contains('”')
}

/// A quotation mark as the pairing reads it: the char it stands for, where it is, its width in
/// bytes and whether it is a doubled typewriter mark (`''`, ``` `` ```).
struct Mark {
    c: char,
    at: usize,
    width: usize,
    doubled: bool,
}

/// Applies the role `r` of `mark` to the quote open at `(byte, mark width, marks)`, if any:
/// opens one, closes it into `out`, or records a stray closer. `nested` counts the curly
/// quotes open inside a quote opened by a straight mark or by `“`: a writer who quotes inside
/// a quote with `“…”` closes the inner quote with that `”`, not the outer one (`"The
/// council isn’t about “open books” anymore.`).
fn apply(
    out: &mut ParagraphQuotes,
    open_at: &mut Option<(usize, usize, Marks)>,
    nested: &mut u32,
    para: &str,
    r: Role,
    mark: Mark,
) {
    let Mark {
        c,
        at: b,
        width,
        doubled,
    } = mark;
    let end = b + width;
    let nests = open_at.is_some_and(|(o, olen, _)| {
        (olen == 1 && para[o..].starts_with('"')) || para[o..].starts_with('“')
    });
    if nests {
        if c == '“' && r == Role::None {
            *nested += 1;
            return;
        }
        if c == '”' && r == Role::Close && *nested > 0 {
            *nested -= 1;
            return;
        }
    }
    if r != Role::None {
        *nested = 0;
    }
    match (r, *open_at) {
        (Role::Open | Role::Toggle, None) => {
            let marks = if doubled {
                Marks::Typewriter
            } else if matches!(c, '‘' | '’' | '\'') {
                Marks::Single
            } else {
                Marks::Double
            };
            *open_at = Some((b, width, marks));
        }
        (Role::Close | Role::Toggle | Role::MaybeClose, Some((o, olen, marks))) => {
            out.quotes.push(LocalQuote {
                span: Span::new(o, end),
                inner: trim(para, Span::new(o + olen, b)),
                closed: true,
                marks,
            });
            *open_at = None;
        }
        (Role::Close, None) => out.stray_closers.push(Span::new(b, end)),
        _ => {}
    }
}

/// A quote still open at the end of the paragraph runs to its end, unclosed.
fn close_open(out: &mut ParagraphQuotes, open_at: Option<(usize, usize, Marks)>, para: &str) {
    if let Some((o, olen, marks)) = open_at {
        out.quotes.push(LocalQuote {
            span: Span::new(o, para.len()),
            inner: trim(para, Span::new(o + olen, para.len())),
            closed: false,
            marks,
        });
    }
}

/// Pairs the outer quotation marks of one paragraph.
pub fn pair_quotes(para: &str, style: QuoteStyle) -> ParagraphQuotes {
    let skip = excluded(para);
    let mut out = ParagraphQuotes::default();
    let bytes = para.as_bytes();
    let at = |i: usize| para.get(i..).and_then(|t| t.chars().next());
    let mut open_at: Option<(usize, usize, Marks)> = None; // (byte, mark width, marks)
    let mut nested = 0;
    let mut skip_i = 0;
    let mut i = 0;
    // Only these bytes can start a mark: ' " and the lead byte of “ ” „ ‘ ’ (E2), found with
    // `memchr3`; and ` and the lead byte of « » (C2), rarer, found with `memchr2` and kept
    // until the search passes them.
    let mut rare = memchr::memchr2(b'`', 0xC2, bytes).unwrap_or(bytes.len());
    loop {
        let common = memchr::memchr3(b'"', b'\'', 0xE2, &bytes[i..]).map_or(bytes.len(), |k| i + k);
        if rare < i {
            rare = memchr::memchr2(b'`', 0xC2, &bytes[i..]).map_or(bytes.len(), |k| i + k);
        }
        i = common.min(rare);
        if i >= bytes.len() {
            break;
        }
        let b = i;
        let Some(mut c) = at(b) else { break };
        i += c.len_utf8();
        if !matches!(
            c,
            '“' | '”' | '„' | '«' | '»' | '"' | '‘' | '’' | '\'' | '`'
        ) {
            continue;
        }
        // Two apostrophes or two backticks stand for a double mark in some wire copy (''So,'' he said).
        let mut width = c.len_utf8();
        let mut doubled = false;
        if style == QuoteStyle::Double && matches!(c, '\'' | '`') && at(i) == Some(c) {
            c = if c == '`' { '“' } else { '"' };
            width = 2;
            doubled = true;
            i += 1;
        } else if c == '`' {
            continue;
        }
        while skip_i < skip.len() && skip[skip_i].end <= b {
            skip_i += 1;
        }
        if skip.get(skip_i).is_some_and(|s| s.contains(b)) {
            continue;
        }
        let ctx = Ctx {
            prev: para[..b].chars().next_back(),
            next: at(i),
        };
        let r = role(c, ctx, style, open_at.is_some());
        let r = if r == Role::MaybeClose && plural_possessive(para, b, c)
            || c == '”' && inch_mark(para, b)
        {
            Role::None
        } else {
            r
        };
        let mark = Mark {
            c,
            at: b,
            width,
            doubled,
        };
        apply(&mut out, &mut open_at, &mut nested, para, r, mark);
    }
    close_open(&mut out, open_at, para);
    out
}

/// `’` (the mark `c` at byte `b`) after an `s` and before a lower-case word, with another
/// closing candidate later in the paragraph: "the voters’ anger" rather than the end of the
/// quote.
fn plural_possessive(para: &str, b: usize, c: char) -> bool {
    let prev_s = para[..b].ends_with('s');
    let rest = &para[b + c.len_utf8()..];
    let mut after = rest.chars();
    let (n1, n2) = (after.next(), after.next());
    let next_lower = n2.is_some_and(char::is_lowercase) && n1 == Some(' ');
    if !(prev_s && next_lower) || no_noun_after_possessive(&rest[1..]) {
        return false;
    }
    rest.contains(['’', '\''])
}

/// Words that never follow a plural possessive, which a noun or an adjective follows: after
/// "’" the quote has ended ("‘not going to take lectures’ from the opposition").
const AFTER_A_QUOTE: &[&str] = &[
    "from", "to", "at", "in", "on", "by", "with", "and", "or", "but", "as", "is", "was", "were",
    "are", "that", "which", "who", "when", "while", "because", "he", "she", "they", "it", "the",
    "a", "an", "of", "for", "said", "says", "added", "told", "than", "then", "after", "before",
];

/// `text` (what follows the mark and its space) starts with a word of [`AFTER_A_QUOTE`].
fn no_noun_after_possessive(text: &str) -> bool {
    let end = text
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(text.len());
    AFTER_A_QUOTE.contains(&&text[..end])
}

fn trim(text: &str, s: Span) -> Span {
    let inner = &text[s.start..s.end.max(s.start)];
    let lead = inner.len() - inner.trim_start().len();
    Span::new(s.start + lead, s.start + lead + inner.trim().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The votes as they were counted before the whole-text scan: line by line, each line's
    /// first voting mark by chars. The reference the scan must agree with.
    fn style_votes_by_line(text: &str) -> StyleVotes {
        let mut votes = StyleVotes::default();
        for line in text.split('\n') {
            let chars: Vec<(usize, char)> = line.char_indices().collect();
            for (k, &(_, c)) in chars.iter().enumerate() {
                let ctx = Ctx {
                    prev: k.checked_sub(1).map(|p| chars[p].1),
                    next: chars.get(k + 1).map(|n| n.1),
                };
                if let Some(style) = vote(c, ctx) {
                    match style {
                        QuoteStyle::Double => votes.double += 1,
                        QuoteStyle::Single => votes.single += 1,
                    }
                    break;
                }
            }
        }
        votes
    }

    #[test]
    fn style_votes_scan_agrees_with_a_count_line_by_line() {
        let pieces = [
            "“", "”", "‘", "’", "„", "'", "''", "\"", "`", "``", "a", "Word", " ", "\n", "\r\n",
            "\n\n", "5", "—", "(", "é", "\u{2003}",
        ];
        let mut texts = Vec::new();
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    texts.push(format!("{a}{b}{c}"));
                    for d in ["'", "‘", "\n", "x"] {
                        texts.push(format!("{a}{b}{c}{d}"));
                        texts.push(format!("{d}{a}{b} {c}"));
                    }
                }
            }
        }
        texts.push(std::fs::read_to_string("examples/article.txt").unwrap_or_default());
        for t in &texts {
            assert_eq!(style_votes(t), style_votes_by_line(t), "{t:?}");
        }
    }

    fn quotes(para: &str, style: QuoteStyle) -> Vec<&str> {
        pair_quotes(para, style)
            .quotes
            .iter()
            .map(|q| q.span.slice(para))
            .collect()
    }

    /// Pairs the outer quotation marks of one paragraph.
    fn pair_quotes_by_char_list(para: &str, style: QuoteStyle) -> ParagraphQuotes {
        let skip = excluded(para);
        let mut out = ParagraphQuotes::default();
        let chars: Vec<(usize, char)> = para.char_indices().collect();
        let mut open_at: Option<(usize, usize, Marks)> = None; // (byte, mark width, marks)
        let mut nested = 0;
        let mut skip_i = 0;
        let mut k = 0;
        while k < chars.len() {
            let (b, mut c) = chars[k];
            k += 1;
            if !matches!(
                c,
                '“' | '”' | '„' | '«' | '»' | '"' | '‘' | '’' | '\'' | '`'
            ) {
                continue;
            }
            // Two apostrophes or two backticks stand for a double mark in some wire copy (''So,'' he said).
            let mut width = c.len_utf8();
            let mut doubled = false;
            if style == QuoteStyle::Double
                && matches!(c, '\'' | '`')
                && chars.get(k).is_some_and(|&(_, n)| n == c)
            {
                c = if c == '`' { '“' } else { '"' };
                width = 2;
                doubled = true;
                k += 1;
            } else if c == '`' {
                continue;
            }
            while skip_i < skip.len() && skip[skip_i].end <= b {
                skip_i += 1;
            }
            if skip.get(skip_i).is_some_and(|s| s.contains(b)) {
                continue;
            }
            let first = k - if doubled { 2 } else { 1 };
            let ctx = Ctx {
                prev: first.checked_sub(1).map(|p| chars[p].1),
                next: chars.get(k).map(|&(_, n)| n),
            };
            let r = role(c, ctx, style, open_at.is_some());
            let r = if r == Role::MaybeClose && plural_possessive_by_char_list(para, &chars, first)
                || c == '”' && inch_mark(para, b)
            {
                Role::None
            } else {
                r
            };
            let mark = Mark {
                c,
                at: b,
                width,
                doubled,
            };
            apply(&mut out, &mut open_at, &mut nested, para, r, mark);
        }
        close_open(&mut out, open_at, para);
        out
    }

    /// `’` after an `s` and before a lower-case word, with another closing candidate later in the
    /// paragraph: "the voters’ anger" rather than the end of the quote.
    fn plural_possessive_by_char_list(para: &str, chars: &[(usize, char)], k: usize) -> bool {
        let prev_s = k > 0 && chars[k - 1].1 == 's';
        let next_lower = chars.get(k + 2).is_some_and(|&(_, c)| c.is_lowercase())
            && chars.get(k + 1).is_some_and(|&(_, c)| c == ' ');
        let rest = &para[chars[k].0 + chars[k].1.len_utf8()..];
        if !(prev_s && next_lower) || no_noun_after_possessive(&rest[1..]) {
            return false;
        }
        rest.contains(['’', '\''])
    }

    #[test]
    fn a_closing_mark_after_a_plural_before_a_preposition_ends_the_quote() {
        // British single marks: "lectures’ from" ends the partial quote ...
        let para =
            "He was ‘not going to take lectures’ from them. ‘We’ve turned the corner,’ he added.";
        assert_eq!(
            quotes(para, QuoteStyle::Single),
            vec!["‘not going to take lectures’", "‘We’ve turned the corner,’"]
        );
        // ... while "the workers’ rights" is a possessive inside the quote.
        let para = "She said: ‘It is about the workers’ rights, not ours.’ Then she left.";
        assert_eq!(
            quotes(para, QuoteStyle::Single),
            vec!["‘It is about the workers’ rights, not ours.’"]
        );
    }

    #[test]
    fn curly_quotes_inside_a_straight_quote_are_nested() {
        // Opened with a straight mark, never closed: it runs on to the next paragraph.
        let para = "\"The board isn’t about “fair play” anymore. It is about power.";
        assert_eq!(quotes(para, QuoteStyle::Double), vec![para]);
        let para = "Ruiz said, \"They call it “reform” but it is a raid.\" Then she left.";
        assert_eq!(
            quotes(para, QuoteStyle::Double),
            vec!["\"They call it “reform” but it is a raid.\""]
        );
        // A curly quote opened on its own still closes with its own mark.
        let para = "“We are done,” she said.";
        assert_eq!(quotes(para, QuoteStyle::Double), vec!["“We are done,”"]);
        // Curly marks nested in curly marks (where house style wants single ones) nest too.
        let para = "“Her claim that the levy “has to do with schools” is false,” wrote Okafor.";
        assert_eq!(
            quotes(para, QuoteStyle::Double),
            vec!["“Her claim that the levy “has to do with schools” is false,”"]
        );
    }

    #[test]
    fn pairs_are_those_of_the_char_list_pairing() {
        let pieces = [
            "“",
            "”",
            "„",
            "«",
            "»",
            "\"",
            "‘",
            "’",
            "'",
            "`",
            "a",
            "s",
            " ",
            ".",
            ",",
            "<b>",
            "é",
            "http://x.y/\"",
            "''",
            "``",
            "Σ",
        ];
        let mut seed: u64 = 3;
        for _ in 0..20_000 {
            let mut text = String::new();
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let mut r = seed;
            for _ in 0..(r >> 59) + 1 {
                text.push_str(pieces[(r % pieces.len() as u64) as usize]);
                r /= pieces.len() as u64;
                if r == 0 {
                    r = seed.rotate_left(23);
                }
            }
            for style in [QuoteStyle::Double, QuoteStyle::Single] {
                assert_eq!(
                    pair_quotes(&text, style),
                    pair_quotes_by_char_list(&text, style),
                    "{text:?} {style:?}"
                );
            }
        }
    }

    #[test]
    fn curly_and_straight_double_quotes_pair() {
        let p = "“A,” he said, \"B.\"";
        assert_eq!(quotes(p, QuoteStyle::Double), vec!["“A,”", "\"B.\""]);
    }

    #[test]
    fn nested_single_quotes_stay_inside() {
        let p = "“He told me ‘no’ twice,” she said.";
        assert_eq!(
            quotes(p, QuoteStyle::Double),
            vec!["“He told me ‘no’ twice,”"]
        );
    }

    #[test]
    fn apostrophes_and_primes_are_not_quotes() {
        let p = "Trump’s rock ’n’ roll in the ’90s: he is 5'10\" and don't care.";
        assert!(quotes(p, QuoteStyle::Double).is_empty());
        assert!(quotes(p, QuoteStyle::Single).is_empty());
        assert!(pair_quotes(p, QuoteStyle::Double).stray_closers.is_empty());
    }

    #[test]
    fn a_height_inside_a_quote_closes_nothing() {
        assert_eq!(
            quotes("“He’s like 6’3”,” Delaney said.", QuoteStyle::Double),
            vec!["“He’s like 6’3”,”"]
        );
        assert_eq!(
            quotes(
                "“My sister is 5’2”. She hates crowds.” he said",
                QuoteStyle::Double
            ),
            vec!["“My sister is 5’2”. She hates crowds.”"]
        );
        // With no mark after it, the same ” closes the quote.
        assert_eq!(
            quotes("“He is 5’2”", QuoteStyle::Double),
            vec!["“He is 5’2”"]
        );
    }

    #[test]
    fn british_style_pairs_single_marks_around_apostrophes() {
        let text = "‘We won’t give up the voters’ trust,’ she said. ‘He said “never”.’";
        assert_eq!(detect_style(text), QuoteStyle::Single);
        assert_eq!(
            quotes(text, QuoteStyle::Single),
            vec![
                "‘We won’t give up the voters’ trust,’",
                "‘He said “never”.’"
            ]
        );
    }

    /// The char-by-char vote `detect_style` did before it scanned bytes.
    fn detect_style_by_chars(text: &str) -> QuoteStyle {
        let (mut double, mut single) = (0usize, 0usize);
        for line in text.lines() {
            let mut prev: Option<char> = None;
            let mut it = line.chars().peekable();
            while let Some(c) = it.next() {
                let ctx = Ctx {
                    prev,
                    next: it.peek().copied(),
                };
                let vote = match c {
                    '“' | '„' => Some(&mut double),
                    '\'' | '`' if ctx.next == Some(c) => Some(&mut double),
                    '"' if ctx.opener_like() => Some(&mut double),
                    '‘' if ctx.opener_like() => Some(&mut single),
                    '\'' if ctx.opener_like() && ctx.next.is_some_and(char::is_alphabetic) => {
                        Some(&mut single)
                    }
                    _ => None,
                };
                if let Some(v) = vote {
                    *v += 1;
                    break;
                }
                prev = Some(c);
            }
        }
        if single > double {
            QuoteStyle::Single
        } else {
            QuoteStyle::Double
        }
    }

    #[test]
    fn byte_scan_votes_as_the_char_scan_did() {
        let pieces = [
            "‘", "’", "“", "”", "„", "'", "`", "\"", "a", " ", "\n", "\r", "\r\n", "(", "é", "—",
        ];
        let mut seed: u64 = 11;
        for _ in 0..20_000 {
            let mut text = String::new();
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let mut r = seed;
            for _ in 0..(r >> 60) + 2 {
                text.push_str(pieces[(r % pieces.len() as u64) as usize]);
                r /= pieces.len() as u64;
            }
            assert_eq!(
                detect_style(&text),
                detect_style_by_chars(&text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn american_style_is_the_default() {
        assert_eq!(
            detect_style("“We will,” he said. ‘Fine’ is a word."),
            QuoteStyle::Double
        );
        assert_eq!(
            detect_style("No quotes at all, don't worry."),
            QuoteStyle::Double
        );
    }

    #[test]
    fn unclosed_quote_runs_to_paragraph_end() {
        let pq = pair_quotes("“We will fight on", QuoteStyle::Double);
        assert_eq!(pq.quotes.len(), 1);
        assert!(!pq.quotes[0].closed);
        assert_eq!(pq.quotes[0].span.start, 0);
    }

    #[test]
    fn stray_closing_mark_is_reported() {
        let p = "We will fight,” he said.";
        let pq = pair_quotes(p, QuoteStyle::Double);
        assert!(pq.quotes.is_empty());
        let at = p.find('”').unwrap();
        assert_eq!(pq.stray_closers, vec![Span::new(at, at + '”'.len_utf8())]);
    }

    #[test]
    fn marks_inside_markup_are_ignored() {
        let p = "<tweet author=\"@someone\">Hello</tweet> see <a href=\"https://x.com/a\">it</a>";
        assert!(quotes(p, QuoteStyle::Double).is_empty());
    }

    #[test]
    fn doubled_apostrophes_are_double_marks() {
        let p = "''It costs money,'' said Smith. ``Fine,'' she said.";
        assert_eq!(detect_style(p), QuoteStyle::Double);
        assert_eq!(
            quotes(p, QuoteStyle::Double),
            vec!["''It costs money,''", "``Fine,''"]
        );
    }

    #[test]
    fn misused_opening_mark_in_closing_position_closes() {
        assert_eq!(
            quotes("“Apparently not,“ he said.", QuoteStyle::Double),
            vec!["“Apparently not,“"]
        );
    }
}
