//! Markdown masking: which byte ranges of a Markdown document are not prose, and a copy of the
//! document with those ranges blanked out so the attribution engine reads only the article.
//!
//! Not prose: YAML (`---`) and TOML (`+++`) front matter, fenced and indented code blocks, inline
//! code, link targets `](…)` and reference labels `][…]`, reference definitions
//! (`[id]: https://…`), autolinks (`<https://…>`, `<a@b.org>`), HTML comments and inline HTML
//! tags (whose attribute values would otherwise read as quotes).
//!
//! This is a pragmatic subset of CommonMark aimed at news copy, not a full parser: containers
//! (block quotes, list items) are read as prose, so code nested inside them is not recognised.

use std::ops::Range;

/// A line of the document: where it starts and where its content ends (before the line break).
#[derive(Clone, Copy, Debug)]
struct Line {
    start: usize,
    end: usize,
}

fn lines(text: &str) -> Vec<Line> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' => {
                out.push(Line { start, end: i });
                start = i + 1;
            }
            b'\r' => {
                let next = if b.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                };
                out.push(Line { start, end: i });
                start = next;
                i = next;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if start < b.len() {
        out.push(Line {
            start,
            end: b.len(),
        });
    }
    out
}

/// Indentation in columns (tabs to the next multiple of 4) and its width in bytes.
fn indent(s: &str) -> (usize, usize) {
    let mut cols = 0;
    let mut bytes = 0;
    for c in s.bytes() {
        match c {
            b' ' => cols += 1,
            b'\t' => cols += 4 - cols % 4,
            _ => break,
        }
        bytes += 1;
    }
    (cols, bytes)
}

fn is_blank(s: &str) -> bool {
    s.bytes().all(|c| c == b' ' || c == b'\t')
}

/// An opening code fence: the fence char and run length.
fn fence_open(s: &str) -> Option<(u8, usize)> {
    let (cols, bytes) = indent(s);
    if cols > 3 {
        return None;
    }
    let rest = &s[bytes..];
    let ch = *rest.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let n = rest.bytes().take_while(|&c| c == ch).count();
    if n < 3 || (ch == b'`' && rest[n..].contains('`')) {
        return None;
    }
    Some((ch, n))
}

fn fence_closes(s: &str, ch: u8, len: usize) -> bool {
    let (cols, bytes) = indent(s);
    if cols > 3 {
        return false;
    }
    let rest = &s[bytes..];
    let n = rest.bytes().take_while(|&c| c == ch).count();
    n >= len && is_blank(&rest[n..])
}

/// `[label]: destination` at the start of a line.
fn is_reference_definition(s: &str) -> bool {
    let (cols, bytes) = indent(s);
    if cols > 3 {
        return false;
    }
    let rest = &s[bytes..];
    if !rest.starts_with('[') || rest.starts_with("[^") {
        // `[^1]:` is a footnote, whose text is prose.
        return false;
    }
    match rest.find("]:") {
        Some(close) => close > 1 && !rest[1..close].contains(['[', ']']),
        None => false,
    }
}

/// Front matter: the whole block, delimiters included, when the document opens with one.
fn front_matter(text: &str, lines: &[Line]) -> Option<usize> {
    let first = lines.first()?;
    let delim = text[first.start..first.end].trim_end();
    let closers: &[&str] = match delim {
        "---" => &["---", "..."],
        "+++" => &["+++"],
        _ => return None,
    };
    lines[1..]
        .iter()
        .find(|l| closers.contains(&text[l.start..l.end].trim_end()))
        .map(|l| l.end)
}

