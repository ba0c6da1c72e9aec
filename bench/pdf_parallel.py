"""render_parallel against one process: 40 simple bilingual pages (e.g. a badge run or an agenda).

Prints the figures and writes bench/results/pdf_parallel.json. Run: .venv/bin/python bench/pdf_parallel.py
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from eventsys.pdf import render_html_to_pdf, render_parallel

PAGES = 40
REPEATS = 3
HEAD = '<!doctype html><html lang="th"><head><link rel="stylesheet" href="/static/css/pdf.css"></head><body>'


def page(n: int) -> str:
    return (
        f"<h1>การประชุมเครือข่ายเมืองอัจฉริยะอาเซียน {n}</h1><p>ASEAN Smart Cities Network: "
        "เมืองอัจฉริยะหรือ Smart City คือ การนำเทคโนโลยีและนวัตกรรมมาพัฒนาเมืองอย่างรอบด้าน "
        "ทั้งเศรษฐกิจ สังคม และสิ่งแวดล้อม น้ำ ปั้น ประจำ</p>"
    )


def best_of(run) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    one_document = (
        HEAD
        + "".join(f'<section style="break-after: page">{page(n)}</section>' for n in range(PAGES))
        + "</body></html>"
    )
    chunks = [HEAD + page(n) + "</body></html>" for n in range(PAGES)]
    halves = [
        HEAD + "".join(f'<section style="break-after: page">{page(n)}</section>' for n in part) + "</body></html>"
        for part in (range(PAGES // 2), range(PAGES // 2, PAGES))
    ]
    render_html_to_pdf(chunks[0])  # warm up fonts and imports
    figures = {
        "cpus": os.cpu_count(),
        "pages": PAGES,
        "repeats_best_of": REPEATS,
        "one_document_one_process_s": best_of(lambda: render_html_to_pdf(one_document)),
        "40_chunks_workers_1_s": best_of(lambda: render_parallel(chunks, workers=1)),
        "40_chunks_workers_2_s": best_of(lambda: render_parallel(chunks, workers=2)),
        "2_chunks_of_20_workers_2_s": best_of(lambda: render_parallel(halves, workers=2)),
    }
    for key, value in figures.items():
        print(f"{key:32} {value:.3f}" if isinstance(value, float) else f"{key:32} {value}")
    out = Path(__file__).resolve().parent / "results" / "pdf_parallel.json"
    out.write_text(
        json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in figures.items()}, indent=2) + "\n"
    )


if __name__ == "__main__":
    main()
