// sohoa: page zoom, OCR word overlay, field outlines, and the review screen's keyboard.
// Plain JavaScript, no build step.
"use strict";

function showFieldBox(row) {
  const box = (row.dataset.box || "").split(" ").filter(Boolean);
  const figure = document.getElementById("page-" + row.dataset.page);
  document.querySelectorAll("tr.field.current").forEach((r) => r.classList.remove("current"));
  row.classList.add("current");
  if (!figure) return;
  const outline = figure.querySelector(".field-box");
  if (box.length !== 4) { outline.style.display = "none"; return; }
  const [left, top, width, height] = box;
  Object.assign(outline.style, { display: "block", left: left + "%", top: top + "%",
                                 width: width + "%", height: height + "%" });
  const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  outline.scrollIntoView({ block: "center", inline: "nearest", behavior: still ? "auto" : "smooth" });
}

function setupPages() {
  document.querySelectorAll("figure.page").forEach((figure) => {
    const sheet = figure.querySelector(".sheet");
    let scale = 1;
    figure.querySelectorAll("button[data-zoom]").forEach((button) => {
      button.addEventListener("click", () => {
        const step = Number(button.dataset.zoom);
        scale = step === 0 ? 1 : Math.min(4, Math.max(0.5, scale * (step > 0 ? 1.25 : 0.8)));
        sheet.style.width = (scale * 100) + "%";
      });
    });
    const toggle = figure.querySelector("input[data-words]");
    if (toggle) toggle.addEventListener("change", () => figure.classList.toggle("hide-words", !toggle.checked));
  });
  document.querySelectorAll("tr.field[data-box]").forEach((row) => {
    row.addEventListener("click", () => showFieldBox(row));
    row.addEventListener("focusin", () => showFieldBox(row));
  });
}

function setupReview() {
  const form = document.getElementById("review-form");
  if (!form) return;
  const inputs = Array.from(form.querySelectorAll("tr.field input, tr.field textarea"));
  let current = 0;
  const focus = (i) => {
    if (!inputs.length) return;
    current = (i + inputs.length) % inputs.length;
    inputs[current].focus();
  };
  const editing = (el) => el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA") && !el.readOnly;
  inputs.forEach((input, i) => input.addEventListener("focus", () => { current = i; }));
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = document.activeElement;
    if (editing(target)) {
      if (event.key === "Escape") {
        target.value = target.dataset.original;
        target.readOnly = true;
        target.closest("tr").classList.remove("editing");
        event.preventDefault();
      } else if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        form.requestSubmit(); // the edit is saved and the record accepted
      }
      return;
    }
    const actions = {
      "Enter": () => form.requestSubmit(), "a": () => form.requestSubmit(),
      "j": () => focus(current + 1), "k": () => focus(current - 1),
      "Tab": () => focus(current + (event.shiftKey ? -1 : 1)),
      "n": () => { window.location.href = form.dataset.skip; },
      "e": () => {
        const input = inputs[current];
        if (!input) return;
        input.readOnly = false;
        input.closest("tr").classList.add("editing");
        input.focus();
        input.select();
      },
    };
    const action = actions[event.key];
    if (action) { event.preventDefault(); action(); }
  });
  // start where the doubt is: the first field read below the review threshold
  const firstLow = inputs.findIndex((input) => input.closest("tr").classList.contains("low"));
  focus(Math.max(firstLow, 0));
}

document.addEventListener("DOMContentLoaded", () => {
  setupPages();
  setupReview();
  const hash = decodeURIComponent(window.location.hash.slice(1));
  const target = hash && document.getElementById(hash);
  if (target) { target.classList.add("target"); target.scrollIntoView({ block: "start" }); }
});
