//! The engine on arbitrary UTF-8: `analyze` never panics, every span lies inside the text on
//! char boundaries, the checks and the language server's views run, and Markdown masking keeps
//! byte offsets.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod invariants;
mod known_bugs;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Some(a) = known_bugs::guard(|| copydesk::engine::analyze(text)) else {
        return;
    };
    invariants::check_analysis(text, &a);
    let probes: Vec<usize> = a
        .quotes
        .iter()
        .map(|q| q.span.start)
        .chain(a.entities.iter().map(|e| e.introduced.start))
        .chain([0, text.len(), text.len() / 2])
        .collect();
    invariants::check_server_views(text, &a, &probes);

    let masked = copydesk::markdown::mask(text);
    assert_eq!(masked.len(), text.len(), "masking changed the length");
    let Some(m) = known_bugs::guard(|| copydesk::engine::analyze(&masked)) else {
        return;
    };
    invariants::check_analysis(&masked, &m);
    // Spans of the masked analysis are used against the unmasked text by the server and CLI.
    invariants::check_analysis(text, &m);
});
