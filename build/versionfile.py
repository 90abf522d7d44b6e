"""Windows version resources (the 属性 → 详细信息 tab) generated from ``app.__version__``.

Used by the spec at build time, so the version shown in Explorer, in 程序和功能 and in
``govaudit --version`` all come from one place.
"""
from __future__ import annotations

import re
from pathlib import Path

PUBLISHER = "年报审核助手开发组"
PRODUCT = "年报审核助手"


def numeric_version(version: str) -> str:
    """``0.1.0`` -> ``0.1.0.0``; ``1.2rc1`` -> ``1.2.0.0``: Windows wants four numbers."""
    m = re.match(r"\d+(?:\.\d+)*", version)
    if not m:
        raise ValueError(f"version {version!r} does not start with a number")
    parts = m.group(0).split(".")[:4]
    return ".".join(parts + ["0"] * (4 - len(parts)))


def write_version_file(out: Path, version: str, exe_name: str, description: str) -> Path:
    """Write one pyinstaller-versionfile resource file for ``exe_name`` and return its path."""
    import pyinstaller_versionfile

    out.parent.mkdir(parents=True, exist_ok=True)
    pyinstaller_versionfile.create_versionfile(
        output_file=str(out),
        version=numeric_version(version),
        company_name=PUBLISHER,
        file_description=description,
        internal_name=Path(exe_name).stem,
        legal_copyright=f"© {PUBLISHER}",
        original_filename=exe_name,
        product_name=PRODUCT,
    )
    return out


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from app import __version__

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("version_info.txt")
    print(write_version_file(target, __version__, f"{PRODUCT}.exe", PRODUCT))
