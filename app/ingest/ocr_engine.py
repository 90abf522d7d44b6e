"""The OCR models: PP-OCR text detection and recognition, run offline by onnxruntime.

The models ship inside the ``rapidocr_onnxruntime`` wheel (no download at run time);
its detector and recogniser classes are used as they are, with the session options set
here: a fixed number of threads (the GUI runs one report per worker process) and no
direction classifier (pages are deskewed before recognition, and a table cell is never
upside down). One engine is built per reading and dropped with it: no global state.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.model import ReadError

REC_HEIGHT = 48  # the recogniser's input height (PP-OCRv4)


@dataclass
class Recognised:
    """What the recogniser read from one crop, with its mean character confidence."""

    text: str
    confidence: float


def _missing() -> ReadError:
    return ReadError("ocr_unavailable", "本程序未安装文字识别组件，无法读取扫描件或图片。"
                     "请重新安装完整版本的年报审核助手。")


class OcrEngine:
    """Text detection (boxes) and recognition (text + confidence) on page images."""

    def __init__(self, threads: int = 2):
        try:
            import rapidocr_onnxruntime
            from rapidocr_onnxruntime.ch_ppocr_det import TextDetector
            from rapidocr_onnxruntime.ch_ppocr_rec import TextRecognizer
        except ImportError:
            raise _missing() from None
        models = Path(rapidocr_onnxruntime.__file__).resolve().parent / "models"
        common = {"intra_op_num_threads": threads, "inter_op_num_threads": 1,
                  "use_cuda": False, "use_dml": False}
        det = {**common, "model_path": str(models / "ch_PP-OCRv4_det_infer.onnx"),
               "limit_side_len": 960, "limit_type": "max", "std": [0.5, 0.5, 0.5], "mean": [0.5, 0.5, 0.5],
               "thresh": 0.3, "box_thresh": 0.5, "max_candidates": 1000, "unclip_ratio": 1.6,
               "use_dilation": True, "score_mode": "fast"}
        rec = {**common, "model_path": str(models / "ch_PP-OCRv4_rec_infer.onnx"),
               "rec_img_shape": [3, REC_HEIGHT, 64], "rec_batch_num": 16}
        try:
            self._det = TextDetector(det)
            self._rec = TextRecognizer(rec)
        except Exception as exc:  # a damaged installation: models missing or unreadable
            raise ReadError("ocr_unavailable", f"文字识别组件无法启动（{type(exc).__name__}），"
                            "请重新安装年报审核助手。") from None

    def detect(self, rgb: np.ndarray, limit: int = 960) -> list[tuple[int, int, int, int]]:
        """Axis-aligned boxes (x0, y0, x1, y1) of the text lines of ``rgb``.

        The detector runs on the image scaled so that its longer side is at most
        ``limit`` pixels (text lines stay well above the detector's smallest size at
        that scale); the boxes come back in the coordinates of ``rgb``.
        """
        self._det.limit_side_len = limit
        boxes, _ = self._det(rgb)
        out = []
        for quad in boxes if boxes is not None else []:
            xs, ys = quad[:, 0], quad[:, 1]
            out.append((int(xs.min()), int(ys.min()), int(np.ceil(xs.max())), int(np.ceil(ys.max()))))
        return out

    def recognise(self, crops: list[np.ndarray]) -> list[Recognised]:
        """Read each crop (an RGB image of one text line)."""
        if not crops:
            return []
        results, _ = self._rec(crops)
        return [Recognised(str(t), float(c)) for t, c in results]
