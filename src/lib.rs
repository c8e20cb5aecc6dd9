//! copydesk: who said every quote in a news article.
//!
//! [`engine`] is the pure attribution core (`&str` in, [`engine::Analysis`] out). [`checks`] turns
//! an analysis into findings. The command line (`src/main.rs`, [`cli`]) and the language server
//! ([`server`]) sit on top; nothing below them knows about files, terminals or LSP.

pub mod alloc;
mod bytes;
pub mod checks;
pub mod cli;
pub mod engine;
pub mod markdown;
pub mod position;
pub mod server;
