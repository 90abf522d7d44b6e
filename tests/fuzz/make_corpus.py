"""Regenerate the committed fuzz corpus (tests/fixtures/fuzz) from the real seed files.

Usage: ``.venv/bin/python tests/fuzz/make_corpus.py`` (deterministic: same seeds, same files).

The corpus is what CI reads on every run (tests/test_fuzz_corpus.py): a fixed set of
mutants across every format, small enough to read in well under a minute on two cores.
A mutant is kept only under ``MAX_BYTES`` (PDF seeds excepted), so the repository stays
small; the long run (scripts/fuzz_files.py) has no such limits.
"""
from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.fuzz.mutate import mutate  # noqa: E402
from tests.fuzz.seeds import FIXTURES  # noqa: E402

OUT = FIXTURES / "fuzz"
MAX_BYTES = 120 * 1024
RNG_SEED = 14

# (seed file, how many mutants)
PLAN: list[tuple[Path, int]] = [
    *[(p, 8) for p in sorted((FIXTURES / "samples").glob("0*.txt"))],
    (FIXTURES / "formats" / "seed-003.docx", 24),
    (FIXTURES / "formats" / "seed-003-unbalanced.docx", 8),
    (FIXTURES / "template-2021-blank.docx", 6),
    (FIXTURES / "formats" / "seed-003.html", 30),
    (FIXTURES / "formats" / "seed-003.mht", 16),
    (FIXTURES / "formats" / "seed-003-docx.pdf", 8),
    (FIXTURES / "samples" / "hongze-district-2024.pdf", 3),
    (FIXTURES / "formats" / "seed-003.doc", 2),
]


def main() -> int:
    rng = random.Random(RNG_SEED)
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    total = 0
    for seed, count in PLAN:
        data = seed.read_bytes()
        made = 0
        while made < count:
            how, mutant = mutate(data, seed.suffix, rng)
            if seed.suffix != ".pdf" and len(mutant) > MAX_BYTES:
                continue
            made += 1
            name = f"{seed.stem[:12]}-{made:02d}-{how}{seed.suffix}"
            (OUT / name).write_bytes(mutant)
            total += len(mutant)
    print(f"{sum(n for _, n in PLAN)} files, {total / 1024 / 1024:.1f} MB in {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
