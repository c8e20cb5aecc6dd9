#!/usr/bin/env python3
"""Finds text the repository shares with the evaluation corpus.

The corpus articles belong to their publishers and must not be copied into the repository:
tests, comments, fixtures and docs use invented copy. This lists every run of N words (7 by
default) in the repository's sources, tests and docs that also appears in a corpus article,
after folding curly quotes and white space. Exit status 1 when anything is found.

    python3 tools/corpus_overlap.py [--words 7] [--corpus ../shared/eval/polnear/train.jsonl ...]

Common phrases can match at 6 words ("said in a statement that the"); 7 finds copied text.
"""
import argparse
import glob
import json
import os
import re
import sys

DEFAULT_CORPUS = ['../shared/eval/polnear/train.jsonl', '../shared/eval/polnear/dev.jsonl']
SCANNED = ['src/**/*.rs', 'tests/**/*', 'examples/*.rs', 'benches/**/*', 'docs/*.md', '*.md',
           'editors/**/*.md', 'lexicons/*.txt']


def fold(text):
    """Curly quotes to straight ones, every run of white space (and Rust's `\\` line
    continuation) to one space."""
    text = text.replace('\\\n', ' ')
    text = text.replace('’', "'").replace('‘', "'").replace('“', '"').replace('”', '"')
    return re.sub(r'\s+', ' ', text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--words', type=int, default=7)
    ap.add_argument('--corpus', nargs='+', default=DEFAULT_CORPUS)
    a = ap.parse_args()
    n = a.words
    grams = set()
    for path in a.corpus:
        with open(path, encoding='utf-8') as f:
            for line in f:
                if line.strip():
                    words = fold(json.loads(line)['text']).split(' ')
                    grams.update(' '.join(words[i:i + n]) for i in range(len(words) - n + 1))
    found = 0
    files = sorted({f for pattern in SCANNED for f in glob.glob(pattern, recursive=True)})
    for path in files:
        if os.path.isdir(path) or path.endswith('.jsonl'):
            continue
        try:
            with open(path, encoding='utf-8') as f:
                words = fold(f.read()).split(' ')
        except UnicodeDecodeError:
            continue
        i = 0
        while i + n <= len(words):
            run = ' '.join(words[i:i + n])
            if run in grams:
                print(f'{path}: {run}')
                found += 1
                i += n
            else:
                i += 1
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main())
