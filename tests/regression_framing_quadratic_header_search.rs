//! Found by tests/lsp_abuse.rs (`ten_megabyte_document`): the frame reader looked for the blank
//! line ending a header in the whole buffer after every 64 KB read, so a large message took time
//! quadratic in its size: 54 s for one 10 MB `didOpen` in a debug build (0.3 s once the search
//! was limited to the header's maximum size). The frame must arrive whole; how long it takes
//! is a benchmark's business, not an assertion's.

use copydesk::server::framing::{Parser, Step};

#[test]
fn a_ten_megabyte_frame_read_in_chunks_arrives_whole() {
    let text = "x".repeat(10 << 20);
    let body = format!(r#"{{"jsonrpc":"2.0","method":"x","params":"{text}"}}"#);
    let input = format!("Content-Length: {}\r\n\r\n{body}", body.len());
    let mut parser = Parser::default();
    let mut frames = Vec::new();
    for chunk in input.as_bytes().chunks(64 * 1024) {
        parser.push(chunk);
        loop {
            match parser.step() {
                Step::More => break,
                Step::Frame(f) => frames.push(f.len()),
                Step::Dropped(d) => panic!("{d}"),
            }
        }
    }
    assert_eq!(frames, [body.len()]);
}