/// Byte ranges of `text` that are not prose, sorted and non-overlapping. Every range starts and
/// ends on a char boundary.
pub fn non_prose_ranges(text: &str) -> Vec<Range<usize>> {
    let lines = lines(text);
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    if let Some(end) = front_matter(text, &lines) {
        out.push(0..end);
        i = lines
            .iter()
            .position(|l| l.end == end)
            .map_or(lines.len(), |p| p + 1);
    }

    // Start of the paragraph being collected, as a line index.
    let mut para: Option<usize> = None;
    // Bytes before this offset are already masked (a comment that ran past its paragraph).
    let mut skip_until = 0;
    // The previous line ended a paragraph-free stretch (blank, start, or a block), so an
    // indented line here is code rather than a lazy continuation.
    let mut can_indent_code = true;

    let flush = |para: &mut Option<usize>, upto: usize, out: &mut Vec<_>, skip: &mut usize| {
        if let Some(p) = para.take() {
            let (s, e) = (lines[p].start, lines[upto - 1].end);
            *skip = (*skip).max(inline(text, s, e, out));
        }
    };

    while i < lines.len() {
        let l = lines[i];
        if l.start < skip_until {
            if l.end > skip_until {
                // The comment closes mid-line: the rest of the line is prose of its own.
                let e = inline(text, skip_until, l.end, &mut out);
                skip_until = skip_until.max(e);
            }
            i += 1;
            can_indent_code = true;
            continue;
        }
        let s = &text[l.start..l.end];

        if is_blank(s) {
            flush(&mut para, i, &mut out, &mut skip_until);
            can_indent_code = true;
            i += 1;
            continue;
        }

        if let Some((ch, n)) = fence_open(s) {
            flush(&mut para, i, &mut out, &mut skip_until);
            if l.start < skip_until {
                continue;
            }
            let mut j = i + 1;
            while j < lines.len() && !fence_closes(&text[lines[j].start..lines[j].end], ch, n) {
                j += 1;
            }
            let last = j.min(lines.len() - 1);
            out.push(l.start..lines[last].end);
            i = last + 1;
            can_indent_code = true;
            continue;
        }

        if para.is_none() && can_indent_code && indent(s).0 >= 4 {
            // Indented code: this line and following indented or blank lines.
            let mut j = i;
            let mut last = i;
            while j < lines.len() {
                let t = &text[lines[j].start..lines[j].end];
                if is_blank(t) {
                    j += 1;
                    continue;
                }
                if indent(t).0 < 4 {
                    break;
                }
                last = j;
                j += 1;
            }
            out.push(lines[i].start..lines[last].end);
            i = last + 1;
            can_indent_code = false;
            continue;
        }

        if para.is_none() && is_reference_definition(s) {
            out.push(l.start..l.end);
            i += 1;
            can_indent_code = true;
            continue;
        }

        if para.is_none() {
            para = Some(i);
        }
        can_indent_code = false;
        i += 1;
    }
    flush(&mut para, lines.len(), &mut out, &mut skip_until);

    out.retain(|r| r.start < r.end);
    out.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(out.len());
    for r in out {
        match merged.last_mut() {
            Some(m) if r.start <= m.end => m.end = m.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

fn is_scheme(s: &[u8]) -> bool {
    (2..=32).contains(&s.len())
        && s[0].is_ascii_alphabetic()
        && s.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'.' | b'-'))
}

/// Length of an autolink or inline HTML tag starting at `b[0] == b'<'`, if there is one.
fn angle_len(b: &[u8]) -> Option<usize> {
    let close = b.iter().position(|&c| c == b'>')?;
    let inside = &b[1..close];
    if inside.is_empty()
        || inside
            .iter()
            .any(|&c| c == b'<' || c == b'\n' || c == b'\r')
    {
        // Tags may span lines in HTML, but news copy with a stray `<` is far more common.
        return None;
    }
    // Autolink: <scheme:...> with no spaces, or <user@host>.
    if !inside.contains(&b' ') {
        if let Some(colon) = inside.iter().position(|&c| c == b':')
            && is_scheme(&inside[..colon])
        {
            return Some(close + 1);
        }
        if let Some(at) = inside.iter().position(|&c| c == b'@')
            && at > 0
            && inside[at + 1..].contains(&b'.')
        {
            return Some(close + 1);
        }
    }
    // Inline HTML tag: <name ...>, </name>, <name/>.
    let name = inside.strip_prefix(b"/").unwrap_or(inside);
    if name.first().is_some_and(u8::is_ascii_alphabetic)
        && name
            .iter()
            .take_while(|c| !c.is_ascii_whitespace() && **c != b'/')
            .all(|c| c.is_ascii_alphanumeric() || *c == b'-')
    {
        return Some(close + 1);
    }
    None
}

/// Inline scan of the prose in `text[start..end]`, pushing non-prose ranges. Returns the end of
/// an HTML comment that runs past `end` (0 when none does).
fn inline(text: &str, start: usize, end: usize, out: &mut Vec<Range<usize>>) -> usize {
    let b = text.as_bytes();
    let mut i = start;
    while i < end {
        match b[i] {
            b'\\' if i + 1 < end && b[i + 1].is_ascii_punctuation() => i += 2,
            b'`' => {
                let n = b[i..end].iter().take_while(|&&c| c == b'`').count();
                let mut j = i + n;
                let mut closed = None;
                while j < end {
                    if b[j] == b'`' {
                        let m = b[j..end].iter().take_while(|&&c| c == b'`').count();
                        if m == n {
                            closed = Some(j + m);
                            break;
                        }
                        j += m;
                    } else {
                        j += 1;
                    }
                }
                match closed {
                    Some(c) => {
                        out.push(i..c);
                        i = c;
                    }
                    None => i += n,
                }
            }
            b'<' if b[i..].starts_with(b"<!--") => {
                let close = text[i + 4..]
                    .find("-->")
                    .map_or(text.len(), |p| i + 4 + p + 3);
                out.push(i..close);
                if close > end {
                    return close;
                }
                i = close;
            }
            b'<' => match angle_len(&b[i..end]) {
                Some(n) => {
                    out.push(i..i + n);
                    i += n;
                }
                None => i += 1,
            },
            b']' if i + 1 < end && (b[i + 1] == b'(' || b[i + 1] == b'[') => {
                let (open, close) = if b[i + 1] == b'(' {
                    (b'(', b')')
                } else {
                    (b'[', b']')
                };
                let mut depth = 0usize;
                let mut j = i + 1;
                let mut found = None;
                while j < end {
                    let c = b[j];
                    if c == b'\\' {
                        j += 2;
                        continue;
                    }
                    if c == open {
                        depth += 1;
                    } else if c == close {
                        depth -= 1;
                        if depth == 0 {
                            found = Some(j + 1);
                            break;
                        }
                    }
                    j += 1;
                }
                match found {
                    Some(f) => {
                        out.push(i + 1..f);
                        i = f;
                    }
                    None => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    0
}

/// `text` with every char of every non-prose range replaced by spaces, one space per byte, so
/// byte offsets into the result are byte offsets into `text`. Line breaks are kept, so line
/// numbers and paragraph breaks survive too.
pub fn mask(text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for r in non_prose_ranges(text) {
        for b in &mut bytes[r] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    // Ranges start and end at ASCII bytes or line ends, so whole chars are replaced; guard anyway.
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let mut b = e.into_bytes();
            for x in &mut b {
                if !x.is_ascii() {
                    *x = b' ';
                }
            }
            String::from_utf8(b).unwrap_or_default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(text: &str) -> Vec<&str> {
        non_prose_ranges(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn plain_prose_is_untouched() {
        let text = "“We will win,” Smith said.\n\nThe rain fell.\n";
        assert!(non_prose_ranges(text).is_empty());
        assert_eq!(mask(text), text);
    }

    #[test]
    fn mask_keeps_byte_offsets_and_line_breaks() {
        let text = "Intro `“code” é` after.\r\n```\n“x”\n```\nEnd “quote”.";
        let m = mask(text);
        assert_eq!(m.len(), text.len());
        let code = "`“code” é`".len();
        let x = "“x”".len();
        let expected = format!(
            "Intro {} after.\r\n   \n{}\n   \nEnd “quote”.",
            " ".repeat(code),
            " ".repeat(x)
        );
        assert_eq!(m, expected);
        // Every byte outside the masked ranges is unchanged.
        assert_eq!(&m[m.find("End").unwrap()..], "End “quote”.");
    }

    #[test]
    fn yaml_and_toml_front_matter() {
        let text = "---\ntitle: \"Kerry speaks\"\n---\nBody \"here\".";
        assert_eq!(masked(text), vec!["---\ntitle: \"Kerry speaks\"\n---"]);
        let text = "+++\ntitle = \"x\"\n+++\nBody";
        assert_eq!(masked(text), vec!["+++\ntitle = \"x\"\n+++"]);
        // A rule later on is not front matter.
        assert!(masked("Body\n\n---\n\nMore").is_empty());
    }

    #[test]
    fn fenced_code_blocks_including_unclosed() {
        let text = "Said \"a\".\n\n~~~~ js\nlet s = \"b\";\n~~~\n~~~~\nAfter \"c\".";
        assert_eq!(masked(text), vec!["~~~~ js\nlet s = \"b\";\n~~~\n~~~~"]);
        let text = "A\n```\n\"never closed\"";
        assert_eq!(masked(text), vec!["```\n\"never closed\""]);
    }

    #[test]
    fn indented_code_only_after_a_blank_line() {
        let text = "Para one\n    continues here \"x\"\n\n    code \"y\"\n\n    more code\nback";
        assert_eq!(masked(text), vec!["    code \"y\"\n\n    more code"]);
    }

    #[test]
    fn inline_code_with_longer_backtick_runs() {
        let text = "Use ``a ` b`` and `c` but not `open.";
        assert_eq!(masked(text), vec!["``a ` b``", "`c`"]);
    }

    #[test]
    fn link_targets_and_reference_labels() {
        let text = "[Kerry said](https://x.org/a_(b) \"Title\") and ![img](p.png) and [t][ref].";
        assert_eq!(
            masked(text),
            vec!["(https://x.org/a_(b) \"Title\")", "(p.png)", "[ref]"]
        );
    }

    #[test]
    fn reference_definitions_but_not_footnotes() {
        let text = "Text.\n\n[ref]: https://example.org \"Title\"\n[^1]: A \"footnote\".";
        assert_eq!(masked(text), vec!["[ref]: https://example.org \"Title\""]);
    }

    #[test]
    fn autolinks_and_html() {
        let text =
            "Mail <desk@paper.com> or <https://a.b/c?d=\"e\"> or <a href=\"x\">link</a>; 3 < 4.";
        assert_eq!(
            masked(text),
            vec![
                "<desk@paper.com>",
                "<https://a.b/c?d=\"e\">",
                "<a href=\"x\">",
                "</a>"
            ]
        );
    }

    #[test]
    fn html_comments_across_paragraphs() {
        let text = "Before <!-- TK: \"check\"\n\nwith desk --> after \"ok\".\n\nNext.";
        assert_eq!(masked(text), vec!["<!-- TK: \"check\"\n\nwith desk -->"]);
        let text = "A <!-- never closed\n\nB";
        assert_eq!(masked(text), vec!["<!-- never closed\n\nB"]);
    }

    #[test]
    fn escaped_backticks_are_prose() {
        assert!(masked("a \\`not code\\` b").is_empty());
    }

    #[test]
    fn multibyte_chars_become_one_space_per_byte() {
        let text = "`é😀` x";
        let m = mask(text);
        assert_eq!(m.len(), text.len());
        assert_eq!(m, format!("{} x", " ".repeat(text.len() - 2)));
    }
}
