use std::io::BufRead;
fn main() {
    for line in std::io::stdin().lock().lines() {
        let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        let text = v["text"].as_str().unwrap();
        let a = copydesk::engine::analyze(text);
        let qs: Vec<_> = a.quotes.iter().map(|q| {
            let at = q.attribution.as_ref();
            serde_json::json!({"start": q.span.start, "end": q.span.end, "kind": format!("{:?}", q.kind),
              "cue": at.and_then(|a| a.cue).map(|c| c.slice(text).to_string()),
              "how": at.map(|a| format!("{:?}", a.how))})
        }).collect();
        println!("{}", serde_json::json!({"id": v["doc_id"], "quotes": qs}));
    }
}
