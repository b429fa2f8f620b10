/* Knotty chat behaviour on top of htmx: the visitor's line shows at once, the newest message stays
   in view, focus stays in the message box, a failed or lost answer is said plainly and the message
   comes back to send again, and inside the widget's iframe the close button and Escape ask the host
   page to close the panel. Everything here is an enhancement: without it the form still posts and
   the server answers with the whole page. */
(function () {
  "use strict";
  var framed = window.parent !== window;
  document.documentElement.classList.add("js");
  var refocus = false;
  var sending = "";  // the message on its way, "" when none
  var sendingTurn = "";  // the turn token it was sent with
  var typed = false;  // the message on its way was typed (not a quick reply): a failure puts it back
  var draft = null;  // what was in the box when a quick reply was sent in its place: it stays there
  var UNREACHABLE = "I couldn't reach the server. Please check your connection and send it again.";
  var BROKEN = "Something went wrong on our side. Please send your message again.";
  // "Start over" sends no message: its failures ask for another press instead.
  var UNREACHABLE_RESTART = "I couldn't reach the server. Please check your connection and press Start over again.";
  var BROKEN_RESTART = "Something went wrong on our side. Please press Start over again.";

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

  function isChatRequest(detail) {
    var path = detail.pathInfo && detail.pathInfo.requestPath;
    return isChatPost(detail) || path === "/chat/restart";
  }

  // Knotty's refusals (too long, too fast, expired, database down) are chat notices; any other error
  // answer is a proxy's or a crashed server's page, never to be shown as a message.
  function isKnottyAnswer(xhr) {
    return xhr.status < 400 || /^\s*<div class="msg msg-notice"/.test(xhr.responseText || "");
  }

  // A notice said again (the same failure on every try) replaces the earlier one, so tries don't pile
  // up the same line on screen; being new, it is still announced.
  function addNotice(text) {
    var log = byId("messages");
    if (!log) { return; }
    var notices = log.querySelectorAll(".msg-notice");
    for (var i = 0; i < notices.length; i++) {
      if (notices[i].textContent === text) { notices[i].remove(); }
    }
    var notice = document.createElement("div");
    notice.className = "msg msg-notice";
    notice.setAttribute("role", "status");
    notice.textContent = text;
    log.appendChild(notice);
  }

  // A message whose answer never came may still have reached Knotty. Sent again unchanged, it keeps its
  // turn token, so the server answers it once; changed (a typo fixed), it is a new message and gets a
  // token of its own, or the server would take it for the first and show the first one's answer to it.
  var lost = null;  // {turn, text} of that message, null when none

  function freshTurnToken(old) {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    var token = btoa(String.fromCharCode.apply(null, bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    return (old.indexOf("open-") === 0 ? "open-" : "") + token;  // a first message still opens the chat
  }

  document.addEventListener("htmx:configRequest", function (event) {
    if (!lost || !isChatPost(event.detail)) { return; }
    var params = event.detail.parameters;
    if (params.turn === lost.turn && String(params.text || "").trim() !== lost.text) {
      params.turn = freshTurnToken(lost.turn);
      var token = byId("turn-token");
      if (token) { token.value = params.turn; }  // and it is this message's token from now on
    }
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (!isChatPost(event.detail)) { return; }
    var input = byId("knotty-input");
    var log = byId("messages");
    var text = input ? input.value.trim() : "";
    if (!text) { event.preventDefault(); return; }
    // htmx has already read the form: empty the box now (the line shows in the log). It stays
    // writable, so the visitor can type their next answer while Knotty answers; an Enter meanwhile is
    // dropped (hx-sync), leaving that text in the box to send once the answer is in.
    sending = text;
    var token = byId("turn-token");
    sendingTurn = token ? token.value : "";
    typed = draft === null;
    input.value = typed ? "" : draft;
    draft = null;
    if (log) {
      var bubble = document.createElement("div");
      bubble.className = "msg msg-user msg-pending";
      bubble.dir = "auto";  // Arabic or Hebrew reads right to left, as it does in the box
      bubble.setAttribute("aria-hidden", "true");
      bubble.textContent = text;
      log.appendChild(bubble);
      scrollToNewest();
    }
  });

  // An answer came: the notices about earlier failed tries ("couldn't reach the server") are out of date.
  function removeNotices() {
    var notices = document.querySelectorAll("#messages .msg-notice");
    for (var i = 0; i < notices.length; i++) { notices[i].remove(); }
  }

  // A tab shown again catches up with what another tab of the same chat said meanwhile (a quiet
  // background post: an error or an empty answer changes nothing on screen).
  function catchUp() {
    var trigger = byId("knotty-catch-up");
    if (trigger && byId("seen-token") && !sending && document.visibilityState !== "hidden") {
      htmx.trigger(trigger, "knotty:catch-up");
    }
  }
  document.addEventListener("visibilitychange", catchUp);
  window.addEventListener("focus", catchUp);

  function composerHasFocus() {
    var composer = byId("composer");
    return !!composer && composer.contains(document.activeElement);
  }

  // A catch-up that ends the chat swaps the message box for the ended footer: focus that was in the
  // box would fall to the page body, losing a keyboard or screen-reader user, so it goes to "Start
  // over" (the new lines are heard once, from the log; nothing else moves focus or repeats them).
  var focusBeforeCatchUp = false;

  document.addEventListener("htmx:beforeSwap", function (event) {
    var path = event.detail.pathInfo && event.detail.pathInfo.requestPath;
    if (path === "/chat/lines") {
      event.detail.shouldSwap = event.detail.xhr.status === 200;
      focusBeforeCatchUp = event.detail.shouldSwap && composerHasFocus();
      return;
    }
    if (!isChatRequest(event.detail)) { return; }
    if (isChatPost(event.detail)) { removePending(); }
    var status = event.detail.xhr.status;
    // 409: the message was not answered but the chat it missed was sent (another tab spoke, or the
    // last answer was lost): the server answered, so notices of earlier failed tries are out of date too.
    if ((status >= 200 && status < 300 && status !== 204) || status === 409) { removeNotices(); }
    if (!isKnottyAnswer(event.detail.xhr)) { event.detail.shouldSwap = false; }
  });

  // A message that was not answered comes back to the box, before anything typed since.
  function putBack(input, text) {
    if (!text) { return; }
    input.value = input.value ? text + " " + input.value : text;
  }

  document.addEventListener("htmx:afterRequest", function (event) {
    if (!isChatRequest(event.detail)) { return; }
    var xhr = event.detail.xhr;
    var status = xhr ? xhr.status : 0;
    var swapped = status !== 0 && status !== 204 && isKnottyAnswer(xhr);
    if (isChatPost(event.detail)) {
      removePending();
      var input = byId("knotty-input");
      // A typed message comes back to fix or send again; a quick reply's button is still there.
      if (input && typed && (status < 200 || status >= 300)) { putBack(input, sending); }
      lost = status >= 200 && status < 300 ? null : { turn: sendingTurn, text: sending };
      sending = "";
    }
    var post = isChatPost(event.detail);
    if (status === 0) {
      addNotice(post ? UNREACHABLE : UNREACHABLE_RESTART);
    } else if (!swapped && status !== 204) {
      addNotice(post ? BROKEN : BROKEN_RESTART);
    }
    scrollToNewest();
    // Swapped answers move focus once they settle; when nothing is swapped, do it now.
    if (swapped) { refocus = true; } else { focusComposer(); }
  });

  document.addEventListener("htmx:afterSettle", function () {
    scrollToNewest();
    if (focusBeforeCatchUp) {
      focusBeforeCatchUp = false;
      if (!composerHasFocus()) { focusComposer(); }
    }
    if (refocus) { refocus = false; focusComposer(); }
  });

  function askToClose() {
    if (framed) { window.parent.postMessage({ type: "knotty:close" }, "*"); }
  }

  // A quick reply sends its text as if typed (the buttons show only with JavaScript: see chat.css),
  // and what the visitor had typed in the box stays there (htmx:beforeRequest puts it back).
  function sendQuickReply(button) {
    var input = byId("knotty-input");
    var form = byId("composer");
    if (!input || !form || sending || !form.requestSubmit) { return; }
    draft = input.value;
    input.value = button.getAttribute("data-knotty-reply") || "";
    form.requestSubmit();
    if (draft !== null) { input.value = draft; draft = null; }  // not sent after all (hx-sync dropped it)
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
