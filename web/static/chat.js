/* Knotty chat behaviour on top of htmx: the visitor's line shows at once, the newest message stays
   in view, focus stays in the message box, and inside the widget's iframe the close button and
   Escape ask the host page to close the panel. Everything here is an enhancement: without it the
   form still posts and the server answers with the whole page. */
(function () {
  "use strict";
  var framed = window.parent !== window;
  document.documentElement.classList.add("js");
  var refocus = false;
  var sending = "";

  function byId(id) { return document.getElementById(id); }

  function scrollToNewest() {
    var scroller = byId("knotty-scroll");
    if (scroller) { scroller.scrollTop = scroller.scrollHeight; }
  }

  function focusComposer() {
    var target = byId("knotty-input") || byId("knotty-restart");
    if (target && !target.disabled) { target.focus({ preventScroll: true }); }
  }

  function removePending() {
    var pending = document.querySelectorAll(".msg-pending");
    for (var i = 0; i < pending.length; i++) { pending[i].remove(); }
  }

  // A finished conversation swaps the form out, and htmx then reports on an ancestor: check the path too.
  function isChatPost(detail) {
    var path = detail.pathInfo && detail.pathInfo.requestPath;
    return (detail.elt && detail.elt.id === "composer") || path === "/chat/message";
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (!isChatPost(event.detail)) { return; }
    var input = byId("knotty-input");
    var log = byId("messages");
    var text = input ? input.value.trim() : "";
    if (!text) { event.preventDefault(); return; }
    // htmx has already read the form: empty the box now (the line shows in the log), and make it
    // read-only rather than disabled, so focus stays in it while Knotty answers.
    sending = text;
    input.value = "";
    input.readOnly = true;
    if (log) {
      var bubble = document.createElement("div");
      bubble.className = "msg msg-user msg-pending";
      bubble.setAttribute("aria-hidden", "true");
      bubble.textContent = text;
      log.appendChild(bubble);
      scrollToNewest();
    }
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (isChatPost(event.detail)) { removePending(); }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    if (!isChatPost(event.detail)) { return; }
    removePending();
    var xhr = event.detail.xhr;
    var input = byId("knotty-input");
    if (input) {
      input.readOnly = false;
      var refused = !xhr || xhr.status < 200 || xhr.status >= 300;
      if (refused && !input.value) { input.value = sending; }  // let them fix it and send again
    }
    sending = "";
    if (!xhr || xhr.status === 0) {
      var log = byId("messages");
      if (log) {
        var notice = document.createElement("div");
        notice.className = "msg msg-notice";
        notice.setAttribute("role", "status");
        notice.textContent = "I couldn't reach the server. Please check your connection and send it again.";
        log.appendChild(notice);
      }
    }
    scrollToNewest();
    // Swapped answers move focus once they settle; when nothing is swapped, do it now.
    if (!xhr || xhr.status === 0 || xhr.status === 204) { focusComposer(); } else { refocus = true; }
  });

  document.addEventListener("htmx:afterSettle", function () {
    scrollToNewest();
    if (refocus) { refocus = false; focusComposer(); }
  });

  function askToClose() {
    if (framed) { window.parent.postMessage({ type: "knotty:close" }, "*"); }
  }

  // A quick reply sends its text as if typed (the buttons show only with JavaScript: see chat.css).
  function sendQuickReply(button) {
    var input = byId("knotty-input");
    var form = byId("composer");
    if (!input || !form || input.readOnly || !form.requestSubmit) { return; }
    input.value = button.getAttribute("data-knotty-reply") || "";
    form.requestSubmit();
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target && target.closest && target.closest("[data-knotty-close]")) { askToClose(); }
    var reply = target && target.closest && target.closest("[data-knotty-reply]");
    if (reply) { sendQuickReply(reply); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { askToClose(); }
  });

  window.addEventListener("message", function (event) {
    if (event.source === window.parent && event.data && event.data.type === "knotty:focus") { focusComposer(); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (framed) {
      var close = document.querySelector("[data-knotty-close]");
      if (close) { close.hidden = false; }
    }
    scrollToNewest();
  });
})();
