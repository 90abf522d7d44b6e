"""The OCR models: PP-OCRv4 text detection and recognition, run offline by onnxruntime.

The two model files (PaddleOCR's PP-OCRv4 Chinese detector and recogniser in ONNX form,
Apache-2.0) ship in ``app/ingest/ocr_models/`` inside the program; nothing is downloaded
at run time. They are put there by ``scripts/ocr_models.py``, which takes them from the
pinned ``rapidocr-onnxruntime`` wheel and checks their SHA-256 (see that folder's
README). The pre- and post-processing around the two networks is small and is done here
with numpy, the way PaddleOCR feeds the models:

- detection (DB): the image scaled to multiples of 32, normalised; the probability map
  thresholded and grown by 2×2; each blob whose mean probability is high enough becomes
  a box, pushed outwards by area × 1.6 / perimeter (the shrink the network was trained
  to undo);
- recognition (CRNN + CTC): each crop scaled to 48 px high, batched by width, the
  per-column best characters with repeats and blanks removed; the reading's confidence
  is the mean probability of the characters kept.

How the two cores are used (measured, benchmarks/bench_ocr.py): each network run is
single-threaded and the page's runs go to ``threads`` worker threads (onnxruntime
releases the GIL while it runs). onnxruntime's own intra-op threads split every
operator of a run between the cores and spin while they wait; on a recogniser batch
of narrow crops that cost twice the CPU time for no gain in wall time, and on a
machine busy with anything else it was slower than one thread. Batches are small (a
few crops of similar width): the recogniser's cost per pixel column grows with the
batch (its activations stop fitting the cache), and a small batch pads less.

One engine is built per reading and dropped with it: no global state.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.ingest.ocr_graph import simplify
from app.ingest.ocr_image import components, dilate, resize_linear
from app.model import ReadError

MODELS = Path(__file__).resolve().parent / "ocr_models"
DET_MODEL = "ch_PP-OCRv4_det_infer.onnx"
REC_MODEL = "ch_PP-OCRv4_rec_infer.onnx"
REC_HEIGHT = 48  # the recogniser's input height (PP-OCRv4)
REC_MIN_RATIO = 64 / 48  # narrowest batch width over height (a lone digit is padded to this)
REC_BATCH = 4  # crops per recogniser run at most ...
REC_BATCH_COLUMNS = 1600  # ... and at most this many (batch × width) input columns
DET_THRESH, DET_BOX_THRESH, DET_UNCLIP, DET_MIN_SIDE = 0.3, 0.5, 1.6, 3
DET_MAX_BOXES = 1000
DET_LONG_SIDE = 1280  # the detector sees a band scaled down to this long side at most


@dataclass
class Recognised:
    """What the recogniser read from one crop, with its mean character confidence."""

    text: str
    confidence: float


def _missing(why: str) -> ReadError:
    return ReadError("ocr_unavailable", f"本程序的文字识别组件{why}，无法读取扫描件或图片。"
                     "请重新安装完整版本的年报审核助手。")


class OcrEngine:
    """Text detection (boxes) and recognition (text + confidence) on page images."""

    def __init__(self, threads: int = 2, models: Path = MODELS):
        self.threads = max(1, threads)
        try:
            import onnxruntime as ort
        except ImportError:
            raise _missing("未安装") from None
        det_path, rec_path = models / DET_MODEL, models / REC_MODEL
        if not det_path.is_file() or not rec_path.is_file():
            raise _missing("缺少模型文件")
        opts = ort.SessionOptions()
        opts.log_severity_level = 4
        opts.enable_cpu_mem_arena = False
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.intra_op_num_threads = 1  # the page's runs are spread over threads instead (see above)
        opts.inter_op_num_threads = 1
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        try:  # the graphs with their scalar layers folded: same results, a fifth less time
            self._det = ort.InferenceSession(simplify(det_path.read_bytes()), opts, providers=["CPUExecutionProvider"])
            self._rec = ort.InferenceSession(simplify(rec_path.read_bytes()), opts, providers=["CPUExecutionProvider"])
            chars = self._rec.get_modelmeta().custom_metadata_map["character"].splitlines()
        except Exception as exc:  # a damaged installation: a model unreadable
            raise ReadError("ocr_unavailable", f"文字识别组件无法启动（{type(exc).__name__}），"
                            "请重新安装年报审核助手。") from None
        # CTC classes: 0 is the blank, then the model's characters, then the space
        self._chars = ["", *chars, " "]

    # ------------------------------------------------------------------ detection

    def detect(self, rgb: np.ndarray) -> list[tuple[int, int, int, int]]:
        """Axis-aligned boxes (x0, y0, x1, y1) of the text lines of ``rgb`` (a deskewed page band).

        The detector sees the band at its own size (scaled down only past 2000 px on the
        long side), rounded to multiples of 32 as the network needs.
        """
        h, w = rgb.shape[:2]
        ratio = min(1.0, DET_LONG_SIDE / max(h, w))
        rh, rw = max(32, round(int(h * ratio) / 32) * 32), max(32, round(int(w * ratio) / 32) * 32)
        x = resize_linear(rgb, rw, rh)  # RGB: on stamped pages it scored better than BGR (see recognise)
        x = (x / 255.0 - 0.5) / 0.5
        prob = self._det.run(None, {self._det.get_inputs()[0].name: x.transpose(2, 0, 1)[None].astype(np.float32)})
        return _db_boxes(prob[0][0, 0], w, h)

    # ------------------------------------------------------------------ recognition

    def recognise(self, crops: list[np.ndarray], pool: Executor | None = None) -> list[Recognised]:
        """Read each crop (an RGB image of one text line), on ``pool``'s threads when given."""
        return self.recognise_later(crops, pool)()

    def recognise_later(self, crops: list[np.ndarray], pool: Executor | None = None
                        ) -> Callable[[], list[Recognised]]:
        """Start reading ``crops`` on ``pool``; the returned call waits for the readings.

        Crops are sorted by width and cut into small batches; the widest batches are
        handed out first so that the threads finish together. The batches do not
        depend on the order the threads take them in, so neither do the readings.
        """
        out: list[Recognised] = [Recognised("", 0.0)] * len(crops)
        order = [i for i in sorted(range(len(crops)), key=lambda i: crops[i].shape[1] / max(crops[i].shape[0], 1))
                 if min(crops[i].shape[:2]) > 0]
        batches: list[list[int]] = []
        for i in order:
            width = _rec_width(crops[i])
            if batches and len(batches[-1]) < REC_BATCH and (len(batches[-1]) + 1) * width <= REC_BATCH_COLUMNS:
                batches[-1].append(i)
            else:
                batches.append([i])
        batches.reverse()  # widest first
        jobs: list[tuple[list[int], Future | list]] = []
        for batch in batches:
            job = pool.submit(self._read_batch, crops, batch) if pool is not None else self._read_batch(crops, batch)
            jobs.append((batch, job))

        def collect() -> list[Recognised]:
            for batch, job in jobs:
                for i, rec in zip(batch, job.result() if isinstance(job, Future) else job):
                    out[i] = rec
            return out
        return collect

    def _read_batch(self, crops: list[np.ndarray], batch: list[int]) -> list[Recognised]:
        width = max(_rec_width(crops[i]) for i in batch)
        x = np.zeros((len(batch), 3, REC_HEIGHT, width), np.float32)
        for j, i in enumerate(batch):
            c = crops[i]
            rw = min(width, math.ceil(REC_HEIGHT * c.shape[1] / c.shape[0]))
            # RGB order, as measured: on the stamped 150 dpi fixture the lone "0"s under the
            # lifted seal come back surer than in the BGR order the models were trained on
            img = resize_linear(c, rw, REC_HEIGHT)
            x[j, :, :, :rw] = ((img / 255.0 - 0.5) / 0.5).transpose(2, 0, 1)
        probs = self._rec.run(None, {self._rec.get_inputs()[0].name: x})[0]
        return [self._decode(probs[j]) for j in range(len(batch))]

    def _decode(self, probs: np.ndarray) -> Recognised:
        """CTC greedy decoding: best class per column, repeats merged, blanks dropped."""
        best = probs.argmax(axis=1)
        conf = probs.max(axis=1)
        keep = np.ones(len(best), bool)
        keep[1:] = best[1:] != best[:-1]
        keep &= best != 0
        idx = best[keep]
        text = "".join(self._chars[i] if i < len(self._chars) else "" for i in idx)
        return Recognised(text, float(conf[keep].mean()) if keep.any() else 0.0)


