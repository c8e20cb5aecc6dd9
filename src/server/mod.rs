//! Language server (being written).
