//! Paragraphs and word tokens. Offsets here are byte offsets into the text handed in.

use super::model::Span;

/// The article's paragraphs: each line that holds anything but white space, trimmed. News copy
/// puts one paragraph on a line (often with blank lines between); only `\n`, `\r\n` and `\r`
/// break lines, as in LSP.
pub fn paragraphs(text: &str) -> Vec<Span> {
    // News paragraphs run ~100–200 bytes: sized so that most texts never grow the list.
    let mut out = Vec::with_capacity(text.len() / 96 + 4);
    let bytes = text.as_bytes();
    let mut start = 0;
    loop {
        let brk = memchr::memchr2(b'\n', b'\r', &bytes[start..]).map(|k| start + k);
        let end = brk.unwrap_or(bytes.len());
        let (from, to) = trim_ends(text, start, end);
        if from < to {
            out.push(Span::new(from, to));
        }
        let Some(mut i) = brk else { break };
        if i + 1 < bytes.len() && bytes[i] == b'\r' && bytes[i + 1] == b'\n' {
            i += 1;
        }
        start = i + 1;
    }
    out
}

/// `text[start..end].trim()` as offsets into `text`: ASCII white space skipped by byte at each
/// end, `str::trim_start` / `trim_end` asked only from a byte that is not ASCII (a non-ASCII
/// space such as U+00A0 or U+3000). Most lines start and end with a letter or a mark.
fn trim_ends(text: &str, start: usize, end: usize) -> (usize, usize) {
    let b = text.as_bytes();
    let ascii_space = |c: u8| c == b' ' || (b'\t'..=b'\r').contains(&c);
    let mut from = start;
    while from < end && ascii_space(b[from]) {
        from += 1;
    }
    if from < end && !b[from].is_ascii() {
        let rest = &text[from..end];
        from = end - rest.trim_start().len();
    }
    let mut to = end;
    while to > from && ascii_space(b[to - 1]) {
        to -= 1;
    }
    if to > from && !b[to - 1].is_ascii() {
        to = from + text[from..to].trim_end().len();
    }
    (from, to)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    /// One punctuation character (quotation marks are not tokens: they bound quotes).
    Punct(char),
}

/// A word or punctuation mark, with its span relative to the text it was cut from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

/// Abbreviations whose full stop belongs to the word, so it does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "adm", "rev",
    "prof", "st", "jr", "sr", "inc", "co", "corp", "ltd", "no", "vs", "jan", "feb", "mar", "apr",
    "aug", "sept", "sep", "oct", "nov", "dec", "u.s", "u.k", "d.c", "u.n", "a.m", "p.m", "lt. gov",
    "ft", "mt", "ave", "dept", "est", "approx", "etc", "e.g", "i.e", "pres", "del", "det", "insp",
    "cpl", "ald", "msgr", "brig", "maj", "cmdr", "supt", "atty", "amb",
];

/// The em dash that stands for every dash of its width: the horizontal bar (U+2015, the
/// quotation dash that vox pops and epigraphs put before a credit: "”― Ana Ruiz"), the
/// figure dash and the two- and three-em dashes. The rules then test one dash, not five.
pub fn dash_as_em(c: char) -> char {
    match c {
        '\u{2012}' | '\u{2015}' | '\u{2E3A}' | '\u{2E3B}' => '—',
        c => c,
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Whether `text[at..]` starts with a top-level domain that ends the word ("com" in
/// "fivethirtyeight.com,"): the point before it is inside a web address.
fn web_domain_at(text: &str, at: usize) -> bool {
    let rest = text.as_bytes().get(at..).unwrap_or_default();
    ["com", "org", "net", "gov", "edu"].iter().any(|tld| {
        rest.starts_with(tld.as_bytes())
            && rest
                .get(tld.len())
                .is_none_or(|&b| !b.is_ascii_alphanumeric())
    })
}

/// "Mic.com": a web address keeps no full stop after it (it ends the sentence).
fn ends_with_domain(word: &str) -> bool {
    word.rsplit_once('.').is_some_and(|(_, tld)| {
        ["com", "org", "net", "gov", "edu"]
            .iter()
            .any(|d| tld.eq_ignore_ascii_case(d))
    })
}

/// ASCII letters and digits, by byte: one load per byte in the tokenizer's inner loop.
const ASCII_ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// Combining diacritical marks (U+0300–U+036F), which decomposed text writes after the
/// letter they accent.
fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36F}').contains(&c)
}

/// The tokens of `text` as a list (the tests compare tokenizers and read token lists; the
/// engine takes them one at a time from [`Tokens`]).
#[cfg(test)]
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 4);
    out.extend(Tokens::new(text));
    out
}