def _rec_width(crop: np.ndarray) -> int:
    """Input columns of a crop at the recogniser's height (a narrow one padded to the minimum)."""
    return int(REC_HEIGHT * max(REC_MIN_RATIO, crop.shape[1] / crop.shape[0]))


def _db_boxes(prob: np.ndarray, width: int, height: int) -> list[tuple[int, int, int, int]]:
    """Boxes of the text blobs of the detector's probability map, in (width, height) pixels."""
    mh, mw = prob.shape
    blobs = components(dilate(prob > DET_THRESH, 2, 2))
    if not len(blobs):
        return []
    # mean probability over each blob's box (PaddleOCR's "fast" score) from an integral image
    integral = np.zeros((mh + 1, mw + 1), np.float64)
    integral[1:, 1:] = prob.cumsum(axis=0).cumsum(axis=1)
    out = []
    for k in range(min(len(blobs), DET_MAX_BOXES)):
        x0, y0 = int(blobs.x0[k]), int(blobs.y0[k])
        x1, y1 = int(blobs.x1[k]) - 1, int(blobs.y1[k]) - 1  # last pixel (contour points are pixel centres)
        if min(x1 - x0, y1 - y0) < DET_MIN_SIDE:
            continue
        s = integral[y1 + 1, x1 + 1] - integral[y0, x1 + 1] - integral[y1 + 1, x0] + integral[y0, x0]
        if s / ((x1 - x0 + 1) * (y1 - y0 + 1)) < DET_BOX_THRESH:
            continue
        bw, bh = x1 - x0, y1 - y0
        d = bw * bh * DET_UNCLIP / (2 * (bw + bh))
        if min(bw, bh) + 2 * d < DET_MIN_SIDE + 2:
            continue
        fx0 = min(max(round((x0 - d) / mw * width), 0), width - 1)
        fx1 = min(max(round((x1 + d) / mw * width), 0), width - 1)
        fy0 = min(max(round((y0 - d) / mh * height), 0), height - 1)
        fy1 = min(max(round((y1 + d) / mh * height), 0), height - 1)
        if fx1 - fx0 <= 3 or fy1 - fy0 <= 3:
            continue
        out.append((fx0, fy0, fx1, fy1))
    return out
