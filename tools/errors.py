#!/usr/bin/env python3
"""Error analysis for copydesk batch predictions against PolNeAR-style gold.

Prints a sample of each kind of miss (quote not found, spurious quote, wrong or missing speaker)
with a little context, so misses can be grouped by cause. Reads the scorer's own segmenter.

    python3 tools/errors.py --gold ../shared/eval/polnear/train.jsonl --pred train.pred.jsonl \
        [--kind missed|spurious|speaker|nospeaker] [--n 30] [--seed 1]

With --summary, counts the speaker misses instead of sampling them, grouped by what we
predicted (no speaker, the same words as gold at another place, another mention), where the
gold source stands (earlier in the quote's paragraph, after the quote in it, inside the quote,
another paragraph) and whether it is a pronoun:

    python3 tools/errors.py --gold ../shared/eval/polnear/dev.jsonl --pred dev.pred.jsonl --summary
"""
import argparse, collections, json, os, random, sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'eval'))
from score import gold_segments, overlap, byte_to_char_map, mention_ok  # noqa: E402


def best_match(preds, g):
    """The predicted quote covering most of gold segment `g`, and how much of it it covers."""
    glen = g['span'][1] - g['span'][0]
    best, bcov = None, 0.0
    for p in preds:
        c = overlap(p['span'], g['span']) / glen
        if c > bcov:
            best, bcov = p, c
    return best, bcov


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--gold', required=True)
    ap.add_argument('--pred', required=True)
    ap.add_argument('--kind', default='speaker')
    ap.add_argument('--n', type=int, default=30)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--summary', action='store_true')
    a = ap.parse_args()
    counts = collections.Counter()
    docs = [json.loads(l) for l in open(a.gold) if l.strip()]
    docs = {d['doc_id']: d for d in docs if d.get('canonical', True)}
    out = []
    for line in open(a.pred):
        r = json.loads(line)
        d = docs.get(r.get('id'))
        if not d:
            continue
        t = d['text']
        bm = byte_to_char_map(t)
        preds = []
        for q in r.get('quotes', []):
            sp = q.get('speaker') or {}
            m = sp.get('mention')
            preds.append({'span': (bm[q['start']], bm[q['end']]),
                          'mention': (bm[m['start']], bm[m['end']]) if m else None, 'name': sp.get('name')})
        golds = gold_segments(d)
        ctx = lambda s, e: t[max(0, s - 120):s].replace('\n', '|') + '[[' + t[s:e].replace('\n', '|') + ']]' + t[e:e + 120].replace('\n', '|')
        if a.kind == 'spurious':
            for p in preds:
                plen = p['span'][1] - p['span'][0]
                cov = sum(overlap(p['span'], g['span']) for g in golds) / plen
                if cov < 0.8:
                    out.append(f"{d['doc_id']} cov={cov:.2f}\n  {ctx(*p['span'])}")
            continue
        for g in golds:
            best, bcov = best_match(preds, g)
            src = ' / '.join(t[s:e] for s, e in g['source'])
            if a.kind == 'missed' and bcov < 0.8:
                extra = f" best={t[best['span'][0]:best['span'][1]][:80]!r}" if best else ''
                out.append(f"{d['doc_id']} cov={bcov:.2f}{extra}\n  {ctx(*g['span'])}")
            if a.kind in ('speaker', 'nospeaker') and bcov >= 0.3 and g['source'] and not mention_ok(best['mention'], g['source']):
                if a.kind == 'nospeaker' and best['mention'] is not None:
                    continue
                pm = t[best['mention'][0]:best['mention'][1]] if best['mention'] else None
                counts[category(t, g, pm)] += 1
                out.append(f"{d['doc_id']} gold={src!r} pred={pm!r} ({best['name']!r}) kind={g['source_kind']}\n  {ctx(*g['span'])}")
    if a.summary:
        total = sum(counts.values())
        print(f'{total} speaker misses')
        for k, v in counts.most_common():
            print(f'{v:5d}  {v / total:6.1%}  {k}')
        return
    random.seed(a.seed)
    print(f'{len(out)} cases')
    for o in random.sample(out, min(a.n, len(out))):
        print(o)


PRONOUNS = {'he', 'she', 'they', 'it', 'who', 'his', 'her', 'their', 'we', 'i', 'which', 'its',
            'him', 'that', 'whom'}


def category(t, g, predicted):
    """prediction / position of the nearest gold source / pronoun or noun phrase."""
    qs, qe = g['span']
    ps = t.rfind('\n', 0, qs) + 1
    pe = t.find('\n', qe)
    pe = len(t) if pe < 0 else pe
    s, e = min(g['source'], key=lambda s: min(abs(s[0] - qe), abs(s[1] - qs)))
    source = t[s:e]
    where = ('before in paragraph' if ps <= s < qs else 'after in paragraph' if qe <= s <= pe
             else 'inside quote' if qs <= s < qe else 'other paragraph')
    if predicted is None:
        what = 'no speaker'
    elif predicted.lower() == source.lower() or predicted.split()[-1:] == source.split()[-1:]:
        what = 'same words, other place'
    else:
        what = 'other mention'
    kind = 'pronoun' if source.lower() in PRONOUNS else 'noun phrase'
    return f'{what} / {where} / {kind}'


if __name__ == '__main__':
    main()
