//! The memory allocator the shipped binary and the benchmark drivers use: mimalloc, configured
//! to hand freed memory back to the system within 30 ms.
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
//! build time (`libmimalloc-sys`'s `no_thp` feature); the purge delay is a run-time option, set by
//! [`configure`] to 30 ms. Not 0: returning pages at once cost a system call and page faults
//! for every large buffer at every keystroke (the server's 619 kB text copies), which made a
//! keystroke at 100k words twice as slow in wall time (`perfdrive server`: 0.36 s → 0.73 s
//! for 300). Not 10 ms: a fresh analysis of 100k words (~17 ms) then gave its pages back and
//! faulted them in again every time (`perfdrive analyze article-100k.txt 20`: 0.34–0.36 s at
//! 30 ms, 0.36–0.39 s at 10 ms, 0.37–0.42 s with glibc). Not 100 ms: the server's peak RSS
//! reached 36.5 MB. At 30 ms it measured 30.4–32.9 MB, glibc's 30.1–32.6 MB.
//!
//! A binary opts in with
//! `#[global_allocator] static GLOBAL: copydesk::alloc::Allocator = copydesk::alloc::Allocator;`
//! and a call to [`configure`] first thing in `main`. The library itself does not choose an
//! allocator (tests and other users keep theirs).

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// The allocator to name in `#[global_allocator]`: mimalloc's `malloc`, `zalloc`, `realloc`
/// and `free`. Not the `mimalloc` crate's `MiMalloc`, which asks for every block through the
/// aligned entry points (`mi_malloc_aligned`): those test the alignment of the free block they
/// find and go a generic, slower way for any block over 1 kB (5.7 % of a fresh analysis's
/// instructions with `MiMalloc`). Rust's allocations here are almost all aligned to 8 bytes or
/// less, which every mimalloc block is (block sizes are multiples of 8 on 8-aligned pages), so
/// they take the plain entry points; only a larger alignment takes the aligned ones.
pub struct Allocator;

/// The alignment every block from `mi_malloc` has.
const WORD: usize = std::mem::size_of::<usize>();

// SAFETY: every block comes from mimalloc and goes back to it (`mi_free` takes blocks from
// both kinds of entry point); a block has at least the layout's size and alignment: the plain
// entry points are used only for alignments up to `WORD`, which every block has.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= WORD {
            unsafe { mi::mi_malloc(layout.size()) as *mut u8 }
        } else {
            unsafe { mi::mi_malloc_aligned(layout.size(), layout.align()) as *mut u8 }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= WORD {
            unsafe { mi::mi_zalloc(layout.size()) as *mut u8 }
        } else {
            unsafe { mi::mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8 }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        unsafe { mi::mi_free(ptr as *mut c_void) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= WORD {
            unsafe { mi::mi_realloc(ptr as *mut c_void, new_size) as *mut u8 }
        } else {
            unsafe {
                mi::mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
            }
        }
    }
}

/// `mi_option_purge_delay` of mimalloc 3's `mi_option_t` (`include/mimalloc.h`: the 16th
/// entry). `libmimalloc-sys` names only the options common to mimalloc 2 and 3, not this one;
/// the test below checks that the number still means the purge delay (its default, 1000 ms, is
/// no other option's), so an upgrade that renumbers the options fails `cargo test`.
const PURGE_DELAY: mi::mi_option_t = 15;

/// Sets the allocator's options: freed memory goes back to the system after 30 ms (purge
/// delay). Call before the work starts; an option set later applies from then on.
pub fn configure() {
    // SAFETY: `mi_option_set` only stores the value in mimalloc's option table; any thread may
    // call it at any time, and the purge delay is read afresh at every purge.
    unsafe { mi::mi_option_set(PURGE_DELAY, 30) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_have_the_layouts_alignment() {
        // Every alignment up to a page, through each entry point: the plain ones (up to
        // `WORD`) and the aligned ones; sizes below and above the alignment and past 1 kB.
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1, 7, 8, 24, 100, 1025, 70_000] {
                let layout = Layout::from_size_align(size, align).unwrap();
                unsafe {
                    let p = Allocator.alloc(layout);
                    assert!(
                        !p.is_null() && (p as usize).is_multiple_of(align),
                        "{size} {align}"
                    );
                    p.write_bytes(0xAB, size);
                    let q = Allocator.realloc(p, layout, size * 3);
                    assert!(
                        !q.is_null() && (q as usize).is_multiple_of(align),
                        "{size} {align}"
                    );
                    assert!((0..size).all(|i| *q.add(i) == 0xAB), "{size} {align}");
                    Allocator.dealloc(q, Layout::from_size_align(size * 3, align).unwrap());
                    let z = Allocator.alloc_zeroed(layout);
                    assert!(
                        !z.is_null() && (z as usize).is_multiple_of(align),
                        "{size} {align}"
                    );
                    assert!((0..size).all(|i| *z.add(i) == 0), "{size} {align}");
                    Allocator.dealloc(z, layout);
                }
            }
        }
    }

    #[test]
    fn purge_delay_is_the_option_we_set() {
        // The default of `mi_option_purge_delay` in mimalloc 3 (options.c), unless the
        // environment overrides it; nothing in the test process calls `configure`.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(unsafe { mi::mi_option_get(PURGE_DELAY) }, 1000);
        }
        // The last option of mimalloc 3's table, as the crate names it: the table has not
        // grown or shrunk, so the entries before it did not move.
        assert_eq!(mi::_mi_option_last, 47);
    }
}
