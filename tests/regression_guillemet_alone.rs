//! Found by the property tests: a lone opening guillemet made `analyze` panic with
//! "attempt to subtract with overflow".

#[test]
fn lone_guillemet_does_not_panic() {
    let a = copydesk::engine::analyze("\u{AB}");
    for q in &a.quotes {
        assert!(q.span.end <= 2);
    }
}
