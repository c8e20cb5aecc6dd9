//! Position conversion (being written).
