//! The attribution engine: finds quotations, their attribution cues and speakers, and resolves
//! speakers to the people and bodies the article introduces.

mod model;

pub use model::*;

/// Analyses one article.
pub fn analyze(text: &str) -> Analysis {
    let _ = text;
    Analysis::default()
}
