#!/usr/bin/env python3
"""Speaker accuracy broken down by how copydesk found the speaker.

For every scored quote (a gold quote with a source, found at 0.3 overlap, as score.py counts
speaker_acc), looks up how the engine resolved the speaker (the `how` of `copydesk quotes
--format json`: name, surname, pronoun, role, organisation, anonymous, continuation, assumed,
unresolved, or none) and prints the accuracy of each. Comparing splits shows which resolution
paths generalise and which were tuned to the articles they were built on.

    cargo build --release
    jq -c '{id: .doc_id, text}' ../shared/eval/polnear/dev.jsonl | target/release/copydesk batch > dev.pred.jsonl
    python3 tools/by_method.py --gold ../shared/eval/polnear/dev.jsonl --pred dev.pred.jsonl

With --show HOW, also prints each miss of that kind: the text around the quote with the
predicted mention in <P:…> and the gold source in {G:…}.
"""
import argparse, collections, json, os, subprocess, sys, tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'eval'))
from score import gold_segments, load_pred, mention_ok, byte_to_char_map  # noqa: E402
from errors import best_match  # noqa: E402


def hows(binary, text):
    """(start, end) byte span of each quote -> how its speaker was found."""
    with tempfile.NamedTemporaryFile('w', suffix='.txt', encoding='utf-8', delete=False) as f:
        f.write(text)
    try:
        out = subprocess.run([binary, 'quotes', '--format', 'json', f.name],
                             capture_output=True, check=True).stdout
    finally:
        os.unlink(f.name)
    return {(q['start'], q['end']): (q.get('speaker') or {}).get('how', 'none')
            for q in json.loads(out)['quotes']}


def show(doc_id, text, g, best):
    marks = [(s, e, 'G') for s, e in g['source']]
    if best['mention']:
        marks.append((*best['mention'], 'P'))
    lo = min([g['span'][0]] + [s for s, _, _ in marks])
    hi = max([g['span'][1]] + [e for _, e, _ in marks])
    lo, hi = max(0, lo - 150), min(len(text), hi + 80)
    out, pos = [], lo
    edges = sorted([(s, 0, f'{{{t}:' if t == 'G' else f'<{t}:') for s, _, t in marks] +
                   [(e, 1, '}' if t == 'G' else '>') for _, e, t in marks])
    for at, _, tag in edges:
        out.append(text[pos:at])
        out.append(tag)
        pos = at
    out.append(text[pos:hi])
    print(f"{doc_id}: {''.join(out)!r}\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--gold', required=True)
    ap.add_argument('--pred', required=True)
    ap.add_argument('--bin', default=os.path.join(os.path.dirname(__file__), '..', 'target', 'release', 'copydesk'))
    ap.add_argument('--show', help='print the misses of this kind')
    a = ap.parse_args()
    docs = [json.loads(l) for l in open(a.gold, encoding='utf-8') if l.strip()]
    docs = [d for d in docs if d.get('canonical', True)]
    preds = load_pred(a.pred, {d['doc_id']: d['text'] for d in docs})
    tally = collections.defaultdict(collections.Counter)
    for d in docs:
        pq = preds.get(d['doc_id'], [])
        text = d['text']
        # load_pred gives code-point spans; `quotes` gives byte spans.
        c2b = {c: b for b, c in byte_to_char_map(text).items()}
        how = None
        for g in gold_segments(d):
            if not g['source']:
                continue
            best, bcov = best_match(pq, g)
            if bcov < 0.3:
                continue
            if how is None:
                how = hows(a.bin, text)
            h = how.get((c2b[best['span'][0]], c2b[best['span'][1]]), 'none')
            tally[h]['n'] += 1
            ok = mention_ok(best['mention'], g['source'])
            tally[h]['ok'] += ok
            if a.show == h and not ok:
                show(d['doc_id'], text, g, best)
    total = collections.Counter()
    print(f"{'how':<14}{'quotes':>8}{'right':>8}{'accuracy':>10}")
    for h, c in sorted(tally.items(), key=lambda kv: -kv[1]['n']):
        total.update(c)
        print(f"{h:<14}{c['n']:>8}{c['ok']:>8}{c['ok'] / c['n']:>10.3f}")
    print(f"{'all':<14}{total['n']:>8}{total['ok']:>8}{total['ok'] / max(total['n'], 1):>10.3f}")


if __name__ == '__main__':
    main()
