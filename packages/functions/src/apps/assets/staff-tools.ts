/**
 * The staff pages' one script (`/assets/staff-tools.js`): «Копировать ссылку», «Поделиться» (Web
 * Share) and «Выбрать все». Pages work without it: its buttons are `hidden` in the HTML and shown
 * here only where they can work, so a page without JavaScript shows no dead controls. Plain
 * ES2017, no build step, no inline handlers (the CSP allows scripts from 'self' only).
 */
export const STAFF_TOOLS_JS = `"use strict";
(function () {
  function statusOf(button) {
    var id = button.getAttribute("data-status");
    return id ? document.getElementById(id) : null;
  }
  function say(button, text) {
    var out = statusOf(button);
    if (out) out.textContent = text;
  }
  function fieldOf(button) {
    return document.getElementById(button.getAttribute("data-copy") || button.getAttribute("data-share") || "");
  }
  // The old way, for pages opened over plain http on a LAN address (no Clipboard API there).
  function copyBySelection(field) {
    field.focus();
    field.select();
    try {
      return document.execCommand("copy");
    } catch (e) {
      return false;
    }
  }
  function copy(button) {
    var field = fieldOf(button);
    if (!field) return;
    var done = function () { say(button, "Ссылка скопирована"); };
    var failed = function () {
      if (copyBySelection(field)) return done();
      field.focus();
      field.select();
      say(button, "Не удалось скопировать: ссылка выделена, скопируйте её вручную");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, failed);
    } else {
      failed();
    }
  }
  function share(button) {
    var field = fieldOf(button);
    if (!field) return;
    navigator
      .share({ title: button.getAttribute("data-title") || document.title, text: button.getAttribute("data-text") || "", url: field.value })
      .then(
        function () { say(button, ""); },
        function (e) {
          // The person closed the share sheet: nothing to say.
          if (e && e.name === "AbortError") return;
          say(button, "Не удалось поделиться: скопируйте ссылку");
        },
      );
  }
  function selectAll(box) {
    var form = box.form;
    if (!form) return;
    var name = box.getAttribute("data-select-all");
    var items = Array.prototype.filter.call(form.elements, function (el) {
      return el.type === "checkbox" && el.name === name;
    });
    var sync = function () {
      var ticked = items.filter(function (el) { return el.checked; }).length;
      box.checked = ticked === items.length && ticked > 0;
      box.indeterminate = ticked > 0 && ticked < items.length;
    };
    box.addEventListener("change", function () {
      items.forEach(function (el) { el.checked = box.checked; });
      sync();
    });
    items.forEach(function (el) { el.addEventListener("change", sync); });
    sync();
  }
  function reveal(el) {
    var wrap = el.closest("[data-reveal]") || el;
    wrap.hidden = false;
  }
  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), function (b) {
    reveal(b);
    b.addEventListener("click", function () { copy(b); });
  });
  if (typeof navigator.share === "function") {
    Array.prototype.forEach.call(document.querySelectorAll("button[data-share]"), function (b) {
      reveal(b);
      b.addEventListener("click", function () { share(b); });
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("input[data-select-all]"), function (box) {
    reveal(box);
    selectAll(box);
  });
  // A click in a link field selects all of it, ready for a manual copy.
  Array.prototype.forEach.call(document.querySelectorAll("input.link[readonly]"), function (f) {
    f.addEventListener("focus", function () { f.select(); });
  });
})();
`;
