// onrecord pages: the speaker timeline. Every string from the record is set with
// textContent (never innerHTML), so article words can never become markup.
"use strict";

(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const COLOURS = 10;
  const MAX_LANES = 8;

  function el(name, attrs, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (parent) parent.appendChild(node);
    return node;
  }

  function dayOf(text) {
    // "2025", "2025-03" and "2025-03-14" all become a time; partial dates sit at the start.
    const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(text || "");
    if (!m) return null;
    return Date.UTC(+m[1], m[2] ? +m[2] - 1 : 0, m[3] ? +m[3] : 1);
  }

  function lanesOf(points) {
    // One lane per story, the busiest first; the rest share a last lane.
    const counts = new Map();
    for (const p of points) {
      const key = p.story_id || "";
      const c = counts.get(key) || { key, title: p.story_title || (p.story_id ? p.story_id : "no story"), n: 0 };
      c.n += 1;
      counts.set(key, c);
    }
    const sorted = [...counts.values()].sort((a, b) => b.n - a.n || a.title.localeCompare(b.title));
    const lanes = sorted.slice(0, MAX_LANES);
    const rest = sorted.slice(MAX_LANES);
    const index = new Map(lanes.map((l, i) => [l.key, i]));
    if (rest.length) {
      const other = { key: "\u0000other", title: rest.length + " other stories", n: 0 };
      for (const r of rest) { other.n += r.n; index.set(r.key, lanes.length); }
      lanes.push(other);
    }
    return { lanes, index };
  }

  function yearTicks(t0, t1) {
    const first = new Date(t0).getUTCFullYear();
    const last = new Date(t1).getUTCFullYear();
    const step = Math.max(1, Math.ceil((last - first + 1) / 10));
    const ticks = [];
    for (let y = first; y <= last + 1; y += step) ticks.push({ t: Date.UTC(y, 0, 1), label: String(y) });
    return ticks;
  }

  function draw(box, points) {
    const tip = document.getElementById("timeline-tip");
    const legend = document.getElementById("timeline-legend");
    const dated = points.map((p) => ({ ...p, t: dayOf(p.said_on) })).filter((p) => p.t !== null);
    box.textContent = "";
    if (!dated.length) {
      const p = document.createElement("p");
      p.className = "empty";
      p.textContent = "No dated statements yet.";
      box.appendChild(p);
      return;
    }
    const { lanes, index } = lanesOf(dated);
    const width = Math.max(320, box.clientWidth || 800);
    const left = 12, right = 12, top = 4, laneH = 34, axisH = 24;
    const height = top + lanes.length * laneH + axisH;
    let t0 = Math.min(...dated.map((p) => p.t));
    let t1 = Math.max(...dated.map((p) => p.t));
    const pad = Math.max(86400000 * 3, (t1 - t0) * 0.03);
    t0 -= pad; t1 += pad;
    const x = (t) => left + ((t - t0) / (t1 - t0)) * (width - left - right);
    const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img" }, box);
    el("title", {}, svg).textContent = dated.length + " statements over time";

    const axis = el("g", { class: "axis" }, svg);
    const yAxis = top + lanes.length * laneH;
    el("line", { x1: left, x2: width - right, y1: yAxis, y2: yAxis }, axis);
    const ticks = yearTicks(t0, t1).filter((k) => k.t >= t0 && k.t <= t1);
    const monthly = ticks.length < 2;
    const marks = monthly ? [] : ticks;
    if (monthly) {
      const d = new Date(t0);
      for (let m = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1); m <= t1; ) {
        const md = new Date(m);
        marks.push({ t: m, label: md.toISOString().slice(0, 7) });
        m = Date.UTC(md.getUTCFullYear(), md.getUTCMonth() + 1, 1);
      }
    }
    for (const k of marks) {
      el("line", { x1: x(k.t), x2: x(k.t), y1: top, y2: yAxis + 4 }, axis);
      const nearEnd = x(k.t) > width - right - 40;
      const label = el("text", { x: nearEnd ? x(k.t) - 3 : x(k.t) + 3, y: yAxis + 16 }, axis);
      if (nearEnd) label.setAttribute("text-anchor", "end");
      label.textContent = k.label;
    }
    lanes.forEach((lane, i) => {
      el("text", { class: "lane-label", x: left, y: top + i * laneH + 11 }, svg).textContent = lane.title;
    });

    for (const p of dated) {
      const lane = index.get(p.story_id || "") ?? 0;
      const href = p.statement_id ? "/statements/" + encodeURIComponent(p.statement_id)
        : "/articles/" + encodeURIComponent(String(p.quote_id).split(":")[0]);
      const a = el("a", { href, class: "point" }, svg);
      const r = Math.min(9, 4 + Math.log2(1 + (p.n_reports || 1)));
      const dot = el("circle", {
        class: "mark s" + (lane % COLOURS),
        cx: x(p.t).toFixed(1), cy: top + lane * laneH + 24, r: r.toFixed(1),
        tabindex: 0, "data-said-on": p.said_on,
      }, a);
      el("title", {}, dot).textContent = p.said_on + " — " + p.text;
      const show = () => {
        tip.textContent = "";
        const d = document.createElement("span");
        d.className = "tip-date";
        d.textContent = p.said_on + (p.story_title ? " · " + p.story_title : "");
        const w = document.createElement("span");
        w.className = "tip-words";
        w.textContent = p.text.length > 280 ? p.text.slice(0, 280) + "…" : p.text;
        tip.append(d, w);
        tip.hidden = false;
        const boxRect = box.getBoundingClientRect();
        const parentRect = box.parentElement.getBoundingClientRect();
        const cx = x(p.t) * (boxRect.width / width);
        const maxLeft = Math.max(0, boxRect.width - 300);
        tip.style.left = Math.min(Math.max(0, cx - 20), maxLeft) + (boxRect.left - parentRect.left) + "px";
        tip.style.top = (boxRect.top - parentRect.top) + (top + lane * laneH + 36) * (boxRect.height / height) + "px";
      };
      const hide = () => { tip.hidden = true; };
      dot.addEventListener("mouseenter", show);
      dot.addEventListener("focus", show);
      dot.addEventListener("mouseleave", hide);
      dot.addEventListener("blur", hide);
    }

    legend.textContent = "";
    lanes.forEach((lane, i) => {
      const li = document.createElement("li");
      const sw = document.createElement("span");
      sw.className = "swatch s" + (i % COLOURS);
      const label = document.createElement("span");
      label.textContent = lane.title + " (" + lane.n + ")";
      li.append(sw, label);
      legend.appendChild(li);
    });
  }

  function start() {
    const box = document.getElementById("timeline");
    if (!box || !box.dataset.src) return;
    fetch(box.dataset.src, { headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error("HTTP " + r.status))))
      .then((data) => {
        draw(box, data.points || []);
        box.dataset.ready = "1";
        let width = box.clientWidth;
        window.addEventListener("resize", () => {
          if (Math.abs(box.clientWidth - width) > 40) { width = box.clientWidth; draw(box, data.points || []); }
        });
      })
      .catch((e) => {
        box.textContent = "The timeline could not be loaded (" + e.message + ").";
        box.dataset.ready = "error";
      });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
