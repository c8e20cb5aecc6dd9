//! Markdown masking (being written).
