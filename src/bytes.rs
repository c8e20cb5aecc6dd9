//! Comparing two versions of a text: how much they share at the start and at the end. The
//! incremental analyzer and the line index both take over what an edit left alone, and both
//! need these ends; one implementation serves them.

/// Bytes compared by one `memcmp` call while the texts agree. An edit leaves most of a text
/// alone, so nearly every block compared is equal: one call per 4 KiB instead of one per 64
/// bytes (two whole-text comparisons per keystroke were 6 % of a 100k-word keystroke, mostly
/// call overhead). The block that differs is then narrowed 64 bytes at a time.
const BIG: usize = 4096;
const SMALL: usize = 64;

/// Length of the longest common prefix of `a` and `b`, compared a block at a time.
pub fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + BIG <= n && a[i..i + BIG] == b[i..i + BIG] {
        i += BIG;
    }
    while i + SMALL <= n && a[i..i + SMALL] == b[i..i + SMALL] {
        i += SMALL;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

/// Length of the longest common suffix of `a` and `b`, compared a block at a time.
pub fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let (la, lb) = (a.len(), b.len());
    let mut i = 0;
    while i + BIG <= n && a[la - i - BIG..la - i] == b[lb - i - BIG..lb - i] {
        i += BIG;
    }
    while i + SMALL <= n && a[la - i - SMALL..la - i] == b[lb - i - SMALL..lb - i] {
        i += SMALL;
    }
    while i < n && a[la - i - 1] == b[lb - i - 1] {
        i += 1;
    }
    i
}

/// The common prefix of `old` and `new`, and the common suffix of what is left after it (so
/// the two never overlap).
pub fn shared_ends(old: &[u8], new: &[u8]) -> (usize, usize) {
    let prefix = common_prefix(old, new);
    (prefix, common_suffix(&old[prefix..], &new[prefix..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_are_found_across_block_boundaries_and_never_overlap() {
        let base: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
        let last = base.len() - 1;
        for at in [
            0, 1, 63, 64, 65, 127, 128, 199, 4095, 4096, 4097, 5000, 8191, 8192, last,
        ] {
            let mut edited = base.clone();
            edited[at] ^= 0xFF;
            assert_eq!(
                shared_ends(&base, &edited),
                (at, last - at),
                "byte {at} changed"
            );
        }
        // "aaa" → "aa": the prefix takes two bytes, the suffix nothing more.
        assert_eq!(shared_ends(b"aaa", b"aa"), (2, 0));
        assert_eq!(shared_ends(b"", b"abc"), (0, 0));
        assert_eq!(common_suffix(b"xyz", b"ayz"), 2);
    }
}
