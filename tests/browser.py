"""Shared set-up for the real-browser tests: Debian's chromium driven by Playwright (never downloaded)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]

needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="没有安装 chromium（.ci/run 用 apt-get install chromium 安装）")


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_directory(directory: Path) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)


# What a reader at this width would see as broken. Text boxes come from the text nodes themselves (a Range's
# client rectangles), clipped to the scroll region they sit in, so text a region hides is not counted.
LAYOUT_PROBLEMS = r"""() => {
    const width = document.documentElement.clientWidth;
    const shown = el => {
        for (let e = el; e; e = e.parentElement) {
            const style = getComputedStyle(e);
            if (style.display === 'none' || style.visibility === 'hidden') return false;
            if (e.classList.contains('visually-hidden') || e.classList.contains('skip-link')) return false;
            if (style.position === 'absolute' && style.clip !== 'auto') return false;  // hidden the visually-hidden way
            if (e.tagName === 'DETAILS' && !e.open && e !== el && !e.querySelector(':scope > summary').contains(el)) return false;
        }
        return true;
    };
    const scroller = el => el.closest('.table-scroll');
    const problems = [];
    for (const el of document.body.querySelectorAll('*')) {
        if (scroller(el) && scroller(el) !== el) continue;
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0 || !shown(el)) continue;
        if (box.right > width + 0.5 || box.left < -0.5)
            problems.push(`wider than the screen: <${el.tagName.toLowerCase()} class="${el.className.baseVal ?? el.className}"> ${Math.round(box.left)}..${Math.round(box.right)}`);
    }
    // table cells squeezed to a character or two a line
    for (const cell of document.querySelectorAll('main td, main th')) {
        const text = cell.textContent.trim();
        if (text.length < 3 || !shown(cell)) continue;
        const size = parseFloat(getComputedStyle(cell).fontSize);
        const inner = cell.clientWidth - parseFloat(getComputedStyle(cell).paddingLeft) - parseFloat(getComputedStyle(cell).paddingRight);
        if (inner < 2.5 * size) problems.push(`a cell ${Math.round(inner)}px wide: ${text.slice(0, 20)}`);
    }
    const boxes = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let index = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.data.trim() || !shown(node.parentElement) || node.parentElement.closest('script, style, title, desc')) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const region = scroller(node.parentElement);
        const clip = region ? region.getBoundingClientRect() : null;
        index += 1;
        for (const r of range.getClientRects()) {
            let [left, right, top, bottom] = [r.left, r.right, r.top, r.bottom];
            if (clip) { left = Math.max(left, clip.left); right = Math.min(right, clip.right); top = Math.max(top, clip.top); bottom = Math.min(bottom, clip.bottom); }
            if (right - left > 1 && bottom - top > 1) boxes.push({left, right, top, bottom, index, text: node.data.trim().slice(0, 16)});
        }
    }
    boxes.sort((a, b) => a.top - b.top);
    for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length && boxes[j].top < boxes[i].bottom - 2; j++) {
            const [a, b] = [boxes[i], boxes[j]];
            if (a.index !== b.index && Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2)
                problems.push(`text over text: 「${a.text}」 and 「${b.text}」`);
        }
    }
    return problems;
}"""
