"""Put the OCR model files into app/ingest/ocr_models/ (run once per checkout, and before a build).

    python scripts/ocr_models.py            # fetch when missing, then check
    python scripts/ocr_models.py --check    # only check (exit 1 when missing or altered)
    python scripts/ocr_models.py --wheel W  # take them from a wheel file already at hand

The two PP-OCRv4 ONNX models (PaddleOCR, Apache-2.0) are published inside the
``rapidocr-onnxruntime==1.4.4`` wheel on PyPI. That package's own code is not used (it
needs OpenCV, 126 MB on Windows): this script asks pip for the wheel alone
(``pip download --no-deps``), checks the wheel's SHA-256, copies the two model files
out of it and checks theirs. The program then carries them as its own data files, and
the bundle build picks them up with the rest of ``app/``. Nothing is ever downloaded
by the program itself.
"""
from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "app" / "ingest" / "ocr_models"
WHEEL = "rapidocr_onnxruntime-1.4.4-py3-none-any.whl"
WHEEL_SHA256 = "971d7d5f223a7a808662229df1ef69893809d8457d834e6373d3854bc1782cbf"
MODELS = {  # file name in the wheel's rapidocr_onnxruntime/models/ -> SHA-256
    "ch_PP-OCRv4_det_infer.onnx": "d2a7720d45a54257208b1e13e36a8479894cb74155a5efe29462512d42f49da9",
    "ch_PP-OCRv4_rec_infer.onnx": "48fc40f24f6d2a207a2b1091d3437eb3cc3eb6b676dc3ef9c37384005483683b",
}


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def missing(target: Path = TARGET) -> list[str]:
    """Model files absent or not the pinned ones."""
    return [name for name, digest in MODELS.items()
            if not (target / name).is_file() or sha256(target / name) != digest]


def download_wheel(into: Path) -> Path:
    """The pinned wheel, fetched by pip (PyPI, or the index pip is configured for)."""
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                    "--python-version", "3.11", "--dest", str(into), "rapidocr-onnxruntime==1.4.4"], check=True)
    return into / WHEEL


def extract(wheel: Path, target: Path = TARGET) -> None:
    if sha256(wheel) != WHEEL_SHA256:
        raise SystemExit(f"{wheel.name}: SHA-256 differs from the pinned wheel; not using it")
    target.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel) as z:
        for name in MODELS:
            with z.open(f"rapidocr_onnxruntime/models/{name}") as src, (target / name).open("wb") as dst:
                shutil.copyfileobj(src, dst)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only check the model files")
    ap.add_argument("--wheel", type=Path, help="the rapidocr-onnxruntime 1.4.4 wheel, already downloaded")
    args = ap.parse_args(argv)
    todo = missing()
    if todo and not args.check:
        if args.wheel:
            extract(args.wheel)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                extract(download_wheel(Path(tmp)))
        todo = missing()
    if todo:
        print(f"OCR models missing or altered in {TARGET}: {', '.join(todo)}", file=sys.stderr)
        return 1
    print(f"OCR models present and verified in {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