/// Splits `text` into words and punctuation. A word keeps inner apostrophes and hyphens
/// ("don't", "Trump’s", "co-founder"), dotted abbreviations ("U.S.") and the full stop of a
/// known abbreviation or an initial ("Sen.", "John F. Kennedy"). The tokens come one at a
/// time: a paragraph builds its items from them with no list of tokens in between.
pub struct Tokens<'a> {
    text: &'a str,
    /// The byte offset the next token is looked for at.
    i: usize,
}

impl<'a> Tokens<'a> {
    pub fn new(text: &'a str) -> Tokens<'a> {
        Tokens { text, i: 0 }
    }

    /// Goes on from byte `at`, skipping the tokens before it. The tokens from there are those
    /// that tokenizing from the start gives after `at` only when `at` is a token boundary (no
    /// token runs across it): the caller's to know.
    pub fn skip_to(&mut self, at: usize) {
        self.i = self.i.max(at);
    }
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        // Walks the text a char at a time by byte offset, decoding the char at an offset when
        // it is needed (no list of chars is built); an ASCII byte is its own char.
        let text = self.text;
        let bytes = text.as_bytes();
        let at = |i: usize| match bytes.get(i) {
            Some(&b) if b.is_ascii() => Some(char::from(b)),
            Some(_) => text.get(i..).and_then(|t| t.chars().next()),
            None => None,
        };
        let mut i = self.i;
        while i < bytes.len() {
            let b = bytes[i];
            let c = if b.is_ascii() {
                // ASCII white space, as `char::is_whitespace` has it: tab to carriage return,
                // space.
                if b == b' ' || (b'\t'..=b'\r').contains(&b) {
                    i += 1;
                    continue;
                }
                char::from(b)
            } else {
                match at(i) {
                    Some(c) => c,
                    None => break,
                }
            };
            if is_alphanumeric(c) {
                let start = i;
                // `j` is the offset of the char being looked at, `n` the chars taken so far,
                // `hy` the chars taken up to and with the last hyphen (0 before any).
                let mut j = i + c.len_utf8();
                let mut n = 1;
                let mut hy = 0;
                let mut prev = c;
                loop {
                    // A run of ASCII letters and digits goes on without looking further (the
                    // common case), a byte at a time.
                    let from = j;
                    while j < bytes.len() && ASCII_ALNUM[usize::from(bytes[j])] {
                        j += 1;
                    }
                    if j > from {
                        n += j - from;
                        prev = char::from(bytes[j - 1]);
                    }
                    // An ASCII char other than `.`, `,`, `-`, `'` and `&` (a space, most often)
                    // ends the word whatever follows it: the tests below are not needed.
                    if bytes.get(j).is_some_and(|&b| {
                        b.is_ascii() && !matches!(b, b'.' | b',' | b'-' | b'\'' | b'&')
                    }) {
                        break;
                    }
                    let Some(c2) = at(j) else { break };
                    let after = j + c2.len_utf8();
                    let next = at(after);
                    let next_alnum = next.is_some_and(is_alphanumeric);
                    if is_alphanumeric(c2)
                        || ((is_apostrophe(c2) || c2 == '-' || c2 == '\u{AD}') && next_alnum)
                        // "U.S.", "Ph.D.": a point after one or two chars joins a dotted
                        // abbreviation; so does one after one or two chars and a hyphen when
                        // the char before it is a capital, "D-N.M.", "R-S.C." (a party and a
                        // dotted state; "follow-up.He", a missing space, stays apart).
                        || (c2 == '.'
                            && next_alnum
                            && next.is_some_and(char::is_alphabetic)
                            && (n <= 2 || n - hy <= 2 && prev.is_uppercase()))
                        // "AT&T", "P&G": an ampersand between capitals joins a company's
                        // initials.
                        || (c2 == '&'
                            && prev.is_ascii_uppercase()
                            && next.is_some_and(|n| n.is_ascii_uppercase()))
                        // "$1.6 billion", "10,000": a point or comma inside a number ends nothing.
                        || (matches!(c2, '.' | ',')
                            && prev.is_ascii_digit()
                            && next.is_some_and(|d| d.is_ascii_digit()))
                        // "fivethirtyeight.com": a web address is one word.
                        || (c2 == '.' && web_domain_at(text, after))
                        // "José" typed as "e" and a combining accent (decomposed text) is
                        // one word.
                        || is_combining_mark(c2)
                        // "BasÃ¡Ã±ez": copy decoded twice (UTF-8 read as Latin-1) writes an
                        // accented letter as "Ã" or "Â" (or their decomposed forms) and a
                        // char from U+0080–U+00BF, which belongs to the word.
                        || (('\u{80}'..='\u{BF}').contains(&c2)
                            && (matches!(prev, 'Ã' | 'Â') || is_combining_mark(prev)))
                    {
                        j = after;
                        n += 1;
                        if c2 == '-' {
                            hy = n;
                        }
                        prev = c2;
                    } else {
                        break;
                    }
                }
                // Keep the full stop of an abbreviation or a single-letter initial.
                if bytes.get(j) == Some(&b'.') {
                    let word = &text[start..j];
                    let initial = n == 1 && c.is_uppercase();
                    // A full stop right before `)` or `,` closes an abbreviation: "(D-Nev.)".
                    let before_close = at(j + 1).is_some_and(|n| n == ')' || n == ',');
                    if initial
                        || before_close
                        || is_abbreviation(word)
                        || word.contains('.') && !ends_with_domain(word)
                    {
                        j += 1;
                    }
                }
                self.i = j;
                return Some(Token {
                    span: Span::new(start, j),
                    kind: TokenKind::Word,
                });
            } else if c.is_whitespace() {
                i += c.len_utf8();
            } else {
                let end = i + c.len_utf8();
                self.i = end;
                return Some(Token {
                    span: Span::new(i, end),
                    kind: TokenKind::Punct(dash_as_em(c)),
                });
            }
        }
        self.i = bytes.len();
        None
    }
}

