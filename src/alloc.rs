//! The memory allocator the shipped binary and the benchmark drivers use: mimalloc, configured
//! to hand freed memory back to the system within 10 ms.
//!
//! Why: an analysis makes ~1,700 short-lived allocations per 6 kB article (mention words and
//! roles, per-paragraph lists, the resolver's index entries) and frees them together; glibc's
//! per-thread cache holds 7 blocks per size, so most of those frees and the next analysis's
//! mallocs went through its slower bins (malloc/free were ~24 % of a fresh analysis's
//! instructions). mimalloc's free lists per page serve them in a few instructions.
//!
//! Why configured: by default mimalloc keeps freed pages for a second before returning them
//! (`purge_delay` 1000 ms) and lets the kernel back its arenas with transparent huge pages,
//! which took the server's peak RSS at 100k words from ~31 MB to 63–92 MB, far over the
//! memory budget (30 MB + 10 × the open documents). Transparent huge pages are turned off at
//! build time (the crate's `no_thp` feature); the purge delay is a run-time option, set by
//! [`configure`] to 10 ms. Not 0: returning pages at once cost a system call and page faults
//! for every large buffer at every keystroke (the server's 619 kB text copies), which made a
//! keystroke at 100k words twice as slow in wall time (`perfdrive server`: 0.36 s → 0.73 s
//! for 300); at 10 ms the wall time is the default's and the peak RSS stays glibc's.
//!
//! A binary opts in with
//! `#[global_allocator] static GLOBAL: copydesk::alloc::Allocator = copydesk::alloc::Allocator;`
//! and a call to [`configure`] first thing in `main`. The library itself does not choose an
//! allocator (tests and other users keep theirs).

/// The allocator type to name in `#[global_allocator]`.
pub use mimalloc::MiMalloc as Allocator;

/// `mi_option_purge_delay` of mimalloc 3's `mi_option_t` (`include/mimalloc.h`: the 16th
/// entry). `libmimalloc-sys` names only the options common to mimalloc 2 and 3, not this one;
/// the test below checks that the number still means the purge delay (its default, 1000 ms, is
/// no other option's), so an upgrade that renumbers the options fails `cargo test`.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Sets the allocator's options: freed memory goes back to the system after 10 ms (purge
/// delay). Call before the work starts; an option set later applies from then on.
pub fn configure() {
    // SAFETY: `mi_option_set` only stores the value in mimalloc's option table; any thread may
    // call it at any time, and the purge delay is read afresh at every purge.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 10) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purge_delay_is_the_option_we_set() {
        // The default of `mi_option_purge_delay` in mimalloc 3 (options.c), unless the
        // environment overrides it; nothing in the test process calls `configure`.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, 1000);
        }
        // The last option of mimalloc 3's table, as the crate names it: the table has not
        // grown or shrunk, so the entries before it did not move.
        assert_eq!(libmimalloc_sys::_mi_option_last, 47);
    }
}