/// `char::is_alphabetic`, answered the same way as [`is_alphanumeric`] (the headline test
/// counts letters with it).
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else if ('\u{2000}'..='\u{206F}').contains(&c) {
        false
    } else {
        c.is_alphabetic()
    }
}

/// `char::is_alphanumeric`, answered without the Unicode tables for ASCII and for the General
/// Punctuation block (U+2000–U+206F: spaces, dashes, curly quotes; no letter or digit), the
/// non-ASCII chars news copy uses most.
fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if ('\u{2000}'..='\u{206F}').contains(&c) {
        false
    } else {
        c.is_alphanumeric()
    }
}

/// An ASCII string of at most eight bytes as one `u64`: its bytes little-endian, zero-padded.
/// Distinct for distinct strings without a NUL byte (no abbreviation and no word holds one).
const fn pack(b: &[u8]) -> u64 {
    assert!(b.len() <= 8);
    let mut w = 0u64;
    let mut i = 0;
    while i < b.len() {
        w |= (b[i] as u64) << (8 * i);
        i += 1;
    }
    w
}

/// [`ABBREVIATIONS`] packed ([`pack`]) and sorted, for [`is_abbreviation`]'s binary search:
/// it is asked of every word before a full stop, where a scan compared the word with each.
const PACKED_ABBREVIATIONS: [u64; ABBREVIATIONS.len()] = {
    let mut out = [0u64; ABBREVIATIONS.len()];
    let mut k = 0;
    while k < out.len() {
        let b = ABBREVIATIONS[k].as_bytes();
        let mut i = 0;
        while i < b.len() {
            // Lower case and no NUL, so that `pack` of a lower-cased word finds it.
            assert!(b[i] != 0 && !b[i].is_ascii_uppercase());
            i += 1;
        }
        out[k] = pack(b);
        k += 1;
    }
    // Insertion sort (a `const` block has no `sort`).
    let mut k = 1;
    while k < out.len() {
        let mut j = k;
        while j > 0 && out[j - 1] > out[j] {
            let t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
            j -= 1;
        }
        k += 1;
    }
    out
};

/// `word`, lower-cased, is one of [`ABBREVIATIONS`] (all ASCII: an ASCII word is lower-cased
/// byte by byte and looked up packed, [`PACKED_ABBREVIATIONS`]; any other is lower-cased as
/// before, where a Kelvin sign or a dotted capital I lower-cases to ASCII).
fn is_abbreviation(word: &str) -> bool {
    if word.is_ascii() {
        let b = word.as_bytes();
        // Longer than eight bytes: longer than every abbreviation.
        if b.len() > 8 {
            return false;
        }
        let mut lower = [0u8; 8];
        for (l, c) in lower.iter_mut().zip(b) {
            *l = c.to_ascii_lowercase();
        }
        PACKED_ABBREVIATIONS
            .binary_search(&pack(&lower[..b.len()]))
            .is_ok()
    } else {
        ABBREVIATIONS.contains(&word.to_lowercase().as_str())
    }
}

/// True for the characters that end a sentence.
pub fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '…')
}

/// First letter is upper case. An ASCII first byte is its own char (no UTF-8 decoding): the
/// mention rules ask this of the same words many times.
pub fn is_capitalised(word: &str) -> bool {
    match word.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        Some(_) => word.chars().next().is_some_and(char::is_uppercase),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_abbreviation_is_a_case_blind_scan_of_the_list() {
        let scan = |w: &str| ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(w));
        let mut words: Vec<String> = Vec::new();
        for a in ABBREVIATIONS {
            words.push(a.to_string());
            words.push(a.to_uppercase());
            words.push(format!("{a}x"));
            words.push(a[..a.len() - 1].to_string());
        }
        words.extend(
            [
                "", "Sen", "SEPT", "said", "approxi", "lt. govs", "u.s.", "Mr", "mrs.", "x",
            ]
            .map(String::from),
        );
        for w in &words {
            assert_eq!(is_abbreviation(w), scan(w), "{w:?}");
        }
    }

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.span.slice(text)).collect()
    }

    #[test]
    fn trim_ends_is_str_trim() {
        // Every string of up to four pieces from ASCII and non-ASCII white space, letters and
        // non-ASCII letters, inside a line with a prefix and a suffix.
        let pieces = [
            "", " ", "\t", "\u{b}", "\u{a0}", "\u{3000}", "\u{2028}", "a", "é", "\u{85}",
        ];
        let mut cases = 0;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in pieces {
                        let line = format!("{a}{b}{c}{d}");
                        let text = format!("x\n{line}\ny");
                        let (start, end) = (2, 2 + line.len());
                        let (from, to) = trim_ends(&text, start, end);
                        let trimmed = line.trim();
                        let lead = line.len() - line.trim_start().len();
                        if trimmed.is_empty() {
                            assert!(from >= to, "{line:?}");
                        } else {
                            assert_eq!(
                                (from, to),
                                (start + lead, start + lead + trimmed.len()),
                                "{line:?}"
                            );
                        }
                        cases += 1;
                    }
                }
            }
        }
        assert_eq!(cases, 10_000);
    }

    #[test]
    fn paragraphs_split_on_lines_and_skip_blank_ones() {
        let text = "One.\r\n\r\n  Two two.  \nThree\u{2028}still three\r";
        let p: Vec<&str> = paragraphs(text).iter().map(|s| s.slice(text)).collect();
        assert_eq!(p, vec!["One.", "Two two.", "Three\u{2028}still three"]);
    }

    #[test]
    fn words_keep_apostrophes_abbreviations_and_initials() {
        assert_eq!(
            words("Sen. John F. Kennedy’s U.S. plan, don't."),
            vec![
                "Sen.",
                "John",
                "F.",
                "Kennedy’s",
                "U.S.",
                "plan",
                ",",
                "don't",
                "."
            ]
        );
    }

    /// The tokenizer as it was before it stopped collecting the chars first.
    fn tokenize_by_char_list(text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let end_of = |k: usize| chars.get(k).map_or(text.len(), |&(b, _)| b);
        let mut k = 0;
        while k < chars.len() {
            let (b, c) = chars[k];
            if c.is_alphanumeric() {
                let mut j = k + 1;
                // The index after the word's last hyphen (its start before any).
                let mut h = k;
                while j < chars.len() {
                    let c2 = chars[j].1;
                    let next_alnum = chars.get(j + 1).is_some_and(|&(_, n)| n.is_alphanumeric());
                    if c2.is_alphanumeric()
                        || ((is_apostrophe(c2) || c2 == '-' || c2 == '\u{AD}') && next_alnum)
                        || (c2 == '.'
                            && next_alnum
                            && chars.get(j + 1).is_some_and(|&(_, n)| n.is_alphabetic())
                            && (j - k <= 2 || j - h <= 2 && chars[j - 1].1.is_uppercase()))
                        || (c2 == '&'
                            && chars[j - 1].1.is_ascii_uppercase()
                            && chars
                                .get(j + 1)
                                .is_some_and(|&(_, n)| n.is_ascii_uppercase()))
                        || (matches!(c2, '.' | ',')
                            && chars[j - 1].1.is_ascii_digit()
                            && chars.get(j + 1).is_some_and(|&(_, n)| n.is_ascii_digit()))
                        || (c2 == '.' && web_domain_at(text, end_of(j + 1)))
                        || is_combining_mark(c2)
                        || (('\u{80}'..='\u{BF}').contains(&c2)
                            && (matches!(chars[j - 1].1, 'Ã' | 'Â')
                                || is_combining_mark(chars[j - 1].1)))
                    {
                        if c2 == '-' {
                            h = j + 1;
                        }
                        j += 1;
                    } else {
                        break;
                    }
                }
                if j < chars.len() && chars[j].1 == '.' {
                    let word = text[b..end_of(j)].to_lowercase();
                    let initial = j - k == 1 && c.is_uppercase();
                    let before_close = chars.get(j + 1).is_some_and(|&(_, n)| n == ')' || n == ',');
                    if initial
                        || before_close
                        || ABBREVIATIONS.contains(&word.as_str())
                        || word.contains('.') && !super::ends_with_domain(&word)
                    {
                        j += 1;
                    }
                }
                out.push(Token {
                    span: Span::new(b, end_of(j)),
                    kind: TokenKind::Word,
                });
                k = j;
            } else if c.is_whitespace() {
                k += 1;
            } else {
                out.push(Token {
                    span: Span::new(b, end_of(k + 1)),
                    kind: TokenKind::Punct(dash_as_em(c)),
                });
                k += 1;
            }
        }
        out
    }

    #[test]
    fn letter_and_alphanumeric_shortcuts_agree_with_the_unicode_tables() {
        for c in ('\0'..='\u{3000}').chain(['\u{10FFFF}', '😀', 'ß']) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn tokens_are_those_of_the_char_list_tokenizer() {
        let pieces = [
            "a",
            "B",
            "7",
            ".",
            "'",
            "’",
            "-",
            "\u{AD}",
            " ",
            ",",
            ")",
            "(",
            "&",
            "é",
            "\u{212A}",
            "İ",
            "Mr",
            "U",
            "S",
            "sen",
            "é\u{301}",
            "\u{303}",
            "Ã",
            "\u{83}",
            "¡",
            "😀",
            "\n",
            "“",
            "ΣΑ",
        ];
        let mut seed: u64 = 5;
        for _ in 0..20_000 {
            let mut text = String::new();
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let mut r = seed;
            for _ in 0..(r >> 59) + 1 {
                text.push_str(pieces[(r % pieces.len() as u64) as usize]);
                r /= pieces.len() as u64;
                if r == 0 {
                    r = seed.rotate_left(17);
                }
            }
            assert_eq!(tokenize(&text), tokenize_by_char_list(&text), "{text:?}");
        }
        for text in [
            "Sen. John F. Kennedy’s U.S. plan, don't.",
            "(D-Nev.) said",
            "Sen. Paul Ortega, D-N.M., called it",
            "(R-S.C.) said",
            "X-ray.Then co-founder.He follow-up.He",
            "A.B.C. d.e",
        ] {
            assert_eq!(tokenize(text), tokenize_by_char_list(text));
        }
    }

    #[test]
    fn decomposed_accents_and_doubly_decoded_letters_stay_in_their_word() {
        // "José" with a combining acute; "Peña" and "Basáñez" decoded twice, once composed and
        // once decomposed (as copy through a broken feed arrives).
        assert_eq!(words("Jose\u{301} said"), vec!["Jose\u{301}", "said"]);
        assert_eq!(words("PeÃ±a Nieto"), vec!["PeÃ±a", "Nieto"]);
        assert_eq!(
            words("BasA\u{303}\u{83}A\u{302}¡ez said"),
            vec!["BasA\u{303}\u{83}A\u{302}¡ez", "said"]
        );
        // Outside a word those chars are still punctuation.
        assert_eq!(words("¡Hola!"), vec!["¡", "Hola", "!"]);
    }

    #[test]
    fn a_dotted_state_after_a_party_hyphen_is_one_word() {
        assert_eq!(
            words("Ortega, D-N.M., called (R-S.C.) it"),
            vec![
                "Ortega", ",", "D-N.M.", ",", "called", "(", "R-S.C.", ")", "it"
            ]
        );
        // A lower-case end of a hyphenated word before a point (a missing space) still ends it.
        assert_eq!(words("follow-up.He"), vec!["follow-up", ".", "He"]);
    }

    #[test]
    fn an_ampersand_between_capitals_joins_initials() {
        assert_eq!(
            words("an AT&T and P&G worker, Ross & Co, R&b"),
            vec![
                "an", "AT&T", "and", "P&G", "worker", ",", "Ross", "&", "Co", ",", "R", "&", "b"
            ]
        );
    }

    #[test]
    fn sentence_full_stop_is_its_own_token() {
        assert_eq!(words("Psaki said."), vec!["Psaki", "said", "."]);
    }

    #[test]
    fn dashes_of_em_width_are_one_em_dash_token() {
        // The horizontal bar, figure dash and two- and three-em dashes; en dash and hyphen
        // stay what they are.
        for (dash, want) in [
            ('\u{2015}', '—'),
            ('\u{2012}', '—'),
            ('\u{2E3A}', '—'),
            ('\u{2E3B}', '—'),
            ('—', '—'),
            ('–', '–'),
            ('-', '-'),
        ] {
            let text = format!("“Hi.”{dash} Ana");
            let puncts: Vec<char> = Tokens::new(&text)
                .filter_map(|t| match t.kind {
                    TokenKind::Punct(c) if !matches!(c, '“' | '”' | '.') => Some(c),
                    _ => None,
                })
                .collect();
            assert_eq!(puncts, [want], "{dash:?}");
        }
    }
}
